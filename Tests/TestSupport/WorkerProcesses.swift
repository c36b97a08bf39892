import Foundation
import Logging
import Postgres

/// A worker executable of this package run as a real child process, its log in a file.
public final class WorkerProcess: @unchecked Sendable {
    public let process = Process()
    public let logURL: URL
    public let arguments: [String]

    /// Starts `product` (built next to the test binary) against the given servers.
    /// `environment` adds to (or overrides) the test's own environment.
    public init(
        _ product: String = "gsan-exemplo", arguments: [String], amqpURL: String, databaseURL: String,
        environment extra: [String: String] = [:]
    ) throws {
        let executable = try Self.executable(product)
        self.arguments = arguments
        logURL = FileManager.default.temporaryDirectory.appendingPathComponent("gsan-worker-\(UUID().uuidString.prefix(8)).log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        process.executableURL = executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["GSAN_AMQP_URL"] = amqpURL
        environment["GSAN_DATABASE_URL"] = databaseURL
        environment.merge(extra) { $1 }
        process.environment = environment
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    /// The built executable, or an error saying how to build it.
    public static func executable(_ product: String) throws -> URL {
        let directory = Bundle.main.executableURL?.deletingLastPathComponent()
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [directory, directory.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent(product)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        throw ConfigurationError("executável \(product) não encontrado em \(directory.path): rode `swift build` antes dos testes")
    }

    public var pid: Int32 { process.processIdentifier }
    public var isRunning: Bool { process.isRunning }
    public var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    /// SIGTERM, then waits up to `timeout` seconds; returns the exit status (nil if it
    /// did not exit, after which it is SIGKILLed).
    public func terminate(timeout: Double = 60) -> Int32? {
        guard process.isRunning else { return process.terminationStatus }
        Foundation.kill(pid, SIGTERM)
        return waitForExit(timeout: timeout)
    }

    /// SIGKILL: no chance to clean up.
    public func kill() {
        guard process.isRunning else { return }
        Foundation.kill(pid, SIGKILL)
        _ = waitForExit(timeout: 30)
    }

    /// Waits for a command that ends on its own (`gsan fechamento --aguardar`…); returns its
    /// exit status, or nil (and SIGKILLs it) if it is still running after `timeout` seconds.
    public func wait(timeout: Double = 120) -> Int32? { waitForExit(timeout: timeout) }

    private func waitForExit(timeout: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        guard !process.isRunning else {
            Foundation.kill(pid, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        return process.terminationStatus
    }

    deinit { if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) } }
}

/// Polls `condition` every 100 ms until it holds or `timeout` seconds pass; returns
/// whether it held.
public func waitUntil(timeout: Double, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: 0.1)
    }
    return try condition()
}

/// Runs an `ops/` script of this repository (ops/restart …) and returns its exit status.
///
/// Spawned and awaited with posix_spawn/waitpid rather than `Process`: the script starts
/// server daemons that inherit the descriptors Foundation watches to notice the child's
/// exit, and `Process.waitUntilExit` would then wait for the daemons too.
public func runOpsScript(_ name: String, _ arguments: [String]) throws -> Int32 {
    var directory = URL(fileURLWithPath: #filePath)
    while directory.path != "/" && !FileManager.default.fileExists(atPath: directory.appendingPathComponent("ops").path) {
        directory = directory.deletingLastPathComponent()
    }
    let path = directory.appendingPathComponent("ops").appendingPathComponent(name).path
    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, path, nil, nil, argv, environ)
    guard spawned == 0 else { throw ConfigurationError("não foi possível executar \(path): \(String(cString: strerror(spawned)))") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
}
