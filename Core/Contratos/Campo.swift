public import JobRuntime

/// The jobs of `gsan-campo trabalhar` (family `campo`): the readings a rota's phone sent,
/// processed into the histories and the bills, one batch at a time. An upload enqueues its
/// rota's batch in the transaction that stores it (when the batch was not pending already).
/// Handler: Core/Campo/ProcessamentoRetorno.swift.
public enum CampoJobs {
    public static let processarRota = JobKind("campo.rota", family: Familia.campo, timeout: .seconds(10 * 60))
}

/// The processing batch of one rota and referência: every imóvel stored since the last batch.
public struct LoteRetorno: PayloadJob, Hashable {
    public var rota: Int
    public var referencia: Int
    public var lote: Int

    public init(rota: Int, referencia: Int, lote: Int) {
        self.rota = rota
        self.referencia = referencia
        self.lote = lote
    }

    /// One job per batch, ever: `campo.rota:rota=R:ref=AAAAMM:lote=N`.
    public var idJob: String { "campo.rota:rota=\(rota):ref=\(referencia):lote=\(lote)" }

    /// Each field on its own, naming it (issue 15): a bad batch message is dead at once.
    public func validate() throws {
        try InvalidPayload.checkID(rota, "rota")
        try InvalidPayload.checkReferencia(referencia)
        try InvalidPayload.checkID(lote, "lote")
    }
}
