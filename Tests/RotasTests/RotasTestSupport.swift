import Contratos
import Foundation
import GSANModel
import GSANSeed
import Logging
import Postgres
import Rotas
import TestSupport

let quietLogger = Logger(label: "gsan.tests.rotas") { _ in SwiftLogNoOpLogHandler() }

/// The seed's current reference (its default "today", 02/06/2025): its bills are pre-billed.
let referenciaSeed = 202506

func connect(_ url: String) throws -> PostgresConnection {
    do {
        return try PostgresConnection(url: url, logger: quietLogger, applicationName: "gsan-rotas-tests")
    } catch {
        throw ServerUnavailable(server: "PostgreSQL", url: url, underlying: error)
    }
}

/// A scratch database with a generated utility, and a scratch output folder.
func withUtility<T: Sendable>(
    imoveis: Int, seed: UInt64 = 7, _ body: @escaping @Sendable (PostgresConnection, String, ConfiguracaoRotas) throws -> T
) async throws -> T {
    try await withScratchDatabase(migrations: nil) { url in
        let pasta = NSTemporaryDirectory() + "gsan-rotas-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: pasta) }
        return try await onDedicatedThread {
            let db = try connect(url)
            defer { db.close() }
            try Seeder(options: SeedOptions(imoveis: imoveis, seed: seed, meses: 4), logger: quietLogger).run(connection: db)
            try db.executeScript("ANALYZE")
            return try body(db, url, ConfiguracaoRotas(pasta: pasta))
        }
    }
}

/// One rota's job as the worker runs it: in a transaction of its own.
func gerar(_ db: PostgresConnection, _ configuracao: ConfiguracaoRotas, grupo: Int, rota: Int, referencia: Int = referenciaSeed) throws -> ResultadoRota {
    try db.withTransaction { db in
        try GeracaoRota(configuracao: configuracao, logger: quietLogger)
            .gerar(ParteRota(grupoFaturamento: grupo, referencia: referencia, rota: rota), db: db)
    }
}

func inteiros(_ db: PostgresConnection, _ sql: String, _ binds: [(any PostgresEncodable)?] = []) throws -> [Int] {
    try db.query(sql, binds).map { try $0.decode(Int.self, at: 0) }
}

func bytes(_ caminho: String) -> [UInt8]? { FileManager.default.contents(atPath: caminho).map { [UInt8]($0) } }
