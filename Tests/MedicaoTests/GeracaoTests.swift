import Contratos
import GSANModel
import Medicao
import MedicaoRegras
import Postgres
import TestSupport
import Testing

/// The bulletin of group 1 in 06/2025 over orders written by SQL (Fixture), generated as the
/// job does (GeracaoBoletim in one transaction), with every figure computed by hand.
@Suite(.serialized) struct BoletimGeracaoTests {
    /// The seed's contract 1: VISITA constante 1 12,50 (1011), CORTE constante 3 35,00 (1012, sem
    /// pavimento), RELIGACAO constante 5 45,00 (1013); taxa de sucesso 5,00 %.
    ///
    ///   visitas executadas (imóveis 1, 2, 10–19): 12 × 12,50          = 150,00
    ///   corte executado sem pavimento (imóvel 7)                      =  35,00
    ///   → serviços executados                                         = 185,00
    ///   taxa de sucesso: imóvel 1 pagou 80,00 em 21/06, depois da visita (20/06) → 5 % = 4,00
    ///   descontos: decurso (3) 12,50 + justificativa não aceita (4) 12,50
    ///              + corte indevido (8, ×2) 70,00                     =  95,00
    ///   multa de cada item (os itens da seed têm 5,00 % / 2,00 %, §2.1.6; substitui a contratual):
    ///     VISITA: descontadas 3 e 4 / (12 pagas + 2) = 14,3 % ≥ 5 % → 2 % × 150,00 =  3,00
    ///     CORTE: descontada 8 / (1 paga + 1) = 50 % → 2 % × 35,00            =  0,70
    ///   não realização: 2 % × (189,00 − 70,00)                         =  2,38
    ///   total = 185,00 + 4,00 − 95,00 − 3,00 − 0,70 − 2,38            =  87,92
    ///   sem efeito: 5 (justificada, aceita), 6 (pendente), 9 (corte com pavimento: nenhum item o paga)
    @Test func theBulletinOfAMonthComputedByHand() async throws {
        try await comCompanhia { db, _ in
            var c = Ciclo(db)
            let im = try c.imoveis(20)
            func visita(_ i: Int, _ motivo: Int?, contas: [Int64] = []) throws -> Int64 {
                try c.ordem(try c.documento(acao: 34, imovel: im[i - 1], emissao: "12/06/2025", contas: contas), servico: 1011, motivo: motivo)
            }
            func corte(_ i: Int, _ motivo: Int?, com: Bool) throws -> Int64 {
                try c.ordem(try c.documento(acao: 3, imovel: im[i - 1], emissao: "15/06/2025"), servico: 1012, motivo: motivo, pavimento: (com, com ? "1.50" : "0"))
            }
            let conta = try db.query(
                """
                SELECT cnta_id FROM faturamento.conta c WHERE imov_id = $1
                  AND NOT EXISTS (SELECT 1 FROM arrecadacao.pagamento p WHERE p.cnta_id = c.cnta_id) ORDER BY cnta_id LIMIT 1
                """, [im[0]])[0].decode(Int64.self, at: 0)
            try db.execute(
                """
                INSERT INTO arrecadacao.pagamento (imov_id, cnta_id, pgmt_amreferenciaarrecadacao, pgmt_dtpagamento, pgmt_vlpagamento)
                VALUES ($1, $2, 202506, '2025-06-21', 80.00)
                """, [im[0], conta])
            let o1 = try visita(1, 2, contas: [conta])
            let o2 = try visita(2, 2)
            let o3 = try visita(3, 32)
            let o4 = try visita(4, 70)
            try c.naoAceitar(o4, motivo: 2)
            let o5 = try visita(5, 70)
            try c.naoAceitar(o5, motivo: 2, aceita: true)
            let o6 = try visita(6, nil)
            let o7 = try corte(7, 2, com: false)
            let o8 = try corte(8, 2, com: false)
            try c.naoAceitar(o8, motivo: 1, acao: 3)
            let o9 = try corte(9, 2, com: true)
            let outras = try (10...19).map { try visita($0, 2) }
            let geracao = GeracaoBoletim(logger: silencio)
            #expect(recusa { _ = try db.withTransaction { try geracao.gerar(.grupo(1), referencia: 202506, data: data("01/07/2025"), db: $0) } }
                == "\(GeracaoBoletim.acoesNaoEncerradas) (não encerrada: AVISO DE DEBITO, VISITA DE COBRANCA, ORDEM DE CORTE, FISCALIZACAO DE CORTADOS).")
            try c.encerrarAcoes()
            let r = try db.withTransaction { try geracao.gerar(.grupo(1), referencia: 202506, data: data("01/07/2025"), db: $0) }
            #expect(!r.jaExistia && r.executados == 13)
            #expect([r.servicos, r.taxaSucesso, r.descontos, r.multas, r.total] == ["185,00", "4,00", "95,00", "6,08", "87,92"])
            let descontos = try db.query("SELECT orse_id, cbde_cdtipo, cbde_vldesconto::text FROM cobranca.cobr_boletim_desc WHERE cobm_id = $1 ORDER BY 1", [r.boletim])
                .map { try $0.decode((Int64, Int, String).self) }
            #expect(descontos.map { "\($0.0):\($0.1):\($0.2)" } == ["\(o3):1:12.50", "\(o4):2:12.50", "\(o8):4:70.00"])
            let multas = try db.query(
                "SELECT cbmu_cdtipo, COALESCE(itsc_id, 0), cbmu_vlbase::text, cbmu_vlmulta::text FROM cobranca.cobr_boletim_multa WHERE cobm_id = $1 ORDER BY 1, 2",
                [r.boletim]
            ).map { try $0.decode((Int, Int, String, String).self) }
            #expect(multas.map { "\($0.0):\($0.1):\($0.2):\($0.3)" } == ["2:0:119.00:2.38", "3:1:150.00:3.00", "3:2:35.00:0.70"])
            #expect(try contar(db, "SELECT count(*)::int FROM cobranca.cobr_boletim_sucesso WHERE cobm_id = $1 AND imov_id = $2 AND cbsu_vltxsucesso = 4.00", [r.boletim, im[0]]) == 1)
            let noBoletim = Set(try db.query("SELECT orse_id FROM atendimentopublico.ordem_servico WHERE orse_icboletim = 1").map { try $0.decode(Int64.self, at: 0) })
            #expect(noBoletim == Set([o1, o2, o3, o4, o7, o8] + outras))
            #expect(!noBoletim.contains(o5) && !noBoletim.contains(o6) && !noBoletim.contains(o9))
            #expect(try contar(db, "SELECT count(*)::int FROM cobranca.cob_ac_os_nao_aceitas WHERE caon_icdescontado = 1") == 2)

            // Idempotent: generating again returns the same bulletin, writes nothing.
            let antes = try ChecksumTabelas.calcular(db, excluindo: ["jobs"])
            let deNovo = try db.withTransaction { try geracao.gerar(.grupo(1), referencia: 202506, data: data("02/07/2025"), db: $0) }
            #expect(deNovo.jaExistia && deNovo.boletim == r.boletim)
            #expect(try ChecksumTabelas.calcular(db, excluindo: ["jobs"]) == antes)
            #expect(recusa { _ = try PedidoBoletim.enfileirar(.grupo(1), referencia: 202506, hoje: data("02/07/2025"), db: db) } == GeracaoBoletim.boletimExiste)

            // A penalty a month late: the fiscalização finds July that the corte of imóvel 7, paid in
            // June, was indevido (×2): July's bulletin discounts 70,00; nothing is paid twice.
            //   pagos 0; descontos 70,00; multas: 2 % × max(0, 0 − 70,00) = 0,00 (as duas); total −70,00
            try c.naoAceitar(o7, motivo: 1, acao: 3)
            try db.execute(
                """
                WITH m AS (INSERT INTO cobranca.cobranca_grupo_crg_mes (cbgr_id, cbcm_amreferencia) VALUES (1, 202507) RETURNING cbcm_id),
                     a AS (INSERT INTO cobranca.cobranca_acao_cronograma (cbcm_id, cbac_id) SELECT cbcm_id, 34 FROM m RETURNING cbcr_id)
                INSERT INTO cobranca.cobranca_acao_ativ_crg (cbcr_id, cbat_id, caac_dtprevista, caac_tmcomando, caac_tmrealizacao)
                SELECT cbcr_id, 3, '2025-07-30', now(), now() FROM a
                """)
            let julho = try db.withTransaction { try geracao.gerar(.grupo(1), referencia: 202507, data: data("01/08/2025"), db: $0) }
            #expect([julho.servicos, julho.descontos, julho.multas, julho.total] == ["0,00", "70,00", "0,00", "-70,00"])
            #expect(try contar(db, "SELECT count(*)::int FROM cobranca.cobr_boletim_exec WHERE orse_id = $1", [o7]) == 1)
            #expect(try contar(db, "SELECT count(*)::int FROM cobranca.cobr_boletim_desc WHERE orse_id = $1 AND cobm_id = $2 AND cbde_cdtipo = 4", [o7, julho.boletim]) == 1)

            // The contract's bulletin (§2.6.2): group 1 has both months; another group of contract 1 has none.
            try db.execute("UPDATE cobranca.cobranca_grupo SET cese_id = NULL, empr_id = NULL WHERE cbgr_id <> 1")
            try db.execute(
                """
                INSERT INTO cobranca.cobranca_grupo (cbgr_id, cbgr_dscobrancagrupo, cbgr_dsabreviado, cbgr_amreferencia, cbgr_icexecucaoautomatica, empr_id, cese_id)
                VALUES (99, 'GRUPO TESTE', 'GT', 202506, 1, 2, 1)
                """)
            #expect(recusa { _ = try BoletimContrato.gerar(empresa: 2, contrato: 1, referencia: 202506, hoje: data("05/07/2025"), db: db) }
                == "Não existem grupos concluídos: sem boletim de medição em 06/2025 o(s) grupo(s) 99.")
            try db.execute("UPDATE cobranca.cobranca_grupo SET cese_id = NULL, empr_id = NULL WHERE cbgr_id <> 1")
            let bc = try BoletimContrato.gerar(empresa: 2, contrato: 1, referencia: 202506, hoje: data("05/07/2025"), db: db)
            #expect(bc.numero == 1 && bc.boletins == [r.boletim] && bc.total == Centavos(87_92))
            let bc2 = try BoletimContrato.gerar(empresa: 2, contrato: 1, referencia: 202507, hoje: data("05/08/2025"), db: db)
            #expect(bc2.numero == 2)
            #expect(recusa { _ = try BoletimContrato.gerar(empresa: 2, contrato: 1, referencia: 202507, hoje: data("05/08/2025"), db: db) }
                == "Boletim de contrato de 07/2025 já gerado para o contrato 1: Nº 2.")
        }
    }

    /// Many orders in a deterministic pattern; an independent SQL query (the seed contract's rules
    /// written again, in SQL) recomputes the bulletin's total.
    @Test func anIndependentQueryRecomputesTheTotal() async throws {
        try await comCompanhia(imoveis: 600) { db, _ in
            var c = Ciclo(db)
            for (n, imovel) in try c.imoveis(600).enumerated() {
                let corte = n % 3 == 2
                let d = try c.documento(acao: corte ? 3 : 34, imovel: imovel, emissao: "12/06/2025")
                let motivo: Int? = [2, 2, 2, 2, 32, 70, 2, nil, 4, 3][n % 10]
                let o = try c.ordem(d, servico: corte ? 1012 : 1011, motivo: motivo, pavimento: corte ? (n % 4 == 0, "0.75") : nil)
                if n % 13 == 0, motivo != nil { try c.naoAceitar(o, motivo: n % 2 == 0 ? 1 : 2, acao: corte ? 3 : 34) }
            }
            try c.encerrarAcoes()
            let r = try db.withTransaction { try GeracaoBoletim(logger: silencio).gerar(.grupo(1), referencia: 202506, data: data("01/07/2025"), db: $0) }
            let esperado = try db.query(
                """
                WITH os AS (
                    SELECT o.orse_id, o.svtp_id, o.amen_id,
                           (me.amen_icexecucao = 1 OR COALESCE(g.amea_icgerapagamento = 1, false)) AS exec,
                           p.ospv_icpavimento AS pav, m.mnac_nnmultdesccortesupindev AS mc, m.mnac_nnmultdescservnaoexec AS mn,
                           CASE o.svtp_id WHEN 1011 THEN 12.50 WHEN 1012 THEN 35.00 ELSE 45.00 END AS valor
                    FROM atendimentopublico.ordem_servico o
                    JOIN cobranca.cobranca_documento d ON d.cbdo_id = o.cbdo_id
                    JOIN atendimentopublico.atendimento_motivo_encerramento me ON me.amen_id = o.amen_id
                    LEFT JOIN cobranca.atend_mot_enc_acao_cobr g ON g.amen_id = o.amen_id AND g.cbac_id = d.cbac_id
                    LEFT JOIN atendimentopublico.ordem_servico_pavimento p ON p.orse_id = o.orse_id
                    LEFT JOIN cobranca.cob_ac_os_nao_aceitas n ON n.orse_id = o.orse_id
                    LEFT JOIN cobranca.motivo_nao_aceit_enc_os m ON m.mnac_id = n.mnac_id
                ),
                linhas AS (
                    SELECT svtp_id, CASE WHEN exec AND mc IS NULL AND (svtp_id <> 1012 OR COALESCE(pav, 2) = 2) THEN valor ELSE 0 END AS pago,
                           CASE WHEN amen_id = 32 THEN valor
                                WHEN mc IS NULL THEN 0
                                WHEN NOT exec THEN valor
                                WHEN mc > 0 THEN valor * mc ELSE valor * mn END AS desconto,
                           CASE WHEN exec AND mc IS NULL AND (svtp_id <> 1012 OR COALESCE(pav, 2) = 2) THEN 1 ELSE 0 END AS paga,
                           CASE WHEN amen_id = 32 OR mc IS NOT NULL AND (NOT exec OR mc > 0 OR mn > 0) THEN 1 ELSE 0 END AS penalizada,
                           CASE WHEN exec AND mc IS NOT NULL THEN valor * GREATEST(mc, mn) ELSE 0 END AS fiscalizacao,
                           exec AND mc IS NOT NULL AS nao_realizacao
                    FROM os
                ),
                t AS (SELECT sum(pago) AS pago, sum(desconto) AS descs, sum(paga) AS pagas, sum(penalizada) AS pen,
                             sum(fiscalizacao) AS fisc, bool_or(nao_realizacao) AS nr FROM linhas),
                -- The seed's items have their own fine (5,00 % / 2,00 %, reached): per service type (one item each).
                porItem AS (SELECT sum(pago) AS pago, sum(paga) AS pagas, sum(penalizada) AS pen FROM linhas GROUP BY svtp_id),
                mi AS (SELECT COALESCE(sum(CASE WHEN pen > 0 AND pen * 100 >= 5 * (pagas + pen) THEN round(0.02 * pago, 2) ELSE 0 END), 0) AS multa
                       FROM porItem)
                SELECT (pago - descs - (SELECT multa FROM mi)
                        - CASE WHEN nr THEN round(0.02 * GREATEST(0, pago - fisc), 2) ELSE 0 END)::text,
                       pago::text
                FROM t
                """)[0].decode((String, String).self)
            let gravado = try db.query("SELECT cobm_vltotal::text, cobm_vlservexec::text FROM cobranca.cobr_boletim_medicao WHERE cobm_id = $1", [r.boletim])[0]
                .decode((String, String).self)
            #expect(gravado.0 == esperado.0, "total gravado \(gravado.0), recalculado \(esperado.0)")
            #expect(gravado.1 == esperado.1)
            #expect(r.executados > 200)
        }
    }
}

/// The additive in force, the calculation code 25 and the contract item's fine, read from the
/// database by the generation (the pure rules are in MedicaoRegrasTests).
@Suite(.serialized) struct BoletimAditivoConstanteMultaTests {
    /// Contract 1 with the VISITA item's code changed to 25 (não executada com visita, motivo que gera
    /// pagamento para a ação 34: motivos 3 DEBITO PAGO e 4 DESISTENCIA), an additive from 01/06/2025
    /// with a 10,00 % success rate and another from 02/07/2025 (after the bulletin's date, 01/07) with 20 %.
    ///
    ///   OS a visita motivo 3 (imóvel 1 pagou 80,00 em 21/06, depois do encerramento 20/06): paga 12,50;
    ///        TS 10 % (o aditivo, não os 5 % do contrato nem os 20 % do aditivo futuro) × 80,00 = 8,00
    ///   OS b visita motivo 4: paga 12,50
    ///   OS c visita motivo 2 (executada: a constante 25 não a paga), OS d motivo 69 (não gera pagamento): nada
    ///   OS e visita motivo 32 (decurso): desconto 12,50 no item VISITA
    ///   multa do item VISITA (5,00 % / 2,00 %): 1 descontada / (2 pagas + 1) = 33 % → 2 % × 25,00 = 0,50
    ///   total = 25,00 + 8,00 − 12,50 − 0,50 = 20,00
    @Test func additiveCode25AndItemFineFromTheDatabase() async throws {
        try await comCompanhia { db, _ in
            var c = Ciclo(db)
            let im = try c.imoveis(5)
            try db.execute("UPDATE micromedicao.item_servico SET itse_cdconstantecalculo = 25 WHERE itse_id = 1")
            try db.execute(
                """
                INSERT INTO micromedicao.contrato_empresa_aditivo (cese_id, cead_dtinicio, cead_vladitivo, cead_pctaxasucesso)
                VALUES (1, '2025-06-01', 0, 10.00), (1, '2025-07-02', 1000.00, 20.00)
                """)
            let conta = try db.query(
                """
                SELECT cnta_id FROM faturamento.conta c WHERE imov_id = $1
                  AND NOT EXISTS (SELECT 1 FROM arrecadacao.pagamento p WHERE p.cnta_id = c.cnta_id) ORDER BY cnta_id LIMIT 1
                """, [im[0]])[0].decode(Int64.self, at: 0)
            try db.execute(
                """
                INSERT INTO arrecadacao.pagamento (imov_id, cnta_id, pgmt_amreferenciaarrecadacao, pgmt_dtpagamento, pgmt_vlpagamento)
                VALUES ($1, $2, 202506, '2025-06-21', 80.00)
                """, [im[0], conta])
            func visita(_ i: Int, _ motivo: Int, contas: [Int64] = []) throws -> Int64 {
                try c.ordem(try c.documento(acao: 34, imovel: im[i - 1], emissao: "12/06/2025", contas: contas), servico: 1011, motivo: motivo)
            }
            let a = try visita(1, 3, contas: [conta])
            let b = try visita(2, 4)
            let oc = try visita(3, 2)
            let od = try visita(4, 69)
            let e = try visita(5, 32)
            try c.encerrarAcoes()
            let r = try db.withTransaction { try GeracaoBoletim(logger: silencio).gerar(.grupo(1), referencia: 202506, data: data("01/07/2025"), db: $0) }
            #expect([r.servicos, r.taxaSucesso, r.descontos, r.multas, r.total] == ["25,00", "8,00", "12,50", "0,50", "20,00"])
            let pagas = try db.query("SELECT orse_id FROM cobranca.cobr_boletim_exec WHERE cobm_id = $1 ORDER BY 1", [r.boletim]).map { try $0.decode(Int64.self, at: 0) }
            #expect(pagas == [a, b])
            #expect(try contar(db, "SELECT count(*)::int FROM cobranca.cobr_boletim_desc WHERE cobm_id = $1 AND orse_id = $2 AND cbde_cdtipo = 1", [r.boletim, e]) == 1)
            let multas = try db.query(
                "SELECT cbmu_cdtipo, itsc_id, cbmu_pcmulta::text, cbmu_vlbase::text, cbmu_vlmulta::text FROM cobranca.cobr_boletim_multa WHERE cobm_id = $1", [r.boletim]
            ).map { try $0.decode((Int, Int, String, String, String).self) }
            #expect(multas.map { "\($0.0):\($0.1):\($0.2):\($0.3):\($0.4)" } == ["3:1:2.00:25.00:0.50"])
            #expect(try contar(db, "SELECT count(*)::int FROM atendimentopublico.ordem_servico WHERE orse_id = ANY($1::bigint[]) AND orse_icboletim = 2", [PostgresArray([oc, od])]) == 2)
        }
    }
}

/// A group with no contract of its own whose actions are in two contracts (seed 002 §2.2.3): one
/// bulletin per contract, each with the orders of its actions.
@Suite(.serialized) struct BoletimContratoPorAcaoTests {
    /// Group 1: VISITA (34) and FISCALIZAÇÃO (8) by contract 1, ORDEM DE CORTE (3) by a contract 2 of
    /// the same company whose CORTE item (constante 3) is 40,00 and has no fine of its own.
    ///
    ///   contrato 1: 4 visitas executadas 4 × 12,50 = 50,00; 1 por decurso: desconto 12,50;
    ///               multa do item VISITA (5,00 % / 2,00 %): 1 / (4 + 1) = 20 % → 2 % × 50,00 = 1,00
    ///               total = 50,00 − 12,50 − 1,00 = 36,50
    ///   contrato 2: 3 cortes sem pavimento 3 × 40,00 = 120,00; total 120,00 (o CORTE de 35,00 do contrato 1 não os paga)
    @Test func oneBulletinPerContractOfTheGroupsActions() async throws {
        try await comCompanhia { db, _ in
            try db.execute("UPDATE cobranca.cobranca_grupo SET empr_id = NULL, cese_id = NULL, cbgr_icexecucaoautomatica = 1 WHERE cbgr_id = 1")
            try db.execute(
                """
                INSERT INTO micromedicao.contrato_empresa_servico (cese_id, empr_id, cese_nncontrato, cese_dtiniciocontrato, cese_vlglobal)
                VALUES (2, 2, '002/2025', '2025-01-01', 100000.00)
                """)
            try db.execute("INSERT INTO micromedicao.item_servico_contrato (itsc_id, cese_id, itse_id, itsc_vlitemservcontr) VALUES (20, 2, 2, 40.00)")
            try db.execute("INSERT INTO micromedicao.item_contrato_servico_tipo VALUES (20, 2, 1012)")
            try ContratoDoGrupo.informarAcao(grupo: 1, acao: 34, empresa: 2, contrato: 1, db: db)
            try ContratoDoGrupo.informarAcao(grupo: 1, acao: 8, empresa: 2, contrato: 1, db: db)
            #expect(recusa { _ = try ContratoDoGrupo.contratosDoBoletim(grupo: 1, referencia: 202506, db: db) }?.hasPrefix(
                "Ação de Cobrança « ORDEM DE CORTE » deve ser adicionada") == true)
            try ContratoDoGrupo.informarAcao(grupo: 1, acao: 3, empresa: 2, contrato: 2, db: db)
            #expect(try ContratoDoGrupo.contratosDoBoletim(grupo: 1, referencia: 202506, db: db)
                == [.init(empresa: 2, contrato: 1, acoes: [8, 34]), .init(empresa: 2, contrato: 2, acoes: [3])])

            var c = Ciclo(db)
            let im = try c.imoveis(8)
            var visitas: [Int64] = []
            for i in 0..<5 {
                visitas.append(try c.ordem(try c.documento(acao: 34, imovel: im[i], emissao: "12/06/2025"), servico: 1011, motivo: i == 4 ? 32 : 2))
            }
            var cortes: [Int64] = []
            for i in 5..<8 {
                cortes.append(try c.ordem(try c.documento(acao: 3, imovel: im[i], emissao: "15/06/2025"), servico: 1012, motivo: 2, pavimento: (false, "0")))
            }
            try c.encerrarAcoes()
            let geracao = GeracaoBoletim(logger: silencio)
            let r = try db.withTransaction { try geracao.gerarBoletins(.grupo(1), referencia: 202506, data: data("01/07/2025"), db: $0) }
            #expect(r.map { [$0.servicos, $0.descontos, $0.multas, $0.total] } == [["50,00", "12,50", "1,00", "36,50"], ["120,00", "0,00", "0,00", "120,00"]])
            let porBoletim = try db.query(
                """
                SELECT b.cese_id, array_to_string(array_agg(e.orse_id ORDER BY e.orse_id), ',')
                FROM cobranca.cobr_boletim_medicao b JOIN cobranca.cobr_boletim_exec e USING (cobm_id) WHERE b.cbgr_id = 1 GROUP BY 1 ORDER BY 1
                """).map { try $0.decode((Int, String).self) }
            #expect(porBoletim.map { "\($0.0):\($0.1)" }
                == ["1:" + visitas.prefix(4).map(String.init).joined(separator: ","), "2:" + cortes.map(String.init).joined(separator: ",")])
            // Again: both as they were; the operator is told the bulletin exists.
            let deNovo = try db.withTransaction { try geracao.gerarBoletins(.grupo(1), referencia: 202506, data: data("02/07/2025"), db: $0) }
            #expect(deNovo.map(\.boletim) == r.map(\.boletim) && deNovo.allSatisfy(\.jaExistia))
            #expect(recusa { _ = try PedidoBoletim.enfileirar(.grupo(1), referencia: 202506, hoje: data("02/07/2025"), db: db) } == GeracaoBoletim.boletimExiste)
            #expect(try PedidoBoletim.boletins(.grupo(1), referencia: 202506, db: db) == r.map(\.boletim))
            // Contract 2's bulletin of the month: group 1's bulletin of contract 2 only.
            try db.execute("UPDATE cobranca.cobranca_grupo SET cese_id = NULL, empr_id = NULL WHERE cbgr_id <> 1")
            let bc = try BoletimContrato.gerar(empresa: 2, contrato: 2, referencia: 202506, hoje: data("05/07/2025"), db: db)
            #expect(bc.numero == 1 && bc.boletins == [r[1].boletim] && bc.total == Centavos(120_00))
        }
    }
}
