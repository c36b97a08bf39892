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
    try await withScratchDatabase(migrations: nil) { url in
        try await onDedicatedThread { () throws -> T in
            let connection = try connect(url)
            defer { connection.close() }
            return try body(connection)
        }
    }
}

func seed(_ connection: PostgresConnection, imoveis: Int, seed: UInt64, meses: Int = 4, substituir: Bool = false) throws {
    try Seeder(options: SeedOptions(imoveis: imoveis, seed: seed, meses: meses, substituir: substituir),
               logger: quietLogger).run(connection: connection)
}

func count(_ connection: PostgresConnection, _ sql: String) throws -> Int {
    try connection.query(sql)[0].decode(Int.self, at: 0)
}
