import Foundation

/// A thread of its own for blocking work (a libpq or rabbitmq-c connection's life),
/// started at once and joinable. Connections are not `Sendable`: create them inside
/// `body`, on the thread that will use them.
public final class DedicatedThread: Sendable {
    private let finished = DispatchSemaphore(value: 0)

    public init(name: String, _ body: @escaping @Sendable () -> Void) {
        let finished = self.finished
        let thread = Thread {
            body()
            finished.signal()
        }
        thread.name = name
        thread.stackSize = 4 << 20
        thread.start()
    }

    /// Waits until `body` has returned or `deadline` passes; true when it returned.
    /// May be called any number of times.
    @discardableResult
    public func join(until deadline: DispatchTime = .distantFuture) -> Bool {
        guard finished.wait(timeout: deadline) == .success else { return false }
        finished.signal()  // leave it signalled for the next join
        return true
    }
}

/// Runs blocking work (a libpq or rabbitmq-c call) on a thread of its own and awaits
/// its result, so Swift's cooperative pool (two threads on these machines) never
/// blocks in C. Create the connections inside `body`: they are not `Sendable` and
/// belong to that thread.
public func onDedicatedThread<T: Sendable>(
    name: String = "gsan-blocking",
    _ body: @escaping @Sendable () throws -> T
) async throws -> T {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
        _ = DedicatedThread(name: name) { continuation.resume(with: Result { try body() }) }
    }
}
