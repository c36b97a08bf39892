import AMQP
import Contratos
import Foundation
import JobRuntime
import GSANModel
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
        try deleteQueues(of: Topology.gsan(), amqpURL: amqpURL)
        defer { try? deleteQueues(of: Topology.gsan(), amqpURL: amqpURL) }
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

    /// What is dated rather than scheduled is in the month too: the eventual commands of the group
    /// (or of every group), the contractor's return files imported in the month, the cycle's
    /// automatic seletiva and those generated for the group, the daily fiscalização decurso — and
    /// nothing dated in another month or of another group.
    @Test func theMonthShowsEventualCommandsReturnFilesSeletivasAndTheDailyDecurso() async throws {
        let amqpURL = try TestServers.amqpURL(vhost: "gsan_test_ciclo")
        try await withScratchDatabase(migrations: nil) { url in
            let db = try PostgresConnection(url: url, logger: quietLogger)
            defer { db.close() }
            try Seeder(options: SeedOptions(imoveis: 1_500, seed: 7, meses: 2), logger: quietLogger).run(connection: db)
            func gsan(_ arguments: [String]) throws -> (status: Int32?, log: String) {
                let command = try WorkerProcess("gsan", arguments: arguments, amqpURL: amqpURL, databaseURL: url)
                let status = command.wait(timeout: 120)
                return (status, command.log)
            }
            func id(_ sql: String, _ parametros: [any PostgresEncodable] = []) throws -> Int {
                try #require(try db.query(sql, parametros).first?.decode(Int?.self, at: 0), "nada em: \(sql)")
            }
            let acao = try id("SELECT min(cbac_id) FROM cobranca.cobranca_acao WHERE cbac_icexibireventual = 1")
            let outroGrupo = try id("SELECT min(cbgr_id) FROM cobranca.cobranca_grupo WHERE cbgr_id <> 1")
            // Two eventual commands in June (group 1, every group), one of another group, one in July.
            var comandos: [String: Int] = [:]
            for (nome, grupo, data) in [
                ("g1", ["--grupo", "1"], "10/06/2025"), ("todos", [], "20/06/2025"),
                ("outro", ["--grupo", String(outroGrupo)], "11/06/2025"), ("julho", ["--grupo", "1"], "01/07/2025"),
            ] {
                let r = try gsan(["comando", "eventual", "--acao", String(acao), "--atividade", "1", "--data", data] + grupo)
                #expect(r.status == 0, "\(r.log)")
                comandos[nome] = try id("SELECT max(cacm_id) FROM cobranca.cobranca_acao_ativ_cmd")
            }
            let contrato = try id("SELECT min(cese_id) FROM micromedicao.contrato_empresa_servico")
            var retornos: [Int64] = []
            for (n, dia) in [(1, "2025-06-12"), (2, "2025-07-02")] {
                let rtct = try id(
                    """
                    INSERT INTO atendimentopublico.retorno_contratada (rtct_cdsha256, rtct_nmarquivo, cese_id, rtct_dtimportacao,
                        rtct_qtlinhas, rtct_qtaceitas) VALUES (repeat($1, 64), 'retorno.txt', $2, $3::date, 0, 0) RETURNING rtct_id
                    """, [String(n), contrato, dia])
                retornos.append(Int64(rtct))
            }
            let seletiva = try id(
                """
                INSERT INTO atendimentopublico.os_seletiva (cbgr_id, osse_dsfiltro, osse_nndias, osse_pcpercentual, osse_nnsemente,
                    osse_qtcomconclusao, osse_qtsemconclusao, osse_qtselecionadas, osse_dtgeracao)
                VALUES (1, '{}', 20, 10, 1, 0, 0, 0, '2025-06-15') RETURNING osse_id
                """)
            let junho = try #require(CivilDate(year: 2025, month: 6, day: 21))
            let julho = try #require(CivilDate(year: 2025, month: 7, day: 21))
            try db.withTransaction { db in
                for rtct in retornos {
                    try Outbox.enqueue(
                        JobSpec(id: EncerramentoJobs.idRetorno(rtct), kind: EncerramentoJobs.retorno, payload: PedidoRetorno(retorno: rtct)),
                        on: db)
                }
                try Outbox.enqueue(
                    JobSpec(id: FiscalizacaoJobs.idSeletiva(seletiva), kind: FiscalizacaoJobs.seletiva, payload: PedidoSeletiva(geracao: seletiva)),
                    on: db)
                let ciclo = CicloSeletiva(grupo: 1, referencia: 202506, dia: junho)
                try Outbox.enqueue(
                    JobSpec(id: FiscalizacaoJobs.idSeletivaAutomatica(ciclo), kind: FiscalizacaoJobs.seletivaAutomatica, payload: ciclo),
                    on: db)
                for dia in [junho, julho] {
                    try Outbox.enqueue(
                        JobSpec(id: FiscalizacaoJobs.idDecursoPrazo(dia), kind: FiscalizacaoJobs.decursoPrazo, payload: DiaDecursoFiscalizacao(dia: dia)), on: db)
                }
            }

            let mostrar = try gsan(["ciclo", "mostrar", "--grupo", "1", "--referencia", "06/2025"])
            #expect(mostrar.status == 0, "\(mostrar.log)")
            let linhas = mostrar.log.split(separator: "\n").map(String.init)
            func linha(_ rotulo: String) -> String { linhas.first { $0.contains(rotulo) } ?? "" }
            // Every root is pending (no worker here); a line counts its trees' jobs.
            #expect(linha("comandos eventuais").contains("cobrança") && linha("comandos eventuais").contains("0/2"), "\(mostrar.log)")
            #expect(linha("retornos da contratada").contains("encerramento") && linha("retornos da contratada").contains("0/1"), "\(mostrar.log)")
            #expect(linha("seletiva automática do ciclo").contains("0/1"), "\(mostrar.log)")
            #expect(linha("seletivas geradas").contains("0/1"), "\(mostrar.log)")
            #expect(linha("decurso de prazo").contains("0/1"), "\(mostrar.log)")
            #expect(comandos.count == 4)

            // July sees its own command, return file and decurso day, and none of June's.
            let mostrarJulho = try gsan(["ciclo", "mostrar", "--grupo", "1", "--referencia", "07/2025"])
            #expect(mostrarJulho.status == 0, "\(mostrarJulho.log)")
            let julhoLinhas = mostrarJulho.log.split(separator: "\n").map(String.init)
            for (rotulo, contagem) in [("comandos eventuais", "0/1"), ("retornos da contratada", "0/1"), ("decurso de prazo", "0/1")] {
                let l = julhoLinhas.first { $0.contains(rotulo) } ?? ""
                #expect(l.contains(contagem), "\(rotulo): \(mostrarJulho.log)")
            }
            #expect(!mostrarJulho.log.contains("seletivas geradas") && !mostrarJulho.log.contains("seletiva automática"), "\(mostrarJulho.log)")
        }
    }
}
