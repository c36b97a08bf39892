import ArgumentParser
import Contratos
import EncerramentoOS
import FiscalizacaoRegras
import Foundation
import GSANDatabase
import GSANModel
import GSANSupport
import JobRuntime
import Logging
import Postgres

/// `gsan-bench seletiva`: on a generated utility of N imóveis with one visita de cobrança per imóvel
/// closed by the contractor (9 in 10 with conclusão do serviço, 1 in 10 justified; written by SQL over the
/// encerramento benchmark's orders), `gsan os seletiva gerar` at P % of group 1: the population, the
/// draw and the record in this process, then P `gsan-encerramento` processes create the fiscalização
/// OS rota by rota and write a PDF per OS and one with all. Time and peak RSS.
struct SeletivaBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seletiva", abstract: "OS seletiva de fiscalização sobre N OS encerradas (com os PDFs), P processos gsan-encerramento.")

    @Option(help: "Imóveis da companhia gerada (uma OS encerrada por imóvel).") var imoveis = 100_000
    @Option(help: "Semente do gerador.") var semente: UInt64 = 7
    @Option(help: "Percentual das OS com conclusão a fiscalizar.") var percentual = 2
    @Option(help: "Processos gsan-encerramento.") var processos = 2
    @Option(help: "Threads de handler por processo.") var concorrencia = 2
    @Flag(help: "Reusa a companhia gerada numa rodada anterior (mesmos --imoveis).") var reusar = false

    var base: String { "gsan_bench_sel_\(imoveis)" }
    static let rodada = "gsan_bench_sel"

    func validate() throws {
        guard imoveis >= 1_000, processos >= 1, concorrencia >= 1, (2...100).contains(percentual) else {
            throw ValidationError("--imoveis ≥ 1000, --processos ≥ 1, --concorrencia ≥ 1, --percentual de 2 a 100")
        }
    }

    static func ordensEncerradas(_ db: PostgresConnection) throws {
        try EncerramentoBench.ordensPendentes(db)
        try db.execute(
            """
            UPDATE atendimentopublico.ordem_servico SET orse_cdsituacao = 2, amen_id = CASE WHEN orse_id % 10 = 0 THEN 4 ELSE 2 END,
                orse_tmencerramento = '2025-06-16 10:00-03', unid_idencerramento = 2, orse_dsorigemencerramento = 'RETORNO',
                orse_dsparecerencerramento = 'VISITA REALIZADA', orse_nmagenteencerramento = 'AGENTE DA CONTRATADA'
            WHERE svtp_id = 1011 AND orse_cdsituacao = 1
            """)
    }

    func run() async throws {
        let environment = GSANEnvironment()
        let (adminURL, amqpURL) = (try environment.ownerDatabaseURL, try environment.amqpURL)
        let programas = try CompanhiaGerada.executaveis("gsan-encerramento", "gsan")
        let opcoes = self
        try await onDedicatedThread {
            var logger = Logger(label: "gsan.bench")
            logger.logLevel = .error
            try CompanhiaGerada.garantir(
                base: opcoes.base, imoveis: opcoes.imoveis, semente: opcoes.semente, meses: 4, reusar: opcoes.reusar,
                adminURL: adminURL, gsan: programas[1], logger: logger, depoisDaSemente: Self.ordensEncerradas)
            let url = try CompanhiaGerada.rodada(Self.rodada, de: opcoes.base, adminURL: adminURL, logger: logger)
            let pasta = FileManager.default.temporaryDirectory.appendingPathComponent("gsan-bench-seletiva-\(ProcessInfo.processInfo.processIdentifier)")
            try ModoArquivos.criarPastas(pasta.path)
            defer { try? FileManager.default.removeItem(at: pasta) }
            setenv("GSAN_DOCUMENTOS_DIR", pasta.path, 1)
            try opcoes.medir(url: url, amqpURL: amqpURL, worker: programas[0], pasta: pasta, logger: logger)
            try DatabaseAdmin.drop(Self.rodada, adminURL: adminURL, logger: logger)
        }
    }

    func medir(url: String, amqpURL: String, worker: URL, pasta: URL, logger: Logger) throws {
        let db = try PostgresConnection(url: url, logger: logger, applicationName: "gsan-bench")
        defer { db.close() }
        let familia = "benchsel\(ProcessInfo.processInfo.processIdentifier)"
        let argumentos = ["--familia", familia, "--atrasos", "1000", "--concorrencia", String(concorrencia), "--log", "warning"]
        let workers = try (0..<processos).map { _ in try JobsBench.launch(worker, argumentos, amqpURL: amqpURL, databaseURL: url) }
        defer {
            for process in workers where process.isRunning { process.terminate() }
            for process in workers { process.waitUntilExit() }
            JobsBench.deleteQueues(family: familia, amqpURL: amqpURL)
        }
        let encerradas = try db.query(
            "SELECT count(*)::int FROM atendimentopublico.ordem_servico WHERE orse_cdsituacao = 2")[0].decode(Int.self, at: 0)
        let hoje = CivilDate(year: 2025, month: 6, day: 30) ?? .init(daysSinceEpoch: 0)
        let relogio = ContinuousClock()
        let inicio = relogio.now
        let inicioEpoca = Date().timeIntervalSince1970
        let g = try OSSeletiva.gerar(.init(grupo: 1, dias: 60), percentual: percentual, semente: 1, hoje: hoje, usuario: "ADMIN", familia: familia, db: db)
        let sorteio = relogio.now - inicio
        func s(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
        linhaDeBench(String(format: "seletiva: %d OS encerradas (%d com conclusão, %d sem), %d%%: %d ordens de fiscalização; "
                            + "população, sorteio e registro neste processo: %.2f s", encerradas, g.comConclusao, g.semConclusao, percentual,
                            g.selecionadas, s(sorteio)))
        let pdf = FiscalizacaoJobs.idPDF(g.job)
        let picos = try CompanhiaGerada.aguardar(pdf, workers: workers, db: db)
        let total = s(relogio.now - inicio)
        let (selecionadas, geradas, _) = try OSSeletiva.progresso(g.id, db: db)
        let p = OSSeletiva.Pasta(raiz: pasta.appendingPathComponent("fiscalizacao"))
        let arquivos = (try? FileManager.default.contentsOfDirectory(atPath: p.geracao(g.id).path))?.filter { $0.hasSuffix(".pdf") }.count ?? 0
        let todas = (try? FileManager.default.attributesOfItem(atPath: p.todas(g.id).path)[.size] as? Int) ?? 0
        let rotas = try JobRecords.byID(g.job, db: db)?.childrenTotal ?? 0
        linhaDeBench(String(
            format: "  %d de %d OS de fiscalização, %d PDFs (o com todas: %.1f MiB), %d jobs filhos, %d processos × %d threads: %.2f s",
            geradas, selecionadas, arquivos, Double(todas) / 1_048_576, rotas, processos, concorrencia, total))
        // Where the time went, per kind of job: how many, and when the first and the last of them began (their
        // transactions' start, from the start of the measurement).
        let jobs = try JobRecords.forest(roots: [g.job, pdf], db: db)
        for (kind, lista) in Dictionary(grouping: jobs, by: \.kind).sorted(by: { $0.key < $1.key }) {
            let inicios = lista.compactMap(\.startedAt).map { $0 - inicioEpoca }
            linhaDeBench("  \(kind): " + String(format: "%d jobs, iniciados de %.2f s a %.2f s", lista.count, inicios.min() ?? 0, inicios.max() ?? 0))
        }
        // The CPU the work took (load-independent on a shared machine): the workers' and their PostgreSQL backends'.
        let backends = try db.query(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).map { try $0.decode(Int32.self, at: 0) }
        let cpuWorkers = workers.map { Self.cpu($0.processIdentifier) }.reduce(0, +)
        let cpuBanco = backends.map(Self.cpu).reduce(0, +)
        linhaDeBench(String(format: "  CPU: workers %.2f s, os %d backends do PostgreSQL da rodada %.2f s", cpuWorkers, backends.count, cpuBanco)
                     + " (carga média agora: \(Self.cargaMedia()))")
        for (pid, pico) in picos.sorted(by: { $0.key < $1.key }) {
            linhaDeBench(String(format: "  gsan-encerramento pid %d: pico de RSS %.1f MiB", pid, Double(pico) / 1024))
        }
        linhaDeBench(String(format: "  gsan-bench (população, sorteio e registro): pico de RSS %.1f MiB",
                            Double(CompanhiaGerada.picoRSS(ProcessInfo.processInfo.processIdentifier)) / 1024))
    }

    /// User + system CPU seconds of a live process (/proc/<pid>/stat fields 14 and 15), 0 when it is gone.
    static func cpu(_ pid: Int32) -> Double {
        guard let texto = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let fim = texto.lastIndex(of: ")") else { return 0 }
        let campos = texto[texto.index(after: fim)...].split(separator: " ")
        guard campos.count > 12, let u = Double(campos[11]), let s = Double(campos[12]) else { return 0 }
        return (u + s) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    static func cargaMedia() -> String {
        ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?").split(separator: " ").prefix(3).joined(separator: " ")
    }
}
