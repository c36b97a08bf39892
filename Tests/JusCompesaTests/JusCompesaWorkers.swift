import AMQP
import Foundation
import JobRuntime
import Postgres
import TestSupport

/// Real `gsan-juscompesa` processes on a family of queues of this test's own (short retry
/// delays), against one scratch database; jobs enter through the outbox, whose relay runs in
/// the workers.
final class JusCompesaWorkers: @unchecked Sendable {
    let databaseURL: String
    let amqpURL: String
    let family: String
    let retryDelays = [200, 400, 800]
    private(set) var processes: [WorkerProcess] = []

    init(databaseURL: String) throws {
        self.databaseURL = databaseURL
        amqpURL = try TestServers.amqpURL()
        family = "jus" + UUID().uuidString.prefix(10).lowercased().replacingOccurrences(of: "-", with: "")
    }

    @discardableResult
    func start() throws -> WorkerProcess {
        let process = try WorkerProcess(
            "gsan-juscompesa",
            arguments: ["--familia", family, "--atrasos", retryDelays.map(String.init).joined(separator: ","),
                        "--concorrencia", "2", "--log", "info"],
            amqpURL: amqpURL, databaseURL: databaseURL)
        processes.append(process)
        return process
    }

    /// A kind of the chain, routed to this test's queues.
    func kind(_ kind: JobKind) -> JobKind {
        JobKind(kind.name, family: family, maxAttempts: kind.maxAttempts, timeout: kind.timeout)
    }

    func enqueue(_ spec: JobSpec) throws {
        let db = try connect(databaseURL)
        defer { db.close() }
        _ = try db.withTransaction { try Outbox.enqueue(spec, on: $0) }
    }

    /// The job's state and attempts ("ausente" while it does not exist).
    func state(of id: String) throws -> (state: String, attempts: Int) {
        let db = try connect(databaseURL)
        defer { db.close() }
        guard let row = try db.query("SELECT state, attempts FROM jobs.job WHERE id = $1", [id]).first else { return ("ausente", 0) }
        return try row.decode((String, Int).self)
    }

    func waitForDone(_ id: String, timeout: Double = 120) throws -> Bool {
        try waitUntil(timeout: timeout) { try state(of: id).state == "done" }
    }

    var logs: String {
        processes.map { "--- gsan-juscompesa \($0.pid)\n" + String($0.log.suffix(6_000)) }.joined(separator: "\n")
    }

    func tearDown() {
        for process in processes { process.kill() }
        if let connection = try? AMQPConnection(url: amqpURL), let channel = try? connection.openChannel() {
            for queue in Topology(families: [family], retryDelays: retryDelays).queues { _ = try? channel.deleteQueue(queue.name) }
            connection.close()
        }
    }
}
