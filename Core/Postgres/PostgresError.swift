internal import CLibPQ
import Foundation

/// An error from the server, from libpq or from decoding a value.
///
/// `kind` says what went wrong in terms a caller branches on (``Kind/uniqueViolation``,
/// ``Kind/serializationFailure`` …); the other fields are what the server reported.
/// Neither `description` nor any field ever contains the statement's bound parameters,
/// the statement text or the connection password. The server's own `detail` can quote
/// row values (e.g. `Key (id)=(1) already exists.`): log it knowing that.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, as an extensible set of cases (a struct, so that new cases do
    /// not break a caller's `switch`).
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case uniqueViolation, foreignKeyViolation, checkViolation, notNullViolation, exclusionViolation
            case serializationFailure, deadlockDetected, lockNotAvailable, queryCanceled
            case connectionLost, connectionFailed, decoding, encoding, misuse, server, client
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// SQLSTATE 23505.
        public static let uniqueViolation = Kind(.uniqueViolation)
        /// SQLSTATE 23503.
        public static let foreignKeyViolation = Kind(.foreignKeyViolation)
        /// SQLSTATE 23514.
        public static let checkViolation = Kind(.checkViolation)
        /// SQLSTATE 23502.
        public static let notNullViolation = Kind(.notNullViolation)
        /// SQLSTATE 23P01.
        public static let exclusionViolation = Kind(.exclusionViolation)
        /// SQLSTATE 40001: retry the whole transaction.
        public static let serializationFailure = Kind(.serializationFailure)
        /// SQLSTATE 40P01: retry the whole transaction.
        public static let deadlockDetected = Kind(.deadlockDetected)
        /// SQLSTATE 55P03 (`NOWAIT`, `lock_timeout`).
        public static let lockNotAvailable = Kind(.lockNotAvailable)
        /// SQLSTATE 57014 (statement_timeout, a cancel request, an aborted COPY).
        public static let queryCanceled = Kind(.queryCanceled)
        /// The connection broke during a call: SQLSTATE class 08, 57P01–57P03, or libpq
        /// found the connection bad afterwards. Open a new connection.
        public static let connectionLost = Kind(.connectionLost)
        /// The connection could not be established (host, port, password, database).
        public static let connectionFailed = Kind(.connectionFailed)
        /// A column's value could not be decoded into the requested Swift type.
        public static let decoding = Kind(.decoding)
        /// A bound value could not be encoded (e.g. a text with a NUL byte).
        public static let encoding = Kind(.encoding)
        /// The API was used in a way it does not allow (nested transaction, closed connection).
        public static let misuse = Kind(.misuse)
        /// Any other error the server reported; `sqlState` says which.
        public static let server = Kind(.server)
        /// Any other error libpq reported without a SQLSTATE (protocol, out of memory).
        public static let client = Kind(.client)

        public var description: String { base.rawValue }

        /// The kind for a SQLSTATE the server sent.
        static func from(sqlState: String) -> Kind {
            switch sqlState {
            case "23505": return .uniqueViolation
            case "23503": return .foreignKeyViolation
            case "23514": return .checkViolation
            case "23502": return .notNullViolation
            case "23P01": return .exclusionViolation
            case "40001": return .serializationFailure
            case "40P01": return .deadlockDetected
            case "55P03": return .lockNotAvailable
            case "57014": return .queryCanceled
            case "57P01", "57P02", "57P03": return .connectionLost
            default: return sqlState.hasPrefix("08") ? .connectionLost : .server
            }
        }
    }

    public var kind: Kind
    /// The five-character SQLSTATE, when the server sent one.
    public var sqlState: String?
    /// The primary message (the server's, libpq's, or the decoder's).
    public var message: String
    public var detail: String?
    public var hint: String?
    /// The constraint a violation names (e.g. `usuario_email_key`).
    public var constraint: String?
    public var schema: String?
    public var table: String?
    public var column: String?

    public init(
        kind: Kind, sqlState: String? = nil, message: String, detail: String? = nil, hint: String? = nil,
        constraint: String? = nil, schema: String? = nil, table: String? = nil, column: String? = nil
    ) {
        self.kind = kind
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.hint = hint
        self.constraint = constraint
        self.schema = schema
        self.table = table
        self.column = column
    }

    /// Whether running the same transaction again may succeed: serialization failures,
    /// deadlocks, lock timeouts and lost connections (on a new connection).
    public var isRetryable: Bool {
        [.serializationFailure, .deadlockDetected, .lockNotAvailable, .connectionLost].contains(kind)
    }

    /// `duplicate key value violates unique constraint "x" (SQLSTATE 23505, uniqueViolation);
    /// detail: Key (email)=(…) already exists.`
    ///
    /// The row values an integrity violation's detail quotes (often the very parameters
    /// bound) are masked here, in any server language; ``detail`` keeps them.
    public var description: String {
        var text = message
        if let sqlState { text += " (SQLSTATE \(sqlState), \(kind))" } else { text += " (\(kind))" }
        if let detail, !detail.isEmpty {
            text += "; detail: " + (sqlState?.hasPrefix("23") == true ? Self.maskingValues(detail) : detail)
        }
        if let hint, !hint.isEmpty { text += "; hint: \(hint)" }
        return text
    }

    /// `Key (email)=(a@b.c) already exists.` → `Key (email)=(…) already exists.`;
    /// `Failing row contains (1, a@b.c).` → `Failing row contains (…).` Works on the
    /// shape `(columns)=(values)` / `(values)`, not on the (translatable) words.
    static func maskingValues(_ detail: String) -> String {
        guard let close = detail.lastIndex(of: ")") else { return detail }
        if let equals = detail.range(of: ")=("), equals.upperBound <= close {
            return String(detail[..<equals.upperBound]) + "…" + String(detail[close...])
        }
        if let open = detail.firstIndex(of: "("), open < close {
            return String(detail[...open]) + "…" + String(detail[close...])
        }
        return detail
    }
}

extension PostgresError {
    /// The error a failed `PGresult` carries, classified; `connectionLost` when libpq
    /// found the connection broken, whatever the SQLSTATE.
    static func from(result: OpaquePointer?, connection: OpaquePointer?) -> PostgresError {
        func field(_ code: Character) -> String? {
            guard let result, let value = PQresultErrorField(result, Int32(code.asciiValue!)) else { return nil }
            return String(cString: value)
        }
        let connectionBad = connection.map { PQstatus($0) == CONNECTION_BAD } ?? true
        guard let sqlState = field("C") else {
            let text = result.flatMap { PQresultErrorMessage($0) }.map { String(cString: $0) } ?? ""
            let message = text.isEmpty ? connectionMessage(connection) : trimmed(text)
            return PostgresError(kind: connectionBad ? .connectionLost : .client, message: message)
        }
        var error = PostgresError(
            kind: Kind.from(sqlState: sqlState), sqlState: sqlState, message: field("M") ?? "unknown error",
            detail: field("D"), hint: field("H"), constraint: field("n"), schema: field("s"), table: field("t"),
            column: field("c"))
        if connectionBad { error.kind = .connectionLost }
        return error
    }

    /// libpq's last message for the connection, without the trailing newline.
    static func connectionMessage(_ connection: OpaquePointer?) -> String {
        guard let connection, let text = PQerrorMessage(connection) else { return "no connection" }
        let message = trimmed(String(cString: text))
        return message.isEmpty ? "unknown libpq error" : message
    }

    static func trimmed(_ text: String) -> String {
        var text = Substring(text)
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return String(text)
    }

    static func misuse(_ message: String) -> PostgresError { PostgresError(kind: .misuse, message: message) }
}
