import Foundation
import GSANDatabase
import Logging
import Postgres

/// A throwaway database created through `gsan_test` (the role has CREATEDB), dropped when
/// `body` returns or throws; `body` gets its URL. `migrations`: the GSANDatabase files to
/// apply by name (`[]` none), or nil for every shipped migration through the Migrator.
public func withScratchDatabase<T: Sendable>(
    migrations names: [String]?, _ body: @escaping @Sendable (String) async throws -> T
) async throws -> T {
    let name = "gsan_scratch_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
    let admin = try TestServers.databaseURL()
    let logger = Logger(label: "gsan.tests") { _ in SwiftLogNoOpLogHandler() }
    try await onDedicatedThread {
        let db: PostgresConnection
        do { db = try PostgresConnection(url: admin, logger: logger) } catch {
            throw ServerUnavailable(server: "PostgreSQL", url: admin, underlying: error)
        }
        try db.execute("CREATE DATABASE \(name)")  // name: letters, digits and _ only
    }
    guard var components = URLComponents(string: admin) else { throw ConfigurationError("URL inválida") }
    components.path = "/" + name
    let url = components.string!
    func drop() async throws {
        try await onDedicatedThread {
            try dropScratchDatabase(name, adminURL: admin)
        }
    }
    do {
        try await onDedicatedThread {
            let db = try PostgresConnection(url: url, logger: logger)
            defer { db.close() }
            guard let names else {
                _ = try Migrator(logger: logger).migrate(connection: db)
                return
            }
            let all = try Migrator(logger: logger).migrations()
            for wanted in names {
                guard let migration = all.first(where: { $0.name == wanted }) else {
                    throw ConfigurationError("migração \(wanted) não encontrada")
                }
                try db.withTransaction { try $0.executeScript(migration.sql) }
            }
        }
        let result = try await body(url)
        try await drop()
        return result
    } catch {
        try? await drop()
        throw error
    }
}

/// `DROP DATABASE … WITH (FORCE)`, retried for a while: FORCE cannot end an autovacuum
/// worker (a superuser backend) that started on the database after a bulk load, and the
/// server then answers 42501 or 55006 until the worker finishes.
public func dropScratchDatabase(_ name: String, adminURL: String) throws {
    let logger = Logger(label: "gsan.tests") { _ in SwiftLogNoOpLogHandler() }
    let db = try PostgresConnection(url: adminURL, logger: logger)
    defer { db.close() }
    for attempt in 1...40 {
        do {
            try db.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")  // name: letters, digits, _
            return
        } catch let error as PostgresError where ["42501", "55006"].contains(error.sqlState ?? "") && attempt < 40 {
            Thread.sleep(forTimeInterval: 0.5)
        }
    }
}
