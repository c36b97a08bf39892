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

    /// Throws only when Postgres is unreachable (the caller reconnects and calls again,
    /// the message still unacked); every other failure becomes an outcome.
    func process(_ delivery: Delivery, db: PostgresConnection) throws -> DeliveryOutcome {
        let envelope: JobEnvelope
        do {
            envelope = try JobEnvelope.decode(delivery.body)
        } catch {
            return try deadLetterMalformed(delivery, reason: error.description, db: db)
        }
        var log = logger
        log[metadataKey: "job.id"] = .string(envelope.id)
        log[metadataKey: "job.kind"] = .string(envelope.kind)

        guard let entry = registry.entry(for: envelope.kind) else {
            return try deadLetterUnknown(envelope, delivery: delivery, reason: "tipo de job desconhecido: \(envelope.kind)", db: db, log: log)
        }
        guard let claim = try claim(envelope, kind: entry.kind, db: db, log: log) else { return .ack }
        log[metadataKey: "job.attempt"] = .stringConvertible(claim.attempt)

        if claim.attempt > claim.maxAttempts {
            // Earlier attempts died with their worker (crash, kill) before recording a failure.
            return try recordFailure(
                envelope, permanent: true,
                message: "tentativas esgotadas (\(claim.maxAttempts)): o worker caiu ou perdeu a conexão durante as anteriores",
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
            let completed = try runHandler(entry, envelope: envelope, attempt: claim.attempt, db: db, log: log)
            log.info(
                completed ? "job concluído" : "job ignorado: já concluído por outra entrega",
                metadata: ["job.ms": .stringConvertible((ContinuousClock.now - started).milliseconds)])
            return .ack
        } catch {
            if !db.isOpen { throw error }
            let (permanent, message) = JobFailure.classify(error)
            return try recordFailure(envelope, permanent: permanent, message: message, db: db, log: log)
        }
    }

    // MARK: Session

    /// The per-job statements, run prepared (``PostgresConnection/queryPrepared(_:_:)``).
    enum Statement {
        static let claim = """
            UPDATE jobs.job SET state = 'running', attempts = attempts + 1, started_at = now(), worker = $2::text
            WHERE id = $1::text AND generation = $3::int AND state IN ('pending', 'published', 'retrying', 'running')
            RETURNING attempts, max_attempts
            """
        /// Locks the job's row for its transaction and sets the transaction's limits, which
        /// take effect from the next statement. The job's own transaction commits
        /// synchronously: its ack follows the commit.
        static let lock = """
            SELECT state, set_config('statement_timeout', $2::text, true),
                   set_config('idle_in_transaction_session_timeout', $3::text, true),
                   set_config('synchronous_commit', 'on', true)
            FROM jobs.job WHERE id = $1::text FOR UPDATE
            """
        static let complete = """
            UPDATE jobs.job
            SET state = CASE WHEN children_done < children_total THEN 'waiting' ELSE 'done' END,
                finished_at = CASE WHEN children_done < children_total THEN NULL ELSE now() END,
                result = $2::jsonb, continuation = COALESCE($3::jsonb, continuation)
            WHERE id = $1::text
            RETURNING state, parent_id, continuation::text, correlation_id
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

    struct Claim { var attempt: Int; var maxAttempts: Int }

    /// Marks the job running (one committed statement, so a crash still counts the
    /// attempt). Nil when there is nothing to run: done, waiting for children, dead,
    /// discarded, or a copy from an earlier generation (before a replay).
    private func claim(_ envelope: JobEnvelope, kind: JobKind, db: PostgresConnection, log: Logger) throws -> Claim? {
        for _ in 0..<2 {
            let rows = try db.queryPrepared(Statement.claim, [envelope.id, workerName, envelope.generation])
            if let row = rows.first {
                let (attempt, maxAttempts) = try row.decode((Int, Int).self)
                return Claim(attempt: attempt, maxAttempts: maxAttempts)
            }
            let existing = try db.query("SELECT state, generation FROM jobs.job WHERE id = $1", [envelope.id])
            if let row = existing.first {
                let (state, generation) = try row.decode((String, Int).self)
                log.info(
                    generation == envelope.generation ? "entrega ignorada: job \(state)" : "entrega ignorada: cópia de geração anterior",
                    metadata: ["job.state": .string(state)])
                return nil
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
        return nil
    }

    private static func family(of envelope: JobEnvelope, kind: JobKind) -> String {
        envelope.family.isEmpty ? kind.family : envelope.family
    }

    // MARK: Running

    /// The handler and the completion in one transaction. Returns false when another
    /// delivery of the same job completed it first (nothing was run).
    private func runHandler(
        _ entry: JobRegistry.Entry, envelope: JobEnvelope, attempt: Int, db: PostgresConnection, log: Logger
    ) throws -> Bool {
        let deadline = ContinuousClock.now + entry.kind.timeout
        return try db.withTransaction { db in
            // The server enforces the deadline too: a statement, or a handler stuck between
            // statements, cannot hold the job's locks past it. Set in the locking statement
            // (one round trip), effective from the next one.
            let milliseconds = max(1, entry.kind.timeout.milliseconds)
            let state = try db.queryPrepared(
                Statement.lock, [envelope.id, String(milliseconds), String(milliseconds + 5_000)]
            ).first?.decode(String.self, at: 0)
            guard state == "running" else { return false }

            let context = JobContext(
                db: db, jobID: envelope.id, kind: envelope.kind, family: Self.family(of: envelope, kind: entry.kind), attempt: attempt, parentID: envelope.parentID,
                correlationID: envelope.correlationID, deadline: deadline, logger: log)
            try entry.run(envelope.payloadJSON, context)
            try context.checkDeadline()
            try FanIn.complete(
                jobID: envelope.id, result: context.result, continuation: context.continuation, db: db, log: log)
            return true
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
        try recordDead(
            id: envelope.id, kind: Self.validKind(envelope.kind), family: family, payloadJSON: envelope.payloadJSON,
            generation: envelope.generation, reason: reason, db: db)
        log.error("job morto: \(reason)")
        return .republish(Self.deadLetter(body: delivery.body, envelope: envelope, family: family, reason: reason))
    }

    /// A body that is not a job at all: recorded under an id derived from its bytes (so a
    /// redelivery is the same record) and dead-lettered with the reason.
    private func deadLetterMalformed(_ delivery: Delivery, reason: String, db: PostgresConnection) throws -> DeliveryOutcome {
        let id = Self.malformedID(delivery.body)
        let family = Self.validFamily(delivery.routingKey)
        let text = String(decoding: delivery.body.prefix(8_000), as: UTF8.self)
        let payload = String(decoding: try JSONEncoder().encode(["corpo": text]), as: UTF8.self)
        try recordDead(id: id, kind: JobAdmin.invalidKind, family: family, payloadJSON: payload, generation: 0, reason: reason, db: db)
        logger.error("mensagem morta: \(reason)", metadata: ["job.id": .string(id)])
        return .republish(Self.deadLetter(body: delivery.body, envelope: nil, family: family, reason: reason))
    }

    /// The record id of a message that is not a job: derived from its bytes.
    static func malformedID(_ body: [UInt8]) -> String {
        "mensagem-invalida:" + SHA256.hex(body).prefix(24)
    }

    /// The job a message on a queue stands for: its message id, or for a body that is not
    /// a job, the id its dead record was given.
    public static func jobID(of delivery: Delivery) -> String {
        if let id = delivery.properties.messageId, !id.isEmpty { return id }
        if let envelope = try? JobEnvelope.decode(delivery.body) { return envelope.id }
        return malformedID(delivery.body)
    }

    private func recordDead(
        id: String, kind: String, family: String, payloadJSON: String, generation: Int, reason: String, db: PostgresConnection
    ) throws {
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
        }
    }

    /// Names that satisfy the job table's checks, whatever a stray message carried.
    static func validKind(_ kind: String) -> String {
        kind.range(of: "^[a-z0-9_.-]{1,100}$", options: .regularExpression) != nil ? kind : JobAdmin.invalidKind
    }

    static func validFamily(_ family: String) -> String {
        family.range(of: "^[a-z0-9_-]{1,100}$", options: .regularExpression) != nil ? family : "desconhecida"
    }
}

extension Duration {
    var milliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1_000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}
