import ArgumentParser
import Foundation
import GSANSupport
import Logging
import Postgres

/// COPY FROM STDIN and COPY TO STDOUT rows/s through the libpq wrapper, into an
/// unlogged scratch table (what is measured is the client path, not WAL fsyncs).
struct CopyBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy", abstract: "Vazão de COPY (linhas/s) pelo libpq, de entrada e de saída.")

    @Option(help: "Linhas por rodada.") var rows = 1_000_000
    @Option(help: "Rodadas (mostra a mediana).") var rounds = 3

    func run() async throws {
        let url = try GSANEnvironment().ownerDatabaseURL
        let (rows, rounds) = (self.rows, self.rounds)
        print("gsan-bench copy: \(rows) linhas (bigint, text, numeric(13,2), date, boolean), \(rounds) rodadas")
        let figures = try await onDedicatedThread { () -> [(Double, Double)] in
            let db = try PostgresConnection(url: url, logger: Logger(label: "gsan.bench"), applicationName: "gsan-bench")
            defer { db.close() }
            let table = "bench_copy_\(ProcessInfo.processInfo.processIdentifier)"
            try db.execute(
                "CREATE UNLOGGED TABLE \(table) (id bigint, nome text, valor numeric(13,2), vencimento date, pago boolean)")
            defer { _ = try? db.execute("DROP TABLE IF EXISTS \(table)") }
            var figures: [(Double, Double)] = []
            for round in 1...rounds {
                try db.execute("TRUNCATE \(table)")
                // Values are cheap to make (money as text of integer cents) so the figure is
                // the client path: existential binds, escaping, buffering, PQputCopyData.
                let dates = (1...12).map { "2026-\($0 < 10 ? "0" : "")\($0)-10" }
                let start = DispatchTime.now().uptimeNanoseconds
                let copied = try db.copyIn("COPY \(table) FROM STDIN") { writer in
                    for i in 0..<rows {
                        let cents = i % 100_000
                        try writer.row([
                            Int64(i), "IMOVEL \(i) RUA DAS FLORES", "\(cents / 100).\(cents % 100)", dates[i % 12],
                            i % 3 == 0,
                        ])
                    }
                }
                let copyIn = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                guard copied == rows else { throw ValidationError("COPY gravou \(copied) de \(rows) linhas") }
                let outStart = DispatchTime.now().uptimeNanoseconds
                var bytes = 0
                let exported = try db.copyOut("COPY \(table) TO STDOUT") { chunk in bytes += chunk.count }
                let copyOut = Double(DispatchTime.now().uptimeNanoseconds - outStart) / 1e9
                guard exported == rows else { throw ValidationError("COPY TO leu \(exported) de \(rows) linhas") }
                print("  rodada \(round): entrada \(Int(Double(rows) / copyIn)) linhas/s, saída \(Int(Double(rows) / copyOut)) linhas/s (\(bytes / 1_048_576) MiB)")
                figures.append((Double(rows) / copyIn, Double(rows) / copyOut))
            }
            return figures
        }
        let ins = figures.map(\.0).sorted()
        let outs = figures.map(\.1).sorted()
        print("mediana: COPY FROM STDIN \(Int(ins[ins.count / 2])) linhas/s, COPY TO STDOUT \(Int(outs[outs.count / 2])) linhas/s")
    }
}
