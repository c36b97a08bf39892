import ArgumentParser
import Foundation
import GSANSupport
import JobRuntime
import Logging
import Postgres

/// For a worker's `enfileirar` subcommand: enqueues `spec` through the outbox (the relays
/// publish it), on a thread of its own since libpq blocks. Returns false when a job with
/// that id already existed (nothing enqueued).
///
/// `verificar` runs first in the same transaction (the group, the rota, the command named
/// must exist): what it throws is the refusal. Every refusal comes out as one Portuguese
/// line on stderr (a database error by its SQLSTATE class) and exit code 1.
public func enqueueFromCommandLine(
    _ spec: JobSpec, applicationName: String, verificar: @escaping @Sendable (PostgresConnection) throws -> Void = { _ in }
) async throws -> Bool {
    Prazo.iniciar(Prazo.padrao, programa: "\(applicationName) enfileirar")
    do {
        let url = try GSANEnvironment().databaseURL
        return try await onDedicatedThread {
            let db = try PostgresConnection(url: url, logger: Logger(label: "gsan.enfileirar"), applicationName: applicationName)
            defer { db.close() }
            return try db.withTransaction { db in
                try verificar(db)
                return try Outbox.enqueue(spec, on: db)
            }
        }
    } catch let erro as PostgresError {
        FileHandle.standardError.write(Data("erro: \(erro.explicacao)\n".utf8))
        throw ExitCode.failure
    } catch {
        FileHandle.standardError.write(Data("erro: \(error)\n".utf8))
        throw ExitCode.failure
    }
}
