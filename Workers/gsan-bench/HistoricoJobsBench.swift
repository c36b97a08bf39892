import ArgumentParser
import Contratos
import Foundation
import GSANDatabase
import GSANSupport
import JobRuntime
import Logging
import Postgres

/// The job table after years of operation: millions of finished jobs (trees of a root and its
/// children, one in a hundred with a failed attempt and its event). Times what operations staff
/// run against it — `gsan jobs`, `gsan job show` of a root and of a child, `gsan doctor` — and
/// the workers' claim as end-to-end throughput (the same round as `gsan-bench jobs`) on an empty
/// table and on the full one, then `gsan jobs limpar` of the oldest month with a throughput
/// round running beside it (the retention must not block the workers).
struct HistoricoJobsBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "historico-jobs",
        abstract: "A tabela de jobs com milhões de linhas: gsan jobs, job show, doctor, a vazão dos workers (claim) e a limpeza.")

    @Option(help: "Jobs terminados no histórico.") var linhas = 10_000_000
    @Option(help: "Dias que o histórico cobre (o mais antigo termina há tantos dias).") var dias = 365
    @Option(help: "Jobs por árvore (uma raiz e os seus filhos).") var porArvore = 50
    @Option(help: "Jobs da rodada de vazão.") var jobs = 5_000
    @Option(help: "Vezes que cada comando é medido (a mediana e o máximo).") var rodadas = 5
    @Option(help: "Threads de handler do worker.") var concorrencia = 4
    @Flag(help: "Reusa o banco do histórico de uma execução anterior quando já tem ao menos 90 % das linhas.") var reusar = false
    @Flag(help: "Não roda a limpeza (o histórico fica inteiro para o próximo --reusar).") var semLimpeza = false

    static let database = "gsan_bench_historico"
    static let prefixo = "historico.raiz"

    func validate() throws {
        guard linhas >= 1_000, linhas <= 100_000_000 else { throw ValidationError("--linhas deve estar entre 1000 e 100000000") }
        guard porArvore >= 2, porArvore <= 10_000 else { throw ValidationError("--por-arvore deve estar entre 2 e 10000") }
        guard dias >= 60, dias <= 3_650 else { throw ValidationError("--dias deve estar entre 60 e 3650") }
        guard jobs > 0, rodadas > 0, concorrencia > 0 else { throw ValidationError("--jobs, --rodadas e --concorrencia positivos") }
    }

    func run() async throws {
        let environment = GSANEnvironment()
        let (adminURL, amqpURL) = (try environment.ownerDatabaseURL, try environment.amqpURL)
        let programas = try CompanhiaGerada.executaveis("gsan-exemplo", "gsan")
        let (worker, gsan) = (programas[0], programas[1])
        let opcoes = self
        try await onDedicatedThread {
            let logger = Logger(label: "gsan.bench")
            print("gsan-bench historico-jobs: \(opcoes.linhas) jobs em \(opcoes.dias) dias, árvores de \(opcoes.porArvore); "
                + "máquina de \(ProcessInfo.processInfo.activeProcessorCount) núcleos")

            // The claim on an empty table, for comparison.
            let vazia = try JobsBench.freshDatabase(adminURL: adminURL)
            let semHistorico: JobsBench.Round
            do {
                let db = try PostgresConnection(url: vazia, logger: logger, applicationName: "gsan-bench")
                defer { db.close() }
                semHistorico = try opcoes.vazao(worker: worker, amqpURL: amqpURL, url: vazia, db: db, rotulo: "vazia")
            }
            try DatabaseAdmin.drop(JobsBench.database, adminURL: adminURL, logger: logger)

            let url = try DatabaseAdmin.url(adminURL, database: Self.database)
            let db = try opcoes.historico(adminURL: adminURL, url: url, logger: logger)
            defer { db.close() }
            let tamanho = try JobRecords.tableSize(db: db)
            if let (n, job, eventos) = tamanho { print("tabela: \(n) jobs; a dos jobs \(job), a dos eventos \(eventos) (com índices)") }

            // The operators' commands, against the full table.
            let meio = (opcoes.linhas / 2) / opcoes.porArvore * opcoes.porArvore
            let raiz = "\(Self.prefixo):n=\(meio)"
            let comandos: [(String, [String])] = [
                ("gsan jobs", ["jobs"]),
                ("gsan job show (raiz, \(opcoes.porArvore - 1) filhos)", ["job", "show", raiz]),
                ("gsan job show (filho)", ["job", "show", raiz + "/n=\(meio + 1)"]),
                ("gsan doctor", ["doctor"]),
            ]
            var linhasTabela: [(String, [Double], Int32)] = []
            for (rotulo, argumentos) in comandos {
                var tempos: [Double] = []
                var status: Int32 = 0
                for _ in 0..<opcoes.rodadas {
                    let (segundos, saida) = try Self.cronometrar(gsan, argumentos, amqpURL: amqpURL, url: url)
                    tempos.append(segundos)
                    status = saida
                }
                linhasTabela.append((rotulo, tempos.sorted(), status))
            }

            let comHistorico = try opcoes.vazao(worker: worker, amqpURL: amqpURL, url: url, db: db, rotulo: "cheia")

            // The retention: the oldest 30 days, with a throughput round beside it.
            var limpeza: (segundos: Double, removidos: Int, status: Int32)?
            var duranteLimpeza: JobsBench.Round?
            if !opcoes.semLimpeza {
                let antes = try JobRecords.count(JobFilter(idLike: Self.prefixo + ":%"), db: db)
                // The oldest 30 days still there (a run after --reusar finds the previous run's cut).
                let maisAntigo = try JobRecords.oldestFinishedRoot(db: db) ?? Date().addingTimeInterval(-Double(opcoes.dias) * 86_400)
                let corte = maisAntigo.addingTimeInterval(30 * 86_400)
                let dia = DateFormatter()
                dia.dateFormat = "dd/MM/yyyy"
                dia.timeZone = TimeZone(identifier: "America/Sao_Paulo")
                let inicio = ContinuousClock.now
                let processo = try JobsBench.launch(
                    gsan, ["jobs", "limpar", "--antes", dia.string(from: corte)], amqpURL: amqpURL, databaseURL: url,
                    discardingOutput: true)
                duranteLimpeza = try opcoes.vazao(worker: worker, amqpURL: amqpURL, url: url, db: db, rotulo: "durante a limpeza")
                processo.waitUntilExit()
                let segundos = Self.segundos(ContinuousClock.now - inicio)
                let depois = try JobRecords.count(JobFilter(idLike: Self.prefixo + ":%"), db: db)
                limpeza = (segundos, antes - depois, processo.terminationStatus)
            }

            print(String(repeating: "-", count: 96))
            print("comando                                        mediana     máximo   saída")
            for (rotulo, tempos, status) in linhasTabela {
                print(
                    rotulo.padding(toLength: 44, withPad: " ", startingAt: 0)
                        + String(format: "  %7.3f s  %7.3f s   %d", tempos[tempos.count / 2], tempos.last ?? 0, status))
            }
            print(String(repeating: "-", count: 96))
            func vazao(_ r: JobsBench.Round) -> String {
                String(format: "%7.0f jobs/s  %6.3f ms/job", Double(r.jobs) / r.seconds, r.seconds * 1000 / Double(r.jobs))
            }
            print("vazão (claim → handler → commit → ack, 1 processo, \(opcoes.concorrencia) threads, \(opcoes.jobs) jobs):")
            print("  tabela vazia                \(vazao(semHistorico))")
            print("  com o histórico             \(vazao(comHistorico))")
            if let duranteLimpeza { print("  durante a limpeza           \(vazao(duranteLimpeza))") }
            if let limpeza {
                print(
                    String(
                        format: "gsan jobs limpar (os 30 dias mais antigos): %d jobs removidos em %.1f s (%.0f jobs/s), saída %d",
                        limpeza.removidos, limpeza.segundos, Double(limpeza.removidos) / max(limpeza.segundos, 0.001), limpeza.status))
            }
            print("o banco \(Self.database) fica para --reusar; apague com: dropdb \(Self.database)")
        }
    }

    /// The history's database: reused when it already holds ≥ 90 % of the rows asked, else made
    /// anew and filled in batches of one transaction each, then vacuumed and analysed.
    func historico(adminURL: String, url: String, logger: Logger) throws -> PostgresConnection {
        if reusar, let db = try? PostgresConnection(url: url, logger: logger, applicationName: "gsan-bench"),
            let existentes = try? JobRecords.count(JobFilter(idLike: Self.prefixo + ":%"), db: db),
            existentes * 10 >= linhas * 9
        {
            print("histórico reusado: \(existentes) jobs em \(Self.database)")
            return db
        }
        try DatabaseAdmin.drop(Self.database, adminURL: adminURL, logger: logger)
        try DatabaseAdmin.create(Self.database, adminURL: adminURL, logger: logger)
        let db = try PostgresConnection(url: url, logger: logger, applicationName: "gsan-bench")
        _ = try Migrator(logger: logger).migrate(connection: db)
        let lote = max(porArvore, 500_000 / porArvore * porArvore)
        let total = (linhas + porArvore - 1) / porArvore * porArvore
        var progresso = Progresso()
        let inicio = ContinuousClock.now
        var feitos = 0
        while feitos < total {
            let ate = min(total, feitos + lote)
            let (de, total, porArvore, dias) = (feitos, total, porArvore, dias)
            _ = try db.withTransaction { db in
                try JobRecordsDrill.plantHistory(
                    prefix: Self.prefixo, from: de, to: ate, total: total, perTree: porArvore, days: dias,
                    rootKind: "historico.raiz", childKind: "historico.filho", family: "historico", db: db)
            }
            feitos = ate
            if let linha = progresso.seMudou(feitos, de: total, "jobs") { print("histórico: " + linha) }
        }
        try JobRecords.vacuumAnalyze(db: db)
        print(String(format: "histórico gravado: %d jobs em %.1f s (com VACUUM ANALYZE)", total, Self.segundos(ContinuousClock.now - inicio)))
        return db
    }

    /// One throughput round of `gsan-exemplo` on the database at `url`, leaving the history alone.
    func vazao(worker: URL, amqpURL: String, url: String, db: PostgresConnection, rotulo: String) throws -> JobsBench.Round {
        let familia = "hist\(ProcessInfo.processInfo.processIdentifier)"
        let tipo = ExemploJobs.efeito.inFamily(familia)
        try JobRecords.remove(kind: tipo, db: db)
        let processo = try JobsBench.launch(
            worker, ["--familia", familia, "--atrasos", "1000", "--concorrencia", String(concorrencia), "--log", "warning"],
            amqpURL: amqpURL, databaseURL: url)
        defer {
            if processo.isRunning { processo.terminate() }
            processo.waitUntilExit()
            JobsBench.deleteQueues(family: familia, amqpURL: amqpURL)
        }
        func aguardar(_ total: Int) throws {
            let prazo = Date().addingTimeInterval(600)
            while Date() < prazo {
                if try JobRecords.count(.done, kind: tipo, db: db) >= total { return }
                guard processo.isRunning else { throw ValidationError("o worker terminou durante a medição (\(rotulo))") }
                Thread.sleep(forTimeInterval: 0.2)
            }
            throw ValidationError("os jobs não terminaram em 10 minutos (\(rotulo))")
        }
        try JobsBench.enqueue(200, prefix: "\(familia)-aquecimento-", family: familia, db: db)
        try aguardar(200)
        try JobsBench.enqueue(jobs, prefix: "\(familia)-j", family: familia, db: db)
        let inicio = try JobsBench.databaseClock(db)
        try aguardar(200 + jobs)
        // The end is the last job's own commit (the history finished long before).
        guard let fim = try JobRecords.lastFinish(db: db) else { throw ValidationError("nenhum job concluído (\(rotulo))") }
        let segundos = fim - inicio
        try JobRecords.remove(kind: tipo, db: db)
        return JobsBench.Round(
            engine: "gsan", processes: 1, seconds: segundos, jobs: jobs, workerCPU: 0, serverCPU: nil, machineCPU: 0)
    }

    /// A command's wall time from its start to its exit (its output discarded), and its status.
    static func cronometrar(_ gsan: URL, _ argumentos: [String], amqpURL: String, url: String) throws -> (Double, Int32) {
        let inicio = ContinuousClock.now
        let processo = try JobsBench.launch(gsan, argumentos, amqpURL: amqpURL, databaseURL: url, discardingOutput: true)
        processo.waitUntilExit()
        return (segundos(ContinuousClock.now - inicio), processo.terminationStatus)
    }

    static func segundos(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
