import AMQP
import Foundation
import GSANSeed
import JobRuntime
import Postgres
import TestSupport
import Testing

/// `gsan-scheduler` processes against a generated utility: one leads, the other stands
/// by and takes over when the leader is killed; every activity of the earliest due day becomes
/// one job, and nothing of the later days (closes included) while that day's work is unfinished
/// (the catch-up is day by day, docs/cronograma.md); what a killed leader wrote but never
/// published is published by the next.
@Suite(.serialized) struct SchedulerProcessTests {
    @Test func oneSchedulerLeadsTheOtherTakesOverAndEachDueActivityBecomesOneJob() async throws {
        // A broker of its own: the closes it starts go to the real `faturamento` family.
        let amqpURL = try TestServers.amqpURL(vhost: "gsan_test_agenda")
        try await withScratchDatabase(migrations: nil) { url in
            let db = try PostgresConnection(url: url, logger: quietLogger)
            try Seeder(options: SeedOptions(imoveis: 600, seed: 3), logger: quietLogger).run(connection: db)
            func count(_ sql: String) throws -> Int { try db.query(sql).first?.decode(Int.self, at: 0) ?? -1 }
            // The earliest day of the commanded activities (before any close date of the calendar),
            // each action's first in the catalog's order (SIMULAR before EMITIR).
            let due = try count(
                """
                SELECT count(*) FROM cobranca.cobranca_acao_ativ_crg a JOIN cobranca.cobranca_atividade t USING (cbat_id)
                WHERE a.caac_tmcomando IS NOT NULL AND a.caac_tmrealizacao IS NULL AND a.cbat_id IN (1, 2, 3, 5)
                  AND a.caac_dtprevista = (SELECT min(caac_dtprevista) FROM cobranca.cobranca_acao_ativ_crg
                                           WHERE caac_tmcomando IS NOT NULL AND cbat_id IN (1, 2, 3, 5))
                  AND NOT EXISTS (
                      SELECT 1 FROM cobranca.cobranca_acao_ativ_crg b JOIN cobranca.cobranca_atividade u USING (cbat_id)
                      WHERE b.cbcr_id = a.cbcr_id AND b.caac_dtprevista = a.caac_dtprevista AND b.caac_tmcomando IS NOT NULL
                        AND b.cbat_id IN (1, 2, 3, 5) AND u.cbat_nnordemrealizacao < t.cbat_nnordemrealizacao)
                """)
            #expect(due > 0, "the generated cronograma has commanded activities due by 30/06/2025")
            #expect(
                try count(
                    """
                    SELECT count(*) FROM faturamento.faturamento_grupo
                    WHERE make_date(ftgr_amreferencia / 100, ftgr_amreferencia % 100, ftgr_nndiaencerramento)
                          <= (SELECT min(caac_dtprevista) FROM cobranca.cobranca_acao_ativ_crg WHERE caac_tmcomando IS NOT NULL)
                    """) == 0, "no close falls on or before the first activity's day")
            let dispatched = JobFilter(idLike: "cobranca.atividade:caac=%")

            let arguments = ["--intervalo", "0.5", "--hoje", "30/06/2025"]
            // Killed between its database write and the publish: a leader whose broker is
            // unreachable writes the jobs to the outbox, then dies; the next leader publishes them.
            let blind = try WorkerProcess(
                "gsan-scheduler", arguments: arguments, amqpURL: "amqp://gsan:x@127.0.0.1:1/", databaseURL: url)
            #expect(try waitUntil(timeout: 60) { try JobRecords.count(dispatched, db: db) == due }, "\(blind.log)")
            blind.kill()
            #expect(try JobRecords.count(JobFilter(excludingStates: [.pending]), db: db) == 0)

            let first = try WorkerProcess("gsan-scheduler", arguments: arguments, amqpURL: amqpURL, databaseURL: url)
            defer { first.kill() }
            #expect(waitUntil(timeout: 60) { first.log.contains("liderança assumida") }, "\(first.log)")
            #expect(try JobRecords.count(dispatched, db: db) == due)
            let second = try WorkerProcess("gsan-scheduler", arguments: arguments, amqpURL: amqpURL, databaseURL: url)
            defer { second.kill() }
            #expect(waitUntil(timeout: 60) { second.log.contains("aguardando em espera") }, "\(second.log)")
            #expect(first.log.contains("liderança assumida") && !second.log.contains("liderança assumida"))

            first.kill()
            #expect(waitUntil(timeout: 60) { second.log.contains("liderança assumida") }, "\(second.log)")
            #expect(waitUntil(timeout: 60) { second.log.contains("passagem concluída") })
            // Still one job per activity, and the new leader's relay published them all.
            #expect(try JobRecords.count(dispatched, db: db) == due)
            #expect(
                try waitUntil(timeout: 30) {
                    try JobRecords.count(.state(.published, idLike: "cobranca.atividade:caac=%"), db: db) == due
                })
            // The billing calendar: every group's close date (day ≤ 28 of 06/2025) has come, but
            // after the first day's activities, which nobody runs here: no close started yet.
            #expect(try JobRecords.count(JobFilter(idLike: "fechamento:grupo=%:ref=202506", kind: "fechamento.iniciar"), db: db) == 0)
            let kinds = Set(try JobRecords.list(dispatched, db: db).map(\.kind)).sorted()
            #expect(Set(kinds).isSubset(of: ["documentos.atividade", "encerramento.acao", "encerramento.os"]) && !kinds.isEmpty)

            // A job tree that finished marks its activity realized, at the job's own instant.
            let one = try #require(try JobRecords.list(dispatched, db: db).first?.id)
            try JobRecordsDrill.overwriteState(one, to: .done, finishedAt: Date(timeIntervalSince1970: 1_751_284_800), db: db)
            let caac = Int(one.split(separator: "=").last!)!
            #expect(
                try waitUntil(timeout: 20) {
                    try count("SELECT count(*) FROM cobranca.cobranca_acao_ativ_crg WHERE caac_id = \(caac) AND caac_tmrealizacao = '2025-06-30 12:00:00+00'") == 1
                }, "\(second.log)")
            #expect(try count("SELECT count(*) FROM cobranca.cobranca_acao_ativ_crg WHERE caac_tmrealizacao IS NOT NULL AND caac_id <> \(caac)") == 0)
            #expect(second.terminate() == 0, "\(second.log)")

            // --once (for cron): one pass, publish, exit 0; nothing new to enqueue.
            let jobs = try JobRecords.count(JobFilter(), db: db)
            let once = try WorkerProcess(
                "gsan-scheduler", arguments: ["--once", "--hoje", "30/06/2025"], amqpURL: amqpURL, databaseURL: url)
            #expect(once.wait(timeout: 60) == 0, "\(once.log)")
            #expect(once.log.contains("passagem concluída"), "\(once.log)")
            #expect(try JobRecords.count(JobFilter(), db: db) == jobs)
        }
        // Nobody consumes these families in the tests: empty them for the next run.
        let connection = try AMQPConnection(url: amqpURL)
        let channel = try connection.openChannel()
        for family in ["documentos", "encerramento", "faturamento"] { _ = try? channel.purgeQueue(Topology.workQueue(family)) }
        connection.close()
    }
}
