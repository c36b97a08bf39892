internal import CLibPQ
import Foundation
import Logging

/// One blocking connection to PostgreSQL through libpq.
///
/// Not `Sendable`: a connection belongs to the thread that made it (run it off Swift's
/// cooperative pool, e.g. on a dedicated thread) and is never shared. `deinit` closes it.
/// Statements take bound parameters only (`$1`, `$2` …); values never go into SQL text.
///
/// Every session is set to `TimeZone UTC`, `DateStyle ISO, YMD`, `bytea_output hex` and
/// `client_encoding UTF8`, the formats the decoders expect.
public final class PostgresConnection {
    private var handle: OpaquePointer?
    private let notices: PostgresNoticeSink
    /// SQL text → the name it was prepared under in this session (``queryPrepared(_:_:)``).
    private var preparedStatements: [String: String] = [:]
    public let logger: Logger

    /// Connects, or throws ``PostgresError`` of kind `connectionFailed` with libpq's reason.
    /// - Parameters:
    ///   - url: a `postgresql://user:pass@host:port/db?…` URL or a `key=value` conninfo
    ///     string. `connect_timeout` defaults to 10 s unless the string sets it.
    ///   - applicationName: shown in `pg_stat_activity`; defaults to the process name.
    public init(url: String, logger: Logger, applicationName: String? = nil) throws {
        self.logger = logger
        self.notices = PostgresNoticeSink(logger: logger)
        // Entries before `dbname` are defaults the URL may override; entries after it win.
        var keywords = ["connect_timeout", "fallback_application_name", "dbname", "client_encoding"]
        var values = ["10", ProcessInfo.processInfo.processName, url, "UTF8"]
        if let applicationName {
            keywords.append("application_name")
            values.append(applicationName)
        }
        let connection = withCStringArray(keywords) { keywords in
            withCStringArray(values) { values in PQconnectdbParams(keywords, values, 1) }
        }
        guard let connection else {
            throw PostgresError(kind: .connectionFailed, message: "libpq could not allocate a connection")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let error = Self.connectionFailure(connection)
            PQfinish(connection)
            throw error
        }
        handle = connection
        notices.install(on: connection)
        do {
            try executeScript(
                "SET TimeZone TO 'UTC'; SET DateStyle TO 'ISO, YMD'; SET bytea_output TO 'hex'; "
                    + "SET IntervalStyle TO 'postgres'; SET extra_float_digits TO 3")
        } catch {
            close()
            throw error
        }
        logger.debug(
            "postgres connected",
            metadata: ["postgres.host": .string(host), "postgres.database": .string(database)])
    }

    deinit {
        if let handle { PQfinish(handle) }
    }

    /// Closes the connection; later calls throw a `misuse` error. Closing twice is harmless.
    public func close() {
        if let handle { PQfinish(handle) }
        handle = nil
    }

    public var isOpen: Bool { handle.map { PQstatus($0) == CONNECTION_OK } ?? false }

    /// The server's version, e.g. `15.18` (from `server_version`, without a vendor suffix).
    public var serverVersion: String {
        guard let handle, let value = PQparameterStatus(handle, "server_version") else { return "" }
        return String(String(cString: value).prefix { $0 != " " })
    }

    /// The server's version as a number, e.g. `150018`.
    public var serverVersionNumber: Int { handle.map { Int(PQserverVersion($0)) } ?? 0 }

    public var host: String { handle.flatMap { PQhost($0) }.map { String(cString: $0) } ?? "" }
    public var database: String { handle.flatMap { PQdb($0) }.map { String(cString: $0) } ?? "" }

    /// Whether a transaction is open (including one aborted by an error and not yet rolled back).
    public var isInTransaction: Bool {
        guard let handle else { return false }
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE
    }

    // MARK: Statements

    /// Runs one statement with bound parameters and returns its rows.
    public func query(_ sql: String, _ binds: [(any PostgresEncodable)?] = []) throws -> PostgresRows {
        let connection = try open()
        try Self.checkNoNUL(sql)
        let parameters = try EncodedParameters(binds)
        let raw = parameters.withUnsafeParameters { count, types, values, lengths, formats in
            PQexecParams(connection, sql, count, types, values, lengths, formats, 0)
        }
        return PostgresRows(try checked(raw))
    }

    /// Runs one statement with bound parameters; returns the rows it affected.
    @discardableResult
    public func execute(_ sql: String, _ binds: [(any PostgresEncodable)?] = []) throws -> Int {
        try query(sql, binds).rowsAffected
    }

    /// Runs SQL text that may hold several statements, with no parameters (the simple
    /// query protocol). Only for trusted text such as migrations: never build it from input.
    public func executeScript(_ sql: String) throws {
        let connection = try open()
        try Self.checkNoNUL(sql)
        _ = try checked(PQexec(connection, sql))
    }

    /// Prepares `sql` under `name` for this session, so the server parses and plans it once.
    public func prepare(name: String, sql: String) throws {
        let connection = try open()
        try Self.checkNoNUL(sql)
        _ = try checked(PQprepare(connection, name, sql, 0, nil))
    }

    /// Runs the statement prepared as `name` with bound parameters.
    @discardableResult
    public func executePrepared(_ name: String, _ binds: [(any PostgresEncodable)?] = []) throws -> PostgresRows {
        let connection = try open()
        let parameters = try EncodedParameters(binds)
        let raw = parameters.withUnsafeParameters { count, _, values, lengths, formats in
            PQexecPrepared(connection, name, count, values, lengths, formats, 0)
        }
        return PostgresRows(try checked(raw))
    }

    /// Runs `sql` as a prepared statement of this session, preparing it the first time
    /// this connection sees that text: the server parses and plans it once, which is most
    /// of the cost of a short statement run thousands of times. Parameter types are
    /// inferred by the server, so cast where it cannot tell (`$1::text IS NULL`).
    public func queryPrepared(_ sql: String, _ binds: [(any PostgresEncodable)?] = []) throws -> PostgresRows {
        try executePrepared(try preparedName(for: sql), binds)
    }

    /// The name `sql` is prepared under in this session, preparing it the first time.
    func preparedName(for sql: String) throws -> String {
        if let known = preparedStatements[sql] { return known }
        let name = "gsan_p\(preparedStatements.count + 1)"
        try prepare(name: name, sql: sql)
        preparedStatements[sql] = name
        return name
    }

    /// ``queryPrepared(_:_:)`` for a statement whose rows do not matter; returns the rows affected.
    @discardableResult
    public func executePrepared(sql: String, _ binds: [(any PostgresEncodable)?] = []) throws -> Int {
        try queryPrepared(sql, binds).rowsAffected
    }

    /// Streams a result row by row (libpq single-row mode): memory stays bounded by one
    /// row, whatever the result's size.
    ///
    /// Each row is valid after `body` returns but holds its own small result; do not keep
    /// them all. If `body` throws, the query is cancelled and the error rethrown.
    public func forEachRow(
        _ sql: String, _ binds: [(any PostgresEncodable)?] = [], _ body: (PostgresRow) throws -> Void
    ) throws {
        let connection = try open()
        try Self.checkNoNUL(sql)
        let parameters = try EncodedParameters(binds)
        let sent = parameters.withUnsafeParameters { count, types, values, lengths, formats in
            PQsendQueryParams(connection, sql, count, types, values, lengths, formats, 0)
        }
        guard sent == 1 else { throw PostgresError.from(result: nil, connection: connection) }
        if PQsetSingleRowMode(connection) != 1 {
            logger.debug("postgres: single-row mode refused; the result arrives whole")
        }
        var failure: (any Error)?
        while let raw = PQgetResult(connection) {
            let result = PostgresResult(raw)
            guard failure == nil else {
                leaveCopyState(result)
                continue
            }
            switch result.status {
            case PGRES_SINGLE_TUPLE, PGRES_TUPLES_OK:
                do {
                    for index in 0..<result.rowCount { try body(PostgresRow(result: result, index: index)) }
                } catch {
                    failure = error
                    cancelRunningQuery()
                }
            case PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
                break
            default:
                failure = unexpected(result)
            }
        }
        if let failure { throw failure }
    }

    // MARK: Internals shared with the transaction and COPY extensions

    /// The live `PGconn`, or a `misuse` error once closed.
    func open() throws -> OpaquePointer {
        guard let handle else { throw PostgresError.misuse("the PostgreSQL connection is closed") }
        return handle
    }

    /// Wraps a result, throwing its error (or the connection's) when it failed.
    func checked(_ raw: OpaquePointer?) throws -> PostgresResult {
        guard let raw else { throw PostgresError.from(result: nil, connection: handle) }
        return try checked(PostgresResult(raw))
    }

    func checked(_ result: PostgresResult) throws -> PostgresResult {
        switch result.status {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return result
        default:
            let error = unexpected(result)
            _ = drainResults()
            throw error
        }
    }

    /// The error for a result that is not a success: the server's error, or a `misuse`
    /// for a COPY started through the wrong call (after leaving the COPY state).
    private func unexpected(_ result: PostgresResult) -> PostgresError {
        switch result.status {
        case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
            leaveCopyState(result)
            return .misuse("COPY … FROM STDIN / TO STDOUT must go through copyIn / copyOut")
        default:
            return .from(result: result.raw, connection: handle)
        }
    }

    /// Reads the results left of the current command until libpq has none, so the
    /// connection is ready for the next one. Returns the last result and the first error.
    func drainResults() -> (last: PostgresResult?, error: PostgresError?) {
        guard let handle else { return (nil, nil) }
        var last: PostgresResult?
        var firstError: PostgresError?
        while let raw = PQgetResult(handle) {
            let result = PostgresResult(raw)
            switch result.status {
            case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_SINGLE_TUPLE, PGRES_EMPTY_QUERY:
                last = result
            case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
                leaveCopyState(result)
            default:
                if firstError == nil { firstError = .from(result: raw, connection: handle) }
            }
            if PQstatus(handle) == CONNECTION_BAD { break }
        }
        return (last, firstError)
    }

    /// A COPY the caller did not drive: refuse to send data / read and discard the data.
    func leaveCopyState(_ result: PostgresResult) {
        guard let handle else { return }
        switch result.status {
        case PGRES_COPY_IN, PGRES_COPY_BOTH:
            _ = PQputCopyEnd(handle, "COPY not driven by the client")
        case PGRES_COPY_OUT:
            var buffer: UnsafeMutablePointer<CChar>?
            while PQgetCopyData(handle, &buffer, 0) > 0 {
                PQfreemem(buffer)
                buffer = nil
            }
        default:
            break
        }
    }

    /// Asks the server to cancel the statement running on this connection (a separate
    /// short connection, as the protocol requires). Harmless when nothing runs.
    func cancelRunningQuery() {
        guard let handle, let cancel = PQgetCancel(handle) else { return }
        defer { PQfreeCancel(cancel) }
        var message = [CChar](repeating: 0, count: 256)
        if PQcancel(cancel, &message, Int32(message.count)) != 1 {
            let reason = message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            logger.debug("postgres: cancel request failed", metadata: ["postgres.reason": .string(reason)])
        }
    }

    private static func checkNoNUL(_ sql: String) throws {
        if sql.utf8.contains(0) { throw PostgresError.misuse("the SQL text contains a NUL byte") }
    }

    /// `connectionFailed` naming host, port, database and user, with libpq's reason and
    /// any occurrence of the password masked.
    private static func connectionFailure(_ connection: OpaquePointer) -> PostgresError {
        func text(_ value: UnsafeMutablePointer<CChar>?) -> String { value.map { String(cString: $0) } ?? "?" }
        var reason = PostgresError.connectionMessage(connection)
        if let password = PQpass(connection).map({ String(cString: $0) }), !password.isEmpty {
            reason = reason.replacingOccurrences(of: password, with: "***")
        }
        reason = reason.replacingOccurrences(of: "\n\t", with: ". ").replacingOccurrences(of: "\n", with: "; ")
        let host = text(PQhost(connection))
        let port = text(PQport(connection))
        return PostgresError(
            kind: .connectionFailed,
            message: "could not connect to PostgreSQL database \"\(text(PQdb(connection)))\" at \(host):\(port) "
                + "as \"\(text(PQuser(connection)))\": \(reason)")
    }
}
