import Contratos
import Foundation
import GSANModel
import JobRuntime
import Medicao
import Postgres
import TestSupport
import Testing

/// A real `gsan-medicao` process SIGKILLed while the bulletin's transaction is half written: the
/// redelivered job, in another process, writes the same bulletin as an uninterrupted run — one
/// bulletin, each order paid or discounted once.
@Suite(.serialized) struct MedicaoKillTests {
    static func preparar(_ db: PostgresConnection) throws {
        var c = Ciclo(db)
        for (n, imovel) in try c.imoveis(300).enumerated() {
            let corte = n % 3 == 2
            let d = try c.documento(acao: corte ? 3 : 34, imovel: imovel, emissao: "12/06/2025")
            let motivo: Int? = [2, 2, 32, 70, 2, nil, 4][n % 7]
            let o = try c.ordem(d, servico: corte ? 1012 : 1011, motivo: motivo, pavimento: corte ? (false, "0") : nil)
            if n % 11 == 0, motivo != nil { try c.naoAceitar(o, motivo: 2, acao: corte ? 3 : 34) }
        }
        try c.encerrarAcoes()
    }

    /// The bulletin as written, without its generated id.
    static func estado(_ db: PostgresConnection) throws -> [String] {
        let cab = try db.query(
            """
            SELECT concat_ws('|', cbgr_id, cese_id, cobm_amreferencia, cobm_vlservexec, cobm_vldescontos, cobm_vlmultas, cobm_vltxsucesso, cobm_vltotal)
            FROM cobranca.cobr_boletim_medicao ORDER BY cbgr_id
            """).map { try $0.decode(String.self, at: 0) }
        let linhas = try db.query(
            """
            SELECT 'e' || orse_id || ':' || itsc_id || ':' || cbex_vlservico FROM cobranca.cobr_boletim_exec
            UNION ALL SELECT 'd' || orse_id || ':' || cbde_cdtipo || ':' || cbde_vldesconto FROM cobranca.cobr_boletim_desc
            UNION ALL SELECT 'm' || cbmu_cdtipo || ':' || cbmu_vlmulta FROM cobranca.cobr_boletim_multa
            UNION ALL SELECT 'o' || count(*) FROM atendimentopublico.ordem_servico WHERE orse_icboletim = 1
            UNION ALL SELECT 'n' || count(*) FROM cobranca.cob_ac_os_nao_aceitas WHERE caon_icdescontado = 1
            ORDER BY 1
            """).map { try $0.decode(String.self, at: 0) }
        return cab + linhas
    }

    @Test func aWorkerKilledMidGenerationLeavesTheSameBulletin() async throws {
        let semInterrupcao = try await comCompanhia(imoveis: 300) { db, _ in
            try Self.preparar(db)
            _ = try db.withTransaction { try GeracaoBoletim(logger: silencio).gerar(.grupo(1), referencia: 202506, data: data("01/07/2025"), db: $0) }
            return try Self.estado(db)
        }
        let (comInterrupcao, tentativas, log) = try await comCompanhia(imoveis: 300) { db, url in
            try Self.preparar(db)
            let workers = try TestWorkers("gsan-medicao", databaseURL: url, familyPrefix: "med")
            defer { workers.tearDown() }
            // The bulletin's rows wait on this lock: the worker has inserted the bulletin and blocks
            // on its first executed-service row, inside the job's transaction.
            let bloqueio = try conectar(url)
            defer { bloqueio.close() }
            try bloqueio.execute("BEGIN")
            try bloqueio.execute("LOCK TABLE cobranca.cobr_boletim_exec IN SHARE MODE")
            let primeiro = try workers.start()
            let pedido = try PedidoBoletim.enfileirar(.grupo(1), referencia: 202506, hoje: data("01/07/2025"), familia: workers.family, db: db)
            let preso = try waitUntil(timeout: 60) {
                try workers.state(of: pedido.jobID).state == "running"
                    && contar(db, "SELECT count(*)::int FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") >= 1
            }
            #expect(preso, "o job deveria estar bloqueado no meio da transação\n\(workers.logs)")
            #expect(try contar(db, "SELECT count(*)::int FROM cobranca.cobr_boletim_medicao") == 0)
            primeiro.kill()
            try bloqueio.execute("ROLLBACK")
            try workers.start()
            #expect(try workers.waitForDone(pedido.jobID), "\(workers.logs)")
            // Enqueuing again: the same job id, nothing new.
            #expect(recusa { _ = try PedidoBoletim.enfileirar(.grupo(1), referencia: 202506, hoje: data("01/07/2025"), db: db) } == GeracaoBoletim.boletimExiste)
            return (try Self.estado(db), try workers.state(of: pedido.jobID).attempts, workers.logs)
        }
        #expect(tentativas == 2, "o job interrompido roda de novo, uma vez\n\(log)")
        #expect(semInterrupcao.count > 100)
        #expect(comInterrupcao == semInterrupcao)
    }

    /// `gsan bm gerar --empresa 2 --contrato 1` as the worker runs it: the contract's job fans out one
    /// `medicao.grupo` per group of the contract; each group's bulletin once.
    @Test func theContractsJobFansOutOneBulletinPerGroup() async throws {
        try await comCompanhia(imoveis: 300) { db, url in
            try Self.preparar(db)
            let grupos = try GeracaoBoletim.gruposDoContrato(1, db: db)
            for g in grupos { try Ciclo(db).encerrarAcoes(grupo: g) }
            let workers = try TestWorkers("gsan-medicao", databaseURL: url, familyPrefix: "med")
            defer { workers.tearDown() }
            try workers.start()
            let pedido = try PedidoBoletim.enfileirar(
                .contrato(empresa: 2, contrato: 1), referencia: 202506, hoje: data("01/07/2025"), familia: workers.family, db: db)
            #expect(pedido.grupos == grupos)
            #expect(try workers.waitForDone(pedido.jobID), "\(workers.logs)")
            #expect(try contar(db, "SELECT count(*)::int FROM cobranca.cobr_boletim_medicao WHERE cese_id = 1 AND cobm_amreferencia = 202506") == grupos.count)
            for g in grupos {
                #expect(try workers.state(of: MedicaoJobs.idFilho(pedido.jobID, grupo: g)).state == "done")
            }
            #expect(try contar(db, "SELECT count(*)::int FROM cobranca.cobr_boletim_exec") > 50)
        }
    }
}

/// The scheduler's path: the job BoletimAgendado enqueues (a pass repeated: once), its worker
/// SIGKILLed mid-transaction, the redelivered job writes the same bulletin as an uninterrupted run.
@Suite(.serialized) struct BoletimAgendadoKillTests {
    @Test func theSchedulersBulletinSurvivesAKilledWorker() async throws {
        let semInterrupcao = try await comCompanhia(imoveis: 300) { db, _ in
            try MedicaoKillTests.preparar(db)
            _ = try db.withTransaction { try GeracaoBoletim(logger: silencio).gerar(.grupo(1), referencia: 202506, data: data("02/07/2025"), db: $0) }
            return try MedicaoKillTests.estado(db)
        }
        let (comInterrupcao, tentativas, log) = try await comCompanhia(imoveis: 300) { db, url in
            try MedicaoKillTests.preparar(db)
            try BoletimAgendadoTests.encerrarEm(db, "2025-07-01 18:00")
            let workers = try TestWorkers("gsan-medicao", databaseURL: url, familyPrefix: "med")
            defer { workers.tearDown() }
            let bloqueio = try conectar(url)
            defer { bloqueio.close() }
            try bloqueio.execute("BEGIN")
            try bloqueio.execute("LOCK TABLE cobranca.cobr_boletim_exec IN SHARE MODE")
            let primeiro = try workers.start()
            #expect(try BoletimAgendado.enfileirar(hoje: data("02/07/2025"), familia: workers.family, db: db, logger: silencio) == 1)
            #expect(try BoletimAgendado.enfileirar(hoje: data("02/07/2025"), familia: workers.family, db: db, logger: silencio) == 0)
            let id = MedicaoJobs.idGrupo(BoletimDoGrupo(grupo: 1, referencia: 202506, data: data("02/07/2025")))
            let preso = try waitUntil(timeout: 60) {
                try workers.state(of: id).state == "running"
                    && contar(db, "SELECT count(*)::int FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") >= 1
            }
            #expect(preso, "o job deveria estar bloqueado no meio da transação\n\(workers.logs)")
            primeiro.kill()
            try bloqueio.execute("ROLLBACK")
            try workers.start()
            #expect(try workers.waitForDone(id), "\(workers.logs)")
            // The next pass finds the month done: nothing more.
            #expect(try BoletimAgendado.enfileirar(hoje: data("03/07/2025"), familia: workers.family, db: db, logger: silencio) == 0)
            return (try MedicaoKillTests.estado(db), try workers.state(of: id).attempts, workers.logs)
        }
        #expect(tentativas == 2, "o job interrompido roda de novo, uma vez\n\(log)")
        #expect(semInterrupcao.count > 100)
        #expect(comInterrupcao == semInterrupcao)
    }
}
