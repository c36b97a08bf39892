import AMQP
import Foundation
import Logging
import Postgres

/// The relay as a long-running loop: publishes pending jobs as soon as their enqueueing
/// transaction commits (it LISTENs on ``Outbox/notifyChannel``), and at least every
/// `pollInterval` anyway (a notification is lost while disconnected). Reconnects to
/// either server with backoff. Any number may run at once (``OutboxRelay``).
public struct OutboxRelayLoop: Sendable {
    public var amqpURL: String
    public var databaseURL: String
    public var name: String
    public var relay: OutboxRelay
    public var pollInterval: Double
    /// Declared on each connect, so the first batch finds its queues even when the relay
    /// starts before any worker.
    public var topology: Topology?
    var logger: Logger

    public init(
        amqpURL: String, databaseURL: String, name: String, relay: OutboxRelay = OutboxRelay(), pollInterval: Double = 1,
        topology: Topology? = nil, logger: Logger
    ) {
        self.amqpURL = amqpURL
        self.databaseURL = databaseURL
        self.name = name
        self.relay = relay
        self.pollInterval = pollInterval
        self.topology = topology
        var logger = logger
        logger[metadataKey: "relay"] = .string(name)
        self.logger = logger
    }

    /// Runs on the calling thread (not Swift's cooperative pool) until `stop` is requested.
    public func run(until stop: StopSignal) {
        var backoff = Backoff()
        var databaseReconnects = ReconnectCounter(server: "postgresql", component: "relay")
        var brokerReconnects = ReconnectCounter(server: "rabbitmq", component: "relay")
        while !stop.isRequested {
            do {
                let db = try PostgresConnection(url: databaseURL, logger: logger, applicationName: "gsan-relay")
                databaseReconnects.connected()
                try db.listen(Outbox.notifyChannel)
                let connection = try AMQPConnection(url: amqpURL, connectionName: "gsan-relay \(name)")
                brokerReconnects.connected()
                let channel = try connection.openChannel()
                try topology?.declare(on: channel)
                try channel.confirmSelect()
                backoff.reset()
                while !stop.isRequested {
                    let published = try relay.publishPending(db: db, channel: channel)
                    if published > 0 { logger.debug("jobs publicados", metadata: ["relay.count": .stringConvertible(published)]) }
                    if published >= relay.batchSize { continue }
                    _ = try db.waitForNotifications(timeout: pollInterval)
                    // Nothing to publish for a while still needs heartbeats on the broker side.
                    _ = try connection.nextDelivery(timeout: 0)
                }
                connection.close()
            } catch {
                let delay = backoff.next()
                logger.warning("relay interrompido; nova tentativa em \(delay.milliseconds) ms", metadata: ["erro": "\(error)"])
                _ = stop.sleep(delay)
            }
        }
    }
}
