import Foundation
import GSANSupport
import Logging
import Postgres

/// Whole databases on a server, for programs that make their own (tests, benchmarks).
/// Names are letters, digits and `_` only: they go into SQL text.
public enum DatabaseAdmin {
    /// `url` pointing at `database` instead of its own.
    public static func url(_ url: String, database: String) throws -> String {
        guard var components = URLComponents(string: url), components.scheme != nil else {
            throw ConfigurationError("URL de banco inválida: \(redactingPassword(url))")
        }
        components.path = "/" + database
        guard let texto = components.string else { throw ConfigurationError("URL de banco inválida: \(redactingPassword(url))") }
        return texto
    }

    public static func create(_ name: String, adminURL: String, logger: Logger) throws {
        try checkName(name)
        let db = try PostgresConnection(url: adminURL, logger: logger)
        defer { db.close() }
        try db.execute("CREATE DATABASE \(name)")
    }

    /// `DROP DATABASE IF EXISTS … WITH (FORCE)`, retried for a while: FORCE cannot end an
    /// autovacuum worker (a superuser backend) that started on the database after a bulk
    /// load, and the server then answers 42501 or 55006 until the worker finishes.
    public static func drop(_ name: String, adminURL: String, logger: Logger) throws {
        try checkName(name)
        let db = try PostgresConnection(url: adminURL, logger: logger)
        defer { db.close() }
        for attempt in 1...40 {
            do {
                try db.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
                return
            } catch let error as PostgresError where ["42501", "55006"].contains(error.sqlState ?? "") && attempt < 40 {
                Thread.sleep(forTimeInterval: 0.5)
            }
        }
    }

    private static func checkName(_ name: String) throws {
        guard !name.isEmpty, name.allSatisfy({ $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }) else {
            throw ConfigurationError("nome de banco inválido: \(name)")
        }
    }
}
