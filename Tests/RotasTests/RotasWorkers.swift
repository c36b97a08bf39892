import AMQP
import Foundation
import JobRuntime
import Postgres
import TestSupport

/// Real `gsan-rotas` processes on the vhost `gsan_test_rotas`, against one scratch database and
/// one output folder; jobs enter through the outbox, whose relay runs in the workers.
final class RotasWorkers: @unchecked Sendable {
    let databaseURL: String
    let amqpURL: String
    let family: String
    let pasta: String
    let retryDelays = [200, 400, 800]
    private(set) var processes: [WorkerProcess] = []

    /// `family`: nil for a family of this test's own, or the real `rotas` (for jobs the CLI enqueues).
    init(databaseURL: String, pasta: String, family: String? = nil) throws {
        self.databaseURL = databaseURL
        self.pasta = pasta
        amqpURL = try TestServers.amqpURL(vhost: "gsan_test_rotas")
        self.family = family ?? "rot" + UUID().uuidString.prefix(10).lowercased().replacingOccurrences(of: "-", with: "")
    }

    @discardableResult
    func start() throws -> WorkerProcess {
        let process = try WorkerProcess(
            "gsan-rotas",
            arguments: ["--familia", family, "--atrasos", retryDelays.map(String.init).joined(separator: ","),
                        "--concorrencia", "2", "--log", "info"],
            amqpURL: amqpURL, databaseURL: databaseURL, environment: ["GSAN_ROTAS_DIR": pasta])
        processes.append(process)
        return process
    }

    func gsan(_ arguments: [String], timeout: Double = 120) throws -> (status: Int32?, log: String) {
        let command = try WorkerProcess("gsan", arguments: arguments, amqpURL: amqpURL, databaseURL: databaseURL)
        let status = command.wait(timeout: timeout)
        return (status, command.log)
    }

    func kind(_ kind: JobKind) -> JobKind {
        JobKind(kind.name, family: family, maxAttempts: kind.maxAttempts, timeout: kind.timeout)
    }

    func enqueue(_ spec: JobSpec) throws {
        let db = try connect(databaseURL)
        defer { db.close() }
        _ = try db.withTransaction { try Outbox.enqueue(spec, on: $0) }
    }

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
        processes.map { "--- gsan-rotas \($0.pid)\n" + String($0.log.suffix(6_000)) }.joined(separator: "\n")
    }

    func tearDown() {
        for process in processes { process.kill() }
        if let connection = try? AMQPConnection(url: amqpURL), let channel = try? connection.openChannel() {
            for queue in Topology(families: [family], retryDelays: retryDelays).queues { _ = try? channel.deleteQueue(queue.name) }
            connection.close()
        }
    }
}
