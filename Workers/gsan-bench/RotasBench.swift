import ArgumentParser
import Contratos
import Foundation
import GSANDatabase
import GSANSupport
import JobRuntime
import Logging
import Postgres

/// The route files of every rota of a generated utility (`gsan seed`), written by
/// `gsan-rotas` worker processes: total time from the enqueueing of the group jobs to the
/// commit of the last rota, imóveis/s, the workers' peak RSS; next to it, in the same run, a
/// plain `COPY (SELECT …) TO STDOUT` of the same imóvel rows (imóvel with its pre-billed bill).
struct RotasBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotas",
        abstract: "Arquivos de todas as rotas de uma companhia gerada de N imóveis, P processos gsan-rotas, contra um COPY.")

    @Option(help: "Imóveis da companhia gerada.") var imoveis = 100_000
    @Option(help: "Semente do gerador.") var semente: UInt64 = 7
    @Option(help: "Meses de histórico de contas.") var meses = 6
    @Option(help: "Processos gsan-rotas.") var processos = 2
    @Option(help: "Threads de handler por processo.") var concorrencia = 2
    @Flag(help: "Reusa a companhia gerada numa rodada anterior (mesmos --imoveis), sem gerar de novo.") var reusar = false
    @Flag(help: "Mantém a companhia gerada (gsan_bench_rotas_N) para outra rodada.") var manter = false
    @Option(help: "Grava o log (nível info: tempos de cada etapa por rota) dos workers neste arquivo.") var logWorkers: String?

    func validate() throws {
        guard imoveis >= 1_000, processos >= 1, concorrencia >= 1 else {
            throw ValidationError("--imoveis ≥ 1000, --processos ≥ 1, --concorrencia ≥ 1")
        }
    }

    var base: String { "gsan_bench_rotas_\(imoveis)" }


    func run() async throws {
        let environment = GSANEnvironment()
        let (adminURL, amqpURL) = (try environment.ownerDatabaseURL, try environment.amqpURL)
        let programas = try CompanhiaGerada.executaveis("gsan-rotas", "gsan")
        let (worker, gsan) = (programas[0], programas[1])
        let opcoes = self
        try await onDedicatedThread {
            var logger = Logger(label: "gsan.bench")
            logger.logLevel = .error
            let url = try CompanhiaGerada.garantir(
                base: opcoes.base, imoveis: opcoes.imoveis, semente: opcoes.semente, meses: opcoes.meses,
                reusar: opcoes.reusar, adminURL: adminURL, gsan: gsan, logger: logger)
            let saida = NSTemporaryDirectory() + "gsan-bench-rotas-\(getpid())"
            defer { try? FileManager.default.removeItem(atPath: saida) }
            try opcoes.medir(url: url, amqpURL: amqpURL, worker: worker, saida: saida, logger: logger)
            if !opcoes.manter { try DatabaseAdmin.drop(opcoes.base, adminURL: adminURL, logger: logger) }
        }
    }

    func medir(url: String, amqpURL: String, worker: URL, saida: String, logger: Logger) throws {
        let db = try PostgresConnection(url: url, logger: logger, applicationName: "gsan-bench")
        defer { db.close() }
        try db.execute("TRUNCATE micromedicao.arquivo_texto_rota CASCADE")
        let grupos = try db.query("SELECT ftgr_id, ftgr_amreferencia::int FROM faturamento.faturamento_grupo ORDER BY 1")
            .map { try $0.decode((Int, Int).self) }

        // The baseline first, on a warm cache for both: every source row the files are built
        // from, straight out (the imóveis of the Android rotas with their current client,
        // ligações and pre-billed bill; the bill's categories, débitos, créditos and taxes; the
        // imóvel's categories; six months of history; the avisos de corte with their bills; the
        // meters with their last reading).
        // CPU seconds beside the wall time (the machine is shared): the servers' process trees
        // (PostgreSQL, RabbitMQ) and the workers'.
        let servidores = ServerProcesses(home: ProcessInfo.processInfo.environment["GSAN_HOME"] ?? "/var/lib/gsan", db: db)
        var bytesCopy = 0
        var linhasCopy = 0
        let cargaCopy = SeletivaBench.cargaMedia()
        let cpuAntesCopy = servidores.cpu() ?? .nan
        let inicioCopy = Date()
        for sql in Self.copiasDasFontes {
            linhasCopy += try db.copyOut("COPY (\(sql)) TO STDOUT") { bytesCopy += $0.count }
        }
        let segundosCopy = -inicioCopy.timeIntervalSinceNow
        let cpuCopy = (servidores.cpu() ?? .nan) - cpuAntesCopy

        let familia = "benchrotas\(getpid())"
        let argumentos = ["--familia", familia, "--atrasos", "1000", "--concorrencia", String(concorrencia), "--log", logWorkers == nil ? "warning" : "info"]
        if let logWorkers { _ = FileManager.default.createFile(atPath: logWorkers, contents: nil) }
        let registro = logWorkers.flatMap { FileHandle(forWritingAtPath: $0) }
        var ambiente = ProcessInfo.processInfo.environment
        ambiente["GSAN_AMQP_URL"] = amqpURL
        ambiente["GSAN_DATABASE_URL"] = url
        ambiente["GSAN_ROTAS_DIR"] = saida
        ambiente["GSAN_ROTAS_FORMATOS"] = "gz"
        let workers = try (0..<processos).map { _ in
            let p = Process()
            p.executableURL = worker
            p.arguments = argumentos
            p.environment = ambiente
            if let registro {
                p.standardOutput = registro
                p.standardError = registro
            }
            try p.run()
            return p
        }
        defer {
            for process in workers where process.isRunning { process.terminate() }
            for process in workers { process.waitUntilExit() }
            JobsBench.deleteQueues(family: familia, amqpURL: amqpURL)
        }
        Thread.sleep(forTimeInterval: 1)  // consumers up before the first message
        let cargaInicio = SeletivaBench.cargaMedia()
        let cpuServidoresAntes = servidores.cpu() ?? .nan
        let cpuWorkersAntes = workers.map { ProcessCPU.tree(root: $0.processIdentifier) }
        var cpuWorkers = cpuWorkersAntes
        let kind = CadeiaFechamento.rotas.inFamily(familia)
        let ids = grupos.map { "bench-rotas:\(getpid()):grupo=\($0.0)" }
        let inicio = try db.withTransaction { db in
            for ((grupo, referencia), id) in zip(grupos, ids) {
                try Outbox.enqueue(JobSpec(id: id, kind: kind, payload: PedidoRotas(grupoFaturamento: grupo, referencia: referencia)), on: db)
            }
            return try db.query("SELECT extract(epoch FROM clock_timestamp())::float8")[0].decode(Double.self, at: 0)
        }
        var picos = [Int](repeating: 0, count: workers.count)
        let prazo = Date().addingTimeInterval(60 * 60)
        while true {
            for (n, p) in workers.enumerated() {
                picos[n] = max(picos[n], CompanhiaGerada.picoRSS(p.processIdentifier))
                cpuWorkers[n] = max(cpuWorkers[n], ProcessCPU.tree(root: p.processIdentifier))
            }
            let registros = try JobRecords.byID(ids, db: db).values
            if registros.filter({ $0.state == .done }).count == ids.count { break }
            if registros.contains(where: { $0.state == .dead }) { throw ValidationError("job de grupo morto: veja gsan job show") }
            guard workers.allSatisfy(\.isRunning), Date() < prazo else { throw ValidationError("um worker terminou ou o prazo acabou") }
            Thread.sleep(forTimeInterval: 0.2)
        }
        let cpuServidores = (servidores.cpu() ?? .nan) - cpuServidoresAntes
        let cargaFim = SeletivaBench.cargaMedia()
        let fim = try JobRecords.byID(ids, db: db).values.compactMap(\.finishedAt).max() ?? .nan
        let segundos = fim - inicio
        let (rotas, arquivos, noArquivo, texto, gzip) = try db.query(
            """
            SELECT count(*), count(*) + coalesce(sum(txre_qtpartes), 0), coalesce(sum(txre_qtimovel), 0),
                   coalesce(sum(txre_nntamanho), 0), coalesce(sum(octet_length(txre_artexto)), 0)
            FROM micromedicao.arquivo_texto_rota
            """)[0].decode((Int, Int, Int, Int, Int).self)
        let recusadas = try JobRecords.countDone(kind: RotasJobs.rota, resultContaining: PostgresJSON(["situacao": "recusado"]), db: db)
        linhaDeBench("\(grupos.count) grupos, \(rotas) rotas (\(recusadas) recusadas), \(arquivos) linhas de arquivo; \(processos) processos × \(concorrencia) threads")
        linhaDeBench(String(format: "arquivos das rotas: %d imóveis, %.1f MB de texto (%.1f MB gzip): %.2f s, %.0f imóveis/s", noArquivo,
                     Double(texto) / 1e6, Double(gzip) / 1e6, segundos, Double(noArquivo) / segundos))
        linhaDeBench(String(format: "COPY de todas as linhas de origem dos arquivos: %d linhas, %.1f MB: %.2f s (razão %.2f×)", linhasCopy,
                     Double(bytesCopy) / 1e6, segundosCopy, segundos / segundosCopy))
        linhaDeBench("pico de RSS dos workers: " + picos.map { String(format: "%.0f MB", Double($0) / 1024) }.joined(separator: ", "))
        linhaDeBench(String(
            format: "CPU dos arquivos: workers %.1f s, servidores (PostgreSQL e RabbitMQ) %.1f s; CPU do COPY nos servidores %.1f s",
            zip(cpuWorkers, cpuWorkersAntes).map { $0 - $1 }.reduce(0, +), cpuServidores, cpuCopy))
        linhaDeBench("carga média: no COPY \(cargaCopy); no início dos arquivos \(cargaInicio); no fim \(cargaFim)")
    }

    /// The imóveis of the Android rotas (as the files select them), and their pre-billed bills.
    static let imoveisDasRotas = """
        SELECT i.imov_id FROM cadastro.imovel i JOIN cadastro.quadra q ON q.qdra_id = i.qdra_id
        JOIN micromedicao.rota r ON r.rota_id = coalesce(i.rota_idalternativa, q.rota_id)
        WHERE r.lttp_id IN (6, 10) AND r.rota_icuso = 1 AND i.imov_icexclusao = 2
        """
    static let contasDasRotas = """
        SELECT c.cnta_id FROM faturamento.conta c JOIN faturamento.faturamento_grupo g
            ON g.ftgr_id = c.ftgr_id AND c.cnta_amreferenciaconta = g.ftgr_amreferencia AND c.dcst_idatual = 9
        """

    /// One COPY per kind of source row of the route files.
    static let copiasDasFontes = [
        """
        SELECT i.*, e.endereco, la.*, le.*, cl.*, c.*
        FROM cadastro.imovel i
        JOIN cadastro.imovel_endereco e ON e.imov_id = i.imov_id
        LEFT JOIN atendimentopublico.ligacao_agua la ON la.lagu_id = i.imov_id
        LEFT JOIN atendimentopublico.ligacao_esgoto le ON le.lesg_id = i.imov_id
        LEFT JOIN cadastro.cliente_usuario_atual u ON u.imov_id = i.imov_id
        LEFT JOIN cadastro.cliente cl ON cl.clie_id = u.clie_id
        LEFT JOIN faturamento.conta c ON c.imov_id = i.imov_id AND c.cnta_id IN (\(contasDasRotas))
        WHERE i.imov_id IN (\(imoveisDasRotas))
        """,
        "SELECT cc.* FROM faturamento.conta_categoria cc WHERE cc.cnta_id IN (\(contasDasRotas))",
        "SELECT m.* FROM cadastro.imovel_subcategoria m WHERE m.imov_id IN (\(imoveisDasRotas))",
        """
        SELECT h.*, mh.ltan_idfaturamento FROM micromedicao.consumo_historico h
        JOIN cadastro.imovel i ON i.imov_id = h.imov_id
        JOIN cadastro.quadra q ON q.qdra_id = i.qdra_id JOIN micromedicao.rota r ON r.rota_id = q.rota_id
        JOIN faturamento.faturamento_grupo g ON g.ftgr_id = r.ftgr_id
        LEFT JOIN micromedicao.medicao_historico mh
               ON h.lgti_id = 1 AND mh.imov_id = h.imov_id AND mh.medt_id = 1 AND mh.mdhi_amleitura = h.cshi_amfaturamento
        WHERE h.cshi_amfaturamento < g.ftgr_amreferencia
          AND h.cshi_amfaturamento >= (to_char(to_date(g.ftgr_amreferencia::text, 'YYYYMM') - interval '6 months', 'YYYYMM'))::int
          AND h.imov_id IN (\(imoveisDasRotas))
        """,
        "SELECT d.*, a.parc_id FROM faturamento.debito_cobrado d LEFT JOIN faturamento.debito_a_cobrar a ON a.dbac_id = d.dbac_id WHERE d.cnta_id IN (\(contasDasRotas))",
        "SELECT r.* FROM faturamento.credito_realizado r WHERE r.cnta_id IN (\(contasDasRotas))",
        "SELECT x.* FROM faturamento.conta_impostos_deduzidos x WHERE x.cnta_id IN (\(contasDasRotas))",
        """
        SELECT d.*, it.*, k.cnta_amreferenciaconta, k.cnta_dtvencimentoconta FROM cobranca.cobranca_documento d
        JOIN cobranca.cobranca_documento_item it ON it.cbdo_id = d.cbdo_id JOIN faturamento.conta k ON k.cnta_id = it.cnta_id
        WHERE d.dotp_id = 12 AND d.cdst_id = 1 AND d.imov_id IN (\(imoveisDasRotas))
        """,
        """
        SELECT h.*, hd.*, u.* FROM micromedicao.hidrometro_inst_hist h
        JOIN micromedicao.hidrometro hd ON hd.hidr_id = h.hidr_id
        JOIN cadastro.imovel i ON i.imov_id = h.imov_id
        JOIN cadastro.quadra q ON q.qdra_id = i.qdra_id JOIN micromedicao.rota r ON r.rota_id = q.rota_id
        JOIN faturamento.faturamento_grupo g ON g.ftgr_id = r.ftgr_id
        LEFT JOIN LATERAL (
            SELECT * FROM micromedicao.medicao_historico x
            WHERE x.imov_id = h.imov_id AND x.medt_id = h.medt_id AND x.mdhi_amleitura < g.ftgr_amreferencia
            ORDER BY x.mdhi_amleitura DESC LIMIT 1) u ON true
        WHERE h.hidi_dtretiradahidrometro IS NULL AND h.imov_id IN (\(imoveisDasRotas))
        """,
    ]
}
