import AMQP
import ArgumentParser
import Contratos
import Foundation
import GSANModel
import GSANSupport
import JobRuntime
import Logging
import Postgres

/// `gsan jobs`: the job record at a glance — counts per kind and state, the oldest job
/// still waiting to run, the latest failures — and the broker's queues per family.
struct JobsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs",
        abstract:
            "Resumo dos jobs: contagem por tipo e estado, o mais antigo na fila, falhas recentes e filas do RabbitMQ.",
        subcommands: [JobsResumoCommand.self, JobsExecutandoCommand.self, JobsLimparCommand.self, JobsRepublicarCommand.self],
        defaultSubcommand: JobsResumoCommand.self)
}

struct JobsResumoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resumo", abstract: "Contagem por tipo e estado, o mais antigo na fila, falhas recentes, filas (o padrão).")

    func run() throws {
        let environment = GSANEnvironment()
        let db = try OperationsSupport.openDatabase(environment, command: "gsan jobs")
        defer { db.close() }
        let summary = try OperationsSupport.reporting { try JobAdmin.summary(db: db) }
        print(JobAdmin.render(summary))
        print("")
        print("Filas do RabbitMQ por família:")
        do {
            let connection = try AMQPConnection(url: try environment.amqpURL, connectionName: "gsan jobs")
            defer { connection.close() }
            let queues = try Topology.gsan().inspect(connection: connection)
            print(JobAdmin.render(queues: JobAdmin.queueDepths(queues)))
        } catch {
            print("RabbitMQ inacessível (\(error)): o resumo acima vem só do banco.")
        }
    }
}

/// `gsan jobs executando`: one line per attempt running now — the worker (`host:pid`), for how long, the kind and
/// the id — the longest first. Read-only.
struct JobsExecutandoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "executando",
        abstract: "Os jobs em execução agora: worker (host:pid), há quanto tempo, tipo e id, o mais antigo primeiro.")

    func run() throws {
        let db = try OperationsSupport.openDatabase(GSANEnvironment(), command: "gsan jobs executando")
        defer { db.close() }
        let jobs = try OperationsSupport.reporting { try FleetHealth.running(db: db) }
        guard !jobs.isEmpty else {
            print("Nenhum job em execução.")
            return
        }
        for job in jobs {
            let worker = job.worker.map { String(FleetHealth.workerName($0).dropFirst("worker ".count)) } ?? "-"
            print("\(worker) \(String(format: "%.1f", job.runningFor)) s \(job.kind) \(job.id)")
        }
    }
}

/// `gsan job show ID`.
struct JobCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "job",
        abstract: "Consulta um job do registro.",
        subcommands: [JobShowCommand.self])
}

struct JobShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Mostra um job: linha completa, payload, histórico de eventos, filhos e a árvore abaixo dele.")

    @Argument(help: "O id do job.")
    var id: String

    func run() throws {
        let db = try OperationsSupport.openDatabase(GSANEnvironment(), command: "gsan job show")
        defer { db.close() }
        let job = try OperationsSupport.reporting { try JobAdmin.show(id, db: db) }
        print(JobAdmin.render(job))
        if job.children.total > 0 || job.children.recorded > 0 {
            let arvore = try OperationsSupport.reporting { try JobRecords.forest(roots: [id], db: db) }
            print("")
            print(ArvoreJob.render(raiz: id, jobs: arvore))
        }
    }
}

/// What the operations commands share: connections, and errors printed as one clear line.
enum OperationsSupport {
    static let logger = Logger(label: "gsan.operacao")

    static func openDatabase(_ environment: GSANEnvironment, command: String) throws -> PostgresConnection {
        try reporting {
            do {
                return try PostgresConnection(
                    url: try environment.databaseURL, logger: logger, applicationName: command)
            } catch let error as PostgresError {
                throw JobRuntimeError(
                    "\(error.explicacao). Para iniciar os servidores locais: ops/up (ou defina GSAN_DATABASE_URL).")
            }
        }
    }

    /// A broker connection made on demand (after the database change committed) and kept
    /// for closing: `JobAdmin` calls `connect` at most once.
    final class Broker {
        let environment: GSANEnvironment
        let name: String
        private(set) var connection: AMQPConnection?

        init(_ environment: GSANEnvironment, name: String) {
            self.environment = environment
            self.name = name
        }

        func connect() throws -> AMQPConnection {
            if let connection { return connection }
            let made = try AMQPConnection(url: try environment.amqpURL, connectionName: name)
            connection = made
            return made
        }

        func close() { connection?.close() }
    }

    /// Runs `body`; an error comes out on stderr as one line and the exit code is 1. A
    /// database error is said by its SQLSTATE class, in Portuguese (``PostgresError/explicacao``).
    static func reporting<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let exit as ExitCode {
            throw exit
        } catch let erro as PostgresError {
            printError("erro: \(erro.explicacao)")
            throw ExitCode.failure
        } catch {
            printError("erro: \(error)")
            throw ExitCode.failure
        }
    }

    /// Runs `corpo` on a fresh connection. A refusal of the area's own error type (`recusas`,
    /// worded as the seed words it) is printed alone on stderr; anything else as `erro: …`;
    /// both end the command with exit code 1.
    static func comBanco<T, Recusa: Error & CustomStringConvertible>(
        _ comando: String, recusas: Recusa.Type, _ corpo: (PostgresConnection) throws -> T
    ) throws -> T {
        let db = try openDatabase(GSANEnvironment(), command: comando)
        defer { db.close() }
        return try reporting {
            do {
                return try corpo(db)
            } catch let recusa as Recusa {
                printError(recusa.description)
                throw ExitCode.failure
            }
        }
    }

    /// `texto` right-aligned in `largura` columns (a longer text is never cut).
    static func aDireita(_ texto: String, _ largura: Int) -> String {
        String(repeating: " ", count: max(0, largura - texto.count)) + texto
    }

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// `--operador`, else `USER`; blank is a usage error.
    static func operatorName(_ flag: String?) throws -> String {
        let name = (flag ?? ProcessInfo.processInfo.environment["USER"] ?? "").trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else {
            throw ValidationError("informe quem executa a operação: --operador NOME (ou defina USER).")
        }
        return name
    }
}

/// `gsan jobs limpar --antes DD/MM/AAAA`: the retention of the job table (``JobRetention``).
struct JobsLimparCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "limpar",
        abstract: "Apaga as árvores de jobs terminadas (done/discarded) antes da data, com os seus eventos.",
        discussion: """
            Uma árvore sai inteira, e só quando a raiz e todos os jobs abaixo dela estão done ou discarded e terminaram \
            antes da data; mortos, em andamento ou terminados depois ficam (com a árvore toda). O id da raiz continua \
            registrado: o mesmo job nunca é enfileirado de novo. A data deve ter ao menos 7 dias. \
            Em lotes curtos, cada um na sua transação: os workers continuam. O scheduler faz o mesmo todo dia \
            (gsan-scheduler --retencao-dias).
            """)

    @Option(help: "Data de corte, DD/MM/AAAA: apaga o que terminou antes do início desse dia (horário de Brasília).")
    var antes: String

    @Option(help: "Raízes por transação (1 a 10000).") var lote = 500

    func validate() throws {
        guard CivilDate(brazilian: antes) != nil else { throw ValidationError("--antes inválida: \(antes) (use DD/MM/AAAA)") }
        guard (1...10_000).contains(lote) else { throw ValidationError("--lote deve estar entre 1 e 10000") }
    }

    func run() throws {
        guard let dia = CivilDate(brazilian: antes) else { throw ValidationError("--antes inválida: \(antes)") }
        let corte = dia.inicio()
        let db = try OperationsSupport.openDatabase(GSANEnvironment(), command: "gsan jobs limpar")
        defer { db.close() }
        let outcome = try OperationsSupport.reporting {
            try JobRetention.purge(before: corte, batchSize: lote, db: db) { parcial in
                FileHandle.standardError.write(Data("\r\(parcial.trees) árvore(s), \(parcial.jobs) job(s) apagados…".utf8))
            }
        }
        FileHandle.standardError.write(Data("\n".utf8))
        print(
            "Apagados: \(outcome.trees) árvore(s) de jobs, \(outcome.jobs) job(s), \(outcome.events) evento(s), terminados antes de "
                + "\(antes).")
        if outcome.keptTrees > 0 {
            print("Mantidas: \(outcome.keptTrees) árvore(s) com algum job morto, em andamento ou terminado depois da data.")
        }
    }
}

/// `gsan jobs republicar --familia F`: published jobs the broker lost go back to the outbox.
struct JobsRepublicarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "republicar",
        abstract: "Volta à outbox os jobs publicados há mais de N minutos de uma família cuja fila está vazia (mensagens perdidas).")

    @Option(help: "A família (gsan doctor a nomeia no aviso).") var familia: String
    @Option(name: .customLong("mais-de"), help: "Minutos desde a publicação.") var maisDe = 10.0

    func validate() throws {
        guard Catalogo.familias.contains(familia) else {
            throw ValidationError("família desconhecida: \(familia) (famílias: \(Catalogo.familias.joined(separator: ", ")))")
        }
        guard maisDe >= 1, maisDe <= 10_080 else { throw ValidationError("--mais-de: de 1 a 10080 minutos") }
    }

    func run() throws {
        let environment = GSANEnvironment()
        let db = try OperationsSupport.openDatabase(environment, command: "gsan jobs republicar")
        defer { db.close() }
        let messages = try OperationsSupport.reporting { () -> Int in
            let connection = try AMQPConnection(url: try environment.amqpURL, connectionName: "gsan jobs republicar")
            defer { connection.close() }
            let queue = try Topology.gsan().inspect(connection: connection).first {
                $0.family == familia && $0.name == Topology.workQueue(familia)
            }
            return queue?.info?.messageCount ?? 0
        }
        let ids = try OperationsSupport.reporting {
            try JobAdmin.republishStale(
                family: familia, olderThan: .seconds(Int(maisDe * 60)), queueMessages: messages, db: db)
        }
        print("\(ids.count) job(s) de \(familia) voltaram à outbox e serão publicados de novo pelo relay.")
        for id in ids.prefix(20) { print("  \(id)") }
        if ids.count > 20 { print("  …") }
    }
}
