import Documentos
import Foundation
import JobRuntime
import Postgres
import TestSupport
import Testing

/// The `documentos.eventual` message `{}` that took `gsan-documentos` down (a force-unwrap of
/// the command's id), put on the queue as it was: dead at once, the field named, worker alive.
@Suite(.serialized) struct MensagensInvalidasDocumentosTests {
    @Test func payloadVazioMataOJobSemDerrubarOWorker() async throws {
        try await withScratchDatabase(migrations: nil) { url in
            let pasta = DiretorioArquivos(
                raiz: FileManager.default.temporaryDirectory.appendingPathComponent("gsan-documentos-\(UUID().uuidString)"))
            defer { try? FileManager.default.removeItem(at: pasta.raiz) }
            let workers = try DocumentosWorkers(databaseURL: url, pasta: pasta)
            defer { workers.tearDown() }
            let worker = try workers.start()
            let casos = [
                ("vazio", "{}", "falta o campo atividadeCronograma ou comandoEventual (um dos dois)"),
                ("ambos", #"{"atividadeCronograma":1,"comandoEventual":2}"#, "atividadeCronograma e comandoEventual juntos (só um dos dois)"),
                ("negativo", #"{"comandoEventual":-3}"#, "comandoEventual -3 fora de 1…2147483647"),
            ]
            for (id, payload, _) in casos {
                try workers.publishRaw(
                    #"{"id":"doc-\#(id)","kind":"documentos.eventual","family":"\#(workers.family)","payload":\#(payload)}"#,
                    type: "documentos.eventual")
            }
            for (id, _, motivo) in casos {
                #expect(try waitUntil(timeout: 60) { try workers.record(of: "doc-\(id)").state == "dead" }, "\(workers.logs)")
                let registro = try workers.record(of: "doc-\(id)")
                #expect(registro.lastError == "payload inválido para documentos.eventual: \(motivo)")
                #expect(registro.attempts == 1)
            }
            #expect(worker.isRunning, "o worker continua vivo\n\(workers.logs)")
        }
    }
}
