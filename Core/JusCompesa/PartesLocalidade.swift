import GSANCobranca

/// The payload of one localidade's post-close job.
public struct PartePosFechamento: Codable, Sendable, Hashable {
    public var grupoFaturamento: Int
    public var referencia: Int
    public var localidade: Int
    /// The version being written (`jcrd_id`).
    public var remessa: Int
    /// Read once by the group-level job: every part of a version uses the same.
    public var parametros: ParametrosAcrescimos

    public init(grupoFaturamento: Int, referencia: Int, localidade: Int, remessa: Int, parametros: ParametrosAcrescimos) {
        self.grupoFaturamento = grupoFaturamento
        self.referencia = referencia
        self.localidade = localidade
        self.remessa = remessa
        self.parametros = parametros
    }
}

/// The payload of one localidade's pre-close job.
public struct PartePreFechamento: Codable, Sendable, Hashable {
    public var grupoFaturamento: Int
    public var referencia: Int
    public var localidade: Int
    /// The requests (`jcii_id`) of the localidade's imóveis pending when the group-level job
    /// ran: the job looks them up by key instead of searching all pending requests for its
    /// localidade. Later ones wait for the next close.
    public var entradas: [Int64]

    public init(grupoFaturamento: Int, referencia: Int, localidade: Int, entradas: [Int64]) {
        self.grupoFaturamento = grupoFaturamento
        self.referencia = referencia
        self.localidade = localidade
        self.entradas = entradas
    }
}
