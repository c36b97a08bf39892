import Contratos
import FaturamentoRegras
import Foundation
import GSANCobranca
import GSANModel
import GSANSeed
import Logging
import JobRuntime
import Postgres
import TestSupport
import Testing
@testable import Faturamento

let quiet = Logger(label: "gsan.tests.faturamento") { _ in SwiftLogNoOpLogHandler() }

/// The generated utility's first group and its open reference (06/2025, the seed's default today).
let alvo = ReferenciaDoGrupo(grupoFaturamento: 1, referencia: 202506)

func semear(_ db: PostgresConnection, imoveis: Int = 600) throws {
    try Seeder(options: SeedOptions(imoveis: imoveis, seed: 7, meses: 4), logger: quiet).run(connection: db)
}

func contar(_ db: PostgresConnection, _ sql: String, _ binds: [(any PostgresEncodable)?] = []) throws -> Int {
    try db.query(sql, binds)[0].decode(Int.self, at: 0)
}

@Suite(.serialized) struct EncerramentoTests {
    @Test func theCloseBillsTheReferenceAdvancesTheGroupAndPreBillsTheNext() async throws {
        try await withMigratedDatabase { db in
            try semear(db)
            let preFaturadas = try contar(
                db, "SELECT count(*) FROM faturamento.conta WHERE ftgr_id = 1 AND cnta_amreferenciaconta = 202506 AND dcst_idatual = 9")
            #expect(preFaturadas > 0)
            let outrosGrupos = try contar(db, "SELECT count(*) FROM faturamento.conta WHERE ftgr_id <> 1 AND dcst_idatual = 9")

            let resultado = try db.withTransaction { try Encerramento(logger: quiet).encerrar(alvo, jobID: "teste", db: $0) }

            #expect(resultado.contasFaturadas == preFaturadas)
            #expect(resultado.proximaReferencia == 202507)
            #expect(resultado.contasPreFaturadas == preFaturadas)
            #expect(try contar(db, "SELECT ftgr_amreferencia FROM faturamento.faturamento_grupo WHERE ftgr_id = 1") == 202507)
            #expect(try contar(
                db, "SELECT count(*) FROM faturamento.conta WHERE ftgr_id = 1 AND cnta_amreferenciaconta = 202506 AND dcst_idatual = 9") == 0)
            #expect(try contar(
                db, """
                    SELECT count(*) FROM faturamento.conta WHERE ftgr_id = 1 AND cnta_amreferenciaconta = 202506
                      AND dcst_idatual = 0 AND dcst_idanterior = 9 AND cnta_dtemissao IS NOT NULL AND cnta_vlagua > 0
                    """) == preFaturadas)
            // The next reference: one pre-billed conta per billed imóvel, with economias and
            // the group's due day; other groups untouched.
            #expect(try contar(
                db, """
                    SELECT count(*) FROM faturamento.conta c WHERE ftgr_id = 1 AND cnta_amreferenciaconta = 202507
                      AND dcst_idatual = 9 AND EXTRACT(day FROM cnta_dtvencimentoconta) = (
                          SELECT ftgr_nndiavencimento FROM faturamento.faturamento_grupo WHERE ftgr_id = 1)
                      AND EXISTS (SELECT 1 FROM faturamento.conta_categoria cc WHERE cc.cnta_id = c.cnta_id)
                    """) == preFaturadas)
            #expect(try contar(db, "SELECT count(*) FROM faturamento.conta WHERE ftgr_id <> 1 AND dcst_idatual = 9") == outrosGrupos)
            // The totals stored agree with the rows.
            let somas = try db.query(
                "SELECT sum(cnta_vlagua), sum(cnta_vlesgoto) FROM faturamento.conta WHERE ftgr_id = 1 AND cnta_amreferenciaconta = 202506"
            )[0].decode((Centavos, Centavos).self)
            #expect(somas.0 == resultado.valorAgua)
            #expect(somas.1 == resultado.valorEsgoto)
            // Lines of each bill add up to the bill.
            #expect(try contar(
                db, """
                    SELECT count(*) FROM faturamento.conta c
                    JOIN (SELECT cnta_id, sum(ctcg_vlagua) a, sum(ctcg_vlesgoto) e FROM faturamento.conta_categoria GROUP BY cnta_id) l
                      USING (cnta_id)
                    WHERE c.cnta_amreferenciaconta = 202506 AND c.ftgr_id = 1 AND (l.a <> c.cnta_vlagua OR l.e <> c.cnta_vlesgoto)
                    """) == 0)
            // The billing calendar of the next reference exists, PRÉ-FATURAR realized.
            #expect(try contar(
                db, """
                    SELECT count(*) FROM faturamento.fatur_ativ_cronograma a
                    JOIN faturamento.faturamento_grupo_cron_mensal m USING (ftcm_id)
                    WHERE m.ftgr_id = 1 AND m.ftcm_amreferencia = 202507 AND a.ftat_id = 0 AND a.ftac_tmrealizacao IS NOT NULL
                    """) == 1)
        }
    }

    /// The tariff rule applied to every bill the generator billed in earlier months (which it
    /// priced with its own code) gives the same water values: two implementations agree.
    @Test func theTariffRuleReproducesTheGeneratedHistory() async throws {
        try await withMigratedDatabase { db in
            try semear(db, imoveis: 400)
            let tarifas = try Tarifas.vigentes(em: CivilDate(year: 2025, month: 1, day: 1)!, db: db)
            let rows = try db.query(
                """
                SELECT c.cnta_id, c.cnta_nnconsumoagua, c.cnta_vlagua, c.cstf_id::int,
                       string_agg(cc.catg_id || ':' || cc.scat_id || ':' || cc.ctcg_qteconomia, ',' ORDER BY cc.scat_id)
                FROM faturamento.conta c JOIN faturamento.conta_categoria cc USING (cnta_id)
                WHERE c.dcst_idatual <> 9 AND c.cnta_vlagua > 0
                GROUP BY c.cnta_id ORDER BY c.cnta_id
                """)
            #expect(rows.count > 500)
            var divergentes: [Int64] = []
            for row in rows {
                let (id, consumo, agua, tarifa, texto) = try row.decode((Int64, Int, Centavos, Int, String).self)
                let economias = texto.split(separator: ",").map { item in
                    let p = item.split(separator: ":").map { Int($0)! }
                    return LinhaEconomias(categoria: p[0], subcategoria: p[1], quantidade: p[2])
                }
                let calculada = try CalculoConta.calcular(
                    consumo: consumo, economias: economias, tarifa: tarifa, tarifas: tarifas[tarifa] ?? [:],
                    percentualEsgotoCentesimos: 0, esgotoLigado: false)
                if calculada.agua != agua { divergentes.append(id) }
            }
            #expect(divergentes.isEmpty, "contas com valor divergente: \(divergentes.prefix(10))")
        }
    }

    @Test func closingTwiceClosesOnce() async throws {
        try await withMigratedDatabase { db in
            try semear(db, imoveis: 300)
            let encerramento = Encerramento(logger: quiet)
            let primeiro = try db.withTransaction { try encerramento.encerrar(alvo, jobID: "a", db: $0) }
            let contas = try contar(db, "SELECT count(*) FROM faturamento.conta")
            let segundo = try db.withTransaction { try encerramento.encerrar(alvo, jobID: "b", db: $0) }
            #expect(segundo == primeiro)
            #expect(try contar(db, "SELECT count(*) FROM faturamento.conta") == contas)
            #expect(try contar(db, "SELECT ftgr_amreferencia FROM faturamento.faturamento_grupo WHERE ftgr_id = 1") == 202507)
        }
    }

    /// A category without tariff stops the close: nothing billed, the reference stays open.
    @Test func aCloseThatFailsLeavesTheReferenceOpen() async throws {
        try await withMigratedDatabase { db in
            try semear(db, imoveis: 300)
            let categoria = try contar(
                db, """
                    SELECT min(cc.catg_id) FROM faturamento.conta_categoria cc JOIN faturamento.conta c USING (cnta_id)
                    WHERE c.ftgr_id = 1 AND c.dcst_idatual = 9
                    """)
            try db.execute(
                "DELETE FROM faturamento.consumo_tarifa_faixa WHERE cstc_id IN (SELECT cstc_id FROM faturamento.consumo_tarifa_categoria WHERE catg_id = $1)",
                [categoria])
            try db.execute("DELETE FROM faturamento.consumo_tarifa_categoria WHERE catg_id = $1", [categoria])
            let antes = try contar(db, "SELECT count(*) FROM faturamento.conta WHERE dcst_idatual = 9")

            let erro = thrown(Encerramento.Erro.self) {
                _ = try db.withTransaction { try Encerramento(logger: quiet).encerrar(alvo, jobID: "x", db: $0) }
            }
            #expect(erro?.description.contains("Não há tarifa vigente para a categoria \(categoria)") == true)
            #expect(try contar(db, "SELECT ftgr_amreferencia FROM faturamento.faturamento_grupo WHERE ftgr_id = 1") == 202506)
            #expect(try contar(db, "SELECT count(*) FROM faturamento.conta WHERE dcst_idatual = 9") == antes)
            #expect(try contar(db, "SELECT count(*) FROM faturamento.faturamento_encerramento") == 0)
        }
    }

    /// Issue 23: the month runs on a simulated date (`gsan-scheduler --hoje`); the close writes
    /// the job's processing date — the bills' emission, the close's date, PRÉ-FATURAR of the next
    /// reference — not the server's clock.
    @Test func theCloseWritesItsProcessingDateNotTheClock() async throws {
        try await withMigratedDatabase { db in
            try semear(db, imoveis: 300)
            let hoje = try #require(CivilDate(year: 2025, month: 6, day: 25))
            let relogio = try db.query("SELECT current_date")[0].decode(CivilDate.self, at: 0)
            try #require(relogio != hoje)
            let preFaturadas = try contar(
                db, "SELECT count(*) FROM faturamento.conta WHERE ftgr_id = 1 AND cnta_amreferenciaconta = 202506 AND dcst_idatual = 9")
            #expect(preFaturadas > 0)
            let comData = ReferenciaDoGrupo(grupoFaturamento: 1, referencia: 202506, hoje: hoje)
            _ = try db.withTransaction { try Encerramento(logger: quiet).encerrar(comData, jobID: "t", db: $0) }

            #expect(try contar(
                db, """
                    SELECT count(*) FROM faturamento.conta WHERE ftgr_id = 1 AND cnta_amreferenciaconta = 202506
                      AND dcst_idatual = 0 AND dcst_idanterior = 9 AND cnta_dtemissao = $1
                    """, [hoje]) == preFaturadas)
            #expect(try contar(
                db, "SELECT count(*) FROM faturamento.faturamento_encerramento WHERE ftgr_id = 1 AND ften_dtencerramento = $1",
                [hoje]) == 1)
            #expect(try contar(
                db, """
                    SELECT count(*) FROM faturamento.fatur_ativ_cronograma a
                    JOIN faturamento.faturamento_grupo_cron_mensal m USING (ftcm_id)
                    WHERE m.ftgr_id = 1 AND m.ftcm_amreferencia = 202507 AND a.ftat_id = 0 AND a.ftac_dtprevista = $1
                    """, [hoje]) == 1)
        }
    }

    /// The payload carries the date; one written before it (no `hoje`) still decodes, as the real date.
    @Test func theClosePayloadCarriesTheDateAndOldPayloadsStillDecode() throws {
        let hoje = try #require(CivilDate(year: 2025, month: 6, day: 25))
        let comData = ReferenciaDoGrupo(grupoFaturamento: 1, referencia: 202506, hoje: hoje)
        let lido = try JSONDecoder().decode(ReferenciaDoGrupo.self, from: JSONEncoder().encode(comData))
        #expect(lido.hoje == hoje)
        let antigo = try JSONDecoder().decode(
            ReferenciaDoGrupo.self, from: Data(#"{"grupoFaturamento":1,"referencia":202506}"#.utf8))
        #expect(antigo == alvo && antigo.hoje == nil)
    }

    @Test func startingTheCloseValidatesAndEnqueuesOnce() async throws {
        try await withMigratedDatabase { db in
            try semear(db, imoveis: 2000)
            let hoje = CivilDate(year: 2025, month: 6, day: 20)!
            let junho = Referencia(ano: 2025, mes: 6)!
            #expect(throws: RecusaFechamento.grupoInexistente(99)) {
                try InicioFechamento.iniciar(grupo: 99, referencia: junho, hoje: hoje, db: db)
            }
            #expect(throws: RecusaFechamento.futura(grupo: "GRUPO 1", referencia: junho.seguinte, corrente: junho)) {
                try InicioFechamento.iniciar(grupo: 1, referencia: junho.seguinte, hoje: hoje, db: db)
            }
            let id = CadeiaFechamento.id(alvo)
            #expect(try InicioFechamento.iniciar(grupo: 1, referencia: junho, hoje: hoje, db: db) == .iniciado(jobID: id))
            #expect(try InicioFechamento.iniciar(grupo: 1, referencia: junho, hoje: hoje, db: db) == .jaIniciado(jobID: id))
            #expect(try JobRecords.count(JobFilter(kind: "fechamento.iniciar"), db: db) == 1)
            // The chain carries the day it was started on (issue 23): the close writes it, not the clock.
            let registro = try #require(try JobRecords.byID(id, db: db))
            #expect(try JSONDecoder().decode(ReferenciaDoGrupo.self, from: Data(registro.payload.utf8)).hoje == hoje)
            // The calendar: group 1 closes on day ftgr_nndiaencerramento; it is already started.
            #expect(try InicioFechamento.devidos(hoje: hoje, db: db).contains { $0.grupo == 1 } == false)
            let outro = try #require(
                try db.query("SELECT ftgr_id, ftgr_nndiaencerramento::int FROM faturamento.faturamento_grupo WHERE ftgr_id <> 1 ORDER BY 1")
                    .first?.decode((Int, Int).self))
            let antesDoDia = CivilDate(year: 2025, month: 6, day: outro.1 - 1)!
            #expect(try InicioFechamento.devidos(hoje: antesDoDia, db: db).contains { $0.grupo == outro.0 } == false)
            #expect(
                try InicioFechamento.devidos(hoje: CivilDate(year: 2025, month: 6, day: outro.1)!, db: db)
                    .contains { $0.grupo == outro.0 })
        }
    }
}
