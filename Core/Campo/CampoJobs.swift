import JobRuntime

/// The processing batch of one rota and referência: every imóvel stored since the last batch.
public struct LoteRetorno: Codable, Sendable, Hashable {
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
}

/// The jobs of `gsan-campo trabalhar` (family `campo`).
public enum CampoJobs {
    /// Processes a rota's stored readings into the histories and the bills (payload ``LoteRetorno``).
    public static let processarRota = JobKind("campo.rota", family: "campo", timeout: .seconds(10 * 60))
}
