import Foundation
public import GSANModel

/// O Boletim de Medição de Cobrança de um grupo (ou de um contrato) numa referência: o que a
/// companhia paga à contratada, com os descontos e as multas que o contrato prevê (seed 002
/// §1.3.1, §1.4, §2.6.1; GSAN-FACTS §3.2 e §3.3). Regra pura: recebe as OS candidatas já
/// lidas do banco e devolve as linhas do boletim, em centavos inteiros.
///
/// Arredondamentos (todos meio para cima, ao centavo, sobre valores não negativos):
/// - item pago por área (constantes 15, 16, 17): valor do item × m² (centésimos de m²) / 100;
/// - taxa de sucesso: recuperado × % do contrato, por imóvel;
/// - administração local: valor orçado do item × (serviços medidos / valor global do contrato);
/// - multas: % sobre a base, cada multa arredondada uma vez.
public enum BoletimMedicao {
    /// % de serviços penalizados acima do qual se aplica a multa contratual (seed 002 §1.3.1: "superior a 5%").
    public static let limitePenalizadasCentesimos = 500
    /// As duas multas de 2 % da seed 002 §1.3.1.
    public static let multaContratualCentesimos = 200

    /// Um item do contrato: a constante de cálculo diz quais OS ele paga (GSAN-FACTS §3.2, tabela).
    public struct Item: Sendable, Hashable, Codable {
        public var id: Int
        public var constante: Int
        public var valor: Centavos
        public var servicos: Set<Int>
        public var administracaoLocal: Bool
        public var valorOrcado: Centavos?
        /// A multa do item (seed 002 §2.1.6, itsc_pcservnaoexec / itsc_pcmulta), se o contrato a prevê.
        public var multa: MultaDoItem?

        public init(
            id: Int, constante: Int, valor: Centavos, servicos: Set<Int>, administracaoLocal: Bool = false, valorOrcado: Centavos? = nil,
            multa: MultaDoItem? = nil
        ) {
            self.id = id
            self.constante = constante
            self.valor = valor
            self.servicos = servicos
            self.administracaoLocal = administracaoLocal
            self.valorOrcado = valorOrcado
            self.multa = multa
        }
    }

    /// "Percentual de Serviços Não Executados / Não Aceitos para Aplicação de Multa" e "Percentual
    /// da Multa a Ser Aplicada Quando o Percentual Acima For Atingido" (seed 002 §2.1.6), em
    /// centésimos de % (500 = 5,00 %).
    public struct MultaDoItem: Sendable, Hashable, Codable {
        public var limiteCentesimos: Int
        public var multaCentesimos: Int
        public init(limiteCentesimos: Int, multaCentesimos: Int) {
            self.limiteCentesimos = limiteCentesimos
            self.multaCentesimos = multaCentesimos
        }
    }

    /// Um aditivo do contrato (seed 002 §2.1.6): a partir do início, soma o valor ao valor global e,
    /// se tem taxa de sucesso, ela substitui a do contrato.
    public struct Aditivo: Sendable, Hashable, Codable {
        public var inicio: CivilDate
        public var valor: Centavos
        public var taxaSucessoCentesimos: Int?
        public init(inicio: CivilDate, valor: Centavos, taxaSucessoCentesimos: Int? = nil) {
            self.inicio = inicio
            self.valor = valor
            self.taxaSucessoCentesimos = taxaSucessoCentesimos
        }
    }

    public struct Contrato: Sendable, Hashable, Codable {
        public var itens: [Item]
        /// % da taxa de sucesso em centésimos (500 = 5,00 %); nil ou 0 = o contrato não tem.
        public var taxaSucessoCentesimos: Int?
        public var valorGlobal: Centavos?
        public var aditivos: [Aditivo]

        public init(itens: [Item], taxaSucessoCentesimos: Int? = nil, valorGlobal: Centavos? = nil, aditivos: [Aditivo] = []) {
            self.itens = itens
            self.taxaSucessoCentesimos = taxaSucessoCentesimos
            self.valorGlobal = valorGlobal
            self.aditivos = aditivos
        }

        /// O contrato como vale na data do boletim: o valor global mais os aditivos já iniciados, e a
        /// taxa de sucesso do aditivo mais recente que a informa (senão a do contrato). Um aditivo
        /// que começa depois da data não conta.
        public func vigente(em data: CivilDate) -> Contrato {
            let iniciados = aditivos.filter { $0.inicio <= data }.sorted { $0.inicio < $1.inicio }
            guard !iniciados.isEmpty else { return Contrato(itens: itens, taxaSucessoCentesimos: taxaSucessoCentesimos, valorGlobal: valorGlobal) }
            let global = iniciados.reduce(valorGlobal ?? .zero) { $0 + $1.valor }
            let taxa = iniciados.last(where: { $0.taxaSucessoCentesimos != nil })?.taxaSucessoCentesimos ?? taxaSucessoCentesimos
            return Contrato(itens: itens, taxaSucessoCentesimos: taxa, valorGlobal: global.value > 0 ? global : valorGlobal)
        }

        /// Os itens na ordem em que uma OS os procura: constante de cálculo, depois id.
        var ordenados: [Item] { itens.sorted { ($0.constante, $0.id) < ($1.constante, $1.id) } }
    }

    /// Como a OS foi encerrada.
    public enum Encerramento: String, Sendable, Hashable, Codable {
        /// Motivo com execução (ou que gera pagamento para a ação).
        case executada
        /// Outro motivo sem execução: a justificativa da contratada.
        case justificada
        /// Motivo 32, CANCELADO POR DECURSO DE PRAZO.
        case decurso
    }

    /// Pavimento e áreas repostas informados no encerramento (áreas em centésimos de m²). O esquema
    /// não grava o tipo de pavimento nem o indicador de calçada do GSAN: o pavimento é asfáltico se
    /// houve reposição de asfalto, de paralelepípedo se houve de paralelepípedo, e há calçada se houve
    /// reposição de calçada.
    public struct Pavimento: Sendable, Hashable, Codable {
        public var com: Bool
        public var asfalto: Int
        public var paralelepipedo: Int
        public var calcada: Int
        public init(com: Bool, asfalto: Int = 0, paralelepipedo: Int = 0, calcada: Int = 0) {
            self.com = com
            self.asfalto = asfalto
            self.paralelepipedo = paralelepipedo
            self.calcada = calcada
        }
    }

    /// Uma não aceitação ainda não descontada (cob_ac_os_nao_aceitas com caon_icaceita = 2), com os
    /// multiplicadores do motivo (motivo_nao_aceit_enc_os).
    public struct NaoAceitacao: Sendable, Hashable, Codable {
        public var multiplicadorCorte: Int
        public var multiplicadorNaoExecutado: Int
        public var multaCentesimos: Int
        public init(multiplicadorCorte: Int, multiplicadorNaoExecutado: Int, multaCentesimos: Int) {
            self.multiplicadorCorte = multiplicadorCorte
            self.multiplicadorNaoExecutado = multiplicadorNaoExecutado
            self.multaCentesimos = multaCentesimos
        }
    }

    /// Um débito cobrado pelo documento da OS (uma conta): quanto foi recuperado e quando se
    /// regularizou (pagamento ou parcelamento); nil = ainda em aberto.
    public struct Debito: Sendable, Hashable, Codable {
        public var recuperado: Centavos
        public var regularizadoEm: CivilDate?
        public init(recuperado: Centavos, regularizadoEm: CivilDate?) {
            self.recuperado = recuperado
            self.regularizadoEm = regularizadoEm
        }
    }

    /// O que a taxa de sucesso precisa saber de uma OS executada (seed 002 §1.4).
    public struct Sucesso: Sendable, Hashable, Codable {
        public var execucao: CivilDate
        /// Emissão do documento da ação sucessora para o imóvel (a ordem de corte depois da visita), se houve.
        public var emissaoSucessora: CivilDate?
        public var debitos: [Debito]
        public init(execucao: CivilDate, emissaoSucessora: CivilDate?, debitos: [Debito]) {
            self.execucao = execucao
            self.emissaoSucessora = emissaoSucessora
            self.debitos = debitos
        }
    }

    /// Uma OS candidata.
    public struct Ordem: Sendable, Hashable, Codable {
        public var id: Int64
        public var imovel: Int
        public var localidade: Int
        public var servico: Int
        public var encerramento: Encerramento
        public var pavimento: Pavimento?
        /// Já entrou num boletim (orse_icboletim = 1): não é paga nem descontada por decurso de
        /// novo; só uma não aceitação pendente ainda a desconta (a penalidade que chega depois).
        public var noBoletim: Bool
        /// A ação do cronograma tem justificativa de não geração de penalidade (bol_med_ac_pen_just).
        public var semPenalidade: Bool
        public var naoAceitacao: NaoAceitacao?
        public var sucesso: Sucesso?
        /// Encerrada sem execução mas com visita realizada, por um motivo que gera pagamento para a
        /// ação (amen_icexecucao = 2, amen_icvisitarealizada = 1, amea_icgerapagamento = 1): a que a
        /// constante 25 paga.
        public var visitaSemExecucao: Bool

        public init(
            id: Int64, imovel: Int, localidade: Int, servico: Int, encerramento: Encerramento, pavimento: Pavimento? = nil,
            noBoletim: Bool = false, semPenalidade: Bool = false, naoAceitacao: NaoAceitacao? = nil, sucesso: Sucesso? = nil,
            visitaSemExecucao: Bool = false
        ) {
            self.visitaSemExecucao = visitaSemExecucao
            self.id = id
            self.imovel = imovel
            self.localidade = localidade
            self.servico = servico
            self.encerramento = encerramento
            self.pavimento = pavimento
            self.noBoletim = noBoletim
            self.semPenalidade = semPenalidade
            self.naoAceitacao = naoAceitacao
            self.sucesso = sucesso
        }
    }

    /// Tipos de desconto (cobr_boletim_desc.cbde_cdtipo).
    public enum TipoDesconto: Int, Sendable, Hashable, Codable, CaseIterable {
        case decursoPrazo = 1
        case justificativaNaoAceita = 2
        case servicoNaoExecutado = 3
        case corteIndevido = 4

        public var descricao: String {
            switch self {
            case .decursoPrazo: "CANCELADA POR DECURSO DE PRAZO"
            case .justificativaNaoAceita: "JUSTIFICATIVA NAO ACEITA"
            case .servicoNaoExecutado: "SERVICO NAO EFETIVAMENTE EXECUTADO"
            case .corteIndevido: "CORTE/SUPRESSAO INDEVIDA"
            }
        }
    }

    /// Tipos de multa (cobr_boletim_multa.cbmu_cdtipo).
    public enum TipoMulta: Int, Sendable, Hashable, Codable {
        /// Penalidade contratual por não execução: penalizadas > 5 % (seed 002 §1.3.1, segundo parágrafo).
        case contratual = 1
        /// Penalidade por não realização de serviço: a fiscalização achou não executado um serviço "executado".
        case naoRealizacao = 2
        /// A multa do item de contrato (seed 002 §2.1.6): o % de serviços do item não executados /
        /// não aceitos atingiu o limite do item.
        case item = 3

        public var descricao: String {
            switch self {
            case .contratual: "PENALIDADE CONTRATUAL POR NAO EXECUCAO (> 5%)"
            case .naoRealizacao: "PENALIDADE POR NAO REALIZACAO DE SERVICO"
            case .item: "MULTA DO ITEM DE CONTRATO"
            }
        }
    }

    public struct Executado: Sendable, Hashable, Codable {
        public var ordem: Int64
        public var localidade: Int
        public var item: Int
        public var valor: Centavos
    }

    public struct Desconto: Sendable, Hashable, Codable {
        public var ordem: Int64
        public var localidade: Int
        public var item: Int
        public var tipo: TipoDesconto
        public var valor: Centavos
    }

    public struct Multa: Sendable, Hashable, Codable {
        public var tipo: TipoMulta
        /// O item da multa de item (tipo 3); nil nas multas sobre o boletim.
        public var item: Int? = nil
        public var centesimos: Int
        public var base: Centavos
        public var valor: Centavos
    }

    public struct SucessoImovel: Sendable, Hashable, Codable {
        public var imovel: Int
        public var localidade: Int
        public var recuperado: Centavos
        public var taxa: Centavos
    }

    public struct AdministracaoLocal: Sendable, Hashable, Codable {
        public var item: Int
        public var valor: Centavos
    }

    public struct Resultado: Sendable, Hashable, Codable {
        public var executados: [Executado] = []
        public var descontos: [Desconto] = []
        public var multas: [Multa] = []
        public var sucessos: [SucessoImovel] = []
        public var administracao: [AdministracaoLocal] = []
        /// OS que entram no boletim (orse_icboletim passa a 1): pagas, descontadas, ou de decurso
        /// sem penalidade por justificativa da ação.
        public var ordensNoBoletim: [Int64] = []
        /// Não aceitações tratadas (caon_icdescontado passa a 1).
        public var naoAceitacoesTratadas: [Int64] = []

        /// Serviços executados: OS pagas mais a administração local.
        public var servicosExecutados: Centavos { executados.reduce(.zero) { $0 + $1.valor } + administracao.reduce(.zero) { $0 + $1.valor } }
        public var valorDescontos: Centavos { descontos.reduce(.zero) { $0 + $1.valor } }
        public var valorMultas: Centavos { multas.reduce(.zero) { $0 + $1.valor } }
        public var taxaSucesso: Centavos { sucessos.reduce(.zero) { $0 + $1.taxa } }
        /// Total = pago + taxa de sucesso − descontos − multas.
        public var total: Centavos { servicosExecutados + taxaSucesso - valorDescontos - valorMultas }
    }

    // MARK: - A regra

    /// O item que paga uma OS executada e quanto: o primeiro item (pela constante de cálculo) cujo
    /// tipo de serviço é o da OS e cuja condição a OS atende (GSAN-FACTS §3.2, passo 1). Cada OS num
    /// item só.
    public static func itemPago(_ ordem: Ordem, _ contrato: Contrato) -> (item: Item, valor: Centavos)? {
        for item in contrato.ordenados where !item.administracaoLocal && item.servicos.contains(ordem.servico) {
            if let valor = valorPago(item, ordem.pavimento, visitaSemExecucao: ordem.visitaSemExecucao) { return (item, valor) }
        }
        return nil
    }

    /// O valor de um item para uma OS executada, ou nil se a constante não a seleciona.
    ///
    /// | constante | OS | valor |
    /// | 1, 5 | executadas | valor do item |
    /// | 2, 6 | "no nicho": sem pavimento (o esquema não separa nicho de sem pavimento) | valor do item |
    /// | 3, 7, 9, 11, 13 | sem pavimento (ou nenhum pavimento informado) | valor do item |
    /// | 4, 8, 10, 12, 14 | com pavimento | valor do item |
    /// | 15 | com reposição de asfalto | valor × m² |
    /// | 16 | com reposição de paralelepípedo | valor × m² |
    /// | 17 | com reposição de calçada | valor × m² |
    /// | 18 | com pavimento asfáltico | valor do item |
    /// | 19 | com pavimento de paralelepípedo | valor do item |
    /// | 20 | sem pavimento e sem calçada | valor do item |
    /// | 21 | com paralelepípedo, sem calçada | valor do item |
    /// | 22 | com paralelepípedo e calçada | valor do item |
    /// | 23 | com asfalto, sem calçada | valor do item |
    /// | 24 | com asfalto e calçada | valor do item |
    /// | 25 | não executada, com visita realizada, motivo que gera pagamento | valor do item |
    /// | 26 | sem pavimento, com calçada | valor do item |
    /// | outras | nenhuma OS | — |
    ///
    /// Pavimento asfáltico / de paralelepípedo e calçada: as áreas repostas (ver ``Pavimento``).
    public static func valorPago(_ item: Item, _ informado: Pavimento?, visitaSemExecucao: Bool = false) -> Centavos? {
        // Sem pavimento informado no encerramento: sem pavimento e sem reposição.
        let pavimento = informado ?? Pavimento(com: false)
        let asfalto = pavimento.com && pavimento.asfalto > 0
        let paralelepipedo = pavimento.com && pavimento.paralelepipedo > 0
        let calcada = pavimento.calcada > 0
        let seleciona: Bool
        switch item.constante {
        case 18: seleciona = asfalto
        case 19: seleciona = paralelepipedo
        case 20: seleciona = !pavimento.com && !calcada
        case 21: seleciona = paralelepipedo && !calcada
        case 22: seleciona = paralelepipedo && calcada
        case 23: seleciona = asfalto && !calcada
        case 24: seleciona = asfalto && calcada
        case 25: seleciona = visitaSemExecucao
        case 26: seleciona = !pavimento.com && calcada
        default: seleciona = false
        }
        if (18...26).contains(item.constante) { return seleciona ? item.valor : nil }
        switch item.constante {
        case 1, 5: return item.valor
        case 2, 6, 3, 7, 9, 11, 13: return pavimento.com ? nil : item.valor
        case 4, 8, 10, 12, 14: return pavimento.com ? item.valor : nil
        case 15: return pavimento.asfalto > 0 ? porArea(item.valor, pavimento.asfalto) : nil
        case 16: return pavimento.paralelepipedo > 0 ? porArea(item.valor, pavimento.paralelepipedo) : nil
        case 17: return pavimento.calcada > 0 ? porArea(item.valor, pavimento.calcada) : nil
        default: return nil
        }
    }

    /// Um "serviço válido correspondente" (o que um desconto tira): o valor do primeiro item do
    /// contrato, pela constante, que paga o tipo de serviço da OS.
    public static func servicoValido(_ ordem: Ordem, _ contrato: Contrato) -> Item? {
        contrato.ordenados.first { !$0.administracaoLocal && $0.servicos.contains(ordem.servico) }
    }

    /// valor × área (centésimos de m²) / 100, meio para cima.
    public static func porArea(_ valor: Centavos, _ centesimosM2: Int) -> Centavos {
        Centavos(arredondar(valor.value * Int64(centesimosM2), por: 100))
    }

    /// valor × % (centésimos de %), meio para cima: 1.234,57 × 2,00 % = 24,6914 → 24,69.
    public static func percentual(_ valor: Centavos, centesimos: Int) -> Centavos {
        Centavos(arredondar(max(0, valor.value) * Int64(centesimos), por: 10_000))
    }

    /// a / b arredondado meio para cima (a ≥ 0, b > 0).
    static func arredondar(_ a: Int64, por b: Int64) -> Int64 { (a + b / 2) / b }

    /// A taxa de sucesso de uma OS executada (seed 002 §1.4): o imóvel se qualifica só se todos os
    /// débitos do documento se regularizaram, o último no dia da execução ou depois e antes da
    /// emissão da ação sucessora; recuperado = soma dos débitos.
    public static func recuperado(_ s: Sucesso) -> Centavos? {
        guard !s.debitos.isEmpty else { return nil }
        var ultimo: CivilDate?
        for d in s.debitos {
            guard let data = d.regularizadoEm else { return nil }
            if ultimo.map({ data > $0 }) ?? true { ultimo = data }
        }
        guard let ultimo, ultimo >= s.execucao else { return nil }
        if let sucessora = s.emissaoSucessora, ultimo >= sucessora { return nil }
        return s.debitos.reduce(.zero) { $0 + $1.recuperado }
    }

    /// O boletim, na ordem de GSAN-FACTS §3.2: executados (passo 1), descontos por decurso (2) e
    /// por não aceitação (3), taxa de sucesso (4), administração local, multas (§3.3) e totais (5).
    public static func calcular(_ contrato: Contrato, ordens: [Ordem]) -> Resultado {
        var r = Resultado()
        var multaNaoRealizacao = 0
        var sucessoPorImovel: Set<Int> = []
        for ordem in ordens.sorted(by: { $0.id < $1.id }) {
            var consumida = false
            if let n = ordem.naoAceitacao {
                r.naoAceitacoesTratadas.append(ordem.id)
                if let item = servicoValido(ordem, contrato) {
                    let desconto: (TipoDesconto, Int)?
                    switch ordem.encerramento {
                    case .executada where n.multiplicadorCorte > 0: desconto = (.corteIndevido, n.multiplicadorCorte)
                    case .executada: desconto = n.multiplicadorNaoExecutado > 0 ? (.servicoNaoExecutado, n.multiplicadorNaoExecutado) : nil
                    case .justificada: desconto = (.justificativaNaoAceita, 1)
                    // Já descontada uma vez pelo decurso (ou sem penalidade pela justificativa da ação).
                    case .decurso: desconto = nil
                    }
                    if let (tipo, vezes) = desconto {
                        r.descontos.append(Desconto(
                            ordem: ordem.id, localidade: ordem.localidade, item: item.id, tipo: tipo,
                            valor: Centavos(item.valor.value * Int64(vezes))))
                        consumida = true
                        if tipo != .justificativaNaoAceita { multaNaoRealizacao = max(multaNaoRealizacao, n.multaCentesimos) }
                    }
                }
                // Executada e não aceita antes do boletim: não é paga.
                if ordem.encerramento == .executada, !ordem.noBoletim {
                    r.ordensNoBoletim.append(ordem.id)
                    continue
                }
            }
            if !ordem.noBoletim {
                switch ordem.encerramento {
                case .executada:
                    if let (item, valor) = itemPago(ordem, contrato) {
                        r.executados.append(Executado(ordem: ordem.id, localidade: ordem.localidade, item: item.id, valor: valor))
                        consumida = true
                        if let pct = contrato.taxaSucessoCentesimos, pct > 0, let s = ordem.sucesso, !sucessoPorImovel.contains(ordem.imovel),
                            let recuperado = recuperado(s)
                        {
                            sucessoPorImovel.insert(ordem.imovel)
                            r.sucessos.append(SucessoImovel(
                                imovel: ordem.imovel, localidade: ordem.localidade, recuperado: recuperado,
                                taxa: percentual(recuperado, centesimos: pct)))
                        }
                    }
                case .decurso:
                    if ordem.semPenalidade {
                        consumida = true
                    } else if let item = servicoValido(ordem, contrato), !consumida {
                        r.descontos.append(Desconto(
                            ordem: ordem.id, localidade: ordem.localidade, item: item.id, tipo: .decursoPrazo, valor: item.valor))
                        consumida = true
                    }
                case .justificada:
                    break  // nem paga nem penalizada; uma não aceitação futura ainda a desconta
                }
            }
            if consumida && !ordem.noBoletim { r.ordensNoBoletim.append(ordem.id) }
        }
        // Administração local: valor orçado do item × (medido / valor global).
        let medido = r.executados.reduce(Centavos.zero) { $0 + $1.valor }
        if let global = contrato.valorGlobal, global.value > 0 {
            for item in contrato.ordenados where item.administracaoLocal {
                guard let orcado = item.valorOrcado, orcado.value > 0, medido.value > 0 else { continue }
                let valor = Centavos(reais: orcado.reais * medido.reais / global.reais, rounding: .plain)
                r.administracao.append(AdministracaoLocal(item: item.id, valor: valor))
            }
        }
        // Multas (GSAN-FACTS §3.3).
        let bruto = r.servicosExecutados + r.taxaSucesso
        let penalizadas = Set(r.descontos.map(\.ordem)).count
        let executadas = r.executados.count
        // A multa contratual de §1.3.1 (5 %, 2 % sobre o BM) é a regra de quem não configurou multa
        // por item; o contrato cujos itens têm a sua (§2.1.6) multa por item, não duas vezes.
        let multaPorItem = contrato.itens.contains { $0.multa != nil }
        if !multaPorItem, penalizadas > 0, Int64(penalizadas) * 10_000 > Int64(limitePenalizadasCentesimos) * Int64(penalizadas + executadas) {
            let base = Centavos(max(0, (bruto - r.valorDescontos).value))
            r.multas.append(Multa(
                tipo: .contratual, centesimos: multaContratualCentesimos, base: base,
                valor: percentual(base, centesimos: multaContratualCentesimos)))
        }
        if multaNaoRealizacao > 0 {
            let fiscalizacao = r.descontos.filter { $0.tipo == .servicoNaoExecutado || $0.tipo == .corteIndevido }.reduce(Centavos.zero) { $0 + $1.valor }
            let base = Centavos(max(0, (bruto - fiscalizacao).value))
            r.multas.append(Multa(
                tipo: .naoRealizacao, centesimos: multaNaoRealizacao, base: base, valor: percentual(base, centesimos: multaNaoRealizacao)))
        }
        r.multas += multasDosItens(contrato, r)
        return r
    }

    /// A multa de cada item de contrato que a prevê (seed 002 §2.1.6; num contrato com multa por item
    /// ela substitui a contratual de §1.3.1, que é a mesma regra fixada em 5 % e 2 % sobre o BM): quando as OS do item
    /// descontadas (não executadas / não aceitas: os descontos de qualquer tipo lançados no item)
    /// **atingem** o % do item sobre as OS do item no boletim (pagas + descontadas), o % de multa do
    /// item sobre o que o item pagou neste boletim, arredondado uma vez ao centavo, meio para cima.
    /// Sem OS descontada no item não há multa; um item que nada pagou tem base zero e não multa.
    public static func multasDosItens(_ contrato: Contrato, _ r: Resultado) -> [Multa] {
        var multas: [Multa] = []
        for item in contrato.ordenados {
            guard let m = item.multa else { continue }
            let penalizadas = Set(r.descontos.filter { $0.item == item.id }.map(\.ordem)).count
            let pagas = r.executados.filter { $0.item == item.id }
            guard penalizadas > 0,
                Int64(penalizadas) * 10_000 >= Int64(m.limiteCentesimos) * Int64(penalizadas + pagas.count)
            else { continue }
            let base = pagas.reduce(Centavos.zero) { $0 + $1.valor }
            guard base.value > 0 else { continue }
            multas.append(Multa(tipo: .item, item: item.id, centesimos: m.multaCentesimos, base: base, valor: percentual(base, centesimos: m.multaCentesimos)))
        }
        return multas
    }
}
