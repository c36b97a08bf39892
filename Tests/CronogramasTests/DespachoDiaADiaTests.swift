import Contratos
import Cronogramas
import Faturamento
import Foundation
import GSANModel
import GSANSeed
import JobRuntime
import Logging
import Postgres
import TestSupport
import Testing

/// The scheduler's catch-up is day by day (docs/cronograma.md, "Dia a dia"): a pass that finds
/// several days of work due — the activities of groups 1–3 on 02, 03 and 04/06, the closes on
/// 06, 07 and 08/06, group 1's ENCERRAR and its successor's SIMULAR/EMITIR on 12/06 — dispatches
/// the earliest day's only, and the next once that has finished; within the day, an action's
/// activities after its predecessor's. Before, one pass on 30/06 dispatched them all at once and
/// their results (document and bill numbers, the JusCompesa remessa versions, the bills a close
/// puts under review that an EMITIR reads) depended on which job committed first.
@Suite(.serialized) struct DespachoDiaADiaTests {
    static let logger = Logger(label: "gsan.tests") { _ in SwiftLogNoOpLogHandler() }

    @Test func aCatchUpPassDispatchesTheEarliestDayThenTheNext() async throws {
        try await withScratchDatabase(migrations: nil) { url in
            let db = try PostgresConnection(url: url, logger: Self.logger)
            try Seeder(options: SeedOptions(imoveis: 2_000, seed: 2026), logger: Self.logger).run(connection: db)
            let hoje = CivilDate(year: 2025, month: 6, day: 30)!
            /// One pass, as gsan-scheduler's: the closes' dates bound the activities' day.
            func passar() throws -> (dia: CivilDate?, despachadas: Set<Int>, fechamentos: [InicioFechamento.Pendente]) {
                let fechamentos = try InicioFechamento.pendentes(hoje: hoje, db: db)
                let antes = Set(try JobRecords.list(JobFilter(idLike: "cobranca.atividade:caac=%"), db: db).map(\.id))
                let passagem = try DespachoAtividades.executar(
                    hoje: hoje, outrasPendencias: fechamentos.map(\.data).min(), db: db, logger: Self.logger)
                let depois = try JobRecords.list(JobFilter(idLike: "cobranca.atividade:caac=%"), db: db).map(\.id)
                return (passagem.dia, Set(depois.filter { !antes.contains($0) }.compactMap { Int($0.split(separator: "=").last ?? "") }),
                        fechamentos)
            }
            /// The activities of a day (commanded, with a job kind), as caac ids.
            func atividades(_ dia: String, acoes: [Int]? = nil) throws -> Set<Int> {
                Set(try db.query(
                    """
                    SELECT a.caac_id FROM cobranca.cobranca_acao_ativ_crg a JOIN cobranca.cobranca_acao_cronograma c USING (cbcr_id)
                    WHERE a.caac_tmcomando IS NOT NULL AND a.caac_dtprevista = $1::date AND a.cbat_id IN (1, 2, 3, 5)
                      AND ($2::int[] IS NULL OR c.cbac_id = ANY($2::int[]))
                    """, [dia, acoes.map(PostgresArray.init)]).map { try $0.decode(Int.self, at: 0) })
            }
            func concluir(_ caacs: Set<Int>) throws {
                for caac in caacs {
                    try JobRecordsDrill.overwriteState(
                        AtividadeDespacho.jobID(atividadeCronograma: caac), to: .done, finishedAt: Date(), db: db)
                }
            }
            /// What the close chain leaves: its jobs done, the group on its next reference.
            func fechar(grupo: Int) throws {
                let alvo = ReferenciaDoGrupo(grupoFaturamento: grupo, referencia: 202506)
                for id in [CadeiaFechamento.id(alvo), CadeiaFechamento.idEncerrar(alvo)] {
                    try JobRecordsDrill.plant(id: id, kind: "fechamento.iniciar", family: "faturamento", state: .done, maxAttempts: 5, db: db)
                }
                _ = try db.execute("UPDATE faturamento.faturamento_grupo SET ftgr_amreferencia = 202507 WHERE ftgr_id = $1", [grupo])
            }

            // 02/06: group 1's SIMULAR and EMITIR of the aviso only — not 03/06, 04/06, 12/06…, not a close.
            let dia2 = try atividades("2025-06-02")
            #expect(!dia2.isEmpty)
            var passagem = try passar()
            #expect(passagem.dia == CivilDate(year: 2025, month: 6, day: 2))
            #expect(passagem.despachadas == dia2)
            #expect(passagem.fechamentos.map(\.grupo).sorted() == [1, 2, 3] && passagem.fechamentos.allSatisfy { !$0.iniciado })
            // Not finished: the next pass dispatches nothing new.
            #expect(try passar().despachadas.isEmpty)
            try concluir(dia2)
            // Finished: the same pass marks them realized and dispatches 03/06's.
            passagem = try passar()
            #expect(passagem.dia == CivilDate(year: 2025, month: 6, day: 3))
            #expect(passagem.despachadas == (try atividades("2025-06-03")))
            try concluir(passagem.despachadas)
            passagem = try passar()
            #expect(passagem.despachadas == (try atividades("2025-06-04")))
            try concluir(passagem.despachadas)
            // 06/06 is group 1's close: the day's work is the close, no activity goes before it ends.
            passagem = try passar()
            #expect(passagem.dia == CivilDate(year: 2025, month: 6, day: 6))
            #expect(passagem.despachadas.isEmpty)
            for grupo in [1, 2, 3] { try fechar(grupo: grupo) }
            // 12/06: the aviso's ENCERRAR first; the visita's SIMULAR and EMITIR (its successor) after it.
            let encerrarAviso = try atividades("2025-06-12", acoes: [1])
            let visita = try atividades("2025-06-12", acoes: [34])
            #expect(!encerrarAviso.isEmpty && !visita.isEmpty)
            passagem = try passar()
            #expect(passagem.dia == CivilDate(year: 2025, month: 6, day: 12))
            #expect(passagem.despachadas == encerrarAviso)
            try concluir(encerrarAviso)
            passagem = try passar()
            #expect(passagem.despachadas == visita)
            #expect(try InicioFechamento.pendentes(hoje: hoje, db: db).isEmpty)
        }
    }
}
