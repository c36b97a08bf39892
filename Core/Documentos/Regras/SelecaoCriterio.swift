import GSANCobranca
import GSANModel

/// Whether an imóvel meets an action's critério (seed 002 §1.2.2, §2.3; GSAN-FACTS §7), and
/// what its document would charge.
public enum SelecaoCriterio {
    /// Why an imóvel is left out (tests and the job's counts name these).
    public enum Motivo: String, Sendable, Hashable, CaseIterable {
        case situacaoLigacaoAgua, situacaoLigacaoEsgoto, situacaoCobranca, paralisacao, cpfCnpjInvalido
        case semDebito, semLinha, valorForaDoIntervalo, quantidadeContasForaDoIntervalo, predecessora
    }

    public enum Resultado: Sendable, Hashable {
        case selecionado(DebitoSelecionado)
        case rejeitado(Motivo)

        public var debito: DebitoSelecionado? { if case .selecionado(let d) = self { d } else { nil } }
    }

    /// The reference date's context: today and the system parameters the rule reads.
    public struct Parametros: Sendable, Hashable {
        public var hoje: CivilDate
        /// `parm_nndiasvencimentocobranca`: a bill counts when overdue by more than this.
        public var diasVencimento: Int
        public var acrescimos: ParametrosAcrescimos

        public init(hoje: CivilDate, diasVencimento: Int, acrescimos: ParametrosAcrescimos = .padrao) {
            self.hoje = hoje
            self.diasVencimento = diasVencimento
            self.acrescimos = acrescimos
        }
    }

    /// A bill counts when it is open, overdue by more than the parameter's days and not under
    /// review (judicial collection puts bills under review, motivo 6).
    public static func contaConta(_ conta: ImovelAvaliado.Conta, _ parametros: Parametros) -> Bool {
        !conta.emRevisao && parametros.hoje - conta.vencimento > parametros.diasVencimento && conta.valor > .zero
    }

    /// - Parameter contasPermitidas: with a predecessor validated per item, only these bills count.
    public static func avaliar(
        _ imovel: ImovelAvaliado, acao: AcaoDocumentos, criterio: CriterioDocumentos, parametros: Parametros,
        contasPermitidas: Set<Int64>? = nil
    ) -> Resultado {
        if !criterio.situacoesAgua.isEmpty, !criterio.situacoesAgua.contains(imovel.situacaoAgua) {
            return .rejeitado(.situacaoLigacaoAgua)
        }
        if !criterio.situacoesEsgoto.isEmpty, !criterio.situacoesEsgoto.contains(imovel.situacaoEsgoto) {
            return .rejeitado(.situacaoLigacaoEsgoto)
        }
        if let situacao = imovel.situacaoCobranca, !criterio.emiteEmSituacaoCobranca,
            !criterio.situacoesCobranca.contains(situacao)
        {
            return .rejeitado(.situacaoCobranca)
        }
        if imovel.paralisado, !criterio.emiteEmParalisacao { return .rejeitado(.paralisacao) }
        if acao.somenteCPFCNPJValido || criterio.somenteCPFCNPJValido {
            guard let numero = imovel.cpfCnpj, Documento(numero) != nil else { return .rejeitado(.cpfCnpjInvalido) }
        }
        let debito = debito(imovel, acao: acao, parametros: parametros, contasPermitidas: contasPermitidas)
        if debito.quantidadeContas == 0, debito.valor == .zero {
            return acao.imovelSemDebito || criterio.imovelSemDebito ? .selecionado(debito) : .rejeitado(.semDebito)
        }
        let linhas = criterio.linhas.filter { $0.perfil == imovel.perfil && imovel.categorias.contains($0.categoria) }
        guard !linhas.isEmpty else { return .rejeitado(.semLinha) }
        // Any linha of the imóvel's perfil and categorias admits it.
        if !linhas.contains(where: { $0.valor.contains(debito.valor) }) { return .rejeitado(.valorForaDoIntervalo) }
        if !linhas.contains(where: { $0.valor.contains(debito.valor) && $0.contas.contains(debito.quantidadeContas) }) {
            return .rejeitado(.quantidadeContasForaDoIntervalo)
        }
        return .selecionado(debito)
    }

    /// The items the document would charge, in due-date order: bills (and, per the action's
    /// indicators, guias, débitos a cobrar and créditos a realizar) and the acréscimos.
    public static func debito(
        _ imovel: ImovelAvaliado, acao: AcaoDocumentos, parametros: Parametros, contasPermitidas: Set<Int64>? = nil
    ) -> DebitoSelecionado {
        var itens: [DebitoSelecionado.Item] = []
        func acrescimos(_ conta: ImovelAvaliado.Conta) -> Centavos {
            guard acao.acrescimosImpontualidade else { return .zero }
            return AcrescimosImpontualidade.calcular(
                valor: conta.valor, vencimento: conta.vencimento, dataBase: parametros.hoje,
                parametros: parametros.acrescimos
            ).total
        }
        let contas = imovel.contas
            .filter { contaConta($0, parametros) && (contasPermitidas?.contains($0.id) ?? true) }
            .sorted { ($0.vencimento, $0.id) < ($1.vencimento, $1.id) }
        for conta in contas {
            itens.append(.init(tipo: .conta, id: conta.id, valor: conta.valor, acrescimos: acrescimos(conta),
                               vencimento: conta.vencimento, referencia: conta.referencia))
        }
        if acao.notasPromissorias {
            for guia in imovel.guias where contaConta(guia, parametros) {
                itens.append(.init(tipo: .guia, id: guia.id, valor: guia.valor, acrescimos: acrescimos(guia),
                                   vencimento: guia.vencimento))
            }
        }
        if acao.debitosACobrar {
            for debito in imovel.debitosACobrar { itens.append(.init(tipo: .debitoACobrar, id: debito.id, valor: debito.valor)) }
        }
        var valor = itens.reduce(Centavos.zero) { $0 + $1.valor }
        if acao.creditosARealizar {
            for credito in imovel.creditosARealizar {
                itens.append(.init(tipo: .creditoARealizar, id: credito.id, valor: credito.valor))
                valor = valor - credito.valor
            }
        }
        return DebitoSelecionado(
            itens: itens, quantidadeContas: contas.count, valor: max(valor, .zero),
            acrescimos: itens.reduce(Centavos.zero) { $0 + $1.acrescimos })
    }
}
