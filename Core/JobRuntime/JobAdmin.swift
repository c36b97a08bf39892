import AMQP
import Foundation
import Postgres

/// The operations over the job record that `gsan jobs`, `gsan job show` and `gsan dlq`
/// run: read the record, replay or discard dead jobs, and tidy the broker's dead-letter
/// copies afterwards.
///
/// Every function blocks: call it on the thread that owns the connections. The database
/// is the record; the broker's dead-letter queues only hold copies for a person to read.
public enum JobAdmin {
    /// The states of a job, in the order a person reads them (a job's life, then its ends).
    public static let states = ["pending", "published", "running", "waiting", "retrying", "done", "dead", "discarded"]

    /// The kind given to the record of a message that was not a job at all (see
    /// `JobExecutor`): it can only be discarded, never replayed.
    public static let invalidKind = "invalida"

    /// How many children of a job `show` lists by id (those not done).
    public static let openChildrenShown = 20

    /// How many recent failures `summary` brings.
    public static let recentFailuresShown = 10

    // MARK: Values

    /// One kind's jobs counted by state.
    public struct KindCounts: Sendable, Hashable {
        public var kind: String
        public var counts: [String: Int]

        public init(kind: String, counts: [String: Int]) {
            self.kind = kind
            self.counts = counts
        }

        public func count(_ state: String) -> Int { counts[state] ?? 0 }
        public var total: Int { counts.values.reduce(0, +) }
    }

    /// The job that has waited longest to run (pending or published).
    public struct OldestQueued: Sendable, Hashable {
        public var id: String
        public var kind: String
        public var state: String
        /// Seconds since the job was created, by the database's clock.
        public var age: Double

        public init(id: String, kind: String, state: String, age: Double) {
            self.id = id
            self.kind = kind
            self.state = state
            self.age = age
        }
    }

    /// A failed attempt or a death, from the job's history.
    public struct Failure: Sendable, Hashable {
        public var jobID: String
        public var kind: String
        /// `failed` or `dead`.
        public var event: String
        public var attempt: Int
        public var at: Date
        public var message: String?

        public init(jobID: String, kind: String, event: String, attempt: Int, at: Date, message: String?) {
            self.jobID = jobID
            self.kind = kind
            self.event = event
            self.attempt = attempt
            self.at = at
            self.message = message
        }
    }

    public struct Summary: Sendable, Hashable {
        /// One entry per kind that has jobs, sorted by kind.
        public var kinds: [KindCounts]
        public var oldestQueued: OldestQueued?
        /// Newest first.
        public var recentFailures: [Failure]

        public init(kinds: [KindCounts], oldestQueued: OldestQueued?, recentFailures: [Failure]) {
            self.kinds = kinds
            self.oldestQueued = oldestQueued
            self.recentFailures = recentFailures
        }

        /// Every kind summed, per state.
        public var totals: KindCounts {
            var counts: [String: Int] = [:]
            for kind in kinds { counts.merge(kind.counts, uniquingKeysWith: +) }
            return KindCounts(kind: "total", counts: counts)
        }
    }

    /// One line of a job's history.
    public struct Event: Sendable, Hashable {
        public var at: Date
        /// `failed`, `retrying`, `dead`, `replayed`, `discarded` or `done`.
        public var event: String
        public var attempt: Int
        public var message: String?
        public var worker: String?

        public init(at: Date, event: String, attempt: Int, message: String?, worker: String?) {
            self.at = at
            self.event = event
            self.attempt = attempt
            self.message = message
            self.worker = worker
        }
    }

    /// A job's children: the counters on its row, their states, and some not yet done.
    public struct Children: Sendable, Hashable {
        public var total: Int
        public var done: Int
        public var byState: [String: Int]
        /// Up to ``JobAdmin/openChildrenShown`` ids of children not done, oldest first.
        public var openIDs: [String]

        public init(total: Int, done: Int, byState: [String: Int], openIDs: [String]) {
            self.total = total
            self.done = done
            self.byState = byState
            self.openIDs = openIDs
        }

        /// Children that exist as rows (may be fewer than `total` while a parent is enqueueing them).
        public var recorded: Int { byState.values.reduce(0, +) }
    }

    /// Everything the record holds about one job.
    public struct JobDetail: Sendable, Hashable {
        public var id: String
        public var kind: String
        public var family: String
        public var state: String
        public var attempts: Int
        public var maxAttempts: Int
        public var generation: Int
        public var schemaVersion: Int
        public var parentID: String?
        public var correlationID: String?
        /// Pretty-printed JSON.
        public var payload: String
        public var continuation: String?
        public var result: String?
        public var createdAt: Date
        public var publishedAt: Date?
        public var startedAt: Date?
        public var finishedAt: Date?
        public var worker: String?
        public var lastError: String?
        public var lastErrorAt: Date?
        public var events: [Event]
        public var children: Children

        public init(
            id: String, kind: String, family: String, state: String, attempts: Int, maxAttempts: Int, generation: Int,
            schemaVersion: Int, parentID: String?, correlationID: String?, payload: String, continuation: String?,
            result: String?, createdAt: Date, publishedAt: Date?, startedAt: Date?, finishedAt: Date?, worker: String?,
            lastError: String?, lastErrorAt: Date?, events: [Event], children: Children
        ) {
            self.id = id
            self.kind = kind
            self.family = family
            self.state = state
            self.attempts = attempts
            self.maxAttempts = maxAttempts
            self.generation = generation
            self.schemaVersion = schemaVersion
            self.parentID = parentID
            self.correlationID = correlationID
            self.payload = payload
            self.continuation = continuation
            self.result = result
            self.createdAt = createdAt
            self.publishedAt = publishedAt
            self.startedAt = startedAt
            self.finishedAt = finishedAt
            self.worker = worker
            self.lastError = lastError
            self.lastErrorAt = lastErrorAt
            self.events = events
            self.children = children
        }
    }

    /// A job in state `dead`, as `gsan dlq list` shows it.
    public struct DeadJob: Sendable, Hashable {
        public var id: String
        public var kind: String
        public var family: String
        public var attempts: Int
        public var maxAttempts: Int
        public var lastErrorAt: Date?
        public var lastError: String?

        public init(
            id: String, kind: String, family: String, attempts: Int, maxAttempts: Int, lastErrorAt: Date?,
            lastError: String?
        ) {
            self.id = id
            self.kind = kind
            self.family = family
            self.attempts = attempts
            self.maxAttempts = maxAttempts
            self.lastErrorAt = lastErrorAt
            self.lastError = lastError
        }
    }

    /// Which dead jobs a replay takes.
    public enum Selection: Sendable, Hashable {
        /// These jobs; each one not dead (or not existing) is refused by name.
        case ids([String])
        /// Every dead job of this kind.
        case kind(String)
        /// Every dead job.
        case allDead
    }

    public enum Action: String, Sendable, Hashable {
        case replay, discard
    }

    /// A job a replay or discard changed.
    public struct AffectedJob: Sendable, Hashable {
        public var id: String
        public var kind: String
        public var family: String
        /// The generation after the change (a replay increments it).
        public var generation: Int

        public init(id: String, kind: String, family: String, generation: Int) {
            self.id = id
            self.kind = kind
            self.family = family
            self.generation = generation
        }
    }

    /// A job a replay or discard left alone, and why.
    public struct Refusal: Sendable, Hashable {
        public var id: String
        public var reason: String

        public init(id: String, reason: String) {
            self.id = id
            self.reason = reason
        }
    }

    public struct Outcome: Sendable, Hashable {
        public var action: Action
        /// Committed in the database, in the order asked (ids) or by id (a kind, all).
        public var affected: [AffectedJob]
        public var refused: [Refusal]
        /// Dead-letter copies of the affected jobs acked off the broker's dead queues.
        public var brokerCopiesRemoved: Int
        /// Set when the broker could not be cleaned: the database change stands regardless.
        public var brokerWarning: String?

        public init(
            action: Action, affected: [AffectedJob], refused: [Refusal], brokerCopiesRemoved: Int = 0,
            brokerWarning: String? = nil
        ) {
            self.action = action
            self.affected = affected
            self.refused = refused
            self.brokerCopiesRemoved = brokerCopiesRemoved
            self.brokerWarning = brokerWarning
        }
    }

    /// A family's queue depths on the broker; nil where the queue does not exist.
    public struct QueueDepths: Sendable, Hashable {
        public var family: String
        public var work: Int?
        public var consumers: Int?
        /// Summed over the family's retry queues (nil if any is missing).
        public var retrying: Int?
        public var dead: Int?

        public init(family: String, work: Int?, consumers: Int?, retrying: Int?, dead: Int?) {
            self.family = family
            self.work = work
            self.consumers = consumers
            self.retrying = retrying
            self.dead = dead
        }
    }

    // MARK: Reading

    /// Counts per kind and state, the oldest job still waiting to run, and the latest
    /// failures — read in one snapshot.
    public static func summary(db: PostgresConnection) throws -> Summary {
        try db.withTransaction(isolation: .repeatableRead, readOnly: true) { db in
            var byKind: [String: [String: Int]] = [:]
            for row in try db.query("SELECT kind, state, count(*) FROM jobs.job GROUP BY kind, state") {
                let (kind, state, count) = try row.decode((String, String, Int).self)
                byKind[kind, default: [:]][state] = count
            }
            let kinds = byKind.keys.sorted().map { KindCounts(kind: $0, counts: byKind[$0]!) }

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

    // MARK: Changing

    /// Sends dead jobs back to the outbox: in one transaction they become `pending` with
    /// no attempts and the next generation (so a stale copy of the old one is never run),
    /// keep their last error as history, get a `replayed` event naming `operator`, and the
    /// relays are notified. Ids not dead, unknown, or records of invalid messages are
    /// refused by name. After the commit, the broker's dead-letter copies of the replayed
    /// jobs are removed (see ``removeBrokerCopies(_:broker:)``).
    ///
    /// - Parameter broker: called once, after the commit and only if a job changed, for a
    ///   connection to the broker (the caller keeps ownership of it). If it throws, the
    ///   outcome carries a warning instead.
    public static func replay(
        _ selection: Selection, operator: String, db: PostgresConnection, broker: () throws -> AMQPConnection
    ) throws -> Outcome {
        let who = try requireOperator(`operator`)
        if case .ids(let ids) = selection, ids.isEmpty {
            throw JobRuntimeError("informe ao menos um id de job para reprocessar")
        }
        if case .kind(let kind) = selection, kind.trimmingCharacters(in: .whitespaces).isEmpty {
            throw JobRuntimeError("informe o tipo dos jobs a reprocessar (--kind)")
        }
        var outcome = try db.withTransaction { db -> Outcome in
            let candidates = try lockCandidates(selection, db: db)
            var eligible: [String] = []
            var refused: [Refusal] = []
            for candidate in candidates {
                if let reason = candidate.refusal {
                    refused.append(Refusal(id: candidate.id, reason: reason))
                } else if candidate.kind == invalidKind {
                    refused.append(
                        Refusal(
                            id: candidate.id,
                            reason:
                                "job \(candidate.id) é o registro de uma mensagem inválida (não é um job) e não pode "
                                + "ser reprocessado: descarte-o (gsan dlq discard \(candidate.id) --motivo …)"))
                } else {
                    eligible.append(candidate.id)
                }
            }
            guard !eligible.isEmpty else { return Outcome(action: .replay, affected: [], refused: refused) }
            let rows = try db.query(
                """
                UPDATE jobs.job
                SET state = 'pending', attempts = 0, generation = generation + 1,
                    published_at = NULL, started_at = NULL, finished_at = NULL
                WHERE state = 'dead' AND kind <> $2 AND id = ANY($1::text[])
                RETURNING id, kind, family, generation
                """, [PostgresArray(eligible), invalidKind])
            let affected = try ordered(rows, as: eligible)
            try db.execute(
                """
                INSERT INTO jobs.job_event (job_id, event, attempt, message)
                SELECT id, 'replayed', 0, 'reprocessado por ' || $2 || ' (geração ' || generation || ')'
                FROM jobs.job WHERE id = ANY($1::text[])
                """, [PostgresArray(affected.map(\.id)), who])
            try db.execute("SELECT pg_notify($1, '')", [Outbox.notifyChannel])
            return Outcome(action: .replay, affected: affected, refused: refused)
        }
        removeBrokerCopies(&outcome, broker: broker)
        return outcome
    }

    /// Gives up on dead jobs for good: state `discarded`, `finished_at` now, a `discarded`
    /// event with the reason and `operator`. `reason` is required. Ids not dead or unknown
    /// are refused by name. After the commit, the broker's dead-letter copies are removed.
    public static func discard(
        _ ids: [String], reason: String, operator: String, db: PostgresConnection, broker: () throws -> AMQPConnection
    ) throws -> Outcome {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw JobRuntimeError("informe o motivo do descarte (--motivo)") }
        let who = try requireOperator(`operator`)
        guard !ids.isEmpty else { throw JobRuntimeError("informe ao menos um id de job para descartar") }
        var outcome = try db.withTransaction { db -> Outcome in
            let candidates = try lockCandidates(.ids(ids), db: db)
            let refused = candidates.compactMap { candidate in
                candidate.refusal.map { Refusal(id: candidate.id, reason: $0) }
            }
            let eligible = candidates.filter { $0.refusal == nil }.map(\.id)
            guard !eligible.isEmpty else { return Outcome(action: .discard, affected: [], refused: refused) }
            let rows = try db.query(
                """
                UPDATE jobs.job SET state = 'discarded', finished_at = now()
                WHERE state = 'dead' AND id = ANY($1::text[])
                RETURNING id, kind, family, generation
                """, [PostgresArray(eligible)])
            let affected = try ordered(rows, as: eligible)
            try db.execute(
                """
                INSERT INTO jobs.job_event (job_id, event, attempt, message)
                SELECT id, 'discarded', attempts, $2
                FROM jobs.job WHERE id = ANY($1::text[])
                """, [PostgresArray(affected.map(\.id)), String("descartado por \(who): \(reason)".prefix(4_000))])
            return Outcome(action: .discard, affected: affected, refused: refused)
        }
        removeBrokerCopies(&outcome, broker: broker)
        return outcome
    }

    private struct Candidate {
        var id: String
        var kind: String
        /// Why it cannot be taken (unknown, not dead); nil when it is dead.
        var refusal: String?
    }

    /// The jobs a selection names: the dead ones locked for the transaction (in id order,
    /// so two operators never deadlock), each other requested id once with the reason it
    /// cannot be taken. Rows in other states are read without a lock: a worker may hold
    /// a running job's row for as long as its handler runs, and nobody should wait on it.
    private static func lockCandidates(_ selection: Selection, db: PostgresConnection) throws -> [Candidate] {
        var ids: [String]?
        var kind: String?
        switch selection {
        case .ids(let requested):
            var seen = Set<String>()
            ids = requested.filter { seen.insert($0).inserted }
        case .kind(let name): kind = name
        case .allDead: break
        }
        let dead = try db.query(
            """
            SELECT id, kind FROM jobs.job
            WHERE state = 'dead' AND ($1::text IS NULL OR kind = $1) AND ($2::text IS NULL OR id = ANY($2::text[]))
            ORDER BY id FOR UPDATE
            """, [kind, ids.map { PostgresArray($0) }]
        ).map { row in
            let (id, kind) = try row.decode((String, String).self)
            return Candidate(id: id, kind: kind, refusal: nil)
        }
        guard let ids else { return dead }

        var locked: [String: Candidate] = [:]
        for candidate in dead { locked[candidate.id] = candidate }
        var states: [String: String] = [:]
        let others = ids.filter { locked[$0] == nil }
        if !others.isEmpty {
            for row in try db.query(
                "SELECT id, state FROM jobs.job WHERE id = ANY($1::text[])", [PostgresArray(others)])
            {
                let (id, state) = try row.decode((String, String).self)
                states[id] = state
            }
        }
        return ids.map { id in
            if let candidate = locked[id] { return candidate }
            guard let state = states[id] else { return Candidate(id: id, kind: "", refusal: "job inexistente: \(id)") }
            let reason =
                state == "dead"
                ? "job \(id) mudou de estado durante a operação; tente de novo"
                : "job \(id) não está morto (estado: \(state))"
            return Candidate(id: id, kind: "", refusal: reason)
        }
    }

    /// RETURNING rows in the order the ids were asked for.
    private static func ordered(_ rows: PostgresRows, as ids: [String]) throws -> [AffectedJob] {
        var byID: [String: AffectedJob] = [:]
        for row in rows {
            let (id, kind, family, generation) = try row.decode((String, String, String, Int).self)
            byID[id] = AffectedJob(id: id, kind: kind, family: family, generation: generation)
        }
        return ids.compactMap { byID[$0] }
    }

    private static func requireOperator(_ name: String) throws -> String {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else {
            throw JobRuntimeError("informe quem executa a operação (--operador, ou a variável USER)")
        }
        return name
    }

    // MARK: Broker copies

    /// The `role` strings ``Topology/queues`` gives each kind of queue.
    private static let workRole = "trabalho"
    private static let retryRolePrefix = "espera"
    private static let deadRole = "mortos"

    /// Removes, from the families' dead-letter queues, the copies of the jobs `outcome`
    /// changed; a broker that cannot be reached or fails midway becomes a warning on the
    /// outcome (the database change has already committed and stands).
    public static func removeBrokerCopies(_ outcome: inout Outcome, broker: () throws -> AMQPConnection) {
        guard !outcome.affected.isEmpty else { return }
        // A replay moved the job to the next generation: copies up to the previous one go.
        // A copy of a newer generation (the replayed job already died again) stays.
        var upTo: [String: Int] = [:]
        for job in outcome.affected {
            upTo[job.id] = outcome.action == .replay ? job.generation - 1 : job.generation
        }
        let families = Array(Set(outcome.affected.map(\.family))).sorted()
        do {
            let connection = try broker()
            outcome.brokerCopiesRemoved = try removeDeadLetterCopies(
                upTo: upTo, families: families, connection: connection)
        } catch {
            let queues = families.map(Topology.deadQueue).joined(separator: ", ")
            outcome.brokerWarning =
                "não foi possível limpar o RabbitMQ (\(error)): as cópias destes jobs continuam na fila de mortos "
                + "(\(queues)). O banco já registra a mudança, que vale; as cópias são só para leitura e podem ser "
                + "removidas depois."
        }
    }

    /// Fetches (`basic.get`, manual ack) every message in each family's dead queue, acks
    /// the copies of the given jobs whose generation is at most the one named, and closes
    /// the channel, which puts every other message back untouched. A family without a
    /// dead queue (404) has nothing to remove. Returns how many copies were acked.
    static func removeDeadLetterCopies(upTo: [String: Int], families: [String], connection: AMQPConnection) throws
        -> Int
    {
        var removed = 0
        for family in families {
            let queue = Topology.deadQueue(family)
            let channel = try connection.openChannel()
            do {
                // Bounded by the depth now: messages dead-lettered meanwhile wait for the next run.
                let depth = try channel.declareQueue(queue, passive: true).messageCount
                var fetched = 0
                while fetched < depth, let delivery = try channel.get(queue: queue) {
                    fetched += 1
                    guard let limit = upTo[JobExecutor.jobID(of: delivery)] else { continue }
                    let generation = delivery.properties.headers["x-gsan-geracao"]?.int64Value ?? 0
                    guard generation <= Int64(limit) else { continue }
                    try channel.ack(delivery.deliveryTag)
                    removed += 1
                }
                channel.close()
            } catch let error as AMQPError where error.kind == .channelClosed && error.replyCode == 404 {
                continue
            } catch {
                channel.close()
                throw error
            }
        }
        return removed
    }

    /// The per-family depths out of ``Topology/inspect(connection:)``.
    public static func queueDepths(
        _ queues: [(name: String, family: String, role: String, info: AMQPChannel.QueueInfo?)]
    ) -> [QueueDepths] {
        queueDepths(
            counts: queues.map {
                (family: $0.family, role: $0.role, messages: $0.info?.messageCount, consumers: $0.info?.consumerCount)
            })
    }

    /// The per-family depths from each queue's family, role (as ``Topology/queues`` names
    /// them: `trabalho`, `espera …`, `mortos`) and counts (nil: the queue does not exist).
    public static func queueDepths(
        counts queues: [(family: String, role: String, messages: Int?, consumers: Int?)]
    ) -> [QueueDepths] {
        var families: [String] = []
        for queue in queues where !families.contains(queue.family) { families.append(queue.family) }
        return families.map { family in
            let mine = queues.filter { $0.family == family }
            let work = mine.first { $0.role == workRole }
            let retries = mine.filter { $0.role.hasPrefix(retryRolePrefix) }
            let retrying: Int? =
                retries.allSatisfy { $0.messages != nil } ? retries.reduce(0) { $0 + $1.messages! } : nil
            let dead = mine.first { $0.role == deadRole }
            return QueueDepths(
                family: family, work: work?.messages, consumers: work?.consumers, retrying: retrying,
                dead: dead?.messages)
        }
    }
}
