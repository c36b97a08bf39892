import Foundation
import GSANDatabase
import GSANModel
import GSANSupport
import Postgres
import TestSupport
import Testing

@Suite("CivilDate and Centavos in PostgreSQL")
struct DomainValuesTests {
    @Test func civilDatesRoundTripThroughADateColumn() async throws {
        let dates = ["0001-01-01", "1969-12-31", "2000-02-29", "2024-02-29", "2025-12-31", "9999-12-31"].compactMap {
            CivilDate(iso: $0)
        }
        let (back, serverText, missing) = try await onDedicatedThread {
            let connection = try connect()
            try connection.execute("CREATE TEMP TABLE datas (n int, d date)")
            for (n, date) in dates.enumerated() {
                try connection.execute("INSERT INTO datas VALUES ($1, $2)", [n, date])
            }
            try connection.execute("INSERT INTO datas VALUES (99, NULL)")
            let rows = try connection.query("SELECT d, d::text FROM datas WHERE n < 99 ORDER BY n")
            return (
                try rows.map { try $0.decode(CivilDate.self, at: 0) },
                try rows.map { try $0.decode(String.self, at: 1) },
                try connection.query("SELECT d FROM datas WHERE n = 99")[0].decode(CivilDate?.self, at: 0)
            )
        }
        #expect(back == dates)
        #expect(serverText == dates.map(\.iso))
        #expect(missing == nil)
    }

    @Test func aDateOutsideTheCivilRangeIsADecodingError() async throws {
        let error = try await onDedicatedThread { () -> PostgresError? in
            do {
                _ = try connect().query("SELECT 'infinity'::date AS vencimento")[0].decode(CivilDate.self, at: 0)
                return nil
            } catch {
                return error as? PostgresError
            }
        }
        #expect(error?.kind == .decoding)
        #expect(error?.column == "vencimento")
    }

    @Test func centavosRoundTripThroughNumeric() async throws {
        let amounts = [Centavos(0), Centavos(1), Centavos(-5), Centavos(123_456), Centavos(-99_999_999_999_99)]
        let (back, sum, serverText) = try await onDedicatedThread {
            let connection = try connect()
            try connection.execute("CREATE TEMP TABLE valores (n int, v numeric(13,2))")
            for (n, amount) in amounts.enumerated() {
                try connection.execute("INSERT INTO valores VALUES ($1, $2)", [n, amount])
            }
            let back = try connection.query("SELECT v FROM valores ORDER BY n").map {
                try $0.decode(Centavos.self, at: 0)
            }
            let row = try connection.query("SELECT sum(v), string_agg(v::text, ' ' ORDER BY n) FROM valores")[0]
            return (back, try row.decode(Centavos.self, at: 0), try row.decode(String.self, at: 1))
        }
        #expect(back == amounts)
        #expect(sum == amounts.reduce(.zero, +))
        #expect(serverText == "0.00 0.01 -0.05 1234.56 -99999999999.99")
    }

    @Test func aNumericWithMoreThanTwoSignificantDecimalsIsRefused() async throws {
        let (exact, error) = try await onDedicatedThread { () -> (Centavos, PostgresError?) in
            let connection = try connect()
            let exact = try connection.query("SELECT 10.5000::numeric(13,4)")[0].decode(Centavos.self, at: 0)
            do {
                _ = try connection.query("SELECT 10.125::numeric AS tarifa")[0].decode(Centavos.self, at: 0)
                return (exact, nil)
            } catch {
                return (exact, error as? PostgresError)
            }
        }
        #expect(exact == Centavos(1_050))
        #expect(error?.kind == .decoding)
        #expect(error?.message.contains("\"tarifa\"") == true)
        #expect(error?.message.contains("Centavos") == true)
    }
}
