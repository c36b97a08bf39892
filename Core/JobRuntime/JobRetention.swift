import Foundation
import Postgres

/// The job table's retention (`gsan jobs limpar`, the scheduler's daily pass).
///
/// The policy: a job tree is removed whole, with the events of each of its jobs, when its root
/// and every job below it are `done` or `discarded` and finished before the cutoff. Nothing
/// that can still run, be replayed or be looked at as a live lineage goes: a tree with a job
/// dead, waiting, running, queued or finished after the cutoff stays whole. The root's id
/// stays in `jobs.job_removido`, so a deterministic id (a month's close, a command's activity)
/// is never enqueued, nor run, again (migration 0023's trigger). The cutoff is at least
/// ``minimumAge`` in the past: no message of a removed job can still be on its way (retry
/// delays and the broker's consumer timeout are minutes), and the scheduler has long marked
/// the activities the trees stood for as realized.
///
/// It works in batches of roots, each in a short transaction of its own, and skips rows
/// another transaction holds: the workers are never blocked for longer than a batch.
public enum JobRetention {
    /// The youngest cutoff accepted.
    public static let minimumAge: TimeInterval = 7 * 86_400

    public struct Outcome: Sendable, Hashable {
        /// Trees removed (their roots), jobs removed (roots and descendants), events removed.
        public var trees = 0
        public var jobs = 0
        public var events = 0
        /// Finished roots left because something in their tree is not finished before the cutoff.
        public var keptTrees = 0
        /// Whether every eligible root was looked at (false: the time budget ran out first).
        public var complete = true

        public init() {}
    }

    /// Removes what the policy allows before `cutoff`, `batchSize` roots per transaction,
    /// until none is left or `budget` has passed. `now` is the clock the cutoff is checked
    /// against. Throws, before touching anything, a cutoff younger than ``minimumAge``.
    public static func purge(
        before cutoff: Date, batchSize: Int = 500, budget: Duration? = nil, now: Date = Date(),
        db: PostgresConnection, progress: (Outcome) -> Void = { _ in }
    ) throws -> Outcome {
        guard now.timeIntervalSince(cutoff) >= minimumAge else {
            throw JobRuntimeError(
                "a data de corte deve ser de pelo menos \(Int(minimumAge / 86_400)) dias atrás: jobs mais novos ainda podem "
                    + "receber uma entrega atrasada ou ser consultados na linhagem do mês")
        }
        guard (1...10_000).contains(batchSize) else { throw JobRuntimeError("--lote deve estar entre 1 e 10000") }
        let started = ContinuousClock.now
        var outcome = Outcome()
        var cursor: (finished: Date, id: String)?
        while true {
            if let budget, ContinuousClock.now - started > budget {
                outcome.complete = false
                break
            }
            let batch = try db.withTransaction { db in try purgeBatch(before: cutoff, after: cursor, limit: batchSize, db: db) }
            outcome.trees += batch.trees
            outcome.jobs += batch.jobs
            outcome.events += batch.events
            outcome.keptTrees += batch.kept
            progress(outcome)
            guard let last = batch.last else { break }
            cursor = last
        }
        return outcome
    }

    private struct Batch {
        var trees = 0, jobs = 0, events = 0, kept = 0
        /// The last root looked at (nil: none was left).
        var last: (finished: Date, id: String)?
    }

    /// One batch: the next finished roots by (finished_at, id), locked (skipping those another
    /// transaction holds), their trees, and the removal of the trees that qualify.
    private static func purgeBatch(
        before cutoff: Date, after cursor: (finished: Date, id: String)?, limit: Int, db: PostgresConnection
    ) throws -> Batch {
        let roots = try db.query(
            """
            SELECT id, finished_at FROM jobs.job
            WHERE parent_id IS NULL AND state IN ('done', 'discarded') AND finished_at < $1
              AND ($2::timestamptz IS NULL OR (finished_at, id) > ($2::timestamptz, $3::text))
            ORDER BY finished_at, id LIMIT $4
            FOR UPDATE SKIP LOCKED
            """, [cutoff, cursor?.finished, cursor?.id, limit]
        ).map { try $0.decode((String, Date).self) }
        guard let last = roots.last else { return Batch() }
        // The tree's estimate is huge whatever it holds: no JIT compilation for a batch's statement.
        try JobRecords.desligarJIT(db)
        var batch = Batch(last: (last.1, last.0))
        let ids = PostgresArray(roots.map(\.0))
        // Every job of these trees with its root, and which roots have a job not finished in time —
        // read from the tree itself, each level by parent_id's index (`OFFSET 0` keeps the lookup
        // per parent: a hash join would scan the whole table at every level).
        let removable = try db.query(
            """
            WITH RECURSIVE tree(root, id, state, finished_at) AS (
                SELECT id, id, state, finished_at FROM jobs.job WHERE id = ANY($1::text[])
                UNION ALL
                SELECT t.root, c.id, c.state, c.finished_at FROM tree t
                CROSS JOIN LATERAL (SELECT id, state, finished_at FROM jobs.job WHERE parent_id = t.id OFFSET 0) c
            ),
            blocked AS (
                SELECT DISTINCT root FROM tree
                WHERE state NOT IN ('done', 'discarded') OR finished_at IS NULL OR finished_at >= $2
            )
            SELECT t.root, t.id FROM tree t WHERE t.root NOT IN (SELECT root FROM blocked)
            """, [ids, cutoff]
        ).map { try $0.decode((String, String).self) }
        let removableRoots = Set(removable.map(\.0))
        batch.kept = roots.count - removableRoots.count
        guard !removableRoots.isEmpty else { return batch }
        let jobIDs = PostgresArray(removable.map(\.1))
        try db.execute(
            """
            INSERT INTO jobs.job_removido (id, kind, state, finished_at)
            SELECT id, kind, state, finished_at FROM jobs.job WHERE id = ANY($1::text[])
            ON CONFLICT (id) DO NOTHING
            """, [PostgresArray(Array(removableRoots))])
        batch.events = try db.execute("DELETE FROM jobs.job_event WHERE job_id = ANY($1::text[])", [jobIDs])
        batch.jobs = try db.execute("DELETE FROM jobs.job WHERE id = ANY($1::text[])", [jobIDs])
        batch.trees = removableRoots.count
        return batch
    }
}
