import Foundation
import GSANSupport
import Logging
import Postgres
import TestSupport
import Testing

/// Connects to the `gsan_test` database; a failure to connect becomes `ServerUnavailable`
/// (the test fails and says how to start the servers).
func connectToTestDatabase(logger: Logger = quietLogger) throws -> PostgresConnection {
    let url = try TestServers.databaseURL()
    do {
        return try PostgresConnection(url: url, logger: logger, applicationName: "gsan-tests")
    } catch {
        throw ServerUnavailable(server: "PostgreSQL", url: url, underlying: error)
    }
}

/// Runs `body` with a fresh connection on a thread of its own (libpq blocks).
func withTestConnection<T: Sendable>(
    logger: Logger = quietLogger, _ body: @escaping @Sendable (PostgresConnection) throws -> T
) async throws -> T {
    try await onDedicatedThread {
        let connection = try connectToTestDatabase(logger: logger)
        defer { connection.close() }
        return try body(connection)
    }
}

/// A table name no other test uses (`TestServers.uniqueName` with SQL-safe characters).
func uniqueTable(_ prefix: String) -> String {
    TestServers.uniqueName(prefix).replacingOccurrences(of: ".", with: "_")
}

/// The test database URL with another `connect_timeout`, password, host or database.
func testURL(_ change: (inout URLComponents) -> Void) throws -> String {
    var components = try #require(URLComponents(string: try TestServers.databaseURL()))
    change(&components)
    return try #require(components.string)
}

let quietLogger = Logger(label: "gsan.tests.postgres") { _ in SwiftLogNoOpLogHandler() }

/// Records log events, for asserting what reached the logger.
final class LogRecorder: @unchecked Sendable {
    struct Entry: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: Logger.Metadata
    }

    private let lock = NSLock()
    private var stored: [Entry] = []

    var entries: [Entry] { lock.withLock { stored } }

    func append(_ entry: Entry) { lock.withLock { stored.append(entry) } }

    var logger: Logger {
        Logger(label: "gsan.tests.recorded") { _ in RecordingLogHandler(recorder: self) }
    }
}

struct RecordingLogHandler: LogHandler {
    let recorder: LogRecorder
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    var logLevel: Logger.Level = .trace

    func log(event: LogEvent) {
        recorder.append(
            .init(
                level: event.level, message: "\(event.message)",
                metadata: metadata.merging(event.metadata ?? [:]) { $1 }))
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
}

/// The `PostgresError` `body` throws, nil if it throws none (or another error). For use on
/// the connection's thread, where `#expect` would not reach the running test; assert on
/// the result back in the test.
func thrownError(_ body: () throws -> Void) -> PostgresError? { thrown(PostgresError.self, body) }
