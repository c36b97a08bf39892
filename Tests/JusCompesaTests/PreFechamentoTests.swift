import Contratos
import Faturamento
import GSANModel
import JusCompesa
import JusCompesaRegras
import Postgres
import TestSupport
import Testing

/// The pre-close step on a generated utility whose JusCompesa table holds the seed's requests
/// plus one of every kind of bad request.
@Suite(.serialized) struct PreFechamentoTests {
    @Test func theReportedImoveisEnterJudicialCollectionWithExactlyTheirOpenBillsUnderReview() async throws {
        try await withUtility(imoveis: 3_000) { db, _ in
            let informados = try inteiros(
                db, "SELECT imov_id FROM juscompesa.imovel_informado WHERE jcii_tmprocessamento IS NULL ORDER BY 1")
            #expect(informados.count >= 3, "a semente deve trazer pedidos do JusCompesa: \(informados)")
            let jaEmRevisao = try inteiros(db, "SELECT cnta_id FROM faturamento.conta WHERE cmrv_id IS NOT NULL ORDER BY 1")
            let abertas = try inteiros(db, contasEmAbertoSQL, [lista(informados)])
            let periodos = try Dictionary(uniqueKeysWithValues: db.query(
                """
                SELECT imov_id, min(cnta_amreferenciaconta)::int, max(cnta_amreferenciaconta)::int FROM faturamento.conta
                WHERE cnta_id = ANY($1::bigint[]) GROUP BY 1
                """, [lista(abertas)]
            ).map { row in let (i, a, b) = try row.decode((Int, Int, Int).self); return (i, (a, b)) })

            let (plano, partes) = try executarPreFechamento(db, alvoGrupo1)

            #expect(plano.rejeitadasSemImovel == 0)
            #expect(partes.reduce(0) { $0 + $1.incluidos } == informados.count)
            #expect(partes.reduce(0) { $0 + $1.rejeitadas } == 0)
            // Under review now: what was before (the seed's judicial imóveis) plus every open bill of the reported ones.
            let emRevisao = try inteiros(db, "SELECT cnta_id FROM faturamento.conta WHERE cmrv_id IS NOT NULL ORDER BY 1")
            #expect(emRevisao == (jaEmRevisao + abertas).sorted())
            #expect(partes.reduce(0) { $0 + $1.contasPostasEmRevisao } == abertas.count)
            #expect(try contar(db, "SELECT count(*) FROM faturamento.conta WHERE cnta_id = ANY($1::bigint[]) AND cmrv_id = 6 AND cnta_dtrevisao IS NOT NULL", [lista(abertas)]) == abertas.count)
            // The situations, each with the whole debt period.
            for imovel in informados {
                let row = try #require(try db.query(
                    """
                    SELECT m.cbst_id::int, m.cbsp_id::int, m.imov_icparcelamentobloqueado::int,
                           (SELECT count(*) FROM cadastro.imovel_cobranca_situacao s
                            WHERE s.imov_id = m.imov_id AND s.cbst_id = 5 AND s.iscb_dtretiradacobranca IS NULL),
                           h.cbsh_amcobrancasituacaoinicio::int, h.cbsh_amcobrancasituacaofim::int, h.cbsh_nnprocessojudicial,
                           r.jcir_cdresultado::int, r.jcir_amreferenciainicial::int, r.jcir_amreferenciafinal::int,
                           r.jcir_qtcontasrevisao, i.jcii_tmprocessamento IS NOT NULL, i.jcii_nnprocessojudicial
                    FROM cadastro.imovel m
                    JOIN cobranca.cobranca_situacao_hist h ON h.imov_id = m.imov_id AND h.cbsm_id = 4 AND h.cbsh_amcobrancaretirada IS NULL
                    JOIN juscompesa.imovel_informado i ON i.imov_id = m.imov_id
                    JOIN juscompesa.imovel_informado_resultado r ON r.jcii_id = i.jcii_id
                    WHERE m.imov_id = $1
                    """, [imovel]).first)
                let v = try row.decode((Int, Int, Int, Int, Int, Int, String?, Int, Int, Int, Int, Bool, String).self)
                let periodo = try #require(periodos[imovel])
                let contas = abertas.filter { conta in (try? contar(db, "SELECT imov_id FROM faturamento.conta WHERE cnta_id = $1", [conta])) == imovel }.count
                #expect(v.0 == 5 && v.1 == 1 && v.2 == 1 && v.3 == 1, "imóvel \(imovel)")
                #expect(v.4 == periodo.0 && v.5 == periodo.1 && v.6 == v.12, "imóvel \(imovel)")
                #expect(v.7 == 1 && v.8 == periodo.0 && v.9 == periodo.1 && v.10 == contas && v.11, "imóvel \(imovel)")
            }
            // The pre-billed bills of the reference are not bills yet: never under review.
            #expect(try contar(db, "SELECT count(*) FROM faturamento.conta WHERE dcst_idatual = 9 AND cmrv_id IS NOT NULL") == 0)

            // A second run finds nothing pending and changes nothing.
            let antes = try contar(db, "SELECT count(*) FROM faturamento.conta WHERE cmrv_id = 6")
            let again = try executarPreFechamento(db, alvoGrupo1)
            #expect(again.plano.partes.isEmpty && again.partes.isEmpty)
            #expect(try contar(db, "SELECT count(*) FROM faturamento.conta WHERE cmrv_id = 6") == antes)
            #expect(try contar(db, "SELECT count(*) FROM juscompesa.imovel_informado_resultado") == informados.count)
        }
    }
}

/// Issue 23: the JusCompesa steps write the close's processing date (`gsan-scheduler --hoje`),
/// not the server's clock: implantação of the situation, review date of the bills.
@Suite(.serialized) struct DataDeProcessamentoTests {
    @Test func theJusCompesaStepsWriteTheClosesProcessingDateNotTheClock() async throws {
        try await withUtility(imoveis: 3_000) { db, _ in
            let hoje = try #require(CivilDate(year: 2025, month: 6, day: 25))
            let relogio = try db.query("SELECT current_date")[0].decode(CivilDate.self, at: 0)
            try #require(relogio != hoje)
            let alvo = ReferenciaDoGrupo(grupoFaturamento: 1, referencia: referenciaSeed, hoje: hoje)
            let informados = try inteiros(
                db, "SELECT imov_id FROM juscompesa.imovel_informado WHERE jcii_tmprocessamento IS NULL ORDER BY 1")
            #expect(informados.count >= 3)
            let abertas = try inteiros(db, contasEmAbertoSQL, [lista(informados)])

            try executarPreFechamento(db, alvo)

            #expect(!abertas.isEmpty)
            #expect(try contar(
                db, "SELECT count(*) FROM faturamento.conta WHERE cnta_id = ANY($1::bigint[]) AND cmrv_id = 6 AND cnta_dtrevisao = $2",
                [lista(abertas), hoje]) == abertas.count)
            #expect(try contar(
                db, """
                    SELECT count(*) FROM cadastro.imovel_cobranca_situacao
                    WHERE imov_id = ANY($1::int[]) AND cbst_id = 5 AND iscb_dtretiradacobranca IS NULL AND iscb_dtimplantacaocobranca = $2
                    """, [lista(informados), hoje]) == informados.count)

            // The close, then the post-close step: the new bills of the judicial imóveis go under review on that date.
            try encerrar(db, alvo)
            let judiciais = try inteiros(db, "SELECT imov_id FROM cadastro.imovel WHERE cbst_id = 5 ORDER BY 1")
            let novas = try inteiros(
                db,
                """
                SELECT cnta_id FROM faturamento.conta WHERE ftgr_id = 1 AND cnta_amreferenciaconta = $1 AND dcst_idatual = 0
                  AND imov_id = ANY($2::int[]) AND cmrv_id IS NULL ORDER BY 1
                """, [referenciaSeed, lista(judiciais)])
            #expect(!novas.isEmpty)
            try executarPosFechamento(db, alvo)
            #expect(try contar(
                db, "SELECT count(*) FROM faturamento.conta WHERE cnta_id = ANY($1::bigint[]) AND cmrv_id = 6 AND cnta_dtrevisao = $2",
                [lista(novas), hoje]) == novas.count)
        }
    }
}

@Suite(.serialized) struct PreFechamentoRejeicaoTests {
    @Test func everyBadRequestIsAnsweredWithItsReasonAndChangesNothing() async throws {
        try await withUtility(imoveis: 3_000) { db, _ in
            let comDebito = try imoveisComuns(db, comDebito: true, quantidade: 6)
            let semDebito = try #require(try imoveisComuns(db, comDebito: false, quantidade: 1).first)
            let judiciais = try inteiros(db, "SELECT imov_id FROM cadastro.imovel WHERE cbst_id = 5 ORDER BY 1 LIMIT 2")
            try #require(comDebito.count == 6 && judiciais.count == 2)
            let (duplicado, excluido, outraSituacao, processoRuim, semProcesso, letras) =
                (comDebito[0], comDebito[1], comDebito[2], comDebito[3], comDebito[4], comDebito[5])
            try db.execute("UPDATE cadastro.imovel SET imov_icexclusao = 1 WHERE imov_id = $1", [excluido])
            try db.execute("INSERT INTO cobranca.cobranca_situacao_motivo VALUES (9, 'ACORDO ADMINISTRATIVO', 1)")
            try db.execute(
                """
                INSERT INTO cobranca.cobranca_situacao_hist (imov_id, cbsp_id, cbsm_id, cbsh_amcobrancasituacaoinicio,
                    cbsh_amcobrancasituacaofim, cbsh_tminforma) VALUES ($1, 1, 9, 202501, 202505, now())
                """, [outraSituacao])
            try db.execute("DELETE FROM juscompesa.imovel_informado")  // only this test's requests
            let revisaoAntes = try inteiros(db, "SELECT cnta_id FROM faturamento.conta WHERE cmrv_id IS NOT NULL ORDER BY 1")
            let contasDoExcluido = try contar(
                db, "SELECT count(*) FROM faturamento.conta WHERE imov_id = $1 AND cmrv_id = 6", [judiciais[1]])

            let pedidos: [(id: Int, esperado: String?)] = [
                (try informar(db, imovel: 99_999_999, processo: processoCNJ(1)), "Imóvel 99999999 inexistente."),
                (try informar(db, imovel: semDebito, processo: processoCNJ(2)), "Imóvel \(semDebito) sem débito: nenhuma conta em aberto."),
                (try informar(db, imovel: judiciais[0], processo: processoCNJ(3)), "Imóvel \(judiciais[0]) já está em cobrança judicial."),
                (try informar(db, imovel: duplicado, processo: processoCNJ(4)), nil),
                (try informar(db, imovel: duplicado, processo: processoCNJ(4)), "Imóvel \(duplicado) já está em cobrança judicial."),
                (try informar(db, imovel: excluido, processo: processoCNJ(5)), "Imóvel \(excluido) excluído do cadastro."),
                (try informar(db, imovel: outraSituacao, processo: processoCNJ(6)),
                 "Imóvel \(outraSituacao) tem situação especial de cobrança vigente com outro motivo (9); retire-a antes de incluí-lo."),
                (try informar(db, imovel: processoRuim, processo: "0000007-00.2025.8.17.0001"),
                 "Número do processo judicial inválido: 0000007-00.2025.8.17.0001 (formato NNNNNNN-DD.AAAA.J.TR.OOOO, dígitos verificadores conferidos)."),
                (try informar(db, imovel: semProcesso, processo: nil), "Número do processo judicial não informado."),
                (try informar(db, imovel: letras, processo: "PROCESSO SEM NUMERO"),
                 "Número do processo judicial inválido: PROCESSO SEM NUMERO (formato NNNNNNN-DD.AAAA.J.TR.OOOO, dígitos verificadores conferidos)."),
                (try informar(db, imovel: semDebito, operacao: "E", processo: nil), "Imóvel \(semDebito) não está em cobrança judicial."),
                (try informar(db, imovel: judiciais[1], operacao: "E", processo: nil), nil),
            ]

            let (plano, partes) = try executarPreFechamento(db, alvoGrupo1)

            #expect(plano.rejeitadasSemImovel == 1)
            #expect(partes.reduce(0) { $0 + $1.rejeitadas } == 9)
            #expect(partes.reduce(0) { $0 + $1.incluidos } == 1 && partes.reduce(0) { $0 + $1.excluidos } == 1)
            for pedido in pedidos {
                let row = try #require(try db.query(
                    """
                    SELECT r.jcir_cdresultado::int, r.jcir_dsmotivo, i.jcii_tmprocessamento IS NOT NULL
                    FROM juscompesa.imovel_informado_resultado r JOIN juscompesa.imovel_informado i USING (jcii_id)
                    WHERE jcii_id = $1
                    """, [pedido.id]).first, "pedido \(pedido.id) sem resultado")
                let (codigo, motivo, processado) = try row.decode((Int, String?, Bool).self)
                #expect(codigo == (pedido.esperado == nil ? 1 : 2) && motivo == pedido.esperado && processado)
            }
            // Nothing of the refused requests was applied: the only new bills under review are the
            // included imóvel's, and the withdrawn imóvel's left review.
            let abertasDuplicado = try inteiros(db, contasEmAbertoSQL, [lista([duplicado])])
            let revisaoDepois = try inteiros(db, "SELECT cnta_id FROM faturamento.conta WHERE cmrv_id IS NOT NULL ORDER BY 1")
            let doExcluido = try inteiros(db, "SELECT cnta_id FROM faturamento.conta WHERE imov_id = $1 ORDER BY 1", [judiciais[1]])
            #expect(revisaoDepois == (revisaoAntes.filter { !doExcluido.contains($0) } + abertasDuplicado).sorted())
            #expect(try contar(
                db, "SELECT count(*) FROM cadastro.imovel WHERE cbst_id = 5 AND imov_id = ANY($1::int[])",
                [lista([semDebito, excluido, outraSituacao, processoRuim, semProcesso, letras])]) == 0)
            #expect(try contar(
                db, "SELECT count(*) FROM cobranca.cobranca_situacao_hist WHERE cbsm_id = 4 AND imov_id = ANY($1::int[])",
                [lista([semDebito, excluido, outraSituacao, processoRuim, semProcesso, letras])]) == 0)
            // The withdrawal: situations closed at the reference, parcelamento unblocked, its bills out of review.
            let retirada = try #require(try db.query(
                """
                SELECT m.cbst_id::int, m.cbsp_id::int, m.imov_icparcelamentobloqueado::int,
                       (SELECT count(*) FROM cadastro.imovel_cobranca_situacao s WHERE s.imov_id = m.imov_id
                        AND s.iscb_dtretiradacobranca IS NULL),
                       (SELECT h.cbsh_amcobrancaretirada::int FROM cobranca.cobranca_situacao_hist h WHERE h.imov_id = m.imov_id
                        AND h.cbsm_id = 4),
                       r.jcir_qtcontasrevisao, r.jcir_amreferenciainicial::int, r.jcir_amreferenciafinal::int
                FROM cadastro.imovel m, juscompesa.imovel_informado_resultado r
                WHERE m.imov_id = $1 AND r.jcii_id = $2
                """, [judiciais[1], pedidos[11].id]).first)
            let r = try retirada.decode((Int?, Int?, Int, Int, Int, Int, Int, Int).self)
            #expect(r.0 == nil && r.1 == nil && r.2 == 2 && r.3 == 0 && r.4 == referenciaSeed)
            #expect(contasDoExcluido > 0 && r.5 == contasDoExcluido && r.6 == 202502 && r.7 == 202505)
        }
    }
}
