import GSANSupport
import JobRuntime
import Logging
import Postgres

/// For a worker's `enfileirar` subcommand: enqueues `spec` through the outbox (the relays
/// publish it), on a thread of its own since libpq blocks. Returns false when a job with
/// that id already existed (nothing enqueued).
public func enqueueFromCommandLine(_ spec: JobSpec, applicationName: String) async throws -> Bool {
    Prazo.iniciar(Prazo.padrao, programa: "\(applicationName) enfileirar")
    let url = try GSANEnvironment().databaseURL
    return try await onDedicatedThread {
        let db = try PostgresConnection(url: url, logger: Logger(label: "gsan.enfileirar"), applicationName: applicationName)
        defer { db.close() }
        return try db.withTransaction { try Outbox.enqueue(spec, on: $0) }
    }
}
