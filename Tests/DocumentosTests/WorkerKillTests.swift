import Contratos
import Documentos
import DocumentosRegras
import Foundation
import JobRuntime
import Postgres
import TestSupport
import Testing

/// EMITIR of the visita de cobrança (documents, items, service orders, files) through real worker
/// processes, one of them SIGKILLed while its rota jobs are in the middle of their transactions:
/// the jobs are redelivered to another process, each document is issued once and the files have
/// the bytes of an uninterrupted run on an identical utility.
@Suite(.serialized) struct WorkerKillTests {
    static let imoveis = 4_000

    /// Aviso issued (in-process), every rota in group 1: the visita's EMITIR is what the workers run.
    static func preparar(_ db: PostgresConnection, _ pasta: DiretorioArquivos) throws -> Int {
        try EmissaoTests.umGrupo(db)
        try executar(db, .cronograma(try atividade(db, grupo: 1, acao: 1, atividade: 2)), arquivos: pasta)
        return try atividade(db, grupo: 1, acao: 34, atividade: 2)
    }

    @Test func aWorkerKilledMidRunLeavesTheSameDocumentsAndBytesAsAnUninterruptedRun() async throws {
        let semInterrupcao = try await withUtility(imoveis: Self.imoveis) { db, _, pasta in
            let visita = try Self.preparar(db, pasta)
            try executar(db, .cronograma(visita), arquivos: pasta)
            return try EstadoFinal(db, pasta: pasta)
        }
        let (comInterrupcao, tentativas, log, arvore) = try await withUtility(imoveis: Self.imoveis) { db, url, pasta in
            let visita = try Self.preparar(db, pasta)
            let workers = try DocumentosWorkers(databaseURL: url, pasta: pasta)
            defer { workers.tearDown() }
            // Hold the contract: every rota job blocks inserting its documents, after its selection.
            let bloqueio = try connect(url)
            defer { bloqueio.close() }
            try bloqueio.execute("BEGIN")
            try bloqueio.execute("SELECT 1 FROM micromedicao.contrato_empresa_servico FOR UPDATE")

            let primeiro = try workers.start()
            let id = AtividadeDespacho.jobID(atividadeCronograma: visita)
            let payload = AtividadeDespacho.Payload(atividadeCronograma: visita, acao: 34, atividade: 2, grupo: 1, referencia: 202506, simular: false)
            try workers.enqueue(JobSpec(id: id, kind: workers.kind(AtividadeDespacho.documentos), payload: payload))
            let presos = try waitUntil(timeout: 60) {
                try JobRecords.count(.state(.running, idLike: id + "/selecao/rota=%"), db: db) == 2
                    && contar(db, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") >= 2
            }
            #expect(presos, "dois jobs de rota deveriam estar bloqueados no meio da transação\n\(workers.logs)")
            #expect(try contar(db, "SELECT count(*) FROM cobranca.cobranca_documento WHERE caac_id = $1", [visita]) == 0)
            primeiro.kill()
            try bloqueio.execute("ROLLBACK")

            try workers.start()
            #expect(try workers.waitForDone(id), "\(workers.logs)")
            let tentativas = try JobRecords.list(JobFilter(idLike: id + "/selecao/rota=%"), db: db).map(\.attempts)
            let arvore = try JobRecords.list(JobFilter(idLike: id + "%"), db: db).map { ($0.id, $0.state.rawValue) }
            return (try EstadoFinal(db, pasta: pasta), tentativas, workers.logs, arvore)
        }
        #expect(tentativas.count >= 3, "o cenário deve dividir a atividade em várias rotas")
        #expect(tentativas.filter { $0 == 2 }.count == 2, "as duas rotas interrompidas rodam de novo, uma vez: \(tentativas)\n\(log)")
        #expect(arvore.allSatisfy { $0.1 == "done" } && arvore.contains { $0.0.hasSuffix("/limite") }
                && arvore.contains { $0.0.contains("/limite/rota=") }, "\(arvore)")
        #expect(comInterrupcao.documentos.count > 10 && comInterrupcao.ordens.count == comInterrupcao.documentos.count
                - semInterrupcao.documentos.filter { $0[8] == "1" }.count)
        #expect(comInterrupcao == semInterrupcao, "\(comInterrupcao.diferencas(semInterrupcao))")
        #expect(comInterrupcao.arquivosNoBanco && !comInterrupcao.guardados.isEmpty, "\(comInterrupcao.guardados.keys.sorted())")
    }
}

@Suite(.serialized) struct ComandoEventualProcessTests {
    /// `gsan comando eventual` writes the command and its job in one transaction; the worker runs
    /// it through the same path as the schedule's: SIMULAR's totals, then EMITIR's, equal.
    @Test func anEventualCommandRunsThroughTheWorkerLikeTheSchedulesOnes() async throws {
        try await withUtility(imoveis: 3_000) { db, url, pasta in
            let workers = try DocumentosWorkers(databaseURL: url, pasta: pasta)
            defer { workers.tearDown() }
            try workers.start()
            var totais: [[String]] = []
            for atividade in [1, 2] {
                let cacm = try EmissaoTests.comandoEventual(db, maximo: 50, atividade: atividade)
                if atividade == 2 {
                    // A stale temporary of a killed writer: cleaned when the file is written.
                    let pastaComando = pasta.caminho(.eventual(cacm), rota: 1, extensao: "pdf").deletingLastPathComponent()
                    try FileManager.default.createDirectory(at: pastaComando, withIntermediateDirectories: true)
                    #expect(FileManager.default.createFile(atPath: pastaComando.appendingPathComponent(".rota-000001.pdf.1.2.tmp").path, contents: Data("x".utf8)))
                }
                let id = DocumentosJobs.idEventual(cacm)
                try workers.enqueue(JobSpec(id: id, kind: workers.kind(DocumentosJobs.eventual), payload: ComandoDocumentos.eventual(cacm)))
                #expect(try workers.waitForDone(id), "\(workers.logs)")
                let linha = try db.query(
                    """
                    SELECT cacm_qtdocumentos::text, cacm_qtitenscobrados::text, cacm_vldocumentos::text,
                           (cacm_tmrealizacao IS NOT NULL)::text
                    FROM cobranca.cobranca_acao_ativ_cmd WHERE cacm_id = $1
                    """, [cacm])[0]
                totais.append(try (0..<4).map { try linha.decode(String.self, at: $0) })
                if atividade == 2 {
                    #expect(try contar(db, "SELECT count(*) FROM cobranca.cobranca_documento WHERE cacm_id = $1", [cacm]) == 50)
                    let pastaComando = pasta.caminho(.eventual(cacm), rota: 1, extensao: "pdf").deletingLastPathComponent()
                    let nomes = try FileManager.default.contentsOfDirectory(atPath: pastaComando.path)
                    #expect(!nomes.isEmpty && nomes.allSatisfy { !$0.hasPrefix(".") }, "\(nomes)")
                }
            }
            #expect(totais[0][0] == "50" && totais[0] == totais[1], "\(totais)")
        }
    }
}
