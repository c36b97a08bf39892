import Contratos
import EncerramentoOS
import Foundation
import GSANModel
import JobRuntime
import Postgres
import TestSupport
import Testing

/// Encerrar Ordens de Visita de Cobrança (seed 002 §2.5.2.2): the count, then the batch through a
/// real `gsan-encerramento`: every pending visita of the group's cycle closed with motivo 2 and
/// GSAN's parecer; orders already closed untouched; counted again, none.
@Suite(.serialized) struct EncerramentoVisitasTests {
    @Test func pendingVisitsOfTheCycleCloseInABatch() async throws {
        try await comCompanhia(imoveis: 1_500) { db, url in
            try emitir(db, acao: 1)
            try emitir(db, acao: 34)
            let visitas = try EncerramentoInformadoTests.ordens(db, acao: 34)
            #expect(visitas.count > 5)
            try EncerramentoInformado.encerrar(.init(ordem: visitas[0], motivo: 4, data: data("13/06/2025")), hoje: data("30/06/2025"), db: db)
            #expect(try EncerramentoVisitas.contar(grupo: 1, referencia: 202506, db: db) == visitas.count - 1)
            #expect(try EncerramentoVisitas.contar(grupo: 1, referencia: 202507, db: db) == 0)
            #expect(throws: ErroEncerramento.recusa("Grupo de cobrança 99 inexistente.")) {
                try EncerramentoVisitas.contar(grupo: 99, referencia: 202506, db: db)
            }
            let workers = try TestWorkers("gsan-encerramento", databaseURL: url, vhost: "gsan_test_encerramento", familyPrefix: "vis")
            defer { workers.tearDown() }
            try workers.start()
            let pedido = PedidoVisitas(grupo: 1, referencia: 202506, data: data("30/06/2025"))
            #expect(try db.withTransaction { try EncerramentoVisitas.enfileirar(pedido, familia: workers.family, db: $0) })
            #expect(try db.withTransaction { try EncerramentoVisitas.enfileirar(pedido, familia: workers.family, db: $0) } == false)
            #expect(try workers.waitForDone(EncerramentoJobs.idVisitas(pedido)), "\(workers.logs)")
            let fechadas = try linhas(db, """
                SELECT o.amen_id, o.orse_dsparecerencerramento, d.cast_id, o.orse_dsorigemencerramento, count(*)
                FROM atendimentopublico.ordem_servico o JOIN cobranca.cobranca_documento d USING (cbdo_id)
                WHERE o.orse_id = ANY($1::bigint[]) GROUP BY 1, 2, 3, 4 ORDER BY 1
                """, [PostgresArray(visitas)])
            #expect(fechadas == [
                ["2", EncerramentoVisitas.parecer, "2", "BATCH", String(visitas.count - 1)], ["4", "∅", "3", "OPERADOR", "1"],
            ], "\(fechadas)")
            #expect(try EncerramentoVisitas.contar(grupo: 1, referencia: 202506, db: db) == 0)
        }
    }
}
