import Foundation

// Conformances for the standard types. Values travel in PostgreSQL's text syntax (except
// bytea parameters, sent binary); the session is set to UTC, DateStyle ISO and hex bytea
// at connect, so the formats parsed here are the only ones the server produces.

// MARK: Integers

extension PostgresEncodable where Self: FixedWidthInteger {
    public func postgresEncoded() throws -> PostgresEncodedValue? { .text(String(self)) }
}

extension PostgresDecodable where Self: FixedWidthInteger {
    public init(postgresText text: String, type: PostgresType) throws {
        guard let value = Self(text, radix: 10) else {
            throw PostgresDecodingFailure("not an integer within \(Self.min)...\(Self.max)")
        }
        self = value
    }
}

extension Int: PostgresCodable { public static var postgresType: PostgresType { .int8 } }
extension Int64: PostgresCodable { public static var postgresType: PostgresType { .int8 } }
extension Int32: PostgresCodable { public static var postgresType: PostgresType { .int4 } }
extension Int16: PostgresCodable { public static var postgresType: PostgresType { .int2 } }

// MARK: Text and booleans

extension String: PostgresCodable {
    public static var postgresType: PostgresType { .text }
    public func postgresEncoded() throws -> PostgresEncodedValue? { .text(self) }
    public init(postgresText text: String, type: PostgresType) throws { self = text }
}

extension Bool: PostgresCodable {
    public static var postgresType: PostgresType { .bool }
    public func postgresEncoded() throws -> PostgresEncodedValue? { .text(self ? "t" : "f") }
    public init(postgresText text: String, type: PostgresType) throws {
        switch text {
        case "t", "true": self = true
        case "f", "false": self = false
        default: throw PostgresDecodingFailure("not a boolean (t/f)")
        }
    }
}

// MARK: Numbers

extension Double: PostgresCodable {
    public static var postgresType: PostgresType { .float8 }

    /// Swift prints the shortest text that reads back to the same bits, as PostgreSQL 12+ does.
    public func postgresEncoded() throws -> PostgresEncodedValue? {
        if isNaN { return .text("NaN") }
        if isInfinite { return .text(self < 0 ? "-Infinity" : "Infinity") }
        return .text(description)
    }

    public init(postgresText text: String, type: PostgresType) throws {
        switch text {
        case "NaN": self = .nan
        case "Infinity": self = .infinity
        case "-Infinity": self = -.infinity
        default:
            guard let value = Double(text), value.isFinite else { throw PostgresDecodingFailure("not a number") }
            self = value
        }
    }
}

extension Decimal: PostgresCodable {
    public static var postgresType: PostgresType { .numeric }

    public func postgresEncoded() throws -> PostgresEncodedValue? {
        .text(isNaN ? "NaN" : description)
    }

    /// Exact or refused: a numeric with more digits than `Decimal` holds (38) throws
    /// instead of being rounded.
    public init(postgresText text: String, type: PostgresType) throws {
        if text == "NaN" {
            self = .nan
            return
        }
        guard let canonical = Self.canonicalNumeric(text), let value = Decimal(string: text, locale: nil),
            Self.canonicalNumeric(value.description) == canonical
        else {
            throw PostgresDecodingFailure("not a decimal number that Decimal represents exactly (at most 38 digits)")
        }
        self = value
    }

    /// `-00123.4500` → `-123.45`, `-0.0` → `0`; nil unless plain `[-]digits[.digits]`.
    static func canonicalNumeric(_ text: String) -> String? {
        var rest = Substring(text)
        let negative = rest.first == "-"
        if negative { rest = rest.dropFirst() }
        let parts = rest.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty,
            parts.allSatisfy({ $0.utf8.allSatisfy { (48...57).contains($0) } })
        else { return nil }
        var integer = whole.drop { $0 == "0" }
        if integer.isEmpty { integer = "0" }
        var fraction = parts.count == 2 ? parts[1] : ""
        while fraction.last == "0" { fraction = fraction.dropLast() }
        let magnitude = fraction.isEmpty ? String(integer) : integer + "." + fraction
        return negative && magnitude != "0" ? "-" + magnitude : magnitude
    }
}

// MARK: Bytes

extension Data: PostgresCodable {
    public static var postgresType: PostgresType { .bytea }
    public func postgresEncoded() throws -> PostgresEncodedValue? { .binary([UInt8](self)) }
    public init(postgresText text: String, type: PostgresType) throws {
        self = Data(try PostgresHex.decodeBytea(text))
    }
}

extension Array: PostgresEncodable where Element == UInt8 {
    public static var postgresType: PostgresType { .bytea }
    public func postgresEncoded() throws -> PostgresEncodedValue? { .binary(self) }
}

extension Array: PostgresDecodable where Element == UInt8 {
    public init(postgresText text: String, type: PostgresType) throws {
        self = try PostgresHex.decodeBytea(text)
    }
}

enum PostgresHex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// `\x0aff…` (bytea_output = hex) → bytes.
    static func decodeBytea(_ text: String) throws -> [UInt8] {
        let utf8 = text.utf8
        guard utf8.count % 2 == 0, utf8.starts(with: [92, 120]) else {  // "\x"
            throw PostgresDecodingFailure("not a bytea in hex format (\\x…)")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count / 2 - 1)
        var high: UInt8?
        for char in utf8.dropFirst(2) {
            guard let nibble = value(of: char) else { throw PostgresDecodingFailure("invalid hex digit in bytea") }
            if let h = high {
                bytes.append(h << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return bytes
    }

    /// bytes → `\x0aff…`, for COPY text format.
    static func encodeBytea(_ bytes: [UInt8], into output: inout [UInt8], backslash: [UInt8] = [92]) {
        output.append(contentsOf: backslash)
        output.append(120)
        for byte in bytes {
            output.append(digits[Int(byte >> 4)])
            output.append(digits[Int(byte & 0x0f)])
        }
    }

    private static func value(of char: UInt8) -> UInt8? {
        switch char {
        case 48...57: return char - 48
        case 97...102: return char - 87
        case 65...70: return char - 55
        default: return nil
        }
    }
}

// MARK: JSON

/// A `Codable` value stored as `jsonb` (or `json`, by assignment cast), through
/// `JSONEncoder`/`JSONDecoder`. An `Encodable` one is a parameter (a batch of rows read with
/// `jsonb_to_recordset`, say: one parameter, values never in the SQL text); a `Decodable` one
/// is read from a column.
public struct PostgresJSON<Value> {
    public var value: Value
    public init(_ value: Value) { self.value = value }
}

extension PostgresJSON: PostgresEncodable where Value: Encodable {
    public static var postgresType: PostgresType { .jsonb }

    public func postgresEncoded() throws -> PostgresEncodedValue? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return .text(String(decoding: try encoder.encode(value), as: UTF8.self))
        } catch {
            throw PostgresError(kind: .encoding, message: "cannot encode \(Value.self) as JSON: \(error)")
        }
    }
}

extension PostgresJSON: PostgresDecodable where Value: Decodable {
    public init(postgresText text: String, type: PostgresType) throws {
        do {
            value = try JSONDecoder().decode(Value.self, from: Data(text.utf8))
        } catch {
            throw PostgresDecodingFailure("JSON does not decode as \(Value.self): \(error)")
        }
    }
}

extension PostgresJSON: Sendable where Value: Sendable {}
extension PostgresJSON: Equatable where Value: Equatable {}

// MARK: Arrays

/// A one-dimensional array parameter in PostgreSQL's literal syntax (`{1,2,3}`,
/// `{"a","b\"c"}`): a whole list bound as one parameter, values never in the SQL text. Its
/// type is left to the statement (`$1::int[]`, `= ANY($1::text[])`).
public struct PostgresArray: PostgresEncodable, Sendable, Hashable {
    public let literal: String

    public init(_ integers: some Sequence<some BinaryInteger>) {
        literal = "{" + integers.map { String($0) }.joined(separator: ",") + "}"
    }

    /// Each element quoted, with `\` and `"` escaped.
    public init(_ strings: some Sequence<String>) {
        self.init(strings.map { Optional($0) })
    }

    /// Each element quoted as above, nil as `NULL`: one array can carry a column that may be
    /// null, numbers too when given as text (`$1::int[]` of `{"7",NULL}`).
    public init(_ strings: some Sequence<String?>) {
        var literal = "{"
        for (indice, texto) in strings.enumerated() {
            if indice > 0 { literal += "," }
            guard let texto else {
                literal += "NULL"
                continue
            }
            literal += "\""
            if texto.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\"") }) {
                for escalar in texto.unicodeScalars {
                    if escalar == "\\" || escalar == "\"" { literal.unicodeScalars.append("\\") }
                    literal.unicodeScalars.append(escalar)
                }
            } else {
                literal += texto
            }
            literal += "\""
        }
        self.literal = literal + "}"
    }

    public static var postgresType: PostgresType { .unspecified }
    public func postgresEncoded() throws -> PostgresEncodedValue? { .text(literal) }
}
