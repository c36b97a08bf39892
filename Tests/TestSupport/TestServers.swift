import Foundation
@_exported import GSANSupport

/// The servers integration tests talk to: the `gsan_test` vhost and database of the
/// local servers that `ops/up` starts, or `GSAN_TEST_AMQP_URL` / `GSAN_TEST_DATABASE_URL`.
/// A test that needs them and finds none fails with this message, never skips.
public enum TestServers {
    public static let howToStart =
        "Os testes de integração precisam do RabbitMQ e do PostgreSQL locais: rode `ops/up` "
        + "(ou `ops/test`, que os inicia), ou defina GSAN_TEST_AMQP_URL e GSAN_TEST_DATABASE_URL."

    public static func amqpURL() throws -> String {
        guard let url = GSANEnvironment().value("GSAN_TEST_AMQP_URL") else {
            throw ConfigurationError("GSAN_TEST_AMQP_URL não encontrado. " + howToStart)
        }
        return url
    }

    /// The test broker's URL on another of the vhosts `ops/up` creates (`gsan_test_agenda`,
    /// `gsan_test_cadeia`, `gsan_test_juscompesa`): for process tests that use the real family
    /// names, so two such tests running at once never consume each other's jobs.
    public static func amqpURL(vhost: String) throws -> String {
        let url = try amqpURL()
        guard let scheme = url.range(of: "://"), let slash = url[scheme.upperBound...].firstIndex(of: "/") else {
            return url + "/" + vhost
        }
        return String(url[..<slash]) + "/" + vhost
    }

    public static func databaseURL() throws -> String {
        guard let url = GSANEnvironment().value("GSAN_TEST_DATABASE_URL") else {
            throw ConfigurationError("GSAN_TEST_DATABASE_URL não encontrado. " + howToStart)
        }
        return comPrazoDeConexao(url)
    }

    /// The tests' connections wait up to 60 s to connect (libpq's `connect_timeout`) unless the URL
    /// says otherwise: the whole suite runs in parallel on 2 cores, and a scratch database's TLS
    /// connection past the product's 10 s default failed tests that had nothing to do with it. The
    /// tests of the timeout itself set their own.
    static func comPrazoDeConexao(_ url: String) -> String {
        guard !url.contains("connect_timeout=") else { return url }
        return url + (url.contains("?") ? "&" : "?") + "connect_timeout=60"
    }

    /// The application role's (`gsan_app`) and the JusCompesa reader's (`gsan_juscompesa`) URLs
    /// on `gsan_test`, as `ops/up` writes them: for the tests of what each role may do.
    public static func roleDatabaseURL(_ key: String) throws -> String {
        guard let url = GSANEnvironment().value(key) else {
            throw ConfigurationError("\(key) não encontrado (rode ops/up de novo: ele cria os papéis). " + howToStart)
        }
        return comPrazoDeConexao(url)
    }

    /// A name no other test (or earlier run) uses: queues, exchanges, tables.
    public static func uniqueName(_ prefix: String) -> String {
        "\(prefix).\(ProcessInfo.processInfo.processIdentifier).\(UUID().uuidString.prefix(8).lowercased())"
    }
}

/// Wraps an error from reaching a server with the instructions to start it.
public struct ServerUnavailable: Error, CustomStringConvertible {
    public let description: String
    public init(server: String, url: String, underlying: any Error) {
        description = "\(server) inacessível em \(redactingPassword(url)): \(underlying). \(TestServers.howToStart)"
    }
}

/// The error of type `E` that `body` throws; nil if it throws none (or another type).
/// For use on a connection's thread, where `#expect` would not reach the running test:
/// assert on the result back in the test.
public func thrown<E: Error>(_ type: E.Type, _ body: () throws -> Void) -> E? {
    do {
        try body()
        return nil
    } catch {
        return error as? E
    }
}
