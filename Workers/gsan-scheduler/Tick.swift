import Contratos
import Cronogramas
import Faturamento
import FaturamentoRegras
import Foundation
import GSANModel
import JobRuntime
import Logging
import Medicao
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
        let (enqueued, realized) = try DespachoAtividades.executar(hoje: hoje, db: db, logger: logger)
        // The lost-discount batch: one job per day (its id is the day), whatever the passes.
        let daily = try db.withTransaction { try PerdaDescontoDiaria.enfileirarDoDia(hoje, db: $0) } ? 1 : 0
        // The Boletim de Medição of each group's month whose actions are all ENCERRADAS (docs/medicao.md).
        let boletins = try BoletimAgendado.enfileirar(hoje: hoje, db: db, logger: logger)
        return (enqueued + daily + boletins, realized, try startCloses(db: db))
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
}
