import AMQP
import ArgumentParser
import Contratos
import Foundation
import GSANDatabase
import GSANSupport
import JobRuntime
import Logging
import Postgres

/// End-to-end job throughput: outbox row → relay → broker → worker process → handler
/// writes one row → commit → ack, with 1, 2… `gsan-exemplo` processes, each beside its
/// Celery peer (bench/celery: prefork, late acks, one psycopg2 insert per task)
/// on the same broker and database. The CPU columns come from the processes themselves
/// (/proc): the workers' tree, and the PostgreSQL and RabbitMQ servers' trees.
struct JobsBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs",
        abstract: "Vazão de jobs de ponta a ponta (outbox → RabbitMQ → worker → commit → ack) com 1, 2 processos, ao lado do Celery.")

    @Option(help: "Jobs por rodada.") var jobs = 20_000
    @Option(help: "Quantidades de processos worker, separadas por vírgula.") var processos = "1,2"
    @Option(help: "Threads de handler por processo.") var concorrencia = 4
    @Option(help: "Prefetch por processo (padrão: 2 × concorrência).") var prefetch: Int?
    @Option(help: "Nível de log dos workers (info registra uma linha por job).") var log = "warning"
    @Flag(help: "Não roda o par Celery.") var semCelery = false
    @Option(help: "O python3 com o Celery e o psycopg2 (bench/celery/preparar os instala).")
    var python = "/usr/bin/python3"
    @Option(help: "A pasta do par Celery (gsan_celery_par.py).") var celery = JobsBench.celeryFolder
    @Option(help: "Filhos prefork do Celery por processo da rodada (-c = processos × este número).")
    var celeryFilhos = 1

    /// bench/celery at the root of the source tree this bench was built from.
    static var celeryFolder: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("bench/celery").path
    }

    struct Round {
        var engine: String
        var processes: Int
        var seconds: Double
        var jobs: Int
        var workerCPU: Double
        var serverCPU: Double?
        var machineCPU: Double
        /// The PostgreSQL part of `serverCPU` (the rest is RabbitMQ's).
        var databaseCPU: Double? = nil
        var perJob: (Double) -> Double { { $0 / Double(jobs) * 1e6 } }
    }

    func run() async throws {
        let environment = GSANEnvironment()
        let (adminURL, amqpURL) = (try environment.ownerDatabaseURL, try environment.amqpURL)
        let counts = processos.split(separator: ",").compactMap { Int($0) }
        guard !counts.isEmpty, counts.allSatisfy({ $0 > 0 }) else { throw ValidationError("--processos: ex. 1,2") }
        guard jobs > 0 else { throw ValidationError("--jobs deve ser positivo") }
        let worker = try Self.workerExecutable()
        guard celeryFilhos > 0 else { throw ValidationError("--celery-filhos deve ser positivo") }
        let peer: CeleryPeer? = semCelery ? nil : try CeleryPeer(python: python, folder: celery, childrenPerProcess: celeryFilhos)
        let (jobs, concorrencia, prefetch, log) = (self.jobs, self.concorrencia, self.prefetch, self.log)
        let home = ProcessInfo.processInfo.environment["GSAN_HOME"] ?? "/var/lib/gsan"
        print("gsan-bench jobs: \(jobs) jobs por rodada, \(concorrencia) threads por processo gsan, log \(log)")
        print("handler: INSERT de uma linha em exemplo.efeito na transação que conclui o job")
        if let peer {
            print("par Celery: \(peer.versions); prefork -c N (N = processos × \(celeryFilhos)), acks tardios, fila quorum, um INSERT+commit por tarefa")
        }
        try await onDedicatedThread {
            let url = try Self.freshDatabase(adminURL: adminURL)
            let db = try PostgresConnection(url: url, logger: Logger(label: "gsan.bench"), applicationName: "gsan-bench")
            let servers = ServerProcesses(home: home, db: db)
            if servers.roots.isEmpty { print("aviso: processos do PostgreSQL e do RabbitMQ não encontrados; CPU dos servidores n/d") }
            var rounds: [Round] = []
            for processes in counts {
                rounds.append(
                    try Self.gsanRound(
                        processes: processes, jobs: jobs, worker: worker, concorrencia: concorrencia, prefetch: prefetch,
                        log: log, amqpURL: amqpURL, databaseURL: url, db: db, servers: servers))
                if let peer {
                    rounds.append(
                        try peer.round(processes: processes, jobs: jobs, amqpURL: amqpURL, databaseURL: url, db: db, servers: servers))
                }
            }
            print(String(repeating: "-", count: 104))
            print("motor   processos  jobs/s   ms/job  CPU µs/job: workers  servidores (PG+RabbitMQ)  resto da máquina")
            for round in rounds {
                var servers = round.serverCPU.map { String(format: "%.0f", round.perJob($0)) } ?? "n/d"
                if let total = round.serverCPU, let database = round.databaseCPU {
                    servers += String(format: " (%.0f+%.0f)", round.perJob(database), round.perJob(total - database))
                }
                print(
                    round.engine.padding(toLength: 6, withPad: " ", startingAt: 0)
                        + String(
                            format: "  %9d  %6.0f  %7.3f  %19.0f  ", round.processes, Double(round.jobs) / round.seconds,
                            round.seconds * 1000 / Double(round.jobs), round.perJob(round.workerCPU))
                        + String(repeating: " ", count: max(0, 24 - servers.count)) + servers
                        + String(format: "  %16.0f", round.perJob(max(0, round.machineCPU - round.workerCPU - (round.serverCPU ?? 0)))))
            }
            print(String(repeating: "-", count: 104))
            for processes in counts {
                guard let gsan = rounds.first(where: { $0.engine == "gsan" && $0.processes == processes }),
                    let celery = rounds.first(where: { $0.engine == "Celery" && $0.processes == processes })
                else { continue }
                print(
                    String(
                        format: "razão gsan/Celery com %d processo(s): %.2f×", processes,
                        (Double(gsan.jobs) / gsan.seconds) / (Double(celery.jobs) / celery.seconds)))
            }
            print(
                "máquina: \(ProcessInfo.processInfo.activeProcessorCount) núcleos; \"resto da máquina\" é o que mais rodou nela "
                    + "no intervalo (outros programas, o próprio gsan-bench)")
            db.close()
            try DatabaseAdmin.drop(Self.database, adminURL: adminURL, logger: Logger(label: "gsan.bench"))
        }
    }

    /// One measured round of the gsan runtime: `processes` gsan-exemplo processes.
    static func gsanRound(
        processes: Int, jobs: Int, worker: URL, concorrencia: Int, prefetch: Int?, log: String, amqpURL: String,
        databaseURL url: String, db: PostgresConnection, servers: ServerProcesses
    ) throws -> Round {
        let family = "bench\(processes)p\(ProcessInfo.processInfo.processIdentifier)"
        try JobRecords.removeAll(db: db)
        try db.execute("TRUNCATE exemplo.efeito")
        var arguments = ["--familia", family, "--atrasos", "1000", "--concorrencia", String(concorrencia), "--log", log]
        if let prefetch { arguments += ["--prefetch", String(prefetch)] }
        let workers = try (0..<processes).map { _ in try Self.launch(worker, arguments, amqpURL: amqpURL, databaseURL: url) }
        defer {
            for process in workers where process.isRunning { process.terminate() }
            for process in workers { process.waitUntilExit() }
            Self.deleteQueues(family: family, amqpURL: amqpURL)
        }
        // Warm-up: processes connected, queues declared, caches hot.
        try Self.enqueue(500, prefix: "aquecimento", family: family, db: db)
        try Self.waitForDone(500, db: db, workers: workers)

        let cpuBefore = workers.map { ProcessCPU.tree(root: $0.processIdentifier) }.reduce(0, +)
        let serversBefore = servers.cpu()
        let databaseBefore = servers.databaseCPU()
        let machineBefore = ProcessCPU.machine()
        try Self.enqueue(jobs, prefix: "j", family: family, db: db)
        let start = try Self.databaseClock(db)
        if let before = databaseBefore, let after = servers.databaseCPU() {
            // Read as the relays wake: a few jobs' publishing may fall in it too.
            print(String(format: "gsan com %d processo(s): enfileirar %.0f µs/job de CPU do PostgreSQL (na coluna servidores)",
                         processes, (after - before) / Double(jobs) * 1e6))
        }
        try Self.waitForDone(500 + jobs, db: db, workers: workers)
        // The end is the last job's own commit time, read once everything is done:
        // polling often enough for a precise wall clock would load the server itself.
        guard let end = try JobRecords.lastFinish(db: db) else { throw ValidationError("nenhum job concluído") }
        let cpu = workers.map { ProcessCPU.tree(root: $0.processIdentifier) }.reduce(0, +) - cpuBefore
        let serverCPU = servers.cpu().map { $0 - (serversBefore ?? 0) }
        let databaseCPU = servers.databaseCPU().map { $0 - (databaseBefore ?? 0) }
        let machine = ProcessCPU.machine() - machineBefore
        let doubled = try Self.doubledEffects(db)
        guard doubled == 0 else { throw ValidationError("\(doubled) jobs com efeito duplicado") }
        return Round(
            engine: "gsan", processes: processes, seconds: end - start, jobs: jobs, workerCPU: cpu, serverCPU: serverCPU,
            machineCPU: machine, databaseCPU: databaseCPU)
    }

    static func databaseClock(_ db: PostgresConnection) throws -> Double {
        guard let row = try db.query("SELECT extract(epoch FROM clock_timestamp())::float8").first else {
            throw ValidationError("o banco não respondeu a hora")
        }
        return try row.decode(Double.self, at: 0)
    }

    /// Jobs whose effect is not exactly one row.
    static func doubledEffects(_ db: PostgresConnection) throws -> Int {
        try db.query(
            "SELECT count(*)::int FROM (SELECT job_id FROM exemplo.efeito GROUP BY job_id HAVING count(*) <> 1) d"
        ).first?.decode(Int.self, at: 0) ?? -1
    }

    // MARK: Pieces

    static func workerExecutable() throws -> URL {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let url = directory.appendingPathComponent("gsan-exemplo")
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw ValidationError("gsan-exemplo não encontrado ao lado de gsan-bench: rode swift build -c release --product gsan-exemplo")
        }
        return url
    }

    static let database = "gsan_bench_jobs"

    /// A database of its own with the jobs and example schemas, made anew.
    static func freshDatabase(adminURL: String) throws -> String {
        let logger = Logger(label: "gsan.bench")
        try DatabaseAdmin.drop(database, adminURL: adminURL, logger: logger)
        try DatabaseAdmin.create(database, adminURL: adminURL, logger: logger)
        let url = try DatabaseAdmin.url(adminURL, database: database)
        let db = try PostgresConnection(url: url, logger: logger)
        defer { db.close() }
        _ = try Migrator(logger: logger).migrate(connection: db)
        return url
    }

    /// N jobs through the outbox in one transaction; the relays wake on the NOTIFY at commit.
    /// (Enqueueing itself is not what is timed: the clock starts after the commit.)
    static func enqueue(_ count: Int, prefix: String, family: String, db: PostgresConnection) throws {
        let kind = ExemploJobs.efeito.inFamily(family)
        try db.withTransaction { db in
            for n in 1...max(count, 1) {
                _ = try Outbox.enqueue(JobSpec(id: prefix + String(n), kind: kind, payload: ExemploJobs.Efeito(n: n)), on: db)
            }
        }
    }

    static func waitForDone(_ total: Int, db: PostgresConnection, workers: [Process]) throws {
        let deadline = Date().addingTimeInterval(600)
        while Date() < deadline {
            let done = try JobRecords.count(.done, db: db)
            if done >= total { return }
            guard workers.allSatisfy(\.isRunning) else { throw ValidationError("um worker terminou durante a medição") }
            Thread.sleep(forTimeInterval: 0.5)
        }
        throw ValidationError("os jobs não terminaram em 10 minutos")
    }

    /// `executable` on these servers; with `discardingOutput`, its standard output and error go nowhere.
    static func launch(
        _ executable: URL, _ arguments: [String], amqpURL: String, databaseURL: String, discardingOutput: Bool = false
    ) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["GSAN_AMQP_URL"] = amqpURL
        environment["GSAN_DATABASE_URL"] = databaseURL
        process.environment = environment
        if discardingOutput {
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        return process
    }

    static func deleteQueues(family: String, amqpURL: String) {
        guard let connection = try? AMQPConnection(url: amqpURL), let channel = try? connection.openChannel() else { return }
        for queue in Topology(families: [family], retryDelays: [1000]).queues { _ = try? channel.deleteQueue(queue.name) }
        connection.close()
    }

    static func deleteQueue(_ queue: String, amqpURL: String) {
        guard let connection = try? AMQPConnection(url: amqpURL), let channel = try? connection.openChannel() else { return }
        _ = try? channel.deleteQueue(queue)
        try? channel.deleteExchange(queue)  // the peer's exchange has the queue's name
        connection.close()
    }
}
