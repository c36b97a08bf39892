import CelularSimulado
import Contratos
import Foundation
import GSANModel
import GSANSeed
import Logging
import Postgres
import Rotas
import TestSupport

let quietLogger = Logger(label: "gsan.tests.campo") { _ in SwiftLogNoOpLogHandler() }
let referenciaSeed = 202506
/// The day the simulated readers read (the seed's reference, the server's "today").
let diaLeitura = CivilDate(year: 2025, month: 6, day: 5)!
let imeiSeed: Int64 = 359_881_030_000_001
let caminho = "/gsan/processarRequisicaoDipositivoMovelImpressaoSimultaneaAndroidAction.do"

func connect(_ url: String) throws -> PostgresConnection {
    do {
        return try PostgresConnection(url: url, logger: quietLogger, applicationName: "gsan-campo-tests")
    } catch {
        throw ServerUnavailable(server: "PostgreSQL", url: url, underlying: error)
    }
}

/// A scratch database with a generated utility and rota 1's file of the seed's reference.
func withRota<T: Sendable>(
    imoveis: Int = 600, _ body: @escaping @Sendable (PostgresConnection, String) throws -> T
) async throws -> T {
    try await withScratchDatabase(migrations: nil) { url in
        let pasta = NSTemporaryDirectory() + "gsan-campo-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: pasta) }
        return try await onDedicatedThread {
            let db = try connect(url)
            defer { db.close() }
            try Seeder(options: SeedOptions(imoveis: imoveis, seed: 7, meses: 4), logger: quietLogger).run(connection: db)
            try db.executeScript("ANALYZE")
            let r = try db.withTransaction { db in
                try GeracaoRota(configuracao: ConfiguracaoRotas(pasta: pasta), logger: quietLogger)
                    .gerar(ParteRota(grupoFaturamento: 1, referencia: referenciaSeed, rota: 1), db: db)
            }
            guard r.situacao == .gerado else { throw ConfigurationError("rota 1 não gerada: \(r)") }
            return try body(db, url)
        }
    }
}

/// A gsan-campo server process on a free loopback port.
final class ServidorTeste {
    let processo: WorkerProcess
    let porta: UInt16

    /// `limiteCorpo`: nil for the server's own default; `extras`: more options of `servir`.
    init(url: String, porta fixa: UInt16? = nil, limiteCorpo: Int? = 1 << 20, extras: [String] = []) throws {
        var ultimo: (any Error)?
        for _ in 0..<5 {
            let porta = fixa ?? UInt16.random(in: 20_000...45_000)
            let p = try WorkerProcess(
                "gsan-campo",
                arguments: ["servir", "--porta", "\(porta)", "--hoje", diaLeitura.description, "--conexoes", "4", "--log", "info",
                            "--prazo", "5"] + (limiteCorpo.map { ["--limite-corpo", "\($0)"] } ?? []) + extras,
                amqpURL: "amqp://unused", databaseURL: url)
            if Self.esperar(porta: porta, processo: p) {
                processo = p
                self.porta = porta
                return
            }
            ultimo = ConfigurationError("gsan-campo não subiu na porta \(porta): \(p.log)")
            p.kill()
        }
        throw ultimo ?? ConfigurationError("gsan-campo não subiu")
    }

    static func esperar(porta: UInt16, processo: WorkerProcess) -> Bool {
        let limite = Date().addingTimeInterval(20)
        while Date() < limite && processo.isRunning {
            if let r = try? ClienteHTTP(host: "127.0.0.1", porta: porta).get("/saude"), r.status == 200 { return true }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return false
    }

    deinit { processo.kill() }
}

func valor(_ db: PostgresConnection, _ sql: String, _ binds: [(any PostgresEncodable)?] = []) throws -> Int {
    try db.query(sql, binds)[0].decode(Int.self, at: 0)
}

func texto(_ db: PostgresConnection, _ sql: String, _ binds: [(any PostgresEncodable)?] = []) throws -> String? {
    try db.query(sql, binds).first?.decode(String?.self, at: 0)
}
