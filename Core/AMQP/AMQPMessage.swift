import Foundation

/// The basic properties of a message (AMQP 0-9-1 §4.2.6). Unset fields are nil.
public struct AMQPProperties: Sendable, Hashable {
    public var contentType: String?
    public var contentEncoding: String?
    public var headers: AMQPTable
    /// true → delivery mode 2: written to disk by the broker.
    public var persistent: Bool?
    public var priority: UInt8?
    public var correlationId: String?
    public var replyTo: String?
    public var expiration: String?
    public var messageId: String?
    /// Seconds since the epoch.
    public var timestamp: UInt64?
    public var type: String?
    public var userId: String?
    public var appId: String?

    public init(
        contentType: String? = nil, contentEncoding: String? = nil, headers: AMQPTable = [:],
        persistent: Bool? = nil, priority: UInt8? = nil, correlationId: String? = nil,
        replyTo: String? = nil, expiration: String? = nil, messageId: String? = nil,
        timestamp: UInt64? = nil, type: String? = nil, userId: String? = nil, appId: String? = nil
    ) {
        self.contentType = contentType
        self.contentEncoding = contentEncoding
        self.headers = headers
        self.persistent = persistent
        self.priority = priority
        self.correlationId = correlationId
        self.replyTo = replyTo
        self.expiration = expiration
        self.messageId = messageId
        self.timestamp = timestamp
        self.type = type
        self.userId = userId
        self.appId = appId
    }
}

/// A message to publish.
public struct OutgoingMessage: Sendable {
    public var exchange: String
    public var routingKey: String
    public var body: [UInt8]
    public var properties: AMQPProperties
    /// Ask the broker to return the message if no queue is bound for it.
    public var mandatory: Bool

    public init(
        exchange: String, routingKey: String, body: [UInt8], properties: AMQPProperties = .init(),
        mandatory: Bool = false
    ) {
        self.exchange = exchange
        self.routingKey = routingKey
        self.body = body
        self.properties = properties
        self.mandatory = mandatory
    }
}

/// A message delivered to a consumer (or fetched with `basic.get`). Everything is
/// copied out of rabbitmq-c's buffers: it outlives the frame it came in.
public struct Delivery: Sendable {
    public var channel: UInt16
    public var deliveryTag: UInt64
    public var redelivered: Bool
    public var exchange: String
    public var routingKey: String
    public var consumerTag: String
    public var body: [UInt8]
    public var properties: AMQPProperties

    /// Quorum queues count requeued deliveries here (absent on the first one).
    public var deliveryCount: Int64? { properties.headers["x-delivery-count"]?.int64Value }

    /// The dead-letter history the broker wrote, most recent first.
    public var deaths: [XDeath] {
        (properties.headers["x-death"]?.arrayValue ?? []).compactMap { $0.tableValue.map(XDeath.init) }
    }
}

/// One entry of the `x-death` header: where and why a message was dead-lettered.
public struct XDeath: Sendable, Hashable {
    public var queue: String
    public var reason: String
    public var count: Int64
    public var exchange: String
    public var routingKeys: [String]
    public var time: UInt64?

    init(_ table: AMQPTable) {
        queue = table["queue"]?.stringValue ?? ""
        reason = table["reason"]?.stringValue ?? ""
        count = table["count"]?.int64Value ?? 0
        exchange = table["exchange"]?.stringValue ?? ""
        routingKeys = table["routing-keys"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if case .timestamp(let t) = table["time"] { time = t } else { time = nil }
    }
}
