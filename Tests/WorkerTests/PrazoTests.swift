import Foundation
import JobRuntime
import Postgres
import TestSupport
import Testing

/// Programs that must end on their own never hang: past their deadline they say why and exit
/// with 124, whatever they were waiting for.
@Suite(.serialized) struct PrazoTests {
    @Test func schedulerOnceWithAWrongPasswordGivesUpWithTheReason() async throws {
        let good = try TestServers.databaseURL()
        var components = try #require(URLComponents(string: good))
        components.password = "senha-errada-123"
        let wrong = try #require(components.string)
        let started = Date()
        let scheduler = try WorkerProcess(
            "gsan-scheduler", arguments: ["--once", "--prazo", "3", "--log", "warning"], amqpURL: try TestServers.amqpURL(),
            databaseURL: wrong)
        let status = scheduler.wait(timeout: 60)
        let elapsed = Date().timeIntervalSince(started)
        #expect(status == 124, "\(scheduler.log)")
        #expect(elapsed < 30, "desistiu em \(elapsed) s")
        #expect(scheduler.log.contains("gsan-scheduler --once: desistiu depois de 3 s sem terminar"), "\(scheduler.log)")
        #expect(scheduler.log.contains("último problema: PostgreSQL indisponível"), "\(scheduler.log)")
        #expect(!scheduler.log.contains("senha-errada-123"), "a senha não aparece no log")
    }

    @Test func aCommandWaitingOnALockedJobGivesUpAtItsDeadline() async throws {
        try await withScratchDatabase(migrations: ["0010_jobs"]) { url in
            try await onDedicatedThread {
                let db = try PostgresConnection(url: url, logger: quietLogger)
                defer { db.close() }
                try JobRecordsDrill.plant(id: "preso", kind: "exemplo.efeito", family: "exemplo", state: .dead, maxAttempts: 1, db: db)
                try db.execute("BEGIN")
                try JobRecordsDrill.lock("preso", db: db)
                let started = Date()
                let gsan = try WorkerProcess(
                    "gsan", arguments: ["dlq", "discard", "preso", "--motivo", "teste", "--operador", "teste", "--prazo", "2"],
                    amqpURL: try TestServers.amqpURL(), databaseURL: url)
                let status = gsan.wait(timeout: 60)
                try db.execute("ROLLBACK")
                #expect(status == 124, "\(gsan.log)")
                #expect(Date().timeIntervalSince(started) < 30)
                #expect(gsan.log.contains("gsan dlq: desistiu depois de 2 s sem terminar"), "\(gsan.log)")
                #expect(try JobRecords.byID("preso", db: db)?.state == .dead)
            }
        }
    }
}
