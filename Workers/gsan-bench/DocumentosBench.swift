import ArgumentParser
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
    @Option(help: "Ação de cobrança emitida.") var acao = 1
    @Flag(help: "Reusa a companhia gerada numa rodada anterior (mesmos --imoveis), sem gerar de novo.") var reusar = false
    @Flag(help: "Mantém o banco (gsan_bench_doc) e os arquivos da rodada para inspeção.") var manter = false

    func validate() throws {
        guard imoveis >= 1_000, processos >= 1, concorrencia >= 1 else {
            throw ValidationError("--imoveis ≥ 1000, --processos ≥ 1, --concorrencia ≥ 1")
        }
    }

    var base: String { "gsan_bench_doc_\(imoveis)" }
    static let rodada = "gsan_bench_doc"

    /// The scheduler's payload (Core/Cronogramas' AtividadeDespacho.Payload): this program does
    /// not link the domain modules.
    struct Atividade: Codable {
        var atividadeCronograma: Int, acao: Int, atividade: Int, grupo: Int, referencia: Int, simular: Bool
    }

    func run() async throws {
        let environment = GSANEnvironment()
        let (adminURL, amqpURL) = (try environment.databaseURL, try environment.amqpURL)
        let pasta = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let (worker, gsan) = (pasta.appendingPathComponent("gsan-documentos"), pasta.appendingPathComponent("gsan"))
        for executavel in [worker, gsan] where !FileManager.default.isExecutableFile(atPath: executavel.path) {
            throw ValidationError("\(executavel.lastPathComponent) não encontrado ao lado de gsan-bench: rode swift build -c release")
        }
        let opcoes = self
        try await onDedicatedThread {
            var logger = Logger(label: "gsan.bench")
            logger.logLevel = .error
            let baseURL = try DatabaseAdmin.url(adminURL, database: opcoes.base)
            if !opcoes.reusar || JusCompesaBench.imoveisGerados(baseURL, logger: logger) != opcoes.imoveis {
                try opcoes.gerarBase(adminURL: adminURL, baseURL: baseURL, gsan: gsan, logger: logger)
            }
            try DatabaseAdmin.drop(Self.rodada, adminURL: adminURL, logger: logger)
            let admin = try PostgresConnection(url: adminURL, logger: logger, applicationName: "gsan-bench")
            try admin.execute("CREATE DATABASE \(Self.rodada) TEMPLATE \(opcoes.base)")
            admin.close()
            let url = try DatabaseAdmin.url(adminURL, database: Self.rodada)
            let arquivos = FileManager.default.temporaryDirectory.appendingPathComponent("gsan-bench-documentos")
            try? FileManager.default.removeItem(at: arquivos)
            try opcoes.medir(url: url, amqpURL: amqpURL, worker: worker, arquivos: arquivos, logger: logger)
            if !opcoes.manter {
                try DatabaseAdmin.drop(Self.rodada, adminURL: adminURL, logger: logger)
                try? FileManager.default.removeItem(at: arquivos)
            }
        }
    }

    func gerarBase(adminURL: String, baseURL: String, gsan: URL, logger: Logger) throws {
        try DatabaseAdmin.drop(base, adminURL: adminURL, logger: logger)
        try DatabaseAdmin.create(base, adminURL: adminURL, logger: logger)
        let db = try PostgresConnection(url: baseURL, logger: logger, applicationName: "gsan-bench")
        defer { db.close() }
        _ = try Migrator(logger: logger).migrate(connection: db)
        let inicio = Date()
        let seed = Process()
        seed.executableURL = gsan
        seed.arguments = ["seed", "--imoveis", String(imoveis), "--seed", String(semente), "--meses", String(meses)]
        seed.environment = ProcessInfo.processInfo.environment.merging(["GSAN_DATABASE_URL": baseURL]) { $1 }
        seed.standardOutput = FileHandle.nullDevice
        seed.standardError = FileHandle.nullDevice
        try seed.run()
        seed.waitUntilExit()
        guard seed.terminationStatus == 0 else { throw ValidationError("gsan seed terminou com \(seed.terminationStatus)") }
        try db.executeScript("VACUUM ANALYZE")
        linha(String(format: "companhia gerada: %d imóveis, %d meses, semente %d, %.1f s", imoveis, meses, semente, -inicio.timeIntervalSinceNow))
    }

    func medir(url: String, amqpURL: String, worker: URL, arquivos: URL, logger: Logger) throws {
        let db = try PostgresConnection(url: url, logger: logger, applicationName: "gsan-bench")
        defer { db.close() }
        let atividades = try db.query(
            """
            SELECT a.caac_id, m.cbgr_id, m.cbcm_amreferencia::int FROM cobranca.cobranca_acao_ativ_crg a
            JOIN cobranca.cobranca_acao_cronograma c USING (cbcr_id) JOIN cobranca.cobranca_grupo_crg_mes m USING (cbcm_id)
            WHERE c.cbac_id = $1 AND a.cbat_id = 2 ORDER BY m.cbgr_id
            """, [acao]
        ).map { try $0.decode((Int, Int, Int).self) }
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
        linha("\(atividades.count) atividades EMITIR da ação \(acao); \(processos) processos × \(concorrencia) threads")
        let ids = atividades.map { "bench-doc:caac=\($0.0)" }
        let inicio = try db.withTransaction { db in
            for (caac, grupo, referencia) in atividades {
                let payload = Atividade(atividadeCronograma: caac, acao: acao, atividade: 2, grupo: grupo, referencia: referencia, simular: false)
                try Outbox.enqueue(
                    JobSpec(id: "bench-doc:caac=\(caac)", kind: JobKind("documentos.atividade", family: familia), payload: payload), on: db)
            }
            return try db.query("SELECT extract(epoch FROM clock_timestamp())::float8")[0].decode(Double.self, at: 0)
        }
        var picos: [Int32: Int] = [:]
        let prazo = Date().addingTimeInterval(20 * 60)
        while true {
            for process in workers where process.isRunning { picos[process.processIdentifier] = Self.picoRSS(process.processIdentifier) }
            let (feitos, mortos) = try db.query(
                "SELECT count(*) FILTER (WHERE state = 'done')::int, count(*) FILTER (WHERE state = 'dead')::int FROM jobs.job WHERE id = ANY($1::text[])",
                [PostgresArray(ids)])[0].decode((Int, Int).self)
            if feitos == ids.count { break }
            if mortos > 0 { throw ValidationError("\(mortos) atividade(s) morreram: veja gsan jobs") }
            guard workers.allSatisfy(\.isRunning) else { throw ValidationError("um worker terminou durante a medição") }
            guard Date() < prazo else { throw ValidationError("as atividades não terminaram em 20 minutos") }
            Thread.sleep(forTimeInterval: 0.2)
        }
        for process in workers where process.isRunning { picos[process.processIdentifier] = Self.picoRSS(process.processIdentifier) }
        let fim = try db.query("SELECT extract(epoch FROM max(finished_at))::float8 FROM jobs.job WHERE id = ANY($1::text[])",
                               [PostgresArray(ids)])[0].decode(Double.self, at: 0)
        for (nome, kind) in [("seleção e emissão por rota", "documentos.rota"), ("limite do comando (fan-in)", "documentos.limite"),
                             ("PDF e arquivo da gráfica por rota", "documentos.arquivo")] {
            let (quantidade, primeiro, ultimo, soma) = try db.query(
                """
                SELECT count(*)::int, extract(epoch FROM min(started_at))::float8, extract(epoch FROM max(finished_at))::float8,
                       COALESCE(sum(extract(epoch FROM finished_at - started_at)), 0)::float8
                FROM jobs.job WHERE kind = $1 AND state = 'done'
                """, [kind])[0].decode((Int, Double, Double, Double).self)
            linha(String(format: "  %@: %d jobs, de +%.2f s a +%.2f s (soma das execuções %.2f s)", nome, quantidade,
                         primeiro - inicio, ultimo - inicio, soma))
        }
        let (documentos, itens, valor) = try db.query(
            "SELECT count(*)::int, (SELECT count(*) FROM cobranca.cobranca_documento_item)::int, COALESCE(sum(cbdo_vldocumento), 0)::text FROM cobranca.cobranca_documento"
        )[0].decode((Int, Int, String).self)
        let ordens = try db.query("SELECT count(*)::int FROM atendimentopublico.ordem_servico")[0].decode(Int.self, at: 0)
        var (pdfs, textos, bytes) = (0, 0, 0)
        if let enumerador = FileManager.default.enumerator(atPath: arquivos.path) {
            for case let nome as String in enumerador {
                if nome.hasSuffix(".pdf") { pdfs += 1 } else if nome.hasSuffix(".txt") { textos += 1 } else { continue }
                bytes += (try? FileManager.default.attributesOfItem(atPath: arquivos.appendingPathComponent(nome).path)[.size] as? Int) ?? 0
            }
        }
        linha(String(format: "total: %d documentos, %d itens, %d ordens de serviço, R$ %@; %d PDFs e %d arquivos da gráfica (%.1f MiB): %.2f s",
                     documentos, itens, ordens, valor, pdfs, textos, Double(bytes) / 1_048_576, fim - inicio))
        for (pid, pico) in picos.sorted(by: { $0.key < $1.key }) {
            linha(String(format: "  gsan-documentos pid %d: pico de RSS %.1f MiB", pid, Double(pico) / 1024))
        }
    }

    /// VmHWM of /proc/<pid>/status, in KiB (0 if unreadable).
    static func picoRSS(_ pid: Int32) -> Int {
        guard let texto = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        for linha in texto.split(separator: "\n") where linha.hasPrefix("VmHWM:") {
            return Int(linha.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
        }
        return 0
    }
}

private func linha(_ texto: String) {
    FileHandle.standardOutput.write(Data((texto + "\n").utf8))
}
