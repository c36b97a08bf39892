import Foundation
public import GSANModel

/// Informar Retorno da Ordem de Serviço de Fiscalização (seed 002 §2.4.2): the rules of the
/// screen, for `gsan os fiscalizacao retorno` and each line of a return file. What the return
/// does once accepted is ``efeitos(_:ordem:situacoes:)``.
public enum RetornoFiscalizacao {
    /// Documento entregue (`ofrt_cddocumentoentregue`): the "tipo de recebimento".
    public enum Documento: Int, Sendable, Hashable, Codable, CaseIterable {
        case comparecimento = 1
        case autoInfracao = 2
        case nenhum = 3
        case notificacaoEsgoto = 4

        public init?(texto: String) {
            switch texto.lowercased() {
            case "comparecimento": self = .comparecimento
            case "auto": self = .autoInfracao
            case "nenhum": self = .nenhum
            case "notificacao-esgoto": self = .notificacaoEsgoto
            default: return nil
            }
        }
        public var texto: String {
            switch self {
            case .comparecimento: "comparecimento"
            case .autoInfracao: "auto"
            case .nenhum: "nenhum"
            case .notificacaoEsgoto: "notificacao-esgoto"
            }
        }
    }

    /// Tipo de medição (micromedicao.medicao_tipo): 1 ligação de água, 2 poço.
    public enum TipoMedicao: Int, Sendable, Hashable, Codable {
        case agua = 1
        case poco = 2
        public init?(texto: String) {
            switch texto.lowercased() {
            case "agua", "água": self = .agua
            case "poco", "poço": self = .poco
            default: return nil
            }
        }
    }

    /// A situação de fiscalização as registered, with its indicators (migration 0006, 0020).
    public struct Situacao: Sendable, Hashable {
        public var id: Int
        public var descricao: String
        public var validaAgua = false
        public var validaEsgoto = false
        public var alteraDataLigacao = false
        public var validaCapacidadeHidrometro = false
        public var autoInfracao = false
        public var notificacaoEsgoto = false
        public var informaTipoMedicao = false
        public var geraDebito = false
        public var reincidencia = false
        public var suspendeContratoDemanda = false
        /// New ligação situations, closing motivo, situação especial, não aceitação.
        public var novaAgua: Int?
        public var novaEsgoto: Int?
        public var motivoEncerramento: Int?
        public var situacaoEspecial: Int?
        public var motivoSituacaoEspecial: Int?
        public var motivoNaoAceitacao: Int?
        /// The meter capacities a situação that validates the capacity is about (`fiscaliz_sit_hidr_capac`).
        public var capacidades: Set<Int> = []
        public var emUso = true

        public init(id: Int, descricao: String) {
            self.id = id
            self.descricao = descricao
        }
    }

    /// A photo as informed: its type, the file name and whether the file was found.
    public struct Foto: Sendable, Hashable {
        public var tipo: Int?
        public var arquivo: String?
        public init(tipo: Int?, arquivo: String?) {
            self.tipo = tipo
            self.arquivo = arquivo
        }
    }

    /// What the person (or a line of the file) informs.
    public struct Pedido: Sendable, Hashable {
        public var ordem: Int64
        /// As typed, in order (a repeated one is refused).
        public var situacoes: [Int]
        public var documento: Documento
        /// `--encerrar --motivo M --parecer TEXTO`.
        public var encerrar = false
        public var motivo: Int?
        public var parecer: String?
        /// `--gerar-debito sim|nao`; nil when not informed (débitos generated).
        public var gerarDebito: Bool?
        public var tipoMedicao: TipoMedicao?
        /// Atualizar Situação da Ligação de Água/Esgoto (§2.4.2 item 7): nil when not informed (sim, the screen's
        /// default); informed only while a situação selected validates a ligação not yet updated.
        public var atualizarLigacao: Bool?
        public var autoNumero: String?
        public var autoData: CivilDate?
        public var observacao: String?
        public var fotos: [Foto] = []

        public init(ordem: Int64, situacoes: [Int], documento: Documento) {
            self.ordem = ordem
            self.situacoes = situacoes
            self.documento = documento
        }
    }

    /// What an earlier return of the same OS did (the removal rules, §2.4.2 item 7).
    public struct Anterior: Sendable, Hashable {
        public var situacoes: Set<Int>
        public var aguaAtualizada: Bool
        public var esgotoAtualizado: Bool
        public var autoInformado: Bool
        /// Situações whose débito a cobrar was generated.
        public var comDebito: Set<Int>
        public init(situacoes: Set<Int>, aguaAtualizada: Bool = false, esgotoAtualizado: Bool = false, autoInformado: Bool = false,
                    comDebito: Set<Int> = []) {
            self.situacoes = situacoes
            self.aguaAtualizada = aguaAtualizada
            self.esgotoAtualizado = esgotoAtualizado
            self.autoInformado = autoInformado
            self.comDebito = comDebito
        }
    }

    /// A meter installed at the imóvel: its capacity (`hicp_id`) and the capacity's description.
    public struct Hidrometro: Sendable, Hashable {
        public var capacidade: Int
        public var descricao: String
        public init(capacidade: Int, descricao: String) {
            self.capacidade = capacidade
            self.descricao = descricao
        }
    }

    /// The OS as it stands.
    public struct Ordem: Sendable, Hashable {
        /// OS situação (0006): 1 pendente, 2 encerrada, 3 execução em andamento, 4 aguardando liberação.
        public var situacao: Int
        /// Its service is a fiscalização de infração (`svtp_icfiscalizacaoinfracao = 1`).
        public var fiscalizacaoInfracao: Bool
        public var imovel: Int?
        public var emissao: CivilDate
        public var anterior: Anterior?
        /// A fiscalização de serviço (§1.3.1: generated by the OS seletiva, no collection document), which
        /// must be informed within ``diasParaInformar`` days of its emission. The fiscalização of the cut-off
        /// imóveis of an action (§1.2.4) has a document and closes by decurso de prazo instead.
        public var deServico: Bool
        /// The imóvel's installed meters by tipo de medição (ligação de água, poço).
        public var hidrometros: [TipoMedicao: Hidrometro]
        public init(situacao: Int, fiscalizacaoInfracao: Bool, imovel: Int?, emissao: CivilDate, anterior: Anterior? = nil,
                    deServico: Bool = false, hidrometros: [TipoMedicao: Hidrometro] = [:]) {
            self.situacao = situacao
            self.fiscalizacaoInfracao = fiscalizacaoInfracao
            self.imovel = imovel
            self.emissao = emissao
            self.anterior = anterior
            self.deServico = deServico
            self.hidrometros = hidrometros
        }

        /// The last day a fiscalização de serviço may be informed; nil for the others.
        public var limiteParaInformar: CivilDate? { deServico ? RetornoFiscalizacao.limiteParaInformar(emissao: emissao) : nil }
    }

    /// Seed 002 §1.3.1: "A FISCALIZAÇÃO DE SERVIÇOS deve ser executada e informada no GSAN … em até 20 (vinte)
    /// dias da sua emissão" — calendar days (the seed says "úteis" where it means business days).
    public static let diasParaInformar = 20

    public static func limiteParaInformar(emissao: CivilDate) -> CivilDate { emissao.adding(days: diasParaInformar) }

    /// The 20 days ended before `hoje`: the return is refused, and the daily pass closes the OS by decurso de prazo.
    public static func prazoVencido(emissao: CivilDate, hoje: CivilDate) -> Bool { hoje > limiteParaInformar(emissao: emissao) }

    /// The parecer of a fiscalização de serviço closed by decurso de prazo (motivo 32).
    public static func parecerDecurso(emissao: CivilDate) -> String {
        "Encerrada por decurso de prazo: fiscalização de serviço não informada em \(diasParaInformar) dias da emissão (\(emissao))."
    }

    public static func mensagemPrazoVencido(emissao: CivilDate) -> String {
        "Fiscalização de serviço emitida em \(emissao) não pode mais ser informada: o prazo de \(diasParaInformar) dias da emissão "
            + "terminou em \(limiteParaInformar(emissao: emissao))."
    }

    public static let parecerMaximo = 400
    public static let observacaoMaxima = 200
    public static let autoMaximo = 20
    public static let formatosFoto: Set<String> = ["doc", "jpg", "pdf"]

    /// The description the seed's "Esta Ordem de Serviço está «descrição da situação»" names.
    public static func descricao(situacaoOS: Int) -> String {
        switch situacaoOS {
        case 1: "Pendente"
        case 2: "Encerrada"
        case 3: "Em Execução"
        case 4: "Aguardando Liberação"
        default: "em situação desconhecida"
        }
    }

    /// The six exclusive indicators and their messages (§2.4.2 item 6), in the seed's order.
    static let exclusivos: [(any KeyPath<Situacao, Bool> & Sendable, String)] = [
        (\.validaAgua, "Só é possível selecionar uma das situações de fiscalização com indicação de validar a situação da ligação de água do imóvel."),
        (\.validaEsgoto, "Só é possível selecionar uma das situações de fiscalização com indicação de validar a situação da ligação de esgoto do imóvel."),
        (\.alteraDataLigacao, "Só é possível selecionar uma das situações de fiscalização com indicação de alterar a data da ligação do imóvel."),
        (\.validaCapacidadeHidrometro,
         "Só é possível selecionar uma das situações de fiscalização com indicação de validar a capacidade do hidrômetro do imóvel."),
        (\.autoInfracao, "Só é possível selecionar uma das situações de fiscalização com indicação do controle dos autos de infração."),
    ]
    public static let mensagemNotificacaoEsgoto =
        "Não é possível selecionar situação de fiscalização, só é possível selecionar uma situação de fiscalização com indicação de notificação de esgoto."

    /// Why the return cannot be informed as asked, in the seed's words; nil when it can.
    /// - Parameters:
    ///   - ordem: nil when the OS does not exist.
    ///   - catalogo: the situações de fiscalização by id.
    ///   - motivos: the closing motivos in use.
    ///   - controlaAutos: `parm_icautoinfracao = 1`, the company controls the autos de infração.
    ///   - senhaEspecial: the user may return without the débitos (`usur_icnaoinclusaodebito`).
    public static func recusa(
        _ p: Pedido, ordem: Ordem?, catalogo: [Int: Situacao], motivos: Set<Int>, controlaAutos: Bool, senhaEspecial: Bool, hoje: CivilDate
    ) -> String? {
        // 1. Valida Ordem de Serviço.
        guard let ordem else { return "Ordem de Serviço inexistente." }
        guard ordem.fiscalizacaoInfracao else { return "O serviço associado a esta Ordem de Serviço não corresponde à fiscalização de infração." }
        if ordem.situacao == 2 { return "Esta Ordem de Serviço está \(descricao(situacaoOS: ordem.situacao))." }
        if ordem.deServico && prazoVencido(emissao: ordem.emissao, hoje: hoje) { return mensagemPrazoVencido(emissao: ordem.emissao) }
        // 2. Situação da Fiscalização.
        guard !p.situacoes.isEmpty else { return "Informe Situação da Fiscalização: é obrigatória pelo menos uma." }
        var vistas = Set<Int>()
        var selecionadas: [Situacao] = []
        for id in p.situacoes {
            guard let s = catalogo[id], s.emUso else { return "Situação da Fiscalização \(id) inexistente." }
            guard vistas.insert(id).inserted else { return "Esta Situação da Fiscalização já foi selecionada." }
            selecionadas.append(s)
        }
        for (indicador, mensagem) in exclusivos where selecionadas.filter({ $0[keyPath: indicador] }).count > 1 {
            return mensagem
        }
        let notificacao = selecionadas.contains(where: \.notificacaoEsgoto)
        if notificacao && selecionadas.count > 1 { return mensagemNotificacaoEsgoto }
        // 7. Removal of situações an earlier return selected.
        if let anterior = ordem.anterior {
            let matricula = ordem.imovel.map(String.init) ?? "-"
            for id in anterior.situacoes.subtracting(vistas).sorted() {
                guard let s = catalogo[id] else { continue }
                if s.validaAgua && anterior.aguaAtualizada {
                    return "Não é possível desmarcar essa situação porque a situação da ligação de água do imóvel \(matricula) já foi alterada."
                }
                if s.validaEsgoto && anterior.esgotoAtualizado {
                    return "Não é possível desmarcar essa situação porque a situação da ligação de esgoto do imóvel \(matricula) já foi alterada."
                }
                if s.autoInfracao && anterior.autoInformado {
                    return "Não é possível desmarcar essa situação porque os dados do auto de infração já foram informados."
                }
                if s.geraDebito && anterior.comDebito.contains(id) {
                    return "Não é possível desmarcar essa situação porque já houve a geração do débito a cobrar para essa situação."
                }
            }
        }
        // 4. Documento entregue.
        let auto = controlaAutos && selecionadas.contains(where: \.autoInfracao)
        if notificacao {
            if p.documento != .notificacaoEsgoto {
                return "Documento Entregue deve ser Notificação de Esgoto: a situação de fiscalização indica notificação de esgoto."
            }
        } else if p.documento == .notificacaoEsgoto {
            return "Documento Entregue Notificação de Esgoto só pode ser selecionado com uma situação de fiscalização de notificação de esgoto."
        }
        if auto {
            if p.documento != .autoInfracao {
                return "Documento Entregue deve ser Auto de Infração: a situação de fiscalização indica o controle dos autos de infração."
            }
            guard let numero = p.autoNumero, !numero.trimmingCharacters(in: .whitespaces).isEmpty else { return "Informe Número do Auto de Infração." }
            guard numero.caracteresNaColuna <= autoMaximo else { return "Número do Auto de Infração com \(numero.caracteresNaColuna) caracteres: o máximo é \(autoMaximo)." }
            guard let data = p.autoData else { return "Informe Data do Auto de Infração." }
            if data < ordem.emissao { return "Data do Auto de Infração \(data) anterior à emissão da Ordem de Serviço (\(ordem.emissao))." }
            if data > hoje { return "Data do Auto de Infração \(data) posterior à data atual (\(hoje))." }
        } else if p.autoNumero != nil || p.autoData != nil {
            return "Dados do Auto de Infração só podem ser informados com uma situação de fiscalização de controle dos autos de infração."
        }
        // Tipo de medição: only when a situação asks for it (the default is ligação de água).
        if p.tipoMedicao != nil && !selecionadas.contains(where: \.informaTipoMedicao) {
            return "Tipo de Medição só pode ser informado com uma situação de fiscalização que o exija."
        }
        // Atualizar Situação da Ligação de Água/Esgoto: the screen shows it (sim by default) only while a situação
        // selected validates the ligação de água or de esgoto and no earlier return updated that one.
        if p.atualizarLigacao != nil && !ligacaoAAtualizar(selecionadas, anterior: ordem.anterior) {
            return mensagemAtualizarLigacao
        }
        // Encerrar OS.
        if p.encerrar {
            let doRetorno = Set(selecionadas.compactMap(\.motivoEncerramento))
            if p.motivo == nil && doRetorno.count > 1 {
                return "As situações de fiscalização selecionadas têm motivos de encerramento diferentes: informe Motivo Encerramento."
            }
            guard let motivo = motivoEncerramento(p, catalogo: catalogo) else { return "Informe Motivo Encerramento." }
            guard motivos.contains(motivo) else { return "Motivo de encerramento \(motivo) inexistente." }
            if hoje < ordem.emissao { return "Data de encerramento \(hoje) anterior à emissão da Ordem de Serviço (\(ordem.emissao))." }
        } else if p.motivo != nil || p.parecer != nil {
            return "Motivo e Parecer de Encerramento só podem ser informados para encerrar a OS (--encerrar)."
        }
        if let parecer = p.parecer, parecer.caracteresNaColuna > parecerMaximo {
            return "Parecer Encerramento com \(parecer.caracteresNaColuna) caracteres: o máximo é \(parecerMaximo)."
        }
        if let observacao = p.observacao, observacao.caracteresNaColuna > observacaoMaxima {
            return "Observação com \(observacao.caracteresNaColuna) caracteres: o máximo é \(observacaoMaxima)."
        }
        // Fotos.
        for foto in p.fotos {
            guard let arquivo = foto.arquivo, !arquivo.isEmpty else { return "Informe um arquivo." }
            guard foto.tipo != nil else { return "Informe o tipo da foto." }
            guard let ponto = arquivo.lastIndex(of: "."), formatosFoto.contains(arquivo[arquivo.index(after: ponto)...].lowercased()) else {
                return "Formato de arquivo inválido."
            }
        }
        // 8. Valida Autorização.
        if p.gerarDebito == false && selecionadas.contains(where: \.geraDebito) && !senhaEspecial {
            return "Usuário não autorizado a não inclusão de débitos."
        }
        return nil
    }

    public static let mensagemAtualizarLigacao =
        "Atualizar Situação da Ligação de Água/Esgoto só pode ser informado com uma situação de fiscalização que valide a ligação de água ou de "
        + "esgoto ainda não atualizada."

    /// A situação selected validates a ligação (água or esgoto) that no earlier return updated.
    static func ligacaoAAtualizar(_ selecionadas: [Situacao], anterior: Anterior?) -> Bool {
        selecionadas.contains { ($0.validaAgua && anterior?.aguaAtualizada != true) || ($0.validaEsgoto && anterior?.esgotoAtualizado != true) }
    }

    /// The motivo the OS closes with: the one informed, or the situações' own when they agree on one.
    public static func motivoEncerramento(_ p: Pedido, catalogo: [Int: Situacao]) -> Int? {
        if let motivo = p.motivo { return motivo }
        let doRetorno = Set(p.situacoes.compactMap { catalogo[$0]?.motivoEncerramento })
        return doRetorno.count == 1 ? doRetorno.first : nil
    }

    /// "Validar a capacidade do hidrômetro do imóvel fiscalizado" (§2.4.2; GSAN UC0488 5.4): a situação selected that
    /// validates the capacity is about the meter of the tipo de medição informed (ligação de água when none). Without
    /// that meter, or with one whose capacity is not among the situação's, the situação does not apply and the use
    /// case ends with the OS updated: the return is recorded without its effects. Nil when the capacity is admitted
    /// (or no situação selected validates it); else why, in words for the person.
    public static func capacidadeNaoAdmitida(_ p: Pedido, ordem: Ordem, catalogo: [Int: Situacao]) -> String? {
        guard let s = p.situacoes.lazy.compactMap({ catalogo[$0] }).first(where: \.validaCapacidadeHidrometro) else { return nil }
        let tipo = p.tipoMedicao ?? .agua
        let onde = tipo == .agua ? "na ligação de água" : "no poço"
        let imovel = ordem.imovel.map { "O imóvel \($0)" } ?? "A Ordem de Serviço"
        guard let h = ordem.hidrometros[tipo] else {
            return "\(imovel) não tem hidrômetro instalado \(onde): a situação \(s.descricao) não se aplica e o retorno é "
                + "registrado sem os seus efeitos."
        }
        guard s.capacidades.contains(h.capacidade) else {
            return "O hidrômetro \(onde) do imóvel \(ordem.imovel.map(String.init) ?? "-") tem capacidade \(h.descricao), que não é das "
                + "capacidades da situação \(s.descricao): o retorno é registrado sem os seus efeitos."
        }
        return nil
    }

    /// What an accepted return changes, decided from the situações selected (§2.4.2 item 5).
    public struct Efeitos: Sendable, Hashable {
        /// New ligação de água / esgoto situation, when a situação validates it, asks a change, and
        /// the ligação was not updated by an earlier return.
        public var novaAgua: Int?
        public var novaEsgoto: Int?
        /// The ligação's date becomes the return's day: the situação that updates the ligação de água (esgoto)
        /// indicates "alterar a data da ligação" (GSAN UC0488 SB0002 3: lagu_dtligacaoagua, lesg_dtligacao).
        public var dataLigacaoAgua = false
        public var dataLigacaoEsgoto = false
        /// The meter's capacity not admitted: the return is recorded without effects, and this says why.
        public var semEfeitos: String?
        /// Situações whose débitos to generate now (not generated before, and not refused).
        public var gerarDebitoDe: [Situacao]
        public var reincidencia: Bool
        public var suspenderContratoDemanda: Bool
        /// Situação especial de cobrança (tipo, motivo) to include.
        public var situacaoEspecial: Int?
        public var motivoSituacaoEspecial: Int?
        /// Não aceitação of the inspected OS with this motivo (the service found not executed).
        public var naoAceitacao: Int?
    }

    public static func efeitos(_ p: Pedido, ordem: Ordem, catalogo: [Int: Situacao]) -> Efeitos {
        let selecionadas = p.situacoes.compactMap { catalogo[$0] }
        let anterior = ordem.anterior
        var e = Efeitos(gerarDebitoDe: [], reincidencia: false, suspenderContratoDemanda: false)
        if let motivo = capacidadeNaoAdmitida(p, ordem: ordem, catalogo: catalogo) {
            e.semEfeitos = motivo
            return e
        }
        if p.atualizarLigacao != false {
            if anterior?.aguaAtualizada != true, let s = selecionadas.first(where: { $0.validaAgua && $0.novaAgua != nil }) {
                e.novaAgua = s.novaAgua
                e.dataLigacaoAgua = s.alteraDataLigacao
            }
            if anterior?.esgotoAtualizado != true, let s = selecionadas.first(where: { $0.validaEsgoto && $0.novaEsgoto != nil }) {
                e.novaEsgoto = s.novaEsgoto
                e.dataLigacaoEsgoto = s.alteraDataLigacao
            }
        }
        if p.gerarDebito != false {
            e.gerarDebitoDe = selecionadas.filter { $0.geraDebito && anterior?.comDebito.contains($0.id) != true }
        }
        e.reincidencia = selecionadas.contains(where: \.reincidencia)
        e.suspenderContratoDemanda = selecionadas.contains(where: \.suspendeContratoDemanda)
        if let s = selecionadas.first(where: { $0.situacaoEspecial != nil && $0.motivoSituacaoEspecial != nil }) {
            e.situacaoEspecial = s.situacaoEspecial
            e.motivoSituacaoEspecial = s.motivoSituacaoEspecial
        }
        e.naoAceitacao = selecionadas.first(where: { $0.motivoNaoAceitacao != nil })?.motivoNaoAceitacao
        return e
    }
}
