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

    @Test func installmentsFollowTabelaPriceInCentavos() {
        // 1.000,00 in 12 at 1 % a.m.: 88,8488… truncated to 88,84; without juros 83,33 (the
        // last prestação takes the remainder).
        #expect(SeedFinanciamento.prestacao(saldo: Centavos(100_000), taxa: 100, prestacoes: 12) == Centavos(8_884))
        #expect(SeedFinanciamento.prestacao(saldo: Centavos(100_000), taxa: 0, prestacoes: 12) == Centavos(8_333))
        #expect(SeedFinanciamento.prestacao(saldo: Centavos(250_000), taxa: 200, prestacoes: 24) == Centavos(13_217))
        // Never below saldo / n: the juros are never negative, however small the saldo.
        #expect(SeedFinanciamento.prestacao(saldo: Centavos(7), taxa: 100, prestacoes: 6) == Centavos(2))
        // Multa 2 % + juros 1 % a month pro rata die.
        #expect(SeedFinanciamento.acrescimos(valor: Centavos(10_000), dias: 30) == Centavos(300))
        #expect(SeedFinanciamento.acrescimos(valor: Centavos(10_000), dias: 0) == Centavos(200))
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
        #expect(a["cobranca.parcelamento"] != b["cobranca.parcelamento"])
        #expect(a["faturamento.guia_pagamento"] != b["faturamento.guia_pagamento"])
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
            ] + Self.parcelamentoChecks
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
                ("parcelamentos", "SELECT count(*) FROM cobranca.parcelamento WHERE pcst_id = 1"),
                ("contas parceladas", "SELECT count(*) FROM faturamento.conta WHERE dcst_idatual = 5"),
                ("parcelamentos com juros", "SELECT count(*) FROM cobranca.parcelamento WHERE parc_vljurosparcelamento > 0"),
                ("pré-faturadas com prestação de parcelamento", """
                    SELECT count(*) FROM faturamento.debito_cobrado b JOIN faturamento.conta c USING (cnta_id)
                    JOIN faturamento.debito_a_cobrar d USING (dbac_id) WHERE c.dcst_idatual = 9 AND d.parc_id IS NOT NULL
                    """),
                ("guias de serviço", "SELECT count(*) FROM faturamento.guia_pagamento WHERE parc_id IS NULL"),
                ("guias pagas", "SELECT count(*) FROM arrecadacao.pagamento WHERE gpag_id IS NOT NULL"),
                ("cronograma comandado", "SELECT count(*) FROM cobranca.cobranca_acao_ativ_crg WHERE caac_tmcomando IS NOT NULL"),
                ("feriados", "SELECT count(*) FROM feriado"),
            ]
            let parcelamentos = try count(connection, "SELECT count(*) FROM cobranca.parcelamento")
            return (results, try present.map { ($0.0, try count(connection, $0.1)) }, parcelamentos)
        }
        for (what, n) in checks.0 { #expect(n == 0, "\(what): \(n)") }
        for (what, n) in checks.1 { #expect(n > 0, "nenhum(a) \(what)") }
        // About 1.5 % of the imóveis (25 % of the eligible debtors).
        #expect((15...90).contains(checks.2), "parcelamentos em 3.000 imóveis: \(checks.2)")
    }

    /// Each must count 0: a parcelamento is the sum of the contas it absorbed (now
    /// PARCELADAS), its prestações are a débito a cobrar charged in every conta since (the
    /// pré-faturada included), its entrada a guia.
    static let parcelamentoChecks: [(String, String)] = [
        ("parcelamentos com total diferente da soma das contas", """
            SELECT count(*) FROM cobranca.parcelamento p WHERE parc_vlconta <> coalesce((
                SELECT sum(c.cnta_vlagua + c.cnta_vlesgoto + c.cnta_vldebitos - c.cnta_vlcreditos - c.cnta_vlimpostos)
                FROM cobranca.parcelamento_item i JOIN faturamento.conta c USING (cnta_id) WHERE i.parc_id = p.parc_id), -1)
            OR parc_vlconta <> (SELECT sum(pcit_vlitem) FROM cobranca.parcelamento_item i WHERE i.parc_id = p.parc_id)
            """),
        ("contas parceladas sem item (ou itens de contas não parceladas)", """
            SELECT count(*) FROM faturamento.conta c WHERE (c.dcst_idatual = 5) <> EXISTS (
                SELECT 1 FROM cobranca.parcelamento_item i WHERE i.cnta_id = c.cnta_id AND i.parc_id = c.parc_id)
            OR (c.dcst_idatual = 5) <> (c.dcst_idanterior IS NOT NULL)
            """),
        ("itens de outro imóvel, não vencidos no dia ou pagos", """
            SELECT count(*) FROM cobranca.parcelamento_item i JOIN cobranca.parcelamento p USING (parc_id)
            JOIN faturamento.conta c USING (cnta_id) WHERE c.imov_id <> p.imov_id
            OR c.cnta_dtvencimentoconta >= (p.parc_tmparcelamento AT TIME ZONE 'America/Recife')::date
            OR EXISTS (SELECT 1 FROM arrecadacao.pagamento g WHERE g.cnta_id = c.cnta_id)
            """),
        ("débito atualizado, entrada ou prestação incoerentes", """
            SELECT count(*) FROM cobranca.parcelamento WHERE parc_vldebitoatualizado <> parc_vlconta + parc_vlacrescimos
                - parc_vldescontoacrescimos OR parc_vlentrada <= 0 OR parc_vlentrada >= parc_vldebitoatualizado
            OR parc_nnprestacoes NOT BETWEEN 6 AND 24 OR parc_vldescontoacrescimos > parc_vlacrescimos
            OR parc_vlprestacao * parc_nnprestacoes > parc_vldebitoatualizado - parc_vlentrada + parc_vljurosparcelamento
            OR (parc_vlprestacao + 0.01) * parc_nnprestacoes <= parc_vldebitoatualizado - parc_vlentrada
                + parc_vljurosparcelamento
            OR (parc_txjuros = 0) <> (parc_vljurosparcelamento = 0)
            """),
        ("parcelamentos em cobrança judicial ou bloqueados", """
            SELECT count(*) FROM cobranca.parcelamento p JOIN cadastro.imovel i USING (imov_id)
            WHERE i.cbst_id IS NOT NULL OR i.imov_icparcelamentobloqueado = 1
            OR EXISTS (SELECT 1 FROM juscompesa.imovel_informado j WHERE j.imov_id = p.imov_id)
            """),
        ("parcelamentos sem débito a cobrar das prestações", """
            SELECT count(*) FROM cobranca.parcelamento p WHERE NOT EXISTS (SELECT 1 FROM faturamento.debito_a_cobrar d
                WHERE d.parc_id = p.parc_id AND d.imov_id = p.imov_id AND d.dbtp_id = 3
                AND d.dbac_nnprestacaodebito = p.parc_nnprestacoes
                AND d.dbac_vldebito = p.parc_vldebitoatualizado - p.parc_vlentrada + p.parc_vljurosparcelamento)
            """),
        ("prestações cobradas diferentes das contas que as levam", """
            SELECT count(*) FROM faturamento.debito_a_cobrar d WHERE parc_id IS NOT NULL AND dbac_nnprestacaocobradas <> (
                SELECT count(*) FROM faturamento.debito_cobrado b WHERE b.dbac_id = d.dbac_id
                AND b.dbcb_nnprestacaodebito = d.dbac_nnprestacaodebito AND b.dbtp_id = d.dbtp_id)
            """),
        ("parcelamentos sem prestação na conta pré-faturada", """
            SELECT count(*) FROM cobranca.parcelamento p WHERE NOT EXISTS (SELECT 1 FROM faturamento.debito_a_cobrar d
                JOIN faturamento.debito_cobrado b USING (dbac_id) JOIN faturamento.conta c USING (cnta_id)
                WHERE d.parc_id = p.parc_id AND c.dcst_idatual = 9 AND c.imov_id = p.imov_id
                AND b.dbcb_nnprestacao = d.dbac_nnprestacaocobradas)
            """),
        ("parcelamentos sem guia de entrada", """
            SELECT count(*) FROM cobranca.parcelamento p WHERE NOT EXISTS (SELECT 1 FROM faturamento.guia_pagamento g
                WHERE g.parc_id = p.parc_id AND g.imov_id = p.imov_id AND g.dbtp_id = 6 AND g.gpag_vldebito = p.parc_vlentrada)
            """),
        ("guias sem valor positivo", "SELECT count(*) FROM faturamento.guia_pagamento WHERE gpag_vldebito <= 0"),
        ("pagamentos de guia com valor diferente", """
            SELECT count(*) FROM arrecadacao.pagamento p JOIN faturamento.guia_pagamento g USING (gpag_id)
            WHERE p.pgmt_vlpagamento <> g.gpag_vldebito OR p.pgmt_dtpagamento < g.gpag_dtemissao OR p.imov_id <> g.imov_id
            """),
    ]

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
