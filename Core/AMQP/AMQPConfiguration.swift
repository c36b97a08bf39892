/// How to reach the broker. Built from a URL (`amqp://user:pass@host:port/vhost`,
/// `amqps://…` for TLS) with RabbitMQ's URI query parameters, or field by field.
public struct AMQPConfiguration: Sendable {
    public struct TLS: Sendable, Hashable {
        /// PEM file of the CA that signed the broker's certificate.
        public var caCertificatePath: String?
        /// PEM client certificate and key, for brokers that require one.
        public var clientCertificatePath: String?
        public var clientKeyPath: String?
        public var verifyPeer: Bool
        public var verifyHostname: Bool

        public init(
            caCertificatePath: String? = nil, clientCertificatePath: String? = nil, clientKeyPath: String? = nil,
            verifyPeer: Bool = true, verifyHostname: Bool = true
        ) {
            self.caCertificatePath = caCertificatePath
            self.clientCertificatePath = clientCertificatePath
            self.clientKeyPath = clientKeyPath
            self.verifyPeer = verifyPeer
            self.verifyHostname = verifyHostname
        }
    }

    public var host: String
    public var port: Int
    public var virtualHost: String
    public var user: String
    public var password: String
    /// nil → plain TCP.
    public var tls: TLS?
    /// Seconds between heartbeats (0 disables them). The connection's owner must call
    /// into the library more often than this (rabbitmq-c has no background thread).
    public var heartbeat: Int
    /// Largest frame; bodies above it are split into several frames.
    public var frameMax: Int
    public var channelMax: Int
    /// Seconds for the TCP connect, and again for the AMQP handshake and login.
    public var connectTimeout: Double
    /// Seconds for a synchronous method (declare, bind, qos…); nil waits forever.
    public var rpcTimeout: Double?
    /// Shown in the management UI and `rabbitmqctl list_connections`.
    public var connectionName: String?

    public init(
        host: String = "127.0.0.1", port: Int = 5672, virtualHost: String = "/", user: String = "guest",
        password: String = "guest", tls: TLS? = nil, heartbeat: Int = 30, frameMax: Int = 131_072,
        channelMax: Int = 0, connectTimeout: Double = 10, rpcTimeout: Double? = 30, connectionName: String? = nil
    ) {
        self.host = host
        self.port = port
        self.virtualHost = virtualHost
        self.user = user
        self.password = password
        self.tls = tls
        self.heartbeat = heartbeat
        self.frameMax = frameMax
        self.channelMax = channelMax
        self.connectTimeout = connectTimeout
        self.rpcTimeout = rpcTimeout
        self.connectionName = connectionName
    }

    /// Parses `amqp[s]://[user[:password]@]host[:port][/vhost][?query]`.
    ///
    /// The vhost is the percent-decoded path without its leading slash (`/%2F` is `/`;
    /// no path at all is `/`). Query keys (RabbitMQ's URI spec): `heartbeat` (s),
    /// `frame_max`, `channel_max`, `connection_timeout` (ms), `cacertfile`, `certfile`,
    /// `keyfile`, `verify` (`verify_peer` | `verify_none`), and `verify_hostname`
    /// (`true` | `false`).
    public init(url: String) throws {
        func invalid(_ why: String) -> AMQPError {
            AMQPError(.invalidConfiguration, "URL AMQP inválida (\(why)): esperado amqp://usuário:senha@host:porta/vhost")
        }
        let secure: Bool
        var rest: Substring
        if url.hasPrefix("amqps://") {
            secure = true
            rest = url.dropFirst("amqps://".count)
        } else if url.hasPrefix("amqp://") {
            secure = false
            rest = url.dropFirst("amqp://".count)
        } else {
            throw invalid("esquema desconhecido")
        }
        var query: Substring = ""
        if let q = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: q)...]
            rest = rest[..<q]
        }
        var path: Substring?
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        var user = "guest"
        var password = "guest"
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                user = try Self.percentDecoded(credentials[..<colon]) ?? { throw invalid("usuário") }()
                password =
                    try Self.percentDecoded(credentials[credentials.index(after: colon)...]) ?? { throw invalid("senha") }()
            } else {
                user = try Self.percentDecoded(credentials) ?? { throw invalid("usuário") }()
            }
        }
        var host = rest
        var port = secure ? 5671 : 5672
        if host.hasPrefix("[") {  // IPv6 literal
            guard let close = host.firstIndex(of: "]") else { throw invalid("host IPv6") }
            let after = host[host.index(after: close)...]
            if after.hasPrefix(":") {
                guard let p = Int(after.dropFirst()), (1...65535).contains(p) else { throw invalid("porta") }
                port = p
            }
            host = host[host.index(after: host.startIndex)..<close]
        } else if let colon = host.lastIndex(of: ":") {
            guard let p = Int(host[host.index(after: colon)...]), (1...65535).contains(p) else { throw invalid("porta") }
            port = p
            host = host[..<colon]
        }
        guard !host.isEmpty else { throw invalid("host vazio") }
        let vhost: String
        if let path, !path.isEmpty {
            vhost = try Self.percentDecoded(path) ?? { throw invalid("vhost") }()
        } else {
            vhost = "/"
        }
        self.init(host: String(host), port: port, virtualHost: vhost, user: user, password: password)
        if secure { tls = TLS() }
        for pair in query.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1)
            guard kv.count == 2, let value = Self.percentDecoded(kv[1]) else { throw invalid("parâmetro \(pair)") }
            switch kv[0] {
            case "heartbeat":
                guard let v = Int(value), v >= 0 else { throw invalid("heartbeat") }
                heartbeat = v
            case "frame_max":
                guard let v = Int(value), v >= 4096 else { throw invalid("frame_max (mínimo 4096)") }
                frameMax = v
            case "channel_max":
                guard let v = Int(value), v >= 0 else { throw invalid("channel_max") }
                channelMax = v
            case "connection_timeout":
                guard let v = Double(value), v > 0 else { throw invalid("connection_timeout") }
                connectTimeout = v / 1000
            case "cacertfile": tls?.caCertificatePath = value
            case "certfile": tls?.clientCertificatePath = value
            case "keyfile": tls?.clientKeyPath = value
            case "verify":
                guard value == "verify_peer" || value == "verify_none" else { throw invalid("verify") }
                tls?.verifyPeer = value == "verify_peer"
                if value == "verify_none" { tls?.verifyHostname = false }
            case "verify_hostname":
                guard value == "true" || value == "false" else { throw invalid("verify_hostname") }
                tls?.verifyHostname = value == "true"
            default:
                throw invalid("parâmetro desconhecido \(kv[0])")
            }
        }
    }

    /// What a URL that turns certificate checks off gives up, for the log (nil when nothing is off).
    public var securityWarning: String? {
        guard let tls else { return nil }
        if !tls.verifyPeer {
            return "aviso: \(redactedURL) usa verify=verify_none: o certificado do RabbitMQ não é verificado (nem a "
                + "cadeia até a CA nem o nome do host). A conexão é cifrada, mas aceita qualquer servidor, inclusive um "
                + "intermediário que leia as mensagens e a senha. Use verify=verify_peer com cacertfile."
        }
        if !tls.verifyHostname {
            return "aviso: \(redactedURL) usa verify_hostname=false: o nome do host não é conferido com o certificado "
                + "do RabbitMQ; qualquer certificado da mesma CA é aceito."
        }
        return nil
    }

    /// `amqp://user:***@host:port/vhost`: for logs and messages, never the password.
    public var redactedURL: String {
        let vhostPath = virtualHost == "/" ? "%2F" : virtualHost
        return "\(tls == nil ? "amqp" : "amqps")://\(user):***@\(host):\(port)/\(vhostPath)"
    }

    static func percentDecoded(_ text: some StringProtocol) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let h = iterator.next(), let l = iterator.next(),
                    let value = UInt8(String(decoding: [h, l], as: UTF8.self), radix: 16)
                else { return nil }
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
