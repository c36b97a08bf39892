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
/// activities after its predecessor's, and SIMULAR before EMITIR. Before, one pass on 30/06 dispatched them all at once and
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

            /// What `n` passes dispatch, each pass's jobs concluded before the next.
            func rodadas(_ dia: String, _ n: Int) throws -> [Set<Int>] {
                var resultado: [Set<Int>] = []
                for _ in 1...n {
                    let passagem = try passar()
                    #expect(passagem.dia?.iso == dia)
                    resultado.append(passagem.despachadas)
                    try concluir(passagem.despachadas)
                }
                return resultado
            }
            func atividade(_ dia: String, acao: Int, _ tipo: Int) throws -> Set<Int> {
                Set(try db.query(
                    """
                    SELECT a.caac_id FROM cobranca.cobranca_acao_ativ_crg a JOIN cobranca.cobranca_acao_cronograma c USING (cbcr_id)
                    WHERE a.caac_tmcomando IS NOT NULL AND a.caac_dtprevista = $1::date AND c.cbac_id = $2 AND a.cbat_id = $3
                    """, [dia, acao, tipo]).map { try $0.decode(Int.self, at: 0) })
            }

            // 02/06: group 1's SIMULAR of the aviso only — not its EMITIR (after it), not 03/06, 04/06,
            // 12/06…, not a close.
            let simular = try atividade("2025-06-02", acao: 1, 1), emitir = try atividade("2025-06-02", acao: 1, 2)
            #expect(simular.count == 1 && emitir.count == 1)
            var passagem = try passar()
            #expect(passagem.dia == CivilDate(year: 2025, month: 6, day: 2))
            #expect(passagem.despachadas == simular)
            #expect(passagem.fechamentos.map(\.grupo).sorted() == [1, 2, 3] && passagem.fechamentos.allSatisfy { !$0.iniciado })
            // Not finished: the next pass dispatches nothing new.
            #expect(try passar().despachadas.isEmpty)
            try concluir(simular)
            // Finished: the same pass marks it realized and dispatches the EMITIR.
            passagem = try passar()
            #expect(passagem.despachadas == emitir)
            try concluir(emitir)
            // 03/06 and 04/06: groups 2 and 3, SIMULAR then EMITIR.
            #expect(try rodadas("2025-06-03", 2) == [try atividade("2025-06-03", acao: 1, 1), try atividade("2025-06-03", acao: 1, 2)])
            #expect(try rodadas("2025-06-04", 2) == [try atividade("2025-06-04", acao: 1, 1), try atividade("2025-06-04", acao: 1, 2)])
            // 06/06 is group 1's close: the day's work is the close, no activity goes before it ends.
            passagem = try passar()
            #expect(passagem.dia == CivilDate(year: 2025, month: 6, day: 6))
            #expect(passagem.despachadas.isEmpty)
            for grupo in [1, 2, 3] { try fechar(grupo: grupo) }
            // 12/06: the aviso's ENCERRAR first; the visita's (its successor) SIMULAR, then EMITIR.
            let encerrarAviso = try atividade("2025-06-12", acao: 1, 3)
            #expect(!encerrarAviso.isEmpty)
            #expect(try rodadas("2025-06-12", 3) == [encerrarAviso, try atividade("2025-06-12", acao: 34, 1), try atividade("2025-06-12", acao: 34, 2)])
            #expect(try InicioFechamento.pendentes(hoje: hoje, db: db).isEmpty)
        }
    }
}
