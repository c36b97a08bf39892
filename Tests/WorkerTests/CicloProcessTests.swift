import AMQP
import Contratos
import Foundation
import JobRuntime
import GSANSeed
import Postgres
import TestSupport
import Testing

/// `gsan ciclo mostrar`: the month's lineage read from a real close run by real workers — the
/// chain with its children, a dead step named with its error, `--acompanhar` that stops on the
/// death and ends with status 0 once the replayed chain finishes; `gsan job show` with the tree
/// below the job; bad requests refused before anything is read.
@Suite(.serialized) struct CicloProcessTests {
    @Test func theMonthsLineageFollowsTheCloseThroughADeathAndItsReplay() async throws {
        let amqpURL = try TestServers.amqpURL(vhost: "gsan_test_ciclo")
        // The vhost is this suite's alone; what an earlier run left in its queues is not this database's.
        func esvaziar() throws {
            let connection = try AMQPConnection(url: amqpURL)
            defer { connection.close() }
            let channel = try connection.openChannel()
            for queue in Topology.gsan().queues { _ = try channel.deleteQueue(queue.name) }
        }
        try esvaziar()
        defer { try? esvaziar() }
        try await withScratchDatabase(migrations: nil) { url in
            let db = try PostgresConnection(url: url, logger: quietLogger)
            defer { db.close() }
            try Seeder(options: SeedOptions(imoveis: 600, seed: 5, meses: 4), logger: quietLogger).run(connection: db)
            func count(_ sql: String) throws -> Int { try db.query(sql).first?.decode(Int.self, at: 0) ?? -1 }
            func gsan(_ arguments: [String], timeout: Double = 120) throws -> (status: Int32?, log: String) {
                let command = try WorkerProcess("gsan", arguments: arguments, amqpURL: amqpURL, databaseURL: url)
                let status = command.wait(timeout: timeout)
                return (status, command.log)
            }
            let mostrar = ["ciclo", "mostrar", "--grupo", "1", "--referencia", "06/2025"]

            // Bad requests: a clear Portuguese refusal, status 1 or 64, nothing read.
            let grupo = try gsan(["ciclo", "mostrar", "--grupo", "99", "--referencia", "06/2025"])
            #expect(grupo.status == 1 && grupo.log.contains("Grupo de cobrança 99 inexistente"), "\(grupo.log)")
            let mes = try gsan(["ciclo", "mostrar", "--grupo", "1", "--referencia", "13/2025"])
            #expect(mes.status != 0 && mes.log.contains("Mês/Ano inválido"), "\(mes.log)")
            #expect(!mes.log.contains("Error") && !mes.log.contains("Fatal"), "\(mes.log)")

            // Before any job: the schedule's activities wait for their dates.
            let antes = try gsan(mostrar)
            #expect(antes.status == 0, "\(antes.log)")
            let atividades = try count(
                """
                SELECT count(*) FROM cobranca.cobranca_acao_ativ_crg a JOIN cobranca.cobranca_acao_cronograma c USING (cbcr_id)
                JOIN cobranca.cobranca_grupo_crg_mes m USING (cbcm_id) WHERE m.cbgr_id = 1 AND m.cbcm_amreferencia = 202506
                """)
            #expect(atividades > 0)
            #expect(antes.log.components(separatedBy: "aguardando ").count - 1 >= atividades, "\(antes.log)")
            #expect(antes.log.contains("0/0 jobs concluídos"), "\(antes.log)")

            let pastaRotas = NSTemporaryDirectory() + "gsan-ciclo-rotas-" + UUID().uuidString
            defer { try? FileManager.default.removeItem(atPath: pastaRotas) }
            let workers = try FechamentoApoio.workers(amqpURL: amqpURL, databaseURL: url, pastaRotas: pastaRotas)
            defer { for worker in workers { worker.kill() } }

            // A category's tariff missing: the close step dies.
            let categoria = try FechamentoApoio.removerTarifa(db: db)
            let fechar = ["fechamento", "--grupo-faturamento", "1", "--referencia", "06/2025", "--hoje", "20/06/2025"]
            #expect(try gsan(fechar).status == 0)
            // --acompanhar stops on the death with status 1 and names the dead step and its error.
            let morto = try gsan(mostrar + ["--acompanhar", "--intervalo", "0.5", "--limite", "90"])
            #expect(morto.status == 1, "\(morto.log)")
            #expect(morto.log.contains("MORTO fechamento:grupo=1:ref=202506/encerrar"), "\(morto.log)")
            #expect(morto.log.contains("Não há tarifa vigente para a categoria \(categoria)"), "\(morto.log)")
            #expect(morto.log.contains("1 MORTO(S)"), "\(morto.log)")

            try FechamentoApoio.restaurarTarifa(db: db)
            #expect(try gsan(["dlq", "replay", "fechamento:grupo=1:ref=202506/encerrar", "--operador", "teste"]).status == 0)
            let fim = try gsan(mostrar + ["--acompanhar", "--intervalo", "0.5", "--limite", "240"], timeout: 300)
            #expect(fim.status == 0, "\(fim.log)\n\(workers.map(\.log).joined(separator: "\n"))")
            // The close's tree: every job of it counted and done, the replayed step's second attempt shown.
            let cadeia = try JobRecords.tree(root: "fechamento:grupo=1:ref=202506", db: db).count
            let rotas = try count("SELECT count(*) FROM micromedicao.rota WHERE ftgr_id = 1")
            #expect(cadeia > rotas + 3)
            let linha = fim.log.split(separator: "\n").first { $0.contains("fechamento 06/2025") }.map(String.init) ?? ""
            #expect(linha.contains("concluído") && linha.contains("\(cadeia)/\(cadeia)"), "\(fim.log)")
            #expect(fim.log.contains("\(cadeia)/\(cadeia) jobs concluídos"), "\(fim.log)")
            #expect(fim.log.contains("Passos mais lentos:"), "\(fim.log)")
            // --estrito: the schedule's activities still wait for their dates.
            let estrito = try gsan(mostrar + ["--estrito"])
            #expect(estrito.status == 2, "\(estrito.log)")
            #expect(try gsan(mostrar).status == 0)

            // The next month: its route files are the 06/2025 close's, one job per rota.
            let julho = try gsan(["ciclo", "mostrar", "--grupo", "1", "--referencia", "07/2025"])
            #expect(julho.status == 0, "\(julho.log)")
            let arquivos = julho.log.split(separator: "\n").first { $0.contains("arquivos de rota, do fechamento 06/2025") }
                .map(String.init) ?? ""
            #expect(arquivos.contains("concluído") && arquivos.contains("\(rotas + 1)/\(rotas + 1)"), "\(julho.log)")

            // job show: the tree below the root, children grouped by kind.
            let show = try gsan(["job", "show", "fechamento:grupo=1:ref=202506"])
            #expect(show.status == 0, "\(show.log)")
            #expect(show.log.contains("árvore abaixo do job:"), "\(show.log)")
            #expect(show.log.contains("rotas.rota ×\(rotas): concluído \(rotas)"), "\(show.log)")
            #expect(show.log.contains("fechamento:grupo=1:ref=202506/encerrar"), "\(show.log)")
        }
    }
}
