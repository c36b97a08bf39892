import AMQP
import Foundation
import Postgres

/// The transactional outbox: a job is a row first, written in the caller's transaction.
public enum Outbox {
    /// The channel relays LISTEN on; NOTIFY is delivered at commit, so a relay wakes only
    /// for rows it can see.
    public static let notifyChannel = "gsan_outbox"

    /// Inserts `spec` in the caller's transaction (`ON CONFLICT DO NOTHING`: enqueueing
    /// the same id twice is one job). A child also counts towards its parent's children.
    /// Returns false when the id already existed.
    @discardableResult
    public static func enqueue(_ spec: JobSpec, on db: PostgresConnection) throws -> Bool {
        let continuation = try spec.continuation?.jsonText()
        // The row and its NOTIFY in one statement (one per job fewer for the server): the
        // NOTIFY only when the row went in.
        let inserted = try db.queryPrepared(
            enqueueStatement,
            [
                spec.id, spec.kind.name, spec.kind.family, spec.payloadJSON, spec.schemaVersion,
                spec.kind.maxAttempts, spec.parentID, continuation, spec.correlationID, notifyChannel,
            ]
        ).count
        guard inserted == 1 else { return false }
        if let parent = spec.parentID {
            let updated = try db.execute(
                "UPDATE jobs.job SET children_total = children_total + 1 WHERE id = $1", [parent])
            guard updated == 1 else { throw JobRuntimeError("job pai inexistente: \(parent)") }
        }
        return true
    }

    /// Inserts the job (`ON CONFLICT DO NOTHING`; the removed-root trigger may skip it too)
    /// and notifies the relays; one row back when it was inserted, none otherwise.
    static let enqueueStatement = """
        WITH inserted AS (
            INSERT INTO jobs.job (id, kind, family, payload, schema_version, max_attempts, parent_id,
                                  continuation, correlation_id)
            VALUES ($1::text, $2::text, $3::text, $4::jsonb, $5::int, $6::int, $7::text, $8::jsonb, $9::text)
            ON CONFLICT (id) DO NOTHING
            RETURNING 1)
        SELECT pg_notify($10::text, '') FROM inserted
        """
}

/// Publishes pending jobs to the broker, persistent and with publisher confirms, in
/// batches, and marks the confirmed ones published.
///
/// The batch is claimed `FOR UPDATE SKIP LOCKED`, so relays in several processes share
/// the work; a relay that dies before marking leaves the rows pending and they are
/// published again (a duplicate on the wire, which the workers' job table absorbs).
public struct OutboxRelay: Sendable {
    public var batchSize: Int
    public var confirmTimeout: Double

    public init(batchSize: Int = 500, confirmTimeout: Double = 30) {
        self.batchSize = batchSize
        self.confirmTimeout = confirmTimeout
    }

    /// One batch: returns how many jobs were published and marked.
    public func publishPending(db: PostgresConnection, channel: AMQPChannel) throws -> Int {
        try db.withTransaction { db in
            let rows = try db.query(
                """
                SELECT id, kind, family, payload::text, schema_version, attempts, parent_id, correlation_id,
                       created_at, generation
                FROM jobs.job WHERE state = 'pending'
                ORDER BY created_at, id LIMIT $1
                FOR UPDATE SKIP LOCKED
                """, [batchSize])
            guard !rows.isEmpty else { return 0 }
            var messages: [OutgoingMessage] = []
            var ids: [String] = []
            messages.reserveCapacity(rows.count)
            for row in rows {
                let envelope = JobEnvelope(
                    id: try row.decode(String.self, at: 0), kind: try row.decode(String.self, at: 1),
                    family: try row.decode(String.self, at: 2), schemaVersion: try row.decode(Int.self, at: 4),
                    payloadJSON: try row.decode(String.self, at: 3), attempt: try row.decode(Int.self, at: 5),
                    parentID: try row.decode(String?.self, at: 6), correlationID: try row.decode(String?.self, at: 7),
                    createdAt: try row.decode(Date.self, at: 8), generation: try row.decode(Int.self, at: 9))
                ids.append(envelope.id)
                messages.append(Self.message(for: envelope))
            }
            let result = try channel.publishBatch(messages, timeout: confirmTimeout)
            let confirmed = result.confirmed.map { ids[$0] }
            guard !confirmed.isEmpty else {
                throw JobRuntimeError(
                    "o broker não confirmou nenhum dos \(ids.count) jobs publicados "
                        + "(nack \(result.nacked.count), sem rota \(result.returned.count), sem resposta \(result.unconfirmed.count))")
            }
            try db.execute(
                """
                UPDATE jobs.job SET state = 'published', published_at = now()
                WHERE id = ANY($1::text[]) AND state = 'pending'
                """, [PostgresArray(confirmed)])
            return confirmed.count
        }
    }

    /// The persistent message for a job, routed to its family's work queue. Mandatory:
    /// a missing queue comes back as returned, never silently dropped.
    public static func message(for envelope: JobEnvelope) -> OutgoingMessage {
        OutgoingMessage(
            exchange: Topology.workExchange, routingKey: envelope.family, body: envelope.body(),
            properties: properties(for: envelope), mandatory: true)
    }

    /// A job message's properties: persistent, its id, kind and generation, for any copy.
    static func properties(for envelope: JobEnvelope) -> AMQPProperties {
        AMQPProperties(
            contentType: "application/json",
            headers: ["x-gsan-geracao": .int64(Int64(envelope.generation))], persistent: true,
            correlationId: envelope.correlationID, messageId: envelope.id,
            timestamp: UInt64(envelope.createdAt.timeIntervalSince1970), type: envelope.kind, appId: "gsan")
    }
}

public struct JobRuntimeError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
