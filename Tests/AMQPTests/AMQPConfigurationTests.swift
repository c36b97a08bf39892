import Testing

@testable import AMQP

@Suite struct AMQPConfigurationTests {
    @Test func parsesFullURL() throws {
        let c = try AMQPConfiguration(url: "amqp://gsan:s%40cr%3At@rabbit.local:5680/gsan?heartbeat=15&frame_max=8192")
        #expect(c.host == "rabbit.local")
        #expect(c.port == 5680)
        #expect(c.user == "gsan")
        #expect(c.password == "s@cr:t")
        #expect(c.virtualHost == "gsan")
        #expect(c.heartbeat == 15)
        #expect(c.frameMax == 8192)
        #expect(c.tls == nil)
        #expect(c.redactedURL == "amqp://gsan:***@rabbit.local:5680/gsan")
    }

    @Test func defaultsAndEncodedRootVhost() throws {
        let plain = try AMQPConfiguration(url: "amqp://localhost")
        #expect(plain.port == 5672)
        #expect(plain.virtualHost == "/")
        #expect(plain.user == "guest")
        let root = try AMQPConfiguration(url: "amqp://u:p@h/%2F")
        #expect(root.virtualHost == "/")
    }

    @Test func tlsURL() throws {
        let c = try AMQPConfiguration(
            url: "amqps://u:p@h/v?cacertfile=/etc/ca.pem&certfile=/c.pem&keyfile=/k.pem&verify=verify_none")
        #expect(c.port == 5671)
        let tls = try #require(c.tls)
        #expect(tls.caCertificatePath == "/etc/ca.pem")
        #expect(tls.clientCertificatePath == "/c.pem")
        #expect(tls.clientKeyPath == "/k.pem")
        #expect(!tls.verifyPeer)
        #expect(!tls.verifyHostname)
        let verified = try #require(try AMQPConfiguration(url: "amqps://u:p@h/v").tls)
        #expect(verified.verifyPeer && verified.verifyHostname)
    }

    @Test(arguments: [
        "http://h/", "amqp://h:99999/", "amqp://h:abc/", "amqp://:5672/", "amqp://h/?heartbeat=-1",
        "amqp://h/?nope=1", "amqp://h/%zz", "amqp://h/?frame_max=10",
    ])
    func rejectsBadURL(_ url: String) {
        #expect(throws: AMQPError.self) { try AMQPConfiguration(url: url) }
    }
}

@Suite struct ConfirmTrackerTests {
    @Test func multipleAckSettlesEverythingUpToTag() {
        var tracker = ConfirmTracker()
        let sequences = (0..<10).map { _ in tracker.published() }
        #expect(sequences == Array(1...10))
        tracker.settle(tag: 6, multiple: true, ack: true)
        #expect(tracker.outstandingCount == 4)
        #expect(tracker.take(6) == .acked)
        #expect(tracker.take(7) == .outstanding)
        tracker.settle(tag: 10, multiple: true, ack: true)
        #expect(tracker.allSettled)
    }

    @Test func outOfOrderSingleAcksAndNacks() {
        var tracker = ConfirmTracker()
        for _ in 0..<5 { _ = tracker.published() }
        tracker.settle(tag: 3, multiple: false, ack: false)
        tracker.settle(tag: 5, multiple: false, ack: true)
        #expect(tracker.outstandingCount == 3)
        #expect(tracker.take(3) == .nacked)
        #expect(tracker.take(5) == .acked)
        #expect(tracker.take(1) == .outstanding)
        tracker.settle(tag: 1, multiple: false, ack: true)
        tracker.settle(tag: 2, multiple: false, ack: true)
        #expect(tracker.outstandingCount == 1)
        tracker.settle(tag: 4, multiple: true, ack: false)
        #expect(tracker.allSettled)
        #expect(tracker.take(4) == .nacked)
        #expect(tracker.take(4) == .acked)  // a nack is reported once
    }

    @Test func duplicateAndUnknownTagsAreIgnored() {
        var tracker = ConfirmTracker()
        for _ in 0..<3 { _ = tracker.published() }
        tracker.settle(tag: 2, multiple: false, ack: true)
        tracker.settle(tag: 2, multiple: false, ack: true)
        tracker.settle(tag: 99, multiple: false, ack: true)
        #expect(tracker.outstandingCount == 2)
    }
}
