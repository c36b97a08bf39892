internal import CRabbitMQ
import Foundation

/// A channel of an ``AMQPConnection``: declares, publishes, consumes, acks.
///
/// Like its connection it belongs to one thread. After the broker closes it (an error
/// such as 404 or 406), every call throws ``AMQPError/Kind/channelClosed``; open another.
public final class AMQPChannel {
    public let connection: AMQPConnection
    public let id: UInt16

    init(connection: AMQPConnection, id: UInt16) {
        self.connection = connection
        self.id = id
    }

    private var state: amqp_connection_state_t { connection.state }
    private var channelState: AMQPConnection.ChannelState { connection.channels[id]! }

    public var isOpen: Bool { connection.isOpen && channelState.closedError == nil }

    private func checkOpen() throws {
        try connection.checkOpen()
        if let error = channelState.closedError { throw error }
    }

    /// Runs a synchronous method and checks the broker's reply.
    private func rpc<T>(_ context: String, _ call: (CArena) -> T) throws -> T {
        try checkOpen()
        let result = connection.arena.scoped(call)
        try connection.checkReply(channel: id, context: context)
        return result
    }

    // MARK: Topology

    public enum ExchangeType: String, Sendable { case direct, fanout, topic, headers }

    public func declareExchange(
        _ name: String, type: ExchangeType, durable: Bool = true, autoDelete: Bool = false, isInternal: Bool = false,
        arguments: AMQPTable = [:]
    ) throws {
        _ = try rpc("declarar exchange '\(name)'") { arena in
            amqp_exchange_declare(
                state, id, arena.bytes(name), arena.bytes(type.rawValue), 0, durable ? 1 : 0, autoDelete ? 1 : 0,
                isInternal ? 1 : 0, arena.table(arguments))
        }
    }

    public struct QueueInfo: Sendable, Hashable {
        public var name: String
        public var messageCount: Int
        public var consumerCount: Int
    }

    /// Declares a queue (or, `passive`, checks it exists and reads its counts).
    /// Redeclaring with other arguments is a 406 channel error from the broker.
    @discardableResult
    public func declareQueue(
        _ name: String, passive: Bool = false, durable: Bool = true, exclusive: Bool = false,
        autoDelete: Bool = false, arguments: AMQPTable = [:]
    ) throws -> QueueInfo {
        let ok = try rpc("declarar fila '\(name)'") { arena in
            amqp_queue_declare(
                state, id, arena.bytes(name), passive ? 1 : 0, durable ? 1 : 0, exclusive ? 1 : 0, autoDelete ? 1 : 0,
                arena.table(arguments)
            ).map { (name: $0.pointee.queue.string, messages: $0.pointee.message_count, consumers: $0.pointee.consumer_count) }
        }
        guard let ok else { throw AMQPError(.library, "declarar fila '\(name)': resposta vazia") }
        return QueueInfo(name: ok.name, messageCount: Int(ok.messages), consumerCount: Int(ok.consumers))
    }

    public func bindQueue(_ queue: String, exchange: String, routingKey: String, arguments: AMQPTable = [:]) throws {
        _ = try rpc("ligar fila '\(queue)' a '\(exchange)' (\(routingKey))") { arena in
            amqp_queue_bind(
                state, id, arena.bytes(queue), arena.bytes(exchange), arena.bytes(routingKey), arena.table(arguments))
        }
    }

    /// Removes all ready messages; returns how many.
    @discardableResult
    public func purgeQueue(_ queue: String) throws -> Int {
        let count = try rpc("esvaziar fila '\(queue)'") { arena in
            amqp_queue_purge(state, id, arena.bytes(queue))?.pointee.message_count
        }
        return Int(count ?? 0)
    }

    @discardableResult
    public func deleteQueue(_ queue: String) throws -> Int {
        let count = try rpc("apagar fila '\(queue)'") { arena in
            amqp_queue_delete(state, id, arena.bytes(queue), 0, 0)?.pointee.message_count
        }
        return Int(count ?? 0)
    }

    public func deleteExchange(_ exchange: String) throws {
        _ = try rpc("apagar exchange '\(exchange)'") { arena in
            amqp_exchange_delete(state, id, arena.bytes(exchange), 0)
        }
    }

    // MARK: Publishing

    /// Puts the channel in confirm mode: the broker acks each message once it owns it
    /// (for a quorum queue: once a quorum of replicas has it).
    public func confirmSelect() throws {
        _ = try rpc("confirm.select") { _ in amqp_confirm_select(state, id) }
        channelState.confirms = ConfirmTracker()
    }

    /// Sends one message. In confirm mode returns its sequence number (else 0). The
    /// return only means the bytes left; broker errors arrive later as a channel close.
    @discardableResult
    public func publish(_ message: OutgoingMessage) throws -> UInt64 {
        try checkOpen()
        let status = connection.arena.scoped { arena -> Int32 in
            var properties = arena.properties(message.properties)
            return message.body.withUnsafeBytes { body in
                amqp_basic_publish(
                    state, id, arena.bytes(message.exchange), arena.bytes(message.routingKey),
                    message.mandatory ? 1 : 0, 0, &properties,
                    amqp_bytes_t(len: body.count, bytes: UnsafeMutableRawPointer(mutating: body.baseAddress)))
            }
        }
        guard status == AMQP_STATUS_OK.rawValue else {
            throw connection.markClosed(
                AMQPError(.connectionClosed, "publicar em '\(message.exchange)': \(statusText(status))", status: status))
        }
        return channelState.confirms?.published() ?? 0
    }

    /// The outcome of ``publishBatch(_:timeout:)``, by index into the batch.
    public struct BatchResult: Sendable {
        public var confirmed: [Int] = []
        public var nacked: [Int] = []
        public var unconfirmed: [Int] = []
        /// Returned as unroutable (`mandatory`); the broker confirms these too.
        public var returned: [Int] = []
        public var allConfirmed: Bool { nacked.isEmpty && unconfirmed.isEmpty && returned.isEmpty }
    }

    /// Publishes every message, then waits up to `timeout` seconds for all confirms and
    /// says which were acked, nacked, returned or left unconfirmed. Requires
    /// ``confirmSelect()``. A channel the broker closes meanwhile throws.
    public func publishBatch(_ messages: [OutgoingMessage], timeout: Double) throws -> BatchResult {
        guard channelState.confirms != nil else {
            throw AMQPError(.invalidConfiguration, "publishBatch exige confirm.select no canal")
        }
        let returnedBefore = channelState.returnedMessageIDs.count
        var sequences: [UInt64] = []
        sequences.reserveCapacity(messages.count)
        for message in messages { sequences.append(try publish(message)) }
        try waitForConfirms(timeout: timeout)
        var result = BatchResult()
        let returned = Set(channelState.returnedMessageIDs[returnedBefore...])
        channelState.returnedMessageIDs.removeSubrange(returnedBefore...)
        for (index, sequence) in sequences.enumerated() {
            switch channelState.confirms!.take(sequence) {
            case .acked:
                if messages[index].mandatory, let id = messages[index].properties.messageId, returned.contains(id) {
                    result.returned.append(index)
                } else {
                    result.confirmed.append(index)
                }
            case .nacked: result.nacked.append(index)
            case .outstanding: result.unconfirmed.append(index)
            }
        }
        return result
    }

    /// Waits until every published message is confirmed or `timeout` seconds pass.
    /// Returns true when none is outstanding.
    @discardableResult
    public func waitForConfirms(timeout: Double) throws -> Bool {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(max(timeout, 0) * 1e9)
        while true {
            try checkOpen()
            guard let confirms = channelState.confirms else {
                throw AMQPError(.invalidConfiguration, "waitForConfirms exige confirm.select no canal")
            }
            if confirms.allSettled { return true }
            let now = DispatchTime.now().uptimeNanoseconds
            if now >= deadline { return false }
            try connection.pump(timeout: Double(deadline - now) / 1e9)
        }
    }

    // MARK: Consuming

    /// `basic.qos`: at most `prefetchCount` unacked deliveries per consumer on this channel.
    public func qos(prefetchCount: UInt16) throws {
        _ = try rpc("basic.qos") { _ in amqp_basic_qos(state, id, 0, prefetchCount, 0) }
    }

    /// Starts a consumer with manual acks; deliveries come from
    /// ``AMQPConnection/nextDelivery(timeout:)``. Returns the consumer tag.
    @discardableResult
    public func consume(
        queue: String, consumerTag: String = "", exclusive: Bool = false, arguments: AMQPTable = [:]
    ) throws -> String {
        let tag = try rpc("consumir fila '\(queue)'") { arena in
            amqp_basic_consume(
                state, id, arena.bytes(queue), arena.bytes(consumerTag), 0, 0, exclusive ? 1 : 0,
                arena.table(arguments)
            )?.pointee.consumer_tag.string
        }
        return tag ?? consumerTag
    }

    /// Stops a consumer; deliveries already buffered still arrive and must be settled.
    public func cancel(consumerTag: String) throws {
        _ = try rpc("cancelar consumidor '\(consumerTag)'") { arena in
            amqp_basic_cancel(state, id, arena.bytes(consumerTag))
        }
    }

    /// Consumers the broker cancelled (their queue was deleted, a node went down).
    public var cancelledConsumers: [String] { channelState.cancelledConsumers }

    /// `basic.get` with manual ack: one message or nil when the queue is empty.
    public func get(queue: String) throws -> Delivery? {
        let reply = try {
            try checkOpen()
            return connection.arena.scoped { arena in amqp_basic_get(state, id, arena.bytes(queue), 0) }
        }()
        if let error = connection.replyError(reply, channel: id, context: "basic.get '\(queue)'") { throw error }
        guard reply.reply.id == UInt32(AMQP_BASIC_GET_OK_METHOD) else { return nil }
        let ok = reply.reply.decoded.assumingMemoryBound(to: amqp_basic_get_ok_t.self).pointee
        let header = (tag: ok.delivery_tag, redelivered: ok.redelivered != 0, exchange: ok.exchange.string, key: ok.routing_key.string)
        var message = amqp_message_t()
        let read = amqp_read_message(state, id, &message, 0)
        if let error = connection.replyError(read, channel: id, context: "ler mensagem de '\(queue)'") { throw error }
        defer { amqp_destroy_message(&message) }
        return Delivery(
            channel: id, deliveryTag: header.tag, redelivered: header.redelivered, exchange: header.exchange,
            routingKey: header.key, consumerTag: "", body: message.body.array,
            properties: decodeProperties(message.properties))
    }

    /// Settles a delivery: done, the broker forgets it.
    public func ack(_ deliveryTag: UInt64, multiple: Bool = false) throws {
        try settle("ack") { amqp_basic_ack(state, id, deliveryTag, multiple ? 1 : 0) }
    }

    /// Rejects: back to the queue (`requeue`), or to the dead-letter exchange.
    public func nack(_ deliveryTag: UInt64, multiple: Bool = false, requeue: Bool) throws {
        try settle("nack") { amqp_basic_nack(state, id, deliveryTag, multiple ? 1 : 0, requeue ? 1 : 0) }
    }

    public func reject(_ deliveryTag: UInt64, requeue: Bool) throws {
        try settle("reject") { amqp_basic_reject(state, id, deliveryTag, requeue ? 1 : 0) }
    }

    private func settle(_ what: String, _ call: () -> Int32) throws {
        try checkOpen()
        let status = call()
        guard status == AMQP_STATUS_OK.rawValue else {
            throw connection.markClosed(AMQPError(.connectionClosed, "\(what): \(statusText(status))", status: status))
        }
    }

    /// Closes the channel; its unacked deliveries go back to their queues.
    public func close() {
        guard isOpen else { return }
        _ = amqp_channel_close(state, id, Int32(AMQP_REPLY_SUCCESS))
        connection.markChannelClosed(id, AMQPError(.channelClosed, "canal \(id) fechado pelo cliente"))
    }
}

@available(*, unavailable, message: "a rabbitmq-c channel belongs to its connection's thread")
extension AMQPChannel: Sendable {}
