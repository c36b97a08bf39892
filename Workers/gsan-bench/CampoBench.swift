import ArgumentParser
import Campo
import CelularSimulado
import Foundation
import GSANDatabase
import GSANModel
import GSANSupport
import Logging
import Postgres
import Rotas
import Contratos
import JobRuntime

/// Simulated phones uploading to `gsan-campo` server processes on one database: every rota of
/// a generated utility split into about `--celulares` parts (one phone each), all LIBERADO; the
/// phones download, confirm, send every imóvel (packet 1) and finalize at once, their calls
/// alternating between the servers. Uploads/s, p50/p99 of packet 1, time until every reading
/// is processed into the bills (jobs campo.rota by gsan-campo trabalhar), peak RSS.
struct CampoBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campo",
        abstract: "Celulares simulados enviando leituras a P processos gsan-campo: envios/s, p50/p99, tempo até processar, RSS.")

    @Option(help: "Imóveis da companhia gerada.") var imoveis = 100_000
    @Option(help: "Semente do gerador.") var semente: UInt64 = 7
    @Option(help: "Celulares simultâneos (as rotas são divididas em partes para tantos).") var celulares = 200
    @Option(help: "Processos gsan-campo servir.") var processos = 2
    @Option(help: "Conexões ao PostgreSQL por servidor.") var conexoes = 8
    @Option(help: "Threads do worker gsan-campo trabalhar.") var concorrencia = 2
    @Flag(help: "Um ping antes de cada pedido, como o aplicativo faz (dobra os pedidos).") var pingar = false
    @Option(help: "Primeira porta dos servidores.") var porta: UInt16 = 19_400
    @Flag(help: "Reusa a companhia gerada numa rodada anterior (mesmos --imoveis).") var reusar = false
    @Flag(help: "Mantém a companhia gerada (gsan_bench_campo_N) para outra rodada.") var manter = false

    var base: String { "gsan_bench_campo_\(imoveis)" }

    func validate() throws {
        guard imoveis >= 1_000, celulares >= 1, processos >= 1 else { throw ValidationError("--imoveis ≥ 1000, --celulares ≥ 1, --processos ≥ 1") }
    }

    func run() async throws {
        let environment = GSANEnvironment()
        // The scratch database is created by the schema owner, as the other benches do (the
        // application's role may not create databases).
        let (adminURL, amqpURL) = (try environment.ownerDatabaseURL, try environment.amqpURL)
        let programas = try CompanhiaGerada.executaveis("gsan-campo", "gsan")
        let opcoes = self
        try await onDedicatedThread {
            var logger = Logger(label: "gsan.bench")
            logger.logLevel = .error
            let url = try CompanhiaGerada.garantir(
                base: opcoes.base, imoveis: opcoes.imoveis, semente: opcoes.semente, meses: 4, reusar: opcoes.reusar,
                adminURL: adminURL, gsan: programas[1], logger: logger)
            try opcoes.medir(url: url, amqpURL: amqpURL, campo: programas[0], logger: logger)
            if !opcoes.manter { try DatabaseAdmin.drop(opcoes.base, adminURL: adminURL, logger: logger) }
        }
    }

    /// User + system CPU of the PostgreSQL server so far (its postmaster's process tree, with
    /// the backends it has reaped), found from `$GSAN_HOME/postgres/data/postmaster.pid`.
    static func cpuPostgreSQL() -> Double {
        let home = ProcessInfo.processInfo.environment["GSAN_HOME"] ?? "/var/lib/gsan"
        guard let pidFile = try? String(contentsOfFile: home + "/postgres/data/postmaster.pid", encoding: .utf8),
            let linha = pidFile.split(separator: "\n").first, let postmaster = Int32(linha.trimmingCharacters(in: .whitespaces))
        else { return 0 }
        return ProcessCPU.tree(root: postmaster)
    }

    /// CPU so far of each of `processos`, of the simulated phones (this process without its
    /// children) and of the PostgreSQL server.
    static func cpu(_ processos: [Process]) -> [Double] {
        let filhos = processos.map { ProcessCPU.tree(root: $0.processIdentifier) }
        let celulares = ProcessCPU.tree(root: getpid()) - filhos.reduce(0, +)
        return filhos + [celulares, cpuPostgreSQL()]
    }

    /// Every rota's file of its group's referência, split in about `celulares` parts, one IMEI
    /// per part, all LIBERADO.
    func prepararArquivos(_ db: PostgresConnection, logger: Logger) throws -> [(imei: Int64, imoveis: Int)] {
        try db.executeScript(
            """
            TRUNCATE micromedicao.arquivo_texto_rota, faturamento.mov_conta_prefaturada, micromedicao.retorno_processamento,
                     faturamento.faturamento_imediato_ajuste, micromedicao.retorno_inconsistencia CASCADE;
            """)
        try JobRecords.remove(kind: CampoJobs.processarRota, db: db)
        let total = try db.query("SELECT count(*)::int FROM faturamento.conta WHERE dcst_idatual = 9")[0].decode(Int.self, at: 0)
        try db.execute("UPDATE micromedicao.rota SET rota_nnlimiteimoveis = $1", [max(1, total / celulares)])
        let rotas = try db.query(
            """
            SELECT r.rota_id, r.ftgr_id, g.ftgr_amreferencia::int FROM micromedicao.rota r
            JOIN faturamento.faturamento_grupo g USING (ftgr_id) WHERE r.rota_icuso = 1 AND r.lttp_id IN (6, 10) ORDER BY 1
            """).map { try $0.decode((Int, Int, Int).self) }
        let pasta = NSTemporaryDirectory() + "gsan-bench-campo-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: pasta) }
        let inicio = Date()
        for (rota, grupo, referencia) in rotas {
            _ = try db.withTransaction { db in
                try GeracaoRota(configuracao: ConfiguracaoRotas(pasta: pasta, gzip: true, texto: false), logger: logger)
                    .gerar(ParteRota(grupoFaturamento: grupo, referencia: referencia, rota: rota), db: db)
            }
        }
        // One phone per file: a part of a split rota, or a whole one.
        try db.executeScript(
            """
            WITH n AS (SELECT txre_id, tred_nnsequencialarq, row_number() OVER (ORDER BY txre_id, tred_nnsequencialarq) AS k
                       FROM micromedicao.arquivo_texto_rota_parte)
            UPDATE micromedicao.arquivo_texto_rota_parte p SET tred_nnimei = lpad((358000000000000 + n.k)::text, 15, '0'), sitl_id = 2
            FROM n WHERE n.txre_id = p.txre_id AND n.tred_nnsequencialarq = p.tred_nnsequencialarq;
            WITH n AS (SELECT txre_id, row_number() OVER (ORDER BY txre_id) AS k FROM micromedicao.arquivo_texto_rota WHERE txre_qtpartes = 0)
            UPDATE micromedicao.arquivo_texto_rota a SET txre_nnimei = lpad((357000000000000 + n.k)::text, 15, '0'), sitl_id = 2
            FROM n WHERE n.txre_id = a.txre_id;
            UPDATE micromedicao.arquivo_texto_rota SET sitl_id = 3 WHERE txre_qtpartes > 0;
            -- Packet 13 serves only an active reader's phone (a whole file only its own reader's):
            -- one reader per phone, of the rota's company, each whole file given to its phone's.
            WITH imeis AS (
                SELECT p.tred_nnimei AS imei, r.empr_id FROM micromedicao.arquivo_texto_rota_parte p
                JOIN micromedicao.arquivo_texto_rota a ON a.txre_id = p.txre_id JOIN micromedicao.rota r ON r.rota_id = a.rota_id
                UNION ALL
                SELECT a.txre_nnimei, r.empr_id FROM micromedicao.arquivo_texto_rota a JOIN micromedicao.rota r ON r.rota_id = a.rota_id
                WHERE a.txre_qtpartes = 0
            ), novos AS (
                SELECT imei, empr_id, row_number() OVER (ORDER BY imei) AS k FROM imeis
                WHERE NOT EXISTS (SELECT 1 FROM micromedicao.leiturista l WHERE l.leit_nnimei = imeis.imei)
            )
            INSERT INTO micromedicao.leiturista (leit_id, leit_nmleiturista, empr_id, leit_nnimei)
            SELECT (SELECT coalesce(max(leit_id), 0) FROM micromedicao.leiturista) + k, 'LEITURISTA BENCH ' || imei, empr_id, imei FROM novos;
            UPDATE micromedicao.arquivo_texto_rota a SET leit_id = l.leit_id FROM micromedicao.leiturista l
            WHERE l.leit_nnimei = a.txre_nnimei AND a.txre_qtpartes = 0;
            """)
        let celulares = try db.query(
            """
            SELECT tred_nnimei::bigint, tred_qtimovel FROM micromedicao.arquivo_texto_rota_parte
            UNION ALL SELECT txre_nnimei::bigint, txre_qtimovel FROM micromedicao.arquivo_texto_rota WHERE txre_qtpartes = 0
            ORDER BY 1
            """).map { try $0.decode((Int64, Int).self) }
        linhaDeBench(String(format: "arquivos: %d rotas em %d arquivos/partes (um celular cada), %.1f s", rotas.count, celulares.count, -inicio.timeIntervalSinceNow))
        try db.executeScript("ANALYZE")
        return celulares.map { (imei: $0.0, imoveis: $0.1) }
    }

    func medir(url: String, amqpURL: String, campo: URL, logger: Logger) throws {
        let db = try PostgresConnection(url: url, logger: logger, applicationName: "gsan-bench")
        defer { db.close() }
        let telefones = try prepararArquivos(db, logger: logger)
        let referencia = try db.query("SELECT min(ftgr_amreferencia)::int FROM faturamento.faturamento_grupo")[0].decode(Int.self, at: 0)
        guard let dia = Referencia(amReferencia: referencia)?.dia(5) else { throw ValidationError("referência dos grupos inválida: \(referencia)") }
        var ambiente = ProcessInfo.processInfo.environment
        ambiente["GSAN_AMQP_URL"] = amqpURL
        ambiente["GSAN_DATABASE_URL"] = url
        func iniciar(_ argumentos: [String]) throws -> Process {
            let p = Process()
            p.executableURL = campo
            p.arguments = argumentos
            p.environment = ambiente
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            return p
        }
        let portas = (0..<processos).map { porta + UInt16($0) }
        let servidores = try portas.map {
            try iniciar(["servir", "--porta", "\($0)", "--conexoes", "\(conexoes)", "--hoje", dia.description, "--log", "warning",
                         "--pedidos-por-minuto", "100000"])
        }
        let worker = try iniciar(["trabalhar", "--concorrencia", "\(concorrencia)", "--log", "warning"])
        defer {
            for p in servidores + [worker] where p.isRunning { p.terminate() }
            for p in servidores + [worker] { p.waitUntilExit() }
        }
        for p in portas {
            let limite = Date().addingTimeInterval(30)
            while (try? ClienteHTTP(host: "127.0.0.1", porta: p).get("/saude"))?.status != 200 {
                guard Date() < limite else { throw ValidationError("gsan-campo não subiu na porta \(p)") }
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
        Thread.sleep(forTimeInterval: 1)  // the worker's consumer up
        // CPU while the phones send: the servers, the worker, the simulated phones (this
        // process) and the PostgreSQL server (the postmaster, its reaped and its live backends).
        let todos = servidores + [worker]
        let cpuAntes = Self.cpu(todos)
        let maquinaAntes = ProcessCPU.machine()
        let relatorios = Trava<[Celular.Relatorio]>([])
        let erros = Trava<[String]>([])
        let inicio = Date()
        let threads = telefones.enumerated().map { (n, t) in
            DedicatedThread(name: "celular-\(n)") { [pingar] in
                var config = Celular.Configuracao(imei: t.imei, semente: UInt64(n + 1), dataLeitura: dia)
                config.pingar = pingar
                config.tentativas = 8
                // Phones start on alternating servers, as a load balancer spreads them.
                let celular = Celular(host: "127.0.0.1", portas: n % 2 == 0 ? portas : portas.reversed(), config: config)
                do {
                    let r = try celular.executar()
                    relatorios.withLock { $0.append(r) }
                } catch {
                    erros.withLock { $0.append("celular \(t.imei): \(error)") }
                }
            }
        }
        var picos = [Int](repeating: 0, count: servidores.count + 1)
        func medirRSS() { for (k, p) in (servidores + [worker]).enumerated() { picos[k] = max(picos[k], CompanhiaGerada.picoRSS(p.processIdentifier)) } }
        for t in threads {
            while !t.join(until: .now() + .milliseconds(200)) { medirRSS() }
        }
        let fimEnvios = -inicio.timeIntervalSinceNow
        let cpuEnvios = zip(Self.cpu(todos), cpuAntes)
            .map { $0 - $1 }
        let maquinaEnvios = ProcessCPU.machine() - maquinaAntes
        let lista = relatorios.withLock { $0 }
        for e in erros.withLock({ $0 }).prefix(5) { linhaDeBench(e) }
        // Until every stored reading is processed (no row left to process, no batch pending).
        let prazo = Date().addingTimeInterval(30 * 60)
        while true {
            medirRSS()
            let (pendentes, lotes) = try db.query(
                """
                SELECT (SELECT count(*)::int FROM faturamento.mov_conta_prefaturada WHERE mcpf_icatualizarfaturamento = 2),
                       (SELECT count(*)::int FROM micromedicao.retorno_processamento WHERE rtpr_icpendente)
                """)[0].decode((Int, Int).self)
            if pendentes == 0 && lotes == 0 { break }
            guard Date() < prazo, worker.isRunning else { throw ValidationError("o processamento não terminou (\(pendentes) leituras pendentes)") }
            Thread.sleep(forTimeInterval: 0.1)
        }
        let fimProcessamento = -inicio.timeIntervalSinceNow
        let envios = lista.reduce(0) { $0 + $1.enviados }
        var latencias = lista.flatMap(\.latenciasEnvioMs)
        latencias.sort()
        func p(_ q: Double) -> Double { latencias.isEmpty ? 0 : latencias[min(latencias.count - 1, Int(Double(latencias.count) * q))] }
        let (gravados, contas, ajustes) = try db.query(
            """
            SELECT (SELECT count(DISTINCT imov_id)::int FROM faturamento.mov_conta_prefaturada),
                   (SELECT count(*)::int FROM faturamento.conta WHERE dcst_idatual = 0 AND dcst_idanterior = 9),
                   (SELECT count(*)::int FROM faturamento.faturamento_imediato_ajuste)
            """)[0].decode((Int, Int, Int).self)
        let finalizados = lista.filter(\.finalizado).count
        linhaDeBench("\(telefones.count) celulares, \(processos) processos gsan-campo × \(conexoes) conexões, worker × \(concorrencia); ping antes de cada pedido: \(pingar ? "sim" : "não")")
        linhaDeBench(String(format: "envios (pacote 1): %d em %.1f s = %.0f envios/s; p50 %.1f ms, p99 %.1f ms, máx %.1f ms", envios, fimEnvios,
                            Double(envios) / fimEnvios, p(0.5), p(0.99), latencias.last ?? 0))
        let nomes = portas.map { "servidor :\($0)" } + ["worker", "celulares (gsan-bench)", "PostgreSQL"]
        linhaDeBench("CPU durante os envios (ms por envio): " + zip(nomes, cpuEnvios).map { String(format: "%@ %.2f", $0.0, 1000 * $0.1 / Double(max(envios, 1))) }.joined(separator: ", ")
                     + String(format: "; a máquina toda %.2f (%.0f%% de %d núcleos ocupados, com o que mais roda nela)", 1000 * maquinaEnvios / Double(max(envios, 1)),
                              100 * maquinaEnvios / (fimEnvios * Double(ProcessInfo.processInfo.activeProcessorCount)), ProcessInfo.processInfo.activeProcessorCount))
        linhaDeBench(String(format: "finalizados: %d de %d; imóveis gravados %d; contas impressas em campo %d; ajustes %d", finalizados,
                            telefones.count, gravados, contas, ajustes))
        linhaDeBench(String(format: "tudo processado nas contas em %.1f s (%.1f s depois do último envio)", fimProcessamento, fimProcessamento - fimEnvios))
        // Where the time after the last upload goes, from the rows' own clocks (the upload's
        // and the batch job's transaction starts): how many batches, how many readings were
        // still waiting when the last upload was stored, and how fast they were processed
        // while the phones were sending and after.
        let (lotes, atrasadas, porLote, durante, depois) = try db.query(
            """
            WITH fim AS (SELECT max(mcpf_tmgeracao) AS t, min(mcpf_tmgeracao) AS t0 FROM faturamento.mov_conta_prefaturada),
            lote AS (SELECT rota_id, mcpf_tmprocessamento AS tp, count(*) AS n FROM faturamento.mov_conta_prefaturada
                     GROUP BY rota_id, mcpf_tmprocessamento)
            SELECT (SELECT count(*)::int FROM lote),
                   (SELECT count(*)::int FROM faturamento.mov_conta_prefaturada, fim WHERE mcpf_tmprocessamento > fim.t),
                   (SELECT coalesce(avg(n), 0)::float8 FROM lote),
                   (SELECT count(*) FILTER (WHERE m.mcpf_tmprocessamento <= fim.t)::float8 / greatest(extract(epoch FROM fim.t - fim.t0), 0.001)
                    FROM faturamento.mov_conta_prefaturada m, fim GROUP BY fim.t, fim.t0),
                   (SELECT count(*) FILTER (WHERE m.mcpf_tmprocessamento > fim.t)::float8
                           / greatest(extract(epoch FROM max(m.mcpf_tmprocessamento) - fim.t), 0.001)
                    FROM faturamento.mov_conta_prefaturada m, fim GROUP BY fim.t)
            """)[0].decode((Int, Int, Double, Double?, Double?).self)
        linhaDeBench(String(format: "lotes campo.rota: %d (%.1f leituras por lote); leituras ainda por processar no último envio: %d; processadas %.0f/s durante os envios, %.0f/s depois",
                            lotes, porLote, atrasadas, durante ?? 0, depois ?? 0))
        linhaDeBench("pico de RSS: " + zip(portas.map { "servidor :\($0)" } + ["worker"], picos).map { String(format: "%@ %.0f MB", $0.0, Double($0.1) / 1024) }.joined(separator: ", "))
    }
}
