import Contratos
import EncerramentoOS
import FiscalizacaoRegras
import Foundation
import GSANModel
import JobRuntime
import Postgres
import TestSupport
import Testing

/// The automatic fiscalização de serviços of seed 002 §1.3.1, as the seed times it: after the close of a
/// group's collection cycle (every action's ENCERRAR realized) the scheduler enqueues one OS seletiva of the
/// group — all the services justified and 2 % of those executed, in the parameter's 60-day window — once per
/// group and cycle, whatever the passes, redeliveries or a worker SIGKILLed in the middle of the draw.
@Suite(.serialized) struct SeletivaAutomaticaTests {
    static let hoje = data("20/06/2025")
    struct Desfazer: Error {}

    static func referencia(_ db: PostgresConnection) throws -> Int {
        try contar(db, "SELECT cbcm_amreferencia FROM cobranca.cobranca_grupo_crg_mes WHERE cbgr_id = 1")
    }

    /// Group 1's ENCERRAR activities realized on `dia` (18:00), those of the actions `acoes` only.
    static func encerrar(_ db: PostgresConnection, acoes: [Int], dia: String) throws {
        try db.execute(
            """
            UPDATE cobranca.cobranca_acao_ativ_crg a SET caac_tmrealizacao = ($1::date + time '18:00') AT TIME ZONE 'America/Sao_Paulo'
            FROM cobranca.cobranca_acao_cronograma c JOIN cobranca.cobranca_grupo_crg_mes m ON m.cbcm_id = c.cbcm_id
            WHERE a.cbcr_id = c.cbcr_id AND m.cbgr_id = 1 AND a.cbat_id = 3 AND c.cbac_id = ANY($2::int[])
            """, [data(dia), PostgresArray(acoes)])
    }

    /// The scheduler's part in a transaction rolled back (the test's workers would relay the outbox): twice.
    static func enfileirarDuasVezes(_ db: PostgresConnection, hoje: CivilDate) throws -> [Int] {
        var vezes: [Int] = []
        do {
            try db.withTransaction { db in
                vezes.append(try SeletivaAutomatica.enfileirarDevidos(hoje: hoje, db: db))
                vezes.append(try SeletivaAutomatica.enfileirarDevidos(hoje: hoje, db: db))
                throw Desfazer()
            }
        } catch is Desfazer {}
        return vezes
    }

    /// What a draw of the cycle must give: every visita without conclusão and the 2 % drawn of the others.
    static func esperadas(_ c: CicloSeletiva, com: [Int64], sem: [Int64]) -> [Int64] {
        (sem + Seletiva.sortear(com, quantidade: Seletiva.quantidade(percentual: 2, total: com.count), semente: UInt64(SeletivaAutomatica.semente(c))))
            .sorted()
    }

    @Test func aClosedCycleGetsItsSeletivaOnceAfterItsLastEncerrar() async throws {
        let pasta = try SeletivaTests.temporaria()
        defer { try? FileManager.default.removeItem(at: pasta) }
        try await comCompanhia(imoveis: 1_500) { db, url in
            let (com, sem) = try SeletivaTests.preparar(db)
            try #require(com.count >= 50 && sem.count >= 25, "\(com.count) com conclusão, \(sem.count) sem")
            let ref = try Self.referencia(db)
            #expect(try SeletivaAutomatica.devidos(hoje: Self.hoje, db: db).isEmpty, "nenhum ciclo encerrado")
            // Three of the four actions ENCERRADAS: the cycle is not closed yet.
            try Self.encerrar(db, acoes: [1, 34, 3], dia: "18/06/2025")
            #expect(try SeletivaAutomatica.devidos(hoje: Self.hoje, db: db).isEmpty)
            // The last one: due, once (the job id is the cycle's).
            try Self.encerrar(db, acoes: [8], dia: "19/06/2025")
            let ciclo = CicloSeletiva(grupo: 1, referencia: ref, dia: Self.hoje)
            #expect(try SeletivaAutomatica.devidos(hoje: Self.hoje, db: db) == [ciclo])
            #expect(try Self.enfileirarDuasVezes(db, hoje: Self.hoje) == [1, 0])
            // Past the parameter's window (60 days after the last ENCERRAR) it is no longer drawn.
            #expect(try SeletivaAutomatica.devidos(hoje: data("18/08/2025"), db: db) == [CicloSeletiva(grupo: 1, referencia: ref, dia: data("18/08/2025"))])
            #expect(try SeletivaAutomatica.devidos(hoje: data("19/08/2025"), db: db).isEmpty)

            let workers = try SeletivaTests.workers(url, pasta: pasta)
            defer { workers.tearDown() }
            try workers.start()
            let id = FiscalizacaoJobs.idSeletivaAutomatica(ciclo)
            #expect(id == "fiscalizacao.seletiva.automatica:grupo=1:ref=\(ref)")
            try workers.enqueue(JobSpec(id: id, kind: workers.kind(FiscalizacaoJobs.seletivaAutomatica), payload: ciclo))
            #expect(try workers.waitForDone(id, timeout: 180), "\(workers.logs)")
            let g = try linhas(db, """
                SELECT osse_id::text, osse_pcpercentual::text, osse_nnsemente::text, osse_nndias::text, osse_dtgeracao::text, usur_id::text
                FROM atendimentopublico.os_seletiva WHERE cbgr_id = 1 AND osse_amreferenciaciclo = $1
                """, [ref])
            try #require(g.count == 1, "\(g)")
            #expect(g[0][1...5] == ["2", String(SeletivaAutomatica.semente(ciclo)), "60", "2025-06-20", "1"], "\(g)")
            let geracao = try #require(Int(g[0][0]))
            #expect(try SeletivaTests.geradas(db, geracao).map(\.0) == Self.esperadas(ciclo, com: com, sem: sem))
            #expect(try workers.state(of: FiscalizacaoJobs.idSeletivaDoCiclo(id, geracao: geracao)).state == "done")
            // The cycle has its generation: not due again; the same job under another id draws nothing more.
            #expect(try SeletivaAutomatica.devidos(hoje: Self.hoje, db: db).isEmpty)
            #expect(try Self.enfileirarDuasVezes(db, hoje: Self.hoje) == [0, 0])
            try workers.enqueue(JobSpec(id: id + ":de-novo", kind: workers.kind(FiscalizacaoJobs.seletivaAutomatica), payload: ciclo))
            #expect(try workers.waitForDone(id + ":de-novo"), "\(workers.logs)")
            #expect(try contar(db, "SELECT count(*) FROM atendimentopublico.os_seletiva") == 1)
            #expect(try contar(db, "SELECT count(*) FROM atendimentopublico.ordem_servico WHERE svtp_id = 705") == Self.esperadas(ciclo, com: com, sem: sem).count)
            // A bad payload is refused before anything is written.
            #expect(throws: (any Error).self) { try CicloSeletiva(grupo: 1, referencia: 202513, dia: Self.hoje).validate() }
            #expect(throws: (any Error).self) { try CicloSeletiva(grupo: 0, referencia: 202506, dia: Self.hoje).validate() }
        }
    }

    @Test func aWorkerKilledInTheMiddleOfTheDrawLeavesOneGenerationAsAnUninterruptedRun() async throws {
        let pasta = try SeletivaTests.temporaria()
        defer { try? FileManager.default.removeItem(at: pasta) }
        try await comCompanhia(imoveis: 1_500) { db, url in
            let (com, sem) = try SeletivaTests.preparar(db)
            try Self.encerrar(db, acoes: [1, 34, 3, 8], dia: "19/06/2025")
            let ciclo = CicloSeletiva(grupo: 1, referencia: try Self.referencia(db), dia: Self.hoje)
            let workers = try SeletivaTests.workers(url, pasta: pasta)
            defer { workers.tearDown() }
            // The draw blocks on its items (after recording the generation), in the job's transaction.
            let bloqueio = try conectar(url)
            defer { bloqueio.close() }
            try bloqueio.execute("BEGIN")
            try bloqueio.execute("LOCK TABLE atendimentopublico.os_seletiva_item IN ACCESS EXCLUSIVE MODE")
            let primeiro = try workers.start()
            let id = FiscalizacaoJobs.idSeletivaAutomatica(ciclo)
            try workers.enqueue(JobSpec(id: id, kind: workers.kind(FiscalizacaoJobs.seletivaAutomatica), payload: ciclo))
            let preso = try waitUntil(timeout: 60) {
                try workers.state(of: id).state == "running"
                    && contar(db, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") >= 1
            }
            #expect(preso, "o sorteio deveria estar bloqueado no meio da transação\n\(workers.logs)")
            primeiro.kill()
            try bloqueio.execute("ROLLBACK")
            #expect(try contar(db, "SELECT count(*) FROM atendimentopublico.os_seletiva") == 0, "nada do sorteio interrompido ficou")
            try workers.start()
            #expect(try workers.waitForDone(id, timeout: 180), "\(workers.logs)")
            #expect(try workers.state(of: id).attempts >= 2)
            let geracao = try contar(db, "SELECT osse_id FROM atendimentopublico.os_seletiva WHERE osse_amreferenciaciclo IS NOT NULL")
            #expect(try contar(db, "SELECT count(*) FROM atendimentopublico.os_seletiva") == 1)
            #expect(try SeletivaTests.geradas(db, geracao).map(\.0) == Self.esperadas(ciclo, com: com, sem: sem))
            #expect(try contar(db, "SELECT count(*) FROM atendimentopublico.ordem_servico WHERE svtp_id = 705")
                    == Self.esperadas(ciclo, com: com, sem: sem).count)
        }
    }
}
