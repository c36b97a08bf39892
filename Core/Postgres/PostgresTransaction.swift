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
        try transaction(named: "withTransaction") {
            try execute("BEGIN ISOLATION LEVEL \(isolation.rawValue) \(readOnly ? "READ ONLY" : "READ WRITE")")
            return try body(self)
        }
    }

    /// The BEGIN of ``withTransaction(isolation:readOnly:_:)`` (READ COMMITTED, READ WRITE), to
    /// send as the first statement of a ``pipeline(_:)`` in ``withPipelinedTransaction(_:)``.
    public static var begin: PipelineStatement { PipelineStatement("BEGIN ISOLATION LEVEL READ COMMITTED READ WRITE") }
    /// The COMMIT a ``withPipelinedTransaction(_:)`` body may send as the last statement of its
    /// last pipeline (with a sync point); its result's command tag is `COMMIT` when it committed.
    public static var commit: PipelineStatement { PipelineStatement("COMMIT", sync: true) }

    /// ``withTransaction(isolation:readOnly:_:)`` for a body that saves the round trips of BEGIN
    /// and COMMIT: it opens the transaction itself, with ``begin`` as the first statement of its
    /// first ``pipeline(_:)``, and may end it with ``commit`` at the end of its last (checking
    /// that statement's command tag). Commits when the body returns with the transaction still
    /// open; rolls back when it throws and rethrows that error. A body must run nothing before
    /// its BEGIN that it would not run outside a transaction.
    public func withPipelinedTransaction<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try transaction(named: "withPipelinedTransaction") { try body(self) }
    }

    /// Both: refuses to nest, runs `body` (which opens the transaction), rolls back when it
    /// throws, else commits unless the body already did.
    private func transaction<T>(named nome: String, _ body: () throws -> T) throws -> T {
        let connection = try open()
        guard PQtransactionStatus(connection) == PQTRANS_IDLE else {
            throw PostgresError.misuse("\(nome) called inside an open transaction; transactions do not nest")
        }
        let value: T
        do {
            value = try body()
        } catch {
            rollbackQuietly()
            throw error
        }
        guard isInTransaction else { return value }  // a pipelined body committed
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
