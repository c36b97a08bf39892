public import GSANModel
public import JobRuntime

/// The jobs of `gsan-medicao` (family `medicao`; docs/medicao.md): the Boletim de Medição de
/// Cobrança (seed 002 §2.6.1; GSAN-FACTS §3.2). `gsan bm gerar` enqueues them:
///
///     medicao.grupo:grupo=G:ref=R          the group's bulletin, one transaction (idempotent)
///     medicao.contrato:cese=C:ref=R        a contract's: one child medicao.grupo per group of the
///     └─ …/grupo=G  medicao.grupo          contract, or the bulletin of a contract with no group
///
/// Handlers: Core/Medicao.
public enum MedicaoJobs {
    public static let grupo = JobKind("medicao.grupo", family: Familia.medicao, timeout: .seconds(20 * 60))
    public static let contrato = JobKind("medicao.contrato", family: Familia.medicao, timeout: .seconds(20 * 60))

    /// One bulletin per group and month, ever.
    public static func idGrupo(_ p: BoletimDoGrupo) -> String { "medicao.grupo:grupo=\(p.grupo):ref=\(p.referencia)" }
    public static func idContrato(_ p: BoletimDoContrato) -> String { "medicao.contrato:cese=\(p.contrato):ref=\(p.referencia)" }
    public static func idFilho(_ pai: String, grupo: Int) -> String { "\(pai)/grupo=\(grupo)" }
}

/// The bulletin of a collection group in a month (`medicao.grupo`).
public struct BoletimDoGrupo: PayloadJob, Hashable {
    public var grupo: Int
    public var referencia: Int
    /// The generation date written on the bulletin (the command's today).
    public var data: CivilDate

    public init(grupo: Int, referencia: Int, data: CivilDate) {
        self.grupo = grupo
        self.referencia = referencia
        self.data = data
    }

    public func validate() throws {
        try InvalidPayload.checkID(grupo, "grupo")
        try InvalidPayload.checkReferencia(referencia)
    }
}

/// The bulletins of a contract in a month (`medicao.contrato`): one per group of the contract,
/// or the contract's own when no group pays by it.
public struct BoletimDoContrato: PayloadJob, Hashable {
    public var empresa: Int
    public var contrato: Int
    public var referencia: Int
    public var data: CivilDate

    public init(empresa: Int, contrato: Int, referencia: Int, data: CivilDate) {
        self.empresa = empresa
        self.contrato = contrato
        self.referencia = referencia
        self.data = data
    }

    public func validate() throws {
        try InvalidPayload.checkID(empresa, "empresa")
        try InvalidPayload.checkID(contrato, "contrato")
        try InvalidPayload.checkReferencia(referencia)
    }
}
