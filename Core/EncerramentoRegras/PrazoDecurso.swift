import GSANModel

/// The decurso de prazo (seed 002 §1.2.2–1.2.4; GSAN-FACTS §4): a service order the contractor
/// neither executed nor justified within D + N business days is closed without execution, motivo
/// 32 CANCELADO POR DECURSO DE PRAZO.
public enum PrazoDecurso {
    /// AtendimentoMotivoEncerramento.CANCELADO_POR_DECURSO_DE_PRAZO.
    public static let motivo = 32
    /// ServicoTipo.FISCALIZACAO.
    public static let servicoFiscalizacao = 705
    public static let parecer = "ENCERRADA POR DECURSO DE PRAZO"

    /// What the rule needs about one pending order.
    public struct Ordem: Sendable, Hashable {
        public var servico: Int
        /// The day the order (and its document) was issued.
        public var emissao: CivilDate
        /// The service's term in business days (`svtp_nndiasprazoexecucao`).
        public var diasServico: Int?

        public init(servico: Int, emissao: CivilDate, diasServico: Int?) {
            self.servico = servico
            self.emissao = emissao
            self.diasServico = diasServico
        }
    }

    /// The last day the contractor has for the order, or nil when it never closes by decurso.
    ///
    /// - An order of the action counts D + N business days (N the service's term) from the
    ///   contractor's receipt of the documents ("a partir do recebimento dos documentos pela empresa
    ///   contratada"), or from the emission while no receipt is recorded.
    /// - A fiscalização order counts N = the parameter `numeroDiasEncerrarOsFiscalizacaoDecursoPrazo`
    ///   from its emission; with the parameter 0 fiscalização orders are left open.
    /// - Business days: the utility's calendar (weekends and its holidays excluded).
    public static func vencimento(
        _ ordem: Ordem, recebimento: CivilDate?, diasFiscalizacao: Int, calendario: CalendarioUteis
    ) -> CivilDate? {
        if ordem.servico == servicoFiscalizacao {
            guard diasFiscalizacao > 0 else { return nil }
            return calendario.somar(diasFiscalizacao, a: ordem.emissao)
        }
        guard let dias = ordem.diasServico else { return nil }
        // A receipt recorded before the emission (a typing slip) cannot shorten the term.
        let inicio = max(recebimento ?? ordem.emissao, ordem.emissao)
        return calendario.somar(dias, a: inicio)
    }

    /// Past its last day: closed by a pass on `data` ("quando hoje > vencimento").
    public static func vencida(_ vencimento: CivilDate?, em data: CivilDate) -> Bool {
        guard let vencimento else { return false }
        return data > vencimento
    }
}
