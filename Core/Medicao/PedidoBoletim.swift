import Contratos
import GSANModel
import JobRuntime
import Postgres

/// Solicitar Geração do Boletim de Medição (seed 002 §2.6.1): the checks a person gets an answer
/// to before anything is enqueued, then the job (one per group or contract and month, ever).
public enum PedidoBoletim {
    public enum Alvo: Sendable, Hashable {
        case grupo(Int)
        case contrato(empresa: Int, contrato: Int)
    }

    public struct Enfileirado: Sendable, Hashable {
        public var jobID: String
        public var novo: Bool
        public var grupos: [Int]
    }

    /// Checks and enqueues in one transaction.
    public static func enfileirar(_ alvo: Alvo, referencia: Int, hoje: CivilDate, familia: String? = nil, db: PostgresConnection) throws -> Enfileirado {
        try db.withTransaction { db in
            switch alvo {
            case .grupo(let g):
                guard try db.query("SELECT 1 FROM cobranca.cobranca_grupo WHERE cbgr_id = $1", [g]).first != nil else {
                    throw ErroMedicao("Grupo de cobrança \(g) inexistente.")
                }
                _ = try ContratoDoGrupo.contratosDoBoletim(grupo: g, referencia: referencia, db: db)
                if try GeracaoBoletim.existente(.grupo(g), referencia: referencia, db: db) != nil { throw ErroMedicao(GeracaoBoletim.boletimExiste) }
                try GeracaoBoletim.conferirAcoesEncerradas(grupo: g, referencia: referencia, db: db)
                let p = BoletimDoGrupo(grupo: g, referencia: referencia, data: hoje)
                let id = MedicaoJobs.idGrupo(p)
                let kind = familia.map { MedicaoJobs.grupo.inFamily($0) } ?? MedicaoJobs.grupo
                return Enfileirado(jobID: id, novo: try Outbox.enqueue(JobSpec(id: id, kind: kind, payload: p), on: db), grupos: [g])
            case .contrato(let e, let c):
                try CadastroContratos.travar(c, empresa: e, db: db)
                let grupos = try GeracaoBoletim.gruposDoContrato(c, db: db)
                if grupos.isEmpty {
                    if try GeracaoBoletim.existente(.contrato(c), referencia: referencia, db: db) != nil { throw ErroMedicao(GeracaoBoletim.boletimExiste) }
                } else {
                    let faltando = try grupos.filter { try GeracaoBoletim.existente(.grupo($0), referencia: referencia, db: db) == nil }
                    if faltando.isEmpty { throw ErroMedicao(GeracaoBoletim.boletimExiste) }
                    for g in faltando { try GeracaoBoletim.conferirAcoesEncerradas(grupo: g, referencia: referencia, db: db) }
                }
                let p = BoletimDoContrato(empresa: e, contrato: c, referencia: referencia, data: hoje)
                let id = MedicaoJobs.idContrato(p)
                let kind = familia.map { MedicaoJobs.contrato.inFamily($0) } ?? MedicaoJobs.contrato
                return Enfileirado(jobID: id, novo: try Outbox.enqueue(JobSpec(id: id, kind: kind, payload: p), on: db), grupos: grupos)
            }
        }
    }

    /// The bulletins generated for the target and month (id, group or nil).
    public static func boletins(_ alvo: Alvo, referencia: Int, db: PostgresConnection) throws -> [Int] {
        switch alvo {
        case .grupo(let g):
            return try db.query(
                "SELECT cobm_id FROM cobranca.cobr_boletim_medicao WHERE cbgr_id = $1 AND cobm_amreferencia = $2 ORDER BY cese_id, cobm_id", [g, referencia]
            ).map { try $0.decode(Int.self, at: 0) }
        case .contrato(_, let c):
            return try db.query(
                "SELECT cobm_id FROM cobranca.cobr_boletim_medicao WHERE cese_id = $1 AND cobm_amreferencia = $2 ORDER BY cbgr_id NULLS FIRST, cobm_id",
                [c, referencia]
            ).map { try $0.decode(Int.self, at: 0) }
        }
    }
}
