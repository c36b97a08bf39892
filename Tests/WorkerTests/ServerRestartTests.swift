import Foundation
import JobRuntime
import TestSupport
import Testing

/// Workers ride through a restart of either server: nothing lost, nothing doubled.
///
/// These restart the shared local servers, so `ops/test` runs them in a pass of their
/// own after every other test (`--filter ServerRestartTests`).
@Suite(.serialized) struct ServerRestartTests {
    @Test(arguments: ["rabbitmq", "postgresql"])
    func workersRecoverFromARestartWithEveryEffectOnce(_ server: String) async throws {
        try await WorkerHarness.run { h in
            let total = 6_000
            try h.enqueue(try h.efeitos(total))
            for _ in 0..<2 { try h.startWorker() }
            #expect(try h.waitForDone(500, timeout: 120), "\(h.logs)")
            #expect(try runOpsScript("restart", [server, "--pausa", "2"]) == 0)
            #expect(try h.waitForDone(total, timeout: 300), "\(h.logs)")
            let anomalies = try h.effectAnomalies(expected: total)
            #expect(anomalies.missingOrDoubled == 0 && anomalies.effects == total)
            let running = h.workers.filter(\.isRunning).count
            #expect(running == h.workers.count, "workers reconnect, they do not exit")
            let reconnected = h.workers.contains {
                $0.log.contains(server == "rabbitmq" ? "conexão com o RabbitMQ perdida" : "PostgreSQL indisponível")
            }
            #expect(reconnected, "the restart happened while the workers ran: \(h.logs)")
            for worker in h.workers { #expect(worker.terminate() == 0) }
        }
    }
}
