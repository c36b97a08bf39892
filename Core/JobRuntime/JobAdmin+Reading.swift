import Foundation
import Postgres

/// Reading the job record: the summary of `gsan jobs`, `gsan job show`, the dead jobs.
extension JobAdmin {
    /// Counts per kind and state, the oldest job still waiting to run, and the latest
    /// failures — read in one snapshot.
    public static func summary(db: PostgresConnection) throws -> Summary {
        try db.withTransaction(isolation: .repeatableRead, readOnly: true) { db in
            // Counting millions of rows: no JIT compilation (a second of it to save none).
            try JobRecords.desligarJIT(db)
            var byKind: [String: [String: Int]] = [:]
            for row in try db.query("SELECT kind, state, count(*) FROM jobs.job GROUP BY kind, state") {
                let (kind, state, count) = try row.decode((String, String, Int).self)
                byKind[kind, default: [:]][state] = count
            }
            let kinds = byKind.sorted { $0.key < $1.key }.map { KindCounts(kind: $0.key, counts: $0.value) }

            let oldest = try db.query(
                """
                SELECT id, kind, state, greatest(0, extract(epoch FROM now() - created_at))::float8
                FROM jobs.job WHERE state IN ('pending', 'published')
                ORDER BY created_at, id LIMIT 1
                """
            ).first.map { row in
                let (id, kind, state, age) = try row.decode((String, String, String, Double).self)
                return OldestQueued(id: id, kind: kind, state: state, age: age)
            }

            let failures = try db.query(
                """
                SELECT e.job_id, j.kind, e.event, e.attempt, e.at, e.message
                FROM jobs.job_event e JOIN jobs.job j ON j.id = e.job_id
                WHERE e.event IN ('failed', 'dead')
                ORDER BY e.at DESC, e.id DESC LIMIT $1
                """, [recentFailuresShown]
            ).map { row in
                let (id, kind, event, attempt, at, message) = try row.decode(
                    (String, String, String, Int, Date, String?).self)
                return Failure(jobID: id, kind: kind, event: event, attempt: attempt, at: at, message: message)
            }
            return Summary(kinds: kinds, oldestQueued: oldest, recentFailures: failures)
        }
    }

    /// One job with its history and children. Throws "job inexistente: …" for an unknown id.
    public static func show(_ id: String, db: PostgresConnection) throws -> JobDetail {
        try db.withTransaction(isolation: .repeatableRead, readOnly: true) { db in
            guard
                let row = try db.query(
                    """
                    SELECT id, kind, family, state, attempts, max_attempts, generation, schema_version, parent_id,
                           correlation_id, jsonb_pretty(payload), jsonb_pretty(continuation), jsonb_pretty(result),
                           created_at, published_at, started_at, finished_at, worker, last_error, last_error_at,
                           children_total, children_done
                    FROM jobs.job WHERE id = $1
                    """, [id]
                ).first
            else { throw JobRuntimeError("job inexistente: \(id)") }

            let events = try db.query(
                "SELECT at, event, attempt, message, worker FROM jobs.job_event WHERE job_id = $1 ORDER BY id", [id]
            ).map { row in
                let (at, event, attempt, message, worker) = try row.decode((Date, String, Int, String?, String?).self)
                return Event(at: at, event: event, attempt: attempt, message: message, worker: worker)
            }
            var byState: [String: Int] = [:]
            for child in try db.query("SELECT state, count(*) FROM jobs.job WHERE parent_id = $1 GROUP BY state", [id])
            {
                let (state, count) = try child.decode((String, Int).self)
                byState[state] = count
            }
            let open = try db.query(
                """
                SELECT id FROM jobs.job WHERE parent_id = $1 AND state <> 'done'
                ORDER BY created_at, id LIMIT $2
                """, [id, openChildrenShown]
            ).map { try $0.decode(String.self, at: 0) }

            return JobDetail(
                id: try row.decode(at: 0), kind: try row.decode(at: 1), family: try row.decode(at: 2),
                state: try row.decode(at: 3), attempts: try row.decode(at: 4), maxAttempts: try row.decode(at: 5),
                generation: try row.decode(at: 6), schemaVersion: try row.decode(at: 7),
                parentID: try row.decode(at: 8),
                correlationID: try row.decode(at: 9), payload: try row.decode(at: 10),
                continuation: try row.decode(at: 11),
                result: try row.decode(at: 12), createdAt: try row.decode(at: 13), publishedAt: try row.decode(at: 14),
                startedAt: try row.decode(at: 15), finishedAt: try row.decode(at: 16), worker: try row.decode(at: 17),
                lastError: try row.decode(at: 18), lastErrorAt: try row.decode(at: 19), events: events,
                children: Children(
                    total: try row.decode(at: 20), done: try row.decode(at: 21), byState: byState, openIDs: open))
        }
    }

    /// Dead jobs (of `kind`, or all), the longest dead first.
    public static func deadJobs(kind: String? = nil, limit: Int, db: PostgresConnection) throws -> [DeadJob] {
        try db.query(
            """
            SELECT id, kind, family, attempts, max_attempts, last_error_at, last_error
            FROM jobs.job WHERE state = 'dead' AND ($1::text IS NULL OR kind = $1)
            ORDER BY coalesce(last_error_at, finished_at, created_at), id
            LIMIT $2
            """, [kind, max(0, limit)]
        ).map { row in
            let (id, kind, family, attempts, maxAttempts, at, error) = try row.decode(
                (String, String, String, Int, Int, Date?, String?).self)
            return DeadJob(
                id: id, kind: kind, family: family, attempts: attempts, maxAttempts: maxAttempts, lastErrorAt: at,
                lastError: error)
        }
    }

    /// How many jobs are dead (of `kind`, or all).
    public static func deadCount(kind: String? = nil, db: PostgresConnection) throws -> Int {
        try db.query(
            "SELECT count(*) FROM jobs.job WHERE state = 'dead' AND ($1::text IS NULL OR kind = $1)", [kind]
        ).first?.decode(Int.self, at: 0) ?? 0
    }
}
