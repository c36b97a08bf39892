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
        do { try DatabaseAdmin.create(name, adminURL: admin, logger: logger) } catch let error as PostgresError
            where error.kind == .connectionFailed
        {
            throw ServerUnavailable(server: "PostgreSQL", url: admin, underlying: error)
        }
    }
    let url = try DatabaseAdmin.url(admin, database: name)
    func drop() async throws {
        try await onDedicatedThread { try DatabaseAdmin.drop(name, adminURL: admin, logger: logger) }
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

/// A throwaway database with every shipped migration applied, dropped afterwards; `body`
/// runs on a dedicated thread (blocking libpq stays off the cooperative pool) with a
/// connection to it.
public func withMigratedDatabase<T: Sendable>(
    _ body: @escaping @Sendable (PostgresConnection) throws -> T
) async throws -> T {
    try await withScratchDatabase(migrations: nil) { url in
        try await onDedicatedThread { () throws -> T in
            let connection: PostgresConnection
            do {
                connection = try PostgresConnection(url: url, logger: Logger(label: "gsan.tests") { _ in SwiftLogNoOpLogHandler() })
            } catch {
                throw ServerUnavailable(server: "PostgreSQL", url: url, underlying: error)
            }
            defer { connection.close() }
            return try body(connection)
        }
    }
}

/// A checksum of every table's rows (outside `excluding` schemas), by table: what the bad-input
/// catalogue compares before and after each refusal ("nothing was written").
public enum ChecksumTabelas {
    public static func calcular(_ db: PostgresConnection, excluindo schemas: [String] = []) throws -> [String: String] {
        let tables = try db.query(
            """
            SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
              AND n.nspname NOT LIKE 'pg_temp%' AND NOT (n.nspname = ANY($1::text[]))
            ORDER BY 1
            """, [PostgresArray(schemas)]
        ).map { try $0.decode(String.self, at: 0) }
        var sums: [String: String] = [:]
        for table in tables {
            sums[table] = try db.query(
                "SELECT count(*)::text || ':' || coalesce(md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))), '') FROM \(table) t"
            )[0].decode(String.self, at: 0)
        }
        return sums
    }
}
