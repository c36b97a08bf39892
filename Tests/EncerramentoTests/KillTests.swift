import Contratos
import EncerramentoOS
import EncerramentoRegras
import Foundation
import GSANModel
import GSANSeed
import JobRuntime
import Postgres
import TestSupport
import Testing

/// Real `gsan-encerramento` processes on a family of the test's own, one SIGKILLed while its rota
/// (or part) jobs are in the middle of their transactions: after redelivery to another process the
/// orders end as an uninterrupted run leaves them.
@Suite(.serialized) struct EncerramentoKillTests {
    static let imoveis = 3_000

    /// The orders as a run leaves them, without row ids (document number and command instead).
    static func estado(_ db: PostgresConnection) throws -> [[String]] {
        try linhas(db, """
            SELECT d.cbdo_nnsequenciadocumento, d.caac_id, o.orse_cdsituacao, o.amen_id, o.orse_tmencerramento::text,
                   o.orse_dsparecerencerramento, o.unid_idencerramento, o.orse_dsorigemencerramento, d.cast_id, d.cbdo_dtsituacaoacao::text,
                   (SELECT count(*) FROM atendimentopublico.ordem_servico_unidade u WHERE u.orse_id = o.orse_id),
                   (SELECT ospv_nnareacalcada::text FROM atendimentopublico.ordem_servico_pavimento p WHERE p.orse_id = o.orse_id)
            FROM atendimentopublico.ordem_servico o JOIN cobranca.cobranca_documento d USING (cbdo_id) ORDER BY 1, 2
            """)
    }

    static func workers(_ url: String) throws -> TestWorkers {
        try TestWorkers("gsan-encerramento", databaseURL: url, vhost: "gsan_test_encerramento", familyPrefix: "enc")
    }

    /// Every rota job blocks on its trâmite insert (the unit row held), after updating its orders.
    static func prender(_ url: String) throws -> PostgresConnection {
        let bloqueio = try conectar(url)
        try bloqueio.execute("BEGIN")
        try bloqueio.execute("SELECT 1 FROM cadastro.unidade_organizacional FOR UPDATE")
        return bloqueio
    }

    static func preparar(_ db: PostgresConnection) throws -> Int {
        try emitir(db, acao: 1)
        try emitir(db, acao: 34)
        let encerrarOS = try atividade(db, acao: 34, atividade: 5)
        try db.execute("UPDATE cobranca.cobranca_acao_ativ_crg SET caac_dtprevista = '2025-06-20' WHERE caac_id = $1", [encerrarOS])
        return encerrarOS
    }

    @Test func aWorkerKilledMidDecursoLeavesTheSameOrdersAsAnUninterruptedPass() async throws {
        let semInterrupcao = try await comCompanhia(imoveis: Self.imoveis) { db, _ in
            let caac = try Self.preparar(db)
            try passarDecurso(db, atividade: caac)
            return try Self.estado(db)
        }
        let (comInterrupcao, tentativas, log) = try await comCompanhia(imoveis: Self.imoveis) { db, url in
            let caac = try Self.preparar(db)
            let workers = try Self.workers(url)
            defer { workers.tearDown() }
            let bloqueio = try Self.prender(url)
            defer { bloqueio.close() }
            let primeiro = try workers.start()
            let id = AtividadeDespacho.jobID(atividadeCronograma: caac)
            try workers.enqueue(JobSpec(
                id: id, kind: workers.kind(AtividadeDespacho.encerrarOS),
                payload: AtividadeDespacho.Payload(atividadeCronograma: caac, acao: 34, atividade: 5, grupo: 1, referencia: 202506, simular: false)))
            let presos = try waitUntil(timeout: 60) {
                try JobRecords.count(.state(.running, idLike: id + "/rota=%"), db: db) == 2
                    && contar(db, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") >= 2
            }
            #expect(presos, "dois jobs de rota deveriam estar bloqueados no meio da transação\n\(workers.logs)")
            #expect(try contar(db, "SELECT count(*) FROM atendimentopublico.ordem_servico WHERE orse_cdsituacao = 2") == 0)
            primeiro.kill()
            try bloqueio.execute("ROLLBACK")
            try workers.start()
            #expect(try workers.waitForDone(id), "\(workers.logs)")
            let tentativas = try JobRecords.list(JobFilter(idLike: id + "/rota=%"), db: db).map(\.attempts)
            return (try Self.estado(db), tentativas, workers.logs)
        }
        #expect(tentativas.count >= 3, "a passagem deve ter várias rotas")
        #expect(tentativas.filter { $0 == 2 }.count == 2, "as duas rotas interrompidas rodam de novo, uma vez: \(tentativas)\n\(log)")
        #expect(semInterrupcao.filter { $0[3] == "32" }.count > 20)
        #expect(comInterrupcao == semInterrupcao)
    }

    @Test func aWorkerKilledMidImportLeavesTheSameOrdersAsAnUninterruptedImport() async throws {
        let hoje = data("30/06/2025")
        @Sendable func arquivo(_ db: PostgresConnection) throws -> Data {
            let visita = try atividade(db, acao: 34, atividade: 2)
            return Data(try ContratadaSimulada.retorno(emitir: visita, seed: 5, hoje: hoje, db: db).texto.utf8)
        }
        let semInterrupcao = try await comCompanhia(imoveis: Self.imoveis) { db, _ in
            _ = try Self.preparar(db)
            guard case .importado(_, _, let encerradas, _, let rejeitadas, nil) = try ImportacaoRetorno.importar(
                nome: "r.csv", conteudo: try arquivo(db), contrato: 1, parcial: false, hoje: hoje, db: db)
            else { throw ErroTeste("importação em linha esperada") }
            #expect(encerradas > 20 && rejeitadas.isEmpty)
            return try Self.estado(db)
        }
        let (comInterrupcao, tentativas, log) = try await comCompanhia(imoveis: Self.imoveis) { db, url in
            _ = try Self.preparar(db)
            let workers = try Self.workers(url)
            defer { workers.tearDown() }
            let conteudo = try arquivo(db)
            let bloqueio = try Self.prender(url)
            defer { bloqueio.close() }
            let primeiro = try workers.start()
            // Staged in parts of 10 lines, on the test's family.
            guard case .importado(let retorno, _, 0, _, let rejeitadas, let job?) = try ImportacaoRetorno.importar(
                nome: "r.csv", conteudo: conteudo, contrato: 1, parcial: false, hoje: hoje, db: db, limiteEmLinha: 5, tamanhoParte: 10,
                familia: workers.family)
            else { throw ErroTeste("importação em partes esperada") }
            #expect(rejeitadas.isEmpty)
            let presos = try waitUntil(timeout: 60) {
                try JobRecords.count(.state(.running, idLike: job + "/parte=%"), db: db) == 2
                    && contar(db, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") >= 2
            }
            #expect(presos, "duas partes deveriam estar bloqueadas no meio da transação\n\(workers.logs)")
            #expect(try ImportacaoRetorno.progresso(retorno, db: db).processadas == 0)
            primeiro.kill()
            try bloqueio.execute("ROLLBACK")
            try workers.start()
            #expect(try workers.waitForDone(job), "\(workers.logs)")
            let (processadas, aceitas, encerradas) = try ImportacaoRetorno.progresso(retorno, db: db)
            #expect(processadas == aceitas && encerradas == aceitas, "\(processadas) \(aceitas) \(encerradas)")
            let tentativas = try JobRecords.list(JobFilter(idLike: job + "/parte=%"), db: db).map(\.attempts)
            return (try Self.estado(db), tentativas, workers.logs)
        }
        #expect(tentativas.count >= 3, "o arquivo deve ter várias partes")
        #expect(tentativas.filter { $0 == 2 }.count == 2, "as duas partes interrompidas rodam de novo, uma vez: \(tentativas)\n\(log)")
        // The same closings; only where they came from differs in nothing (both RETORNO).
        #expect(comInterrupcao == semInterrupcao)
    }
}

struct ErroTeste: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
