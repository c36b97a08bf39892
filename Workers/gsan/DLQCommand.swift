import ArgumentParser
import Foundation
import GSANSupport
import Contratos
import JobRuntime
import Postgres

/// `gsan dlq`: the dead jobs — list, read, replay, discard. The database is the record;
/// after a replay or discard the broker's dead-letter copies of those jobs are removed.
struct DLQCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dlq",
        abstract: "Jobs mortos: listar, consultar, reprocessar, descartar.",
        discussion: """
            Um job morre quando esgota as tentativas ou falha de forma permanente; o registro do job fica no \
            estado dead e uma cópia da mensagem vai para a fila gsan.<família>.dead. Reprocessar o devolve à \
            outbox (pendente, tentativas zeradas, geração seguinte); descartar o encerra com um motivo. As duas \
            operações ficam no histórico do job com o nome do operador, e as cópias na fila de mortos são removidas.
            """,
        subcommands: [
            DLQListCommand.self, DLQShowCommand.self, DLQReplayCommand.self, DLQDiscardCommand.self, DLQRecordCommand.self,
        ])
}

struct DLQListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Lista os jobs mortos, os mais antigos primeiro.")

    @Option(name: .long, help: "Só os jobs deste tipo (ex.: rotas.arquivo).")
    var kind: String?

    @Option(name: .long, help: "Quantos listar no máximo.")
    var limite = 50

    func validate() throws {
        guard limite >= 1 else { throw ValidationError("--limite deve ser pelo menos 1.") }
        if let kind, kind.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--kind não pode ser vazio.")
        }
    }

    func run() throws {
        let db = try OperationsSupport.openDatabase(GSANEnvironment(), command: "gsan dlq list")
        defer { db.close() }
        let (jobs, total) = try OperationsSupport.reporting {
            (try JobAdmin.deadJobs(kind: kind, limit: limite, db: db), try JobAdmin.deadCount(kind: kind, db: db))
        }
        print(JobAdmin.render(deadJobs: jobs, total: total))
    }
}

struct DLQShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Mostra um job morto: erro, tentativas, payload e histórico.")

    @Argument(help: "O id do job.")
    var id: String

    func run() throws {
        let db = try OperationsSupport.openDatabase(GSANEnvironment(), command: "gsan dlq show")
        defer { db.close() }
        let job = try OperationsSupport.reporting { try JobAdmin.show(id, db: db) }
        print(JobAdmin.render(job))
        if job.state != JobState.dead.rawValue {
            OperationsSupport.printError(
                "aviso: o job \(id) não está morto (estado: \(job.state)); não há o que reprocessar ou descartar.")
        }
    }
}

struct DLQReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Reprocessa jobs mortos: por id, por tipo (--kind) ou todos (--all).",
        discussion: """
            Numa transação: estado pendente, tentativas zeradas, geração seguinte (cópias antigas nunca rodam), \
            o último erro preservado, um evento 'replayed' com o operador; o relay publica os jobs de novo. Ids \
            inexistentes ou que não estão mortos são recusados um a um (saída diferente de zero). Registros de \
            mensagens inválidas (tipo invalida) não são jobs: descarte-os.
            """)

    @Argument(help: "Ids dos jobs mortos a reprocessar.")
    var ids: [String] = []

    @Option(name: .long, help: "Reprocessa todos os jobs mortos deste tipo.")
    var kind: String?

    @Flag(name: .long, help: "Reprocessa todos os jobs mortos.")
    var all = false

    @Option(name: .long, help: "Quem reprocessa, para o histórico (padrão: a variável USER).")
    var operador: String?

    func validate() throws {
        let chosen = [!ids.isEmpty, kind != nil, all].filter { $0 }.count
        guard chosen > 0 else { throw ValidationError("informe os ids dos jobs, ou --kind TIPO, ou --all.") }
        guard chosen == 1 else { throw ValidationError("use só uma forma de escolher: ids, --kind ou --all.") }
        if let kind, kind.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--kind não pode ser vazio.")
        }
        _ = try OperationsSupport.operatorName(operador)
    }

    func run() throws {
        let selection: JobAdmin.Selection = all ? .allDead : kind.map { .kind($0) } ?? .ids(ids)
        let who = try OperationsSupport.operatorName(operador)
        let environment = GSANEnvironment()
        let db = try OperationsSupport.openDatabase(environment, command: "gsan dlq replay")
        defer { db.close() }
        let broker = OperationsSupport.Broker(environment, name: "gsan dlq replay")
        defer { broker.close() }
        let outcome = try OperationsSupport.reporting {
            try JobAdmin.replay(selection, operator: who, db: db, broker: broker.connect)
        }
        try finish(outcome, nothing: nothingMessage)
    }

    private var nothingMessage: String {
        if all { return "Nenhum job morto." }
        if let kind { return "Nenhum job morto do tipo \(kind)." }
        return ""
    }
}

struct DLQDiscardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "discard",
        abstract: "Descarta jobs mortos de vez, com um motivo (--motivo).",
        discussion: """
            O job passa a descartado, com o motivo e o operador no histórico. Só jobs mortos; os demais ids são \
            recusados um a um (saída diferente de zero).
            """)

    @Argument(help: "Ids dos jobs mortos a descartar.")
    var ids: [String] = []

    @Option(name: .long, help: "Por que os jobs são descartados (obrigatório).")
    var motivo: String?

    @Option(name: .long, help: "Quem descarta, para o histórico (padrão: a variável USER).")
    var operador: String?

    func validate() throws {
        guard !ids.isEmpty else { throw ValidationError("informe os ids dos jobs a descartar.") }
        guard let motivo, !motivo.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ValidationError("informe o motivo do descarte (--motivo).")
        }
        _ = try OperationsSupport.operatorName(operador)
    }

    func run() throws {
        let who = try OperationsSupport.operatorName(operador)
        let environment = GSANEnvironment()
        let db = try OperationsSupport.openDatabase(environment, command: "gsan dlq discard")
        defer { db.close() }
        let broker = OperationsSupport.Broker(environment, name: "gsan dlq discard")
        defer { broker.close() }
        let outcome = try OperationsSupport.reporting {
            try JobAdmin.discard(ids, reason: motivo ?? "", operator: who, db: db, broker: broker.connect)
        }
        try finish(outcome, nothing: "")
    }
}

struct DLQRecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registrar",
        abstract: "Registra como mortas as mensagens das filas de mortos que o banco não conhece.",
        discussion: """
            O RabbitMQ mata sozinho uma mensagem entregue x-delivery-limit vezes (um worker que cai antes de \
            registrar o job) e ela fica só na fila gsan.<família>.dead. Este comando lê as filas de mortos (sem \
            remover nada) e registra cada mensagem desconhecida: um job ainda aberto no banco passa a morto com o \
            motivo do broker; uma mensagem sem registro vira um registro morto com os bytes e os cabeçalhos. Depois \
            disso gsan dlq list, show, replay e discard as veem. gsan doctor as aponta.
            """)

    @Option(name: .long, help: "Quem registra, para o histórico (padrão: a variável USER).")
    var operador: String?

    func validate() throws { _ = try OperationsSupport.operatorName(operador) }

    func run() throws {
        let who = try OperationsSupport.operatorName(operador)
        let environment = GSANEnvironment()
        let db = try OperationsSupport.openDatabase(environment, command: "gsan dlq registrar")
        defer { db.close() }
        let broker = OperationsSupport.Broker(environment, name: "gsan dlq registrar")
        defer { broker.close() }
        let recorded = try OperationsSupport.reporting {
            try JobAdmin.recordDeadLetters(families: Topology.gsan().families, operator: who, connection: try broker.connect(), db: db)
        }
        if recorded.isEmpty {
            print("Nenhuma mensagem sem registro nas filas de mortos.")
            return
        }
        for item in recorded {
            print("\(item.queue)  \(item.jobID): \(item.reason)")
        }
        print("\(recorded.count) mensagem(ns) registrada(s) como morta(s): veja gsan dlq list.")
    }
}

/// Prints what a replay or discard did; exit 1 when any id was refused. A broker that
/// could not be cleaned is a warning (the database change stands), not a failure.
private func finish(_ outcome: JobAdmin.Outcome, nothing: String) throws {
    if outcome.affected.isEmpty && outcome.refused.isEmpty && !nothing.isEmpty {
        print(nothing)
        return
    }
    print(JobAdmin.render(outcome))
    if !outcome.refused.isEmpty {
        OperationsSupport.printError("\(outcome.refused.count) job(s) recusado(s); veja acima.")
        throw ExitCode.failure
    }
}
