import AMQP
import Foundation
import JobRuntime
import Logging
import Postgres
import TestSupport
import Testing

let quietLogger = Logger(label: "gsan.tests.worker") { _ in SwiftLogNoOpLogHandler() }

/// One test's world: a scratch database with the jobs and example schemas, a family of
/// queues of its own (short retry delays), and the worker processes it starts.
final class WorkerHarness: @unchecked Sendable {
    let databaseURL: String
    let amqpURL: String
    let family: String
    let retryDelays = [200, 400, 800]
    private(set) var workers: [WorkerProcess] = []

    init(databaseURL: String, amqpURL: String? = nil) throws {
        self.databaseURL = databaseURL
        self.amqpURL = try amqpURL ?? TestServers.amqpURL()
        family = "t" + UUID().uuidString.prefix(10).lowercased().replacingOccurrences(of: "-", with: "")
    }

    /// Runs `body` on the test's own task, blocking its thread: `#expect` must run in the
    /// test's context to be attributed to it (on a thread of our own Swift Testing reports
    /// an unattributed issue). The suite is serialized, so at most one pool thread waits.
    static func run(_ body: @escaping @Sendable (WorkerHarness) throws -> Void) async throws {
        try await withScratchDatabase(migrations: ["0010_jobs", "0011_exemplo"]) { url in
            let harness = try WorkerHarness(databaseURL: url)
            defer { harness.tearDown() }
            try body(harness)
        }
    }

    func kind(_ name: String = "exemplo.efeito", maxAttempts: Int = 4) -> JobKind {
        JobKind(name, family: family, maxAttempts: maxAttempts)
    }

    @discardableResult
    func startWorker(concurrency: Int = 4, extra: [String] = [], amqpURL: String? = nil) throws -> WorkerProcess {
        let worker = try WorkerProcess(
            arguments: ["--familia", family, "--atrasos", retryDelays.map(String.init).joined(separator: ","),
                        "--concorrencia", String(concurrency), "--log", "info"] + extra,
            amqpURL: amqpURL ?? self.amqpURL, databaseURL: databaseURL)
        workers.append(worker)
        return worker
    }

    func connect() throws -> PostgresConnection { try PostgresConnection(url: databaseURL, logger: quietLogger) }

    func enqueue(_ specs: [JobSpec]) throws {
        let db = try connect()
        for chunk in stride(from: 0, to: specs.count, by: 2_000) {
            try db.withTransaction { db in
                for spec in specs[chunk..<min(chunk + 2_000, specs.count)] { try Outbox.enqueue(spec, on: db) }
            }
        }
    }

    func efeitos(_ count: Int, prefix: String = "j") throws -> [JobSpec] {
        try (0..<count).map { try JobSpec(id: "\(prefix)\($0)", kind: kind(), payload: Efeito(n: $0)) }
    }

    func count(_ sql: String, _ binds: [(any PostgresEncodable)?] = []) throws -> Int {
        try connect().query(sql, binds).first?.decode(Int.self, at: 0) ?? -1
    }

    /// How many jobs the filter takes (the runtime's read API: the tests name no job table).
    func jobs(_ filter: JobFilter) throws -> Int {
        let db = try connect()
        defer { db.close() }
        return try JobRecords.count(filter, db: db)
    }

    /// The jobs the filter takes, by id.
    func jobList(_ filter: JobFilter) throws -> [JobRecord] {
        let db = try connect()
        defer { db.close() }
        return try JobRecords.list(filter, db: db)
    }

    /// How many `event`s the jobs' history holds (of `jobID`, with a message like `messageLike`).
    func events(_ event: String, jobID: String? = nil, messageLike: String? = nil) throws -> Int {
        let db = try connect()
        defer { db.close() }
        return try JobRecords.eventCount(event, jobID: jobID, messageLike: messageLike, db: db)
    }

    /// The job's state, attempts and last error; state "ausente" while it does not exist.
    func state(of id: String) throws -> (state: String, attempts: Int, lastError: String?) {
        let db = try connect()
        defer { db.close() }
        guard let job = try JobRecords.byID(id, db: db) else { return ("ausente", 0, nil) }
        return (job.state.rawValue, job.attempts, job.lastError)
    }

    /// Jobs whose effect row is missing or doubled (must be none).
    func effectAnomalies(expected ids: Int) throws -> (missingOrDoubled: Int, effects: Int, distinct: Int) {
        let db = try connect()
        defer { db.close() }
        let jobs = try JobRecords.list(JobFilter(kind: "exemplo.efeito"), db: db).map(\.id)
        let perJob = Dictionary(
            try db.query("SELECT job_id, count(*)::int8 FROM exemplo.efeito GROUP BY job_id").map { try $0.decode((String, Int).self) },
            uniquingKeysWith: +)
        let missingOrDoubled = jobs.filter { perJob[$0] != 1 }.count
        return (missingOrDoubled, perJob.values.reduce(0, +), perJob.count)
    }

    func waitForDone(_ total: Int, timeout: Double) throws -> Bool {
        try waitUntil(timeout: timeout) { try jobs(.state(.done)) >= total }
    }

    /// Publishes a raw body straight to the family's work queue (no outbox, no record).
    func publishRaw(_ body: String, type: String? = nil) throws { try publishRaw(Array(body.utf8), type: type) }

    func publishRaw(_ body: [UInt8], type: String? = nil, headers: AMQPTable = [:]) throws {
        try publishRawMessage(
            body, amqpURL: amqpURL, family: family, properties: AMQPProperties(headers: headers, type: type), waitForConsumer: false)
    }

    func deadLetterCopies() throws -> [Delivery] { try deadLetterMessages(amqpURL: amqpURL, family: family) }

    func tearDown() {
        for worker in workers { worker.kill() }
        // The family's queues are this test's alone.
        if let connection = try? AMQPConnection(url: amqpURL), let channel = try? connection.openChannel() {
            for queue in Topology(families: [family], retryDelays: retryDelays).queues {
                _ = try? channel.deleteQueue(queue.name)
            }
            connection.close()
        }
    }

    /// The logs of every worker this test started, for a failure message.
    var logs: String {
        workers.map { "--- worker \($0.pid) \($0.arguments.joined(separator: " "))\n" + String($0.log.suffix(4_000)) }
            .joined(separator: "\n")
    }
}

struct Efeito: Codable, Sendable {
    var n: Int
    var falhasAntes: Int?
    var dormirMs: Int?
    var defeito: String?
    var invalido: Bool?
    var derrubar: String?
}

struct Lote: Codable, Sendable {
    var filhos: Int
    var continuacao: Bool?
    var filhoComDefeito: Int?
    var defeito: String?
}

extension WorkerHarness {
    /// `gsan dlq replay ID…`: the jobs go back to the outbox, the broker's dead copies go.
    func replay(_ ids: [String]) throws {
        let outcome = try JobAdmin.replay(
            .ids(ids), operator: "teste", db: try connect(), broker: { try AMQPConnection(url: self.amqpURL) })
        #expect(outcome.refused.isEmpty && outcome.affected.count == ids.count)
    }
}
