import RotasRegras
import TestSupport

/// Real `gsan-rotas` processes on the vhost `gsan_test_rotas`, against one scratch database and
/// one output folder.
final class RotasWorkers: TestWorkers, @unchecked Sendable {
    let pasta: String

    /// `family`: nil for a family of this test's own, or the real `rotas` (for jobs the CLI enqueues).
    init(databaseURL: String, pasta: String, family: String? = nil) throws {
        self.pasta = pasta
        try super.init(
            "gsan-rotas", databaseURL: databaseURL, vhost: "gsan_test_rotas", familyPrefix: "rot", family: family,
            environment: ["GSAN_ROTAS_DIR": pasta])
    }

    func gsan(_ arguments: [String], timeout: Double = 120) throws -> (status: Int32?, log: String) {
        let command = try WorkerProcess("gsan", arguments: arguments, amqpURL: amqpURL, databaseURL: databaseURL)
        let status = command.wait(timeout: timeout)
        return (status, command.log)
    }
}
