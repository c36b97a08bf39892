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
/// writes one row → commit → ack, with 1, 2, 4… `gsan-exemplo` processes.
struct JobsBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs",
        abstract: "Vazão de jobs de ponta a ponta (outbox → RabbitMQ → worker → commit → ack) com 1, 2, 4 processos.")

    @Option(help: "Jobs por rodada.") var jobs = 20_000
    @Option(help: "Quantidades de processos worker, separadas por vírgula.") var processos = "1,2,4"
    @Option(help: "Threads de handler por processo.") var concorrencia = 4
    @Option(help: "Prefetch por processo (padrão: 2 × concorrência).") var prefetch: Int?
    @Option(help: "Nível de log dos workers (info registra uma linha por job).") var log = "warning"

    func run() async throws {
        let environment = GSANEnvironment()
        let (adminURL, amqpURL) = (try environment.ownerDatabaseURL, try environment.amqpURL)
        let counts = processos.split(separator: ",").compactMap { Int($0) }
        guard !counts.isEmpty, counts.allSatisfy({ $0 > 0 }) else { throw ValidationError("--processos: ex. 1,2,4") }
        let worker = try Self.workerExecutable()
        let (jobs, concorrencia, prefetch, log) = (self.jobs, self.concorrencia, self.prefetch, self.log)
        print("gsan-bench jobs: \(jobs) jobs por rodada, \(concorrencia) threads por processo, log \(log)")
        print("handler: INSERT de uma linha em exemplo.efeito na transação que conclui o job")
        try await onDedicatedThread {
            let url = try Self.freshDatabase(adminURL: adminURL)
            let db = try PostgresConnection(url: url, logger: Logger(label: "gsan.bench"), applicationName: "gsan-bench")
            print(String(repeating: "-", count: 78))
            print("processos  jobs/s   ms/job (parede)  CPU µs/job (workers)  CPU µs/job (PostgreSQL+RabbitMQ)")
            for processes in counts {
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

                let cpuBefore = workers.map { Self.cpuSeconds(pid: $0.processIdentifier) }.reduce(0, +)
                let machineBefore = Self.machineCPUSeconds()
                try Self.enqueue(jobs, prefix: "j", family: family, db: db)
                let start = try db.query("SELECT extract(epoch FROM clock_timestamp())::float8").first!.decode(Double.self, at: 0)
                try Self.waitForDone(500 + jobs, db: db, workers: workers)
                // The end is the last job's own commit time, read once everything is done:
                // polling often enough for a precise wall clock would load the server itself.
                guard let end = try JobRecords.lastFinish(db: db) else { throw ValidationError("nenhum job concluído") }
                let seconds = end - start
                let cpu = workers.map { Self.cpuSeconds(pid: $0.processIdentifier) }.reduce(0, +) - cpuBefore
                let machine = Self.machineCPUSeconds() - machineBefore

                let doubled = try db.query(
                    "SELECT count(*) FROM (SELECT job_id FROM exemplo.efeito GROUP BY job_id HAVING count(*) <> 1) d"
                ).first?.decode(Int.self, at: 0) ?? -1
                guard doubled == 0 else { throw ValidationError("\(doubled) jobs com efeito duplicado") }
                let perJobWorkers = cpu / Double(jobs) * 1e6
                let perJobOthers = max(0, machine - cpu) / Double(jobs) * 1e6
                print(
                    String(
                        format: "%9d  %7.0f  %15.3f  %20.0f  %31.0f", processes, Double(jobs) / seconds, seconds * 1000 / Double(jobs),
                        perJobWorkers, perJobOthers))
            }
            print(String(repeating: "-", count: 78))
            print("máquina: \(ProcessInfo.processInfo.activeProcessorCount) núcleos; a última coluna inclui tudo o mais que rodou")
            db.close()
            try DatabaseAdmin.drop(Self.database, adminURL: adminURL, logger: Logger(label: "gsan.bench"))
        }
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

    static func launch(_ executable: URL, _ arguments: [String], amqpURL: String, databaseURL: String) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["GSAN_AMQP_URL"] = amqpURL
        environment["GSAN_DATABASE_URL"] = databaseURL
        process.environment = environment
        try process.run()
        return process
    }

    static func deleteQueues(family: String, amqpURL: String) {
        guard let connection = try? AMQPConnection(url: amqpURL), let channel = try? connection.openChannel() else { return }
        for queue in Topology(families: [family], retryDelays: [1000]).queues { _ = try? channel.deleteQueue(queue.name) }
        connection.close()
    }

    /// User + system CPU of a process so far (/proc/PID/stat, clock ticks).
    static func cpuSeconds(pid: Int32) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After "pid (comm)": state is field 0; utime and stime are fields 11 and 12.
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Busy CPU time of the whole machine so far (/proc/stat), in seconds.
    static func machineCPUSeconds() -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
            let line = stat.split(separator: "\n").first
        else { return 0 }
        let values = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard values.count >= 5 else { return 0 }
        let busy = values.reduce(0, +) - values[3] - values[4]  // minus idle and iowait
        return busy / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
