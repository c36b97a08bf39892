/// What went wrong talking to the broker, in words a person can act on: the server's
/// reply code and text, or rabbitmq-c's own error string. Never a crash.
public struct AMQPError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable, Equatable {
        /// The TCP/TLS connection or the login failed (host, port, credentials, vhost).
        case connectionFailed
        /// The connection is gone: closed by the broker (code and text), the socket
        /// dropped, or a heartbeat was missed. Reconnect.
        case connectionClosed
        /// The broker closed the channel (e.g. 404 NOT_FOUND, 406 PRECONDITION_FAILED).
        /// The connection may still be usable: open a new channel.
        case channelClosed
        /// A wait (confirms, RPC) ran past its timeout.
        case timeout
        /// A URL or an argument that cannot work.
        case invalidConfiguration
        /// Any other library failure (rabbitmq-c status).
        case library
    }

    public let kind: Kind
    /// The AMQP reply code of a server close (e.g. 403, 404, 406, 530, 320).
    public let replyCode: Int?
    /// rabbitmq-c's status code for library failures.
    public let status: Int32?
    public let message: String

    public init(_ kind: Kind, _ message: String, replyCode: Int? = nil, status: Int32? = nil) {
        self.kind = kind
        self.message = message
        self.replyCode = replyCode
        self.status = status
    }

    public var description: String {
        var text = "AMQP \(kind): \(message)"
        if let replyCode { text += " (código \(replyCode))" }
        return text
    }

    /// The connection can no longer be used (as opposed to a closed channel).
    public var isConnectionLevel: Bool { kind == .connectionClosed || kind == .connectionFailed }
}
