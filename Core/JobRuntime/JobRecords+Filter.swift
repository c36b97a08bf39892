import Foundation
import Postgres

/// Which jobs a count or a listing of ``JobRecords`` takes: every condition given must hold
/// (none given: every job).
public struct JobFilter: Sendable, Hashable {
    /// This one job.
    public var id: String?
    /// Ids matching this SQL `LIKE` pattern (`lote/rota=%`).
    public var idLike: String?
    public var kind: String?
    /// In one of these states.
    public var states: [JobState]?
    /// In none of these states.
    public var excludingStates: [JobState]?
    /// Enqueued under this job.
    public var parentID: String?
    /// Correlation ids matching this SQL `LIKE` pattern (a tree's root, or `cobranca.cronograma:%`).
    public var correlationLike: String?
    /// At least this many attempts.
    public var minAttempts: Int?

    public init(
        id: String? = nil, idLike: String? = nil, kind: String? = nil, states: [JobState]? = nil,
        excludingStates: [JobState]? = nil, parentID: String? = nil, correlationLike: String? = nil, minAttempts: Int? = nil
    ) {
        self.id = id
        self.idLike = idLike
        self.kind = kind
        self.states = states
        self.excludingStates = excludingStates
        self.parentID = parentID
        self.correlationLike = correlationLike
        self.minAttempts = minAttempts
    }

    /// Jobs in `state` (with the other conditions given).
    public static func state(_ state: JobState, idLike: String? = nil, kind: String? = nil) -> JobFilter {
        JobFilter(idLike: idLike, kind: kind, states: [state])
    }

    /// The condition and its parameters, in a fixed order so the statement's text is one per
    /// filter shape: a condition not given is `$n IS NULL`.
    var sql: (condition: String, binds: [(any PostgresEncodable)?]) {
        (
            """
            ($1::text IS NULL OR id = $1) AND ($2::text IS NULL OR id LIKE $2) AND ($3::text IS NULL OR kind = $3)
            AND ($4::text[] IS NULL OR state = ANY($4::text[])) AND ($5::text[] IS NULL OR state <> ALL($5::text[]))
            AND ($6::text IS NULL OR parent_id = $6) AND ($7::text IS NULL OR correlation_id LIKE $7)
            AND ($8::int8 IS NULL OR attempts >= $8)
            """,
            [
                id, idLike, kind, states.map { PostgresArray($0.map(\.rawValue)) },
                excludingStates.map { PostgresArray($0.map(\.rawValue)) }, parentID, correlationLike, minAttempts,
            ]
        )
    }
}

extension JobRecords {
    /// How many jobs the filter takes.
    public static func count(_ filter: JobFilter, db: PostgresConnection) throws -> Int {
        let (condition, binds) = filter.sql
        return try db.query("SELECT count(*)::int FROM jobs.job WHERE \(condition)", binds).first?.decode(Int.self, at: 0) ?? 0
    }

    /// The jobs the filter takes, by id.
    public static func list(_ filter: JobFilter, db: PostgresConnection) throws -> [JobRecord] {
        let (condition, binds) = filter.sql
        return try decode(db.query("SELECT \(columns) FROM jobs.job WHERE \(condition) ORDER BY id", binds))
    }

    /// How many events of `event` were recorded (of `jobID` when given; with a message matching
    /// the SQL `LIKE` pattern `messageLike` when given).
    public static func eventCount(
        _ event: String, jobID: String? = nil, messageLike: String? = nil, db: PostgresConnection
    ) throws -> Int {
        try db.query(
            """
            SELECT count(*)::int FROM jobs.job_event
            WHERE event = $1 AND ($2::text IS NULL OR job_id = $2) AND ($3::text IS NULL OR message LIKE $3)
            """, [event, jobID, messageLike]
        ).first?.decode(Int.self, at: 0) ?? 0
    }
}

/// Direct writes to the job table for tests and drills that must start from a state the runtime
/// would have left (a job dead, a message the record still shows published, a row locked by
/// another transaction). The product never calls these: it changes a job's state only through
/// the outbox, the executor, fan-in and ``JobAdmin``.
public enum JobRecordsDrill {
    /// Writes a job row in `state`, as the runtime leaves it.
    public static func plant(
        id: String, kind: String, family: String, state: JobState, attempts: Int = 0, maxAttempts: Int,
        lastError: String? = nil, payload: String = "{}", db: PostgresConnection
    ) throws {
        _ = try db.execute(
            """
            INSERT INTO jobs.job (id, kind, family, payload, state, attempts, max_attempts, last_error)
            VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8)
            """, [id, kind, family, payload, state.rawValue, attempts, maxAttempts, lastError])
    }

    /// Overwrites a job's state (and its finish instant when given), nothing else.
    public static func overwriteState(_ id: String, to state: JobState, finishedAt: Date? = nil, db: PostgresConnection) throws {
        _ = try db.execute(
            "UPDATE jobs.job SET state = $2, finished_at = coalesce($3, finished_at) WHERE id = $1",
            [id, state.rawValue, finishedAt])
    }

    /// Locks a job's row until the caller's open transaction ends (what a worker's transaction
    /// does while it runs the job).
    public static func lock(_ id: String, db: PostgresConnection) throws {
        _ = try db.query("SELECT 1 FROM jobs.job WHERE id = $1 FOR UPDATE", [id])
    }

    /// A finished history for a benchmark of a large job table: the jobs `from..<to` (a multiple of
    /// `perTree` each), in trees of `perTree` (a root of `rootKind` done with its `perTree − 1`
    /// children of `childKind` done), ids `<prefix>:n=R` and `<prefix>:n=R/n=C`; created over the
    /// `days` before now, oldest first, each finished 2 s after it started; one job in a hundred
    /// with a failed first attempt (its `failed` event, 2 attempts). One statement per call, so
    /// a caller commits in batches.
    @discardableResult
    public static func plantHistory(
        prefix: String, from: Int, to: Int, total: Int, perTree: Int, days: Int, rootKind: String, childKind: String,
        family: String, db: PostgresConnection
    ) throws -> Int {
        let inserted = try db.execute(
            """
            INSERT INTO jobs.job (id, kind, family, payload, state, attempts, max_attempts, parent_id, children_total,
                                  children_done, created_at, published_at, started_at, finished_at, worker, correlation_id)
            SELECT CASE WHEN i % $5 = 0 THEN raiz ELSE raiz || '/n=' || i END,
                   CASE WHEN i % $5 = 0 THEN $7 ELSE $8 END, $9, jsonb_build_object('n', i), 'done',
                   CASE WHEN i % 100 = 1 THEN 2 ELSE 1 END, 5,
                   CASE WHEN i % $5 = 0 THEN NULL ELSE raiz END,
                   CASE WHEN i % $5 = 0 THEN $5 - 1 ELSE 0 END, CASE WHEN i % $5 = 0 THEN $5 - 1 ELSE 0 END,
                   criado, criado + interval '50 ms', criado + interval '100 ms', criado + interval '2100 ms',
                   'historico:1', raiz
            FROM (SELECT i, $1 || ':n=' || (i / $5) * $5 AS raiz,
                         now() - make_interval(secs => ($4 - i)::float8 * $6 * 86400 / $4) AS criado
                  FROM generate_series($2::int8, $3::int8 - 1) AS i) s
            """, [prefix, from, to, total, perTree, days, rootKind, childKind, family])
        _ = try db.execute(
            """
            INSERT INTO jobs.job_event (job_id, at, event, attempt, message, worker)
            SELECT CASE WHEN i % $4 = 0 THEN raiz ELSE raiz || '/n=' || i END, now() - make_interval(secs => ($5 - i)::float8 * $6 * 86400 / $5),
                   'failed', 1, 'tempo esgotado (histórico do benchmark)', 'historico:1'
            FROM (SELECT i, $1 || ':n=' || (i / $4) * $4 AS raiz FROM generate_series($2::int8, $3::int8 - 1) AS i) s
            WHERE i % 100 = 1
            """, [prefix, from, to, perTree, total, days])
        return inserted
    }
}
