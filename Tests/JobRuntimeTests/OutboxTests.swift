import AMQP
import Foundation
import JobRuntime
import Logging
import Postgres
import TestSupport
import Testing

private let logger = Logger(label: "gsan.tests.jobs") { _ in SwiftLogNoOpLogHandler() }
private struct Efeito: Codable, Equatable { var n: Int; var texto: String }

@Suite struct JobEnvelopeTests {
    @Test func bodyRoundTripsWithRawPayload() throws {
        let envelope = JobEnvelope(
            id: "rotas.arquivo:gf=3:ref=202611:rota=17", kind: "rotas.arquivo", family: "rotas", schemaVersion: 2,
            payloadJSON: #"{"grupo":3,"texto":"ação \"x\""}"#, attempt: 1, parentID: "pai", correlationID: "c",
            createdAt: Date(timeIntervalSince1970: 1_763_900_000), generation: 4)
        let decoded = try JobEnvelope.decode(envelope.body())
        #expect(decoded == envelope)
    }

    @Test(arguments: ["", "[]", "{\"kind\":\"x\",\"payload\":{}}", "{\"id\":\"a\",\"payload\":{}}", "{\"id\":\"a\",\"kind\":\"k\"}", "\u{FF}"])
    func malformedBodiesSayWhy(_ body: String) {
        #expect(throws: JobEnvelopeError.self) { try JobEnvelope.decode(Array(body.utf8)) }
    }
}

@Suite struct OutboxTests {
    static let kind = JobKind("exemplo.efeito", family: "exemplo")

    @Test func enqueueTwiceIsOneJobAndChildrenCountOnTheParent() async throws {
        try await withScratchDatabase(migrations: ["0010_jobs"]) { url in
            try await onDedicatedThread {
                let db = try PostgresConnection(url: url, logger: logger)
                let parent = try JobSpec(id: "pai", kind: Self.kind, payload: Efeito(n: 0, texto: "p"))
                #expect(try db.withTransaction { try Outbox.enqueue(parent, on: $0) })
                #expect(try !db.withTransaction { try Outbox.enqueue(parent, on: $0) })
                for n in 1...3 {
                    let child = try JobSpec(id: "filho-\(n)", kind: Self.kind, payload: Efeito(n: n, texto: "f"), parentID: "pai")
                    try db.withTransaction { _ = try Outbox.enqueue(child, on: $0) }
                    try db.withTransaction { _ = try Outbox.enqueue(child, on: $0) }
                }
                let row = try #require(try db.query("SELECT children_total, state FROM jobs.job WHERE id = 'pai'").first)
                let parentState = try row.decode((Int, String).self)
                #expect(parentState == (3, "pending"))
                #expect(try db.query("SELECT count(*) FROM jobs.job").first?.decode(Int.self, at: 0) == 4)

                // Rolled back with the caller's transaction: no job.
                struct Falhou: Error {}
                #expect(throws: Falhou.self) {
                    try db.withTransaction { db in
                        _ = try Outbox.enqueue(try JobSpec(id: "perdido", kind: Self.kind, payload: Efeito(n: 9, texto: "")), on: db)
                        throw Falhou()
                    }
                }
                #expect(try db.query("SELECT count(*) FROM jobs.job WHERE id = 'perdido'").first?.decode(Int.self, at: 0) == 0)
            }
        }
    }

    @Test func twoRelaysAtOncePublishEveryJobAndMarkThemPublished() async throws {
        let family = "t" + UUID().uuidString.prefix(8).lowercased()
        let kind = JobKind("exemplo.efeito", family: family)
        let amqpURL = try TestServers.amqpURL()
        try await withScratchDatabase(migrations: ["0010_jobs"]) { url in
            let total = 2_000
            try await onDedicatedThread {
                let db = try PostgresConnection(url: url, logger: logger)
                try db.withTransaction { db in
                    for n in 0..<total {
                        _ = try Outbox.enqueue(try JobSpec(id: "j\(n)", kind: kind, payload: Efeito(n: n, texto: "x")), on: db)
                    }
                }
                let setup = try AMQPConnection(url: amqpURL)
                let channel = try setup.openChannel()
                try Topology(families: [family], retryDelays: [500]).declare(on: channel)
            }
            // Two relays, each its own connections and thread, racing over the same rows.
            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        try await onDedicatedThread {
                            let db = try PostgresConnection(url: url, logger: logger)
                            let amqp = try AMQPConnection(url: amqpURL)
                            let channel = try amqp.openChannel()
                            try channel.confirmSelect()
                            let relay = OutboxRelay(batchSize: 100)
                            var published = 0
                            while true {
                                let n = try relay.publishPending(db: db, channel: channel)
                                if n == 0 { break }
                                published += n
                            }
                            amqp.close()
                            return published
                        }
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(counts.reduce(0, +) == total, "\(counts)")
            try await onDedicatedThread {
                let db = try PostgresConnection(url: url, logger: logger)
                let states = try db.query("SELECT state, count(*) FROM jobs.job GROUP BY state")
                #expect(states.count == 1)
                let only = try #require(try states.first?.decode((String, Int).self))
                #expect(only == ("published", total))
                let amqp = try AMQPConnection(url: amqpURL)
                let channel = try amqp.openChannel()
                let queue = Topology.workQueue(family)
                var ids = Set<String>()
                var messages = 0
                while let delivery = try channel.get(queue: queue) {
                    messages += 1
                    ids.insert(delivery.properties.messageId ?? "")
                    #expect(delivery.properties.persistent == true)
                    try channel.ack(delivery.deliveryTag)
                }
                #expect(ids == Set((0..<total).map { "j\($0)" }))
                #expect(messages >= total)  // duplicates on the wire are allowed, losses are not
                for queue in Topology(families: [family], retryDelays: [500]).queues { _ = try channel.deleteQueue(queue.name) }
                amqp.close()
            }
        }
    }
}
