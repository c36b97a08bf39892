import AMQP
import Foundation
import JobRuntime
import Logging
import Postgres
import TestSupport
import Testing

private let logger = Logger(label: "gsan.tests.admin") { _ in SwiftLogNoOpLogHandler() }

/// A broker that cannot be reached: the replay or discard must still commit, with a warning.
private func unreachableBroker() throws -> AMQPConnection {
    throw AMQPError(.connectionFailed, "conexão recusada (teste)")
}

/// A job row written straight into the table, in any state.
private func insertJob(
    _ db: PostgresConnection, _ id: String, kind: String = "exemplo.efeito", family: String = "exemplo",
    state: String = "dead", attempts: Int = 5, generation: Int = 0, lastError: String? = "erro permanente",
    parent: String? = nil, createdSecondsAgo: Int = 0
) throws {
    try db.execute(
        """
        INSERT INTO jobs.job (id, kind, family, payload, state, attempts, max_attempts, generation, parent_id,
                              created_at, published_at, started_at, finished_at, last_error, last_error_at, worker)
        VALUES ($1, $2, $3, jsonb_build_object('n', 1, 'texto', 'ação'), $4, $5, 5, $6, $7,
                now() - make_interval(secs => $8::int), now(), now(),
                CASE WHEN $4 IN ('dead', 'done') THEN now() END, $9::text, CASE WHEN $9::text IS NOT NULL THEN now() END, 'w1')
        """, [id, kind, family, state, attempts, generation, parent, createdSecondsAgo, lastError])
    if let parent {
        try db.execute("UPDATE jobs.job SET children_total = children_total + 1 WHERE id = $1", [parent])
    }
}

private struct JobRow: Equatable {
    var state: String
    var attempts: Int
    var generation: Int
    var lastError: String?
    var timingsCleared: Bool
}

private func jobRow(_ db: PostgresConnection, _ id: String) throws -> JobRow {
    let row = try #require(
        try db.query(
            """
            SELECT state, attempts, generation, last_error,
                   published_at IS NULL AND started_at IS NULL AND finished_at IS NULL
            FROM jobs.job WHERE id = $1
            """, [id]
        ).first)
    let (state, attempts, generation, lastError, cleared) = try row.decode((String, Int, Int, String?, Bool).self)
    return JobRow(
        state: state, attempts: attempts, generation: generation, lastError: lastError, timingsCleared: cleared)
}

private func events(_ db: PostgresConnection, _ id: String) throws -> [(event: String, attempt: Int, message: String?)]
{
    try db.query("SELECT event, attempt, message FROM jobs.job_event WHERE job_id = $1 ORDER BY id", [id]).map {
        try $0.decode((String, Int, String?).self)
    }
}

@Suite struct JobAdminTests {
    @Test func replayByIdsResetsDeadJobsKeepsTheErrorAndReportsEachRefusal() async throws {
        try await withScratchDatabase(migrations: ["0010_jobs"]) { url in
            try await onDedicatedThread {
                let db = try PostgresConnection(url: url, logger: logger)
                let listener = try PostgresConnection(url: url, logger: logger)
                try listener.listen(Outbox.notifyChannel)
                try insertJob(db, "a", attempts: 5, generation: 0, lastError: "timeout no banco")
                try insertJob(db, "b", attempts: 3, generation: 2)
                try insertJob(db, "c", state: "done", attempts: 1, lastError: nil)
                try db.execute(
                    "INSERT INTO jobs.job_event (job_id, event, attempt, message) VALUES ('a', 'dead', 5, 'x')")

                let outcome = try JobAdmin.replay(
                    .ids(["a", "c", "b", "zzz", "a"]), operator: "maria", db: db, broker: unreachableBroker)

                #expect(outcome.action == .replay)
                #expect(outcome.affected.map(\.id) == ["a", "b"])
                #expect(outcome.affected.map(\.generation) == [1, 3])
                #expect(
                    outcome.refused == [
                        JobAdmin.Refusal(id: "c", reason: "job c não está morto (estado: done)"),
                        JobAdmin.Refusal(id: "zzz", reason: "job inexistente: zzz"),
                    ])
                #expect(
                    try jobRow(db, "a")
                        == JobRow(
                            state: "pending", attempts: 0, generation: 1, lastError: "timeout no banco",
                            timingsCleared: true))
                #expect(
                    try jobRow(db, "b")
                        == JobRow(
                            state: "pending", attempts: 0, generation: 3, lastError: "erro permanente",
                            timingsCleared: true))
                #expect(try jobRow(db, "c").state == "done")
                let history = try events(db, "a")
                #expect(history.map(\.event) == ["dead", "replayed"])
                #expect(history.last?.attempt == 0)
                #expect(history.last?.message?.contains("maria") == true)
                #expect(try events(db, "c").isEmpty)
                // The relays are woken (NOTIFY is delivered at commit).
                let notifications = try listener.waitForNotifications(timeout: 5)
                #expect(notifications.contains { $0.channel == Outbox.notifyChannel })
                // The broker could not be reached: the database change stands, with a warning naming the queue.
                #expect(outcome.brokerCopiesRemoved == 0)
                let warning = try #require(outcome.brokerWarning)
                #expect(warning.contains(Topology.deadQueue("exemplo")))
                #expect(warning.contains("conexão recusada (teste)"))
            }
        }
    }

    @Test func aRunningJobHeldByItsWorkerIsRefusedWithoutWaiting() async throws {
        try await withScratchDatabase(migrations: ["0010_jobs"]) { url in
            try await onDedicatedThread {
                let db = try PostgresConnection(url: url, logger: logger)
                try insertJob(db, "a")
                try insertJob(db, "r", state: "running", attempts: 1, lastError: nil)
                // A worker's handler transaction holds the running job's row.
                let worker = try PostgresConnection(url: url, logger: logger)
                try worker.execute("BEGIN")
                try worker.execute("SELECT state FROM jobs.job WHERE id = 'r' FOR UPDATE")
                try db.execute("SET lock_timeout = '3s'")  // waiting on the lock would fail the test
                let outcome = try JobAdmin.replay(.ids(["r", "a"]), operator: "op", db: db, broker: unreachableBroker)
                #expect(outcome.affected.map(\.id) == ["a"])
                #expect(
                    outcome.refused == [JobAdmin.Refusal(id: "r", reason: "job r não está morto (estado: running)")])
                try worker.execute("ROLLBACK")
            }
        }
    }

    @Test func replayByKindAndAllTakesOnlyDeadJobsAndRefusesInvalidMessages() async throws {
        try await withScratchDatabase(migrations: ["0010_jobs"]) { url in
            try await onDedicatedThread {
                let db = try PostgresConnection(url: url, logger: logger)
                try insertJob(db, "k1-a", kind: "k.um")
                try insertJob(db, "k1-b", kind: "k.um")
                try insertJob(db, "k1-done", kind: "k.um", state: "done", lastError: nil)
                try insertJob(db, "k2-a", kind: "k.dois")
                try insertJob(db, "mensagem-invalida:abc", kind: "invalida", family: "exemplo", attempts: 0)

                let byKind = try JobAdmin.replay(.kind("k.um"), operator: "op", db: db, broker: unreachableBroker)
                #expect(Set(byKind.affected.map(\.id)) == ["k1-a", "k1-b"])
                #expect(byKind.refused.isEmpty)
                #expect(try jobRow(db, "k2-a").state == "dead")
                #expect(try jobRow(db, "k1-done").state == "done")

                let all = try JobAdmin.replay(.allDead, operator: "op", db: db, broker: unreachableBroker)
                #expect(all.affected.map(\.id) == ["k2-a"])
                #expect(all.refused.map(\.id) == ["mensagem-invalida:abc"])
                #expect(all.refused.first?.reason.contains("descarte") == true)
                #expect(try jobRow(db, "mensagem-invalida:abc").state == "dead")

                let invalid = try JobAdmin.replay(.kind("invalida"), operator: "op", db: db, broker: unreachableBroker)
                #expect(invalid.affected.isEmpty)
                #expect(invalid.refused.map(\.id) == ["mensagem-invalida:abc"])

                let nothing = try JobAdmin.replay(.allDead, operator: "op", db: db, broker: unreachableBroker)
                #expect(nothing.affected.isEmpty && nothing.refused.count == 1)
                // Nothing changed: the broker is not touched, so no warning.
                #expect(nothing.brokerWarning == nil)
                #expect(
                    try db.query("SELECT count(*) FROM jobs.job_event WHERE event = 'replayed'").first?.decode(
                        Int.self, at: 0) == 3)
            }
        }
    }

    @Test func invalidMessageRecordsAreRefusedForReplayByIdButCanBeDiscarded() async throws {
        try await withScratchDatabase(migrations: ["0010_jobs"]) { url in
            try await onDedicatedThread {
                let db = try PostgresConnection(url: url, logger: logger)
                let id = "mensagem-invalida:0123456789abcdef01234567"
                try insertJob(db, id, kind: "invalida", family: "desconhecida", attempts: 0)
                let replay = try JobAdmin.replay(.ids([id]), operator: "op", db: db, broker: unreachableBroker)
                #expect(replay.affected.isEmpty)
                let refusal = try #require(replay.refused.first)
                #expect(refusal.id == id)
                #expect(refusal.reason.contains("mensagem inválida"))
                #expect(refusal.reason.contains("gsan dlq discard"))
                #expect(
                    try jobRow(db, id)
                        == JobRow(
                            state: "dead", attempts: 0, generation: 0, lastError: "erro permanente",
                            timingsCleared: false))

                let discard = try JobAdmin.discard(
                    [id], reason: "lixo na fila", operator: "op", db: db, broker: unreachableBroker)
                #expect(discard.affected.map(\.id) == [id])
                #expect(try jobRow(db, id).state == "discarded")
            }
        }
    }

    @Test func discardRequiresAReasonAndRecordsItWithTheOperator() async throws {
        try await withScratchDatabase(migrations: ["0010_jobs"]) { url in
            try await onDedicatedThread {
                let db = try PostgresConnection(url: url, logger: logger)
                try insertJob(db, "a", attempts: 4)
                try insertJob(db, "c", state: "running", attempts: 1, lastError: nil)
                try db.execute("UPDATE jobs.job SET finished_at = NULL WHERE id = 'a'")

                for blank in ["", "   ", "\n\t"] {
                    let error = #expect(throws: JobRuntimeError.self) {
                        try JobAdmin.discard(["a"], reason: blank, operator: "joão", db: db, broker: unreachableBroker)
                    }
                    #expect(error?.description == "informe o motivo do descarte (--motivo)")
                }
                #expect(throws: JobRuntimeError.self) {
                    try JobAdmin.discard(["a"], reason: "motivo", operator: "  ", db: db, broker: unreachableBroker)
                }
                #expect(try jobRow(db, "a").state == "dead")
                #expect(try events(db, "a").isEmpty)

                let outcome = try JobAdmin.discard(
                    ["a", "c", "nada"], reason: "  conta já paga no balcão ", operator: "joão", db: db,
                    broker: unreachableBroker)
                #expect(outcome.action == .discard)
                #expect(outcome.affected.map(\.id) == ["a"])
                #expect(outcome.affected.first?.generation == 0)
                #expect(
                    outcome.refused == [
                        JobAdmin.Refusal(id: "c", reason: "job c não está morto (estado: running)"),
                        JobAdmin.Refusal(id: "nada", reason: "job inexistente: nada"),
                    ])
                let row = try #require(
                    try db.query("SELECT state, finished_at IS NOT NULL, last_error FROM jobs.job WHERE id = 'a'").first
                )
                let (state, finished, lastError) = try row.decode((String, Bool, String?).self)
                #expect(state == "discarded" && finished && lastError == "erro permanente")
                let history = try events(db, "a")
                #expect(history.count == 1)
                #expect(history.first?.event == "discarded")
                #expect(history.first?.attempt == 4)
                #expect(history.first?.message == "descartado por joão: conta já paga no balcão")
                #expect(try jobRow(db, "c").state == "running")

                // Discarded is final: neither replayed nor discarded again.
                let again = try JobAdmin.replay(.ids(["a"]), operator: "joão", db: db, broker: unreachableBroker)
                #expect(
                    again.refused == [JobAdmin.Refusal(id: "a", reason: "job a não está morto (estado: discarded)")])
            }
        }
    }

    @Test func summaryCountsPerKindAndStateOldestQueuedAndRecentFailures() async throws {
        try await withScratchDatabase(migrations: ["0010_jobs"]) { url in
            try await onDedicatedThread {
                let db = try PostgresConnection(url: url, logger: logger)
                let empty = try JobAdmin.summary(db: db)
                #expect(empty.kinds.isEmpty && empty.oldestQueued == nil && empty.recentFailures.isEmpty)

                try insertJob(
                    db, "r1", kind: "rotas.arquivo", family: "rotas", state: "pending", lastError: nil,
                    createdSecondsAgo: 60)
                try insertJob(
                    db, "r2", kind: "rotas.arquivo", family: "rotas", state: "published", lastError: nil,
                    createdSecondsAgo: 7_500)
                try insertJob(
                    db, "r3", kind: "rotas.arquivo", family: "rotas", state: "done", lastError: nil,
                    createdSecondsAgo: 99_999)
                try insertJob(db, "r4", kind: "rotas.arquivo", family: "rotas", state: "done", lastError: nil)
                try insertJob(db, "d1", kind: "documentos.emitir", family: "documentos", state: "dead")
                try insertJob(db, "d2", kind: "documentos.emitir", family: "documentos", state: "retrying")
                try insertJob(
                    db, "d3", kind: "documentos.emitir", family: "documentos", state: "running",
                    createdSecondsAgo: 50_000)
                // Twelve failures and deaths, plus events that are not failures.
                for n in 1...12 {
                    try db.execute(
                        """
                        INSERT INTO jobs.job_event (job_id, at, event, attempt, message)
                        VALUES ('d1', now() - make_interval(secs => $1::int), $2, $3, $4)
                        """, [100 - n, n == 12 ? "dead" : "failed", n, "falha \(n)"])
                }
                try db.execute(
                    "INSERT INTO jobs.job_event (job_id, event, attempt, message) VALUES ('d1', 'replayed', 0, 'r')")
                try db.execute("INSERT INTO jobs.job_event (job_id, event, attempt) VALUES ('r3', 'done', 1)")

                let summary = try JobAdmin.summary(db: db)
                #expect(summary.kinds.map(\.kind) == ["documentos.emitir", "rotas.arquivo"])
                let rotas = try #require(summary.kinds.last)
                #expect(rotas.counts == ["pending": 1, "published": 1, "done": 2])
                #expect(rotas.total == 4)
                #expect(summary.kinds.first?.counts == ["dead": 1, "retrying": 1, "running": 1])
                #expect(summary.totals.total == 7)
                #expect(summary.totals.count("done") == 2)
                #expect(summary.totals.count("waiting") == 0)

                let oldest = try #require(summary.oldestQueued)
                #expect(oldest.id == "r2" && oldest.state == "published" && oldest.kind == "rotas.arquivo")
                #expect(oldest.age >= 7_500 && oldest.age < 7_500 + 120)

                #expect(summary.recentFailures.count == 10)
                #expect(summary.recentFailures.first?.event == "dead")
                #expect(summary.recentFailures.first?.attempt == 12)
                #expect(summary.recentFailures.map(\.message) == (3...12).reversed().map { "falha \($0)" })
                #expect(summary.recentFailures.allSatisfy { $0.jobID == "d1" && $0.kind == "documentos.emitir" })
            }
        }
    }

    @Test func showGivesTheRowHistoryAndChildrenAndNamesAMissingId() async throws {
        try await withScratchDatabase(migrations: ["0010_jobs"]) { url in
            try await onDedicatedThread {
                let db = try PostgresConnection(url: url, logger: logger)
                let missing = #expect(throws: JobRuntimeError.self) { try JobAdmin.show("nao-existe", db: db) }
                #expect(missing?.description == "job inexistente: nao-existe")

                try insertJob(db, "pai", state: "waiting", attempts: 1, generation: 2, lastError: nil)
                try db.execute(
                    "UPDATE jobs.job SET result = '{\"total\":3}', correlation_id = 'lote-7' WHERE id = 'pai'")
                for n in 0..<25 {
                    try insertJob(
                        db, "filho-\(n < 10 ? "0" : "")\(n)", state: n < 3 ? "done" : n == 3 ? "dead" : "pending",
                        lastError: nil, parent: "pai", createdSecondsAgo: 1_000 - n)
                }
                try db.execute("UPDATE jobs.job SET children_done = 3 WHERE id = 'pai'")
                try db.execute(
                    """
                    INSERT INTO jobs.job_event (job_id, event, attempt, message, worker)
                    VALUES ('pai', 'failed', 1, 'primeira', 'w1'), ('pai', 'retrying', 1, NULL, 'w1')
                    """)

                let job = try JobAdmin.show("pai", db: db)
                #expect(job.id == "pai" && job.kind == "exemplo.efeito" && job.family == "exemplo")
                #expect(job.state == "waiting" && job.attempts == 1 && job.maxAttempts == 5 && job.generation == 2)
                #expect(job.correlationID == "lote-7" && job.parentID == nil && job.worker == "w1")
                #expect(job.payload.contains("\n"))
                #expect(job.payload.contains("\"texto\": \"ação\""))
                #expect(job.result?.contains("\"total\": 3") == true)
                #expect(job.continuation == nil)
                #expect(job.publishedAt != nil && job.finishedAt == nil)
                #expect(job.events.map(\.event) == ["failed", "retrying"])
                #expect(job.events.first?.message == "primeira")
                #expect(job.children.total == 25 && job.children.done == 3)
                #expect(job.children.byState == ["done": 3, "dead": 1, "pending": 21])
                #expect(job.children.openIDs.count == JobAdmin.openChildrenShown)
                #expect(job.children.openIDs.first == "filho-03")
                #expect(job.children.openIDs.last == "filho-22")

                let child = try JobAdmin.show("filho-03", db: db)
                #expect(child.parentID == "pai" && child.state == "dead")
                #expect(child.children == JobAdmin.Children(total: 0, done: 0, byState: [:], openIDs: []))
                let text = JobAdmin.render(job, timeZone: TimeZone(identifier: "UTC")!)
                #expect(text.contains("filhos: 25 (concluídos 3): pendente 21, concluído 3, morto 1"))
                #expect(text.contains("não concluídos (os 20 mais antigos de 22):"))
            }
        }
    }

    @Test func deadJobsListsTheLongestDeadFirstWithKindAndLimit() async throws {
        try await withScratchDatabase(migrations: ["0010_jobs"]) { url in
            try await onDedicatedThread {
                let db = try PostgresConnection(url: url, logger: logger)
                try insertJob(db, "novo", kind: "k.a")
                try insertJob(db, "velho", kind: "k.a")
                try insertJob(db, "meio", kind: "k.b")
                try insertJob(db, "vivo", kind: "k.a", state: "pending", lastError: nil)
                try db.execute("UPDATE jobs.job SET last_error_at = now() - interval '3 hours' WHERE id = 'velho'")
                try db.execute("UPDATE jobs.job SET last_error_at = now() - interval '1 hour' WHERE id = 'meio'")

                #expect(try JobAdmin.deadJobs(limit: 10, db: db).map(\.id) == ["velho", "meio", "novo"])
                #expect(try JobAdmin.deadJobs(kind: "k.a", limit: 10, db: db).map(\.id) == ["velho", "novo"])
                #expect(try JobAdmin.deadJobs(limit: 1, db: db).map(\.id) == ["velho"])
                #expect(try JobAdmin.deadCount(db: db) == 3)
                #expect(try JobAdmin.deadCount(kind: "k.b", db: db) == 1)
                let first = try #require(try JobAdmin.deadJobs(limit: 1, db: db).first)
                #expect(first.kind == "k.a" && first.attempts == 5 && first.maxAttempts == 5)
                #expect(first.lastError == "erro permanente" && first.lastErrorAt != nil)
            }
        }
    }

    @Test func replayAndDiscardRemoveOnlyTheirCopiesFromTheDeadQueue() async throws {
        let family = "t" + UUID().uuidString.prefix(8).lowercased()
        let topology = Topology(families: [family], retryDelays: [500])
        let deadQueue = Topology.deadQueue(family)
        let amqpURL = try TestServers.amqpURL()
        try await withScratchDatabase(migrations: ["0010_jobs"]) { url in
            try await withTestAMQP { amqp in
                let setup = try amqp.openChannel()
                try topology.declare(on: setup)
                defer {
                    if let cleanup = try? amqp.openChannel() {
                        for queue in topology.queues { _ = try? cleanup.deleteQueue(queue.name) }
                        cleanup.close()
                    }
                }
                try setup.confirmSelect()
                func publishCopy(_ id: String, generation: Int?) throws {
                    var headers: AMQPTable = ["x-gsan-erro": "falhou"]
                    if let generation { headers["x-gsan-geracao"] = .int64(Int64(generation)) }
                    try setup.publish(
                        OutgoingMessage(
                            exchange: Topology.deadExchange, routingKey: family, body: Array("{}".utf8),
                            properties: AMQPProperties(headers: headers, persistent: true, messageId: id),
                            mandatory: true))
                    #expect(try setup.waitForConfirms(timeout: 10))
                }
                // A quorum queue takes back the unacked messages of a closed channel
                // asynchronously: wait until the queue shows the copies expected.
                func waitForDepth(_ expected: Int) throws {
                    let probe = try amqp.openChannel()
                    defer { probe.close() }
                    let deadline = Date().addingTimeInterval(10)
                    while try probe.declareQueue(deadQueue, passive: true).messageCount != expected, Date() < deadline {
                        Thread.sleep(forTimeInterval: 0.05)
                    }
                }
                func remaining(_ expected: Int) throws -> [(id: String, generation: Int64?)] {
                    try waitForDepth(expected)
                    let reader = try amqp.openChannel()
                    var copies: [(String, Int64?)] = []
                    while let delivery = try reader.get(queue: deadQueue) {
                        copies.append(
                            (
                                delivery.properties.messageId ?? "",
                                delivery.properties.headers["x-gsan-geracao"]?.int64Value
                            ))
                    }
                    reader.close()  // nothing acked: every copy goes back
                    try waitForDepth(copies.count)
                    return copies
                }

                let db = try PostgresConnection(url: url, logger: logger)
                try insertJob(db, "j1", family: family)
                try insertJob(db, "j2", family: family)
                try publishCopy("j1", generation: nil)
                try publishCopy("j2", generation: nil)

                let replay = try JobAdmin.replay(.ids(["j1"]), operator: "op", db: db) {
                    try AMQPConnection(url: amqpURL, connectionName: "gsan-tests-admin")
                }
                #expect(replay.brokerWarning == nil)
                #expect(replay.brokerCopiesRemoved == 1)
                let afterReplay = try remaining(1)
                #expect(afterReplay.map(\.id) == ["j2"])
                #expect(try jobRow(db, "j1").state == "pending")

                // j1 dies again in its new generation; j2's queue also holds a copy from a
                // generation newer than j2's record (as after a replay elsewhere): it stays.
                try db.execute("UPDATE jobs.job SET state = 'dead' WHERE id = 'j1'")
                try publishCopy("j1", generation: 1)
                try publishCopy("j2", generation: 5)
                let discard = try JobAdmin.discard(["j1", "j2"], reason: "teste", operator: "op", db: db) {
                    try AMQPConnection(url: amqpURL, connectionName: "gsan-tests-admin")
                }
                #expect(discard.brokerWarning == nil)
                #expect(discard.brokerCopiesRemoved == 2)
                let afterDiscard = try remaining(1)
                #expect(afterDiscard.count == 1)
                #expect(afterDiscard.first?.id == "j2" && afterDiscard.first?.generation == 5)
                #expect(try amqp.openChannel().declareQueue(deadQueue, passive: true).messageCount == 1)

                // A family whose dead queue does not exist: nothing to remove, not an error.
                let elsewhere = "semfila" + UUID().uuidString.prefix(8).lowercased()
                try insertJob(db, "j3", family: elsewhere)
                let lonely = try JobAdmin.replay(.ids(["j3"]), operator: "op", db: db) {
                    try AMQPConnection(url: amqpURL, connectionName: "gsan-tests-admin")
                }
                #expect(lonely.affected.map(\.id) == ["j3"])
                #expect(lonely.brokerWarning == nil && lonely.brokerCopiesRemoved == 0)
            }
        }
    }
}

// MARK: - Formatting (no servers)

@Suite struct JobAdminFormattingTests {
    @Test(arguments: [
        (0.0, "0 s"), (59.9, "59 s"), (60, "1 min"), (179, "2 min"), (3_599, "59 min"), (3_600, "1 h"),
        (7_500, "2 h 5 min"), (86_399, "23 h 59 min"), (86_400, "1 d"), (90_000, "1 d 1 h"), (-5, "0 s"),
        (.infinity, "0 s"),
    ])
    func ages(_ seconds: Double, _ expected: String) {
        #expect(JobAdmin.formatAge(seconds: seconds) == expected)
    }

    @Test func timestampsInTheGivenZone() throws {
        let date = Date(timeIntervalSince1970: 1_748_873_025)  // 2025-06-02 14:03:45 UTC
        #expect(
            JobAdmin.formatTimestamp(date, timeZone: try #require(TimeZone(identifier: "UTC"))) == "02/06/2025 14:03:45"
        )
        #expect(
            JobAdmin.formatTimestamp(date, timeZone: try #require(TimeZone(identifier: "America/Sao_Paulo")))
                == "02/06/2025 11:03:45")
    }

    @Test func tablesPadColumnsAndAlignNumbersRight() {
        let text = JobAdmin.table(
            ["tipo", "morto", "nota"], [["rotas.arquivo", "3", "x"], ["ação", "120", ""]], rightAligned: [1])
        #expect(
            text == """
                tipo           morto  nota
                -------------  -----  ----
                rotas.arquivo      3  x
                ação             120
                """)
    }

    @Test func messagesBecomeOneShortLine() {
        #expect(JobAdmin.oneLine("linha 1\n  linha 2\r\n") == "linha 1 ⏎ linha 2")
        #expect(JobAdmin.oneLine("abcdefghij", limit: 5) == "abcd…")
        #expect(JobAdmin.oneLine("abc", limit: 5) == "abc")
    }

    @Test func labelsArePortuguese() {
        #expect(
            JobAdmin.states.map(JobAdmin.stateLabel) == [
                "pendente", "publicado", "executando", "aguardando", "retentativa", "concluído", "morto", "descartado",
            ])
        #expect(JobAdmin.eventLabel("replayed") == "reprocessado")
        #expect(JobAdmin.eventLabel("failed") == "falhou")
    }

    @Test func summaryTableHasAColumnPerStateAndTotals() throws {
        let utc = try #require(TimeZone(identifier: "UTC"))
        let summary = JobAdmin.Summary(
            kinds: [
                .init(kind: "documentos.emitir", counts: ["dead": 2, "done": 10]),
                .init(kind: "rotas.arquivo", counts: ["pending": 1, "done": 5]),
            ],
            oldestQueued: .init(id: "r1", kind: "rotas.arquivo", state: "pending", age: 185),
            recentFailures: [
                .init(
                    jobID: "d9", kind: "documentos.emitir", event: "dead", attempt: 5,
                    at: Date(timeIntervalSince1970: 1_748_873_025), message: "sem tarifa\npara a categoria")
            ])
        let lines = JobAdmin.render(summary, timeZone: utc).split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
        #expect(
            lines[0].split(separator: " ") == [
                "tipo", "pendente", "publicado", "executando", "aguardando", "retentativa", "concluído", "morto",
                "descartado", "total",
            ])
        #expect(lines[2].split(separator: " ") == ["documentos.emitir", "·", "·", "·", "·", "·", "10", "2", "·", "12"])
        #expect(lines[3].split(separator: " ") == ["rotas.arquivo", "1", "·", "·", "·", "·", "5", "·", "·", "6"])
        #expect(lines[4].split(separator: " ") == ["total", "1", "·", "·", "·", "·", "15", "2", "·", "18"])
        // Right-aligned: every row ends at the same column.
        #expect(Set(lines[0...4].map(\.count)).count == 1)
        #expect(lines.contains("Mais antigo na fila: r1 (rotas.arquivo, pendente) há 3 min."))
        #expect(
            lines.contains {
                $0.hasPrefix("02/06/2025 14:03:45  morto") && $0.hasSuffix("sem tarifa ⏎ para a categoria")
            })

        let empty = JobAdmin.render(JobAdmin.Summary(kinds: [], oldestQueued: nil, recentFailures: []))
        #expect(empty == "Nenhum job registrado.\n\nNenhum job pendente ou publicado.\n\nNenhuma falha registrada.")
    }

    @Test func queueDepthsSumRetriesPerFamilyAndMarkMissingQueues() {
        let topology = Topology(families: ["rotas", "medicao"], retryDelays: [2_000, 60_000])
        let counts: [String: (Int, Int)] = [
            "gsan.rotas": (7, 2), "gsan.rotas.retry.2000": (3, 0), "gsan.rotas.retry.60000": (4, 0),
            "gsan.rotas.dead": (1, 0), "gsan.medicao": (0, 1), "gsan.medicao.retry.2000": (0, 0),
        ]
        let inspected = topology.queues.map {
            (family: $0.family, role: $0.role, messages: counts[$0.name]?.0, consumers: counts[$0.name]?.1)
        }
        let depths = JobAdmin.queueDepths(counts: inspected)
        #expect(
            depths == [
                .init(family: "rotas", work: 7, consumers: 2, retrying: 7, dead: 1),
                .init(family: "medicao", work: 0, consumers: 1, retrying: nil, dead: nil),
            ])
        let text = JobAdmin.render(queues: depths)
        #expect(text.split(separator: "\n").last?.split(separator: " ") == ["medicao", "0", "1", "ausente", "ausente"])
    }

    @Test func outcomesListWhatChangedWhatWasRefusedAndWarnings() {
        let outcome = JobAdmin.Outcome(
            action: .replay, affected: [.init(id: "a", kind: "k", family: "f", generation: 2)],
            refused: [.init(id: "b", reason: "job b não está morto (estado: done)")], brokerCopiesRemoved: 1)
        let text = JobAdmin.render(outcome)
        #expect(text.contains("Reprocessados (1):\n  a  (k, geração 2)"))
        #expect(text.contains("Cópias removidas das filas de mortos do RabbitMQ: 1."))
        #expect(text.contains("Recusados (1):\n  b: job b não está morto (estado: done)"))
        var warned = outcome
        warned.brokerWarning = "RabbitMQ fora"
        #expect(JobAdmin.render(warned).hasSuffix("Aviso: RabbitMQ fora"))
        #expect(!JobAdmin.render(warned).contains("Cópias removidas"))
        #expect(
            JobAdmin.render(JobAdmin.Outcome(action: .discard, affected: [], refused: [])) == "Nenhum job descartado.")
    }
}
