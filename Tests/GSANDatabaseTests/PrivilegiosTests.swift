import Foundation
import GSANDatabase
import Logging
import Postgres
import TestSupport
import Testing

/// What each database role of `ops/up` may do, on a freshly migrated database (the migrator
/// grants after migrating), and that every connection is TLS with the server's certificate
/// checked.
@Suite struct PrivilegiosTests {
    static let logger = Logger(label: "gsan.tests.privilegios") { _ in SwiftLogNoOpLogHandler() }

    /// `sql` as `url`'s role: the SQLSTATE it is refused with, nil when it runs.
    static func refusal(_ url: String, _ sql: String) throws -> String? {
        let db = try PostgresConnection(url: url, logger: logger)
        defer { db.close() }
        do {
            try db.withTransaction { try $0.executeScript(sql) }
            return nil
        } catch let error as PostgresError {
            return error.sqlState
        }
    }

    @Test func theApplicationRoleWritesRowsButCannotCreateAlterOrDrop() async throws {
        try await withScratchDatabase(migrations: nil) { url in
            let name = try #require(URLComponents(string: url)?.path.dropFirst()).description
            let app = try DatabaseAdmin.url(try TestServers.roleDatabaseURL("GSAN_TEST_APP_DATABASE_URL"), database: name)
            try await onDedicatedThread {
                // Rows: read and write what the jobs use.
                #expect(try Self.refusal(app, "SELECT count(*) FROM cadastro.imovel") == nil)
                #expect(try Self.refusal(app, "INSERT INTO exemplo.defeito (chave, motivo) VALUES ('x', 'y')") == nil)
                #expect(try Self.refusal(app, "UPDATE exemplo.defeito SET motivo = 'z'; DELETE FROM exemplo.defeito") == nil)
                #expect(try Self.refusal(app, "SELECT nextval(pg_get_serial_sequence('jobs.job_event', 'id'))") == nil)
                #expect(try Self.refusal(app, "CREATE TEMP TABLE t (a int); INSERT INTO t VALUES (1)") == nil)
                #expect(try Self.refusal(app, "SELECT max(version) FROM schema_migrations") == nil)
                // Never DDL, never the migrations' record.
                let refused = [
                    "CREATE TABLE jobs.intrusa (a int)",
                    "CREATE TABLE public.intrusa (a int)",
                    "CREATE SCHEMA intrusa",
                    "ALTER TABLE jobs.job ADD COLUMN intrusa int",
                    "ALTER TABLE jobs.job DROP CONSTRAINT job_pkey",
                    "DROP TABLE jobs.job_event",
                    "DROP SCHEMA exemplo CASCADE",
                    "TRUNCATE jobs.job_event",
                    "CREATE INDEX intruso ON jobs.job (worker)",
                    "CREATE FUNCTION public.f() RETURNS int LANGUAGE sql AS 'SELECT 1'",
                    "INSERT INTO schema_migrations (version, name, checksum) VALUES (9999, 'x', repeat('0', 64))",
                    "DELETE FROM schema_migrations",
                ]
                for sql in refused {
                    let state = try Self.refusal(app, sql)
                    #expect(state == "42501", "\(sql): \(state ?? "aceito")")
                }
            }
        }
    }

    @Test func theJusCompesaReaderSeesOnlyItsOwnObjects() async throws {
        try await withScratchDatabase(migrations: nil) { url in
            let name = try #require(URLComponents(string: url)?.path.dropFirst()).description
            let reader = try DatabaseAdmin.url(
                try TestServers.roleDatabaseURL("GSAN_TEST_JUSCOMPESA_DATABASE_URL"), database: name)
            try await onDedicatedThread {
                for sql in [
                    "SELECT count(*) FROM juscompesa.debito_imovel_atual",
                    "SELECT count(*) FROM juscompesa.remessa_debito_vigente",
                    "SELECT count(*) FROM juscompesa.imovel_informado_resultado",
                    "SELECT count(*) FROM juscompesa.imovel_informado",
                ] {
                    #expect(try Self.refusal(reader, sql) == nil, "\(sql)")
                }
                for sql in [
                    "SELECT count(*) FROM cadastro.imovel",
                    "SELECT count(*) FROM cadastro.cliente",
                    "SELECT count(*) FROM juscompesa.debito_imovel",
                    "SELECT count(*) FROM juscompesa.remessa_debito",
                    "SELECT count(*) FROM faturamento.conta",
                    "SELECT count(*) FROM jobs.job",
                    "UPDATE juscompesa.imovel_informado SET jcii_id = jcii_id",
                    "DELETE FROM juscompesa.imovel_informado",
                    "CREATE TABLE juscompesa.intrusa (a int)",
                ] {
                    let state = try Self.refusal(reader, sql)
                    #expect(state == "42501", "\(sql): \(state ?? "aceito")")
                }
            }
        }
    }

    @Test func connectionsAreTLSWithTheCertificateCheckedAndAWrongCAIsRefused() async throws {
        let url = try TestServers.databaseURL()
        #expect(url.contains("sslmode=verify-full") && url.contains("sslrootcert="), "ops/up escreve URLs com verify-full")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gsan-ca-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let otherCA = folder.appendingPathComponent("outra-ca.pem").path
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=outra-ca",
            "-keyout", folder.appendingPathComponent("outra-ca.key").path, "-out", otherCA,
        ]
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        try await onDedicatedThread {
            let db = try PostgresConnection(url: url, logger: Self.logger)
            let ssl = try db.query("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()")[0].decode((Bool, String).self)
            db.close()
            #expect(ssl.0 && ssl.1.hasPrefix("TLSv1."), "\(ssl)")

            let wrongCA = url.replacingOccurrences(of: #"sslrootcert=[^&]*"#, with: "sslrootcert=\(otherCA)", options: .regularExpression)
            let refused = thrown(PostgresError.self) { _ = try PostgresConnection(url: wrongCA, logger: Self.logger) }
            #expect(refused?.kind == .connectionFailed && "\(refused!)".contains("certificate verify failed"), "\(String(describing: refused))")

            let plain = url.replacingOccurrences(of: "sslmode=verify-full", with: "sslmode=disable")
            let unencrypted = thrown(PostgresError.self) { _ = try PostgresConnection(url: plain, logger: Self.logger) }
            #expect(unencrypted?.kind == .connectionFailed && "\(unencrypted!)".contains("no encryption"), "\(String(describing: unencrypted))")
        }
    }

    /// The TLS private keys `ops/up` writes are readable by their owner only.
    @Test func theTLSPrivateKeysAreOwnerOnly() throws {
        let tls = (ProcessInfo.processInfo.environment["GSAN_HOME"] ?? "/var/lib/gsan") + "/tls"
        let keys = try FileManager.default.contentsOfDirectory(atPath: tls).filter { $0.hasSuffix(".key") }
        #expect(keys.count >= 3, "\(keys)")
        for key in keys {
            let mode = try #require(try FileManager.default.attributesOfItem(atPath: tls + "/" + key)[.posixPermissions] as? Int)
            #expect(mode & 0o077 == 0, "\(key): \(String(mode, radix: 8))")
        }
    }
}
