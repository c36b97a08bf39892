public import GSANModel
public import JobRuntime

/// A billing group's reference: what every job of the monthly close works on.
public struct ReferenciaDoGrupo: PayloadJob, Hashable {
    /// `ftgr_id`.
    public var grupoFaturamento: Int
    /// `AAAAMM`, the reference being closed.
    public var referencia: Int
    /// The processing date of the close (the scheduler's day, `--hoje` included; `gsan
    /// fechamento`'s): the emission date of the bills, the close's date, the review date of
    /// the JusCompesa steps. Absent (payloads written before it): the real date.
    public var hoje: CivilDate?

    public init(grupoFaturamento: Int, referencia: Int, hoje: CivilDate? = nil) {
        self.grupoFaturamento = grupoFaturamento
        self.referencia = referencia
        self.hoje = hoje
    }

    public var mesAno: String { Referencia.mesAno(referencia) }

    public func validate() throws {
        try InvalidPayload.checkID(grupoFaturamento, "grupoFaturamento")
        try InvalidPayload.checkReferencia(referencia)
    }
}

/// The monthly close as a chain of jobs (seed 000: the JusCompesa update runs before the close,
/// the debt table after it):
///
/// 1. `fechamento.iniciar` checks the reference is still open and enqueues, as its child, the
///    JusCompesa pre-close update; its continuation is step 2.
/// 2. `faturamento.encerrar` closes the reference in one transaction and enqueues, as its
///    children, what follows the close (the JusCompesa post-close jobs, and `rotas.grupo`: the
///    route files of the next reading cycle, whose bills the close pre-billed). The chain is
///    complete when this job is done (it stays waiting until its children are).
///
/// Every id derives from the group and reference, so starting the close twice is one chain, and
/// a chain stopped by a dead job resumes when that job is replayed (its parent then completes
/// and the continuation runs).
public enum CadeiaFechamento {
    /// Handled by `gsan-faturamento`.
    public static let iniciar = JobKind("fechamento.iniciar", family: Familia.faturamento)
    /// Handled by `gsan-faturamento`.
    public static let encerrar = JobKind("faturamento.encerrar", family: Familia.faturamento, timeout: .seconds(20 * 60))
    /// Handled by `gsan-juscompesa`: apply what JusCompesa reported before the close.
    public static let juscompesaPre = JobKind(
        "juscompesa.pre-fechamento", family: Familia.juscompesa, timeout: .seconds(20 * 60))
    /// Handled by `gsan-juscompesa`: after the close, extend the judicial periods to the new
    /// bills and publish the debt table JusCompesa reads.
    public static let juscompesaPos = JobKind(
        "juscompesa.pos-fechamento", family: Familia.juscompesa, timeout: .seconds(20 * 60))
    /// Handled by `gsan-rotas` (payload ``PedidoRotas``): one child job per rota of the group.
    public static let rotas = JobKind("rotas.grupo", family: Familia.rotas, timeout: .seconds(10 * 60))

    /// The chain's correlation id, and the id of its first job.
    public static func id(_ alvo: ReferenciaDoGrupo) -> String {
        "fechamento:grupo=\(alvo.grupoFaturamento):ref=\(alvo.referencia)"
    }

    public static func idEncerrar(_ alvo: ReferenciaDoGrupo) -> String { id(alvo) + "/encerrar" }
    public static func idJuscompesaPre(_ alvo: ReferenciaDoGrupo) -> String { id(alvo) + "/juscompesa-pre" }
    public static func idJuscompesaPos(_ alvo: ReferenciaDoGrupo) -> String { id(alvo) + "/juscompesa-pos" }
    /// The close's route files: the reference after the closed one.
    public static func idRotas(_ alvo: ReferenciaDoGrupo) -> String { id(alvo) + "/rotas" }
}

/// The route files of a group's reference (seed 004), asked by the close (for the next
/// reading cycle, whose bills the close pre-billed) or on demand; kind ``CadeiaFechamento/rotas``.
public struct PedidoRotas: PayloadJob, Hashable {
    public var grupoFaturamento: Int
    /// `AAAAMM` of the bills the files carry.
    public var referencia: Int
    /// Only this rota (`rota_id`), or every rota of the group.
    public var rota: Int?

    public init(grupoFaturamento: Int, referencia: Int, rota: Int? = nil) {
        self.grupoFaturamento = grupoFaturamento
        self.referencia = referencia
        self.rota = rota
    }

    /// The group and rota are ids of integer columns, the referência a real `AAAAMM`.
    public func validate() throws {
        try InvalidPayload.checkID(grupoFaturamento, "grupoFaturamento")
        try InvalidPayload.checkReferencia(referencia)
        if let rota { try InvalidPayload.checkID(rota, "rota") }
    }

    /// The id of an on-demand request (`gsan rotas gerar`, `gsan-rotas enfileirar`): a new job
    /// at each call (`instante`, seconds since 1970), unlike the close's.
    public func idAvulso(instante: Int) -> String {
        "rotas:grupo=\(grupoFaturamento):ref=\(referencia)" + (rota.map { ":rota=\($0)" } ?? "") + ":\(instante)"
    }
}
