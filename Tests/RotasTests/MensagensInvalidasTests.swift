import Foundation
import JobRuntime
import Postgres
import Rotas
import TestSupport
import Testing

/// The `rotas.rota` messages that took `gsan-rotas` down (a force-unwrap on the referência),
/// put on the queue as they were: each job is dead at once with the field named, and the
/// worker goes on.
@Suite(.serialized) struct MensagensInvalidasRotasTests {
    @Test func referenciaInvalidaMataOJobSemDerrubarOWorker() async throws {
        try await withScratchDatabase(migrations: nil) { url in
            let pasta = NSTemporaryDirectory() + "gsan-rotas-" + UUID().uuidString
            defer { try? FileManager.default.removeItem(atPath: pasta) }
            let workers = try RotasWorkers(databaseURL: url, pasta: pasta)
            defer { workers.tearDown() }
            let worker = try workers.start()
            let casos = [
                (202513, "referencia 202513 inválida (AAAAMM, mês de 01 a 12)"),
                (-202506, "referencia -202506 inválida (AAAAMM, mês de 01 a 12)"),
                (99999999, "referencia 99999999 inválida (AAAAMM, mês de 01 a 12)"),
            ]
            for (referencia, _) in casos {
                try workers.publishRaw(
                    #"{"id":"rota-ref\#(referencia)","kind":"rotas.rota","family":"\#(workers.family)","#
                        + #""payload":{"grupoFaturamento":1,"referencia":\#(referencia),"rota":1}}"#, type: "rotas.rota")
            }
            for (referencia, motivo) in casos {
                let id = "rota-ref\(referencia)"
                #expect(try waitUntil(timeout: 60) { try workers.record(of: id).state == "dead" }, "\(workers.logs)")
                let registro = try workers.record(of: id)
                #expect(registro.lastError == "payload inválido para rotas.rota: \(motivo)")
                #expect(registro.attempts == 1, "morto na primeira tentativa, sem nova entrega")
            }
            #expect(try waitUntil(timeout: 20) { try workers.deadLetterCopies().count == 3 })
            #expect(worker.isRunning, "o worker continua vivo\n\(workers.logs)")
            #expect(!worker.log.contains("Fatal error"), "\(worker.log)")
        }
    }
}
