import AMQP
import ArgumentParser
import Foundation
import GSANBenchBaseline
import GSANSupport

/// Publish-with-confirms and consume-ack throughput through the Swift client, next to
/// rabbitmq-c driven directly from C, against the same broker and quorum queue shape.
struct AMQPBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "amqp", abstract: "Vazão de publicação (com confirms) e consumo (com ack) numa fila quorum.")

    @Option(help: "Mensagens por rodada.") var messages = 50_000
    @Option(help: "Tamanho do corpo em bytes.") var size = 1024
    @Option(help: "Aguardar confirms a cada N mensagens.") var batch = 1000
    @Option(help: "Prefetch do consumidor.") var prefetch: UInt16 = 200
    @Option(help: "Rodadas (mostra a mediana).") var rounds = 3
    @Flag(help: "Não medir a linha de base em C.") var noBaseline = false

    func run() async throws {
        let url = try GSANEnvironment().amqpURL
        let configuration = try AMQPConfiguration(url: url)
        print("gsan-bench amqp: \(messages) mensagens de \(size) B, confirms a cada \(batch), prefetch \(prefetch), \(rounds) rodadas")
        print("broker \(configuration.redactedURL)")
        let (messages, size, batch, prefetch, rounds, noBaseline) = (
            self.messages, self.size, self.batch, self.prefetch, self.rounds, self.noBaseline
        )
        let results = try await onDedicatedThread { () -> [String: [Double]] in
            var results: [String: [Double]] = [:]
            let admin = try AMQPConnection(configuration: configuration)
            defer { admin.close() }
            let channel = try admin.openChannel()
            for round in 0..<rounds {
                let queue = "bench.amqp.\(ProcessInfo.processInfo.processIdentifier).\(round)"
                try channel.declareQueue(queue, arguments: ["x-queue-type": "quorum"])
                defer { _ = try? channel.deleteQueue(queue) }
                // Alternate which client goes first so neither always meets a warmer broker.
                let order = round % 2 == 0 ? ["swift", "c"] : ["c", "swift"]
                for client in order where client == "swift" || !noBaseline {
                    let publish: Double
                    let drain: Double
                    if client == "swift" {
                        publish = try swiftPublish(configuration, queue, messages, size, batch)
                        drain = try swiftDrain(configuration, queue, messages, prefetch)
                    } else {
                        let c = configuration
                        publish = gsan_baseline_publish(
                            c.host, Int32(c.port), c.virtualHost, c.user, c.password, queue, Int32(messages), Int32(size),
                            Int32(batch))
                        drain = gsan_baseline_drain(
                            c.host, Int32(c.port), c.virtualHost, c.user, c.password, queue, Int32(messages), Int32(prefetch))
                    }
                    guard publish > 0, drain > 0 else { throw ValidationError("falha na rodada \(round) (\(client))") }
                    results["\(client).publish", default: []].append(Double(messages) / publish)
                    results["\(client).drain", default: []].append(Double(messages) / drain)
                    print("  rodada \(round + 1) \(client): publicação \(Int(Double(messages) / publish)) msg/s, consumo \(Int(Double(messages) / drain)) msg/s")
                }
            }
            return results
        }
        func median(_ key: String) -> Double? {
            guard let values = results[key]?.sorted(), !values.isEmpty else { return nil }
            return values[values.count / 2]
        }
        print("")
        print("mediana          publicação msg/s   consumo msg/s")
        for client in ["swift", "c"] {
            guard let p = median("\(client).publish"), let d = median("\(client).drain") else { continue }
            print("\(client.padding(toLength: 16, withPad: " ", startingAt: 0)) \(String(Int(p)).leftPad(16))   \(String(Int(d)).leftPad(13))")
        }
        if let sp = median("swift.publish"), let cp = median("c.publish"), let sd = median("swift.drain"),
            let cd = median("c.drain")
        {
            print(String(format: "custo do wrapper: publicação %+.1f %%, consumo %+.1f %%", (cp - sp) / cp * 100, (cd - sd) / cd * 100))
        }
    }
}

private func swiftPublish(_ configuration: AMQPConfiguration, _ queue: String, _ count: Int, _ size: Int, _ batch: Int) throws -> Double {
    let connection = try AMQPConnection(configuration: configuration)
    defer { connection.close() }
    let channel = try connection.openChannel()
    try channel.confirmSelect()
    let body = [UInt8](repeating: UInt8(ascii: "x"), count: size)
    let start = DispatchTime.now().uptimeNanoseconds
    var sent = 0
    while sent < count {
        let n = min(batch, count - sent)
        let messages = (sent..<sent + n).map { i in
            OutgoingMessage(
                exchange: "", routingKey: queue, body: body,
                properties: AMQPProperties(contentType: "application/octet-stream", persistent: true, messageId: "m\(i)"))
        }
        let result = try channel.publishBatch(messages, timeout: 60)
        guard result.allConfirmed else { throw ValidationError("confirms faltando: \(result.unconfirmed.count + result.nacked.count)") }
        sent += n
    }
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

private func swiftDrain(_ configuration: AMQPConfiguration, _ queue: String, _ count: Int, _ prefetch: UInt16) throws -> Double {
    let connection = try AMQPConnection(configuration: configuration)
    defer { connection.close() }
    let channel = try connection.openChannel()
    try channel.qos(prefetchCount: prefetch)
    try channel.consume(queue: queue)
    let start = DispatchTime.now().uptimeNanoseconds
    var received = 0
    while received < count {
        guard let delivery = try connection.nextDelivery(timeout: 30) else { throw ValidationError("consumo parou em \(received)") }
        try channel.ack(delivery.deliveryTag)
        received += 1
    }
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

extension String {
    func leftPad(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
