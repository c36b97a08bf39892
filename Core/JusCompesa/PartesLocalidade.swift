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

    public init(grupoFaturamento: Int, referencia: Int, localidade: Int) {
        self.grupoFaturamento = grupoFaturamento
        self.referencia = referencia
        self.localidade = localidade
    }
}
