import AMQP
import Foundation
import TestSupport
import Testing

/// amqps:// against the TLS listener of `ops/up` (a local CA, a certificate for localhost).
@Suite struct AMQPTLSTests {
    static func tlsConfiguration() throws -> AMQPConfiguration {
        guard let url = GSANEnvironment().value("GSAN_TEST_AMQPS_URL") else {
            throw ConfigurationError("GSAN_TEST_AMQPS_URL não encontrado. " + TestServers.howToStart)
        }
        return try AMQPConfiguration(url: url)
    }

    @Test func verifiedTLSConnectionPublishesAndReads() async throws {
        let configuration = try Self.tlsConfiguration()
        let tls = try #require(configuration.tls)
        #expect(tls.verifyPeer && tls.verifyHostname)
        try await onDedicatedThread {
            let connection: AMQPConnection
            do { connection = try AMQPConnection(configuration: configuration) } catch {
                throw ServerUnavailable(server: "RabbitMQ (TLS)", url: configuration.redactedURL, underlying: error)
            }
            defer { connection.close() }
            try roundTrip(connection)
        }
    }

    @Test func clientCertificateIsPresentedWhenConfigured() async throws {
        var configuration = try Self.tlsConfiguration()
        let folder = try #require(configuration.tls?.caCertificatePath).replacingOccurrences(of: "/ca.pem", with: "")
        configuration.tls?.clientCertificatePath = folder + "/client.pem"
        configuration.tls?.clientKeyPath = folder + "/client.key"
        try await onDedicatedThread { [configuration] in
            let connection = try AMQPConnection(configuration: configuration)
            defer { connection.close() }
            try roundTrip(connection)
        }
    }

    @Test func untrustedCertificateIsRefusedClearly() async throws {
        var configuration = try Self.tlsConfiguration()
        configuration.tls?.caCertificatePath = nil  // the system CAs do not know the local CA
        let error = try await onDedicatedThread { [configuration] () -> AMQPError? in
            do {
                _ = try AMQPConnection(configuration: configuration)
                return nil
            } catch let error as AMQPError { return error }
        }
        let failure = try #require(error)
        #expect(failure.kind == .connectionFailed)
        #expect(failure.description.localizedCaseInsensitiveContains("ssl"), "\(failure)")
    }

    @Test func missingCAFileIsAConfigurationError() async throws {
        var configuration = try Self.tlsConfiguration()
        configuration.tls?.caCertificatePath = "/nonexistent/ca.pem"
        let error = try await onDedicatedThread { [configuration] () -> AMQPError? in
            do {
                _ = try AMQPConnection(configuration: configuration)
                return nil
            } catch let error as AMQPError { return error }
        }
        #expect(error?.kind == .invalidConfiguration)
        #expect(error?.message.contains("/nonexistent/ca.pem") == true)
    }
}

private func roundTrip(_ connection: AMQPConnection) throws {
    try withTemporaryQueues(connection, count: 1) { channel, queues in
        try channel.confirmSelect()
        let message = OutgoingMessage(exchange: "", routingKey: queues[0], body: Array("sigilo".utf8))
        #expect(try channel.publishBatch([message], timeout: 10).allConfirmed)
        let delivery = try #require(try poll { try channel.get(queue: queues[0]) })
        try channel.ack(delivery.deliveryTag)
        #expect(delivery.body == Array("sigilo".utf8))
    }
}
