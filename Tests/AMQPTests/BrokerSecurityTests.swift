import AMQP
import Foundation
import TestSupport
import Testing

/// The broker `ops/up` leaves: no `guest`, the application user only on its own vhosts, epmd
/// and the Erlang distribution port on loopback, and a warning for a URL that turns
/// certificate checks off.
@Suite struct BrokerSecurityTests {
    /// `amqp://user:pass@host:port/vhost` of the test URL with another user or vhost.
    static func url(user: String? = nil, password: String? = nil, vhost: String) throws -> String {
        var components = try #require(URLComponents(string: try TestServers.amqpURL()))
        if let user { components.user = user }
        if let password { components.password = password }
        components.path = "/" + vhost
        return try #require(components.string)
    }

    @Test func theGuestAccountIsGone() throws {
        let error = thrown(AMQPError.self) { _ = try AMQPConnection(url: try Self.url(user: "guest", password: "guest", vhost: "gsan")) }
        #expect(error != nil, "guest/guest não pode entrar")
        #expect(thrown(AMQPError.self) { _ = try AMQPConnection(url: try Self.url(user: "guest", password: "guest", vhost: "%2F")) } != nil)
    }

    @Test func theApplicationUserReachesOnlyItsOwnVhosts() throws {
        let own = try AMQPConnection(url: try Self.url(vhost: "gsan_test"))
        own.close()
        for vhost in ["%2F", "outro"] {
            let error = thrown(AMQPError.self) { _ = try AMQPConnection(url: try Self.url(vhost: vhost)) }
            #expect(error != nil, "o usuário da aplicação não entra no vhost \(vhost)")
        }
    }

    /// Reads the kernel's listening TCP sockets (IPv4 and IPv6) on `port`: their local addresses.
    static func listeners(port: Int) -> [String] {
        var addresses: [String] = []
        for (file, width) in [("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)] {
            // (/proc files report size 0: read to the end, not by the size.)
            guard let data = FileHandle(forReadingAtPath: file)?.readDataToEndOfFile() else { continue }
            let text = String(decoding: data, as: UTF8.self)
            for line in text.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ")
                guard fields.count > 3, fields[3] == "0A" else { continue }  // LISTEN
                let local = fields[1].split(separator: ":")
                guard local.count == 2, Int(local[1], radix: 16) == port, local[0].count == width else { continue }
                addresses.append(String(local[0]))
            }
        }
        return addresses
    }

    @Test func epmdAndTheDistributionPortListenOnLoopbackOnly() throws {
        let environment = ProcessInfo.processInfo.environment
        let epmd = Int(environment["GSAN_EPMD_PORT"] ?? "") ?? 4370
        let amqp = Int(environment["GSAN_AMQP_PORT"] ?? "") ?? 5673
        for (name, port) in [("epmd", epmd), ("distribuição Erlang", amqp + 20000)] {
            let addresses = Self.listeners(port: port)
            #expect(!addresses.isEmpty, "\(name) deveria escutar na porta \(port)")
            // 0100007F is 127.0.0.1 in /proc/net/tcp's byte order; IPv6 loopback is ::1.
            let loopback = ["0100007F", "00000000000000000000000001000000"]
            #expect(addresses.allSatisfy(loopback.contains), "\(name) na porta \(port) escuta em \(addresses)")
        }
    }

    @Test func verifyNoneIsAcceptedButSaysWhatItTurnsOff() throws {
        let configuration = try AMQPConfiguration(url: "amqps://u:p@h/v?cacertfile=/ca.pem&verify=verify_none")
        let warning = try #require(configuration.securityWarning)
        #expect(warning.contains("verify=verify_none") && warning.contains("não é verificado") && !warning.contains(":p@"))
        #expect(try AMQPConfiguration(url: "amqps://u:p@h/v?cacertfile=/ca.pem").securityWarning == nil)
        #expect(try AMQPConfiguration(url: "amqp://u:p@h/v").securityWarning == nil)
    }
}
