import AMQP
import Foundation

/// Deliveries waiting for a handler thread. Handler threads block in ``take()``.
final class WorkQueue: @unchecked Sendable {
    struct Item: Sendable {
        var epoch: Int
        var delivery: Delivery
    }

    private let condition = NSCondition()
    private var items: [Item] = []
    private var closed = false

    func push(_ item: Item) {
        condition.lock()
        items.append(item)
        condition.signal()
        condition.unlock()
    }

    /// The next item, or nil once closed.
    func take() -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !closed { condition.wait() }
        return closed ? nil : items.removeFirst()
    }

    /// Removes and returns what no handler has started (to give back to the broker).
    func removeAll() -> [Item] {
        condition.lock()
        defer { condition.unlock() }
        let taken = items
        items.removeAll()
        return taken
    }

    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}

/// Results from handler threads to the AMQP thread, with a pipe that wakes it from its
/// `poll` on the broker's socket.
final class CompletionQueue: @unchecked Sendable {
    struct Completion: Sendable {
        var epoch: Int
        var deliveryTag: UInt64
        var outcome: DeliveryOutcome
    }

    private let lock = NSLock()
    private var items: [Completion] = []
    /// The pipe's read end, polled by the AMQP thread.
    let wakeDescriptor: Int32
    private let writeDescriptor: Int32

    init() {
        var ends: [Int32] = [0, 0]
        precondition(pipe(&ends) == 0, "pipe failed: \(String(cString: strerror(errno)))")
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        wakeDescriptor = ends[0]
        writeDescriptor = ends[1]
    }

    deinit {
        close(wakeDescriptor)
        close(writeDescriptor)
    }

    func push(_ completion: Completion) {
        lock.withLock { items.append(completion) }
        wake()
    }

    /// Makes the AMQP thread's wait return (a stop request, a completion).
    func wake() {
        var byte: UInt8 = 1
        _ = write(writeDescriptor, &byte, 1)  // a full pipe already wakes the reader
    }

    func drain() -> [Completion] {
        var buffer = [UInt8](repeating: 0, count: 256)
        while read(wakeDescriptor, &buffer, buffer.count) > 0 {}
        return lock.withLock {
            let taken = items
            items.removeAll(keepingCapacity: true)
            return taken
        }
    }
}

/// A stop request several threads read and any may make (a signal handler, a service's
/// graceful shutdown).
public final class StopSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var requestedAt: ContinuousClock.Instant?

    public init() {}

    public var isRequested: Bool { lock.withLock { requestedAt != nil } }
    var requestTime: ContinuousClock.Instant? { lock.withLock { requestedAt } }

    /// True the first time.
    @discardableResult
    public func request() -> Bool {
        lock.withLock {
            guard requestedAt == nil else { return false }
            requestedAt = .now
            return true
        }
    }

    /// Sleeps up to `duration`, returning early (true) when a stop is requested.
    public func sleep(_ duration: Duration) -> Bool {
        let end = ContinuousClock.now + duration
        while ContinuousClock.now < end {
            if isRequested { return true }
            Thread.sleep(forTimeInterval: min(0.05, Double((end - .now).milliseconds) / 1000 + 0.001))
        }
        return isRequested
    }
}

/// Reconnection delays: doubling from `initial` to `maximum`, with jitter so a fleet of
/// workers does not reconnect in lockstep after a broker restart.
struct Backoff {
    var initial: Duration = .milliseconds(200)
    var maximum: Duration = .seconds(10)
    private var current: Duration?

    init(initial: Duration = .milliseconds(200), maximum: Duration = .seconds(10)) {
        self.initial = initial
        self.maximum = maximum
    }

    mutating func next() -> Duration {
        let base = current.map { min($0 * 2, maximum) } ?? initial
        current = base
        return base * Double.random(in: 0.75...1.25)
    }

    mutating func reset() { current = nil }
}

/// Lets an attempt run with no other job beside it in this process: ordinary deliveries enter
/// the gate shared (before their claim, so none is claimed while an isolated attempt runs), an
/// isolated attempt waits for them to leave and holds it alone. An attempt whose previous one
/// took its worker down runs isolated, so if it crashes again it is the certain cause, and no
/// ordinary job is beside it.
final class IsolationGate: @unchecked Sendable {
    private let condition = NSCondition()
    private var shared = 0
    private var exclusive = false
    private var exclusiveWaiting = 0

    func enterShared() {
        condition.lock()
        while exclusive || exclusiveWaiting > 0 { condition.wait() }
        shared += 1
        condition.unlock()
    }

    func leaveShared() {
        condition.lock()
        shared -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// From shared to alone: leaves its share, then waits for every other to leave.
    func upgrade() {
        condition.lock()
        shared -= 1
        exclusiveWaiting += 1
        while exclusive || shared > 0 { condition.wait() }
        exclusiveWaiting -= 1
        exclusive = true
        condition.unlock()
    }

    func leaveExclusive() {
        condition.lock()
        exclusive = false
        condition.broadcast()
        condition.unlock()
    }
}
