import Contratos
import Foundation
import GSANCobranca
import GSANModel

/// What the database holds for one activity row (`cobranca_acao_ativ_crg`) besides what the
/// rules read: its id (which names its job), its version, and the instants with their time.
public struct RegistroAtividade: Hashable, Sendable {
    /// `caac_id`.
    public var id: Int
    /// `caac_nnversao`: optimistic concurrency per row (the scheduler bumps it when it realizes one).
    public var versao: Int
    /// `caac_tmcomando`.
    public var comando: Date?
    /// `caac_tmrealizacao`.
    public var realizacao: Date?

    public init(id: Int, versao: Int, comando: Date? = nil, realizacao: Date? = nil) {
        self.id = id
        self.versao = versao
        self.comando = comando
        self.realizacao = realizacao
    }

    /// The job the scheduler creates for this row.
    public var jobID: String { AtividadeDespacho.jobID(atividadeCronograma: id) }
}

/// A stored monthly schedule: the rules' view (`cronograma`, whose `versao` is `cbcm_nnversao`)
/// plus the row ids and versions a save needs.
public struct CronogramaGravado: Sendable {
    /// `cbcm_id`.
    public var id: Int
    public var cronograma: CronogramaCobranca
    /// Stored activity rows. Activities of an action without a row (no planned date) are in
    /// `cronograma` with a nil date and no entry here.
    public var registros: [ChaveAtividade: RegistroAtividade]
    /// `cbcr_id` of each stored action.
    public var acoesGravadas: [Int: Int]

    public init(
        id: Int, cronograma: CronogramaCobranca, registros: [ChaveAtividade: RegistroAtividade] = [:],
        acoesGravadas: [Int: Int] = [:]
    ) {
        self.id = id
        self.cronograma = cronograma
        self.registros = registros
        self.acoesGravadas = acoesGravadas
    }

    public var versao: Int { cronograma.versao }

    /// Every stored row's version, by `caac_id`, as read.
    public var versoesDasAtividades: [Int: Int] {
        Dictionary(uniqueKeysWithValues: registros.values.map { ($0.id, $0.versao) })
    }

    /// Activity → job id for the rows that have a job in `jobsExistentes`.
    public func despachadas(jobsExistentes: Set<String>) -> [ChaveAtividade: String] {
        registros.compactMapValues { jobsExistentes.contains($0.jobID) ? $0.jobID : nil }
    }
}

/// The utility's time zone: schedules are in local dates, instants are shown in local time.
public enum FusoCobranca {
    public static let zona = TimeZone(identifier: CivilDate.fusoHorarioDaEmpresa) ?? .gmt

    /// The local day of an instant (a realization counts on the day it happened in Brasília).
    public static func dia(_ instante: Date) -> CivilDate { CivilDate.hoje(agora: instante) }

    /// `DD/MM/AAAA HH:MM:SS` in Brasília.
    public static func instante(_ data: Date) -> String {
        var calendario = Calendar(identifier: .gregorian)
        calendario.timeZone = zona
        let c = calendario.dateComponents([.year, .month, .day, .hour, .minute, .second], from: data)
        func dois(_ n: Int?) -> String { (n ?? 0) < 10 ? "0\(n ?? 0)" : "\(n ?? 0)" }
        return "\(dois(c.day))/\(dois(c.month))/\(c.year ?? 0) \(dois(c.hour)):\(dois(c.minute)):\(dois(c.second))"
    }
}
