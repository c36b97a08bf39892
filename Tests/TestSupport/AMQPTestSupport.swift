import AMQP
import GSANSupport

/// Runs `body` on a thread of its own with a fresh connection to the test vhost.
/// A broker that cannot be reached fails the test with the instructions to start it.
public func withTestAMQP<T: Sendable>(
    connectionName: String = "gsan-tests",
    _ body: @escaping @Sendable (AMQPConnection) throws -> T
) async throws -> T {
    let url = try TestServers.amqpURL()
    return try await onDedicatedThread(name: "amqp-test") {
        let connection: AMQPConnection
        do {
            connection = try AMQPConnection(url: url, connectionName: connectionName)
        } catch {
            throw ServerUnavailable(server: "RabbitMQ", url: url, underlying: error)
        }
        defer { connection.close() }
        return try body(connection)
    }
}
