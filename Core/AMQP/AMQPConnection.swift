internal import CRabbitMQ
import Foundation

/// One connection to RabbitMQ over rabbitmq-c.
///
/// rabbitmq-c is blocking and single-threaded per connection, so this type is not
/// `Sendable`: it belongs to the thread that created it, with its channels. That thread
/// must call into it (``nextDelivery(timeout:)``, a publish, a wait) more often than the
/// heartbeat interval: the library sends and checks heartbeats only inside its calls.
///
/// Frames are read in one place (``pump(timeout:)``). Deliveries for any channel are
/// buffered; confirms, returns, cancels and closes update the channel they belong to, so
/// a confirm wait and a consumer can share the connection without losing frames.
public final class AMQPConnection {
    public let configuration: AMQPConfiguration
    /// The broker's `server-properties` (product, version, capabilities…).
    public private(set) var serverProperties = AMQPTable()
    public var negotiatedHeartbeat: Int { Int(amqp_get_heartbeat(state)) }
    public var negotiatedFrameMax: Int { Int(amqp_get_frame_max(state)) }

    let state: amqp_connection_state_t
    let arena = CArena()
    private(set) var closedError: AMQPError?
    var channels: [UInt16: ChannelState] = [:]
    private var nextChannelID: UInt16 = 1
    private var deliveries: [Delivery] = []
    private var deliveriesHead = 0

    final class ChannelState {
        var closedError: AMQPError?
        var confirms: ConfirmTracker?
        var returnedMessageIDs: [String] = []
        var cancelledConsumers: [String] = []
    }

    /// Connects, logs in and checks the broker answered. Throws ``AMQPError`` with the
    /// reason (refused, timed out, bad credentials, unknown vhost, TLS failure).
    public init(configuration: AMQPConfiguration) throws {
        if let warning = configuration.securityWarning { AMQPSecurityWarnings.emitOnce(warning) }
        self.configuration = configuration
        guard let state = amqp_new_connection() else {
            throw AMQPError(.library, "rabbitmq-c não criou a conexão (memória)")
        }
        self.state = state
        do {
            try open()
        } catch {
            markClosed(error as? AMQPError ?? AMQPError(.connectionFailed, "\(error)"))
            throw error
        }
    }

    public convenience init(url: String, connectionName: String? = nil) throws {
        var configuration = try AMQPConfiguration(url: url)
        configuration.connectionName = connectionName
        try self.init(configuration: configuration)
    }

    deinit {
        if closedError == nil {
            _ = amqp_connection_close(state, Int32(AMQP_REPLY_SUCCESS))
            amqp_destroy_connection(state)
        }
    }

    public var isOpen: Bool { closedError == nil }

    /// The broker's version, e.g. "3.10.8".
    public var serverVersion: String { serverProperties["version"]?.stringValue ?? "?" }

    // MARK: Opening

    private func open() throws {
        let where_ = "\(configuration.host):\(configuration.port)"
        let socket: OpaquePointer?
        if let tls = configuration.tls {
            socket = amqp_ssl_socket_new(state)
            guard let socket else { throw AMQPError(.connectionFailed, "não foi possível criar o socket TLS") }
            if let ca = tls.caCertificatePath {
                let status = amqp_ssl_socket_set_cacert(socket, ca)
                guard status == AMQP_STATUS_OK.rawValue else {
                    throw AMQPError(.invalidConfiguration, "certificado da CA \(ca): \(statusText(status))", status: status)
                }
            }
            if let cert = tls.clientCertificatePath, let key = tls.clientKeyPath {
                let status = amqp_ssl_socket_set_key(socket, cert, key)
                guard status == AMQP_STATUS_OK.rawValue else {
                    throw AMQPError(
                        .invalidConfiguration, "certificado/chave do cliente \(cert), \(key): \(statusText(status))",
                        status: status)
                }
            }
            amqp_ssl_socket_set_verify_peer(socket, tls.verifyPeer ? 1 : 0)
            amqp_ssl_socket_set_verify_hostname(socket, tls.verifyHostname ? 1 : 0)
        } else {
            socket = amqp_tcp_socket_new(state)
            guard socket != nil else { throw AMQPError(.connectionFailed, "não foi possível criar o socket TCP") }
        }
        var connectTimeout = timeval(seconds: configuration.connectTimeout)
        let status = amqp_socket_open_noblock(socket, configuration.host, Int32(configuration.port), &connectTimeout)
        guard status == AMQP_STATUS_OK.rawValue else {
            var reason = statusText(status)
            if status == AMQP_STATUS_TIMEOUT.rawValue {
                reason = "tempo de conexão esgotado (\(configuration.connectTimeout) s)"
            } else if status == AMQP_STATUS_SOCKET_ERROR.rawValue {
                reason = "conexão recusada ou rede inacessível (\(reason))"
            }
            throw AMQPError(.connectionFailed, "não foi possível conectar a \(where_): \(reason)", status: status)
        }
        var handshake = timeval(seconds: configuration.connectTimeout)
        _ = amqp_set_handshake_timeout(state, &handshake)
        if let rpc = configuration.rpcTimeout {
            var rpcTimeout = timeval(seconds: rpc)
            _ = amqp_set_rpc_timeout(state, &rpcTimeout)
        }

        let reply = arena.scoped { arena -> amqp_rpc_reply_t in
            var capabilities = AMQPTable()
            capabilities["authentication_failure_close"] = true
            capabilities["consumer_cancel_notify"] = true
            capabilities["publisher_confirms"] = true
            capabilities["basic.nack"] = true
            var clientProperties: AMQPTable = ["product": "gsan", "capabilities": .table(capabilities)]
            if let name = configuration.connectionName { clientProperties["connection_name"] = .string(name) }
            var table = arena.table(clientProperties)
            return gsan_amqp_login_plain(
                state, configuration.virtualHost, Int32(configuration.channelMax), Int32(configuration.frameMax),
                Int32(configuration.heartbeat), &table, configuration.user, configuration.password)
        }
        if let error = replyError(reply, channel: 0, context: "login em \(where_) vhost '\(configuration.virtualHost)'") {
            throw AMQPError(.connectionFailed, error.message, replyCode: error.replyCode, status: error.status)
        }
        if let properties = amqp_get_server_properties(state) {
            serverProperties = decodeTable(properties.pointee)
        }
    }

    // MARK: Channels

    /// Opens a new channel on this connection. Channel numbers are never reused, so a
    /// channel the broker closed cannot be confused with its replacement.
    public func openChannel() throws -> AMQPChannel {
        try checkOpen()
        let id = nextChannelID
        nextChannelID = nextChannelID == UInt16.max ? 1 : nextChannelID + 1
        amqp_channel_open(state, id)
        try checkReply(channel: id, context: "abrir canal \(id)")
        channels[id] = ChannelState()
        return AMQPChannel(connection: self, id: id)
    }

    // MARK: Consuming

    /// The next message delivered to a consumer on any channel of this connection, or
    /// nil when `timeout` seconds pass without one (nil timeout: wait forever).
    /// Heartbeats are serviced while waiting.
    public func nextDelivery(timeout: Double?) throws -> Delivery? {
        let deadline = timeout.map { DispatchTime.now().uptimeNanoseconds + UInt64(max($0, 0) * 1e9) }
        while true {
            if let delivery = takeBufferedDelivery() { return delivery }
            var remaining: Double?
            if let deadline {
                let now = DispatchTime.now().uptimeNanoseconds
                if now >= deadline { return nil }
                remaining = Double(deadline - now) / 1e9
            }
            _ = try pump(timeout: remaining)
        }
    }

    /// Like ``nextDelivery(timeout:)``, but also returns nil as soon as `wakeDescriptor`
    /// (an eventfd or pipe another thread writes to) becomes readable; the caller drains it.
    ///
    /// This is how one thread owns the connection while others hand it work: it sleeps in
    /// `poll` on both the socket and the descriptor. Heartbeats and data rabbitmq-c or TLS
    /// already buffered are serviced at least every 200 ms, whatever `poll` says.
    public func nextDelivery(timeout: Double, wakingOn wakeDescriptor: Int32) throws -> Delivery? {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(max(timeout, 0) * 1e9)
        while true {
            if let delivery = takeBufferedDelivery() { return delivery }
            try checkOpen()
            if amqp_frames_enqueued(state) != 0 || amqp_data_in_buffer(state) != 0 {
                try pump(timeout: 0)
                continue
            }
            let now = DispatchTime.now().uptimeNanoseconds
            let remaining = now >= deadline ? 0 : Double(deadline - now) / 1e9
            var descriptors = [
                pollfd(fd: amqp_get_sockfd(state), events: Int16(POLLIN), revents: 0),
                pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&descriptors, 2, Int32(min(remaining, 0.2) * 1000))
            if ready < 0 && errno != EINTR {
                throw AMQPError(.library, "poll falhou: \(String(cString: strerror(errno)))")
            }
            // Readable socket: read a frame (waiting briefly for the rest of it). Otherwise a
            // non-blocking pump still sends a due heartbeat and drains TLS-buffered records.
            try pump(timeout: descriptors[0].revents != 0 ? 1 : 0)
            if let delivery = takeBufferedDelivery() { return delivery }
            if descriptors[1].revents != 0 || remaining == 0 { return nil }
        }
    }

    private func takeBufferedDelivery() -> Delivery? {
        guard deliveriesHead < deliveries.count else { return nil }
        let delivery = deliveries[deliveriesHead]
        deliveriesHead += 1
        if deliveriesHead == deliveries.count {
            deliveries.removeAll(keepingCapacity: true)
            deliveriesHead = 0
        }
        return delivery
    }

    // MARK: Frame pump

    /// Reads and dispatches one frame. Returns false when `timeout` passed first.
    @discardableResult
    func pump(timeout: Double?) throws -> Bool {
        try checkOpen()
        amqp_maybe_release_buffers(state)
        var frame = amqp_frame_t()
        let status: Int32
        if let timeout {
            var tv = timeval(seconds: timeout)
            status = amqp_simple_wait_frame_noblock(state, &frame, &tv)
        } else {
            status = amqp_simple_wait_frame(state, &frame)
        }
        if status == AMQP_STATUS_TIMEOUT.rawValue { return false }
        guard status == AMQP_STATUS_OK.rawValue else {
            throw markClosed(AMQPError(.connectionClosed, "conexão perdida: \(statusText(status))", status: status))
        }
        guard frame.frame_type == UInt8(AMQP_FRAME_METHOD) else { return true }  // stray content frame
        let channel = frame.channel
        let method = frame.payload.method
        switch method.id {
        case UInt32(AMQP_BASIC_DELIVER_METHOD):
            let deliver = method.decoded.assumingMemoryBound(to: amqp_basic_deliver_t.self).pointee
            let header = (
                tag: deliver.delivery_tag, redelivered: deliver.redelivered != 0, exchange: deliver.exchange.string,
                routingKey: deliver.routing_key.string, consumerTag: deliver.consumer_tag.string
            )
            let (properties, body) = try readContent(channel: channel)
            deliveries.append(
                Delivery(
                    channel: channel, deliveryTag: header.tag, redelivered: header.redelivered,
                    exchange: header.exchange, routingKey: header.routingKey, consumerTag: header.consumerTag,
                    body: body, properties: properties))
        case UInt32(AMQP_BASIC_ACK_METHOD):
            let ack = method.decoded.assumingMemoryBound(to: amqp_basic_ack_t.self).pointee
            channels[channel]?.confirms?.settle(tag: ack.delivery_tag, multiple: ack.multiple != 0, ack: true)
        case UInt32(AMQP_BASIC_NACK_METHOD):
            let nack = method.decoded.assumingMemoryBound(to: amqp_basic_nack_t.self).pointee
            channels[channel]?.confirms?.settle(tag: nack.delivery_tag, multiple: nack.multiple != 0, ack: false)
        case UInt32(AMQP_BASIC_RETURN_METHOD):
            let (properties, _) = try readContent(channel: channel)
            channels[channel]?.returnedMessageIDs.append(properties.messageId ?? "")
        case UInt32(AMQP_BASIC_CANCEL_METHOD):
            let cancel = method.decoded.assumingMemoryBound(to: amqp_basic_cancel_t.self).pointee
            channels[channel]?.cancelledConsumers.append(cancel.consumer_tag.string)
        case UInt32(AMQP_CHANNEL_CLOSE_METHOD):
            let close = method.decoded.assumingMemoryBound(to: amqp_channel_close_t.self).pointee
            var closeOK = amqp_channel_close_ok_t()
            _ = amqp_send_method(state, channel, UInt32(AMQP_CHANNEL_CLOSE_OK_METHOD), &closeOK)
            markChannelClosed(
                channel,
                AMQPError(.channelClosed, "canal \(channel) fechado pelo servidor: \(close.reply_text.string)",
                    replyCode: Int(close.reply_code)))
        case UInt32(AMQP_CONNECTION_CLOSE_METHOD):
            let close = method.decoded.assumingMemoryBound(to: amqp_connection_close_t.self).pointee
            var closeOK = amqp_connection_close_ok_t()
            _ = amqp_send_method(state, 0, UInt32(AMQP_CONNECTION_CLOSE_OK_METHOD), &closeOK)
            throw markClosed(
                AMQPError(.connectionClosed, "conexão fechada pelo servidor: \(close.reply_text.string)",
                    replyCode: Int(close.reply_code)))
        default:
            break  // channel.flow, connection.blocked…: nothing to do here
        }
        return true
    }

    private func readContent(channel: UInt16) throws -> (AMQPProperties, [UInt8]) {
        var message = amqp_message_t()
        let reply = amqp_read_message(state, channel, &message, 0)
        if let error = replyError(reply, channel: channel, context: "ler mensagem") { throw error }
        defer { amqp_destroy_message(&message) }
        return (decodeProperties(message.properties), message.body.array)
    }

    // MARK: Errors

    func checkOpen() throws {
        if let closedError { throw closedError }
    }

    /// After a synchronous method: the broker's reply, as an error if it was not OK.
    func checkReply(channel: UInt16, context: String) throws {
        if let error = replyError(amqp_get_rpc_reply(state), channel: channel, context: context) { throw error }
    }

    /// Turns an `amqp_rpc_reply_t` into an ``AMQPError`` (nil when normal), answering the
    /// broker's close with close-ok and recording what is now unusable.
    func replyError(_ reply: amqp_rpc_reply_t, channel: UInt16, context: String) -> AMQPError? {
        switch reply.reply_type {
        case AMQP_RESPONSE_NORMAL:
            return nil
        case AMQP_RESPONSE_NONE:
            return markClosed(AMQPError(.connectionClosed, "\(context): o servidor não respondeu (EOF)"))
        case AMQP_RESPONSE_LIBRARY_EXCEPTION:
            let status = reply.library_error
            if status == AMQP_STATUS_TIMEOUT.rawValue {
                // rabbitmq-c closes the connection when an RPC times out.
                return markClosed(AMQPError(.timeout, "\(context): tempo esgotado", status: status))
            }
            let kind: AMQPError.Kind = closedError == nil && channel != 0 ? .connectionClosed : .connectionFailed
            return markClosed(AMQPError(kind, "\(context): \(statusText(status))", status: status))
        case AMQP_RESPONSE_SERVER_EXCEPTION:
            switch reply.reply.id {
            case UInt32(AMQP_CHANNEL_CLOSE_METHOD):
                let close = reply.reply.decoded.assumingMemoryBound(to: amqp_channel_close_t.self).pointee
                var closeOK = amqp_channel_close_ok_t()
                _ = amqp_send_method(state, channel, UInt32(AMQP_CHANNEL_CLOSE_OK_METHOD), &closeOK)
                let error = AMQPError(
                    .channelClosed, "\(context): \(close.reply_text.string)", replyCode: Int(close.reply_code))
                markChannelClosed(channel, error)
                return error
            case UInt32(AMQP_CONNECTION_CLOSE_METHOD):
                let close = reply.reply.decoded.assumingMemoryBound(to: amqp_connection_close_t.self).pointee
                var closeOK = amqp_connection_close_ok_t()
                _ = amqp_send_method(state, 0, UInt32(AMQP_CONNECTION_CLOSE_OK_METHOD), &closeOK)
                return markClosed(
                    AMQPError(.connectionClosed, "\(context): \(close.reply_text.string)", replyCode: Int(close.reply_code)))
            default:
                return markClosed(AMQPError(.connectionClosed, "\(context): método inesperado \(reply.reply.id)"))
            }
        default:
            return markClosed(AMQPError(.library, "\(context): resposta desconhecida"))
        }
    }

    @discardableResult
    func markClosed(_ error: AMQPError) -> AMQPError {
        if closedError == nil {
            closedError = error
            amqp_destroy_connection(state)
            for state in channels.values where state.closedError == nil {
                state.closedError = error
                state.confirms?.reset()
            }
        }
        return error
    }

    func markChannelClosed(_ channel: UInt16, _ error: AMQPError) {
        guard let state = channels[channel] else { return }
        state.closedError = error
        state.confirms?.reset()
    }

    // MARK: Closing

    /// Closes the connection politely (unacked deliveries go back to their queues).
    public func close() {
        guard closedError == nil else { return }
        _ = amqp_connection_close(state, Int32(AMQP_REPLY_SUCCESS))
        markClosed(AMQPError(.connectionClosed, "conexão fechada pelo cliente"))
    }
}

@available(*, unavailable, message: "a rabbitmq-c connection belongs to one thread")
extension AMQPConnection: Sendable {}

extension timeval {
    init(seconds: Double) {
        let whole = max(seconds, 0).rounded(.down)
        self.init(tv_sec: Int(whole), tv_usec: Int((max(seconds, 0) - whole) * 1_000_000))
    }
}

/// Each insecure-TLS warning once per process, on standard error (the log of every program).
enum AMQPSecurityWarnings {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var emitted: Set<String> = []

    static func emitOnce(_ warning: String) {
        let first = lock.withLock { emitted.insert(warning).inserted }
        if first { FileHandle.standardError.write(Data((warning + "\n").utf8)) }
    }
}
