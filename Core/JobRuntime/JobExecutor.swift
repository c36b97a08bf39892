import AMQP
import Foundation
import GSANSupport
import Logging
import Postgres

/// What the AMQP thread does with a delivery once its job has been handled.
enum DeliveryOutcome: Sendable {
    /// Done, skipped as already done, or a stale copy: ack.
    case ack
    /// Publish this copy (to a retry queue or the dead-letter exchange), and ack the
    /// original only once the broker confirmed the copy.
    case republish(OutgoingMessage)
    /// The bookkeeping itself failed: to the broker's dead-letter path (no requeue loop).
    case reject
    /// Not handled (the process is stopping): back to the queue for another worker.
    case requeue
}

/// The Postgres side of one delivery: claim, run the handler in the job's transaction,
/// complete (with fan-in and continuation) or record the failure. Pure of AMQP: it only
/// says what to do with the message.
///
/// Exactly-once effects rest on one rule: the handler's writes and the job's `done`
/// commit in the same transaction, which first locks the job row and runs nothing if
/// the row is no longer `running`.
public struct JobExecutor {
    var registry: JobRegistry
    var topology: Topology
    var workerName: String
    var logger: Logger
    /// Runs an attempt whose previous one took its worker down alone, with no other job
    /// beside it (so a poison message costs other jobs at most one attempt).
    var isolation: IsolationGate = IsolationGate()

    /// Throws only when Postgres is unreachable (the caller reconnects and calls again,
    /// the message still unacked); every other failure becomes an outcome.
    func process(_ delivery: Delivery, db: PostgresConnection) throws -> DeliveryOutcome {
        let envelope: JobEnvelope
        do {
            envelope = try JobEnvelope.decode(delivery.body)
        } catch {
            return try deadLetterInvalid(delivery, reason: error.description, db: db)
        }
        var log = logger
        log[metadataKey: "job.id"] = .string(envelope.id)
        log[metadataKey: "job.kind"] = .string(envelope.kind)

        guard let entry = registry.entry(for: envelope.kind) else {
            return try deadLetterUnknown(envelope, delivery: delivery, reason: "tipo de job desconhecido: \(envelope.kind)", db: db, log: log)
        }
        isolation.enterShared()
        var alone = false
        defer { if alone { isolation.leaveExclusive() } else { isolation.leaveShared() } }
        let limits = Self.transactionLimits(entry.kind)
        let claim: Claim
        switch try claimJob(envelope, kind: entry.kind, limits: limits, db: db, log: log) {
        case .skipped: return .ack
        case .mismatch(let reason): return try deadLetterInvalid(delivery, reason: reason, db: db)
        case .claimed(let claimed): claim = claimed
        }
        // The job's transaction, begun in the claim's round trip, serves only an ordinary
        // attempt; every other path below writes its own records first.
        var begun = claim.begun
        if begun && (claim.interruption != nil || claim.attempt > claim.maxAttempts
            || !entry.schemaVersions.contains(envelope.schemaVersion))
        {
            try Self.rollback(db)
            begun = false
        }
        log[metadataKey: "job.attempt"] = .stringConvertible(claim.attempt)
        let family = Self.family(of: envelope, kind: entry.kind)
        JobMetrics.changeInFlight(family: family, by: 1)
        defer { JobMetrics.changeInFlight(family: family, by: -1) }

        if let interruption = claim.interruption {
            // The previous attempt never recorded an outcome: its process died (or lost the
            // database) in the middle. Said in the history, with where to look.
            try recordInterruption(envelope.id, interruption, attempt: claim.attempt - 1, db: db)
            log.warning("a tentativa anterior foi interrompida", metadata: ["job.error": .string(interruption.message)])
            if interruption.isolatedRuns >= Self.isolatedCrashesToDie {
                return try recordFailure(
                    envelope, permanent: true,
                    message: "o job derrubou o worker \(interruption.isolatedRuns) vezes rodando sozinho; a última: "
                        + "\(interruption.message). Corrija a causa no log e reprocesse (gsan dlq replay \(envelope.id))",
                    db: db, log: log)
            }
        }
        if claim.attempt > claim.maxAttempts {
            // Earlier attempts died with their worker (crash, kill) before recording a failure.
            return try recordFailure(
                envelope, permanent: true,
                message: "tentativas esgotadas (\(claim.maxAttempts)): "
                    + (claim.interruption?.message ?? "o worker caiu ou perdeu a conexão durante as anteriores"),
                db: db, log: log)
        }
        guard entry.schemaVersions.contains(envelope.schemaVersion) else {
            return try recordFailure(
                envelope, permanent: true,
                message: "versão \(envelope.schemaVersion) do payload de \(envelope.kind) não suportada (aceitas: "
                    + "\(entry.schemaVersions.lowerBound)…\(entry.schemaVersions.upperBound))", db: db, log: log)
        }

        let started = ContinuousClock.now
        do {
            if let interruption = claim.interruption {
                isolation.upgrade()
                alone = true
                // Marked once alone (not while waiting for the others): if this attempt takes
                // the process down too, the next claim knows it was the only job running.
                _ = try db.execute(
                    "UPDATE jobs.job SET worker = $2 WHERE id = $1 AND state = 'running'",
                    [envelope.id, workerName + Self.isolatedMark(interruption.isolatedRuns + 1)])
                log.warning("tentativa isolada: nenhum outro job roda neste worker até ela terminar")
            }
            var completed: Bool
            do {
                completed = try runHandler(
                    entry, envelope: envelope, attempt: claim.attempt, begun: begun, lockedState: claim.lockedState,
                    alone: claim.alone, db: db, log: log)
            } catch is FanIn.NotAlone {
                // Rolled back: the handler's writes are gone. Again, with the general completion.
                log.notice("o job tem fan-in que o claim não previa; executado de novo pelo caminho geral")
                completed = try runHandler(
                    entry, envelope: envelope, attempt: claim.attempt, begun: false, lockedState: nil, alone: false, db: db,
                    log: log)
            }
            if completed {
                JobMetrics.recordDone(
                    family: family, kind: envelope.kind, handler: ContinuousClock.now - started, createdAt: envelope.createdAt)
            }
            log.info(
                completed ? "job concluído" : "job ignorado: já concluído por outra entrega",
                metadata: ["job.ms": .stringConvertible((ContinuousClock.now - started).milliseconds)])
            return .ack
        } catch {
            if !db.isOpen { throw error }
            if let bruto = error as? PostgresError {
                // The record gets the Portuguese explanation; the log keeps the server's own words too.
                log.notice("erro do banco", metadata: ["postgres.erro": .string(bruto.description)])
            }
            let (permanent, message) = JobFailure.classify(error)
            return try recordFailure(envelope, permanent: permanent, message: message, db: db, log: log)
        }
    }

    /// Appended to the worker column while an attempt runs alone (see ``IsolationGate``): the
    /// how-many-th isolated attempt in a row it is.
    static func isolatedMark(_ run: Int) -> String { " [isolado \(run)]" }

    /// A job that took its worker down this many times while running alone is dead: the
    /// first could be a kill from outside, the second is the job.
    static let isolatedCrashesToDie = 2

    // MARK: Session

    /// The per-job statements, run prepared (``PostgresConnection/queryPrepared(_:_:)``).
    enum Statement {
        /// Claims the job only if the delivery is the job it says it is (same kind, same
        /// payload as the record), and returns the state and worker the row had before: a
        /// row still `running` under another worker is an attempt that never finished.
        static let claim = """
            WITH previous AS (SELECT state, worker FROM jobs.job WHERE id = $1::text FOR UPDATE)
            UPDATE jobs.job j SET state = 'running', attempts = attempts + 1, started_at = now(), worker = $2::text
            FROM previous
            WHERE j.id = $1::text AND j.generation = $3::int AND j.state IN ('pending', 'published', 'retrying', 'running')
              AND j.kind = $4::text AND j.payload = $5::jsonb
            RETURNING j.attempts, j.max_attempts, previous.state, previous.worker,
                      j.parent_id IS NULL AND j.continuation IS NULL AND j.children_total = 0
            """
        /// How the job's transaction begins (as ``PostgresConnection/withTransaction``).
        static let begin = "BEGIN ISOLATION LEVEL READ COMMITTED READ WRITE"
        /// Locks the job's row for its transaction and sets the transaction's limits, which
        /// take effect from the next statement. The job's own transaction commits
        /// synchronously: its ack follows the commit.
        static let lock = """
            SELECT state, set_config('statement_timeout', $2::text, true),
                   set_config('idle_in_transaction_session_timeout', $3::text, true),
                   set_config('synchronous_commit', 'on', true)
            FROM jobs.job WHERE id = $1::text FOR UPDATE
            """
    }

    /// Sets up a handler thread's new connection. Bookkeeping outside the job's own
    /// transaction (claim, failure records) commits asynchronously: losing one to a server
    /// crash only makes an attempt count lower or a retry run sooner, never an effect
    /// double or lost — and it spares a disk flush per job.
    func prepareSession(_ db: PostgresConnection) throws {
        try db.executeScript("SET synchronous_commit = off")
    }

    // MARK: Claim

    /// An attempt that ended without an outcome: its worker's process died or lost the database.
    struct Interruption {
        /// "o worker host:pid (host host, pid pid) caiu ou perdeu a conexão … log: …"
        var message: String
        /// How many attempts in a row ran alone and were interrupted (0: it ran beside others).
        var isolatedRuns: Int
    }

    struct Claim {
        var attempt: Int
        var maxAttempts: Int
        var interruption: Interruption?
        /// No parent, no continuation, no children when claimed: its completion has no fan-in.
        var alone: Bool
        /// The job's transaction is open, begun in the claim's round trip, with the row
        /// locked and `lockedState` read under the lock.
        var begun: Bool
        var lockedState: String?
    }

    /// The job's transaction limits, set by ``Statement/lock``: the kind's timeout for a
    /// statement, and 5 s more for a transaction left idle.
    static func transactionLimits(_ kind: JobKind) -> (statement: String, idle: String) {
        let milliseconds = max(1, kind.timeout.milliseconds)
        return (String(milliseconds), String(milliseconds + 5_000))
    }

    static func rollback(_ db: PostgresConnection) throws {
        if db.isInTransaction { try db.execute("ROLLBACK") }
    }

    enum ClaimResult {
        case claimed(Claim)
        /// Nothing to run: done, waiting, dead, discarded, or a copy of an earlier generation.
        case skipped
        /// The delivery names an existing job but carries another kind or payload.
        case mismatch(String)
    }

    /// Marks the job running (one committed statement, so a crash still counts the attempt)
    /// and, in the same round trip (pipelined, after the claim's own commit), begins the
    /// job's transaction and locks its row.
    private func claimJob(
        _ envelope: JobEnvelope, kind: JobKind, limits: (statement: String, idle: String), db: PostgresConnection, log: Logger
    ) throws -> ClaimResult {
        for _ in 0..<2 {
            let results = try db.pipeline([
                .init(Statement.claim, [envelope.id, workerName, envelope.generation, envelope.kind, envelope.payloadJSON], sync: true),
                .init(Statement.begin),
                .init(Statement.lock, [envelope.id, limits.statement, limits.idle], sync: true),
            ])
            let rows: PostgresRows
            do {
                rows = try results[0].get()
            } catch {
                try Self.rollback(db)
                throw error
            }
            if let row = rows.first {
                let (attempt, maxAttempts, previousState, previousWorker, alone) = try row.decode((Int, Int, String, String?, Bool).self)
                var interruption: Interruption?
                if previousState == "running", let previousWorker, previousWorker != workerName {
                    interruption = Self.interruption(of: previousWorker)
                }
                var claim = Claim(
                    attempt: attempt, maxAttempts: maxAttempts, interruption: interruption, alone: alone, begun: false,
                    lockedState: nil)
                if case .success(let locked) = results[2], case .success = results[1] {
                    claim.begun = true
                    claim.lockedState = try locked.first?.decode(String.self, at: 0)
                } else {
                    try Self.rollback(db)
                }
                return .claimed(claim)
            }
            try Self.rollback(db)
            let existing = try db.query(
                "SELECT state, generation, kind, payload = $2::jsonb FROM jobs.job WHERE id = $1", [envelope.id, envelope.payloadJSON])
            if let row = existing.first {
                let (state, generation, recordedKind, samePayload) = try row.decode((String, Int, String, Bool).self)
                if recordedKind != envelope.kind || !samePayload {
                    let what = recordedKind != envelope.kind ? "o tipo (\(envelope.kind); registrado: \(recordedKind))" : "o payload"
                    return .mismatch(
                        "mensagem recusada: diz ser o job \(envelope.id), mas \(what) não confere com o registro do job; "
                            + "nada foi executado")
                }
                log.info(
                    generation == envelope.generation ? "entrega ignorada: job \(state)" : "entrega ignorada: cópia de geração anterior",
                    metadata: ["job.state": .string(state)])
                return .skipped
            }
            // Published straight to the queue (or the record was lost): the envelope rebuilds it.
            try db.execute(
                """
                INSERT INTO jobs.job (id, kind, family, payload, schema_version, max_attempts, parent_id, correlation_id,
                                      state, generation, created_at, published_at)
                VALUES ($1, $2, $3, $4::jsonb, $5, $6, NULL, $7, 'published', $8, $9, now())
                ON CONFLICT (id) DO NOTHING
                """,
                [
                    envelope.id, envelope.kind, Self.family(of: envelope, kind: kind), envelope.payloadJSON,
                    envelope.schemaVersion, kind.maxAttempts, envelope.correlationID, envelope.generation, envelope.createdAt,
                ])
        }
        return .skipped
    }

    /// What the history says of an attempt left `running` by `worker` (`host:pid`, with the
    /// isolation mark and the log place when it recorded them).
    static func interruption(of worker: String) -> Interruption {
        var name = worker
        var isolatedRuns = 0
        if name.hasSuffix("]"), let open = name.range(of: " [isolado ", options: .backwards),
            let runs = Int(name[open.upperBound..<name.index(before: name.endIndex)])
        {
            isolatedRuns = runs
            name = String(name[..<open.lowerBound])
        }
        var logPlace: String?
        if let range = name.range(of: " log=") {
            logPlace = String(name[range.upperBound...])
            name = String(name[..<range.lowerBound])
        }
        var place = "worker \(name)"
        if let colon = name.lastIndex(of: ":"), Int(name[name.index(after: colon)...]) != nil {
            place += " (máquina \(name[..<colon]), pid \(name[name.index(after: colon)...]))"
        }
        let message = "o \(place) caiu ou perdeu a conexão durante a tentativa"
            + (isolatedRuns > 0 ? ", que rodava sozinha" : "") + "; log: " + (logPlace ?? "o do processo do worker")
        return Interruption(message: message, isolatedRuns: isolatedRuns)
    }

    private func recordInterruption(_ id: String, _ interruption: Interruption, attempt: Int, db: PostgresConnection) throws {
        try db.execute(
            "INSERT INTO jobs.job_event (job_id, event, attempt, message, worker) VALUES ($1, 'failed', $2, $3, $4)",
            [id, attempt, interruption.message, workerName])
    }

    private static func family(of envelope: JobEnvelope, kind: JobKind) -> String {
        envelope.family.isEmpty ? kind.family : envelope.family
    }

    // MARK: Running

    /// The handler and the completion in one transaction. Returns false when another
    /// delivery of the same job completed it first (nothing was run).
    ///
    /// - Parameters:
    ///   - begun: the claim already began the transaction and locked the row, reading
    ///     `lockedState` under that lock (false: begin and lock here).
    ///   - alone: the job had no parent, continuation or children when claimed; if the
    ///     handler adds none, the completion and the commit go in one round trip.
    private func runHandler(
        _ entry: JobRegistry.Entry, envelope: JobEnvelope, attempt: Int, begun: Bool, lockedState: String?, alone: Bool,
        db: PostgresConnection, log: Logger
    ) throws -> Bool {
        let deadline = ContinuousClock.now + entry.kind.timeout
        do {
            // The server enforces the deadline too: a statement, or a handler stuck between
            // statements, cannot hold the job's locks past it. Set in the locking statement
            // (pipelined with the claim, or here), effective from the next one.
            let state: String?
            if begun && db.isInTransaction {
                state = lockedState
            } else {
                try Self.rollback(db)
                try db.execute(Statement.begin)
                let limits = Self.transactionLimits(entry.kind)
                state = try db.queryPrepared(Statement.lock, [envelope.id, limits.statement, limits.idle]).first?
                    .decode(String.self, at: 0)
            }
            guard state == "running" else {
                try Self.rollback(db)
                return false
            }
            let context = JobContext(
                db: db, jobID: envelope.id, kind: envelope.kind, family: Self.family(of: envelope, kind: entry.kind), attempt: attempt, parentID: envelope.parentID,
                correlationID: envelope.correlationID, deadline: deadline, logger: log)
            try entry.run(envelope.payloadJSON, context)
            try context.checkDeadline()
            if alone && context.continuation == nil && !context.enqueuedChild {
                try FanIn.completeAloneAndCommit(jobID: envelope.id, result: context.result, db: db)
            } else {
                try FanIn.complete(
                    jobID: envelope.id, result: context.result, continuation: context.continuation, db: db, log: log)
                let tag = try db.query("COMMIT").commandTag
                guard tag == "COMMIT" else {
                    throw FanIn.notCommitted
                }
            }
            return true
        } catch {
            if db.isOpen { try? Self.rollback(db) }
            throw error
        }
    }

    // MARK: Failures

    /// Records a failed attempt (retrying, or dead when permanent or out of attempts) with
    /// its history event, and says where the copy of the message goes.
    private func recordFailure(
        _ envelope: JobEnvelope, permanent: Bool, message: String, db: PostgresConnection, log: Logger
    ) throws -> DeliveryOutcome {
        let message = String(message.prefix(4_000))
        let recorded = try db.withTransaction { db -> (state: String, attempts: Int, family: String)? in
            let rows = try db.query(
                """
                UPDATE jobs.job
                SET state = CASE WHEN $2 OR attempts >= max_attempts THEN 'dead' ELSE 'retrying' END,
                    last_error = $3, last_error_at = now(),
                    finished_at = CASE WHEN $2 OR attempts >= max_attempts THEN now() END
                WHERE id = $1 AND state = 'running'
                RETURNING state, attempts, family
                """, [envelope.id, permanent, message])
            guard let row = rows.first else { return nil }
            let recorded = try row.decode((String, Int, String).self)
            try db.execute(
                "INSERT INTO jobs.job_event (job_id, event, attempt, message, worker) VALUES ($1, $2, $3, $4, $5)",
                [envelope.id, recorded.0 == "dead" ? "dead" : "failed", recorded.1, message, workerName])
            return recorded
        }
        guard let recorded else {
            log.info("falha ignorada: o job já não está em execução (outra entrega o concluiu)")
            return .ack
        }
        JobMetrics.recordFailure(family: recorded.family, kind: envelope.kind, dead: recorded.state == "dead")
        var copy = envelope
        copy.attempt = recorded.attempts
        copy.family = recorded.family
        if recorded.state == "dead" {
            log.error("job morto", metadata: ["job.error": .string(message)])
            return .republish(Self.deadLetter(body: copy.body(), envelope: copy, family: recorded.family, reason: message))
        }
        let retry = topology.retryQueue(family: recorded.family, failedAttempt: recorded.attempts)
        log.warning(
            "job falhou; nova tentativa em \(Topology.describe(milliseconds: retry.delay))",
            metadata: ["job.error": .string(message)])
        var outgoing = OutboxRelay.message(for: copy)
        outgoing.exchange = ""
        outgoing.routingKey = retry.name
        // Jitter: up to +25 % (the queue's own TTL caps it), so retries of a burst spread out.
        outgoing.properties.expiration = String(retry.delay + Int.random(in: 0...(retry.delay / 4)))
        return .republish(outgoing)
    }

    /// The copy that goes to the family's dead-letter queue: the original body, the
    /// reason and the attempts in headers, for a person reading the queue.
    static func deadLetter(body: [UInt8], envelope: JobEnvelope?, family: String, reason: String) -> OutgoingMessage {
        var properties = envelope.map(OutboxRelay.properties(for:)) ?? AMQPProperties(persistent: true, appId: "gsan")
        properties.headers["x-gsan-erro"] = .string(String(reason.prefix(1_000)))
        properties.headers["x-gsan-tentativas"] = .int64(Int64(envelope?.attempt ?? 0))
        properties.expiration = nil
        return OutgoingMessage(
            exchange: Topology.deadExchange, routingKey: family, body: body, properties: properties, mandatory: true)
    }

    /// A job whose kind this worker has no handler for: recorded dead (created if the
    /// message came without a record), never retried.
    private func deadLetterUnknown(
        _ envelope: JobEnvelope, delivery: Delivery, reason: String, db: PostgresConnection, log: Logger
    ) throws -> DeliveryOutcome {
        let family = Self.validFamily(envelope.family.isEmpty ? delivery.routingKey : envelope.family)
        if try recordDead(
            id: envelope.id, kind: Self.validKind(envelope.kind), family: family, payloadJSON: envelope.payloadJSON,
            generation: envelope.generation, reason: reason, db: db)
        {
            JobMetrics.recordDeadMessage(family: family, kind: JobMetrics.unknownKind)
        }
        log.error("job morto: \(reason)")
        return .republish(Self.deadLetter(body: delivery.body, envelope: envelope, family: family, reason: reason))
    }

    /// A message that cannot run as a job (not a job at all, or not the job it names):
    /// recorded dead under an id derived from its bytes (a redelivery is the same record),
    /// keeping the raw body and the headers, and dead-lettered with the reason.
    func deadLetterInvalid(_ delivery: Delivery, reason: String, db: PostgresConnection) throws -> DeliveryOutcome {
        let id = Self.malformedID(delivery.body)
        let family = Self.validFamily(delivery.routingKey)
        if try recordDead(
            id: id, kind: JobAdmin.invalidKind, family: family, payloadJSON: Self.rawRecord(delivery), generation: 0,
            reason: reason, db: db)
        {
            JobMetrics.recordDeadMessage(family: family, kind: JobAdmin.invalidKind)
        }
        logger.error("mensagem morta: \(reason)", metadata: ["job.id": .string(id)])
        var copy = Self.deadLetter(body: delivery.body, envelope: nil, family: family, reason: reason)
        var headers = delivery.properties.headers
        for entry in copy.properties.headers { headers[entry.key] = entry.value }
        headers[Self.recordHeader] = .string(id)
        copy.properties.headers = headers
        copy.properties.messageId = delivery.properties.messageId
        copy.properties.type = delivery.properties.type
        return .republish(copy)
    }

    /// The last resort when even recording the message failed with the database up: the
    /// error itself becomes the reason of a record of the raw message.
    func deadLetterUnrecordable(_ delivery: Delivery, error: any Error, db: PostgresConnection) throws -> DeliveryOutcome {
        try deadLetterInvalid(delivery, reason: "não foi possível registrar a mensagem: \(error)", db: db)
    }

    /// The header of a dead-letter copy that names its record when the record is not the
    /// job the message claims to be.
    static let recordHeader = "x-gsan-registro"

    /// What the record of an invalid message keeps: the body in base64 (exact bytes) and as
    /// text (for reading; NUL and invalid UTF-8 replaced), the headers and the properties.
    static func rawRecord(_ delivery: Delivery) -> String {
        func text(_ value: String) -> String {
            String(String.UnicodeScalarView(value.unicodeScalars.map { $0 == "\u{0}" ? "\u{FFFD}" : $0 }))
        }
        var headers: [String: String] = [:]
        for entry in delivery.properties.headers {
            headers[text(entry.key)] = text(String(String(describing: entry.value).prefix(2_000)))
        }
        var properties: [String: String] = ["routing_key": text(delivery.routingKey), "exchange": text(delivery.exchange)]
        properties["message_id"] = delivery.properties.messageId.map(text)
        properties["type"] = delivery.properties.type.map(text)
        struct Raw: Encodable {
            var corpo: String
            var corpoBase64: String
            var bytes: Int
            var cabecalhos: [String: String]
            var propriedades: [String: String]
        }
        let raw = Raw(
            corpo: text(String(decoding: delivery.body.prefix(8_000), as: UTF8.self)),
            corpoBase64: Data(delivery.body.prefix(1_000_000)).base64EncodedString(), bytes: delivery.body.count,
            cabecalhos: headers, propriedades: properties)
        return (try? String(decoding: JobSpec.encoder.encode(raw), as: UTF8.self)) ?? "{}"
    }

    /// The record id of a message that is not a job: derived from its bytes.
    static func malformedID(_ body: [UInt8]) -> String {
        "mensagem-invalida:" + SHA256.hex(body).prefix(24)
    }

    /// The job a message on a queue stands for: the record its dead-letter copy names, its
    /// message id, or for a body that is not a job, the id its dead record was given.
    public static func jobID(of delivery: Delivery) -> String {
        if let record = delivery.properties.headers[recordHeader]?.stringValue, !record.isEmpty { return record }
        if let id = delivery.properties.messageId, !id.isEmpty { return id }
        if let envelope = try? JobEnvelope.decode(delivery.body) { return envelope.id }
        return malformedID(delivery.body)
    }

    /// Whether the record became dead now (false: it already was, or had finished).
    private func recordDead(
        id: String, kind: String, family: String, payloadJSON: String, generation: Int, reason: String, db: PostgresConnection
    ) throws -> Bool {
        try Self.recordDead(
            id: id, kind: kind, family: family, payloadJSON: payloadJSON, generation: generation, reason: reason,
            worker: workerName, db: db)
    }

    /// A dead record (inserted, or an unfinished one made dead) with its `dead` event.
    /// Returns whether it changed the record.
    @discardableResult
    static func recordDead(
        id: String, kind: String, family: String, payloadJSON: String, generation: Int, reason: String, worker workerName: String?,
        db: PostgresConnection
    ) throws -> Bool {
        try db.withTransaction { db in
            let changed = try db.execute(
                """
                INSERT INTO jobs.job (id, kind, family, payload, max_attempts, state, generation, last_error, last_error_at,
                                      finished_at, worker)
                VALUES ($1, $2, $3, $4::jsonb, 1, 'dead', $5, $6, now(), now(), $7)
                ON CONFLICT (id) DO UPDATE SET state = 'dead', last_error = excluded.last_error,
                    last_error_at = now(), finished_at = now(), worker = excluded.worker
                WHERE jobs.job.state NOT IN ('done', 'waiting', 'dead', 'discarded')
                """, [id, kind, family, payloadJSON, generation, reason, workerName])
            if changed == 1 {
                try db.execute(
                    "INSERT INTO jobs.job_event (job_id, event, message, worker) VALUES ($1, 'dead', $2, $3)",
                    [id, reason, workerName])
            }
            return changed == 1
        }
    }

    /// Names that satisfy the job table's checks, whatever a stray message carried.
    static func validKind(_ kind: String) -> String {
        JobEnvelope.isValidName(kind, allowingDots: true) ? kind : JobAdmin.invalidKind
    }

    static func validFamily(_ family: String) -> String {
        JobEnvelope.isValidName(family, allowingDots: false) ? family : "desconhecida"
    }
}

extension Duration {
    var milliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1_000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}
