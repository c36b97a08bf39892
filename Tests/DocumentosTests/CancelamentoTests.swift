import Contratos
import Documentos
import DocumentosRegras
import Foundation
import Postgres
import TestSupport
import Testing

/// `gsan comando cancelar-documentos` (seed 002 §2.3.6): each refusal on its own, then the cancel.
@Suite(.serialized) struct CancelamentoTests {
    static func cancelar(
        _ db: PostgresConnection, _ comando: ComandoDocumentos, arquivos: DiretorioArquivos
    ) throws -> CancelamentoDocumentos.Resultado {
        try db.withTransaction { try CancelamentoDocumentos(logger: quietLogger, diretorio: arquivos).cancelar(comando, db: $0) }
    }

    /// The refusal's message, or nil when the cancel would go through (then rolled back).
    static func recusa(_ db: PostgresConnection, _ comando: ComandoDocumentos) throws -> String? {
        try db.execute("BEGIN")
        defer { _ = try? db.execute("ROLLBACK") }
        do {
            _ = try CancelamentoDocumentos(logger: quietLogger, diretorio: DiretorioArquivos(raiz: URL(fileURLWithPath: "/nao-usado"))).cancelar(comando, db: db)
            return nil
        } catch let erro as ErroDocumentos {
            return erro.description
        }
    }

    @Test func eachRuleRefusesWithTheSeedsMessageAndThenTheDocumentsGo() async throws {
        try await withUtility(imoveis: 3_000) { db, _, arquivos in
            try EmissaoTests.umGrupo(db)
            let aviso = try atividade(db, grupo: 1, acao: 1, atividade: 2)
            try executar(db, .cronograma(aviso), arquivos: arquivos)
            let visita = try atividade(db, grupo: 1, acao: 34, atividade: 2)
            let emitido = try executar(db, .cronograma(visita), arquivos: arquivos)
            #expect(emitido.documentos > 10)
            let estado = "SELECT count(*) FROM cobranca.cobranca_documento WHERE caac_id = $1"

            // 1. Not EMITIR.
            let simular = try atividade(db, grupo: 1, acao: 34, atividade: 1)
            #expect(try Self.recusa(db, .cronograma(simular)) == "Só é possível cancelar documentos para atividade EMITIIR.")

            // 2. The action already closed (its ENCERRAR realized).
            let encerrar = try atividade(db, grupo: 1, acao: 34, atividade: 3)
            try db.execute("UPDATE cobranca.cobranca_acao_ativ_crg SET caac_tmcomando = now(), caac_tmrealizacao = now() WHERE caac_id = $1", [encerrar])
            #expect(try Self.recusa(db, .cronograma(visita)) == "Não é possível cancelar documentos para ações de cobrança encerradas.")
            try db.execute("UPDATE cobranca.cobranca_acao_ativ_crg SET caac_tmrealizacao = NULL WHERE caac_id = $1", [encerrar])

            // 3. An order executed (closed with a motive of execution); one closed without execution does not count.
            let ordens = try inteiros(
                db, "SELECT o.orse_id FROM atendimentopublico.ordem_servico o JOIN cobranca.cobranca_documento d USING (cbdo_id) WHERE d.caac_id = $1 ORDER BY 1 LIMIT 2",
                [visita])
            let fechar = "UPDATE atendimentopublico.ordem_servico SET orse_cdsituacao = 2, orse_tmencerramento = orse_tmgeracao + interval '1 day', amen_id = $2 WHERE orse_id = $1"
            try db.execute(fechar, [ordens[0], 69])
            #expect(try Self.recusa(db, .cronograma(visita)) == nil, "encerrada sem execução não impede")
            try db.execute(fechar, [ordens[1], 2])
            #expect(try Self.recusa(db, .cronograma(visita))
                == "Não é possível cancelar os documentos de cobrança deste comando, pois existem ordens de serviços já executadas.")
            try db.execute(
                "UPDATE atendimentopublico.ordem_servico SET orse_cdsituacao = 1, orse_tmencerramento = NULL, amen_id = NULL WHERE orse_id = $1",
                [ordens[1]])

            // 4. A document paid (one of its bills).
            let (imovel, conta) = try db.query(
                """
                SELECT d.imov_id, i.cnta_id FROM cobranca.cobranca_documento_item i JOIN cobranca.cobranca_documento d USING (cbdo_id)
                WHERE d.caac_id = $1 AND i.cnta_id IS NOT NULL ORDER BY i.cdit_id LIMIT 1
                """, [visita])[0].decode((Int, Int64).self)
            let pagamento = try db.query(
                """
                INSERT INTO arrecadacao.pagamento (imov_id, cnta_id, pgmt_amreferenciaarrecadacao, pgmt_dtpagamento, pgmt_vlpagamento)
                VALUES ($1, $2, 202506, DATE '2025-06-13', 10.00) RETURNING pgmt_id
                """, [imovel, conta])[0].decode(Int64.self, at: 0)
            #expect(try Self.recusa(db, .cronograma(visita))
                == "Não é possível cancelar os documentos de cobrança deste comando, pois existem pagamentos já realizados.")
            try db.execute("DELETE FROM arrecadacao.pagamento WHERE pgmt_id = $1", [pagamento])
            #expect(try contar(db, estado, [visita]) == emitido.documentos, "as recusas não gravam nada")

            // The files have people's data: 0640 in a 0750 folder.
            let umArquivo = try #require(
                try db.query("SELECT dcrt_nmarquivopdf FROM cobranca.documento_rota WHERE caac_id = $1 AND dcrt_nmarquivopdf IS NOT NULL LIMIT 1", [visita])
                    .first?.decode(String.self, at: 0))
            func modo(_ caminho: String) throws -> Int {
                try #require(try FileManager.default.attributesOfItem(atPath: caminho)[.posixPermissions] as? Int)
            }
            #expect(try modo(umArquivo) == 0o640 && modo((umArquivo as NSString).deletingLastPathComponent) == 0o750)
            // A path stored in the table is never what gets deleted: a folder put there survives.
            let alheia = FileManager.default.temporaryDirectory.appendingPathComponent("gsan-alheia-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: alheia, withIntermediateDirectories: true)
            try Data("não apagar".utf8).write(to: alheia.appendingPathComponent("dado.txt"))
            defer { try? FileManager.default.removeItem(at: alheia) }
            try db.execute(
                "UPDATE cobranca.documento_rota SET dcrt_nmarquivopdf = $2 WHERE caac_id = $1 AND dcrt_nmarquivopdf IS NOT NULL",
                [visita, alheia.path])

            // Then the cancel: orders and units, items, documents, selection, totals; the files after the commit.
            let resultado = try Self.cancelar(db, .cronograma(visita), arquivos: arquivos)
            #expect(resultado.documentos == emitido.documentos && resultado.itens == emitido.itens && resultado.ordens == emitido.documentos)
            #expect(resultado.arquivos.count == 2 * emitido.rotas.filter { $0.documentos > 0 }.count)
            #expect(resultado.arquivos.allSatisfy { $0.hasPrefix(arquivos.raiz.path + "/") })
            #expect(resultado.arquivos.allSatisfy { FileManager.default.fileExists(atPath: $0) })
            CancelamentoDocumentos.removerArquivos(resultado.arquivos)
            #expect(resultado.arquivos.allSatisfy { !FileManager.default.fileExists(atPath: $0) })
            #expect(FileManager.default.fileExists(atPath: alheia.appendingPathComponent("dado.txt").path), "a pasta gravada na tabela fica")
            #expect(try contar(db, estado, [visita]) == 0)
            #expect(try contar(db, "SELECT count(*) FROM atendimentopublico.ordem_servico") == 0)
            #expect(try contar(db, "SELECT count(*) FROM atendimentopublico.ordem_servico_unidade") == 0)
            #expect(try contar(db, "SELECT count(*) FROM cobranca.documento_rota WHERE caac_id = $1", [visita]) == 0)
            #expect(try contar(db, "SELECT caac_qtdocumentos FROM cobranca.cobranca_acao_ativ_crg WHERE caac_id = $1", [visita]) == 0)
            #expect(try contar(db, estado, [aviso]) > 0, "os documentos de outros comandos ficam")
        }
    }
}
