import ArgumentParser
import Contratos
import Foundation
import GSANDatabase
import GSANSupport
import JobRuntime
import Logging
import Postgres

/// EMITIR of the aviso de corte (ação 1) of every group of a generated utility of N imóveis,
/// through P `gsan-documentos` processes: documents, items, the command caps, a PDF and a
/// print-house file per rota. Figures per stage (from the jobs' own timestamps) and each
/// process's peak RSS (VmHWM).
struct DocumentosBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "documentos",
        abstract: "EMITIR do aviso de corte de todos os grupos: N imóveis, P processos gsan-documentos.")

    @Option(help: "Imóveis da companhia gerada.") var imoveis = 100_000
    @Option(help: "Semente do gerador.") var semente: UInt64 = 7
    @Option(help: "Meses de histórico de contas.") var meses = 4
    @Option(help: "Processos gsan-documentos.") var processos = 2
    @Option(help: "Threads de handler por processo.") var concorrencia = 2
    @Option(help: "Ações emitidas, em ordem (1 aviso de débito, 34 visita de cobrança, que gera OS).") var acoes = "1,34"
    @Flag(help: "Reusa a companhia gerada numa rodada anterior (mesmos --imoveis), sem gerar de novo.") var reusar = false
    @Flag(help: "Mantém o banco (gsan_bench_doc) e os arquivos da rodada para inspeção.") var manter = false

    func validate() throws {
        guard !listaAcoes.isEmpty else { throw ValidationError("--acoes: ids separados por vírgula") }
        guard imoveis >= 1_000, processos >= 1, concorrencia >= 1 else {
            throw ValidationError("--imoveis ≥ 1000, --processos ≥ 1, --concorrencia ≥ 1")
        }
    }

    var listaAcoes: [Int] { acoes.split(separator: ",").compactMap { Int($0) } }

    var base: String { "gsan_bench_doc_\(imoveis)" }
    static let rodada = "gsan_bench_doc"

    /// The scheduler's payload (Core/Cronogramas' AtividadeDespacho.Payload): this program does
    /// not link the domain modules.
    struct Atividade: Codable {
        var atividadeCronograma: Int, acao: Int, atividade: Int, grupo: Int, referencia: Int, simular: Bool
    }

    func run() async throws {
        let environment = GSANEnvironment()
        let (adminURL, amqpURL) = (try environment.ownerDatabaseURL, try environment.amqpURL)
        let programas = try CompanhiaGerada.executaveis("gsan-documentos", "gsan")
        let (worker, gsan) = (programas[0], programas[1])
        let opcoes = self
        try await onDedicatedThread {
            var logger = Logger(label: "gsan.bench")
            logger.logLevel = .error
            try CompanhiaGerada.garantir(
                base: opcoes.base, imoveis: opcoes.imoveis, semente: opcoes.semente, meses: opcoes.meses,
                reusar: opcoes.reusar, adminURL: adminURL, gsan: gsan, logger: logger)
            let url = try CompanhiaGerada.rodada(Self.rodada, de: opcoes.base, adminURL: adminURL, logger: logger)
            let arquivos = FileManager.default.temporaryDirectory.appendingPathComponent("gsan-bench-documentos")
            try? FileManager.default.removeItem(at: arquivos)
            try opcoes.medir(url: url, amqpURL: amqpURL, worker: worker, arquivos: arquivos, logger: logger)
            if !opcoes.manter {
                try DatabaseAdmin.drop(Self.rodada, adminURL: adminURL, logger: logger)
                try? FileManager.default.removeItem(at: arquivos)
            }
        }
    }

    func medir(url: String, amqpURL: String, worker: URL, arquivos: URL, logger: Logger) throws {
        let db = try PostgresConnection(url: url, logger: logger, applicationName: "gsan-bench")
        defer { db.close() }
        let familia = "benchdoc\(ProcessInfo.processInfo.processIdentifier)"
        let argumentos = ["--familia", familia, "--atrasos", "1000", "--concorrencia", String(concorrencia), "--log", "warning"]
        // The workers inherit this process's environment: their files go to the run's folder.
        setenv("GSAN_DOCUMENTOS_DIR", arquivos.path, 1)
        let workers = try (0..<processos).map { _ in try JobsBench.launch(worker, argumentos, amqpURL: amqpURL, databaseURL: url) }
        defer {
            for process in workers where process.isRunning { process.terminate() }
            for process in workers { process.waitUntilExit() }
            JobsBench.deleteQueues(family: familia, amqpURL: amqpURL)
        }
        var picos: [Int32: Int] = [:]
        var total = 0.0
        for acao in listaAcoes {
            total += try emitir(acao: acao, familia: familia, db: db, workers: workers, picos: &picos)
        }
        var (pdfs, textos, bytes) = (0, 0, 0)
        if let enumerador = FileManager.default.enumerator(atPath: arquivos.path) {
            for case let nome as String in enumerador {
                if nome.hasSuffix(".pdf") { pdfs += 1 } else if nome.hasSuffix(".txt") { textos += 1 } else { continue }
                bytes += (try? FileManager.default.attributesOfItem(atPath: arquivos.appendingPathComponent(nome).path)[.size] as? Int) ?? 0
            }
        }
        linhaDeBench(String(format: "arquivos: %d PDFs e %d arquivos da gráfica, %.1f MiB; tempo total das emissões %.2f s", pdfs, textos,
                     Double(bytes) / 1_048_576, total))
        for (pid, pico) in picos.sorted(by: { $0.key < $1.key }) {
            linhaDeBench(String(format: "  gsan-documentos pid %d: pico de RSS %.1f MiB", pid, Double(pico) / 1024))
        }
    }

    /// The action's EMITIR for every group, enqueued in one transaction; returns the seconds from
    /// that commit to the commit that finished the last activity's tree.
    func emitir(acao: Int, familia: String, db: PostgresConnection, workers: [Process], picos: inout [Int32: Int]) throws -> Double {
        let atividades = try db.query(
            """
            SELECT a.caac_id, m.cbgr_id, m.cbcm_amreferencia::int FROM cobranca.cobranca_acao_ativ_crg a
            JOIN cobranca.cobranca_acao_cronograma c USING (cbcr_id) JOIN cobranca.cobranca_grupo_crg_mes m USING (cbcm_id)
            WHERE c.cbac_id = $1 AND a.cbat_id = 2 ORDER BY m.cbgr_id
            """, [acao]
        ).map { try $0.decode((Int, Int, Int).self) }
        let ids = atividades.map { "bench-doc:caac=\($0.0)" }
        let inicio = try db.withTransaction { db in
            for (caac, grupo, referencia) in atividades {
                let payload = Atividade(atividadeCronograma: caac, acao: acao, atividade: 2, grupo: grupo, referencia: referencia, simular: false)
                try Outbox.enqueue(
                    JobSpec(id: "bench-doc:caac=\(caac)", kind: AtividadeDespacho.documentos.inFamily(familia), payload: payload), on: db)
            }
            return try db.query("SELECT extract(epoch FROM clock_timestamp())::float8")[0].decode(Double.self, at: 0)
        }
        let prazo = Date().addingTimeInterval(20 * 60)
        while true {
            for process in workers where process.isRunning { picos[process.processIdentifier] = CompanhiaGerada.picoRSS(process.processIdentifier) }
            let estados = try JobRecords.byID(ids, db: db).values.map(\.state)
            let (feitos, mortos) = (estados.filter { $0 == .done }.count, estados.filter { $0 == .dead }.count)
            if feitos == ids.count { break }
            if mortos > 0 { throw ValidationError("\(mortos) atividade(s) morreram: veja gsan jobs") }
            guard workers.allSatisfy(\.isRunning) else { throw ValidationError("um worker terminou durante a medição") }
            guard Date() < prazo else { throw ValidationError("as atividades não terminaram em 20 minutos") }
            Thread.sleep(forTimeInterval: 0.2)
        }
        for process in workers where process.isRunning { picos[process.processIdentifier] = CompanhiaGerada.picoRSS(process.processIdentifier) }
        let fim = try JobRecords.byID(ids, db: db).values.compactMap(\.finishedAt).max() ?? inicio
        let descricao = try db.query("SELECT cbac_dscobrancaacao FROM cobranca.cobranca_acao WHERE cbac_id = $1", [acao])[0]
            .decode(String.self, at: 0)
        linhaDeBench("EMITIR de \(descricao) (ação \(acao)) em \(atividades.count) grupos; \(processos) processos × \(concorrencia) threads")
        // A job's started_at and finished_at are its transaction's: the stages are shown as windows.
        for (nome, kind) in [("seleção e emissão por rota", DocumentosJobs.rota), ("limite do comando (fan-in)", DocumentosJobs.limite),
                             ("PDF e arquivo da gráfica por rota", DocumentosJobs.arquivo)] {
            let janela = try JobRecords.window(kind: kind, below: ids, db: db)
            let (quantidade, primeiro, ultimo) = (janela.count, janela.firstStart ?? inicio, janela.lastFinish ?? inicio)
            linhaDeBench(String(format: "  %@: %d jobs, de +%.2f s a +%.2f s", nome, quantidade, primeiro - inicio, ultimo - inicio))
        }
        let (documentos, itens, valor, ordens) = try db.query(
            """
            SELECT count(*)::int, (SELECT count(*) FROM cobranca.cobranca_documento_item i JOIN cobranca.cobranca_documento e USING (cbdo_id)
                                   WHERE e.cbac_id = $1)::int,
                   COALESCE(sum(cbdo_vldocumento + cbdo_vlacrescimos), 0)::text,
                   (SELECT count(*) FROM atendimentopublico.ordem_servico o JOIN cobranca.cobranca_documento e USING (cbdo_id)
                    WHERE e.cbac_id = $1)::int
            FROM cobranca.cobranca_documento WHERE cbac_id = $1
            """, [acao])[0].decode((Int, Int, String, Int).self)
        linhaDeBench(String(format: "  %d documentos, %d itens, %d ordens de serviço, R$ %@: %.2f s (%.0f documentos/s)",
                     documentos, itens, ordens, valor, fim - inicio, Double(documentos) / (fim - inicio)))
        return fim - inicio
    }
}
