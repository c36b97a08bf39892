import Foundation
import GSANModel
import JobRuntime
import ParcelamentoJudicial
import ParcelamentoJudicialRegras
import Postgres
import TestSupport
import Testing

/// The daily lost-discount batch: run twice → one guia; a worker SIGKILLed in the middle of it →
/// one guia; the day's job enqueued by every pass → one job.
@Suite(.serialized) struct PerdaDescontoBatchTests {
    static let dia = CivilDate(year: 2025, month: 7, day: 1)!

    @Test func runTwiceOneGuiaAndTheDaysJobIsEnqueuedOnce() async throws {
        try await withUtility { db, _ in
            let alvos = try imoveisEmCobrancaJudicial(db)
            let (a, b) = (try #require(alvos.first), try #require(alvos.dropFirst().first))
            let (atrasado, _) = try EfetuarParcelamento.efetuar(try pedido(db, imovel: a.imovel, cliente: a.cliente, sequencial: 11), db: db)
            // Not late (first due after the day) and one that does not lose the discount: no guia.
            _ = try EfetuarParcelamento.efetuar(
                try pedido(db, imovel: b.imovel, cliente: b.cliente, sequencial: 12, primeiroVencimento: Self.dia), db: db)
            if let c = alvos.dropFirst(2).first {
                _ = try EfetuarParcelamento.efetuar(try pedido(db, imovel: c.imovel, cliente: c.cliente, sequencial: 13, perdeDesconto: false), db: db)
            }
            let primeira = try db.withTransaction { try PerdaDescontoDiaria.gerar(hoje: Self.dia, db: $0, logger: quietLogger) }
            let segunda = try db.withTransaction { try PerdaDescontoDiaria.gerar(hoje: Self.dia, db: $0, logger: quietLogger) }
            #expect(primeira.guias.count == 1 && primeira.guias[0][0] == Int64(atrasado.parcelamento) && segunda.guias.isEmpty)
            // The next day the one due on `dia` is late too: its guia, and none again for the first.
            let terceira = try db.withTransaction { try PerdaDescontoDiaria.gerar(hoje: Self.dia.adding(days: 1), db: $0, logger: quietLogger) }
            #expect(terceira.guias.count == 1 && terceira.guias[0][0] != Int64(atrasado.parcelamento))
            let guia = try db.query(
                """
                SELECT gpag_vldebito, gpag_dtvencimento, imov_id, clie_id FROM faturamento.guia_pagamento
                WHERE pjud_id = $1 AND dbtp_id = 123
                """, [atrasado.parcelamento]).map { try $0.decode((Centavos, CivilDate, Int, Int).self) }
            let c = try ConsultaParcelamento.carregar(atrasado.parcelamento, db: db)
            #expect(guia.count == 1 && guia[0].0 == c.desconto && guia[0].1 == Self.dia.adding(days: 30))
            #expect(guia[0].2 == a.imovel && guia[0].3 == a.cliente, "no imóvel responsável, em nome do cliente responsável")
            #expect(try contar(db, "SELECT count(*) FROM faturamento.guia_pagamento WHERE pjud_id = $1 AND gpag_icgerarguiaatrasoparcjud = 1",
                               [atrasado.parcelamento]) == 1)
            // Every pass of the scheduler on the same day: one job.
            let novos = try (0..<3).map { _ in try db.withTransaction { try PerdaDescontoDiaria.enfileirarDoDia(Self.dia, db: $0) } }
            #expect(novos == [true, false, false])
            #expect(try JobRecords.count(JobFilter(kind: "parcelamento.perda-desconto"), db: db) == 1)
        }
    }

    @Test func aWorkerKilledInTheMiddleOfTheBatchLeavesOneGuia() async throws {
        try await withUtility { db, url in
            let alvo = try #require(try imoveisEmCobrancaJudicial(db).first)
            let (r, _) = try EfetuarParcelamento.efetuar(try pedido(db, imovel: alvo.imovel, cliente: alvo.cliente, sequencial: 21), db: db)
            let workers = try TestWorkers("gsan-documentos", databaseURL: url, vhost: "gsan_test_documentos", familyPrefix: "pj")
            defer { workers.tearDown() }
            // Hold the agreement: the job blocks on its FOR UPDATE, inside its transaction.
            let bloqueio = try connect(url)
            defer { bloqueio.close() }
            try bloqueio.execute("BEGIN")
            try bloqueio.execute("SELECT 1 FROM cobranca.parcelamento_judicial WHERE pjud_id = $1 FOR UPDATE", [r.parcelamento])
            let primeiro = try workers.start()
            let id = PerdaDescontoDiaria.jobID(Self.dia)
            try workers.enqueue(try PerdaDescontoDiaria.spec(Self.dia, kind: workers.kind(PerdaDescontoDiaria.kind)))
            let preso = try waitUntil(timeout: 60) {
                try workers.state(of: id).state == "running"
                    && contar(db, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") >= 1
            }
            #expect(preso, "o job deveria estar bloqueado no meio da transação\n\(workers.logs)")
            primeiro.kill()
            try bloqueio.execute("ROLLBACK")
            try workers.start()
            #expect(try workers.waitForDone(id), "\(workers.logs)")
            #expect(try workers.state(of: id).attempts == 2)
            #expect(try contar(db, "SELECT count(*) FROM faturamento.guia_pagamento WHERE pjud_id = $1 AND dbtp_id = 123", [r.parcelamento]) == 1)
            // The same day again: the job exists, nothing new.
            try workers.enqueue(try PerdaDescontoDiaria.spec(Self.dia, kind: workers.kind(PerdaDescontoDiaria.kind)))
            #expect(try JobRecords.exists(id, db: db))
        }
    }

    /// Through the real `gsan-scheduler --once`: two passes on one day and one on the next are two
    /// jobs, one per day (a broker that does not answer: the passes write the outbox all the same).
    @Test func theSchedulerEnqueuesTheDaysJobOncePerDay() async throws {
        try await withUtility(imoveis: 600) { db, url in
            for hoje in ["01/07/2025", "01/07/2025", "02/07/2025"] {
                let pass = try WorkerProcess(
                    "gsan-scheduler", arguments: ["--once", "--hoje", hoje, "--log", "warning"], amqpURL: "amqp://gsan:x@127.0.0.1:1/",
                    databaseURL: url)
                #expect(pass.wait(timeout: 120) != nil, "\(pass.log)")
            }
            let ids = try JobRecords.list(JobFilter(kind: "parcelamento.perda-desconto"), db: db).map(\.id)
            #expect(ids == ["parcelamento.perda-desconto:dia=2025-07-01", "parcelamento.perda-desconto:dia=2025-07-02"])
        }
    }
}
