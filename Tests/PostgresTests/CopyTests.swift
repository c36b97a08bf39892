import Foundation
import GSANSupport
import Postgres
import Testing

@Suite("COPY in and out")
struct CopyTests {
    private struct Abort: Error {}

    /// Row `i` of the generated data: awkward text every few rows (tab, newline, CR,
    /// backslash, `\.`, `\N`, non-ASCII, empty), NULLs, amounts in centavos, bytes.
    private static func row(_ i: Int) -> (
        id: Int, nome: String, obs: String?, centavos: Int, ativo: Bool, dados: [UInt8]
    ) {
        let awkward = ["tab\there", "linha\nnova", "cr\rlf", "barra\\invertida", "\\.", "\\N", "ção 🚰", ""]
        let nome = i % 10 == 0 ? awkward[(i / 10) % awkward.count] : "cliente \(i)"
        let obs: String? = i % 7 == 0 ? nil : "obs \(i % 97)"
        return (i, nome, obs, (i * 7919) % 100_000 - 50_000, i % 3 == 0, [UInt8(i % 256), 0, 92, 10])
    }

    @Test func copyInOf100000RowsMatchesCountSumsAndChecksum() async throws {
        let total = 100_000
        let table = uniqueTable("copia")
        var expectedText: [String] = []
        var expectedCentavos = 0
        var expectedBytes = 0
        for i in 1...total {
            let r = Self.row(i)
            expectedText.append("\(r.nome)|\(r.obs ?? "<null>")|\(r.ativo)")
            expectedCentavos += r.centavos
            expectedBytes += r.dados.reduce(0) { $0 + Int($1) }
        }
        let expectedChecksum = SHA256.hex(expectedText.joined(separator: "\n"))
        let (copied, count, idSum, valorSum, byteSum, checksum) = try await withTestConnection { connection in
            try connection.execute(
                "CREATE TABLE \(table) (id int PRIMARY KEY, nome text NOT NULL, obs text, valor numeric(13,2), "
                    + "ativo bool, dados bytea)")
            defer { _ = try? connection.execute("DROP TABLE IF EXISTS \(table)") }
            let copied = try connection.copyIn("COPY \(table) (id, nome, obs, valor, ativo, dados) FROM STDIN") {
                writer in
                for i in 1...total {
                    let r = Self.row(i)
                    let valor = Decimal(r.centavos) / 100
                    try writer.row([r.id, r.nome, r.obs, valor, r.ativo, r.dados])
                }
            }
            let row = try connection.query(
                """
                SELECT count(*), sum(id), (sum(valor) * 100)::int8,
                       (SELECT sum(get_byte(dados, k)) FROM \(table), generate_series(0, 3) AS k)::int8,
                       encode(sha256(convert_to(string_agg(nome || '|' || coalesce(obs, '<null>') || '|' || ativo,
                                                           E'\\n' ORDER BY id), 'UTF8')), 'hex')
                FROM \(table)
                """)[0]
            let (count, idSum, valorSum, byteSum, checksum) = try row.decode((Int, Int, Int, Int, String).self)
            return (copied, count, idSum, valorSum, byteSum, checksum)
        }
        #expect(copied == total)
        #expect(count == total)
        #expect(idSum == total * (total + 1) / 2)
        #expect(valorSum == expectedCentavos)
        #expect(byteSum == expectedBytes)
        #expect(checksum == expectedChecksum)
    }

    @Test func aThrowingProducerAbortsTheWholeCopy() async throws {
        let table = uniqueTable("copia_abortada")
        let (thrown, count, after) = try await withTestConnection { connection in
            try connection.execute("CREATE TABLE \(table) (id int)")
            defer { _ = try? connection.execute("DROP TABLE IF EXISTS \(table)") }
            var thrown = false
            do {
                try connection.copyIn("COPY \(table) FROM STDIN") { writer in
                    for i in 1...50_000 { try writer.row([i]) }  // several 64 KiB flushes already sent
                    throw Abort()
                }
            } catch is Abort {
                thrown = true
            }
            let count = try connection.query("SELECT count(*) FROM \(table)")[0].decode(Int.self, at: 0)
            return (thrown, count, connection.isInTransaction)
        }
        #expect(thrown)
        #expect(count == 0)
        #expect(!after)
    }

    @Test func badDataIsTheServersErrorAndNothingIsKept() async throws {
        let table = uniqueTable("copia_ruim")
        let (error, count) = try await withTestConnection { connection in
            try connection.execute("CREATE TABLE \(table) (id int)")
            defer { _ = try? connection.execute("DROP TABLE IF EXISTS \(table)") }
            let error = thrownError {
                try connection.copyIn("COPY \(table) FROM STDIN") { writer in
                    for i in 1...30_000 { try writer.row([i]) }
                    try writer.row(["não é número"])
                    for i in 1...30_000 { try writer.row([i]) }
                }
            }
            return (error, try connection.query("SELECT count(*) FROM \(table)")[0].decode(Int.self, at: 0))
        }
        #expect(error?.sqlState == "22P02")
        #expect(count == 0)
    }

    @Test func copyInNeedsACopyStatement() async throws {
        let errors = try await withTestConnection { connection in
            [
                thrownError { try connection.copyIn("SELECT 1") { _ in } },
                thrownError { try connection.copyIn("COPY tabela_que_nao_existe FROM STDIN") { _ in } },
                thrownError { try connection.execute("COPY (SELECT 1) TO STDOUT") },
            ] + [thrownError { _ = try connection.query("SELECT 1") }]
        }
        #expect(errors[0]?.kind == .misuse)
        #expect(errors[1]?.sqlState == "42P01")
        #expect(errors[2]?.kind == .misuse)
        #expect(errors[3] == nil)
    }

    @Test func copyOutReturnsEveryRow() async throws {
        let (lines, count) = try await withTestConnection { connection in
            try connection.execute("CREATE TEMP TABLE saida (id int, nome text)")
            try connection.copyIn("COPY saida FROM STDIN") { writer in
                for i in 1...1000 { try writer.row([i, i % 100 == 0 ? "com\ttab" : "n\(i)"]) }
                try writer.row([1001, nil])
            }
            var lines: [String] = []
            let count = try connection.copyOut("COPY (SELECT id, nome FROM saida ORDER BY id) TO STDOUT") { buffer in
                lines.append(String(decoding: buffer, as: UTF8.self))
            }
            return (lines, count)
        }
        #expect(count == 1001)
        #expect(lines.count == 1001)
        #expect(lines.first == "1\tn1\n")
        #expect(lines[99] == "100\tcom\\ttab\n")
        #expect(lines.last == "1001\t\\N\n")
    }

    @Test func aThrowingConsumerStopsCopyOutAndTheConnectionGoesOn() async throws {
        let (seen, thrown, after) = try await withTestConnection { connection in
            var seen = 0
            var thrown = false
            do {
                try connection.copyOut("COPY (SELECT n FROM generate_series(1, 5000000) AS n) TO STDOUT") { _ in
                    seen += 1
                    if seen == 5 { throw Abort() }
                }
            } catch is Abort {
                thrown = true
            }
            return (seen, thrown, try connection.query("SELECT 3")[0].decode(Int.self, at: 0))
        }
        #expect(seen == 5)
        #expect(thrown)
        #expect(after == 3)
    }
}
