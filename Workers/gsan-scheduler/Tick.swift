import Contratos
import Cronogramas
import Faturamento
import Foundation
import GSANModel
import JobRuntime
import Logging
import ParcelamentoJudicial
import Postgres

/// One pass of the scheduler: every commanded activity whose planned date has come and
/// which is not realized becomes its job, in one transaction with the outbox.
struct Tick {
    var hoje: CivilDate
    var logger: Logger

    /// Returns how many jobs this pass enqueued (0 when all were enqueued before), how many
    /// activities it marked realized and how many monthly closes it started.
    func run(db: PostgresConnection) throws -> (enqueued: Int, realized: Int, closes: Int) {
        let (enqueued, realized) = try dispatchActivities(db: db)
        // The lost-discount batch: one job per day (its id is the day), whatever the passes.
        let daily = try db.withTransaction { try PerdaDescontoDiaria.enfileirarDoDia(hoje, db: $0) } ? 1 : 0
        return (enqueued + daily, realized, try startCloses(db: db))
    }

    /// The billing calendar: each group whose close date for its open reference has come gets
    /// its close chain (once: the chain's id is the group and reference). A refused close (the
    /// month not begun…) is logged and tried again next pass.
    private func startCloses(db: PostgresConnection) throws -> Int {
        var started = 0
        for (grupo, referencia) in try InicioFechamento.devidos(hoje: hoje, db: db) {
            do {
                if case .iniciado(let jobID) = try InicioFechamento.iniciar(grupo: grupo, referencia: referencia, hoje: hoje, db: db) {
                    started += 1
                    logger.info("fechamento iniciado pelo calendário", metadata: ["job.id": .string(jobID)])
                }
            } catch let recusa as RecusaFechamento {
                logger.warning("fechamento devido não iniciado", metadata: ["grupo": "\(grupo)", "motivo": "\(recusa)"])
            }
        }
        return started
    }

    private func dispatchActivities(db: PostgresConnection) throws -> (enqueued: Int, realized: Int) {
        try db.withTransaction { db in
            // An activity is realized when its job tree finished: the job (done only after
            // its last child) carries the instant.
            let realized = try db.execute(
                """
                UPDATE cobranca.cobranca_acao_ativ_crg a
                SET caac_tmrealizacao = j.finished_at, caac_nnversao = a.caac_nnversao + 1
                FROM jobs.job j
                WHERE j.id = 'cobranca.atividade:caac=' || a.caac_id AND j.state = 'done'
                  AND a.caac_tmcomando IS NOT NULL AND a.caac_tmrealizacao IS NULL
                """)
            // Locked: an operator un-commanding an activity (gsan cronograma) either commits
            // before this pass reads it or waits for the job to exist and is refused.
            let rows = try db.query(
                """
                SELECT a.caac_id, a.cbat_id, c.cbac_id, m.cbgr_id, m.cbcm_amreferencia::int
                FROM cobranca.cobranca_acao_ativ_crg a
                JOIN cobranca.cobranca_acao_cronograma c ON c.cbcr_id = a.cbcr_id
                JOIN cobranca.cobranca_grupo_crg_mes m ON m.cbcm_id = c.cbcm_id
                WHERE a.caac_tmcomando IS NOT NULL AND a.caac_tmrealizacao IS NULL AND a.caac_dtprevista <= $1::date
                ORDER BY a.caac_dtprevista, a.caac_id
                FOR UPDATE OF a
                """, [hoje.iso])
            var enqueued = 0
            for row in rows {
                let (caac, atividade, acao, grupo, referencia) = try row.decode((Int, Int, Int, Int, Int).self)
                guard let kind = AtividadeDespacho.kind(atividade: atividade) else {
                    logger.warning("atividade sem job correspondente", metadata: ["caac": "\(caac)", "atividade": "\(atividade)"])
                    continue
                }
                let payload = AtividadeDespacho.Payload(
                    atividadeCronograma: caac, acao: acao, atividade: atividade, grupo: grupo, referencia: referencia,
                    simular: atividade == 1)
                let spec = try JobSpec(
                    id: AtividadeDespacho.jobID(atividadeCronograma: caac), kind: kind, payload: payload,
                    correlationID: "cobranca.cronograma:grupo=\(grupo):ref=\(referencia)")
                if try Outbox.enqueue(spec, on: db) {
                    enqueued += 1
                    logger.info("atividade despachada", metadata: ["job.id": .string(spec.id), "job.kind": .string(kind.name)])
                }
            }
            return (enqueued, realized)
        }
    }
}
