import GSANModel
import GSANSeed
import Postgres
import TestSupport
import Testing

@Suite struct SeedLayoutTests {
    @Test(arguments: [1, 199, 200, 1_000, 1_501, 5_000, 123_457, 1_000_000])
    func rotasHoldTwoHundredToFifteenHundredImoveisAndAddUpToN(_ n: Int) {
        let layout = SeedLayout(imoveis: n, seed: 42)
        let sizes = (1...layout.rotas).map { layout.tamanho(rota: $0) }
        #expect(sizes.reduce(0, +) == n)
        if n >= 200 { #expect(sizes.allSatisfy { (200...1_500).contains($0) }, "\(sizes.prefix(8))") }
        #expect(layout.localidades <= 999)
        #expect(layout.rota(imovel: n) == layout.rotas && layout.rota(imovel: 1) == 1)
    }

    @Test func theRandomStreamDependsOnlyOnSeedAndKey() {
        var a = SeedRandom(seed: 7, stream: 2, index: 10)
        var b = SeedRandom(seed: 7, stream: 2, index: 10)
        var c = SeedRandom(seed: 8, stream: 2, index: 10)
        let first = (0..<5).map { _ in a.next() }
        #expect(first == (0..<5).map { _ in b.next() })
        #expect(first != (0..<5).map { _ in c.next() })
    }
}

@Suite(.serialized) struct SeedDatabaseTests {
    @Test func theSameSeedGivesIdenticalTablesAndAnotherSeedDifferentOnes() async throws {
        let (a, again, b, refusal) = try await withMigratedDatabase { connection in
            try seed(connection, imoveis: 600, seed: 7)
            let a = try seedChecksums(connection: connection)
            var refusal = ""
            do { try seed(connection, imoveis: 600, seed: 7) } catch { refusal = "\(error)" }
            try seed(connection, imoveis: 600, seed: 8, substituir: true)
            let b = try seedChecksums(connection: connection)
            try seed(connection, imoveis: 600, seed: 7, substituir: true)
            return (a, try seedChecksums(connection: connection), b, refusal)
        }
        #expect(refusal == "O banco já contém dados (600 imóveis). Use --substituir para apagá-los e gerar de novo.")
        #expect(a == again, "tabelas diferentes: \(a.keys.filter { a[$0] != again[$0] }.sorted())")
        #expect(a["cadastro.imovel"] != b["cadastro.imovel"])
        #expect(a["faturamento.conta"] != b["faturamento.conta"])
        // The GSAN catalogs inserted by the migrations survive --substituir.
        #expect(a["cobranca.cobranca_atividade"] == b["cobranca.cobranca_atividade"])
    }

    @Test func theUtilityIsCoherent() async throws {
        let checks = try await withMigratedDatabase { connection in
            try seed(connection, imoveis: 3_000, seed: 11, meses: 6)
            let queries: [(String, String)] = [
                ("rotas sem imóveis", """
                    SELECT count(*) FROM micromedicao.rota r WHERE NOT EXISTS (
                        SELECT 1 FROM cadastro.imovel i JOIN cadastro.quadra q USING (qdra_id) WHERE q.rota_id = r.rota_id)
                    """),
                ("imóveis sem quadra ou rota", """
                    SELECT count(*) FROM cadastro.imovel i LEFT JOIN cadastro.quadra q USING (qdra_id)
                    WHERE q.rota_id IS NULL
                    """),
                ("rotas fora de 200..1500", """
                    SELECT count(*) FROM (SELECT q.rota_id, count(*) n FROM cadastro.imovel i JOIN cadastro.quadra q
                    USING (qdra_id) GROUP BY 1) x WHERE n NOT BETWEEN 200 AND 1500
                    """),
                ("economias diferentes da soma", """
                    SELECT count(*) FROM cadastro.imovel i WHERE imov_qteconomia <> (SELECT sum(imsc_qteconomia)
                    FROM cadastro.imovel_subcategoria s WHERE s.imov_id = i.imov_id)
                    """),
                ("hidrômetros fora de 4..7 ou da capacidade", """
                    SELECT count(*) FROM micromedicao.hidrometro h JOIN micromedicao.hidrometro_capacidade c USING (hicp_id)
                    WHERE hidr_nndigitosleitura NOT BETWEEN hicp_nndigitosleituraminimo AND hicp_nndigitosleituramaximo
                    """),
                ("imóveis ligados sem usuário vigente", """
                    SELECT count(*) FROM cadastro.imovel i WHERE NOT EXISTS (SELECT 1 FROM cadastro.cliente_imovel c
                    WHERE c.imov_id = i.imov_id AND crtp_id = 2 AND clim_dtrelacaofim IS NULL)
                    """),
                ("débitos da conta diferentes dos cobrados", """
                    SELECT count(*) FROM faturamento.conta c WHERE cnta_vldebitos <> coalesce((SELECT sum(dbcb_vlprestacao)
                    FROM faturamento.debito_cobrado d WHERE d.cnta_id = c.cnta_id), 0)
                    """),
                ("impostos da conta diferentes dos deduzidos", """
                    SELECT count(*) FROM faturamento.conta c WHERE cnta_vlimpostos <> coalesce((SELECT sum(cnid_vlimposto)
                    FROM faturamento.conta_impostos_deduzidos d WHERE d.cnta_id = c.cnta_id), 0)
                    """),
            ]
            var results = try queries.map { ($0.0, try count(connection, $0.1)) }
            let documentos = try connection.query(
                "SELECT coalesce(clie_nncpf, clie_nncnpj) FROM cadastro.cliente").map { try $0.decode(String.self, at: 0) }
            results.append(("CPF/CNPJ inválidos em Swift", documentos.filter { Documento($0) == nil }.count))
            let present: [(String, String)] = [
                ("contas pré-faturadas", "SELECT count(*) FROM faturamento.conta WHERE dcst_idatual = 9"),
                ("contas pagas", "SELECT count(*) FROM arrecadacao.pagamento"),
                ("contas em aberto vencidas", """
                    SELECT count(*) FROM faturamento.conta c WHERE dcst_idatual = 0 AND cnta_dtvencimentoconta < '2025-06-02'
                    AND NOT EXISTS (SELECT 1 FROM arrecadacao.pagamento p WHERE p.cnta_id = c.cnta_id)
                    """),
                ("viradas de hidrômetro", "SELECT count(*) FROM micromedicao.consumo_historico WHERE csan_id = 5"),
                ("anormalidades de leitura", "SELECT count(*) FROM micromedicao.medicao_historico WHERE ltan_idfaturamento IS NOT NULL"),
                ("ligações cortadas", "SELECT count(*) FROM cadastro.imovel WHERE last_id = 5"),
                ("poços", "SELECT count(*) FROM micromedicao.hidrometro_inst_hist WHERE medt_id = 2"),
                ("débitos a cobrar", "SELECT count(*) FROM faturamento.debito_cobrado"),
                ("impostos", "SELECT count(*) FROM faturamento.conta_impostos_deduzidos"),
                ("cronograma comandado", "SELECT count(*) FROM cobranca.cobranca_acao_ativ_crg WHERE caac_tmcomando IS NOT NULL"),
                ("feriados", "SELECT count(*) FROM feriado"),
            ]
            return (results, try present.map { ($0.0, try count(connection, $0.1)) })
        }
        for (what, n) in checks.0 { #expect(n == 0, "\(what): \(n)") }
        for (what, n) in checks.1 { #expect(n > 0, "nenhum(a) \(what)") }
    }

    @Test func constraintsRejectBadRows() async throws {
        let errors = try await withMigratedDatabase { connection in
            try seed(connection, imoveis: 300, seed: 3, meses: 2)
            let statements = [
                "UPDATE faturamento.conta SET cnta_amreferenciaconta = 202413 WHERE cnta_id = 1",
                "UPDATE faturamento.conta SET cnta_vlagua = -0.01 WHERE cnta_id = 1",
                """
                INSERT INTO cobranca.cobranca_documento (cbdo_nnsequenciadocumento, cbdo_tmemissao, cbdo_vldocumento,
                    imov_id, loca_id, qdra_id, iper_id, last_id, lest_id, dotp_id, cbac_id, caac_id)
                SELECT n, now(), 10, 1, 1, 1, 1, 3, 1, 12, 1, 1 FROM generate_series(1, 2) n
                """,
                "UPDATE cadastro.cliente SET clie_nncpf = '52998224724', clie_nncnpj = NULL WHERE clie_id = 1",
                "INSERT INTO atendimentopublico.ordem_servico (svtp_id, orse_tmgeracao, orse_cdsituacao) VALUES (705, now(), 2)",
            ]
            return statements.map { sql -> String? in
                do {
                    try connection.withTransaction { _ = try $0.execute(sql) }
                    return nil
                } catch {
                    return (error as? PostgresError)?.sqlState
                }
            }
        }
        #expect(errors[0] == "23514")  // referência com mês 13
        #expect(errors[1] == "23514")  // valor negativo
        #expect(errors[2] == "23505")  // dois documentos do mesmo imóvel no mesmo comando
        #expect(errors[3] == "23514")  // CPF com dígito errado
        #expect(errors[4] == "23514")  // OS encerrada sem motivo nem data
    }
}
