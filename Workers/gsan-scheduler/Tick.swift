import Contratos
import Cronogramas
import EncerramentoOS
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
        // Day by day: the closes of the billing calendar and the collection activities due on the
        // earliest unfinished day, nothing due after it (docs/cronograma.md, "Dia a dia").
        let fechamentos = try InicioFechamento.pendentes(hoje: hoje, db: db)
        let (enqueued, realized, dia) = try DespachoAtividades.executar(
            hoje: hoje, outrasPendencias: fechamentos.map(\.data).min(), db: db, logger: logger)
        // The lost-discount batch: one job per day (its id is the day), whatever the passes.
        let daily = try db.withTransaction { try PerdaDescontoDiaria.enfileirarDoDia(hoje, db: $0) } ? 1 : 0
        // The fiscalizações de serviço whose 20 days ended, closed by decurso de prazo (seed 002 §1.3.1): one job per day.
        let decurso = try db.withTransaction { try FiscalizacaoDecurso.enfileirarDoDia(hoje, db: $0) } ? 1 : 0
        // The Boletim de Medição of each group's month whose actions are all ENCERRADAS (docs/medicao.md).
        let boletins = try BoletimAgendado.enfileirar(hoje: hoje, db: db, logger: logger)
        // The automatic OS seletiva of each collection cycle closed (seed 002 §1.3.1), once per group and cycle;
        // after the activities, so a cycle whose last ENCERRAR this pass realized is seen in the same pass.
        let seletivas = try db.withTransaction { try SeletivaAutomatica.enfileirarDevidos(hoje: hoje, db: $0) }
        let devidos = fechamentos.filter { fechamento in !fechamento.iniciado && dia.map { fechamento.data <= $0 } ?? false }
        return (enqueued + daily + decurso + boletins + seletivas, realized, try startCloses(devidos, db: db))
    }

    /// The billing calendar: each group whose close date for its open reference has come — on
    /// the pass's day — gets its close chain (once: the chain's id is the group and reference).
    /// A refused close (the month not begun…) is logged and tried again next pass.
    private func startCloses(_ devidos: [InicioFechamento.Pendente], db: PostgresConnection) throws -> Int {
        var started = 0
        for (grupo, referencia) in devidos.map({ ($0.grupo, $0.referencia) }) {
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
