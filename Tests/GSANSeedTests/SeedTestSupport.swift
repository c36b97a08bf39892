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

func seed(_ connection: PostgresConnection, imoveis: Int, seed: UInt64, meses: Int = 4, substituir: Bool = false) throws {
    try Seeder(options: SeedOptions(imoveis: imoveis, seed: seed, meses: meses, substituir: substituir),
               logger: quietLogger).run(connection: connection)
}

func count(_ connection: PostgresConnection, _ sql: String) throws -> Int {
    try connection.query(sql)[0].decode(Int.self, at: 0)
}
