import AMQP

/// The broker objects of the pipeline, declared idempotently by every process at start.
///
/// - `gsan.jobs` (direct): the work exchange; routing key = family.
/// - `gsan.<family>`: the family's work queue (quorum). `x-delivery-limit` stops a
///   message that keeps crashing its workers; it then dead-letters, at least once.
/// - `gsan.<family>.retry.<ms>`: one quorum queue per back-off step. A message waits
///   there (TTL, with jitter by per-message expiration) and dead-letters back to
///   `gsan.jobs` with the family as routing key.
/// - `gsan.dead` (direct) and `gsan.<family>.dead`: the family's dead-letter queue.
public struct Topology: Sendable {
    public static let workExchange = "gsan.jobs"
    public static let deadExchange = "gsan.dead"

    /// The worker families; each has its own queues. The pipeline's list is the job catalogue's
    /// (`Topology.gsan()` in Core/Contratos): a family exists because a kind of job lives on it.
    public var families: [String]
    /// Back-off steps in milliseconds: attempt n waits `retryDelays[min(n-1, count-1)]`.
    public var retryDelays: [Int]
    /// Redeliveries (crashes, requeues) the broker allows before dead-lettering.
    public var deliveryLimit: Int

    public static let defaultRetryDelays = [2_000, 10_000, 60_000, 300_000, 1_800_000]

    public init(
        families: [String], retryDelays: [Int] = Topology.defaultRetryDelays,
        deliveryLimit: Int = 50
    ) {
        self.families = families
        self.retryDelays = retryDelays
        self.deliveryLimit = deliveryLimit
    }

    public static func workQueue(_ family: String) -> String { "gsan.\(family)" }
    public static func deadQueue(_ family: String) -> String { "gsan.\(family).dead" }
    public static func retryQueue(_ family: String, delay: Int) -> String { "gsan.\(family).retry.\(delay)" }

    /// The retry queue for the attempt that just failed (1-based).
    public func retryQueue(family: String, failedAttempt: Int) -> (name: String, delay: Int) {
        let delay = retryDelays[min(max(failedAttempt, 1), retryDelays.count) - 1]
        return (Self.retryQueue(family, delay: delay), delay)
    }

    /// Every queue of the topology with its declare arguments, in a stable order.
    public var queues: [(name: String, arguments: AMQPTable, family: String, role: QueueRole)] {
        var result: [(String, AMQPTable, String, QueueRole)] = []
        for family in families {
            result.append(
                (
                    Self.workQueue(family),
                    [
                        "x-queue-type": "quorum", "x-delivery-limit": .int64(Int64(deliveryLimit)),
                        "x-dead-letter-exchange": .string(Self.deadExchange),
                        "x-dead-letter-routing-key": .string(family),
                        "x-dead-letter-strategy": "at-least-once", "x-overflow": "reject-publish",
                    ], family, .work
                ))
            for delay in retryDelays {
                result.append(
                    (
                        Self.retryQueue(family, delay: delay),
                        [
                            "x-queue-type": "quorum", "x-message-ttl": .int64(Int64(delay * 5 / 4)),
                            "x-dead-letter-exchange": .string(Self.workExchange),
                            "x-dead-letter-routing-key": .string(family),
                            "x-dead-letter-strategy": "at-least-once", "x-overflow": "reject-publish",
                        ], family, .delay(milliseconds: delay)
                    ))
            }
            result.append((Self.deadQueue(family), ["x-queue-type": "quorum"], family, .dead))
        }
        return result
    }

    /// Declares exchanges, queues and bindings. Safe to repeat; a queue that exists with
    /// other arguments is a 406 from the broker, reported as such.
    public func declare(on channel: AMQPChannel) throws {
        try channel.declareExchange(Self.workExchange, type: .direct)
        try channel.declareExchange(Self.deadExchange, type: .direct)
        for queue in queues {
            try channel.declareQueue(queue.name, arguments: queue.arguments)
        }
        for family in families {
            try channel.bindQueue(Self.workQueue(family), exchange: Self.workExchange, routingKey: family)
            try channel.bindQueue(Self.deadQueue(family), exchange: Self.deadExchange, routingKey: family)
        }
    }

    /// What exists on the broker now: each queue's depth and consumers, or nil if absent.
    /// Uses passive declares, reopening the channel the broker closes on a missing queue.
    public func inspect(
        connection: AMQPConnection
    ) throws -> [(name: String, family: String, role: QueueRole, info: AMQPChannel.QueueInfo?)] {
        var channel = try connection.openChannel()
        var result: [(String, String, QueueRole, AMQPChannel.QueueInfo?)] = []
        for queue in queues {
            do {
                result.append((queue.name, queue.family, queue.role, try channel.declareQueue(queue.name, passive: true)))
            } catch let error as AMQPError where error.kind == .channelClosed && error.replyCode == 404 {
                result.append((queue.name, queue.family, queue.role, nil))
                channel = try connection.openChannel()
            }
        }
        channel.close()
        return result
    }

    public static func describe(milliseconds: Int) -> String {
        if milliseconds % 3_600_000 == 0 { return "\(milliseconds / 3_600_000) h" }
        if milliseconds % 60_000 == 0 { return "\(milliseconds / 60_000) min" }
        if milliseconds % 1000 == 0 { return "\(milliseconds / 1000) s" }
        return "\(milliseconds) ms"
    }
}

/// What a queue of the topology is for. One type for the topology, the operations
/// (`gsan jobs`, `gsan doctor`) and the metrics.
public enum QueueRole: Sendable, Hashable, CustomStringConvertible {
    /// `gsan.<family>`: jobs waiting for a worker.
    case work
    /// `gsan.<family>.retry.<ms>`: a failed attempt waiting its back-off, then back to work.
    case delay(milliseconds: Int)
    /// `gsan.<family>.dead`: copies of dead jobs, for a person to read.
    case dead

    /// The metrics label: `work`, `retry`, `dead`.
    public var label: String {
        switch self {
        case .work: "work"
        case .delay: "retry"
        case .dead: "dead"
        }
    }

    /// How a person reads it: `trabalho`, `espera 2 s`, `mortos`.
    public var description: String {
        switch self {
        case .work: "trabalho"
        case .delay(let milliseconds): "espera \(Topology.describe(milliseconds: milliseconds))"
        case .dead: "mortos"
        }
    }

    public var isDelay: Bool {
        if case .delay = self { return true }
        return false
    }
}
