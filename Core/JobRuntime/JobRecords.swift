import Postgres

/// One row of the job table as the areas read it (migration 0010): enough to follow a job or
/// a tree of jobs without naming `jobs.job` outside the runtime.
public struct JobRecord: Sendable, Hashable {
    public var id: String
    public var kind: String
    /// pending, published, running, waiting, done, retrying, dead, discarded.
    public var state: String
    public var attempts: Int
    public var maxAttempts: Int
    public var lastError: String?
    /// The payload and the result, as JSON text (the result nil until the job is done).
    public var payload: String
    public var result: String?
    /// When the job's transaction started and finished (seconds since the epoch).
    public var startedAt: Double?
    public var finishedAt: Double?
}

/// The runtime's read API over the job table, and the two removals a utility's reset and the
/// benches need. Only this module names `jobs.job`.
public enum JobRecords {
    static let columns = """
        id, kind, state, attempts, max_attempts, last_error, payload::text, result::text,
        extract(epoch FROM started_at)::float8, extract(epoch FROM finished_at)::float8
        """

    static func decode(_ rows: some Sequence<PostgresRow>) throws -> [JobRecord] {
        try rows.map { row in
            JobRecord(
                id: try row.decode(String.self, at: 0), kind: try row.decode(String.self, at: 1),
                state: try row.decode(String.self, at: 2), attempts: try row.decode(Int.self, at: 3),
                maxAttempts: try row.decode(Int.self, at: 4), lastError: try row.decode(String?.self, at: 5),
                payload: try row.decode(String.self, at: 6), result: try row.decode(String?.self, at: 7),
                startedAt: try row.decode(Double?.self, at: 8), finishedAt: try row.decode(Double?.self, at: 9))
        }
    }

    /// The jobs among `ids` that exist, by id.
    public static func byID(_ ids: [String], db: PostgresConnection) throws -> [String: JobRecord] {
        guard !ids.isEmpty else { return [:] }
        let records = try decode(db.query("SELECT \(columns) FROM jobs.job WHERE id = ANY($1::text[])", [PostgresArray(ids)]))
        return Dictionary(records.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
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
            """, [kind.name, PostgresArray(roots.map { $0 + "/%" })])[0].decode((Int, Double?, Double?).self)
    }

    /// Empties the job table (and what hangs on it): a utility generated anew, whose old job
    /// ids would name rows that now mean other things.
    public static func removeAll(db: PostgresConnection) throws {
        _ = try db.execute("TRUNCATE jobs.job CASCADE")
    }

    /// Removes every job of `kind` (a benchmark's reset between runs).
    public static func remove(kind: JobKind, db: PostgresConnection) throws {
        _ = try db.execute("DELETE FROM jobs.job WHERE kind = $1", [kind.name])
    }
}
