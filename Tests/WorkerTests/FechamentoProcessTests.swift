import Foundation
import GSANSeed
import JobRuntime
import Postgres
import TestSupport
import Testing

/// The monthly close end to end: `gsan fechamento --aguardar` against real `gsan-faturamento`,
/// `gsan-juscompesa` and `gsan-rotas` processes on a generated utility. A close that fails part-way
/// leaves the reference open and resumes after the dead job is replayed; starting it again
/// closes nothing twice; bad requests get their message.
@Suite(.serialized) struct FechamentoProcessTests {
    @Test func aCloseThatDiesPartWayResumesAfterReplayAndClosesOnce() async throws {
        // A broker of its own: the chain uses the real `faturamento` and `juscompesa` families.
        let amqpURL = try TestServers.amqpURL(vhost: "gsan_test_cadeia")
        try await withScratchDatabase(migrations: nil) { url in
            let db = try PostgresConnection(url: url, logger: quietLogger)
            defer { db.close() }
            try Seeder(options: SeedOptions(imoveis: 600, seed: 3, meses: 4), logger: quietLogger).run(connection: db)
            func count(_ sql: String) throws -> Int { try db.query(sql).first?.decode(Int.self, at: 0) ?? -1 }
            func gsan(_ arguments: [String], timeout: Double = 120) throws -> (status: Int32?, log: String) {
                let command = try WorkerProcess("gsan", arguments: arguments, amqpURL: amqpURL, databaseURL: url)
                let status = command.wait(timeout: timeout)
                return (status, command.log)
            }
            let fechar = ["fechamento", "--grupo-faturamento", "1", "--referencia", "06/2025", "--hoje", "20/06/2025",
                          "--aguardar", "--limite", "90"]
            let preFaturadas = try count(
                "SELECT count(*) FROM faturamento.conta WHERE ftgr_id = 1 AND cnta_amreferenciaconta = 202506 AND dcst_idatual = 9")

            // Bad requests, before any job.
            let unknown = try gsan(["fechamento", "--grupo-faturamento", "99", "--referencia", "06/2025"])
            #expect(unknown.status == 1 && unknown.log.contains("Grupo de faturamento 99 inexistente."), "\(unknown.log)")
            let future = try gsan(["fechamento", "--grupo-faturamento", "1", "--referencia", "07/2025", "--hoje", "20/06/2025"])
            #expect(future.status == 1 && future.log.contains("A referência 07/2025 do GRUPO 1 é futura"), "\(future.log)")
            #expect(try JobRecords.count(JobFilter(), db: db) == 0)

            let pastaRotas = NSTemporaryDirectory() + "gsan-cadeia-rotas-" + UUID().uuidString
            defer { try? FileManager.default.removeItem(atPath: pastaRotas) }
            let workers = try FechamentoApoio.workers(amqpURL: amqpURL, databaseURL: url, pastaRotas: pastaRotas)
            defer { for worker in workers { worker.kill() } }

            // The tariff of a category group 1 bills is missing: the close step dies, nothing
            // of it is written, the reference stays open.
            let categoria = try FechamentoApoio.removerTarifa(db: db)
            let failed = try gsan(fechar)
            #expect(failed.status == 1, "\(failed.log)")
            #expect(failed.log.contains("job morto: fechamento:grupo=1:ref=202506/encerrar"), "\(failed.log)")
            #expect(failed.log.contains("Não há tarifa vigente para a categoria \(categoria)"), "\(failed.log)")
            #expect(try count("SELECT ftgr_amreferencia FROM faturamento.faturamento_grupo WHERE ftgr_id = 1") == 202506)
            #expect(try count(
                "SELECT count(*) FROM faturamento.conta WHERE ftgr_id = 1 AND cnta_amreferenciaconta = 202506 AND dcst_idatual = 9")
                == preFaturadas)
            // The pre-close JusCompesa step ran before the close, as seed 000 requires.
            #expect(try JobRecords.count(JobFilter(id: "fechamento:grupo=1:ref=202506/juscompesa-pre", states: [.done]), db: db) == 1)

            // Fixed and replayed: the chain continues from the dead job.
            try FechamentoApoio.restaurarTarifa(db: db)
            let replay = try gsan(["dlq", "replay", "fechamento:grupo=1:ref=202506/encerrar", "--operador", "teste"])
            #expect(replay.status == 0, "\(replay.log)")
            let resumed = try gsan(fechar)
            #expect(resumed.status == 0, "\(resumed.log)\n\(workers.map(\.log).joined(separator: "\n"))")
            #expect(resumed.log.contains("já iniciado antes") && resumed.log.contains("Fechamento concluído: \(preFaturadas) contas faturadas"),
                    "\(resumed.log)")
            #expect(try count("SELECT ftgr_amreferencia FROM faturamento.faturamento_grupo WHERE ftgr_id = 1") == 202507)
            #expect(try JobRecords.count(JobFilter(id: "fechamento:grupo=1:ref=202506/juscompesa-pos", states: [.done]), db: db) == 1)
            // The route files of the next reading cycle (07/2025), one per rota of the group.
            #expect(try JobRecords.count(JobFilter(id: "fechamento:grupo=1:ref=202506/rotas", states: [.done]), db: db) == 1)
            let rotas = try count("SELECT count(*) FROM micromedicao.rota WHERE ftgr_id = 1")
            #expect(try count("SELECT count(*) FROM micromedicao.arquivo_texto_rota WHERE ftgr_id = 1 AND txre_amreferencia = 202507") == rotas)
            #expect((try? FileManager.default.contentsOfDirectory(atPath: pastaRotas + "/202507"))?.isEmpty == false)

            // Started again: one chain, one close.
            let contas = try count("SELECT count(*) FROM faturamento.conta")
            let again = try gsan(fechar)
            #expect(again.status == 0 && again.log.contains("já iniciado antes"), "\(again.log)")
            #expect(try count("SELECT count(*) FROM faturamento.conta") == contas)
            #expect(try count("SELECT count(*) FROM faturamento.faturamento_encerramento") == 1)
            let closed = try gsan(["fechamento", "--grupo-faturamento", "1", "--referencia", "05/2025", "--hoje", "20/06/2025"])
            #expect(closed.status == 1 && closed.log.contains("A referência 05/2025 do GRUPO 1 já foi encerrada"), "\(closed.log)")
        }
    }
}
