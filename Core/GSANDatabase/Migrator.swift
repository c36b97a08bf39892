import Foundation
import GSANSupport
import Logging
import Postgres

/// Applies the numbered SQL files of `Migrations/` (`NNNN_descricao.sql`) in order, each
/// in its own transaction, and records them in `schema_migrations` (version, name,
/// SHA-256 of the file, applied_at).
///
/// Every step holds a transaction-level advisory lock (``advisoryLockKey``), so several
/// migrators started at once (one per worker host) apply each file exactly once. An
/// applied file is immutable: a changed, renamed or missing one stops the migrator
/// before it applies anything, as does a new file numbered below the current version.
public struct Migrator: Sendable {
    /// The `pg_advisory_xact_lock` key all migrators share ("GSANMIGR" in ASCII).
    public static let advisoryLockKey: Int64 = 0x4753_414E_4D49_4752

    /// Where the `.sql` files are read from.
    public let directory: URL
    public let logger: Logger

    /// - Parameters:
    ///   - directory: the folder of migration files; nil: the `Migrations` resource shipped with
    ///     this module (an executable passes `GSAN_MIGRATIONS_DIR` here, ``GSANEnvironment/pastaMigracoes``).
    public init(directory: URL? = nil, logger: Logger) {
        self.directory =
            directory ?? (Bundle.module.resourceURL ?? Bundle.module.bundleURL).appendingPathComponent("Migrations", isDirectory: true)
        self.logger = logger
    }

    // MARK: Files

    /// The migration files of ``directory``, by version. Dot-files and files not ending in
    /// `.sql` are ignored; a `.sql` file with another name shape is an error.
    public func migrations() throws -> [Migration] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw MigrationError(
                .unreadableFolder, "Pasta de migrações ilegível: \(directory.path) (\(error.localizedDescription)).")
        }
        var byVersion: [Int: Migration] = [:]
        for fileName in names.sorted() where fileName.hasSuffix(".sql") && !fileName.hasPrefix(".") {
            guard let version = Self.version(ofFileName: fileName) else {
                throw MigrationError(
                    .invalidFile,
                    "Arquivo de migração com nome inválido: \(fileName) (esperado NNNN_descricao.sql, com letras "
                        + "ASCII, dígitos, _ ou -).")
            }
            let url = directory.appendingPathComponent(fileName)
            guard let data = FileManager.default.contents(atPath: url.path),
                let sql = String(data: data, encoding: .utf8)
            else {
                throw MigrationError(.invalidFile, "A migração \(fileName) não pôde ser lida como texto UTF-8.")
            }
            let migration = Migration(
                version: version, name: String(fileName.dropLast(4)), sql: sql, checksum: SHA256.hex(data))
            if let other = byVersion[version] {
                throw MigrationError(
                    .invalidFile, "Duas migrações com a versão \(version): \(other.fileName) e \(fileName).")
            }
            byVersion[version] = migration
        }
        return byVersion.values.sorted { $0.version < $1.version }
    }

    /// `0012_feriados-2025.sql` → 12; nil for any other shape.
    static func version(ofFileName fileName: String) -> Int? {
        let stem = fileName.dropLast(4)
        guard let underscore = stem.firstIndex(of: "_") else { return nil }
        let digits = stem[..<underscore]
        let description = stem[stem.index(after: underscore)...]
        let allowed = { (c: Character) in c.isASCII && (c.isLetter || c.isNumber || c == "_" || c == "-") }
        guard digits.count >= 4, digits.allSatisfy({ $0.isASCII && $0.isNumber }), !description.isEmpty,
            description.allSatisfy(allowed), let version = Int(digits), version > 0
        else { return nil }
        return version
    }

    // MARK: Database

    /// Applies the pending migrations; returns those this call applied (empty when none).
    /// - Throws: ``MigrationError`` when an applied file changed or vanished, or a file
    ///   failed (that file's transaction is rolled back; earlier files stay applied).
    @discardableResult
    public func migrate(connection: PostgresConnection) throws -> [AppliedMigration] {
        let files = try migrations()
        try connection.withTransaction { connection in
            try lock(connection)
            if try !tableExists(connection) {
                try connection.executeScript(Self.createTable)
                logger.info("schema_migrations criada")
            }
        }
        let pending = try connection.withTransaction { connection in
            try lock(connection)
            return try verify(files: files, recorded: try recorded(connection))
        }
        var applied: [AppliedMigration] = []
        for migration in pending {
            let done = try connection.withTransaction { connection -> AppliedMigration? in
                try lock(connection)
                // Another migrator may have applied it while this one waited for the lock.
                let stillPending = try verify(files: files, recorded: try recorded(connection))
                guard stillPending.contains(migration) else { return nil }
                return try apply(migration, connection)
            }
            if let done { applied.append(done) }
        }
        try connection.withTransaction { connection in
            try lock(connection)
            try connection.executeScript(Privilegios.conceder)
        }
        return applied
    }

    /// Each file and each recorded migration, by version, with whether it is applied.
    /// Reads only: works on a database no migrator has touched.
    public func status(connection: PostgresConnection) throws -> [MigrationStatus] {
        let files = try migrations()
        let records = try tableExists(connection) ? try recorded(connection) : []
        var byVersion: [Int: MigrationStatus] = [:]
        for file in files {
            byVersion[file.version] = MigrationStatus(
                version: file.version, name: file.name, checksum: file.checksum, recordedChecksum: nil, appliedAt: nil)
        }
        for record in records {
            byVersion[record.version] = MigrationStatus(
                version: record.version, name: record.name, checksum: byVersion[record.version]?.checksum,
                recordedChecksum: record.checksum, appliedAt: record.appliedAt)
        }
        return byVersion.values.sorted { $0.version < $1.version }
    }

    /// The highest applied version; 0 for a database without migrations.
    public func currentVersion(connection: PostgresConnection) throws -> Int {
        guard try tableExists(connection) else { return 0 }
        return try connection.query("SELECT coalesce(max(version), 0) FROM schema_migrations")[0].decode(
            Int.self, at: 0)
    }

    static let createTable = """
        CREATE TABLE schema_migrations (
            version    integer PRIMARY KEY CHECK (version > 0),
            name       text NOT NULL,
            checksum   text NOT NULL CHECK (checksum ~ '^[0-9a-f]{64}$'),
            applied_at timestamptz NOT NULL DEFAULT now()
        );
        COMMENT ON TABLE schema_migrations IS 'Migrações aplicadas (gsan migrate): arquivo e SHA-256.'
        """

    private func lock(_ connection: PostgresConnection) throws {
        _ = try connection.query("SELECT pg_advisory_xact_lock($1)", [Self.advisoryLockKey])
    }

    private func tableExists(_ connection: PostgresConnection) throws -> Bool {
        try connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL")[0].decode(Bool.self, at: 0)
    }

    private func recorded(_ connection: PostgresConnection) throws -> [AppliedMigration] {
        try connection.query("SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version")
            .map { row in
                let (version, name, checksum, appliedAt) = try row.decode((Int, String, String, Date).self)
                return AppliedMigration(version: version, name: name, checksum: checksum, appliedAt: appliedAt)
            }
    }

    /// The files still to apply, or the error for the first applied migration whose file
    /// changed, was renamed or is missing, or a pending file below the current version.
    private func verify(files: [Migration], recorded: [AppliedMigration]) throws -> [Migration] {
        let filesByVersion = Dictionary(uniqueKeysWithValues: files.map { ($0.version, $0) })
        for record in recorded {
            guard let file = filesByVersion[record.version] else {
                throw MigrationError(
                    .missingFile,
                    "A migração \(record.name) (versão \(record.version)) está registrada em schema_migrations, mas "
                        + "o arquivo \(record.name).sql não existe em \(directory.path). Restaure-o: migrações "
                        + "aplicadas não se apagam.")
            }
            guard file.name == record.name else {
                throw MigrationError(
                    .renamedFile,
                    "A migração versão \(record.version) foi aplicada como \(record.name), mas o arquivo agora é "
                        + "\(file.fileName). Migrações aplicadas não se renomeiam: volte o nome.")
            }
            guard file.checksum == record.checksum else {
                throw MigrationError(
                    .changedFile,
                    "A migração \(file.fileName) já aplicada foi alterada (checksum registrado \(record.checksum), "
                        + "arquivo \(file.checksum)). Migrações aplicadas não se alteram: crie uma nova.")
            }
        }
        let applied = Set(recorded.map(\.version))
        let current = recorded.map(\.version).max() ?? 0
        let pending = files.filter { !applied.contains($0.version) }
        if let early = pending.first(where: { $0.version < current }) {
            throw MigrationError(
                .outOfOrder,
                "A migração \(early.fileName) é anterior à versão atual do banco (\(current)) e não foi aplicada. "
                    + "Renumere-a para depois de \(current).")
        }
        return pending
    }

    private func apply(_ migration: Migration, _ connection: PostgresConnection) throws -> AppliedMigration {
        let started = ContinuousClock.now
        do {
            try connection.executeScript(migration.sql)
        } catch {
            throw MigrationError(
                .failed, "A migração \(migration.fileName) falhou e nada dela foi aplicado: \(error)",
                underlying: error as? PostgresError)
        }
        guard connection.isInTransaction else {
            throw MigrationError(
                .failed,
                "A migração \(migration.fileName) encerrou a transação (COMMIT ou ROLLBACK no arquivo); "
                    + "as migrações não controlam transações: o migrador aplica cada arquivo numa.")
        }
        let appliedAt = try connection.query(
            "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3) RETURNING applied_at",
            [migration.version, migration.name, migration.checksum])[0].decode(Date.self, at: 0)
        logger.info(
            "migração aplicada",
            metadata: [
                "migration.version": "\(migration.version)", "migration.name": "\(migration.name)",
                "migration.duration": "\(ContinuousClock.now - started)",
            ])
        return AppliedMigration(
            version: migration.version, name: migration.name, checksum: migration.checksum, appliedAt: appliedAt)
    }
}

/// Applies the pending migrations shipped with GSAN (or those of `directory`): what `gsan migrate` runs.
public func migrate(connection: PostgresConnection, directory: URL? = nil, logger: Logger) throws -> [AppliedMigration] {
    try Migrator(directory: directory, logger: logger).migrate(connection: connection)
}

/// A migration file: `0001_fundacao.sql` is version 1, name `0001_fundacao`.
public struct Migration: Sendable, Hashable {
    public let version: Int
    public let name: String
    public let sql: String
    /// SHA-256 of the file's bytes, lowercase hex.
    public let checksum: String

    public var fileName: String { name + ".sql" }
}

/// A migration recorded in `schema_migrations`.
public struct AppliedMigration: Sendable, Hashable {
    public let version: Int
    public let name: String
    public let checksum: String
    public let appliedAt: Date
}

/// One line of `Migrator.status`: a file, a record, or both.
public struct MigrationStatus: Sendable, Hashable {
    public let version: Int
    public let name: String
    /// The file's checksum; nil when the file is missing.
    public let checksum: String?
    /// The checksum recorded when it was applied; nil when pending.
    public let recordedChecksum: String?
    public let appliedAt: Date?

    public var isApplied: Bool { appliedAt != nil }
    /// Applied, but the file is gone or differs from what was applied.
    public var isModified: Bool { recordedChecksum != nil && checksum != recordedChecksum }
}

/// Why the migrator stopped; `description` is the Portuguese message for the operator.
public struct MigrationError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// An applied file's content changed.
        public static let changedFile = Code("changedFile")
        /// An applied file's name changed (same version).
        public static let renamedFile = Code("renamedFile")
        /// An applied version has no file.
        public static let missingFile = Code("missingFile")
        /// A pending file is numbered below the current version.
        public static let outOfOrder = Code("outOfOrder")
        /// A badly named, duplicated or unreadable file.
        public static let invalidFile = Code("invalidFile")
        public static let unreadableFolder = Code("unreadableFolder")
        /// A file's SQL failed; its transaction was rolled back.
        public static let failed = Code("failed")
    }

    public let code: Code
    public let description: String
    /// The database error behind a `failed` migration.
    public let underlying: PostgresError?

    init(_ code: Code, _ description: String, underlying: PostgresError? = nil) {
        self.code = code
        self.description = description
        self.underlying = underlying
    }
}
