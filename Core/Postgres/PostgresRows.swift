internal import CLibPQ
import Foundation

/// Owns a `PGresult` and clears it when the last row referring to it goes away, so rows
/// read values straight from libpq's memory instead of copying every cell up front.
///
/// `@unchecked Sendable` because a `PGresult` is read-only once libpq hands it over, and
/// libpq documents that it may then be read from any thread; the only mutation is
/// `PQclear` in `deinit`, which runs when no reference remains.
final class PostgresResult: @unchecked Sendable {
    let raw: OpaquePointer

    init(_ raw: OpaquePointer) { self.raw = raw }

    deinit { PQclear(raw) }

    var status: ExecStatusType { PQresultStatus(raw) }
    var rowCount: Int { Int(PQntuples(raw)) }
    var columnCount: Int { Int(PQnfields(raw)) }

    func columnName(_ column: Int) -> String { String(cString: PQfname(raw, Int32(column))) }

    func columnType(_ column: Int) -> PostgresType { PostgresType(rawValue: PQftype(raw, Int32(column))) }

    /// The index of the column named exactly `name` (no case folding), first match.
    func columnIndex(_ name: String) -> Int? {
        name.withCString { wanted in
            (0..<columnCount).first { strcmp(PQfname(raw, Int32($0)), wanted) == 0 }
        }
    }

    /// `PQcmdTuples`: rows inserted, updated, deleted, selected, copied (0 when not reported).
    var rowsAffected: Int { Int(String(cString: PQcmdTuples(raw))) ?? 0 }

    var commandTag: String { String(cString: PQcmdStatus(raw)) }
}

/// The rows of a statement's result, with its column names; indexable like an array.
public struct PostgresRows: RandomAccessCollection, Sendable {
    let result: PostgresResult

    init(_ result: PostgresResult) {
        self.result = result
        self.endIndex = result.rowCount
    }

    public var startIndex: Int { 0 }
    public let endIndex: Int

    public subscript(position: Int) -> PostgresRow {
        precondition(indices.contains(position), "row \(position) out of range 0..<\(endIndex)")
        return PostgresRow(result: result, index: position)
    }

    public var columnNames: [String] { (0..<result.columnCount).map(result.columnName) }
    public var columnTypes: [PostgresType] { (0..<result.columnCount).map(result.columnType) }

    /// The count in the command tag: rows inserted, updated, deleted, selected or copied.
    public var rowsAffected: Int { result.rowsAffected }

    /// The command tag, e.g. `INSERT 0 3`, `SELECT 2`, `BEGIN`.
    public var commandTag: String { result.commandTag }
}

/// One row of a result. Values are decoded on demand from their text form.
public struct PostgresRow: Sendable {
    let result: PostgresResult
    let index: Int

    public var columnCount: Int { result.columnCount }
    public var columnNames: [String] { (0..<result.columnCount).map(result.columnName) }

    public func isNull(at column: Int) -> Bool {
        PQgetisnull(result.raw, Int32(index), Int32(column)) == 1
    }

    /// The value of column `column` (0-based) as `T`.
    /// - Throws: ``PostgresError`` of kind `decoding` naming the column and `T` when the
    ///   column is missing, NULL (unless `T` is Optional) or does not parse as `T`.
    public func decode<T: PostgresDecodable>(_ type: T.Type = T.self, at column: Int) throws -> T {
        guard (0..<result.columnCount).contains(column) else {
            throw PostgresError(
                kind: .decoding,
                message: "column index \(column) out of range: the row has \(result.columnCount) columns")
        }
        let (row, field) = (Int32(index), Int32(column))
        do {
            if PQgetisnull(result.raw, row, field) == 1 { return try T.postgresNull() }
            return try T(
                postgresText: String(cString: PQgetvalue(result.raw, row, field)), type: result.columnType(column))
        } catch let error as PostgresError {
            throw error
        } catch {
            throw PostgresError(
                kind: .decoding,
                message: "column \"\(result.columnName(column))\" (index \(column), type \(result.columnType(column))) "
                    + "cannot be decoded as \(T.self): \(error)",
                column: result.columnName(column))
        }
    }

    /// The value of the column named `name` (exactly as the result names it) as `T`.
    public func decode<T: PostgresDecodable>(_ type: T.Type = T.self, column name: String) throws -> T {
        guard let column = result.columnIndex(name) else {
            throw PostgresError(
                kind: .decoding,
                message: "no column named \"\(name)\"; the row has "
                    + columnNames.map { "\"\($0)\"" }.joined(separator: ", "))
        }
        return try decode(T.self, at: column)
    }

    /// All columns at once, in order: `let (id, name) = try row.decode((Int, String?).self)`.
    /// The row must have exactly as many columns as the tuple has elements.
    public func decode<each T: PostgresDecodable>(_ types: (repeat each T).Type) throws -> (repeat each T) {
        var expected = 0
        for _ in repeat (each T).self { expected += 1 }
        guard expected == result.columnCount else {
            throw PostgresError(
                kind: .decoding, message: "the row has \(result.columnCount) columns; decoding expected \(expected)")
        }
        var column = 0
        func next<U: PostgresDecodable>(_ type: U.Type) throws -> U {
            defer { column += 1 }
            return try decode(U.self, at: column)
        }
        return (repeat try next((each T).self))
    }
}
