import Foundation

/// Runs blocking work (a libpq or rabbitmq-c call) on a thread of its own and awaits
/// its result, so Swift's cooperative pool (two threads on these machines) never
/// blocks in C. Create the connections inside `body`: they are not `Sendable` and
/// belong to that thread.
public func onDedicatedThread<T: Sendable>(
    name: String = "gsan-blocking",
    _ body: @escaping @Sendable () throws -> T
) async throws -> T {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
        let thread = Thread {
            continuation.resume(with: Result { try body() })
        }
        thread.name = name
        thread.stackSize = 4 << 20
        thread.start()
    }
}
