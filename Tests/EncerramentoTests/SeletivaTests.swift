import Contratos
import EncerramentoOS
import EncerramentoRegras
import FiscalizacaoRegras
import Foundation
import GSANDatabase
import GSANModel
import GSANSupport
import JobRuntime
import Postgres
import TestSupport
import Testing

/// OS seletiva de fiscalização against a real database and real `gsan-encerramento` processes (seed 002
/// §2.5.2.3): the population, a reproducible draw, the jobs per rota and the PDFs, the single-OS mode, the
/// messages, and a worker SIGKILLed in the middle of a rota.
@Suite(.serialized) struct SeletivaTests {
    static let hoje = data("20/06/2025")

    /// Visitas of group 1 closed by the contractor: every third justified (motivo 4), the rest executed (2).
    static func preparar(_ db: PostgresConnection) throws -> (com: [Int64], sem: [Int64]) {
        try emitir(db, acao: 1)
        try emitir(db, acao: 34)
        let visitas = try db.query(
            """
            SELECT o.orse_id FROM atendimentopublico.ordem_servico o JOIN cobranca.cobranca_documento d USING (cbdo_id)
            WHERE d.cbac_id = 34 ORDER BY o.orse_id
            """).map { try $0.decode(Int64.self, at: 0) }
        // Closed as the contractor's return closes them (its unit, RETORNO), in one statement.
        try db.execute(
            """
            UPDATE atendimentopublico.ordem_servico SET orse_cdsituacao = 2, amen_id = CASE WHEN orse_id % 3 = 0 THEN 4 ELSE 2 END,
                orse_tmencerramento = '2025-06-16 10:00-03', unid_idencerramento = 2, orse_dsorigemencerramento = 'RETORNO',
                orse_dsparecerencerramento = 'VISITA ' || orse_id
            WHERE orse_id = ANY($1::bigint[])
            """, [PostgresArray(visitas)])
        let com = visitas.filter { $0 % 3 != 0 }, sem = visitas.filter { $0 % 3 == 0 }
        return (com, sem)
    }

    static func workers(_ url: String, pasta: URL) throws -> TestWorkers {
        try TestWorkers("gsan-encerramento", databaseURL: url, vhost: "gsan_test_encerramento", familyPrefix: "sel",
                        environment: ["GSAN_DOCUMENTOS_DIR": pasta.path])
    }

    static func temporaria() throws -> URL {
        let pasta = FileManager.default.temporaryDirectory.appendingPathComponent("seletiva-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: pasta, withIntermediateDirectories: true)
        return pasta
    }

    /// The fiscalização OS of a generation: (inspected OS, fiscalização OS).
    static func geradas(_ db: PostgresConnection, _ geracao: Int) throws -> [(Int64, Int64)] {
        try db.query(
            """
            SELECT f.orse_idreferencia, f.orse_id FROM atendimentopublico.os_seletiva_item i
            JOIN atendimentopublico.ordem_servico f ON f.orse_id = i.orse_idgerada
            WHERE i.osse_id = $1 AND f.svtp_id = 705 AND f.orse_cdsituacao = 1 ORDER BY 1
            """, [geracao]).map { try $0.decode((Int64, Int64).self) }
    }

    @Test func aGenerationDrawsReproduciblyAndPrintsAFormPerOrderAndOneWithAll() async throws {
        let pasta = try Self.temporaria()
        defer { try? FileManager.default.removeItem(at: pasta) }
        try await comCompanhia(imoveis: 400) { db, url in
            let (com, sem) = try Self.preparar(db)
            try #require(com.count >= 20 && sem.count >= 10, "\(com.count) com conclusão, \(sem.count) sem")
            let filtro = Seletiva.Filtro(grupo: 1, dias: 30)
            let (c, s) = try OSSeletiva.pesquisar(filtro, hoje: Self.hoje, db: db)
            #expect(c == com.count && s == sem.count)
            let workers = try Self.workers(url, pasta: pasta)
            defer { workers.tearDown() }
            try workers.start()
            let g = try OSSeletiva.gerar(filtro, percentual: 10, semente: 7, hoje: Self.hoje, usuario: "FISCAL", familia: workers.family, db: db)
            let sorteadas = Seletiva.sortear(com, quantidade: Seletiva.quantidade(percentual: 10, total: com.count), semente: 7)
            #expect(g.selecionadas == sem.count + sorteadas.count && g.semente == 7)
            #expect(try workers.waitForDone(FiscalizacaoJobs.idPDF(g.job), timeout: 180), "\(workers.logs)")
            let geradas = try Self.geradas(db, g.id)
            // Every OS closed without conclusão (the whole group), and the drawn share of the others, once each.
            #expect(geradas.map(\.0) == (sem + sorteadas).sorted())
            #expect(Set(geradas.map(\.1)).count == geradas.count)
            let p = OSSeletiva.Pasta(raiz: pasta.appendingPathComponent("fiscalizacao"))
            for (_, f) in geradas {
                #expect(FileManager.default.contents(atPath: p.ordem(g.id, f).path)?.starts(with: Array("%PDF".utf8)) == true)
            }
            let todas = try #require(FileManager.default.contents(atPath: p.todas(g.id).path))
            #expect(todas.starts(with: Array("%PDF".utf8)))
            let modo = try FileManager.default.attributesOfItem(atPath: p.todas(g.id).path)[.posixPermissions] as? Int
            #expect(modo == 0o640)
            // Each form and the one with all are in the database with the bytes on disk (gsan arquivos --seletiva).
            let guardados = try ArquivosGerados.listar(tipo: .fiscalizacaoSeletiva, origem: "seletiva-\(g.id)", db: db)
            #expect(guardados.count == geradas.count + 1)
            #expect(guardados.first { $0.chave.hasSuffix("/" + p.todas(g.id).lastPathComponent) }?.sha256 == SHA256.hex(todas))
            // The same generation's PDF job again writes the same bytes.
            try workers.enqueue(JobSpec(id: "\(g.job)/pdf-outra-vez", kind: workers.kind(FiscalizacaoJobs.seletivaPDF), payload: PedidoSeletiva(geracao: g.id)))
            #expect(try workers.waitForDone("\(g.job)/pdf-outra-vez"))
            #expect(FileManager.default.contents(atPath: p.todas(g.id).path) == todas)
            // Those now under inspection leave the population; the same seed over it draws again reproducibly.
            let (c2, s2) = try OSSeletiva.pesquisar(filtro, hoje: Self.hoje, db: db)
            #expect(c2 == com.count - sorteadas.count && s2 == 0)
            // Single-OS mode: the seed's messages, then one.
            let fiscalizada = try #require(geradas.first?.0)
            #expect(recusaDe { _ = try OSSeletiva.gerarUnica(fiscalizada, hoje: Self.hoje, usuario: "FISCAL", db: db) }
                    == "Existe ordem de fiscalização pendente para Ordem de Serviço informada.")
            #expect(recusaDe { _ = try OSSeletiva.gerarUnica(999_999_999, hoje: Self.hoje, usuario: "FISCAL", db: db) }
                    == "Ordem de Serviço não cadastrada.")
            let livre = try #require(com.first { !sorteadas.contains($0) })
            #expect(recusaDe { _ = try OSSeletiva.gerarUnica(livre, hoje: data("20/09/2025"), usuario: "FISCAL", db: db) }
                    == "Quantidade de dias em que a ordem de serviço foi encerrada, supera a quantidade de dias para geração de uma Ordem de Fiscalização.")
            try db.execute("UPDATE atendimentopublico.ordem_servico SET amen_id = 32 WHERE orse_id = $1", [livre])
            #expect(recusaDe { _ = try OSSeletiva.gerarUnica(livre, hoje: Self.hoje, usuario: "FISCAL", db: db) }
                    == "Ordem de Serviço cancelada por decurso de prazo.")
            try db.execute("UPDATE atendimentopublico.ordem_servico SET amen_id = 2 WHERE orse_id = $1", [livre])
            let u = try OSSeletiva.gerarUnica(livre, hoje: Self.hoje, usuario: "FISCAL", familia: workers.family, db: db)
            let gerada = try #require(u.gerada)
            #expect(try Self.geradas(db, u.id).map(\.0) == [livre] && u.selecionadas == 1)
            #expect(try workers.waitForDone(FiscalizacaoJobs.idPDF(u.job), timeout: 120), "\(workers.logs)")
            #expect(FileManager.default.fileExists(atPath: p.ordem(u.id, gerada).path))
        }
    }

    @Test func theFilterMessages() async throws {
        try await comCompanhia(imoveis: 120) { db, _ in
            _ = try Self.preparar(db)
            func pesquisa(_ f: Seletiva.Filtro, hoje: CivilDate = Self.hoje) -> String? {
                recusaDe { _ = try OSSeletiva.pesquisar(f, hoje: hoje, db: db) }
            }
            #expect(pesquisa(.init(grupo: 1, localidadeInicial: 999, dias: 30)) == "Localidade inexistente.")
            #expect(pesquisa(.init(grupo: 1, localidadeInicial: 2, localidadeFinal: 1, dias: 30))
                    == "Localidade Final deve ser maior ou igual à Localidade Inicial.")
            #expect(pesquisa(.init(grupo: 1, servico: 9999, dias: 30)) == "Tipo de Serviço inexistente.")
            #expect(pesquisa(.init(grupo: 1, servico: 1012, dias: 30)) == Seletiva.mensagemNenhuma)
            #expect(pesquisa(.init(grupo: 1, dias: 30), hoje: data("20/08/2025")) == Seletiva.mensagemNenhuma)
            #expect(pesquisa(.init(grupo: 1, dias: 61)) == "Quantidade de Dias de Encerramento da OS deve ser maior que zero e no máximo 60.")
            #expect(pesquisa(.init(grupo: 99, dias: 30)) == "Grupo de cobrança 99 inexistente.")
            #expect(recusaDe { _ = try OSSeletiva.gerar(.init(grupo: 1, dias: 30), percentual: 1, semente: 1, hoje: Self.hoje, usuario: "FISCAL", db: db) }
                    == "Percentual de OS Encerradas c/Conclusão do Serviço para Fiscalizar deve ser no mínimo 2% e no máximo 100%.")
            #expect(try contar(db, "SELECT count(*) FROM atendimentopublico.os_seletiva") == 0)
        }
    }

    @Test func aWorkerKilledInTheMiddleOfARotaLeavesOneInspectionPerOrderDrawn() async throws {
        let pasta = try Self.temporaria()
        defer { try? FileManager.default.removeItem(at: pasta) }
        try await comCompanhia(imoveis: 3_000) { db, url in
            let (_, sem) = try Self.preparar(db)
            let workers = try Self.workers(url, pasta: pasta)
            defer { workers.tearDown() }
            // The opening trâmites wait: each rota job holds its new OS, uncommitted, when the worker dies.
            let bloqueio = try conectar(url)
            defer { bloqueio.close() }
            try bloqueio.execute("BEGIN")
            try bloqueio.execute("LOCK TABLE atendimentopublico.ordem_servico_unidade IN SHARE MODE")
            let primeiro = try workers.start()
            let g = try OSSeletiva.gerar(.init(grupo: 1, dias: 30), percentual: 2, semente: 11, hoje: Self.hoje, usuario: "FISCAL",
                                         familia: workers.family, db: db)
            let presos = try waitUntil(timeout: 60) {
                try JobRecords.count(.state(.running, idLike: g.job + "/rota=%"), db: db) == 2
                    && contar(db, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") >= 2
            }
            #expect(try contar(db, "SELECT count(DISTINCT rota_id) FROM atendimentopublico.os_seletiva_item WHERE osse_id = $1", [g.id]) >= 3)
            let rotas = try contar(db, "SELECT count(DISTINCT rota_id) FROM atendimentopublico.os_seletiva_item WHERE osse_id = $1", [g.id])
            let estados = try JobRecords.list(JobFilter(idLike: g.job + "%"), db: db).map { [$0.id, $0.state.rawValue, String($0.attempts)] }
            #expect(presos, "duas rotas deveriam estar bloqueadas no meio da transação (\(rotas) rotas, \(g.selecionadas) OS): \(estados)\n\(workers.logs)")
            primeiro.kill()
            try bloqueio.execute("ROLLBACK")
            #expect(try contar(db, "SELECT count(*) FROM atendimentopublico.ordem_servico WHERE svtp_id = 705") == 0)
            try workers.start()
            #expect(try workers.waitForDone(FiscalizacaoJobs.idPDF(g.job), timeout: 180), "\(workers.logs)")
            let geradas = try Self.geradas(db, g.id)
            #expect(geradas.count == g.selecionadas && Set(sem).isSubset(of: Set(geradas.map(\.0))))
            #expect(try contar(db, "SELECT count(*) FROM atendimentopublico.ordem_servico WHERE svtp_id = 705") == g.selecionadas)
            #expect(try JobRecords.list(JobFilter(idLike: g.job + "/rota=%"), db: db).filter { $0.attempts == 2 }.count == 2)
            let p = OSSeletiva.Pasta(raiz: pasta.appendingPathComponent("fiscalizacao"))
            #expect(FileManager.default.fileExists(atPath: p.todas(g.id).path))
        }
    }

    @Test func aWorkerKilledWhileStoringTheFormsLeavesOnePDFPerOrderMatchingTheDatabase() async throws {
        let pasta = try Self.temporaria()
        defer { try? FileManager.default.removeItem(at: pasta) }
        try await comCompanhia(imoveis: 400) { db, url in
            _ = try Self.preparar(db)
            let workers = try Self.workers(url, pasta: pasta)
            defer { workers.tearDown() }
            // The stored files wait: the PDF jobs have written their files and hold their batch, uncommitted, when the worker dies.
            let bloqueio = try conectar(url)
            defer { bloqueio.close() }
            try bloqueio.execute("BEGIN")
            try bloqueio.execute("LOCK TABLE arquivo.arquivo_gerado IN SHARE MODE")
            let primeiro = try workers.start()
            let g = try OSSeletiva.gerar(.init(grupo: 1, dias: 30), percentual: 10, semente: 5, hoje: Self.hoje, usuario: "FISCAL",
                                         familia: workers.family, db: db)
            let pdf = FiscalizacaoJobs.idPDF(g.job)
            let presos = try waitUntil(timeout: 60) {
                try JobRecords.count(.state(.running, idLike: pdf + "/%"), db: db) >= 1
                    && contar(db, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") >= 1
            }
            #expect(presos, "um job de PDF deveria estar bloqueado ao gravar no banco\n\(workers.logs)")
            primeiro.kill()
            try bloqueio.execute("ROLLBACK")
            #expect(try contar(db, "SELECT count(*) FROM arquivo.arquivo_gerado") == 0)
            try workers.start()
            #expect(try workers.waitForDone(pdf, timeout: 180), "\(workers.logs)")
            // One PDF per fiscalização OS and the one with all, each stored once with the bytes and digest of its file, mode 640, no temporary left.
            let geradas = try Self.geradas(db, g.id)
            #expect(geradas.count == g.selecionadas)
            let p = OSSeletiva.Pasta(raiz: pasta.appendingPathComponent("fiscalizacao"))
            let guardados = try ArquivosGerados.listar(tipo: .fiscalizacaoSeletiva, origem: "seletiva-\(g.id)", db: db)
            let esperados = geradas.map { p.ordem(g.id, $0.1) } + [p.todas(g.id)]
            #expect(guardados.map(\.chave).sorted() == esperados.map { $0.deletingLastPathComponent().lastPathComponent + "/" + $0.lastPathComponent }.sorted())
            for arquivo in esperados {
                let bytes = try #require(FileManager.default.contents(atPath: arquivo.path))
                let guardado = guardados.first { $0.chave.hasSuffix("/" + arquivo.lastPathComponent) }
                #expect(guardado?.sha256 == SHA256.hex(bytes) && guardado?.tamanho == Int64(bytes.count), "\(arquivo.lastPathComponent)")
                #expect((try FileManager.default.attributesOfItem(atPath: arquivo.path)[.posixPermissions] as? Int) == 0o640)
                #expect(bytes.starts(with: Array("%PDF".utf8)))
            }
            let exportado = try ArquivosGerados.exportar(try #require(guardados.first), para: pasta.appendingPathComponent("saida"), db: db)
            #expect(FileManager.default.contents(atPath: exportado.path)?.isEmpty == false)
            let nomes = try FileManager.default.contentsOfDirectory(atPath: p.geracao(g.id).path)
            #expect(nomes.filter { $0.hasSuffix(".tmp") } == [] && nomes.count == esperados.count)
            #expect(try JobRecords.list(JobFilter(idLike: pdf + "/%"), db: db).contains { $0.attempts >= 2 })
        }
    }

    /// An imóvel with an alternative rota belongs to that rota's group (``AcaoCiclo/rotaDoDocumento``, as its documents and
    /// the bulletin have it): its OS are drawn under the alternative rota's group and recorded under that rota, not its quadra's.
    @Test func anImovelIsDrawnUnderItsAlternativeRota() async throws {
        try await comCompanhia(imoveis: 400) { db, _ in
            let (com, sem) = try Self.preparar(db)
            let fechadas = Set(com + sem)
            // Each closed visita with its imóvel and its quadra's rota (group 1's).
            let visitas = try db.query(
                """
                SELECT o.orse_id, m.imov_id, q.rota_id FROM atendimentopublico.ordem_servico o JOIN cadastro.imovel m USING (imov_id)
                JOIN cadastro.quadra q USING (qdra_id) WHERE o.orse_id = ANY($1::bigint[]) ORDER BY o.orse_id
                """, [PostgresArray(Array(fechadas))]).map { try $0.decode((Int64, Int, Int).self) }
            let x = try #require(visitas.first)
            // A new rota A of a group 2 (the same contractor), without imóveis of its own; imóvel X takes it as its alternative rota.
            try db.execute(
                """
                INSERT INTO cobranca.cobranca_grupo (cbgr_id, cbgr_dscobrancagrupo, cbgr_dsabreviado, cbgr_amreferencia, cbgr_icexecucaoautomatica,
                    empr_id, cese_id)
                SELECT 2, 'GRUPO COBRANCA 2', 'C2', cbgr_amreferencia, cbgr_icexecucaoautomatica, empr_id, cese_id FROM cobranca.cobranca_grupo
                WHERE cbgr_id = 1 ON CONFLICT (cbgr_id) DO NOTHING
                """)
            let a = try contar(
                db,
                """
                INSERT INTO micromedicao.rota (rota_id, rota_cdrota, stcm_id, ftgr_id, cbgr_id, lttp_id, empr_id, empr_idcobranca, leit_id)
                SELECT (SELECT max(rota_id) + 1 FROM micromedicao.rota), (SELECT max(rota_cdrota) + 1 FROM micromedicao.rota), stcm_id, ftgr_id, 2,
                       lttp_id, empr_id, empr_idcobranca, leit_id
                FROM micromedicao.rota WHERE rota_id = $1 RETURNING rota_id
                """, [x.2])
            try db.execute("UPDATE cadastro.imovel SET rota_idalternativa = $2 WHERE imov_id = $1", [x.1, a])
            let deX = Set(visitas.filter { $0.1 == x.1 }.map(\.0))
            // Group 1: every closed visita but X's.
            let g1 = try OSSeletiva.gerar(.init(grupo: 1, dias: 30), percentual: 100, semente: 1, hoje: Self.hoje, usuario: "FISCAL", db: db)
            let itens1 = try db.query("SELECT orse_id FROM atendimentopublico.os_seletiva_item WHERE osse_id = $1", [g1.id])
                .map { try $0.decode(Int64.self, at: 0) }
            #expect(Set(itens1) == fechadas.subtracting(deX) && !deX.isEmpty)
            // Group 2: X's, under rota A.
            let (c2, s2) = try OSSeletiva.pesquisar(.init(grupo: 2, dias: 30), hoje: Self.hoje, db: db)
            #expect(c2 + s2 == deX.count)
            let g2 = try OSSeletiva.gerar(.init(grupo: 2, dias: 30), percentual: 100, semente: 1, hoje: Self.hoje, usuario: "FISCAL", db: db)
            #expect(try linhas(db, "SELECT DISTINCT rota_id::text FROM atendimentopublico.os_seletiva_item WHERE osse_id = $1", [g2.id])
                    == [["\(a)"]])
            #expect(try contar(db, "SELECT count(*) FROM atendimentopublico.os_seletiva_item WHERE osse_id = $1", [g2.id]) == deX.count)
            // One OS of X, informed alone, is recorded under A too.
            try db.execute("DELETE FROM atendimentopublico.os_seletiva_item WHERE osse_id = $1", [g2.id])
            let u = try OSSeletiva.gerarUnica(x.0, hoje: Self.hoje, usuario: "FISCAL", db: db)
            #expect(try contar(db, "SELECT rota_id FROM atendimentopublico.os_seletiva_item WHERE osse_id = $1", [u.id]) == a)
        }
    }
}
