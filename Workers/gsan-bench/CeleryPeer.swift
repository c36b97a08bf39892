import ArgumentParser
import Foundation
import Postgres

/// The Celery peer of `gsan-bench jobs` (bench/celery/gsan_celery_par.py): the
/// same work as gsan-exemplo's `exemplo.efeito` (one row inserted and committed per task) run
/// by Celery 5 with the prefork pool and late acks, on the same broker and database. A
/// baseline for the measurement, not a dependency of the product.
struct CeleryPeer {
    var python: String
    var folder: String
    /// Prefork children per process of the round (`-c` = processes × this).
    var childrenPerProcess: Int
    /// "celery 5.2.6, kombu 5.2.4, psycopg2 2.9.5"
    var versions: String

    init(python: String, folder: String, childrenPerProcess: Int) throws {
        self.python = python
        self.childrenPerProcess = childrenPerProcess
        self.folder = folder
        let script = URL(fileURLWithPath: folder).appendingPathComponent("gsan_celery_par.py").path
        guard FileManager.default.fileExists(atPath: script) else {
            throw ValidationError("par Celery não encontrado em \(folder) (--celery); ou rode com --sem-celery")
        }
        let check = Process()
        check.executableURL = URL(fileURLWithPath: python)
        check.arguments = ["gsan_celery_par.py", "conferir"]
        check.currentDirectoryURL = URL(fileURLWithPath: folder)
        check.environment = Self.environment(amqpURL: "", databaseURL: "", queue: "")
        let output = Pipe()
        check.standardOutput = output
        check.standardError = FileHandle.nullDevice
        do { try check.run() } catch {
            throw ValidationError("\(python) não executa (\(error)); rode \(folder)/preparar, ou --sem-celery")
        }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        check.waitUntilExit()
        guard check.terminationStatus == 0 else {
            throw ValidationError("o Celery ou o psycopg2 não importam em \(python): rode \(folder)/preparar, ou --sem-celery")
        }
        versions = text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func environment(amqpURL: String, databaseURL: String, queue: String) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["GSAN_AMQP_URL"] = amqpURL
        environment["GSAN_DATABASE_URL"] = databaseURL
        environment["GSAN_CELERY_FILA"] = queue
        environment["PYTHONDONTWRITEBYTECODE"] = "1"  // nothing written into the source tree
        environment["PYTHONPATH"] = nil
        return environment
    }

    private func process(_ arguments: [String], amqpURL: String, databaseURL: String, queue: String) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.environment = Self.environment(amqpURL: amqpURL, databaseURL: databaseURL, queue: queue)
        return process
    }

    /// Publishes `count` tasks and waits for the producer to exit.
    private func send(_ count: Int, prefix: String, amqpURL: String, databaseURL: String, queue: String) throws {
        let producer = process(
            ["gsan_celery_par.py", "enviar", "--fila", queue, "--quantidade", String(count), "--prefixo", prefix],
            amqpURL: amqpURL, databaseURL: databaseURL, queue: queue)
        try producer.run()
        producer.waitUntilExit()
        guard producer.terminationStatus == 0 else { throw ValidationError("o produtor Celery saiu com \(producer.terminationStatus)") }
    }

    private static func waitForEffects(_ total: Int, db: PostgresConnection, worker: Process) throws {
        let deadline = Date().addingTimeInterval(600)
        while Date() < deadline {
            let done = try db.query("SELECT count(*)::int FROM exemplo.efeito").first?.decode(Int.self, at: 0) ?? 0
            if done >= total { return }
            guard worker.isRunning else { throw ValidationError("o worker Celery terminou durante a medição") }
            Thread.sleep(forTimeInterval: 0.5)
        }
        throw ValidationError("as tarefas Celery não terminaram em 10 minutos")
    }

    /// One measured round: a Celery worker with `processes` prefork children; the clock runs
    /// from the first publish to the last insert's transaction (as gsan's: from the outbox
    /// commit, relay included, to the last job's transaction).
    func round(
        processes: Int, jobs: Int, amqpURL: String, databaseURL: String, db: PostgresConnection, servers: ServerProcesses
    ) throws -> JobsBench.Round {
        let queue = "gsan.celery.bench\(processes)p\(ProcessInfo.processInfo.processIdentifier)"
        try db.execute("TRUNCATE exemplo.efeito")
        let worker = process(
            [
                "-m", "celery", "-A", "gsan_celery_par", "worker", "--pool", "prefork", "-c", String(processes * childrenPerProcess), "-Q", queue,
                "-l", "WARNING", "--without-heartbeat", "--without-gossip", "--without-mingle", "-O", "fair",
            ], amqpURL: amqpURL, databaseURL: databaseURL, queue: queue)
        worker.standardOutput = FileHandle.nullDevice  // the banner; errors still go to standard error
        try worker.run()
        defer {
            if worker.isRunning { worker.terminate() }  // warm shutdown: the children finish their task
            let deadline = Date().addingTimeInterval(30)
            while worker.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
            if worker.isRunning {
                print("aviso: o worker Celery não parou em 30 s com SIGTERM; encerrado com SIGKILL")
                kill(worker.processIdentifier, SIGKILL)
            }
            worker.waitUntilExit()
            JobsBench.deleteQueue(queue, amqpURL: amqpURL)
        }
        try send(500, prefix: "aquecimento", amqpURL: amqpURL, databaseURL: databaseURL, queue: queue)
        try Self.waitForEffects(500, db: db, worker: worker)

        let cpuBefore = ProcessCPU.tree(root: worker.processIdentifier)
        let serversBefore = servers.cpu()
        let databaseBefore = servers.databaseCPU()
        let machineBefore = ProcessCPU.machine()
        let producerBefore = ProcessCPU.reapedChildren()
        let start = try JobsBench.databaseClock(db)
        try send(jobs, prefix: "c", amqpURL: amqpURL, databaseURL: databaseURL, queue: queue)
        let producerCPU = ProcessCPU.reapedChildren() - producerBefore
        try Self.waitForEffects(500 + jobs, db: db, worker: worker)
        guard
            let end = try db.query("SELECT extract(epoch FROM max(em))::float8 FROM exemplo.efeito WHERE job_id LIKE 'c%'")
                .first?.decode(Double?.self, at: 0)
        else { throw ValidationError("nenhuma tarefa Celery concluída") }
        let cpu = ProcessCPU.tree(root: worker.processIdentifier) - cpuBefore
        let serverCPU = servers.cpu().map { $0 - (serversBefore ?? 0) }
        let databaseCPU = servers.databaseCPU().map { $0 - (databaseBefore ?? 0) }
        let machine = ProcessCPU.machine() - machineBefore
        let doubled = try JobsBench.doubledEffects(db)
        print(
            String(
                format: "Celery com %d processo(s): produtor %.0f µs/job de CPU (na coluna \"resto da máquina\"); %d tarefas com efeito ≠ 1",
                processes, producerCPU / Double(jobs) * 1e6, doubled))
        return JobsBench.Round(
            engine: "Celery", processes: processes, seconds: end - start, jobs: jobs, workerCPU: cpu, serverCPU: serverCPU,
            machineCPU: machine, databaseCPU: databaseCPU)
    }
}

/// CPU time of processes, from /proc.
enum ProcessCPU {
    /// (pid, parent pid, user+system seconds, reaped children's user+system seconds)
    private static func stat(_ pid: Int32) -> (parent: Int32, own: Double, children: Double)? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After "pid (comm)": state is field 0, ppid 1; utime, stime, cutime, cstime are 11…14.
        guard fields.count > 14, let parent = Int32(fields[1]), let user = Double(fields[11]), let system = Double(fields[12]),
            let childUser = Double(fields[13]), let childSystem = Double(fields[14])
        else { return nil }
        let tick = Double(sysconf(Int32(_SC_CLK_TCK)))
        return (parent, (user + system) / tick, (childUser + childSystem) / tick)
    }

    /// A process and all its descendants, plus the children it has already reaped.
    static func tree(root: Int32) -> Double {
        tree(roots: [root])
    }

    static func tree(roots: [Int32]) -> Double {
        let pids = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { Int32($0) }
        var parents: [Int32: Int32] = [:]
        var own: [Int32: Double] = [:]
        var reaped: [Int32: Double] = [:]
        for pid in pids {
            guard let entry = stat(pid) else { continue }
            parents[pid] = entry.parent
            own[pid] = entry.own
            reaped[pid] = entry.children
        }
        let rootSet = Set(roots)
        var total = 0.0
        for (pid, seconds) in own {
            var current: Int32? = pid
            var depth = 0
            while let candidate = current, depth < 64 {
                if rootSet.contains(candidate) {
                    total += seconds
                    break
                }
                current = parents[candidate]
                depth += 1
            }
        }
        for root in roots { total += reaped[root] ?? 0 }
        return total
    }

    /// CPU of this process's children that have exited and been waited for.
    static func reapedChildren() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// Busy CPU time of the whole machine so far (/proc/stat), in seconds.
    static func machine() -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
            let line = stat.split(separator: "\n").first
        else { return 0 }
        let values = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard values.count >= 5 else { return 0 }
        let busy = values.reduce(0, +) - values[3] - values[4]  // minus idle and iowait
        return busy / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}

/// The PostgreSQL and RabbitMQ servers this bench talks to, as process trees: the postmaster
/// (the parent of this connection's backend) and the RabbitMQ node (its pid file under
/// GSAN_HOME, as ops/up writes it).
struct ServerProcesses {
    var roots: [Int32]
    /// The postmaster, when found (its tree is the database's part of ``cpu()``).
    var postmaster: Int32?

    init(home: String, db: PostgresConnection) {
        var roots: [Int32] = []
        if let backend = try? db.query("SELECT pg_backend_pid()").first?.decode(Int.self, at: 0),
            let stat = try? String(contentsOfFile: "/proc/\(backend)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        {
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, let postmaster = Int32(fields[1]) {
                roots.append(postmaster)
                self.postmaster = postmaster
            }
        }
        if let text = try? String(contentsOfFile: home + "/rabbitmq/rabbitmq.pid", encoding: .utf8),
            let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)),
            FileManager.default.fileExists(atPath: "/proc/\(pid)")
        {
            roots.append(pid)
        }
        self.roots = roots
    }

    /// Both servers' CPU so far; nil when neither was found.
    func cpu() -> Double? {
        roots.isEmpty ? nil : ProcessCPU.tree(roots: roots)
    }

    /// PostgreSQL's CPU so far; nil when it was not found.
    func databaseCPU() -> Double? {
        postmaster.map { ProcessCPU.tree(root: $0) }
    }
}
