public import GSANCobranca
public import GSANModel
public import JobRuntime

/// The jobs of `gsan-juscompesa` (family `juscompesa`): the two steps of the close chain
/// (``CadeiaFechamento/juscompesaPre`` and ``CadeiaFechamento/juscompesaPos``, payload
/// ``ReferenciaDoGrupo``) and their per-localidade children, `<parent id>/loca=N`. A parent
/// is done when its last child is; the close (or the chain's end) waits for it. Handlers:
/// Core/JusCompesa/JusCompesaJobs.swift.
public enum JusCompesaJobs {
    public static let preLocalidade = JobKind(
        "juscompesa.pre-fechamento.localidade", family: Familia.juscompesa, timeout: .seconds(10 * 60))
    public static let posLocalidade = JobKind(
        "juscompesa.pos-fechamento.localidade", family: Familia.juscompesa, timeout: .seconds(10 * 60))

    /// The child of `pai` for one localidade: deterministic, so enqueueing it twice is one job.
    public static func idParte(_ pai: String, localidade: Int) -> String { "\(pai)/loca=\(localidade)" }
}

/// The payload of one localidade's post-close job.
public struct PartePosFechamento: PayloadJob, Hashable {
    public var grupoFaturamento: Int
    public var referencia: Int
    public var localidade: Int
    /// The version being written (`jcrd_id`).
    public var remessa: Int
    /// Read once by the group-level job: every part of a version uses the same.
    public var parametros: ParametrosAcrescimos
    /// The close's processing date (``ReferenciaDoGrupo/hoje``): the bills' review date. Absent: the real date.
    public var hoje: CivilDate?

    public init(
        grupoFaturamento: Int, referencia: Int, localidade: Int, remessa: Int, parametros: ParametrosAcrescimos,
        hoje: CivilDate? = nil
    ) {
        self.grupoFaturamento = grupoFaturamento
        self.referencia = referencia
        self.localidade = localidade
        self.remessa = remessa
        self.parametros = parametros
        self.hoje = hoje
    }

    public func validate() throws {
        try InvalidPayload.checkID(grupoFaturamento, "grupoFaturamento")
        try InvalidPayload.checkReferencia(referencia)
        try InvalidPayload.checkID(localidade, "localidade")
        try InvalidPayload.checkID(remessa, "remessa")
        for (campo, valor) in [
            ("parametros.multa", parametros.multa), ("parametros.jurosMensais", parametros.jurosMensais),
            ("parametros.atualizacaoMensal", parametros.atualizacaoMensal),
        ] where !(0...10_000).contains(valor) {
            throw InvalidPayload("\(campo) \(valor) fora de 0…10000 (centésimos de ponto percentual: 0,00 % a 100,00 %)")
        }
    }
}

/// The payload of one localidade's pre-close job.
public struct PartePreFechamento: PayloadJob, Hashable {
    public var grupoFaturamento: Int
    public var referencia: Int
    public var localidade: Int
    /// The requests (`jcii_id`) of the localidade's imóveis pending when the group-level job
    /// ran: the job looks them up by key instead of searching all pending requests for its
    /// localidade. Later ones wait for the next close.
    public var entradas: [Int64]
    /// The close's processing date (``ReferenciaDoGrupo/hoje``): the dates the inclusions and
    /// withdrawals write. Absent: the real date.
    public var hoje: CivilDate?

    public init(grupoFaturamento: Int, referencia: Int, localidade: Int, entradas: [Int64], hoje: CivilDate? = nil) {
        self.grupoFaturamento = grupoFaturamento
        self.referencia = referencia
        self.localidade = localidade
        self.entradas = entradas
        self.hoje = hoje
    }

    public func validate() throws {
        try InvalidPayload.checkID(grupoFaturamento, "grupoFaturamento")
        try InvalidPayload.checkReferencia(referencia)
        try InvalidPayload.checkID(localidade, "localidade")
        guard entradas.count <= 5_000_000 else { throw InvalidPayload("entradas: \(entradas.count) pedidos (máximo 5000000)") }
        if let ruim = entradas.first(where: { $0 < 1 }) { throw InvalidPayload("entradas: id \(ruim) não positivo") }
    }
}
