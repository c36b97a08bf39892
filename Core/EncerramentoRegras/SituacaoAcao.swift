/// How closing a service order changes its collection document's situação da ação
/// (`atualizarCobrancaDocumentoAposEncerrarOS`; CobrancaAcaoSituacao ids of migration 0005).
public enum SituacaoAcao: Int, Sendable, Hashable, CaseIterable {
    case pendente = 1
    case executada = 2
    case cancelada = 3
    case canceladaPrazo = 4
    case fiscalizada = 5
    case enviados = 6
    case suspensaPagamento = 7
    case suspensaParcelamento = 8
    case suspensaCancelamento = 9

    /// Executed (the motivo's indicador de execução) → EXECUTADA; motivo 32 → CANCELADA PRAZO;
    /// any other motivo without execution (a justification) → CANCELADA.
    public static func aposEncerrar(motivo: Int, execucao: Bool) -> SituacaoAcao {
        if execucao { return .executada }
        return motivo == PrazoDecurso.motivo ? .canceladaPrazo : .cancelada
    }
}
