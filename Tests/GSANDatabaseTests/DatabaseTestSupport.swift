import Foundation
import GSANDatabase
import GSANSupport
import Logging
import Postgres
import TestSupport
import Testing

let quietLogger = Logger(label: "gsan.tests.database") { _ in SwiftLogNoOpLogHandler() }

/// Connects to `url` (default: the `gsan_test` database); a failure becomes `ServerUnavailable`.
func connect(_ url: String? = nil) throws -> PostgresConnection {
    let url = try url ?? TestServers.databaseURL()
    do {
        return try PostgresConnection(url: url, logger: quietLogger, applicationName: "gsan-tests")
    } catch {
        throw ServerUnavailable(server: "PostgreSQL", url: url, underlying: error)
    }
}

/// A throwaway database with no migration applied, dropped afterwards; `body` gets its URL.
func withThrowawayDatabase<T: Sendable>(_ body: @escaping @Sendable (String) async throws -> T) async throws -> T {
    try await withScratchDatabase(migrations: [], body)
}

/// A temporary folder of migration files (`name → SQL`), removed by `remove()`.
struct MigrationFolder: Sendable {
    let url: URL

    init(_ files: [String: String]) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("gsan-mig-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, sql) in files { try write(name, sql) }
    }

    func write(_ name: String, _ sql: String) throws {
        try Data(sql.utf8).write(to: url.appendingPathComponent(name))
    }

    func delete(_ name: String) throws {
        try FileManager.default.removeItem(at: url.appendingPathComponent(name))
    }

    func remove() { try? FileManager.default.removeItem(at: url) }

    var migrator: Migrator { Migrator(directory: url, logger: quietLogger) }
}

/// The `MigrationError` `body` throws, nil if none (or another error).
func migrationError(_ body: () throws -> Void) -> MigrationError? { thrown(MigrationError.self, body) }
