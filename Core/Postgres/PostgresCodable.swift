/// A PostgreSQL type, by OID: what a bound parameter is sent as, and what a result
/// column holds. Only the built-in types this package encodes or names are listed.
public struct PostgresType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// OID 0: the server infers the parameter's type from the statement.
    public static let unspecified = PostgresType(rawValue: 0)
    public static let bool = PostgresType(rawValue: 16)
    public static let bytea = PostgresType(rawValue: 17)
    public static let char = PostgresType(rawValue: 18)
    public static let name = PostgresType(rawValue: 19)
    public static let int8 = PostgresType(rawValue: 20)
    public static let int2 = PostgresType(rawValue: 21)
    public static let int4 = PostgresType(rawValue: 23)
    public static let text = PostgresType(rawValue: 25)
    public static let oid = PostgresType(rawValue: 26)
    public static let json = PostgresType(rawValue: 114)
    public static let float4 = PostgresType(rawValue: 700)
    public static let float8 = PostgresType(rawValue: 701)
    public static let bpchar = PostgresType(rawValue: 1042)
    public static let varchar = PostgresType(rawValue: 1043)
    public static let date = PostgresType(rawValue: 1082)
    public static let time = PostgresType(rawValue: 1083)
    public static let timestamp = PostgresType(rawValue: 1114)
    public static let timestamptz = PostgresType(rawValue: 1184)
    public static let numeric = PostgresType(rawValue: 1700)
    public static let uuid = PostgresType(rawValue: 2950)
    public static let jsonb = PostgresType(rawValue: 3802)

    private static let names: [UInt32: String] = [
        0: "unspecified", 16: "bool", 17: "bytea", 18: "char", 19: "name", 20: "int8", 21: "int2", 23: "int4",
        25: "text", 26: "oid", 114: "json", 700: "float4", 701: "float8", 1042: "bpchar", 1043: "varchar",
        1082: "date", 1083: "time", 1114: "timestamp", 1184: "timestamptz", 1700: "numeric", 2950: "uuid",
        3802: "jsonb",
    ]

    /// The SQL name for the listed types, `oid N` for the others.
    public var description: String { Self.names[rawValue] ?? "oid \(rawValue)" }
}

/// A parameter as it goes to libpq: text in PostgreSQL's input syntax, or the binary
/// representation (only `bytea` uses it here, to skip hex-escaping large blobs).
public enum PostgresEncodedValue: Sendable, Hashable {
    case text(String)
    case binary([UInt8])
}

/// A Swift value that can be bound as a statement parameter.
public protocol PostgresEncodable {
    /// The type the parameter is declared as. `.unspecified` lets the server infer it.
    static var postgresType: PostgresType { get }

    /// The value in PostgreSQL's input syntax; `nil` is SQL NULL.
    func postgresEncoded() throws -> PostgresEncodedValue?
}

/// A Swift value that can be read from a result column (always in text format).
public protocol PostgresDecodable {
    /// Parses the column's text output. Throw ``PostgresDecodingFailure`` (or any error)
    /// when it does not parse; the row adds the column name and the expected type.
    init(postgresText text: String, type: PostgresType) throws

    /// The value for SQL NULL. The default throws: only `Optional` accepts NULL.
    static func postgresNull() throws -> Self
}

extension PostgresDecodable {
    public static func postgresNull() throws -> Self {
        throw PostgresDecodingFailure("NULL where a value was required; decode an Optional to accept NULL")
    }
}

public typealias PostgresCodable = PostgresEncodable & PostgresDecodable

/// Why a column's text could not become the requested type. The row turns it into a
/// ``PostgresError`` of kind ``PostgresError/Kind/decoding`` naming the column.
public struct PostgresDecodingFailure: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    public static var postgresType: PostgresType { Wrapped.postgresType }
    public func postgresEncoded() throws -> PostgresEncodedValue? { try self?.postgresEncoded() }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public init(postgresText text: String, type: PostgresType) throws {
        self = .some(try Wrapped(postgresText: text, type: type))
    }
    public static func postgresNull() throws -> Self { nil }
}
