import Foundation
import GSANDatabase
import GSANSeed
import Logging
import Postgres
import TestSupport

let quietLogger = Logger(label: "gsan.tests.seed") { _ in SwiftLogNoOpLogHandler() }

func connect(_ url: String) throws -> PostgresConnection {
    do {
        return try PostgresConnection(url: url, logger: quietLogger, applicationName: "gsan-seed-tests")
    } catch {
        throw ServerUnavailable(server: "PostgreSQL", url: url, underlying: error)
    }
}

/// A throwaway database with every shipped migration applied, dropped afterwards; `body`
/// runs on a dedicated thread with a connection to it.
func withMigratedDatabase<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
    let name = "gsan_seed_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
    let admin = try TestServers.databaseURL()
    try await onDedicatedThread { _ = try connect(admin).execute("CREATE DATABASE \(name)") }
    guard var components = URLComponents(string: admin) else { throw ConfigurationError("URL inválida") }
    components.path = "/" + name
    let url = components.string!
    do {
        let result = try await onDedicatedThread { () throws -> T in
            let connection = try connect(url)
            defer { connection.close() }
            _ = try Migrator(logger: quietLogger).migrate(connection: connection)
            return try body(connection)
        }
        try await onDedicatedThread { try dropScratchDatabase(name, adminURL: admin) }
        return result
    } catch {
        try? await onDedicatedThread { try dropScratchDatabase(name, adminURL: admin) }
        throw error
    }
}

func seed(_ connection: PostgresConnection, imoveis: Int, seed: UInt64, meses: Int = 4, substituir: Bool = false) throws {
    try Seeder(options: SeedOptions(imoveis: imoveis, seed: seed, meses: meses, substituir: substituir),
               logger: quietLogger).run(connection: connection)
}

func count(_ connection: PostgresConnection, _ sql: String) throws -> Int {
    try connection.query(sql)[0].decode(Int.self, at: 0)
}
