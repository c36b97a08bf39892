import Foundation
import Postgres
import Testing

@Suite("Postgres encoding and decoding")
struct CodableTests {
    /// Binds `value` as a parameter cast to `sqlType`, and reads it back both as `T` and
    /// as the server's text, so the encoding is checked independently of the decoding.
    private func roundTrip<T: PostgresCodable & Sendable>(_ value: T?, as sqlType: String) async throws -> (
        T?, String?
    ) {
        try await withTestConnection { connection in
            let row = try connection.query("SELECT $1::\(sqlType) AS v, $1::\(sqlType)::text AS t", [value])[0]
            return (try row.decode(T?.self, column: "v"), try row.decode(String?.self, column: "t"))
        }
    }

    @Test func integers() async throws {
        for value in [Int.min, -1, 0, 42, Int.max] {
            #expect(try await roundTrip(value, as: "int8") == (value, String(value)))
        }
        #expect(try await roundTrip(Int16.min, as: "int2") == (Int16.min, "-32768"))
        #expect(try await roundTrip(Int32.max, as: "int4") == (Int32.max, "2147483647"))
        #expect(try await roundTrip(Int64.min, as: "int8") == (Int64.min, "-9223372036854775808"))
        #expect(try await roundTrip(Int?.none, as: "int8") == (nil, nil))
    }

    @Test func textsAndBooleans() async throws {
        for value in ["", "ação — 水 🚰", "tab\tnl\ncr\r\\ 'aspas' \"duplas\"", String(repeating: "x", count: 100_000)] {
            #expect(try await roundTrip(value, as: "text") == (value, value))
        }
        #expect(try await roundTrip(true, as: "bool") == (true, "true"))
        #expect(try await roundTrip(false, as: "bool") == (false, "false"))
        #expect(try await roundTrip(Bool?.none, as: "bool") == (nil, nil))
    }

    @Test func aNULByteInTextIsRefusedNotTruncated() async throws {
        let error = try await withTestConnection { connection in
            thrownError { _ = try connection.query("SELECT $1::text", ["antes\0depois"]) }
        }
        #expect(error?.kind == .encoding)
        #expect(error?.message.contains("$1") == true)
    }

    @Test func doubles() async throws {
        for value in [0.0, -0.0, 0.1, -1.5e-300, .leastNonzeroMagnitude, 1.7976931348623157e308, 123456.789, .pi] {
            let (decoded, _) = try await roundTrip(value, as: "float8")
            #expect(decoded?.bitPattern == value.bitPattern, "\(value)")
        }
        #expect(try await roundTrip(Double.infinity, as: "float8") == (.infinity, "Infinity"))
        #expect(try await roundTrip(-Double.infinity, as: "float8") == (-.infinity, "-Infinity"))
        #expect(try await roundTrip(Double.nan, as: "float8").0?.isNaN == true)
    }

    @Test(arguments: [
        "0", "-0.01", "0.10", "1234567890.12", "99999999999999999999999999999999999999",
        "-0.00000000000000000000000000000000000001", "12345678901234567890.123456789", "1e100", "1e-120",
    ])
    func decimalsRoundTripExactly(_ text: String) async throws {
        let value = try #require(Decimal(string: text))
        let (decoded, serverText) = try await roundTrip(value, as: "numeric")
        #expect(decoded == value)
        let serverValue = try #require(serverText.flatMap { Decimal(string: $0) })
        #expect(serverValue == value)
    }

    @Test func aNumericDecimalCannotHoldIsRefusedNotRounded() async throws {
        let error = try await withTestConnection { connection in
            thrownError {
                _ = try connection.query("SELECT 1.000000000000000000000000000000000000001::numeric AS preciso")[0]
                    .decode(Decimal.self, at: 0)
            }
        }
        #expect(error?.kind == .decoding)
        #expect(error?.message.contains("\"preciso\"") == true)
    }

    @Test(arguments: [
        ("1970-01-01 00:00:00+00", Int64(0)),
        ("2024-02-29 23:59:59.999999+00", Int64(1_709_251_199_999_999)),
        ("1969-12-31 23:59:59.000001+00", Int64(-999_999)),
        ("1900-03-01 12:00:00.5+00", Int64(-2_203_847_999_500_000)),
        ("2038-01-19 03:14:08+00", Int64(2_147_483_648_000_000)),
        ("2137-12-31 23:59:59.999999+00", Int64(5_301_590_399_999_999)),
        ("1866-01-01 00:00:00.000001+00", Int64(-3_281_903_999_999_999)),
    ])
    func timestampsKeepTheirMicroseconds(_ text: String, _ micros: Int64) async throws {
        let date = Date(timeIntervalSinceReferenceDate: Double(micros - 978_307_200_000_000) / 1_000_000)
        let (fromServer, epoch, asTimestamp, echoed) = try await withTestConnection { connection in
            let row = try connection.query(
                "SELECT $1::timestamptz, (extract(epoch FROM $2::timestamptz) * 1000000)::int8, "
                    + "$1::timestamptz::timestamp, $2::timestamptz",
                [text, date])[0]
            return try row.decode((Date, Int64, Date, Date).self)
        }
        #expect(fromServer == date)
        #expect(epoch == micros)
        #expect(asTimestamp == date)
        #expect(echoed == date)
    }

    /// Far from 2001 a `Date` (a Double of seconds) no longer resolves microseconds; the
    /// calendar arithmetic must still be right, including before the common era.
    @Test func farDatesKeepTheirCalendarDay() async throws {
        let cases: [(Int64, String)] = [
            (253_402_300_799_000_000, "9999-12-31 23:59:59+00"),
            (-62_135_596_800_000_000, "0001-01-01 00:00:00+00"),
            (-62_135_596_800_000_000 - 86_400_000_000, "0001-12-31 00:00:00+00 BC"),
        ]
        for (micros, text) in cases {
            let date = Date(timeIntervalSince1970: Double(micros) / 1_000_000)
            let (serverText, back) = try await withTestConnection { connection in
                try connection.query("SELECT $1::timestamptz::text, $1::timestamptz", [date])[0]
                    .decode((String, Date).self)
            }
            #expect(serverText == text)
            #expect(abs(back.timeIntervalSince(date)) < 0.001)
        }
    }

    @Test func otherTimeZonesOffsetsAndDatesDecode() async throws {
        let (offset, plainDate) = try await withTestConnection { connection in
            try connection.execute("SET TimeZone TO 'America/Recife'")
            let row = try connection.query("SELECT '2024-06-01 09:30:00-03'::timestamptz, '2024-06-01'::date")[0]
            return try row.decode((Date, Date).self)
        }
        #expect(offset.timeIntervalSince1970 == 1_717_245_000)
        #expect(plainDate.timeIntervalSince1970 == 1_717_200_000)
    }

    @Test func byteaCarriesAll256ByteValues() async throws {
        let bytes = [UInt8](0...255) + [UInt8](0...255).reversed()
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let (asData, asArray, serverHex, nullData) = try await withTestConnection { connection in
            let row = try connection.query(
                "SELECT $1::bytea, $2::bytea, encode($1::bytea, 'hex'), $3::bytea",
                [Data(bytes), bytes, Data?.none])[0]
            return try row.decode((Data, [UInt8], String, Data?).self)
        }
        #expect(asData == Data(bytes))
        #expect(asArray == bytes)
        #expect(serverHex == hex)
        #expect(nullData == nil)
    }

    private struct Leitura: Codable, Equatable, Sendable {
        var matricula: Int
        var leitura: Double?
        var anormalidade: String
        var fotos: [String]
    }

    @Test func jsonValuesGoThroughJsonbAndJson() async throws {
        let value = Leitura(matricula: 123, leitura: nil, anormalidade: "hidrômetro \"parado\"", fotos: ["a/b.jpg"])
        let (jsonb, json, field) = try await withTestConnection { connection in
            try connection.execute("CREATE TEMP TABLE leituras (dados jsonb, bruto json)")
            try connection.execute("INSERT INTO leituras VALUES ($1, $1)", [PostgresJSON(value)])
            let row = try connection.query("SELECT dados, bruto, dados->>'anormalidade' FROM leituras")[0]
            return try row.decode((PostgresJSON<Leitura>, PostgresJSON<Leitura>, String).self)
        }
        #expect(jsonb.value == value)
        #expect(json.value == value)
        #expect(field == value.anormalidade)
    }

    @Test func aNullIntoANonOptionalNamesTheColumnAndTheType() async throws {
        let error = try await withTestConnection { connection in
            thrownError {
                _ = try connection.query("SELECT 1 AS id, NULL::int AS idade")[0].decode(Int.self, column: "idade")
            }
        }
        #expect(error?.kind == .decoding)
        #expect(error?.column == "idade")
        #expect(error?.message.contains("\"idade\"") == true)
        #expect(error?.message.contains("Int") == true)
        #expect(error?.message.contains("NULL") == true)
    }

    @Test func textThatDoesNotParseNamesTheColumnTheTypeAndNotTheValue() async throws {
        let errors = try await withTestConnection { connection in
            let row = try connection.query("SELECT 'quarenta e dois'::text AS idade, 70000 AS grande, 'x' AS b")[0]
            return [
                thrownError { _ = try row.decode(Int.self, at: 0) },
                thrownError { _ = try row.decode(Int16.self, column: "grande") },
                thrownError { _ = try row.decode(Bool.self, column: "b") },
                thrownError { _ = try row.decode(Int.self, column: "nao_existe") },
                thrownError { _ = try row.decode(Int.self, at: 9) },
                thrownError { _ = try row.decode((Int, Int).self) },
            ]
        }
        #expect(errors.allSatisfy { $0?.kind == .decoding })
        #expect(errors[0]?.message.contains("\"idade\"") == true)
        #expect(errors[0]?.message.contains("Int") == true)
        #expect(errors[0]?.message.contains("quarenta") == false)
        #expect(errors[1]?.message.contains("Int16") == true)
        #expect(errors[3]?.message.contains("nao_existe") == true)
    }

    @Test func tuplesAndOptionalsDecodeTogether() async throws {
        let (id, nome, valor, quando) = try await withTestConnection { connection in
            try connection.query("SELECT 7, NULL::text, 12.50::numeric, NULL::timestamptz")[0]
                .decode((Int, String?, Decimal, Date?).self)
        }
        #expect(id == 7)
        #expect(nome == nil)
        #expect(valor == Decimal(string: "12.5"))
        #expect(quando == nil)
    }

    @Test func untypedNullBindsAreNull() async throws {
        let isNull = try await withTestConnection { connection in
            try connection.query("SELECT $1::int IS NULL", [nil])[0].decode(Bool.self, at: 0)
        }
        #expect(isNull)
    }

    @Test func arraysOfTextsWithNullsAndQuotesComeBackElementByElement() async throws {
        let valores: [String?] = ["", "ação — 水", "aspas \"duplas\" e \\barra\\", nil, "NULL", "vírgula, {chaves}", "tab\tnl\n"]
        let lidos = try await withTestConnection { connection in
            try connection.query("SELECT v FROM unnest($1::text[]) WITH ORDINALITY AS x(v, n) ORDER BY n", [PostgresArray(valores)])
                .map { try $0.decode(String?.self, at: 0) }
        }
        #expect(lidos == valores)
        let numeros = try await withTestConnection { connection in
            try connection.query("SELECT v FROM unnest($1::int[]) WITH ORDINALITY AS x(v, n) ORDER BY n", [PostgresArray(["7", nil, "-3"])])
                .map { try $0.decode(Int?.self, at: 0) }
        }
        #expect(numeros == [7, nil, -3])
        #expect(PostgresArray(["a\"b"]).literal == #"{"a\"b"}"#)
    }
}
