import GSANModel
import Postgres

// The domain values as SQL values: a `CivilDate` is a `date`, `Centavos` a `numeric`
// with two decimals. Decoding refuses what would lose information (a numeric with more
// than two significant decimals, a date outside 0001–9999).

extension CivilDate {
    /// Today where the utility is, as an SQL expression (the server's clock, so every row a
    /// statement writes gets the same day as its transaction).
    public static let hojeSQL = "(now() AT TIME ZONE '\(fusoHorarioDaEmpresa)')::date"
}

extension CivilDate: PostgresEncodable, PostgresDecodable {
    public static var postgresType: PostgresType { .date }

    public func postgresEncoded() throws -> PostgresEncodedValue? { .text(iso) }

    public init(postgresText text: String, type: PostgresType) throws {
        guard let date = CivilDate(iso: text) else {
            throw PostgresDecodingFailure("not a date AAAA-MM-DD between 0001 and 9999")
        }
        self = date
    }
}

extension Centavos: PostgresEncodable, PostgresDecodable {
    public static var postgresType: PostgresType { .numeric }

    public func postgresEncoded() throws -> PostgresEncodedValue? { .text(decimalText) }

    public init(postgresText text: String, type: PostgresType) throws {
        guard let value = Centavos(decimalText: text) else {
            throw PostgresDecodingFailure("not an amount with at most two significant decimals within Int64 centavos")
        }
        self = value
    }
}
