import AMQP
import Foundation
import JobRuntime
import Logging
import Postgres

/// Real worker processes (`product`) on a family of queues of the test's own (short retry
/// delays), against one scratch database; jobs enter through the outbox, whose relay runs in
/// the workers. Each suite's process tests use a vhost of their own (ops/up creates them), so
/// suites running at once never take each other's jobs.
open class TestWorkers: @unchecked Sendable {
    public let product: String
    public let databaseURL: String
    public let amqpURL: String
    public let family: String
    public let retryDelays = [200, 400, 800]
    /// Added to each worker's environment (an output folder, say).
    public let environment: [String: String]
    /// The subcommand that runs the worker, for a program whose default is something else
    /// (`gsan-campo trabalhar`: its default serves the phones).
    public let subcommand: [String]
    public private(set) var processes: [WorkerProcess] = []

    /// `family`: nil for a family of the test's own (`familyPrefix` + random), or a real one
    /// (for jobs the CLI enqueues under their own kinds).
    public init(
        _ product: String, databaseURL: String, vhost: String? = nil, familyPrefix: String, family: String? = nil,
        environment: [String: String] = [:], subcommand: [String] = []
    ) throws {
        self.subcommand = subcommand
        self.product = product
        self.databaseURL = databaseURL
        self.environment = environment
        amqpURL = try vhost.map { try TestServers.amqpURL(vhost: $0) } ?? TestServers.amqpURL()
        self.family = family ?? familyPrefix + UUID().uuidString.prefix(10).lowercased().replacingOccurrences(of: "-", with: "")
    }

    @discardableResult
    public func start() throws -> WorkerProcess {
        let process = try WorkerProcess(
            product,
            arguments: subcommand + ["--familia", family, "--atrasos", retryDelays.map(String.init).joined(separator: ","),
                        "--concorrencia", "2", "--log", "info"],
            amqpURL: amqpURL, databaseURL: databaseURL, environment: environment)
        processes.append(process)
        return process
    }

    /// A kind of the worker, routed to this test's queues.
    public func kind(_ kind: JobKind) -> JobKind {
        kind.inFamily(family)
    }

    public func enqueue(_ spec: JobSpec) throws {
        let db = try connection()
        defer { db.close() }
        _ = try db.withTransaction { try Outbox.enqueue(spec, on: $0) }
    }

    /// The job's state and attempts ("ausente" while it does not exist).
    public func state(of id: String) throws -> (state: String, attempts: Int) {
        let db = try connection()
        defer { db.close() }
        guard let job = try JobRecords.byID(id, db: db) else { return ("ausente", 0) }
        return (job.state.rawValue, job.attempts)
    }

    public func waitForDone(_ id: String, timeout: Double = 120) throws -> Bool {
        try waitUntil(timeout: timeout) { try state(of: id).state == "done" }
    }

    /// Publishes a raw body straight to this test's work queue (see ``publishRawMessage``).
    public func publishRaw(_ body: [UInt8], type: String? = nil, messageID: String? = nil) throws {
        try publishRawMessage(body, amqpURL: amqpURL, family: family, properties: AMQPProperties(messageId: messageID, type: type))
    }

    public func publishRaw(_ body: String, type: String? = nil) throws { try publishRaw(Array(body.utf8), type: type) }

    /// The copies in this test's dead-letter queue (read and put back).
    public func deadLetterCopies() throws -> [Delivery] { try deadLetterMessages(amqpURL: amqpURL, family: family) }

    /// A job's state, attempts and last error (state "ausente" while it does not exist).
    public func record(of id: String) throws -> (state: String, attempts: Int, lastError: String?) {
        let db = try connection()
        defer { db.close() }
        guard let job = try JobRecords.byID(id, db: db) else { return ("ausente", 0, nil) }
        return (job.state.rawValue, job.attempts, job.lastError)
    }

    /// The end of each process's log, for a failing expectation's message.
    public var logs: String {
        processes.map { "--- \(product) \($0.pid)\n" + String($0.log.suffix(6_000)) }.joined(separator: "\n")
    }

    /// Kills the processes and deletes the test's queues.
    public func tearDown() {
        for process in processes { process.kill() }
        if let connection = try? AMQPConnection(url: amqpURL), let channel = try? connection.openChannel() {
            for queue in Topology(families: [family], retryDelays: retryDelays).queues { _ = try? channel.deleteQueue(queue.name) }
            connection.close()
        }
    }

    private func connection() throws -> PostgresConnection {
        do {
            return try PostgresConnection(
                url: databaseURL, logger: Logger(label: "gsan.tests") { _ in SwiftLogNoOpLogHandler() },
                applicationName: "gsan-tests")
        } catch {
            throw ServerUnavailable(server: "PostgreSQL", url: databaseURL, underlying: error)
        }
    }
}

/// Publishes a raw body straight to a family's work queue (no outbox, no record), as a hostile
/// or broken producer would, persistent and confirmed. With `waitForConsumer`, first waits for a
/// worker to consume the queue: its bindings are declared by then (before, the exchange would
/// drop the message as unroutable).
public func publishRawMessage(
    _ body: [UInt8], amqpURL: String, family: String, properties: AMQPProperties = .init(), waitForConsumer: Bool = true
) throws {
    let connection = try AMQPConnection(url: amqpURL)
    defer { connection.close() }
    if waitForConsumer {
        let consumed = try waitUntil(timeout: 60) {
            let channel = try connection.openChannel()
            defer { channel.close() }
            return ((try? channel.declareQueue(Topology.workQueue(family), passive: true))?.consumerCount ?? 0) > 0
        }
        guard consumed else { throw ConfigurationError("nenhum worker consome a fila \(Topology.workQueue(family))") }
    }
    var properties = properties
    properties.persistent = true
    let channel = try connection.openChannel()
    try channel.confirmSelect()
    _ = try channel.publish(
        OutgoingMessage(exchange: Topology.workExchange, routingKey: family, body: body, properties: properties, mandatory: true))
    guard try channel.waitForConfirms(timeout: 10) else { throw ConfigurationError("o broker não confirmou a mensagem") }
}

/// The copies in a family's dead-letter queue, read and put back (the channel closes unacked).
public func deadLetterMessages(amqpURL: String, family: String) throws -> [Delivery] {
    let connection = try AMQPConnection(url: amqpURL)
    defer { connection.close() }
    let channel = try connection.openChannel()
    var copies: [Delivery] = []
    while let delivery = try channel.get(queue: Topology.deadQueue(family)) { copies.append(delivery) }
    return copies
}

/// Deletes every queue of `topology` (`Topology.gsan()`, the real families) in the vhost of `amqpURL`: for a suite whose
/// vhost is its own and whose commands enqueue under the real families, what an earlier run left there is not its database's.
public func deleteQueues(of topology: Topology, amqpURL: String) throws {
    let connection = try AMQPConnection(url: amqpURL)
    defer { connection.close() }
    let channel = try connection.openChannel()
    for queue in topology.queues { _ = try channel.deleteQueue(queue.name) }
}
