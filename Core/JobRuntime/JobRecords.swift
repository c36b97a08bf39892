import Foundation
import Postgres

/// A job's state in the job table (migration 0010's check constraint, in its order).
public enum JobState: String, Sendable, Hashable, CaseIterable, Codable {
    /// Written, not yet published (the outbox).
    case pending
    /// On the broker, not yet taken.
    case published
    /// A worker's transaction holds it.
    case running
    /// Its own work done, waiting for its children (fan-in).
    case waiting
    /// Its effect is committed: a redelivery is acknowledged without running again.
    case done
    /// Failed, waiting for its next attempt.
    case retrying
    /// Out of attempts or failed permanently: in the dead-letter queue.
    case dead
    /// Dead and given up by an operator.
    case discarded

    /// Whether nothing will run it again on its own.
    public var isFinal: Bool { self == .done || self == .dead || self == .discarded }
}

/// One row of the job table as the areas read it (migration 0010): enough to follow a job or
/// a tree of jobs without naming `jobs.job` outside the runtime.
public struct JobRecord: Sendable, Hashable {
    public var id: String
    public var kind: String
    public var state: JobState
    public var attempts: Int
    public var maxAttempts: Int
    public var lastError: String?
    /// The payload and the result, as JSON text (the result nil until the job is done).
    public var payload: String
    public var result: String?
    /// When the job's transaction started and finished (seconds since the epoch).
    public var startedAt: Double?
    public var finishedAt: Double?
    /// Its children: how many were enqueued under it and how many are done.
    public var childrenTotal: Int
    public var childrenDone: Int
    /// The job it was enqueued under (nil for a root).
    public var parentID: String?
    /// When it was written (seconds since the epoch).
    public var createdAt: Double
}

/// A job and its direct children at one instant: what a command or a benchmark that waits for
/// a fan-out watches.
public struct JobProgress: Sendable, Hashable {
    public var job: JobRecord
    /// Children not done yet.
    public var childrenOpen: Int
    /// The job and its direct children that are dead.
    public var dead: Int
}

/// The runtime's read API over the job table, and the two removals a utility's reset and the
/// benches need. Only this module names `jobs.job`.
public enum JobRecords {
    static let columns = """
        id, kind, state, attempts, max_attempts, last_error, payload::text, result::text,
        extract(epoch FROM started_at)::float8, extract(epoch FROM finished_at)::float8,
        children_total, children_done, parent_id, extract(epoch FROM created_at)::float8
        """

    static func decode(_ rows: some Sequence<PostgresRow>) throws -> [JobRecord] {
        try rows.map { row in
            let state = try row.decode(String.self, at: 2)
            guard let known = JobState(rawValue: state) else { throw JobRuntimeError("estado de job desconhecido: \(state)") }
            return JobRecord(
                id: try row.decode(String.self, at: 0), kind: try row.decode(String.self, at: 1),
                state: known, attempts: try row.decode(Int.self, at: 3),
                maxAttempts: try row.decode(Int.self, at: 4), lastError: try row.decode(String?.self, at: 5),
                payload: try row.decode(String.self, at: 6), result: try row.decode(String?.self, at: 7),
                startedAt: try row.decode(Double?.self, at: 8), finishedAt: try row.decode(Double?.self, at: 9),
                childrenTotal: try row.decode(Int.self, at: 10), childrenDone: try row.decode(Int.self, at: 11),
                parentID: try row.decode(String?.self, at: 12), createdAt: try row.decode(Double.self, at: 13))
        }
    }

    /// The jobs among `ids` that exist, by id.
    public static func byID(_ ids: [String], db: PostgresConnection) throws -> [String: JobRecord] {
        guard !ids.isEmpty else { return [:] }
        let records = try decode(db.query("SELECT \(columns) FROM jobs.job WHERE id = ANY($1::text[])", [PostgresArray(ids)]))
        return Dictionary(records.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// One job by id, nil when there is none.
    public static func byID(_ id: String, db: PostgresConnection) throws -> JobRecord? {
        try decode(db.query("SELECT \(columns) FROM jobs.job WHERE id = $1", [id])).first
    }

    /// A job with its direct children's progress, nil when there is no such job.
    public static func progress(_ id: String, db: PostgresConnection) throws -> JobProgress? {
        guard let job = try byID(id, db: db) else { return nil }
        let counts = try db.query(
            """
            SELECT count(*) FILTER (WHERE state <> 'done')::int, count(*) FILTER (WHERE state = 'dead')::int
            FROM jobs.job WHERE parent_id = $1
            """, [id]).first?.decode((Int, Int).self) ?? (0, 0)
        return JobProgress(job: job, childrenOpen: counts.0, dead: counts.1 + (job.state == .dead ? 1 : 0))
    }

    /// How many jobs are in `state` (of `kind` when given).
    public static func count(_ state: JobState, kind: JobKind? = nil, db: PostgresConnection) throws -> Int {
        try db.query(
            "SELECT count(*)::int FROM jobs.job WHERE state = $1 AND ($2::text IS NULL OR kind = $2)", [state.rawValue, kind?.name]
        ).first?.decode(Int.self, at: 0) ?? 0
    }

    /// How many jobs something will still run on its own: pending, published, running or retrying
    /// (not a parent waiting on its children — they count — nor a dead one). Migration 0023's
    /// `job_ativo` index keeps it small whatever the table's size.
    public static func inFlight(db: PostgresConnection) throws -> Int {
        try db.query(
            "SELECT count(*)::int FROM jobs.job WHERE state IN ('pending', 'published', 'running', 'retrying')"
        ).first?.decode(Int.self, at: 0) ?? 0
    }

    /// How many done jobs of `kind` have a result containing `result` (JSON containment).
    public static func countDone(kind: JobKind, resultContaining result: some PostgresEncodable, db: PostgresConnection) throws -> Int {
        try db.query(
            "SELECT count(*)::int FROM jobs.job WHERE kind = $1 AND state = 'done' AND result @> $2::jsonb", [kind.name, result]
        ).first?.decode(Int.self, at: 0) ?? 0
    }

    /// The last instant any job finished (seconds since the epoch), nil before the first.
    public static func lastFinish(db: PostgresConnection) throws -> Double? {
        try db.query("SELECT extract(epoch FROM max(finished_at))::float8 FROM jobs.job").first?.decode(Double?.self, at: 0)
    }

    /// The jobs done with a finish in (`from`, `to`] (seconds since the epoch), per kind, most
    /// first: a stage of a benchmark that runs a whole month.
    public static func donePerKind(from: Double, to: Double, db: PostgresConnection) throws -> [(kind: String, count: Int)] {
        try db.query(
            """
            SELECT kind, count(*)::int FROM jobs.job
            WHERE state = 'done' AND finished_at > to_timestamp($1) AND finished_at <= to_timestamp($2)
            GROUP BY kind ORDER BY 2 DESC, 1
            """, [from, to]
        ).map { try $0.decode((String, Int).self) }.map { (kind: $0.0, count: $0.1) }
    }

    /// When the oldest finished root finished (the retention's index), nil when there is none.
    public static func oldestFinishedRoot(db: PostgresConnection) throws -> Date? {
        try db.query(
            "SELECT min(finished_at) FROM jobs.job WHERE parent_id IS NULL AND state IN ('done', 'discarded')"
        ).first?.decode(Date?.self, at: 0)
    }

    /// Whether a job with this id exists (whatever its state).
    public static func exists(_ id: String, db: PostgresConnection) throws -> Bool {
        try !db.query("SELECT 1 FROM jobs.job WHERE id = $1", [id]).isEmpty
    }

    /// A job tree from its root: the root and every job whose id starts with `root/`, in the
    /// order they were created.
    public static func tree(root: String, db: PostgresConnection) throws -> [JobRecord] {
        try decode(db.query(
            "SELECT \(columns) FROM jobs.job WHERE id = $1 OR id LIKE $2 ORDER BY created_at, id",
            [root, root + "/%"]))
    }

    /// Job trees: the jobs named in `roots`, the jobs without a parent whose id matches one of
    /// `rootPatterns` (SQL `LIKE`: `campo.rota:rota=7:ref=202507:lote=%`), the jobs whose id
    /// extends one of those (`root/…`: a continuation is a new root named under the chain's
    /// first job), and every job below any of them by parent — in the order they were created.
    public static func forest(roots: [String], rootPatterns: [String] = [], db: PostgresConnection) throws -> [JobRecord] {
        guard !roots.isEmpty || !rootPatterns.isEmpty else { return [] }
        // Every lookup is by the primary key's byte order (migration 0029): a pattern by the range of
        // its literal prefix, `root/…` by the range ['root/', 'root0'), children by parent_id's index.
        let prefixos = rootPatterns.map(Self.prefixoLiteral)
        // The recursive part's estimate is huge whatever the table holds, and would make PostgreSQL
        // compile the statement (JIT: over a second) to read a few dozen rows.
        return try semJIT(db) { db in try decode(db.query(
            """
            WITH RECURSIVE raiz AS (
                SELECT id FROM jobs.job WHERE id = ANY($1::text[])
                UNION
                SELECT j.id FROM unnest($2::text[], $3::text[]) AS p(padrao, prefixo)
                CROSS JOIN LATERAL (
                    SELECT id FROM jobs.job
                    WHERE id >= p.prefixo AND id < p.prefixo || chr(1114111) AND parent_id IS NULL AND id LIKE p.padrao
                    OFFSET 0
                ) j
            ), base AS (
                SELECT id FROM raiz
                UNION
                SELECT j.id FROM raiz r JOIN jobs.job j ON j.id >= r.id || '/' AND j.id < r.id || '0'
            ), arvore(id) AS (
                SELECT id FROM base
                UNION
                SELECT f.id FROM arvore a CROSS JOIN LATERAL (SELECT id FROM jobs.job WHERE parent_id = a.id OFFSET 0) f
            )
            SELECT \(columns) FROM jobs.job WHERE id IN (SELECT id FROM arvore) ORDER BY created_at, id
            """, [PostgresArray(roots), PostgresArray(rootPatterns), PostgresArray(prefixos)])) }
    }

    /// `body` with PostgreSQL's JIT off: in the caller's transaction (to its end), else in a
    /// read-only one of its own.
    static func semJIT<T>(_ db: PostgresConnection, _ body: (PostgresConnection) throws -> T) throws -> T {
        if db.isInTransaction {
            try desligarJIT(db)
            return try body(db)
        }
        return try db.withTransaction(readOnly: true) { db in
            try desligarJIT(db)
            return try body(db)
        }
    }

    /// JIT off until the caller's transaction ends: the job table's tree reads and counts have
    /// estimates that make PostgreSQL compile a statement (a second or more) to read a few rows.
    static func desligarJIT(_ db: PostgresConnection) throws {
        _ = try db.query("SELECT set_config('jit', 'off', true)")
    }

    /// How many jobs there are and the size on disk of the job table and of its events (with their
    /// indexes), for a benchmark's report.
    public static func tableSize(db: PostgresConnection) throws -> (jobs: Int, jobBytes: String, eventBytes: String)? {
        try db.query(
            """
            SELECT (SELECT count(*) FROM jobs.job)::int8, pg_size_pretty(pg_total_relation_size('jobs.job')),
                   pg_size_pretty(pg_total_relation_size('jobs.job_event'))
            """
        ).first.map { try $0.decode((Int, String, String).self) }
    }

    /// VACUUM ANALYZE of the job table and its events (after a benchmark wrote millions of rows; the
    /// schema owner's connection, outside a transaction).
    public static func vacuumAnalyze(db: PostgresConnection) throws {
        _ = try db.execute("VACUUM (ANALYZE) jobs.job")
        _ = try db.execute("VACUUM (ANALYZE) jobs.job_event")
    }

    /// The literal start of a SQL `LIKE` pattern: up to its first wildcard (`%`, `_`), with `\x`
    /// read as `x`.
    static func prefixoLiteral(_ padrao: String) -> String {
        var prefixo = ""
        var escapado = false
        for c in padrao {
            if escapado {
                prefixo.append(c)
                escapado = false
            } else if c == "\\" {
                escapado = true
            } else if c == "%" || c == "_" {
                break
            } else {
                prefixo.append(c)
            }
        }
        return prefixo
    }

    /// The done jobs of `kind` whose payload contains `payload` (JSON containment), the latest
    /// finished first.
    public static func done(kind: JobKind, payloadContaining payload: some PostgresEncodable, db: PostgresConnection) throws -> [JobRecord] {
        try decode(db.query(
            """
            SELECT \(columns) FROM jobs.job
            WHERE kind = $1 AND state = 'done' AND payload @> $2::jsonb ORDER BY finished_at DESC
            """, [kind.name, payload]))
    }

    /// The done jobs of `kind` below any of `roots` (ids `root/…`): how many, the first start
    /// and the last finish (seconds since the epoch) — a stage's window in a benchmark.
    public static func window(
        kind: JobKind, below roots: [String], db: PostgresConnection
    ) throws -> (count: Int, firstStart: Double?, lastFinish: Double?) {
        try db.query(
            """
            SELECT count(*)::int, extract(epoch FROM min(started_at))::float8, extract(epoch FROM max(finished_at))::float8
            FROM jobs.job WHERE kind = $1 AND state = 'done' AND id LIKE ANY($2::text[])
            """, [kind.name, PostgresArray(roots.map { $0 + "/%" })]).first?.decode((Int, Double?, Double?).self) ?? (0, nil, nil)
    }

    /// Empties the job table (and what hangs on it): a utility generated anew, whose old job
    /// ids would name rows that now mean other things.
    public static func removeAll(db: PostgresConnection) throws {
        _ = try db.execute("TRUNCATE jobs.job_event, jobs.job CASCADE")
    }

    /// Removes every job of `kind` (a benchmark's reset between runs).
    public static func remove(kind: JobKind, db: PostgresConnection) throws {
        _ = try db.execute("DELETE FROM jobs.job WHERE kind = $1", [kind.name])
    }
}
