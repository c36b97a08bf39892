import AMQP
import Foundation
import Postgres

/// The broker's dead-letter queues against the record: a copy there whose job the database
/// does not hold as dead is invisible to `gsan dlq list` (the broker dead-lettered it itself,
/// after `x-delivery-limit` deliveries that each crashed a worker before any record, or a
/// worker could not record it at all). `gsan doctor` reports them; `gsan dlq registrar` makes
/// each one a dead record (with its raw bytes and headers) that `gsan dlq` lists, shows,
/// replays or discards.
extension JobAdmin {
    /// A dead-letter copy the record does not hold as dead.
    public struct UnrecordedDeadLetter: Sendable, Hashable {
        public var queue: String
        public var family: String
        /// The job the copy stands for (its message id, envelope id or the id a record of it gets).
        public var jobID: String
        /// The job's state in the record, or nil when there is no row at all.
        public var recordedState: String?
        /// Why the broker or the worker dead-lettered it (`x-gsan-erro`, `x-first-death-reason`).
        public var reason: String
    }

    /// At most this many copies are read per queue (the rest wait for the next run).
    public static let deadLetterScanLimit = 10_000

    /// Reads (and puts back) every copy in the families' dead-letter queues and returns those
    /// whose job is not `dead` (or `discarded`) in the record.
    public static func unrecordedDeadLetters(
        families: [String], connection: AMQPConnection, db: PostgresConnection
    ) throws -> [UnrecordedDeadLetter] {
        try scanDeadLetters(families: families, connection: connection, db: db, adopt: nil)
    }

    /// Makes every unrecorded copy a dead record: a job still unfinished in the record becomes
    /// dead with the broker's reason (same generation only); a copy with no row becomes the dead
    /// record of an invalid message (raw bytes and headers kept), under the id its header names.
    /// The copies stay in the queue (read-only, as every copy): replaying or discarding the
    /// records removes them. Returns what was recorded.
    public static func recordDeadLetters(
        families: [String], operator name: String, connection: AMQPConnection, db: PostgresConnection
    ) throws -> [UnrecordedDeadLetter] {
        let who = try requireOperatorName(name)
        return try scanDeadLetters(families: families, connection: connection, db: db, adopt: who)
    }

    private static func scanDeadLetters(
        families: [String], connection: AMQPConnection, db: PostgresConnection, adopt operatorName: String?
    ) throws -> [UnrecordedDeadLetter] {
        var found: [UnrecordedDeadLetter] = []
        for family in families {
            let queue = Topology.deadQueue(family)
            var copies: [Delivery] = []
            let channel = try connection.openChannel()
            do {
                _ = try channel.declareQueue(queue, passive: true)
                while copies.count < deadLetterScanLimit, let delivery = try channel.get(queue: queue) { copies.append(delivery) }
            } catch let error as AMQPError where error.kind == .channelClosed && error.replyCode == 404 {
                continue
            }
            guard !copies.isEmpty else {
                channel.close()
                continue
            }
            let ids = copies.map(JobExecutor.jobID(of:))
            var states: [String: (state: String, generation: Int)] = [:]
            for row in try db.query("SELECT id, state, generation FROM jobs.job WHERE id = ANY($1::text[])", [PostgresArray(ids)]) {
                let (id, state, generation) = try row.decode((String, String, Int).self)
                states[id] = (state, generation)
            }
            var seen = Set<String>()
            for (delivery, id) in zip(copies, ids) where seen.insert(id).inserted {
                let recorded = states[id]
                if let recorded, ["dead", "discarded", "done", "waiting"].contains(recorded.state) { continue }
                let headers = delivery.properties.headers
                let brokerReason = headers["x-first-death-reason"]?.stringValue
                let reason =
                    headers["x-gsan-erro"]?.stringValue
                    ?? (brokerReason == "delivery_limit"
                        ? "o RabbitMQ desistiu da mensagem no limite de entregas (x-delivery-limit): o worker caiu a cada "
                            + "entrega antes de registrar o resultado"
                        : "morta pelo RabbitMQ (\(brokerReason ?? "motivo não informado")) sem registro no banco")
                found.append(
                    UnrecordedDeadLetter(queue: queue, family: family, jobID: id, recordedState: recorded?.state, reason: reason))
                guard let operatorName else { continue }
                let note = reason + " (registrado por \(operatorName) a partir da fila \(queue))"
                if let recorded {
                    let generation = delivery.properties.headers["x-gsan-geracao"]?.int64Value ?? 0
                    guard generation == Int64(recorded.generation) else { continue }
                    try db.withTransaction { db in
                        let changed = try db.execute(
                            """
                            UPDATE jobs.job SET state = 'dead', last_error = $2, last_error_at = now(), finished_at = now()
                            WHERE id = $1 AND generation = $3 AND state NOT IN ('done', 'waiting', 'dead', 'discarded')
                            """, [id, note, recorded.generation])
                        if changed == 1 {
                            try db.execute(
                                "INSERT INTO jobs.job_event (job_id, event, message) VALUES ($1, 'dead', $2)", [id, note])
                        }
                    }
                } else if let envelope = try? JobEnvelope.decode(delivery.body), envelope.id == id {
                    // A job published straight to the queue that never got a row: dead, and replayable.
                    try JobExecutor.recordDead(
                        id: id, kind: envelope.kind, family: family, payloadJSON: envelope.payloadJSON,
                        generation: envelope.generation, reason: note, worker: nil, db: db)
                } else {
                    let record = JobEnvelope.identifierProblem(id) == nil ? id : JobExecutor.malformedID(delivery.body)
                    try JobExecutor.recordDead(
                        id: record, kind: invalidKind, family: family, payloadJSON: JobExecutor.rawRecord(delivery),
                        generation: 0, reason: note, worker: nil, db: db)
                }
            }
            channel.close()  // unacked: every copy goes back to the queue
        }
        return found
    }

    static func requireOperatorName(_ name: String) throws -> String {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else {
            throw JobRuntimeError("informe quem executa a operação (--operador, ou a variável USER)")
        }
        return name
    }
}

extension JobAdmin {
    /// Jobs of `family` published longer than `olderThan` ago go back to the outbox, which
    /// publishes them again: for messages the broker lost (a queue deleted and recreated). A
    /// copy that was not lost after all is absorbed by the job table (it runs once). Refused
    /// while the family's work queue holds messages (`queueMessages`): the jobs may be there.
    public static func republishStale(
        family: String, olderThan: Duration, queueMessages: Int, db: PostgresConnection
    ) throws -> [String] {
        guard queueMessages == 0 else {
            throw JobRuntimeError(
                "a fila \(Topology.workQueue(family)) tem \(queueMessages) mensagem(ns): os jobs publicados podem estar nela; "
                    + "nada foi republicado (espere os workers, ou confira se a família tem consumidor: gsan doctor)")
        }
        return try db.withTransaction { db in
            let ids = try db.query(
                """
                UPDATE jobs.job SET state = 'pending', published_at = NULL
                WHERE family = $1 AND state = 'published' AND published_at < now() - make_interval(secs => $2)
                RETURNING id
                """, [family, Double(olderThan.components.seconds)]
            ).map { try $0.decode(String.self, at: 0) }
            if !ids.isEmpty { try db.execute("SELECT pg_notify($1, '')", [Outbox.notifyChannel]) }
            return ids.sorted()
        }
    }
}
