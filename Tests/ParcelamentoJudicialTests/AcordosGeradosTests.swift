import GSANModel
import GSANSeed
import ParcelamentoJudicial
import Postgres
import TestSupport
import Testing

/// The generator's judicial agreements (issue 19, "Data"): `gsan seed` makes some among the
/// imóveis in judicial collection through ``EfetuarParcelamento``, every third one with an
/// installment left unpaid past its due date, so the first daily batch charges exactly those
/// discounts; generating again makes nothing twice.
@Suite(.serialized) struct AcordosGeradosTests {
    @Test func someAgreementsSomeLateAndTheFirstBatchChargesTheLateOnes() async throws {
        // Enough imóveis for several in judicial collection (1.500 give one agreement).
        try await withUtility(imoveis: 6_000) { db, _ in
            let hoje = SeedOptions.hojePadrao
            let resumo = try AcordosGerados.gerar(hoje: hoje, db: db)
            #expect(resumo.acordos >= 3 && resumo.atrasados >= 1 && resumo.atrasados < resumo.acordos, "\(resumo)")
            #expect(try contar(db, "SELECT count(*) FROM cobranca.parcelamento_judicial WHERE pcst_id = 1") == resumo.acordos)
            // Every agreement is on an imóvel JusCompesa put in judicial collection.
            let emCobranca = Set(try imoveisEmCobrancaJudicial(db).map(\.imovel))
            let principais = try db.query("SELECT imov_id FROM cobranca.parcel_judicial_imov WHERE pjim_icimovelprincipal = 1")
                .map { try $0.decode(Int.self, at: 0) }
            #expect(principais.count == resumo.acordos && principais.allSatisfy { emCobranca.contains($0) })

            // Generating again: the same agreements, the same payments, nothing twice.
            let antes = try linhasGravadas(db) + [try contar(db, "SELECT count(*) FROM arrecadacao.pagamento")]
            let segundo = try AcordosGerados.gerar(hoje: hoje, db: db)
            #expect(segundo == resumo)
            let depois = try linhasGravadas(db) + [try contar(db, "SELECT count(*) FROM arrecadacao.pagamento")]
            #expect(depois == antes, "\(resumo) \(segundo)")

            // The first daily batch: one lost-discount guia per late agreement, none for the others.
            let lote = try db.withTransaction { try PerdaDescontoDiaria.gerar(hoje: hoje, db: $0, logger: quietLogger) }
            #expect(lote.guias.count == resumo.atrasados)
            #expect(try contar(db, "SELECT count(*) FROM faturamento.guia_pagamento WHERE dbtp_id = 123") == resumo.atrasados)
        }
    }
}
