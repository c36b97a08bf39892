import ArgumentParser
import Foundation
import GSANDatabase
import GSANSupport
import JobRuntime
import Logging
import Postgres

/// The month of ops/demo and ops/caos (the steps of ops/lib/mes.sh, run by ops/mes through the
/// scheduler and the operator commands) on a generated utility of N imóveis, with real worker
/// processes: per stage the wall time, the jobs done, the imóveis per second, each worker's peak
/// RSS (VmHWM, reset at each stage), the machine load, and the stage's baseline from the same run
/// — a COPY export of the rows the stage reads, taken after the month on a warm cache.
struct MesBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mes",
        abstract: "O mês do demo (ops/lib/mes.sh) numa companhia gerada de N imóveis: tempo, jobs, RSS e COPY por etapa.")

    @Option(help: "Imóveis da companhia gerada.") var imoveis = 100_000
    @Option(help: "Semente do gerador.") var semente: UInt64 = 7
    @Option(help: "Meses de histórico de contas.") var meses = 6
    @Option(help: "Processos por família de workers.") var processos = 1
    @Option(help: "Threads de handler por processo.") var concorrencia = 2
    @Option(help: "O script do mês (roda os passos de ops/lib/mes.sh).") var script = "ops/mes"
    @Flag(help: "Reusa a companhia gerada numa rodada anterior (mesmos --imoveis), sem gerar de novo.") var reusar = false
    @Flag(help: "Mantém o banco da rodada (gsan_bench_mes) e os arquivos para inspeção.") var manter = false

    static let familias = ["faturamento", "juscompesa", "rotas", "documentos", "encerramento", "medicao"]
    static let rodada = "gsan_bench_mes"
    var base: String { "gsan_bench_mes_\(imoveis)" }

    func validate() throws {
        guard imoveis >= 1_000, processos >= 1, concorrencia >= 1 else {
            throw ValidationError("--imoveis ≥ 1000, --processos ≥ 1, --concorrencia ≥ 1")
        }
        guard FileManager.default.isExecutableFile(atPath: script) else {
            throw ValidationError("\(script) não encontrado: rode da raiz do repositório ou passe --script")
        }
    }

    /// What the database holds at a stage's boundary.
    struct Contagem {
        var documentos = 0, ultimoDocumento = 0, ordens = 0, encerradas = 0, arquivosRota = 0
    }

    struct Etapa {
        var nome: String
        var inicio: Double, fim: Double
        var antes: Contagem, depois: Contagem
        var picos: [String: Int]
        var carga: String
        var jobs: [(kind: String, count: Int)] = []
        var copia: (segundos: Double, linhas: Int)?
        var imoveis = 0
        var segundos: Double { fim - inicio }
    }

    func run() async throws {
        let environment = GSANEnvironment()
        let (adminURL, amqpURL) = (try environment.ownerDatabaseURL, try environment.amqpURL)
        let programas = try CompanhiaGerada.executaveis(
            "gsan", "gsan-scheduler", "gsan-bench", "gsan-faturamento", "gsan-juscompesa", "gsan-rotas", "gsan-documentos",
            "gsan-encerramento", "gsan-medicao")
        let opcoes = self
        try await onDedicatedThread {
            var logger = Logger(label: "gsan.bench")
            logger.logLevel = .error
            try CompanhiaGerada.garantir(
                base: opcoes.base, imoveis: opcoes.imoveis, semente: opcoes.semente, meses: opcoes.meses,
                reusar: opcoes.reusar, adminURL: adminURL, gsan: programas[0], logger: logger)
            let copiando = Date()
            let url = try CompanhiaGerada.rodada(Self.rodada, de: opcoes.base, adminURL: adminURL, logger: logger)
            linhaDeBench(String(format: "cópia da companhia para a rodada (%@): %.1f s", Self.rodada, -copiando.timeIntervalSinceNow))
            let pasta = FileManager.default.temporaryDirectory.appendingPathComponent("gsan-bench-mes")
            try? FileManager.default.removeItem(at: pasta)
            try opcoes.medir(url: url, amqpURL: amqpURL, bin: programas[0].deletingLastPathComponent(), pasta: pasta, logger: logger)
            if !opcoes.manter {
                try DatabaseAdmin.drop(Self.rodada, adminURL: adminURL, logger: logger)
                try? FileManager.default.removeItem(at: pasta)
            }
        }
    }

    func medir(url: String, amqpURL: String, bin: URL, pasta: URL, logger: Logger) throws {
        let db = try PostgresConnection(url: url, logger: logger, applicationName: "gsan-bench")
        defer { db.close() }
        var ambiente = ProcessInfo.processInfo.environment
        ambiente["GSAN_DATABASE_URL"] = url
        ambiente["GSAN_DATABASE_OWNER_URL"] = url
        ambiente["GSAN_AMQP_URL"] = amqpURL
        for (variavel, nome) in [("GSAN_ROTAS_DIR", "rotas"), ("GSAN_DOCUMENTOS_DIR", "documentos"), ("GSAN_MEDICAO_DIR", "medicao"),
                                 ("GSAN_PARCELAMENTO_DIR", "parcelamento"), ("GSAN_FISCALIZACAO_DIR", "fiscalizacao")] {
            let dir = pasta.appendingPathComponent(nome)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            ambiente[variavel] = dir.path
        }
        let logs = pasta.appendingPathComponent("logs")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        var workers: [(nome: String, processo: Process)] = []
        defer {
            for (_, process) in workers where process.isRunning { process.terminate() }
            for (_, process) in workers { process.waitUntilExit() }
        }
        for familia in Self.familias {
            for copia in 1...processos {
                let process = Process()
                process.executableURL = bin.appendingPathComponent("gsan-\(familia)")
                process.arguments = ["--concorrencia", String(concorrencia), "--log", "warning"]
                process.environment = ambiente
                let log = logs.appendingPathComponent("gsan-\(familia)-\(copia).log")
                _ = FileManager.default.createFile(atPath: log.path, contents: nil)
                let saida = try FileHandle(forWritingTo: log)
                process.standardOutput = saida
                process.standardError = saida
                try process.run()
                workers.append((processos == 1 ? familia : "\(familia)-\(copia)", process))
            }
        }
        let amostras = Amostrador(workers.map { ($0.nome, $0.processo.processIdentifier) })
        let amostrando = Thread { amostras.rodar() }
        amostrando.start()
        defer { amostras.parar() }

        let mes = Process()
        mes.executableURL = URL(fileURLWithPath: script)
        mes.arguments = ["--bin", bin.path, "--semente", "2026", "--retornos", pasta.appendingPathComponent("retornos").path]
        mes.environment = ambiente
        let tubo = Pipe()
        mes.standardOutput = tubo
        let erros = logs.appendingPathComponent("mes.log")
        _ = FileManager.default.createFile(atPath: erros.path, contents: nil)
        mes.standardError = try FileHandle(forWritingTo: erros)
        let carga0 = SeletivaBench.cargaMedia()
        linhaDeBench("gsan-bench mes: \(imoveis) imóveis, \(processos) processo(s) × \(concorrencia) threads por família; carga \(carga0)")
        try mes.run()

        var etapas: [Etapa] = []
        var atual: (nome: String, inicio: Double, antes: Contagem)?
        let inicioMes = try Self.relogio(db)
        var resto = Data()
        func fronteira(_ proximo: String?) throws {
            let agora = try Self.relogio(db)
            let contagem = try Self.contar(db)
            let picos = amostras.picosEZerar()
            if let a = atual {
                var etapa = Etapa(
                    nome: a.nome, inicio: a.inicio, fim: agora, antes: a.antes, depois: contagem, picos: picos,
                    carga: SeletivaBench.cargaMedia())
                etapa.jobs = try JobRecords.donePerKind(from: a.inicio, to: agora, db: db)
                linhaDeBench(String(format: "  [%.1f s] %@", etapa.segundos, a.nome))
                etapas.append(etapa)
            }
            atual = proximo.map { ($0, agora, contagem) }
        }
        while true {
            let pedaco = tubo.fileHandleForReading.availableData
            if pedaco.isEmpty { break }
            resto.append(pedaco)
            while let fimDeLinha = resto.firstIndex(of: UInt8(ascii: "\n")) {
                let linha = String(decoding: resto[resto.startIndex..<fimDeLinha], as: UTF8.self)
                resto.removeSubrange(resto.startIndex...fimDeLinha)
                if linha.hasPrefix("@etapa ") {
                    let nome = String(linha.dropFirst("@etapa ".count))
                    try fronteira(nome == "fim" ? nil : nome)
                    if nome != "fim" { linhaDeBench("== \(nome)") }
                } else {
                    linhaDeBench("     " + linha)
                }
            }
            guard workers.allSatisfy({ $0.processo.isRunning }) else {
                mes.terminate()
                throw ValidationError("um worker terminou durante o mês: veja \(logs.path)")
            }
        }
        mes.waitUntilExit()
        guard mes.terminationStatus == 0 else {
            let texto = (try? String(contentsOf: erros, encoding: .utf8)) ?? ""
            throw ValidationError("\(script) terminou com \(mes.terminationStatus):\n\(texto.suffix(2_000))")
        }
        let fimMes = try Self.relogio(db)
        try baselines(&etapas, db: db)
        imprimir(etapas, total: fimMes - inicioMes, carga0: carga0)
    }

    /// Each stage's COPY baseline: the rows it reads, straight out (warm cache, after the month).
    /// What a stage did says what it read: documents emitted, the imóveis they chose with their
    /// open bills; route files written (the billing close), group 1's bills of 06/2025 with their
    /// categories and imóveis; service orders closed, or nothing of those (receipts, the bulletin),
    /// the service orders with their documents.
    func baselines(_ etapas: inout [Etapa], db: PostgresConnection) throws {
        let imoveisGrupo1 = try db.query(
            "SELECT count(*)::int FROM faturamento.conta WHERE ftgr_id = 1 AND cnta_amreferenciaconta = 202506"
        )[0].decode(Int.self, at: 0)
        for i in etapas.indices {
            let e = etapas[i]
            var fontes: [String] = []
            if e.depois.documentos > e.antes.documentos {
                fontes.append("""
                    SELECT i.*, c.* FROM cadastro.imovel i
                    JOIN faturamento.conta c ON c.imov_id = i.imov_id AND c.dcst_idatual IN (0, 1, 2)
                    WHERE i.imov_id IN (SELECT imov_id FROM cobranca.cobranca_documento
                                        WHERE cbdo_id > \(e.antes.ultimoDocumento) AND cbdo_id <= \(e.depois.ultimoDocumento))
                    """)
                etapas[i].imoveis += e.depois.documentos - e.antes.documentos
            }
            if e.depois.arquivosRota > e.antes.arquivosRota {
                fontes.append("""
                    SELECT i.*, c.*, k.* FROM faturamento.conta c JOIN faturamento.conta_categoria k USING (cnta_id)
                    JOIN cadastro.imovel i ON i.imov_id = c.imov_id
                    WHERE c.ftgr_id = 1 AND c.cnta_amreferenciaconta = 202506
                    """)
                etapas[i].imoveis += imoveisGrupo1
            }
            if e.depois.encerradas > e.antes.encerradas || fontes.isEmpty {
                fontes.append("SELECT o.*, d.* FROM atendimentopublico.ordem_servico o JOIN cobranca.cobranca_documento d USING (cbdo_id)")
                etapas[i].imoveis += max(0, e.depois.encerradas - e.antes.encerradas)
            }
            let inicio = Date()
            var linhas = 0
            for sql in fontes { linhas += try db.copyOut("COPY (\(sql)) TO STDOUT") { _ in } }
            etapas[i].copia = (-inicio.timeIntervalSinceNow, linhas)
        }
    }

    func imprimir(_ etapas: [Etapa], total: Double, carga0: String) {
        linhaDeBench("")
        linhaDeBench("O mês por etapa (\(imoveis) imóveis; imóveis = documentos emitidos + imóveis do grupo 1 se houve fechamento + OS encerradas)")
        let larguras = [58, 8, 7, 8, 9, 18, 7]
        func linha(_ celulas: [String]) -> String {
            zip(celulas, larguras).enumerated().map { i, par in
                let (texto, largura) = par
                let espaco = String(repeating: " ", count: max(0, largura - texto.count))
                return i == 0 ? texto + espaco : espaco + texto
            }.joined(separator: " ") + "  " + (celulas.last ?? "")
        }
        linhaDeBench(linha(["etapa", "s", "jobs", "imóveis", "imóveis/s", "COPY s (linhas)", "× COPY", "carga"]))
        for e in etapas {
            let jobs = e.jobs.reduce(0) { $0 + $1.count }
            let porSegundo = e.imoveis > 0 && e.segundos > 0 ? String(format: "%.0f", Double(e.imoveis) / e.segundos) : "-"
            let copia = e.copia.map { String(format: "%.2f (%d)", $0.segundos, $0.linhas) } ?? "-"
            let vezes = e.copia.map { $0.segundos > 0 ? String(format: "%.0f", e.segundos / $0.segundos) : "-" } ?? "-"
            linhaDeBench(linha([String(e.nome.prefix(58)), String(format: "%.1f", e.segundos), String(jobs), String(e.imoveis),
                                porSegundo, copia, vezes, e.carga]))
        }
        linhaDeBench(String(format: "total do mês (sem a geração): %.1f s", total) + "; carga no início \(carga0), no fim \(SeletivaBench.cargaMedia())")
        linhaDeBench("")
        linhaDeBench("Pico de RSS por processo em cada etapa (MiB) e os jobs que mais terminaram")
        let nomes = Array(etapas.first?.picos.keys.sorted() ?? [])
        linhaDeBench(nomes.map { String($0.prefix(12)).padding(toLength: 12, withPad: " ", startingAt: 0) }.joined(separator: " ") + "  etapa")
        for e in etapas {
            let colunas = nomes.map { String(format: "%12.1f", Double(e.picos[$0] ?? 0) / 1024) }.joined(separator: " ")
            let jobs = e.jobs.prefix(3).map { "\($0.kind) \($0.count)" }.joined(separator: ", ")
            linhaDeBench(colunas + "  " + String(e.nome.prefix(40)) + (jobs.isEmpty ? "" : " — " + jobs))
        }
    }

    static func relogio(_ db: PostgresConnection) throws -> Double {
        try db.query("SELECT extract(epoch FROM clock_timestamp())::float8")[0].decode(Double.self, at: 0)
    }

    static func contar(_ db: PostgresConnection) throws -> Contagem {
        let (documentos, ultimo, ordens, encerradas, arquivos) = try db.query(
            """
            SELECT (SELECT count(*) FROM cobranca.cobranca_documento)::int,
                   (SELECT coalesce(max(cbdo_id), 0) FROM cobranca.cobranca_documento)::int8,
                   (SELECT count(*) FROM atendimentopublico.ordem_servico)::int,
                   (SELECT count(*) FROM atendimentopublico.ordem_servico WHERE orse_tmencerramento IS NOT NULL)::int,
                   (SELECT count(*) FROM micromedicao.arquivo_texto_rota)::int
            """)[0].decode((Int, Int64, Int, Int, Int).self)
        return Contagem(documentos: documentos, ultimoDocumento: Int(ultimo), ordens: ordens, encerradas: encerradas, arquivosRota: arquivos)
    }
}

/// Samples the workers' peak RSS every 200 ms; at each stage boundary hands the peaks over and
/// resets them (VmHWM through /proc/<pid>/clear_refs, and the sampled maximum).
final class Amostrador: @unchecked Sendable {
    private let processos: [(nome: String, pid: Int32)]
    private let trava = NSLock()
    private var picos: [String: Int] = [:]
    private var ativo = true

    init(_ processos: [(String, Int32)]) { self.processos = processos.map { (nome: $0.0, pid: $0.1) } }

    func rodar() {
        while trava.withLock({ ativo }) {
            amostrar()
            Thread.sleep(forTimeInterval: 0.2)
        }
    }

    func parar() { trava.withLock { ativo = false } }

    private func amostrar() {
        let agora = processos.map { ($0.nome, CompanhiaGerada.picoRSS($0.pid)) }
        trava.withLock {
            for (nome, pico) in agora { picos[nome] = max(picos[nome] ?? 0, pico) }
        }
    }

    func picosEZerar() -> [String: Int] {
        amostrar()
        return trava.withLock {
            let resultado = picos
            picos = [:]
            for p in processos { try? "5".write(toFile: "/proc/\(p.pid)/clear_refs", atomically: false, encoding: .utf8) }
            return resultado
        }
    }
}
