import GSANCobranca
import GSANModel
import JusCompesa
import JusCompesaRegras
import Postgres
import TestSupport
import Testing

/// `gsan-juscompesa resumo` (the figures ops/demo prints) against what the steps reported.
@Suite(.serialized) struct ResumoTests {
    @Test func theSummaryCountsTheRequestsTheirAnswersAndTheRemessaVersions() async throws {
        try await withUtility(imoveis: 2_000) { db, _ in
            let mes = try #require(Referencia(amReferencia: referenciaSeed))
            let daSemente = try contar(db, "SELECT count(*) FROM juscompesa.imovel_informado")
            try informar(db, imovel: 99_999_901, processo: processoCNJ(11))
            try informar(db, imovel: 99_999_902, processo: processoCNJ(12))
            let semDebito = try #require(try imoveisComuns(db, comDebito: false, quantidade: 1).first)
            try informar(db, imovel: semDebito, processo: processoCNJ(13))

            let antes = try ResumoJusCompesa.consultar(referencia: mes, db: db)
            #expect(antes.informados == daSemente + 3 && antes.pendentes == daSemente + 3)
            #expect(antes.processados == 0 && antes.rejeitados == 0 && antes.versoes.isEmpty)

            let (_, pre) = try executarPreFechamento(db, alvoGrupo1)
            try encerrar(db, alvoGrupo1)
            let (plano, pos) = try executarPosFechamento(db, alvoGrupo1)
            let depois = try ResumoJusCompesa.consultar(referencia: mes, db: db)

            #expect(depois.informados == daSemente + 3 && depois.pendentes == 0)
            #expect(depois.processados == pre.reduce(0) { $0 + $1.incluidos + $1.excluidos })
            #expect(depois.contasEmRevisao == pre.reduce(0) { $0 + $1.contasPostasEmRevisao + $1.contasRetiradasDeRevisao })
            #expect(depois.rejeicoes == [
                ResumoJusCompesa.Rejeicao(motivo: "Imóvel N inexistente.", quantidade: 2),
                ResumoJusCompesa.Rejeicao(motivo: "Imóvel N sem débito: nenhuma conta em aberto.", quantidade: 1),
            ])
            let judiciais = try contar(db, "SELECT count(*) FROM cadastro.imovel WHERE cbst_id = 5")
            let total = try db.query("SELECT coalesce(sum(jcdi_vldebito), 0) FROM juscompesa.debito_imovel")[0].decode(Centavos.self, at: 0)
            #expect(depois.imoveisEmCobrancaJudicial == judiciais)
            #expect(depois.versoes == [
                ResumoJusCompesa.Versao(
                    versao: 1, grupo: 1, localidades: plano.localidades.count, localidadesGravadas: pos.count,
                    concluida: true, imoveis: judiciais, total: total),
            ])
            #expect(total > .zero)
        }
    }
}
