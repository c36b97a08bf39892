import Contratos
import Foundation
import GSANModel
import JusCompesa
import Postgres
import TestSupport
import Testing

/// The post-close step on a generated utility: pre-close, the group's close, post-close.
@Suite(.serialized) struct PosFechamentoTests {
    @Test func theNewBillsGoUnderReviewAndTheRemessaHoldsEachImovelsDebtComputedFromTheBills() async throws {
        try await withUtility(imoveis: 3_000) { db, _ in
            try executarPreFechamento(db, alvoGrupo1)
            let judiciais = try inteiros(db, "SELECT imov_id FROM cadastro.imovel WHERE cbst_id = 5 ORDER BY 1")
            try encerrar(db, alvoGrupo1)
            // The bills the close created for imóveis in judicial collection.
            let novas = try inteiros(
                db,
                """
                SELECT cnta_id FROM faturamento.conta WHERE ftgr_id = 1 AND cnta_amreferenciaconta = $1 AND dcst_idatual = 0
                  AND imov_id = ANY($2::int[]) ORDER BY 1
                """, [referenciaSeed, lista(judiciais)])
            let doGrupo = try inteiros(
                db, "SELECT DISTINCT imov_id FROM faturamento.conta WHERE cnta_id = ANY($1::bigint[]) ORDER BY 1", [lista(novas)])
            #expect(!novas.isEmpty, "o grupo 1 deve ter imóveis em cobrança judicial")
            #expect(try contar(db, "SELECT count(*) FROM faturamento.conta WHERE cnta_id = ANY($1::bigint[]) AND cmrv_id IS NOT NULL", [lista(novas)]) == 0)

            let (plano, partes) = try executarPosFechamento(db, alvoGrupo1)

            #expect(!plano.jaPublicada && plano.remessa.versao == 1 && plano.remessa.referencia == referenciaSeed)
            #expect(partes.count == plano.localidades.count && partes.filter(\.remessaConcluida).count == 1)
            #expect(partes.reduce(0) { $0 + $1.contasPostasEmRevisao } == novas.count)
            #expect(partes.reduce(0) { $0 + $1.imoveis } == judiciais.count)
            // Every open bill of every imóvel in judicial collection is under review; the next
            // reference's pre-billed bills are not bills yet.
            let abertas = try inteiros(db, contasEmAbertoSQL, [lista(judiciais)])
            #expect(try contar(db, "SELECT count(*) FROM faturamento.conta WHERE cnta_id = ANY($1::bigint[]) AND cmrv_id IS NULL", [lista(abertas)]) == 0)
            #expect(try contar(db, "SELECT count(*) FROM faturamento.conta WHERE cnta_id = ANY($1::bigint[]) AND cmrv_id = 6", [lista(novas)]) == novas.count)
            #expect(try contar(db, "SELECT count(*) FROM faturamento.conta WHERE dcst_idatual = 9 AND cmrv_id IS NOT NULL") == 0)
            // The period's final reference moved to the close's bills for the group's imóveis.
            let finais = try db.query(
                """
                SELECT imov_id, cbsh_amcobrancasituacaofim::int FROM cobranca.cobranca_situacao_hist
                WHERE cbsm_id = 4 AND cbsh_amcobrancaretirada IS NULL AND imov_id = ANY($1::int[])
                """, [lista(judiciais)]
            ).map { try $0.decode((Int, Int).self) }
            #expect(finais.count == judiciais.count)
            for (imovel, final) in finais {
                #expect(doGrupo.contains(imovel) ? final == referenciaSeed : final < referenciaSeed, "imóvel \(imovel)")
            }

            // The remessa: concluded, one row per imóvel, each the debt recomputed here from the bills.
            let remessa = try #require(try db.query(
                """
                SELECT jcrd_nnversao::int, jcrd_tmconclusao IS NOT NULL, jcrd_qtimoveis, jcrd_vltotal, jcrd_dtcalculo, ftgr_id
                FROM juscompesa.remessa_debito
                """).first)
            let (versao, concluida, quantidade, total, dataBase, grupo) = try remessa.decode((Int, Bool, Int, Centavos, CivilDate, Int).self)
            #expect(versao == 1 && concluida && quantidade == judiciais.count && grupo == 1)
            #expect(dataBase == CivilDate(year: 2025, month: 6, day: 6), "dia de encerramento do grupo 1 na semente")
            let esperado = try debitosEsperados(db, imoveis: judiciais, dataBase: dataBase)
            let gravado = try linhasDaRemessa(db, versao: 1)
            #expect(gravado.count == esperado.count)
            for (linha, conta) in zip(gravado, esperado) { #expect(linha == conta) }
            #expect(total == esperado.reduce(Centavos.zero) { $0 + $1.total })
            #expect(esperado.contains { $0.acrescimos > .zero } && esperado.contains { $0.contas > .zero })
            // JusCompesa's view shows this version.
            #expect(try contar(db, "SELECT count(*) FROM juscompesa.debito_imovel_atual WHERE jcrd_nnversao = 1") == judiciais.count)

            // Running again for the same close changes nothing.
            let again = try executarPosFechamento(db, alvoGrupo1)
            #expect(again.plano.jaPublicada && again.partes.isEmpty)
            #expect(try contar(db, "SELECT count(*) FROM juscompesa.remessa_debito") == 1)
            #expect(try linhasDaRemessa(db, versao: 1) == gravado)
            let parte = try db.withTransaction { db in
                try PosFechamento(logger: quietLogger).processar(
                    PartePosFechamento(
                        grupoFaturamento: 1, referencia: referenciaSeed, localidade: plano.localidades[0],
                        remessa: plano.remessa.id, parametros: plano.parametros), db: db)
            }
            #expect(parte.jaGravada)
        }
    }

    @Test func eachGroupsClosePublishesANewCompleteVersionAndJusCompesaReadsTheNewest() async throws {
        try await withUtility(imoveis: 3_000) { db, _ in
            try executarPreFechamento(db, alvoGrupo1)
            try encerrar(db, alvoGrupo1)
            try executarPosFechamento(db, alvoGrupo1)
            let alvo2 = ReferenciaDoGrupo(grupoFaturamento: 2, referencia: referenciaSeed)
            try executarPreFechamento(db, alvo2)
            try encerrar(db, alvo2)
            let (plano, _) = try executarPosFechamento(db, alvo2)
            let judiciais = try contar(db, "SELECT count(*) FROM cadastro.imovel WHERE cbst_id = 5")
            #expect(plano.remessa.versao == 2)
            #expect(try inteiros(db, "SELECT DISTINCT jcrd_nnversao::int FROM juscompesa.debito_imovel_atual") == [2])
            #expect(try contar(db, "SELECT count(*) FROM juscompesa.debito_imovel_atual") == judiciais)
            #expect(try inteiros(db, "SELECT jcrd_qtimoveis FROM juscompesa.remessa_debito ORDER BY jcrd_nnversao") == [judiciais, judiciais])
            // Version 2 carries group 2's new bills, version 1 did not.
            let grupo2 = try inteiros(
                db,
                """
                SELECT c.imov_id FROM faturamento.conta c JOIN cadastro.imovel m USING (imov_id)
                WHERE c.ftgr_id = 2 AND c.cnta_amreferenciaconta = $1 AND c.dcst_idatual = 0 AND m.cbst_id = 5 ORDER BY 1
                """, [referenciaSeed])
            try #require(!grupo2.isEmpty)
            #expect(try inteiros(
                db,
                """
                SELECT DISTINCT d.jcdi_amreferenciafinal::int FROM juscompesa.debito_imovel d JOIN juscompesa.remessa_debito r
                USING (jcrd_id) WHERE r.jcrd_nnversao = $1 AND d.imov_id = ANY($2::int[])
                """, [2, lista(grupo2)]) == [referenciaSeed])
            #expect(try contar(
                db,
                """
                SELECT count(*) FROM juscompesa.debito_imovel d JOIN juscompesa.remessa_debito r USING (jcrd_id)
                WHERE r.jcrd_nnversao = 1 AND d.imov_id = ANY($1::int[]) AND d.jcdi_amreferenciafinal = $2
                """, [lista(grupo2), referenciaSeed]) == 0)
            // A concluded version is immutable.
            #expect(throws: PostgresError.self) {
                try db.execute("UPDATE juscompesa.debito_imovel SET jcdi_vlguias = 0 WHERE jcrd_id = $1", [plano.remessa.id])
            }
        }
    }

    @Test func thePostCloseStepRefusesAReferenceNotClosedYetAndWaitsForAVersionBeingWritten() async throws {
        try await withUtility(imoveis: 2_000) { db, _ in
            let pos = PosFechamento(logger: quietLogger)
            #expect(throws: ErroJusCompesa.naoEncerrada(grupo: 1, referencia: referenciaSeed, corrente: referenciaSeed)) {
                try db.withTransaction { _ = try pos.planejar(alvoGrupo1, db: $0) }
            }
            #expect(
                ErroJusCompesa.naoEncerrada(grupo: 1, referencia: referenciaSeed, corrente: referenciaSeed).description
                    == "O faturamento 06/2025 do grupo 1 ainda não foi encerrado (referência corrente 06/2025): a atualização "
                    + "do JusCompesa pós-fechamento só roda depois do encerramento.")
            #expect(throws: ErroJusCompesa.grupoInexistente(77)) {
                try db.withTransaction { _ = try pos.planejar(ReferenciaDoGrupo(grupoFaturamento: 77, referencia: referenciaSeed), db: $0) }
            }
            // Group 1 is still writing its version when group 2's post-close starts.
            try encerrar(db, alvoGrupo1)
            let aberta = try db.withTransaction { try pos.planejar(alvoGrupo1, db: $0) }
            try #require(!aberta.localidades.isEmpty)
            let alvo2 = ReferenciaDoGrupo(grupoFaturamento: 2, referencia: referenciaSeed)
            try encerrar(db, alvo2)
            #expect(throws: ErroJusCompesa.remessaEmEscrita(referencia: referenciaSeed, grupo: 1, versao: 1)) {
                try db.withTransaction { _ = try pos.planejar(alvo2, db: $0) }
            }
            #expect(try contar(db, "SELECT count(*) FROM juscompesa.remessa_debito_vigente") == 0, "em escrita: invisível")
        }
    }
}

/// Parts of a version run at once on several workers: none may wait for another.
@Suite(.serialized) struct PosFechamentoConcorrenciaTests {
    @Test func aPartConcludesItsWriteWhileAnotherPartsTransactionIsStillOpen() async throws {
        try await withUtility(imoveis: 20_000) { db, url in
            try executarPreFechamento(db, alvoGrupo1)
            try encerrar(db, alvoGrupo1)
            let pos = PosFechamento(logger: quietLogger)
            let plano = try db.withTransaction { try pos.planejar(alvoGrupo1, db: $0) }
            try #require(plano.localidades.count >= 2)
            func parte(_ localidade: Int) -> PartePosFechamento {
                PartePosFechamento(
                    grupoFaturamento: 1, referencia: referenciaSeed, localidade: localidade, remessa: plano.remessa.id,
                    parametros: plano.parametros)
            }
            // The last localidade's job is mid-transaction: its rows hold key-share locks on the
            // version (their foreign key). The other parts must still write and count themselves.
            let ultima = plano.localidades.last!
            let imovel = try inteiros(
                db, "SELECT imov_id FROM cadastro.imovel WHERE loca_id = $1 AND cbst_id = 5 ORDER BY 1 LIMIT 1", [ultima])[0]
            let outra = try connect(url)
            defer { outra.close() }
            try outra.execute("BEGIN")
            try outra.execute(
                """
                INSERT INTO juscompesa.debito_imovel (jcrd_id, imov_id, jcdi_qtcontas, jcdi_vlcontas, jcdi_vldebito)
                VALUES ($1, $2, 0, 0, 0)
                """, [plano.remessa.id, imovel])
            try db.execute("SET lock_timeout = '5s'")
            for localidade in plano.localidades.dropLast() {
                let resumo = try db.withTransaction { try pos.processar(parte(localidade), db: $0) }
                #expect(!resumo.remessaConcluida && resumo.imoveis > 0)
            }
            try outra.execute("ROLLBACK")
            let resumo = try db.withTransaction { try pos.processar(parte(ultima), db: $0) }
            #expect(resumo.remessaConcluida)
            #expect(try contar(db, "SELECT count(*) FROM juscompesa.remessa_localidade") == plano.localidades.count)
            #expect(try contar(db, "SELECT jcrd_qtimoveis FROM juscompesa.remessa_debito")
                == contar(db, "SELECT count(*) FROM cadastro.imovel WHERE cbst_id = 5"))
        }
    }
}
