import AMQP
import Foundation
import GSANSupport
import Logging
import Postgres

/// How a worker process runs.
public struct WorkerConfiguration: Sendable {
    public var amqpURL: String
    public var databaseURL: String
    /// The families whose queues this process consumes.
    public var families: [String]
    /// Handler threads, each with its own Postgres connection.
    public var concurrency: Int
    /// Unacked deliveries the broker may hand this process (≥ concurrency, so a handler
    /// finishing finds the next message already here).
    public var prefetch: Int
    public var topology: Topology
    /// Recorded on each job it runs (`gsan job show`) and in the broker's connection name.
    public var name: String
    /// Whether this process also relays the outbox (any number of processes may).
    public var runsRelay: Bool
    /// After SIGTERM: how long running jobs may take to finish before the process leaves
    /// them unacked (the broker redelivers them) and exits.
    public var shutdownGrace: Duration
    /// How long past its kind's timeout a delivery may stay in a handler before the AMQP
    /// thread gives it back to the queue.
    public var abandonGrace: Duration
    /// Where this process's log is, in the deployment's own words (`GSAN_LOG_LOCAL`); nil: found
    /// from the standard error (``logLocation(declared:)``).
    public var logPlace: String?

    public init(
        amqpURL: String, databaseURL: String, families: [String], concurrency: Int = 4, prefetch: Int? = nil,
        topology: Topology, name: String = WorkerConfiguration.defaultName(), runsRelay: Bool = true,
        shutdownGrace: Duration = .seconds(30), abandonGrace: Duration = .seconds(30), logPlace: String? = nil
    ) {
        self.logPlace = logPlace
        self.amqpURL = amqpURL
        self.databaseURL = databaseURL
        self.families = families
        self.concurrency = max(1, concurrency)
        self.prefetch = max(self.concurrency, prefetch ?? self.concurrency * 2)
        self.topology = topology
        self.name = name
        self.runsRelay = runsRelay
        self.shutdownGrace = shutdownGrace
        self.abandonGrace = abandonGrace
    }

    /// `host:pid`.
    public static func defaultName() -> String {
        "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
    }

    /// Where this process's log goes, for the reason of a job that took it down: `declared` when
    /// given (`GSAN_LOG_LOCAL`, a deployment's own words), else the file its standard error is
    /// redirected to, else what standard error is (journal, pipe, terminal).
    public static func logLocation(declared: String?) -> String {
        if let declared { return declared }
        let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/2")) ?? ""
        if target.hasPrefix("/dev/pts") || target.hasPrefix("/dev/tty") { return "terminal \(target)" }
        if target.hasPrefix("/") && !target.hasPrefix("/dev/") { return target }
        if target.hasPrefix("socket:") { return "saída de erro do processo (socket: journal do systemd ou docker logs)" }
        if target.hasPrefix("pipe:") { return "saída de erro do processo (pipe do programa que o iniciou)" }
        return "saída de erro do processo"
    }
}

/// A worker process's runtime: one thread owns the AMQP connection (consumes, acks,
/// publishes retry and dead-letter copies, sends heartbeats); `concurrency` handler
/// threads run jobs, each on its own Postgres connection; an optional relay thread
/// publishes the outbox.
///
/// Why a connection-owning thread rather than short jobs: rabbitmq-c sends heartbeats
/// only from inside its calls, and a handler may legitimately run for minutes (a large
/// rota). Keeping the socket on a thread that never runs a handler means heartbeats flow
/// whatever a job does, and the broker's `consumer_timeout` (30 min) stays above every
/// kind's timeout (≤ 25 min, enforced by ``JobKind``), past which the AMQP thread gives
/// the message back itself.
public final class Worker: Sendable {
    public let configuration: WorkerConfiguration
    let registry: JobRegistry
    let logger: Logger
    private let stopSignal = StopSignal()
    private let work = WorkQueue()
    private let completions = CompletionQueue()
    private let isolation = IsolationGate()
    /// What each claimed job records as its worker: the name and where this process logs.
    private let recordedName: String

    public init(configuration: WorkerConfiguration, registry: JobRegistry, logger: Logger) {
        self.configuration = configuration
        self.registry = registry
        self.recordedName = String((configuration.name + " log=" + WorkerConfiguration.logLocation(declared: configuration.logPlace)).prefix(400))
        var logger = logger
        logger[metadataKey: "worker"] = .string(configuration.name)
        self.logger = logger
    }

    /// Asks the worker to stop: no new deliveries, running jobs get the grace period.
    /// Safe from any thread, any number of times.
    public func stop() {
        if stopSignal.request() {
            logger.info("parada solicitada: não aceita novos jobs, termina os em andamento")
        }
        completions.wake()
    }

    /// Runs until ``stop()``. Blocks the calling thread: call it off Swift's cooperative
    /// pool (``onDedicatedThread``).
    public func run() {
        logger.info(
            "worker iniciado",
            metadata: [
                "worker.families": .string(configuration.families.joined(separator: ",")),
                "worker.concurrency": .stringConvertible(configuration.concurrency),
                "worker.prefetch": .stringConvertible(configuration.prefetch),
                "worker.kinds": .string(registry.kinds.joined(separator: ",")),
            ])
        var threads = (0..<configuration.concurrency).map { index in
            DedicatedThread(name: "gsan-handler-\(index)") { self.runHandlerThread() }
        }
        if configuration.runsRelay {
            let relay = OutboxRelayLoop(
                amqpURL: configuration.amqpURL, databaseURL: configuration.databaseURL, name: configuration.name,
                topology: configuration.topology, logger: logger)
            threads.append(DedicatedThread(name: "gsan-relay") { relay.run(until: self.stopSignal) })
        }
        runConsumer()
        work.close()
        // Handlers still inside a job past the grace period are left behind: the process
        // exits, their transactions roll back, their messages were returned unacked.
        let deadline = DispatchTime.now() + 2
        if !threads.allSatisfy({ $0.join(until: deadline) }) {
            logger.warning("threads ainda ocupadas na saída; seus jobs voltam à fila")
        }
        logger.info("worker parado")
    }

    // MARK: Handler threads

    private func runHandlerThread() {
        let executor = JobExecutor(
            registry: registry, topology: configuration.topology, workerName: recordedName, logger: logger,
            isolation: isolation)
        var db: PostgresConnection?
        var reconnects = ReconnectCounter(server: "postgresql", component: "handler")
        while let item = work.take() {
            let outcome = handle(item.delivery, executor: executor, db: &db, reconnects: &reconnects)
            completions.push(.init(epoch: item.epoch, deliveryTag: item.delivery.deliveryTag, outcome: outcome))
        }
    }

    /// One delivery to its outcome. While Postgres is unreachable the message stays
    /// unacked and the same job is tried again on a new connection, with backoff.
    private func handle(
        _ delivery: Delivery, executor: JobExecutor, db: inout PostgresConnection?, reconnects: inout ReconnectCounter
    ) -> DeliveryOutcome {
        var backoff = Backoff()
        while true {
            do {
                let connection: PostgresConnection
                if let db {
                    connection = db
                } else {
                    connection = try connectHandler(executor)
                    reconnects.connected()
                }
                db = connection
                return try executor.process(delivery, db: connection)
            } catch {
                if let db, db.isOpen {
                    // The bookkeeping itself failed with the database up: the raw message is
                    // recorded dead with the error, where `gsan dlq` sees it. Only if even
                    // that fails does it go to the broker's dead-letter path unrecorded.
                    logger.error("erro inesperado ao registrar o job", metadata: ["erro": "\(error)"])
                    do {
                        return try executor.deadLetterUnrecordable(delivery, error: error, db: db)
                    } catch {
                        if db.isOpen {
                            logger.critical(
                                "mensagem rejeitada sem registro (gsan doctor a aponta)", metadata: ["erro": "\(error)"])
                            return .reject
                        }
                    }
                }
                db = nil
                let delay = backoff.next()
                logger.warning(
                    "PostgreSQL indisponível; nova tentativa em \(delay.milliseconds) ms", metadata: ["erro": "\(error)"])
                if stopSignal.sleep(delay) { return .requeue }
            }
        }
    }

    private func connectHandler(_ executor: JobExecutor) throws -> PostgresConnection {
        let connection = try PostgresConnection(url: configuration.databaseURL, logger: logger, applicationName: "gsan-worker")
        try executor.prepareSession(connection)
        return connection
    }

    // MARK: The AMQP thread

    private struct Session {
        var connection: AMQPConnection
        var consumeChannel: AMQPChannel
        var publishChannel: AMQPChannel
        var consumerTags: [String]
    }

    private func connect() throws -> Session {
        let connection = try AMQPConnection(url: configuration.amqpURL, connectionName: "gsan-worker \(configuration.name)")
        let consumeChannel = try connection.openChannel()
        try configuration.topology.declare(on: consumeChannel)
        try consumeChannel.qos(prefetchCount: UInt16(clamping: configuration.prefetch))
        var tags: [String] = []
        for family in configuration.families {
            tags.append(try consumeChannel.consume(queue: Topology.workQueue(family)))
        }
        let publishChannel = try connection.openChannel()
        try publishChannel.confirmSelect()
        return Session(connection: connection, consumeChannel: consumeChannel, publishChannel: publishChannel, consumerTags: tags)
    }

    private func runConsumer() {
        var session: Session?
        // Deliveries belong to one connection: after a reconnect, results for the old
        // one's tags are dropped (the broker has already requeued those messages).
        var epoch = 0
        var inFlight: [UInt64: ContinuousClock.Instant] = [:]  // delivery tag → abandon-after
        var cancelled = false
        var backoff = Backoff()
        var reconnects = ReconnectCounter(server: "rabbitmq", component: "consumer")

        while true {
            if let stopAt = stopSignal.requestTime {
                if inFlight.isEmpty { break }
                if ContinuousClock.now - stopAt > configuration.shutdownGrace {
                    logger.warning("prazo de parada esgotado; \(inFlight.count) job(s) voltam à fila sem ack")
                    break
                }
            }
            guard let current = session else {
                if stopSignal.isRequested { break }
                do {
                    session = try connect()
                    reconnects.connected()
                    backoff.reset()
                    logger.info("conectado ao RabbitMQ", metadata: ["amqp.url": .string(redactingPassword(configuration.amqpURL))])
                } catch {
                    let delay = backoff.next()
                    logger.warning("RabbitMQ indisponível; nova tentativa em \(delay.milliseconds) ms", metadata: ["erro": "\(error)"])
                    _ = stopSignal.sleep(delay)
                }
                continue
            }
            do {
                try settle(completions.drain(), epoch: epoch, inFlight: &inFlight, session: current)
                if stopSignal.isRequested && !cancelled {
                    for tag in current.consumerTags { try current.consumeChannel.cancel(consumerTag: tag) }
                    for item in work.removeAll() where item.epoch == epoch {
                        try current.consumeChannel.nack(item.delivery.deliveryTag, requeue: true)
                        inFlight[item.delivery.deliveryTag] = nil
                    }
                    cancelled = true
                }
                if !current.consumeChannel.cancelledConsumers.isEmpty {
                    throw JobRuntimeError("o broker cancelou o consumidor (fila removida?)")
                }
                try abandonOverdue(&inFlight, session: current)
                if let delivery = try current.connection.nextDelivery(timeout: 1, wakingOn: completions.wakeDescriptor) {
                    if cancelled {
                        try current.consumeChannel.nack(delivery.deliveryTag, requeue: true)
                    } else {
                        inFlight[delivery.deliveryTag] = .now + timeout(of: delivery) + configuration.abandonGrace
                        work.push(.init(epoch: epoch, delivery: delivery))
                    }
                }
            } catch {
                logger.warning("conexão com o RabbitMQ perdida; os jobs não confirmados voltam à fila", metadata: ["erro": "\(error)"])
                current.connection.close()
                session = nil
                epoch += 1
                inFlight.removeAll()
                _ = work.removeAll()
                cancelled = false
                _ = stopSignal.sleep(backoff.next())
            }
        }
        session?.connection.close()
    }

    private func timeout(of delivery: Delivery) -> Duration {
        delivery.properties.type.flatMap { registry.entry(for: $0)?.kind.timeout } ?? .seconds(300)
    }

    /// Acks what handlers finished; publishes retry and dead-letter copies with confirms
    /// and acks their originals only once confirmed (else they go back to the queue).
    private func settle(
        _ finished: [CompletionQueue.Completion], epoch: Int, inFlight: inout [UInt64: ContinuousClock.Instant],
        session: Session
    ) throws {
        var copies: [(tag: UInt64, message: OutgoingMessage)] = []
        var acks: [UInt64] = []
        for completion in finished where completion.epoch == epoch {
            guard inFlight.removeValue(forKey: completion.deliveryTag) != nil else { continue }  // abandoned
            switch completion.outcome {
            case .ack: acks.append(completion.deliveryTag)
            case .reject: try session.consumeChannel.reject(completion.deliveryTag, requeue: false)
            case .requeue: try session.consumeChannel.nack(completion.deliveryTag, requeue: true)
            case .republish(let message): copies.append((completion.deliveryTag, message))
            }
        }
        try settleCopies(copies, session: session)
        try Self.ack(acks, unsettled: inFlight.keys.min(), on: session.consumeChannel)
    }

    /// Acks with as few frames as it can: one `multiple` ack covers every finished tag below
    /// the oldest delivery still unsettled (running, waiting for a handler); the rest go
    /// one by one. Called once every other delivery of the cycle is settled, so a multiple
    /// ack never covers a delivery whose fate is still open.
    static func ack(_ tags: [UInt64], unsettled oldest: UInt64?, on channel: AMQPChannel) throws {
        let below = tags.filter { $0 < (oldest ?? .max) }
        if below.count > 1, let top = below.max() {
            try channel.ack(top, multiple: true)
            for tag in tags where tag >= (oldest ?? .max) { try channel.ack(tag) }
        } else {
            for tag in tags { try channel.ack(tag) }
        }
    }

    /// Publishes retry and dead-letter copies with confirms and acks their originals once
    /// confirmed (else they go back to the queue).
    private func settleCopies(_ copies: [(tag: UInt64, message: OutgoingMessage)], session: Session) throws {
        guard !copies.isEmpty else { return }
        let result = try session.publishChannel.publishBatch(copies.map(\.message), timeout: 30)
        let confirmed = Set(result.confirmed)
        for (index, copy) in copies.enumerated() {
            if confirmed.contains(index) {
                try session.consumeChannel.ack(copy.tag)
            } else {
                logger.warning("cópia de nova tentativa não confirmada pelo broker; mensagem devolvida à fila")
                try session.consumeChannel.nack(copy.tag, requeue: true)
            }
        }
    }

    /// A delivery whose handler is still busy long past its kind's timeout goes back to
    /// the queue, so another worker retries it; the stuck attempt can no longer commit
    /// (its deadline passed) and its late result is ignored.
    private func abandonOverdue(_ inFlight: inout [UInt64: ContinuousClock.Instant], session: Session) throws {
        let now = ContinuousClock.now
        for (tag, abandonAt) in inFlight where abandonAt < now {
            logger.error("job excedeu o tempo limite e foi devolvido à fila", metadata: ["amqp.tag": .stringConvertible(tag)])
            try session.consumeChannel.nack(tag, requeue: true)
            inFlight[tag] = nil
        }
    }
}
