import AMQP
import Foundation
import TestSupport
import Testing

/// Against the real broker of `ops/up` (vhost `gsan_test`); each test uses queues of its own.
@Suite struct AMQPBrokerTests {
    @Test func thousandPersistentMessagesWithConfirmsNoneLostNoneDuplicated() async throws {
        try await withTestAMQP { connection in
            try withTemporaryQueues(connection, count: 1, arguments: ["x-queue-type": "quorum"]) { channel, queues in
                let queue = queues[0]
                try channel.confirmSelect()
                let messages = (0..<1000).map { i in
                    OutgoingMessage(
                        exchange: "", routingKey: queue, body: Array(repeating: UInt8(i % 251), count: 1024),
                        properties: AMQPProperties(persistent: true, messageId: "m\(i)"))
                }
                let result = try channel.publishBatch(messages, timeout: 30)
                #expect(result.allConfirmed)
                #expect(result.confirmed.count == 1000)

                let consumer = try connection.openChannel()
                try consumer.qos(prefetchCount: 100)
                try consumer.consume(queue: queue)
                var seen: [String: Int] = [:]
                while seen.values.reduce(0, +) < 1000, let delivery = try connection.nextDelivery(timeout: 10) {
                    #expect(delivery.properties.persistent == true)
                    #expect(delivery.body.count == 1024)
                    seen[delivery.properties.messageId ?? "?", default: 0] += 1
                    try consumer.ack(delivery.deliveryTag)
                }
                let extra = try connection.nextDelivery(timeout: 0.5)
                #expect(extra?.properties.messageId == nil, "nothing beyond the 1,000")
                #expect(Set(seen.keys) == Set((0..<1000).map { "m\($0)" }))
                #expect(seen.values.allSatisfy { $0 == 1 })
                consumer.close()
                #expect(try channel.declareQueue(queue, passive: true).messageCount == 0)
            }
        }
    }

    @Test func nackWithoutRequeueReachesTheDeadLetterQueueWithXDeath() async throws {
        try await withTestAMQP { connection in
            try withDeadLetterPair(connection) { channel, workQueue, deadQueue in
                try channel.confirmSelect()
                let message = OutgoingMessage(
                    exchange: "", routingKey: workQueue, body: Array("corte".utf8),
                    properties: AMQPProperties(
                        contentType: "application/json", headers: ["tentativa": .int32(1)], persistent: true,
                        correlationId: "c-1", messageId: "job-1", timestamp: 1_700_000_000))
                #expect(try channel.publishBatch([message], timeout: 10).allConfirmed)
                let delivery = try #require(try channel.get(queue: workQueue))
                try channel.nack(delivery.deliveryTag, requeue: false)
                let dead = try #require(try poll { try channel.get(queue: deadQueue) })
                try channel.ack(dead.deliveryTag)
                #expect(dead.body == Array("corte".utf8))
                #expect(dead.properties.messageId == "job-1")
                #expect(dead.properties.correlationId == "c-1")
                #expect(dead.properties.timestamp == 1_700_000_000)
                #expect(dead.properties.headers["tentativa"] == .int32(1))
                let death = try #require(dead.deaths.first)
                #expect(death.reason == "rejected")
                #expect(death.queue == workQueue)
                #expect(death.count == 1)
            }
        }
    }

    @Test func quorumDeliveryLimitCountsRedeliveriesThenDeadLetters() async throws {
        try await withTestAMQP { connection in
            let limits: AMQPTable = [
                "x-delivery-limit": 2, "x-dead-letter-strategy": "at-least-once", "x-overflow": "reject-publish",
            ]
            try withDeadLetterPair(connection, arguments: limits) { channel, workQueue, deadQueue in
                try channel.confirmSelect()
                let message = OutgoingMessage(
                    exchange: "", routingKey: workQueue, body: [1], properties: AMQPProperties(persistent: true, messageId: "p"))
                #expect(try channel.publishBatch([message], timeout: 10).allConfirmed)
                var counts: [Int64?] = []
                var redelivered: [Bool] = []
                while let delivery = try poll(seconds: 2, { try channel.get(queue: workQueue) }) {
                    counts.append(delivery.deliveryCount)
                    redelivered.append(delivery.redelivered)
                    try channel.nack(delivery.deliveryTag, requeue: true)
                }
                // The first delivery carries no count (consume) or 0 (basic.get).
                #expect(counts.map { $0 ?? 0 } == [0, 1, 2])
                #expect(redelivered == [false, true, true])
                let dead = try #require(try poll { try channel.get(queue: deadQueue) })
                try channel.ack(dead.deliveryTag)
                #expect(dead.properties.headers["x-first-death-reason"]?.stringValue == "delivery_limit")
            }
        }
    }

    @Test func bodyLargerThanTheFrameAndBinaryBodiesRoundTrip() async throws {
        let url = try withQuery(TestServers.amqpURL(), "frame_max=4096")
        let bigBody = (0..<1_000_003).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }
        let allBytes = (0...255).map { UInt8($0) } + [0xFF, 0xFE, 0x00, 0xC3, 0x28]
        try await onDedicatedThread {
            let connection = try AMQPConnection(url: url)
            defer { connection.close() }
            #expect(connection.negotiatedFrameMax == 4096)
            try withTemporaryQueues(connection, count: 1, arguments: ["x-queue-type": "quorum"]) { channel, queues in
                try channel.confirmSelect()
                let messages = [bigBody, allBytes, []].map {
                    OutgoingMessage(exchange: "", routingKey: queues[0], body: $0, properties: .init(persistent: true))
                }
                #expect(try channel.publishBatch(messages, timeout: 30).allConfirmed)
                try channel.consume(queue: queues[0])
                var received: [[UInt8]] = []
                while received.count < 3, let delivery = try connection.nextDelivery(timeout: 10) {
                    received.append(delivery.body)
                    try channel.ack(delivery.deliveryTag)
                }
                #expect(received.count == 3)
                #expect(received.first == bigBody)
                #expect(received.dropFirst().first == allBytes)
                #expect(received.last == [])
            }
        }
    }

    @Test func headersOfEveryKindRoundTrip() async throws {
        let headers: AMQPTable = [
            "bool": true, "i32": .int32(-7), "i64": .int64(Int64.max), "double": .double(2.5), "text": "ação",
            "bytes": .bytes([0, 255, 128]), "time": .timestamp(1_763_900_000), "decimal": .decimal(scale: 2, value: 12345),
            "nested": .table(["a": .array(["x", .int64(1), .table(["deep": false])])]), "void": .void,
        ]
        try await withTestAMQP { connection in
            try withTemporaryQueues(connection, count: 1) { channel, queues in
                try channel.confirmSelect()
                let message = OutgoingMessage(
                    exchange: "", routingKey: queues[0], body: [],
                    properties: AMQPProperties(
                        contentType: "text/plain", contentEncoding: "gzip", headers: headers, priority: 3,
                        replyTo: "r", expiration: "60000", type: "tipo", appId: "gsan-test"))
                #expect(try channel.publishBatch([message], timeout: 10).allConfirmed)
                let delivery = try #require(try poll { try channel.get(queue: queues[0]) })
                try channel.ack(delivery.deliveryTag)
                #expect(delivery.properties.headers == headers)
                #expect(delivery.properties.contentType == "text/plain")
                #expect(delivery.properties.contentEncoding == "gzip")
                #expect(delivery.properties.priority == 3)
                #expect(delivery.properties.replyTo == "r")
                #expect(delivery.properties.expiration == "60000")
                #expect(delivery.properties.type == "tipo")
                #expect(delivery.properties.appId == "gsan-test")
            }
        }
    }

    @Test func unroutableMandatoryMessageIsReportedAsReturned() async throws {
        try await withTestAMQP { connection in
            try withTemporaryQueues(connection, count: 1) { channel, queues in
                try channel.confirmSelect()
                let routable = OutgoingMessage(
                    exchange: "", routingKey: queues[0], body: [1], properties: .init(messageId: "ok"), mandatory: true)
                let lost = OutgoingMessage(
                    exchange: "", routingKey: TestServers.uniqueName("nowhere"), body: [2],
                    properties: .init(messageId: "perdida"), mandatory: true)
                let result = try channel.publishBatch([routable, lost, routable], timeout: 10)
                #expect(result.confirmed == [0, 2])
                #expect(result.returned == [1])
                #expect(!result.allConfirmed)
            }
        }
    }

    @Test func serverChannelErrorsAreReportedAndTheConnectionSurvives() async throws {
        try await withTestAMQP { connection in
            let channel = try connection.openChannel()
            try channel.confirmSelect()
            try channel.publish(
                OutgoingMessage(exchange: TestServers.uniqueName("no.such.exchange"), routingKey: "x", body: [1]))
            let error = try #require(throws: AMQPError.self) { try channel.waitForConfirms(timeout: 10) }
            #expect(error.kind == .channelClosed)
            #expect(error.replyCode == 404)
            #expect(error.message.contains("NOT_FOUND"))
            #expect(!channel.isOpen)
            let again = try #require(throws: AMQPError.self) { try channel.qos(prefetchCount: 1) }
            #expect(again.kind == .channelClosed)

            // Redeclaring with other arguments: 406, on a fresh channel of the same connection.
            try withTemporaryQueues(connection, count: 1, arguments: ["x-queue-type": "quorum"]) { other, queues in
                let inequivalent = try #require(throws: AMQPError.self) {
                    try other.declareQueue(queues[0], arguments: ["x-queue-type": "classic"])
                }
                #expect(inequivalent.kind == .channelClosed)
                #expect(inequivalent.replyCode == 406)
            }
            #expect(connection.isOpen)
        }
    }

    @Test func wrongPasswordHostAndVhostGiveClearErrorsWithinTheTimeout() async throws {
        let base = try AMQPConfiguration(url: try TestServers.amqpURL())
        var badPassword = base
        badPassword.password = "not-the-password"
        var badVhost = base
        badVhost.virtualHost = "vhost-que-nao-existe"
        var refused = base
        refused.port = 1
        // A port that accepts TCP but never speaks AMQP: the handshake must time out.
        let silent = try SilentListener()
        var mute = base
        mute.port = silent.port
        mute.connectTimeout = 1.5
        var unknownName = base
        unknownName.host = "host-inexistente.invalid"

        let cases: [(AMQPConfiguration, String)] = [
            (badPassword, "ACCESS_REFUSED"), (badVhost, "vhost-que-nao-existe"), (refused, "127.0.0.1:1"),
            (mute, "tempo esgotado"), (unknownName, "host-inexistente.invalid"),
        ]
        for (configuration, expected) in cases {
            let started = Date()
            let error = try await onDedicatedThread { () -> AMQPError? in
                do {
                    _ = try AMQPConnection(configuration: configuration)
                    return nil
                } catch let error as AMQPError {
                    return error
                }
            }
            let elapsed = Date().timeIntervalSince(started)
            let failure = try #require(error, "connecting with \(configuration.redactedURL) must fail")
            #expect(failure.kind == .connectionFailed)
            #expect(failure.description.contains(expected), "\(failure)")
            #expect(!failure.description.contains("not-the-password"))
            // Bounded, not precise: without the timeout the silent listener would hold the
            // connect forever. The unknown name is left out of the bound: its time is the
            // system resolver's (getaddrinfo, before any connect), which the connect timeout does
            // not govern and which took 47 to 181 s on a loaded machine with no DNS.
            if configuration.host != unknownName.host {
                // 120 s: the whole suite runs beside this test, and under that load the refused
                // and mute cases took up to 35 s (CI run on cc208f9) — still far from "never".
                #expect(elapsed < 120, "gave up after \(elapsed) s")
            }
        }
        withExtendedLifetime(silent) {}
    }

    @Test func heartbeatsKeepAnIdleWaitingConnectionAliveAndASilentOneIsReportedClosed() async throws {
        let url = try withQuery(TestServers.amqpURL(), "heartbeat=1")
        try await onDedicatedThread {
            let connection = try AMQPConnection(url: url)
            defer { connection.close() }
            #expect(connection.negotiatedHeartbeat == 1)
            try withTemporaryQueues(connection, count: 1) { channel, queues in
                try channel.consume(queue: queues[0])
                // Waiting inside the library for 4 heartbeat intervals: heartbeats flow.
                let none = try connection.nextDelivery(timeout: 4)
                #expect(none == nil)
                #expect(connection.isOpen)
                try channel.confirmSelect()
                try channel.publish(OutgoingMessage(exchange: "", routingKey: queues[0], body: [7]))
                #expect(try channel.waitForConfirms(timeout: 5))
                let delivery = try #require(try connection.nextDelivery(timeout: 5))
                try channel.ack(delivery.deliveryTag)

                // Silent for several intervals (a job blocking the owner thread): the broker
                // drops the connection, and the next call says so instead of crashing.
                Thread.sleep(forTimeInterval: 6)
                let error = try #require(throws: AMQPError.self) {
                    try channel.publish(OutgoingMessage(exchange: "", routingKey: queues[0], body: [8]))
                    _ = try channel.waitForConfirms(timeout: 5)
                }
                #expect(error.kind == .connectionClosed)
                #expect(!connection.isOpen)
            }
        }
    }
}

/// A quorum work queue whose dead letters reach, through a fanout exchange of its own,
/// a queue of its own; both removed afterwards.
func withDeadLetterPair(
    _ connection: AMQPConnection, arguments extra: AMQPTable = [:],
    _ body: (_ channel: AMQPChannel, _ workQueue: String, _ deadQueue: String) throws -> Void
) throws {
    let channel = try connection.openChannel()
    let dlx = TestServers.uniqueName("t.dlx")
    try channel.declareExchange(dlx, type: .fanout, durable: false, autoDelete: true)
    defer { if channel.isOpen { try? channel.deleteExchange(dlx) } }
    try withTemporaryQueues(connection, count: 1) { _, dead in
        try channel.bindQueue(dead[0], exchange: dlx, routingKey: "")
        var arguments = extra
        arguments["x-queue-type"] = "quorum"
        arguments["x-dead-letter-exchange"] = .string(dlx)
        try withTemporaryQueues(connection, count: 1, arguments: arguments) { _, work in
            try body(channel, work[0], dead[0])
        }
    }
}

/// Declares `count` queues of unique names on a fresh channel, runs `body`, then deletes
/// them on another fresh channel (the first may have been closed by a broker error).
func withTemporaryQueues(
    _ connection: AMQPConnection, count: Int, arguments: AMQPTable = [:],
    _ body: (AMQPChannel, [String]) throws -> Void
) throws {
    let channel = try connection.openChannel()
    let names = (0..<count).map { _ in TestServers.uniqueName("t.q") }
    for name in names { try channel.declareQueue(name, arguments: arguments) }
    defer {
        if connection.isOpen, let cleanup = try? connection.openChannel() {
            for name in names { _ = try? cleanup.deleteQueue(name) }
            cleanup.close()
        } else if let fresh = try? AMQPConnection(configuration: connection.configuration) {
            let cleanup = try? fresh.openChannel()
            for name in names { _ = try? cleanup?.deleteQueue(name) }
            fresh.close()
        }
    }
    try body(channel, names)
}

/// Retries `fetch` until it yields a value or `seconds` pass (dead-lettering is asynchronous).
func poll<T>(seconds: Double = 10, _ fetch: () throws -> T?) throws -> T? {
    let deadline = Date().addingTimeInterval(seconds)
    repeat {
        if let value = try fetch() { return value }
        Thread.sleep(forTimeInterval: 0.02)
    } while Date() < deadline
    return nil
}

func withQuery(_ url: String, _ parameter: String) -> String {
    url + (url.contains("?") ? "&" : "?") + parameter
}

/// A loopback TCP port whose connections the kernel accepts and nobody answers.
final class SilentListener: Sendable {
    let fd: Int32
    let port: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0, listen(fd, 8) == 0 else { throw POSIXError(.EADDRINUSE) }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.fd = fd
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(fd) }
}
