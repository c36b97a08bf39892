import Foundation
import GSANDatabase
import GSANModel
import GSANSupport
import Postgres
import TestSupport
import Testing

@Suite("Migrator")
struct MigratorTests {
    private static let files = [
        "0001_clientes.sql": "CREATE TABLE cliente (id int PRIMARY KEY, nome text NOT NULL);",
        "0002_ligacoes.sql": """
        CREATE TABLE ligacao (id int PRIMARY KEY, cliente int NOT NULL REFERENCES cliente);
        INSERT INTO cliente VALUES (1, 'Primeiro');
        """,
        "README.md": "não é migração",
    ]

    @Test func theShippedMigrationsApplyToAFreshDatabaseAndAgainAreANoOp() async throws {
        let (first, second, version, status, feriado) = try await withThrowawayDatabase { url in
            try await onDedicatedThread {
                let connection = try connect(url)
                let migrator = Migrator(logger: quietLogger)
                let before = try migrator.status(connection: connection)
                let first = try migrate(connection: connection, logger: quietLogger)
                let second = try migrate(connection: connection, logger: quietLogger)
                let version = try migrator.currentVersion(connection: connection)
                let columns = try connection.query(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = 'feriado' "
                        + "ORDER BY ordinal_position"
                ).map { try $0.decode(String.self, at: 0) }
                return (first, second, version, (before, try migrator.status(connection: connection)), columns)
            }
        }
        #expect(first.map(\.name).first == "0001_fundacao")
        #expect(first.map(\.version) == first.map(\.version).sorted() && Set(first.map(\.version)).count == first.count)
        #expect(first.allSatisfy { $0.checksum.count == 64 })
        #expect(second.isEmpty)
        #expect(version == first.last?.version)
        #expect(status.0.allSatisfy { !$0.isApplied } && status.0.count == first.count)
        #expect(status.1.allSatisfy { $0.isApplied && !$0.isModified })
        #expect(feriado == ["id", "data", "descricao", "abrangencia", "uf", "municipio"])
    }

    @Test func aFolderIsAppliedInOrderAndRecorded() async throws {
        let folder = try MigrationFolder(Self.files)
        defer { folder.remove() }
        let (applied, again, recorded, clients) = try await withThrowawayDatabase { url in
            try await onDedicatedThread {
                let connection = try connect(url)
                let applied = try folder.migrator.migrate(connection: connection)
                let again = try folder.migrator.migrate(connection: connection)
                let recorded = try connection.query("SELECT version, name, checksum FROM schema_migrations ORDER BY 1")
                    .map { try $0.decode((Int, String, String).self) }
                let clients = try connection.query("SELECT count(*) FROM cliente")[0].decode(Int.self, at: 0)
                return (applied, again, recorded.map { "\($0.0) \($0.1) \($0.2)" }, clients)
            }
        }
        #expect(applied.map(\.name) == ["0001_clientes", "0002_ligacoes"])
        #expect(again.isEmpty)
        #expect(
            recorded == [
                "1 0001_clientes \(SHA256.hex(Self.files["0001_clientes.sql"]!))",
                "2 0002_ligacoes \(SHA256.hex(Self.files["0002_ligacoes.sql"]!))",
            ])
        #expect(clients == 1)
    }

    @Test func aChangedAppliedFileIsRefusedAndNothingIsApplied() async throws {
        let folder = try MigrationFolder(Self.files)
        defer { folder.remove() }
        let changed = Self.files["0001_clientes.sql"]! + "\n-- um comentário a mais\n"
        let (error, version, newTable) = try await withThrowawayDatabase { url in
            try await onDedicatedThread {
                let connection = try connect(url)
                try folder.migrator.migrate(connection: connection)
                try folder.write("0001_clientes.sql", changed)
                try folder.write("0003_nova.sql", "CREATE TABLE nova (id int);")
                let error = migrationError { _ = try folder.migrator.migrate(connection: connection) }
                let version = try folder.migrator.currentVersion(connection: connection)
                let newTable = try connection.query("SELECT to_regclass('nova') IS NOT NULL")[0].decode(
                    Bool.self, at: 0)
                return (error, version, newTable)
            }
        }
        let failure = try #require(error)
        #expect(failure.code == .changedFile)
        #expect(
            failure.description
                == "A migração 0001_clientes.sql já aplicada foi alterada (checksum registrado "
                + "\(SHA256.hex(Self.files["0001_clientes.sql"]!)), arquivo \(SHA256.hex(changed))). "
                + "Migrações aplicadas não se alteram: crie uma nova.")
        #expect(version == 2)
        #expect(!newTable)
    }

    @Test func missingRenamedOutOfOrderAndFailingFilesAreClearErrors() async throws {
        let folder = try MigrationFolder(Self.files)
        defer { folder.remove() }
        let (missing, renamed, outOfOrder, failed, version, partial) = try await withThrowawayDatabase { url in
            try await onDedicatedThread {
                let connection = try connect(url)
                try folder.migrator.migrate(connection: connection)
                let second = Self.files["0002_ligacoes.sql"]!

                try folder.delete("0002_ligacoes.sql")
                let missing = migrationError { _ = try folder.migrator.migrate(connection: connection) }

                try folder.write("0002_outro_nome.sql", second)
                let renamed = migrationError { _ = try folder.migrator.migrate(connection: connection) }
                try folder.delete("0002_outro_nome.sql")
                try folder.write("0002_ligacoes.sql", second)

                try folder.write("0004_quatro.sql", "CREATE TABLE quatro (id int);")
                try folder.migrator.migrate(connection: connection)
                try folder.write("0003_atrasada.sql", "CREATE TABLE atrasada (id int);")
                let outOfOrder = migrationError { _ = try folder.migrator.migrate(connection: connection) }
                try folder.delete("0003_atrasada.sql")

                try folder.write("0005_quebrada.sql", "CREATE TABLE parcial (id int);\nCREATE TABLE x (id nao_existe);")
                let failed = migrationError { _ = try folder.migrator.migrate(connection: connection) }
                let version = try folder.migrator.currentVersion(connection: connection)
                let partial = try connection.query("SELECT to_regclass('parcial') IS NOT NULL")[0].decode(
                    Bool.self, at: 0)
                return (missing, renamed, outOfOrder, failed, version, partial)
            }
        }
        #expect(missing?.code == .missingFile)
        #expect(missing?.description.contains("0002_ligacoes") == true)
        #expect(missing?.description.contains(folder.url.path) == true)
        #expect(renamed?.code == .renamedFile)
        #expect(renamed?.description.contains("0002_outro_nome.sql") == true)
        #expect(outOfOrder?.code == .outOfOrder)
        #expect(outOfOrder?.description.contains("0003_atrasada.sql") == true)
        #expect(failed?.code == .failed)
        #expect(failed?.description.contains("0005_quebrada.sql") == true)
        #expect(failed?.underlying?.sqlState == "42704")
        #expect(version == 4)
        #expect(!partial)
    }

    @Test func badlyNamedOrDuplicatedFilesAreRefusedBeforeTouchingTheDatabase() throws {
        let bad = try MigrationFolder(["1_curto.sql": "SELECT 1;"])
        defer { bad.remove() }
        let duplicated = try MigrationFolder(["0001_a.sql": "SELECT 1;", "0001_b.sql": "SELECT 2;"])
        defer { duplicated.remove() }
        #expect(migrationError { _ = try bad.migrator.migrations() }?.code == .invalidFile)
        let error = migrationError { _ = try duplicated.migrator.migrations() }
        #expect(error?.code == .invalidFile)
        #expect(error?.description.contains("0001_a.sql e 0001_b.sql") == true)
        let missingFolder = Migrator(directory: bad.url.appendingPathComponent("nada"), logger: quietLogger)
        #expect(migrationError { _ = try missingFolder.migrations() }?.code == .unreadableFolder)
    }

    @Test func theFolderComesFromTheEnvironmentWhenNotGiven() throws {
        let folder = try MigrationFolder(["0007_sete.sql": "SELECT 7;"])
        defer { folder.remove() }
        let environment = GSANEnvironment(variables: ["GSAN_MIGRATIONS_DIR": folder.url.path, "GSAN_HOME": folder.url.path])
        let fromEnvironment = Migrator(directory: environment.pastaMigracoes, logger: quietLogger)
        #expect(try fromEnvironment.migrations().map(\.name) == ["0007_sete"])
        #expect(GSANEnvironment(variables: ["GSAN_MIGRATIONS_DIR": ""]).pastaMigracoes == nil)
        let shipped = Migrator(directory: GSANEnvironment(variables: [:]).pastaMigracoes, logger: quietLogger)
        #expect(try shipped.migrations().first?.fileName == "0001_fundacao.sql")
    }

    /// Several migrators at once (one per host at deploy): each file is applied once.
    @Test func concurrentMigratorsApplyEachFileOnce() async throws {
        var files: [String: String] = [:]
        for version in 1...6 {
            // The sleep keeps each transaction open long enough for the others to queue on the lock.
            files[String(format: "%04d_tabela%d.sql", version, version)] =
                "CREATE TABLE t\(version) (id int); SELECT pg_sleep(0.05);"
        }
        let folder = try MigrationFolder(files)
        defer { folder.remove() }
        let (results, recorded) = try await withThrowawayDatabase { url in
            try await withThrowingTaskGroup(of: [Int].self) { group in
                for _ in 1...3 {
                    group.addTask {
                        try await onDedicatedThread {
                            try folder.migrator.migrate(connection: try connect(url)).map(\.version)
                        }
                    }
                }
                var results: [[Int]] = []
                for try await applied in group { results.append(applied) }
                let recorded = try await onDedicatedThread {
                    try connect(url).query("SELECT count(*) FROM schema_migrations")[0].decode(Int.self, at: 0)
                }
                return (results, recorded)
            }
        }
        #expect(results.flatMap { $0 }.sorted() == Array(1...6))
        #expect(recorded == 6)
    }
}
