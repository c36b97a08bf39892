internal import CLibPQ

extension PostgresConnection {
    /// One statement of a ``pipeline(_:)``: run prepared (as ``queryPrepared(_:_:)``), and
    /// optionally followed by a sync point, which ends an implicit transaction exactly as a
    /// separate call would (a statement outside `BEGIN` commits there).
    public struct PipelineStatement {
        public var sql: String
        public var binds: [(any PostgresEncodable)?]
        public var sync: Bool

        public init(_ sql: String, _ binds: [(any PostgresEncodable)?] = [], sync: Bool = false) {
            self.sql = sql
            self.binds = binds
            self.sync = sync
        }
    }

    /// Sends several statements in one write and reads all their results: one round trip
    /// instead of one per statement (libpq pipeline mode). The server runs them in order,
    /// as separate calls would; a statement that fails makes the server skip the rest up
    /// to the next sync point (their results are `client`
    /// errors), and an explicit transaction it was in stays aborted, as after any error.
    ///
    /// The last statement must carry a sync point. Returns one result per statement, in
    /// order; throws only when the connection itself fails (then the connection is closed).
    public func pipeline(_ statements: [PipelineStatement]) throws -> [Result<PostgresRows, PostgresError>] {
        guard let last = statements.last else { return [] }
        guard last.sync else { throw PostgresError.misuse("a pipeline must end at a sync point") }
        var names: [String] = []
        for statement in statements { names.append(try preparedName(for: statement.sql)) }
        let connection = try open()
        guard PQenterPipelineMode(connection) == 1 else { throw PostgresError.from(result: nil, connection: connection) }
        var results: [Result<PostgresRows, PostgresError>] = []
        do {
            for (statement, name) in zip(statements, names) {
                let parameters = try EncodedParameters(statement.binds)
                let sent = parameters.withUnsafeParameters { count, _, values, lengths, formats in
                    PQsendQueryPrepared(connection, name, count, values, lengths, formats, 0)
                }
                guard sent == 1 else { throw PostgresError.from(result: nil, connection: connection) }
                if statement.sync {
                    guard PQpipelineSync(connection) == 1 else { throw PostgresError.from(result: nil, connection: connection) }
                }
            }
            for statement in statements {
                results.append(try pipelineResult(connection))
                if statement.sync { try pipelineSync(connection) }
            }
        } catch {
            // The connection is in an unknown place of the exchange: not reusable.
            close()
            throw error
        }
        guard PQexitPipelineMode(connection) == 1 else {
            close()
            throw PostgresError.from(result: nil, connection: nil)
        }
        return results
    }

    /// The result of the next statement (its rows, its error, or that it was skipped).
    private func pipelineResult(_ connection: OpaquePointer) throws -> Result<PostgresRows, PostgresError> {
        guard let raw = PQgetResult(connection) else { throw PostgresError.from(result: nil, connection: connection) }
        let result = PostgresResult(raw)
        // Each statement's results end with a NULL from PQgetResult.
        while let extra = PQgetResult(connection) { _ = PostgresResult(extra) }
        switch result.status {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return .success(PostgresRows(result))
        case PGRES_PIPELINE_ABORTED:
            return .failure(PostgresError(kind: .client, message: "statement skipped: an earlier one in the pipeline failed"))
        default:
            let error = PostgresError.from(result: raw, connection: connection)
            if PQstatus(connection) == CONNECTION_BAD { throw error }
            return .failure(error)
        }
    }

    private func pipelineSync(_ connection: OpaquePointer) throws {
        guard let raw = PQgetResult(connection) else { throw PostgresError.from(result: nil, connection: connection) }
        let result = PostgresResult(raw)
        guard result.status == PGRES_PIPELINE_SYNC else {
            throw PostgresError.misuse("pipeline: expected a sync point, got status \(result.status.rawValue)")
        }
    }
}
