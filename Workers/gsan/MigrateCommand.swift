import ArgumentParser
import Foundation
import GSANDatabase
import GSANSupport
import Logging
import Postgres

/// `gsan migrate`: applies the pending SQL migrations to the database of
/// `GSAN_DATABASE_URL` (or `--status` to list them without applying anything).
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Aplica as migrações pendentes do banco (GSAN_DATABASE_URL).",
        discussion: """
            Cada arquivo Migrations/NNNN_descricao.sql é aplicado numa transação própria e registrado em \
            schema_migrations com seu SHA-256. Vários processos podem rodar ao mesmo tempo: um trava o outro. \
            Uma migração já aplicada que foi alterada, renomeada ou apagada interrompe tudo antes de aplicar \
            qualquer coisa. GSAN_MIGRATIONS_DIR troca a pasta de migrações.
            """)

    @Flag(name: .long, help: "Só lista as migrações e se estão aplicadas; não aplica nada.")
    var status = false

    func run() throws {
        let logger = Logger(label: "gsan.migrate")
        let environment = GSANEnvironment()
        let url = try environment.ownerDatabaseURL
        let connection = try PostgresConnection(url: url, logger: logger, applicationName: "gsan migrate")
        defer { connection.close() }
        let migrator = Migrator(directory: environment.pastaMigracoes, logger: logger)
        if status {
            for line in try migrator.status(connection: connection) {
                let state =
                    line.checksum == nil
                    ? "ARQUIVO AUSENTE" : line.isModified ? "ALTERADA" : line.isApplied ? "aplicada" : "pendente"
                let when = line.appliedAt.map { " em \($0.formatted(.iso8601))" } ?? ""
                print("\(line.name): \(state)\(when)")
            }
            print("Versão atual: \(try migrator.currentVersion(connection: connection)).")
            return
        }
        let applied = try migrator.migrate(connection: connection)
        if applied.isEmpty {
            print("Nenhuma migração pendente (versão \(try migrator.currentVersion(connection: connection))).")
        }
        for migration in applied {
            print("Aplicada \(migration.name) (sha256 \(migration.checksum.prefix(12))…).")
        }
    }
}
