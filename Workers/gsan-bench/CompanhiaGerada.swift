import ArgumentParser
import Foundation
import GSANDatabase
import Logging
import JobRuntime
import Postgres

/// What the worker benchmarks share: the programs they start (built next to gsan-bench) and
/// the generated utility they run on, kept per size in its own database (a 1,000,000-imóvel
/// seed takes minutes) so `--reusar` can skip it.
enum CompanhiaGerada {
    /// `nomes` in gsan-bench's own folder, each checked to be there.
    static func executaveis(_ nomes: String...) throws -> [URL] {
        let pasta = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return try nomes.map { nome in
            let url = pasta.appendingPathComponent(nome)
            guard FileManager.default.isExecutableFile(atPath: url.path) else {
                throw ValidationError("\(nome) não encontrado ao lado de gsan-bench: rode swift build -c release")
            }
            return url
        }
    }

    /// The peak resident set (VmHWM of /proc/<pid>/status) of a running process, in KiB; 0 if unreadable.
    static func picoRSS(_ pid: Int32) -> Int {
        guard let texto = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        for linha in texto.split(separator: "\n") where linha.hasPrefix("VmHWM:") {
            return Int(linha.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
        }
        return 0
    }

    /// How many imóveis the database at `url` holds, nil when it does not exist.
    static func imoveisGerados(_ url: String, logger: Logger) -> Int? {
        guard let db = try? PostgresConnection(url: url, logger: logger) else { return nil }
        defer { db.close() }
        return try? db.query("SELECT count(*) FROM cadastro.imovel").first?.decode(Int.self, at: 0)
    }

    /// The database `base` with a utility of `imoveis` imóveis: reused when `reusar` and it
    /// already has that many, else made anew (migrations, `gsan seed`, VACUUM ANALYZE — as
    /// autovacuum keeps production tables). Returns its URL and whether it was made now.
    @discardableResult
    static func garantir(
        base: String, imoveis: Int, semente: UInt64, meses: Int, reusar: Bool, adminURL: String, gsan: URL,
        logger: Logger, depoisDaSemente: (PostgresConnection) throws -> Void = { _ in }
    ) throws -> String {
        let url = try DatabaseAdmin.url(adminURL, database: base)
        if reusar, imoveisGerados(url, logger: logger) == imoveis { return url }
        try DatabaseAdmin.drop(base, adminURL: adminURL, logger: logger)
        try DatabaseAdmin.create(base, adminURL: adminURL, logger: logger)
        let db = try PostgresConnection(url: url, logger: logger, applicationName: "gsan-bench")
        defer { db.close() }
        _ = try Migrator(logger: logger).migrate(connection: db)
        let inicio = Date()
        let seed = Process()
        seed.executableURL = gsan
        seed.arguments = ["seed", "--imoveis", String(imoveis), "--seed", String(semente), "--meses", String(meses)]
        seed.environment = ProcessInfo.processInfo.environment.merging(["GSAN_DATABASE_URL": url]) { $1 }
        // One log per run (database and pid): benches of different slots seed databases of the same
        // name at the same time, and a shared file mixed their logs.
        let registro = FileManager.default.temporaryDirectory
            .appendingPathComponent("gsan-bench-seed-\(base)-\(ProcessInfo.processInfo.processIdentifier).log")
        _ = FileManager.default.createFile(atPath: registro.path, contents: nil)
        let saida = try FileHandle(forWritingTo: registro)
        seed.standardOutput = saida
        seed.standardError = saida
        try seed.run()
        seed.waitUntilExit()
        guard seed.terminationStatus == 0 else {
            let texto = (try? String(contentsOf: registro, encoding: .utf8)) ?? ""
            throw ValidationError(
                "gsan seed terminou com \(seed.terminationStatus) (registro em \(registro.path)):\n\(texto.suffix(2_000))")
        }
        linhaDeBench(String(
            format: "companhia gerada: %d imóveis, %d meses, semente %d, %.1f s", imoveis, meses, semente,
            -inicio.timeIntervalSinceNow))
        try depoisDaSemente(db)
        try db.executeScript("VACUUM ANALYZE")
        return url
    }

    /// A fresh copy of the generated utility `base` named `rodada` (dropped first): each run of
    /// a benchmark starts from the same data. Returns its URL.
    static func rodada(_ rodada: String, de base: String, adminURL: String, logger: Logger) throws -> String {
        try DatabaseAdmin.drop(rodada, adminURL: adminURL, logger: logger)
        let admin = try PostgresConnection(url: adminURL, logger: logger, applicationName: "gsan-bench")
        defer { admin.close() }
        try admin.execute("CREATE DATABASE \(rodada) TEMPLATE \(base)")
        return try DatabaseAdmin.url(adminURL, database: rodada)
    }
}

/// A line on standard output at once (print buffers when the output is a pipe or a file, and a
/// long run would show nothing until its end).
extension CompanhiaGerada {
    /// Starts `processos` workers on a family of the bench's own (`prefixo` + pid), enqueues the
    /// measured job (`enfileirar` gets the family, returns the job's id) and waits until it is done,
    /// sampling each worker's peak RSS; the queues are deleted afterwards.
    static func rodarJob(
        worker: URL, prefixo: String, processos: Int, concorrencia: Int, amqpURL: String, url: String, db: PostgresConnection,
        enfileirar: (String) throws -> String
    ) throws -> (segundos: Double, picos: [Int]) {
        let familia = "\(prefixo)\(ProcessInfo.processInfo.processIdentifier)"
        let argumentos = ["--familia", familia, "--atrasos", "1000", "--concorrencia", String(concorrencia), "--log", "warning"]
        let workers = try (0..<processos).map { _ in try JobsBench.launch(worker, argumentos, amqpURL: amqpURL, databaseURL: url) }
        defer {
            for process in workers where process.isRunning { process.terminate() }
            for process in workers { process.waitUntilExit() }
            JobsBench.deleteQueues(family: familia, amqpURL: amqpURL)
        }
        let relogio = ContinuousClock()
        let inicio = relogio.now
        let job = try enfileirar(familia)
        let picos = try aguardar(job, workers: workers, db: db)
        let total = relogio.now - inicio
        return (Double(total.components.seconds) + Double(total.components.attoseconds) / 1e18, picos.values.sorted())
    }
}

func linhaDeBench(_ texto: String) {
    FileHandle.standardOutput.write(Data((texto + "\n").utf8))
}

extension CompanhiaGerada {
    /// Waits (20 minutes at most) for `job` to be done while the workers run, sampling their peak RSS;
    /// returns it per pid. A dead job, a worker that ends, or the limit fails the measurement.
    static func aguardar(_ job: String, workers: [Process], db: PostgresConnection) throws -> [Int32: Int] {
        var picos: [Int32: Int] = [:]
        let prazo = Date().addingTimeInterval(20 * 60)
        while true {
            for process in workers where process.isRunning { picos[process.processIdentifier] = picoRSS(process.processIdentifier) }
            let estado = try JobRecords.byID(job, db: db)?.state
            if estado == .done { break }
            if estado == .dead { throw ValidationError("o job \(job) morreu: veja gsan jobs") }
            guard workers.allSatisfy(\.isRunning) else { throw ValidationError("um worker terminou durante a medição") }
            guard Date() < prazo else { throw ValidationError("o job \(job) não terminou em 20 minutos") }
            Thread.sleep(forTimeInterval: 0.2)
        }
        for process in workers where process.isRunning { picos[process.processIdentifier] = picoRSS(process.processIdentifier) }
        return picos
    }
}
