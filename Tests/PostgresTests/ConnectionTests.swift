import Foundation
import GSANSupport
import Logging
import Postgres
import TestSupport
import Testing

@Suite("PostgresConnection: connecting, notices, losing the connection")
struct ConnectionTests {
    @Test func connectsWithTheSessionSettingsTheDecodersNeed() async throws {
        let (version, number, settings) = try await withTestConnection { connection in
            let settings = try connection.query(
                "SELECT current_setting('TimeZone'), current_setting('DateStyle'), current_setting('bytea_output'), "
                    + "current_setting('client_encoding'), current_setting('application_name')"
            )[0].decode((String, String, String, String, String).self)
            return (connection.serverVersion, connection.serverVersionNumber, settings)
        }
        let parts = version.split(separator: ".")
        #expect(parts.count == 2, "server_version sem sufixo do fornecedor: \(version)")
        #expect(Int(parts.first ?? "") == number / 10000)
        #expect(settings.0 == "UTC")
        #expect(settings.1 == "ISO, YMD")
        #expect(settings.2 == "hex")
        #expect(settings.3 == "UTF8")
        #expect(settings.4 == "gsan-tests")
    }

    @Test func aWrongPasswordIsAClearErrorWithoutThePassword() async throws {
        _ = try await withTestConnection { _ in true }  // the server is up
        let url = try testURL { $0.password = "senha-errada-123" }
        let error = try await connectionError(url)
        #expect(error.kind == .connectionFailed)
        #expect(error.message.contains("password authentication failed"))
        #expect(error.message.contains("127.0.0.1"))
        #expect(!error.description.contains("senha-errada-123"))
    }

    @Test func aRefusedPortIsAClearError() async throws {
        let port = try unusedLoopbackPort()
        let url = try testURL { $0.port = port }
        let error = try await connectionError(url)
        #expect(error.kind == .connectionFailed)
        #expect(error.message.contains("Connection refused"))
        #expect(error.message.contains("127.0.0.1:\(port)"))
    }

    /// A host that accepts the TCP connection but never answers (here a loopback socket
    /// nobody accepts from: this machine may send nothing beyond loopback) must give up
    /// after `connect_timeout`, not hang.
    @Test func aSilentHostTimesOutWithinConnectTimeout() async throws {
        let listener = try SilentListener()
        defer { listener.close() }
        let url = try testURL {
            $0.port = listener.port
            // Keeps the URL's sslmode (verify-full from ops/up): with libpq's default `prefer` a
            // silent server costs one timeout with TLS and another without.
            $0.queryItems = ($0.queryItems ?? []) + [URLQueryItem(name: "connect_timeout", value: "2")]
        }
        let clock = ContinuousClock()
        let started = clock.now
        let error = try await connectionError(url)
        let elapsed = clock.now - started
        #expect(error.kind == .connectionFailed)
        #expect(error.message.contains("timeout"))
        // At least the timeout; at most a bound that still proves it gave up (a silent server
        // never answers): on a loaded machine one attempt per address took up to 12 s, and 68 s
        // with six builds and test suites sharing 2 cores (load 50); the AMQP cases use 120 s too.
        #expect(elapsed >= .seconds(1.5) && elapsed < .seconds(120), "took \(elapsed)")
    }

    @Test func aMissingDatabaseIsAClearError() async throws {
        _ = try await withTestConnection { _ in true }  // the server is up
        let url = try testURL { $0.path = "/gsan_nao_existe" }
        let error = try await connectionError(url)
        #expect(error.kind == .connectionFailed)
        #expect(error.message.contains("\"gsan_nao_existe\" does not exist"))
    }

    @Test func aMalformedURLIsAClearError() async throws {
        let error = try await connectionError("postgresql://gsan@127.0.0.1:notaport/x")
        #expect(error.kind == .connectionFailed)
        #expect(error.message.contains("invalid"))
    }

    @Test func noticesAndWarningsReachTheLogger() async throws {
        let recorder = LogRecorder()
        _ = try await withTestConnection(logger: recorder.logger) { connection in
            try connection.execute("DO $$ BEGIN RAISE NOTICE 'aviso %', 42; RAISE WARNING 'cuidado'; END $$")
        }
        let entries = recorder.entries
        let notice = try #require(entries.first { $0.message == "aviso 42" })
        #expect(notice.level == .notice)
        #expect(notice.metadata["postgres.severity"] == "NOTICE")
        #expect(notice.metadata["postgres.sqlstate"] == "00000")
        let warning = try #require(entries.first { $0.message == "cuidado" })
        #expect(warning.level == .warning)
    }

    @Test func aTerminatedBackendIsAConnectionLostErrorAndRetryable() async throws {
        let (first, second) = try await withTestConnection { connection in
            let first = thrownError { try connection.execute("SELECT pg_terminate_backend(pg_backend_pid())") }
            let second = thrownError { try connection.execute("SELECT 1") }
            return (first, second)
        }
        #expect(first?.kind == .connectionLost)
        #expect(first?.isRetryable == true)
        #expect(second?.kind == .connectionLost)
    }

    @Test func aClosedConnectionRefusesStatements() async throws {
        let (isOpen, error) = try await withTestConnection { connection in
            connection.close()
            connection.close()
            return (connection.isOpen, thrownError { try connection.execute("SELECT 1") })
        }
        #expect(!isOpen)
        #expect(error?.kind == .misuse)
    }
}

/// The `PostgresError` a connection attempt to `url` throws (fails the test if it connects).
private func connectionError(_ url: String) async throws -> PostgresError {
    let error = try await onDedicatedThread { () -> PostgresError? in
        do {
            _ = try PostgresConnection(url: url, logger: quietLogger)
            return nil
        } catch let error as PostgresError {
            return error
        }
    }
    return try #require(error, "connecting to \(redactingPassword(url)) should have failed")
}

/// A loopback port nothing listens on (bound, then released).
private func unusedLoopbackPort() throws -> Int {
    let listener = try SilentListener()
    let port = listener.port
    listener.close()
    return port
}

/// A TCP socket listening on 127.0.0.1 that never accepts: connections complete in the
/// kernel's backlog and then hear nothing, like a server that hangs.
private final class SilentListener: @unchecked Sendable {
    private var descriptor: Int32
    let port: Int

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.EMFILE) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(descriptor, address, length) == 0 && listen(descriptor, 8) == 0
                    && getsockname(descriptor, address, &length) == 0
            }
        }
        guard bound else {
            Glibc.close(descriptor)
            throw POSIXError(.EADDRINUSE)
        }
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() {
        if descriptor >= 0 { Glibc.close(descriptor) }
        descriptor = -1
    }

    deinit { close() }
}
