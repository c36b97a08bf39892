import Foundation
import CoreMetrics
import Metrics

/// The runtime's metrics, through swift-metrics' API: whatever backend the executable
/// bootstraps (WorkerSupport's Prometheus endpoint) gets them; without one they cost nothing.
///
/// Names and labels are documented in docs/metricas.md. Labels are bounded: a family and a
/// kind come from the topology and the registry (a message naming a kind this worker does
/// not know is counted as `desconhecido`), never a job id.
public enum JobMetrics {
    // MARK: Names

    /// Attempts whose handler committed (the job became `done`, or `waiting` for its children).
    public static let done = "gsan_jobs_done_total"
    /// Attempts that ended in an error (the sum of retried and dead).
    public static let failed = "gsan_jobs_failed_total"
    /// Failed attempts sent to a retry queue for another attempt.
    public static let retried = "gsan_jobs_retried_total"
    /// Jobs recorded dead (attempts exhausted, a permanent error, an invalid message).
    public static let dead = "gsan_jobs_dead_total"
    /// Seconds a committed attempt spent in its handler's transaction.
    public static let handlerSeconds = "gsan_job_handler_seconds"
    /// Seconds from the job's creation (its outbox row) to the commit of its successful attempt.
    public static let latencySeconds = "gsan_job_latency_seconds"
    /// Handlers running a job right now, in this process.
    public static let inFlight = "gsan_jobs_in_flight"
    /// Rows of the outbox not yet published (the whole fleet's, as read from the database).
    public static let outboxPending = "gsan_outbox_pending"
    /// Age in seconds of the oldest outbox row not yet published (0 when none).
    public static let outboxOldestSeconds = "gsan_outbox_oldest_age_seconds"
    /// Messages in a queue of the topology (from the broker).
    public static let queueMessages = "gsan_queue_messages"
    /// Consumers of a queue of the topology (from the broker).
    public static let queueConsumers = "gsan_queue_consumers"
    /// Connections re-opened after one was lost or refused, per server and component.
    public static let reconnects = "gsan_reconnects_total"
    /// When the fleet gauges were last read successfully (Unix seconds).
    public static let fleetSampledAt = "gsan_fleet_sampled_timestamp_seconds"

    /// The buckets of the two histograms: a handler runs from milliseconds to its kind's
    /// timeout (≤ 25 min); a job's latency also counts queueing, retries and children.
    public static let handlerBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2_500), .seconds(5), .seconds(10),
        .seconds(30), .seconds(60), .seconds(120), .seconds(300), .seconds(600), .seconds(1_500),
    ]
    public static let latencyBuckets: [Duration] = [
        .milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
        .milliseconds(2_500), .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(300), .seconds(900),
        .seconds(1_800), .seconds(3_600), .seconds(4 * 3_600), .seconds(24 * 3_600),
    ]

    /// The kind label of a message whose kind is not in this worker's registry.
    public static let unknownKind = "desconhecido"

    // MARK: Recording

    static func dimensions(family: String, kind: String) -> [(String, String)] { [("family", family), ("kind", kind)] }

    static func recordDone(family: String, kind: String, handler: Duration, createdAt: Date?) {
        let labels = dimensions(family: family, kind: kind)
        Counter(label: done, dimensions: labels).increment()
        Timer(label: handlerSeconds, dimensions: labels).recordNanoseconds(nanoseconds(handler))
        if let createdAt {
            let seconds = max(0, Date().timeIntervalSince(createdAt))
            Timer(label: latencySeconds, dimensions: labels).recordNanoseconds(Int64(min(seconds, 1e9) * 1e9))
        }
    }

    static func recordFailure(family: String, kind: String, dead isDead: Bool) {
        let labels = dimensions(family: family, kind: kind)
        Counter(label: failed, dimensions: labels).increment()
        Counter(label: isDead ? dead : retried, dimensions: labels).increment()
    }

    /// A message recorded dead without an attempt (not a job, an unknown kind, a mismatch).
    static func recordDeadMessage(family: String, kind: String) {
        Counter(label: dead, dimensions: dimensions(family: family, kind: kind)).increment()
    }

    static func changeInFlight(family: String, by change: Int) {
        let meter = Meter(label: inFlight, dimensions: [("family", family)])
        if change >= 0 { meter.increment(by: Double(change)) } else { meter.decrement(by: Double(-change)) }
    }

    /// `server` is `postgresql` or `rabbitmq`; `component` the thread that reconnected
    /// (`handler`, `consumer`, `relay`, `leader`, `sampler`…).
    public static func recordReconnect(server: String, component: String) {
        Counter(label: reconnects, dimensions: [("server", server), ("component", component)]).increment()
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds.multipliedReportingOverflow(by: 1_000_000_000).overflow
            ? .max : seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}

/// Counts reconnections of one connection-owning loop: every connection opened after the
/// loop's first one (a lost or refused connection came before it).
public struct ReconnectCounter: Sendable {
    let server: String
    let component: String
    private var connectedBefore = false

    public init(server: String, component: String) {
        self.server = server
        self.component = component
    }

    public mutating func connected() {
        if connectedBefore { JobMetrics.recordReconnect(server: server, component: component) }
        connectedBefore = true
    }
}
