import Contratos
import EncerramentoOS
import FiscalizacaoRegras
import Foundation
import GSANModel
import JobRuntime
import Logging
import Postgres
import TestSupport
import Testing

/// Seed 002 §1.3.1: "A FISCALIZAÇÃO DE SERVIÇOS deve ser executada e informada no GSAN … em até 20 (vinte) dias da
/// sua emissão". A fiscalização de serviço not informed by then is closed by decurso de prazo (motivo 32) by the
/// daily `fiscalizacao.decurso-prazo` job the scheduler enqueues: not before its 21st day, once, and a worker
/// SIGKILLed in the middle leaves what an uninterrupted run leaves.
@Suite(.serialized) struct FiscalizacaoDecursoTests {
    static let logger = Logger(label: "teste")

    /// An inspected visita and its fiscalização de serviço emitted on `emissao` (09:00), as the OS seletiva creates it;
    /// `deServico: false` gives a fiscalização without an inspected OS (not a fiscalização de serviço).
    static func fiscalizacao(_ db: PostgresConnection, indice: Int, emissao: String, deServico: Bool = true) throws -> (inspecionada: Int64, os: Int64) {
        let imovel = try db.query("SELECT imov_id FROM cadastro.imovel ORDER BY imov_id OFFSET $1 LIMIT 1", [indice])[0].decode(Int.self, at: 0)
        let inspecionada = try db.query(
            """
            INSERT INTO atendimentopublico.ordem_servico (svtp_id, imov_id, orse_tmgeracao, orse_tmemissao, orse_cdsituacao, amen_id,
                orse_tmencerramento, unid_idencerramento)
            VALUES (1011, $1, '2025-05-20 09:00-03', '2025-05-20 09:00-03', 2, 2, '2025-05-25 10:00-03', 2) RETURNING orse_id
            """, [imovel])[0].decode(Int64.self, at: 0)
        let os = try db.query(
            """
            INSERT INTO atendimentopublico.ordem_servico (svtp_id, imov_id, orse_idreferencia, orse_tmgeracao, orse_tmemissao)
            VALUES (705, $1, $2, ($3::date + time '09:00') AT TIME ZONE 'America/Sao_Paulo', ($3::date + time '09:00') AT TIME ZONE 'America/Sao_Paulo')
            RETURNING orse_id
            """, [imovel, deServico ? inspecionada : nil, data(emissao)])[0].decode(Int64.self, at: 0)
        return (inspecionada, os)
    }

    static func estado(_ db: PostgresConnection, _ os: Int64) throws -> [String] {
        try linhas(
            db,
            """
            SELECT orse_cdsituacao::text, COALESCE(amen_id::text, '-'), COALESCE((orse_tmencerramento AT TIME ZONE 'America/Sao_Paulo')::date::text, '-'),
                   COALESCE(orse_dsorigemencerramento, '-'), COALESCE(orse_dsparecerencerramento, '-'),
                   (SELECT count(*) FROM atendimentopublico.ordem_servico_unidade u WHERE u.orse_id = o.orse_id AND u.attp_id = 3)::text
            FROM atendimentopublico.ordem_servico o WHERE orse_id = $1
            """, [os])[0]
    }

    @Test func aServiceInspectionNotInformedInTwentyDaysIsClosedByDecursoOnTheTwentyFirst() async throws {
        try await comCompanhia(imoveis: 80) { db, _ in
            let a = try Self.fiscalizacao(db, indice: 1, emissao: "02/06/2025")  // its 20 days end on 22/06/2025
            let b = try Self.fiscalizacao(db, indice: 2, emissao: "03/06/2025")  // 23/06/2025
            let semReferencia = try Self.fiscalizacao(db, indice: 3, emissao: "01/05/2025", deServico: false)
            let aberta = ["1", "-", "-", "-", "-", "0"]
            // The 20th day: still within the term, nothing closed.
            let r20 = try db.withTransaction { try FiscalizacaoDecurso.encerrar(dia: data("22/06/2025"), db: $0, logger: Self.logger) }
            #expect(r20.encerradas == [] && r20.noPrazo == 2, "\(r20)")
            #expect(try Self.estado(db, a.os) == aberta)
            // The 21st: closed without execution, motivo 32, by the batch, with a trâmite; the other still open.
            let r21 = try db.withTransaction { try FiscalizacaoDecurso.encerrar(dia: data("23/06/2025"), db: $0, logger: Self.logger) }
            #expect(r21.encerradas == [a.os] && r21.noPrazo == 1, "\(r21)")
            #expect(try Self.estado(db, a.os) == [
                "2", "32", "2025-06-23", "BATCH",
                "Encerrada por decurso de prazo: fiscalização de serviço não informada em 20 dias da emissão (02/06/2025).", "1",
            ])
            #expect(try Self.estado(db, b.os) == aberta)
            // A fiscalização that inspects no OS is not a fiscalização de serviço: never closed by this pass.
            #expect(try Self.estado(db, semReferencia.os) == aberta)
            // The inspected OS keeps its own closing.
            #expect(try Self.estado(db, a.inspecionada)[0...2] == ["2", "2", "2025-05-25"])
            // Again the same day: nothing more (no second trâmite).
            let outra = try db.withTransaction { try FiscalizacaoDecurso.encerrar(dia: data("23/06/2025"), db: $0, logger: Self.logger) }
            #expect(outra.encerradas == [] && outra.noPrazo == 1, "\(outra)")
            #expect(try Self.estado(db, a.os).last == "1")
            // Its return is refused as closed.
            #expect(recusaDe {
                _ = try RetornoFiscalizacaoOS.informar(.init(ordem: a.os, situacoes: [9], documento: .nenhum), usuario: "FISCAL",
                                                      hoje: data("23/06/2025"), fotos: { [] }, db: db)
            } == "Esta Ordem de Serviço está Encerrada.")
            // The scheduler's part: one job per day whatever the passes (rolled back: the outbox is the test's).
            struct Desfazer: Error {}
            var vezes: [Bool] = []
            do {
                try db.withTransaction { db in
                    vezes.append(try FiscalizacaoDecurso.enfileirarDoDia(data("23/06/2025"), db: db))
                    vezes.append(try FiscalizacaoDecurso.enfileirarDoDia(data("23/06/2025"), db: db))
                    vezes.append(try FiscalizacaoDecurso.enfileirarDoDia(data("24/06/2025"), db: db))
                    throw Desfazer()
                }
            } catch is Desfazer {}
            #expect(vezes == [true, false, true])
            #expect(FiscalizacaoJobs.idDecursoPrazo(data("23/06/2025")) == "fiscalizacao.decurso-prazo:dia=2025-06-23")
        }
    }

    @Test func aWorkerKilledInTheMiddleOfTheDecursoClosesEachOnceOnRedelivery() async throws {
        let pasta = try SeletivaTests.temporaria()
        defer { try? FileManager.default.removeItem(at: pasta) }
        try await comCompanhia(imoveis: 80) { db, url in
            let vencidas = try (1...5).map { try Self.fiscalizacao(db, indice: $0, emissao: "02/06/2025").os }
            let noPrazo = try Self.fiscalizacao(db, indice: 6, emissao: "10/06/2025").os
            let workers = try SeletivaTests.workers(url, pasta: pasta)
            defer { workers.tearDown() }
            // The closing blocks on its trâmite rows, in the job's transaction (the OS already updated).
            let bloqueio = try conectar(url)
            defer { bloqueio.close() }
            try bloqueio.execute("BEGIN")
            try bloqueio.execute("LOCK TABLE atendimentopublico.ordem_servico_unidade IN ACCESS EXCLUSIVE MODE")
            let primeiro = try workers.start()
            let dia = data("23/06/2025")
            let id = FiscalizacaoJobs.idDecursoPrazo(dia)
            try workers.enqueue(try FiscalizacaoDecurso.spec(dia, kind: workers.kind(FiscalizacaoJobs.decursoPrazo)))
            let preso = try waitUntil(timeout: 60) {
                try workers.state(of: id).state == "running"
                    && contar(db, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") >= 1
            }
            #expect(preso, "o encerramento deveria estar bloqueado no meio da transação\n\(workers.logs)")
            primeiro.kill()
            try bloqueio.execute("ROLLBACK")
            #expect(try contar(db, "SELECT count(*) FROM atendimentopublico.ordem_servico WHERE svtp_id = 705 AND orse_cdsituacao = 2") == 0,
                    "nada do encerramento interrompido ficou")
            try workers.start()
            #expect(try workers.waitForDone(id, timeout: 180), "\(workers.logs)")
            #expect(try workers.state(of: id).attempts >= 2)
            for os in vencidas {
                #expect(try Self.estado(db, os)[0...3] == ["2", "32", "2025-06-23", "BATCH"])
                #expect(try Self.estado(db, os).last == "1", "um trâmite de encerramento só")
            }
            #expect(try Self.estado(db, noPrazo)[0] == "1")
        }
    }
}
