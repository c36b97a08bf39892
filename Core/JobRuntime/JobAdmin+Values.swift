import Foundation

/// What the job operations return: counts, a job's detail, dead jobs, the outcome of a
/// replay or a discard, the queues' depths.
extension JobAdmin {
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
}
