import Campo
import CampoRegras
import CelularSimulado
import Contratos
import Faturamento
import Foundation
import GSANModel
import JobRuntime
import Postgres
import ProtocoloCampo
import Testing
import TestSupport

/// From the phone to the closed bill, and the server's failures: a reading transmitted through
/// HTTP reaches the close; a server SIGKILLed at any moment loses and duplicates nothing; two
/// server processes share one database.
@Suite(.serialized) struct CampoProcessamentoTests {
    /// Runs every pending batch as the worker would (each in its own transaction).
    func processarLotes(_ db: PostgresConnection) throws -> [ResultadoLote] {
        let lotes = try db.query(
            "SELECT rota_id, rtpr_amreferencia::int, rtpr_nnlote FROM micromedicao.retorno_processamento WHERE rtpr_icpendente"
        ).map { try $0.decode((Int, Int, Int).self) }
        return try lotes.map { l in
            try db.withTransaction { try ProcessamentoRetorno(logger: quietLogger).processar(LoteRetorno(rota: l.0, referencia: l.1, lote: l.2), db: $0) }
        }
    }

    @Test func leituraTransmitidaChegaAContaFechada() async throws {
        try await withRota { db, url in
            let servidor = try ServidorTeste(url: url)
            _ = try OperacaoCampo.liberar(grupo: 1, referencia: referenciaSeed, rota: nil, db: db)
            let r = try Celular(host: "127.0.0.1", porta: servidor.porta, config: Celular.Configuracao(imei: imeiSeed, semente: 21, dataLeitura: diaLeitura)).executar()
            #expect(r.finalizado)
            let lotes = try processarLotes(db)
            #expect(lotes.count == 1 && lotes[0].imoveis == r.imoveis && lotes[0].situacao == nil)
            #expect(try valor(db, "SELECT count(*) FROM faturamento.mov_conta_prefaturada WHERE mcpf_icatualizarfaturamento = 2") == 0)
            #expect(try processarLotes(db).isEmpty)  // nothing pending any more
            // The phone computed a few bills 7 centavos off: each has its adjustment, no other.
            let ajustes = try db.query("SELECT fiaj_vlaguacelular - fiaj_vlaguaservidor FROM faturamento.faturamento_imediato_ajuste").map { try $0.decode(Centavos.self, at: 0) }
            #expect(ajustes.count == lotes[0].ajustes && ajustes.allSatisfy { $0 == Centavos(7) })
            // An unprinted bill: still PRÉ-FATURADA, its reading in the month's consumption history.
            let naoImpressa = try #require(try db.query(
                """
                SELECT m.imov_id, m.mcpf_nnconsumocobrado, c.cnta_id FROM faturamento.mov_conta_prefaturada m
                JOIN faturamento.conta c ON c.imov_id = m.imov_id AND c.cnta_amreferenciaconta = m.mcpf_ammovimento
                WHERE m.mcpf_icemissaoconta = 2 AND m.mcpf_nnconsumocobrado > 0 AND c.dcst_idatual = 9 ORDER BY 1 LIMIT 1
                """).first?.decode((Int, Int, Int64).self))
            let impressa = try #require(try db.query(
                """
                SELECT m.imov_id, m.mcpf_nnconsumocobrado, m.mcpf_vlagua FROM faturamento.mov_conta_prefaturada m
                WHERE m.mcpf_icemissaoconta = 1 ORDER BY 1 LIMIT 1
                """).first?.decode((Int, Int, Centavos).self))
            // The printed one is NORMAL with the phone's values already.
            let conta = try db.query(
                "SELECT dcst_idatual::int, cnta_nnconsumoagua, cnta_vlagua FROM faturamento.conta WHERE imov_id = $1 AND cnta_amreferenciaconta = $2",
                [impressa.0, referenciaSeed])[0].decode((Int, Int, Centavos).self)
            #expect(conta.0 == 0 && conta.1 == impressa.1 && conta.2 == impressa.2)
            // The close bills the unprinted one from the reading, leaves the printed one, and
            // pre-bills both imóveis' next reference.
            let resultado = try db.withTransaction {
                try Encerramento(logger: quietLogger).encerrar(ReferenciaDoGrupo(grupoFaturamento: 1, referencia: referenciaSeed), jobID: nil, db: $0)
            }
            #expect(resultado.contasFaturadas > 0)
            let fechada = try db.query(
                "SELECT dcst_idatual::int, cnta_nnconsumoagua FROM faturamento.conta WHERE cnta_id = $1", [naoImpressa.2]
            )[0].decode((Int, Int).self)
            #expect(fechada.0 == 0 && fechada.1 == naoImpressa.1)
            #expect(try valor(db, "SELECT cstp_id::int FROM micromedicao.consumo_historico WHERE imov_id = $1 AND lgti_id = 1 AND cshi_amfaturamento = $2", [naoImpressa.0, referenciaSeed]) == 1
                || valor(db, "SELECT cstp_id::int FROM micromedicao.consumo_historico WHERE imov_id = $1 AND lgti_id = 1 AND cshi_amfaturamento = $2", [naoImpressa.0, referenciaSeed]) == 4)
            let depois = try db.query(
                "SELECT dcst_idatual::int, cnta_vlagua FROM faturamento.conta WHERE imov_id = $1 AND cnta_amreferenciaconta = $2",
                [impressa.0, referenciaSeed])[0].decode((Int, Centavos).self)
            #expect(depois.0 == 0 && depois.1 == impressa.2)
            for imovel in [naoImpressa.0, impressa.0] {
                #expect(try valor(db, "SELECT count(*) FROM faturamento.conta WHERE imov_id = $1 AND cnta_amreferenciaconta = 202507 AND dcst_idatual = 9", [imovel]) == 1)
            }
            // The group's reading activity is realized.
            #expect(try valor(db, """
                SELECT count(*) FROM faturamento.fatur_ativ_cronograma a JOIN faturamento.faturamento_grupo_cron_mensal m USING (ftcm_id)
                WHERE m.ftgr_id = 1 AND m.ftcm_amreferencia = $1 AND a.ftat_id = 2 AND a.ftac_tmrealizacao IS NOT NULL
                """, [referenciaSeed]) <= 1)
        }
    }

    @Test func servidorMortoComSIGKILLNaoPerdeNemDuplica() async throws {
        try await withRota { db, url in
            var servidor = try ServidorTeste(url: url)
            let porta = servidor.porta
            _ = try OperacaoCampo.liberar(grupo: 1, referencia: referenciaSeed, rota: nil, db: db)
            var config = Celular.Configuracao(imei: imeiSeed, semente: 9, dataLeitura: diaLeitura)
            config.tentativas = 12
            let celular = Celular(host: "127.0.0.1", porta: porta, config: config)
            try celular.baixar()
            // The server is SIGKILLed three times while the phone uploads (between storing an
            // upload and answering it, among other moments) and started again on the same port;
            // the phone resends what got no answer, as the app does.
            let fim = DispatchSemaphore(value: 0)
            nonisolated(unsafe) var erro: (any Error)?
            // The phone's thread alone uses it until `fim`.
            nonisolated(unsafe) let noTelefone = celular
            let telefone = Thread {
                do { try noTelefone.lerEEnviar(); try noTelefone.finalizar() } catch { erro = error }
                fim.signal()
            }
            telefone.start()
            let total = try valor(db, "SELECT txre_qtimovel FROM micromedicao.arquivo_texto_rota WHERE rota_id = 1")
            for quarto in 1...3 {
                // Killed as soon as a quarter more of the imóveis is stored: mid-stream, whatever the speed.
                while try valor(db, "SELECT count(*) FROM faturamento.mov_conta_prefaturada") < total * quarto / 4 {
                    Thread.sleep(forTimeInterval: 0.002)
                }
                servidor.processo.kill()
                servidor = try ServidorTeste(url: url, porta: porta)
            }
            fim.wait()
            if let erro { throw erro }
            #expect(celular.relatorio.finalizado)
            #expect(celular.relatorio.falhas >= 3, "cada SIGKILL deixa ao menos um pedido sem resposta")
            #expect(try valor(db, "SELECT count(*) FROM faturamento.mov_conta_prefaturada") == total)
            #expect(try valor(db, "SELECT count(DISTINCT imov_id) FROM faturamento.mov_conta_prefaturada") == total)
            #expect(try valor(db, "SELECT count(*) FROM faturamento.mov_conta_prefat_catg c JOIN faturamento.mov_conta_prefaturada m USING (mcpf_id)")
                == valor(db, "SELECT count(*) FROM faturamento.conta_categoria cc JOIN faturamento.conta c USING (cnta_id) WHERE c.rota_id = 1 AND c.cnta_amreferenciaconta = $1", [referenciaSeed]))
            #expect(try texto(db, "SELECT sitl_id::text FROM micromedicao.arquivo_texto_rota WHERE rota_id = 1") == "4")
            // Every batch that was enqueued with a stored upload is in the job table (the outbox).
            #expect(try valor(db, "SELECT count(*) FROM micromedicao.retorno_processamento WHERE rtpr_icpendente") == 1)
            let lote = try valor(db, "SELECT rtpr_nnlote FROM micromedicao.retorno_processamento WHERE rota_id = 1")
            #expect(try JobRecords.exists(LoteRetorno(rota: 1, referencia: referenciaSeed, lote: lote).idJob, db: db))
        }
    }

    /// An upload that arrives while a batch is closing waits for that batch's commit (never the
    /// other way round, and never for the whole processing), then opens the next batch itself:
    /// nothing it stored is left unprocessed.
    @Test func envioDuranteOFechamentoDoLoteAbreOProximo() async throws {
        try await withRota { db, url in
            let servidor = try ServidorTeste(url: url)
            _ = try OperacaoCampo.liberar(grupo: 1, referencia: referenciaSeed, rota: nil, db: db)
            let celular = Celular(host: "127.0.0.1", porta: servidor.porta, config: Celular.Configuracao(imei: imeiSeed, semente: 13, dataLeitura: diaLeitura))
            try celular.baixar()
            let rota = try #require(celular.rota)
            func corpo(_ n: Int) -> [UInt8] {
                CodecPedido.codificar(.atualizarMovimento(texto: Array(EscritaRetorno.imovel(celular.ler(rota.imoveis[n], rota: rota, vez: 0)).utf8)))
            }
            #expect(try ClienteHTTP(host: "127.0.0.1", porta: servidor.porta).post(caminho, corpo(0)).corpo == [0x2A])
            #expect(try valor(db, "SELECT rtpr_nnlote FROM micromedicao.retorno_processamento WHERE rota_id = 1 AND rtpr_icpendente") == 1)
            // Batch 1's job, processed and closed in its transaction, not yet committed.
            let job = try connect(url)
            defer { job.close() }
            try job.execute("BEGIN")
            let r1 = try ProcessamentoRetorno(logger: quietLogger).processar(LoteRetorno(rota: 1, referencia: referenciaSeed, lote: 1), db: job)
            #expect(r1.imoveis == 1)
            // The second imóvel's upload stores its rows and then waits for the closing batch.
            let fim = DispatchSemaphore(value: 0)
            nonisolated(unsafe) var resposta: [UInt8]?
            let (porta, segundo) = (servidor.porta, corpo(1))
            let envio = Thread {
                resposta = try? ClienteHTTP(host: "127.0.0.1", porta: porta).post(caminho, segundo).corpo
                fim.signal()
            }
            envio.start()
            #expect(fim.wait(timeout: .now() + 2) == .timedOut, "o envio espera o lote que fecha")
            try job.execute("COMMIT")
            fim.wait()
            #expect(resposta == [0x2A])
            // Batch 2 is pending with its job in the outbox, and it takes the second imóvel.
            #expect(try valor(db, "SELECT rtpr_nnlote FROM micromedicao.retorno_processamento WHERE rota_id = 1 AND rtpr_icpendente") == 2)
            #expect(try valor(db, "SELECT count(*) FROM jobs.job WHERE id = $1", [LoteRetorno(rota: 1, referencia: referenciaSeed, lote: 2).idJob]) == 1)
            let lotes = try processarLotes(db)
            #expect(lotes.count == 1 && lotes[0].lote == 2 && lotes[0].imoveis == 1)
            #expect(try valor(db, "SELECT count(*) FROM faturamento.mov_conta_prefaturada WHERE mcpf_icatualizarfaturamento = 2") == 0)
            #expect(try valor(db, "SELECT count(*) FROM micromedicao.retorno_processamento WHERE rtpr_icpendente") == 0)
        }
    }

    @Test func doisServidoresNoMesmoBanco() async throws {
        try await withRota { db, url in
            let a = try ServidorTeste(url: url)
            let b = try ServidorTeste(url: url)
            _ = try OperacaoCampo.liberar(grupo: 1, referencia: referenciaSeed, rota: nil, db: db)
            // The phone's calls alternate between the two processes, as behind a load balancer.
            let r = try Celular(host: "127.0.0.1", portas: [a.porta, b.porta], config: Celular.Configuracao(imei: imeiSeed, semente: 4, dataLeitura: diaLeitura)).executar()
            #expect(r.finalizado && r.enviados == r.imoveis)
            #expect(try valor(db, "SELECT count(DISTINCT imov_id) FROM faturamento.mov_conta_prefaturada") == r.imoveis)
            #expect(try texto(db, "SELECT sitl_id::text FROM micromedicao.arquivo_texto_rota WHERE rota_id = 1") == "4")
            #expect(a.processo.log.contains("pacote 1") && b.processo.log.contains("pacote 1"))
        }
    }
}
