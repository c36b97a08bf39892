import Logging

internal import CLibPQ

extension PostgresConnection {
    /// The isolation levels PostgreSQL implements (READ UNCOMMITTED behaves as READ COMMITTED).
    public enum IsolationLevel: String, Sendable, CaseIterable {
        case readCommitted = "READ COMMITTED"
        case repeatableRead = "REPEATABLE READ"
        case serializable = "SERIALIZABLE"
    }

    /// Runs `body` in a transaction: commits when it returns, rolls back when it throws
    /// and rethrows that same error.
    ///
    /// Transactions do not nest: calling this inside another transaction (this method or
    /// a `BEGIN` of your own) throws a `misuse` error and leaves the outer one untouched.
    /// A body that catches a statement's error and returns anyway cannot commit (the
    /// server has aborted the transaction): that throws too, after the rollback.
    /// Retry on ``PostgresError/isRetryable`` errors by calling this again.
    public func withTransaction<T>(
        isolation: IsolationLevel = .readCommitted, readOnly: Bool = false,
        _ body: (PostgresConnection) throws -> T
    ) throws -> T {
        let connection = try open()
        guard PQtransactionStatus(connection) == PQTRANS_IDLE else {
            throw PostgresError.misuse(
                "withTransaction called inside an open transaction; transactions do not nest")
        }
        try execute("BEGIN ISOLATION LEVEL \(isolation.rawValue) \(readOnly ? "READ ONLY" : "READ WRITE")")
        let value: T
        do {
            value = try body(self)
        } catch {
            rollbackQuietly()
            throw error
        }
        let tag: String
        do {
            tag = try query("COMMIT").commandTag
        } catch {
            rollbackQuietly()
            throw error
        }
        guard tag == "COMMIT" else {
            throw PostgresError.misuse(
                "the transaction was aborted by an error its body caught, so it was rolled back, not committed")
        }
        return value
    }

    /// ROLLBACK if a transaction is still open; a failure here (a lost connection) is
    /// logged, since the caller's original error is the one that matters.
    private func rollbackQuietly() {
        guard isInTransaction else { return }
        do {
            try execute("ROLLBACK")
        } catch {
            logger.warning("postgres: ROLLBACK failed", metadata: ["postgres.error": .string("\(error)")])
        }
    }
}
