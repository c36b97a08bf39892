import Foundation
import GSANModel
import ParcelamentoJudicial
import ParcelamentoJudicialRegras
import Postgres
import TestSupport
import Testing

/// The selection of seed 001's aba Imóvel against a generated utility: several imóveis with one
/// responsible imóvel (which carries the guias), a cliente usuário whose imóveis' bills are taken,
/// the court's rate written item by item (tipo 120), and the agreement's PDF stored.
@Suite(.serialized) struct VariosImoveisTests {
    @Test func severalImoveisOneResponsibleTheirGuiasJurosItemsAndThePDF() async throws {
        try await withUtility { db, _ in
            let alvos = try imoveisEmCobrancaJudicial(db)
            let (a, b) = (try #require(alvos.first), try #require(alvos.dropFirst().first))
            var p = try pedido(db, imovel: a.imovel, cliente: b.cliente, sequencial: 21, parcelas: 4)
            p.filtro.imoveis = [a.imovel, b.imovel]
            // Two imóveis without a responsible one: refused, nothing written.
            let antes = try linhasGravadas(db)
            #expect(throws: (any Error).self) { try EfetuarParcelamento.efetuar(p, db: db) }
            do { _ = try EfetuarParcelamento.efetuar(p, db: db) } catch {
                #expect("\(error)" == "Informe o imóvel responsável pelo parcelamento judicial (há 2 imóveis com contas).")
            }
            #expect(try linhasGravadas(db) == antes)

            p.filtro.imovelResponsavel = b.imovel
            p.taxaJuros = 100  // 1 % a month, the court's rate
            p.negociacao.anexo = Array("%PDF-1.4\n% acordo judicial\n%%EOF\n".utf8)
            let s = try db.withTransaction(readOnly: true) { try SimulacaoParcelamento.simular(p, db: $0) }
            #expect(Set(s.debito.imoveis) == [a.imovel, b.imovel] && s.imovelPrincipal == b.imovel)
            p.negociacao.valorAcordo = Centavos(s.debito.total.value * 9 / 10)
            let (feito, simulacao) = try EfetuarParcelamento.efetuar(p, db: db)
            let acordo = try #require(simulacao?.acordo)
            let id = feito.parcelamento
            let imoveis = try db.query(
                "SELECT imov_id, pjim_icimovelprincipal::int FROM cobranca.parcel_judicial_imov WHERE pjud_id = $1", [id]
            ).map { try $0.decode((Int, Int).self) }
            #expect(Dictionary(imoveis, uniquingKeysWith: { x, _ in x }) == [a.imovel: 2, b.imovel: 1] && imoveis.count == 2)
            // Every guia on the responsible imóvel, in the responsible client's name.
            #expect(try contar(db, "SELECT count(*) FROM faturamento.guia_pagamento WHERE pjud_id = $1 AND (imov_id <> $2 OR clie_id <> $3)",
                               [id, b.imovel, b.cliente]) == 0)
            // The court's rate: the juros items (120) add up to the plan's juros, which is above zero.
            #expect(acordo.plano.juros > .zero)
            #expect(try contar(db, """
                SELECT (sum(i.gpit_vlitem) * 100)::int FROM faturamento.guia_pagamento_item i JOIN faturamento.guia_pagamento g USING (gpag_id)
                WHERE g.pjud_id = $1 AND i.dbtp_id = 120
                """, [id]) == Int(acordo.plano.juros.value))
            // Both imóveis' bills PARCELADA and linked.
            #expect(try contar(db, "SELECT count(DISTINCT imov_id) FROM faturamento.conta WHERE pjud_id = $1 AND dcst_idatual = 5", [id]) == 2)
            let c = try ConsultaParcelamento.carregar(id, db: db)
            #expect(c.anexoBytes == p.negociacao.anexo?.count && c.imoveis.count == 2)
        }
    }

    @Test func aClienteUsuarioBringsTheBillsOfItsImoveis() async throws {
        try await withUtility { db, _ in
            let alvo = try #require(try imoveisEmCobrancaJudicial(db).first)
            var p = try pedido(db, imovel: alvo.imovel, cliente: alvo.cliente, sequencial: 22)
            p.filtro.imoveis = []
            p.filtro.cliente = alvo.cliente
            let s = try db.withTransaction(readOnly: true) { try SimulacaoParcelamento.simular(p, db: $0) }
            // The bills of the imóveis whose usuário the cliente was on each bill's due date.
            let esperadas = try contar(db, """
                SELECT count(*) FROM faturamento.conta c
                WHERE c.dcst_idatual <> 4 AND EXISTS (
                    SELECT 1 FROM cadastro.cliente_imovel u WHERE u.imov_id = c.imov_id AND u.clie_id = $1 AND u.crtp_id = 2
                      AND u.clim_dtrelacaoinicio <= c.cnta_dtvencimentoconta
                      AND (u.clim_dtrelacaofim IS NULL OR u.clim_dtrelacaofim >= c.cnta_dtvencimentoconta))
                """, [alvo.cliente])
            #expect(s.debito.itens.count + s.recusadas.count == esperadas)
            #expect(s.debito.imoveis.contains(alvo.imovel))
        }
    }
}
