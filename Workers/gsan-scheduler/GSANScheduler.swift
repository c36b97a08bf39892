import ArgumentParser
import Contratos
import Foundation
import GSANModel
import GSANSupport
import JobRuntime
import Logging
import Postgres
import ServiceLifecycle
import UnixSignals
import WorkerSupport

/// `gsan-scheduler`: turns the collection schedules into jobs and relays the outbox.
/// Several may run: one leads (a PostgreSQL advisory lock), the others wait and take over
/// within about a second of the leader's death.
@main
struct GSANScheduler: AsyncParsableCommand {
    /// Refusals in Portuguese (``LinhaDeComando``).
    static func main() async { await LinhaDeComando.executar(Self.self) }

    static let configuration = CommandConfiguration(
        commandName: "gsan-scheduler",
        abstract: "Despacha as atividades de cobrança comandadas, inicia os fechamentos do calendário de faturamento e publica a outbox (um líder por vez).")

    @Option(name: .customLong("intervalo"), help: "Segundos entre as passagens.") var interval = 60.0
    @Flag(name: .customLong("once"), help: "Uma passagem e sai (para o cron); publica a outbox antes de sair.") var once = false
    @Flag(
        name: .customLong("ate-em-dia"),
        help: "Passa, espera o trabalho despachado terminar e passa de novo, dia a dia, até não haver nada a despachar nem em curso; então sai.")
    var ateEmDia = false
    @Option(name: .customLong("hoje"), help: "Data de hoje, DD/MM/AAAA (padrão: a data do relógio, em Brasília).") var hoje: String?
    @Option(name: .customLong("log"), help: "Nível de log.") var logLevel = "info"
    @Option(
        name: .customLong("prazo"),
        help: "Com --once ou --ate-em-dia: desiste depois destes segundos (servidor fora do ar, senha errada, outro líder), com saída 124.")
    var prazo = Prazo.padrao
    @Option(
        name: .customLong("retencao-dias"),
        help: "Uma vez por dia, apaga da tabela de jobs as árvores terminadas há mais destes dias (gsan jobs limpar); 0 desliga.")
    var retencaoDias = 90
    @OptionGroup var metrics: MetricsOptions

    func validate() throws {
        guard interval >= 0.1 else { throw ValidationError("--intervalo deve ser ao menos 0,1 s") }
        if let hoje, CivilDate(brazilian: hoje) == nil { throw ValidationError("--hoje inválida: \(hoje) (use DD/MM/AAAA)") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log inválido: \(logLevel)") }
        guard prazo >= 1, prazo <= 86_400 else { throw ValidationError("--prazo deve estar entre 1 e 86400 segundos") }
        guard retencaoDias == 0 || (7...3_650).contains(retencaoDias) else {
            throw ValidationError("--retencao-dias deve ser 0 (desligada) ou de 7 a 3650")
        }
    }

    func run() async throws {
        bootstrapLogging(level: Logger.Level(rawValue: logLevel) ?? .info)
        let logger = Logger(label: "gsan.scheduler")
        let modo: Modo = ateEmDia ? .ateEmDia : once ? .umaPassagem : .continuo
        if let programa = modo.programa { Prazo.iniciar(prazo, programa: programa) }
        let environment = GSANEnvironment()
        let scheduler = Scheduler(
            amqpURL: try environment.amqpURL, databaseURL: try environment.databaseURL,
            interval: .milliseconds(Int(interval * 1000)), modo: modo,
            hoje: hoje.flatMap(CivilDate.init(brazilian:)), retencaoDias: retencaoDias, logger: logger)
        let stop = StopSignal()
        let service = BlockingService(
            name: "gsan-scheduler", run: { scheduler.run(until: stop) }, stop: { stop.request() })
        // With --once or --ate-em-dia the service returns on its own: that ends the group normally.
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: service, successTerminationBehavior: .gracefullyShutdownGroup)
        ]
        if let endpoint = metrics.endpoint(
            fleet: .init(amqpURL: scheduler.amqpURL, databaseURL: scheduler.databaseURL, topology: Topology.gsan()), logger: logger)
        {
            MetricsEndpoint.bootstrap()
            services.append(.init(service: endpoint))
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        if let programa = modo.programa, let failure = scheduler.outcome.failure {
            FileHandle.standardError.write(Data("\(programa): a passagem falhou: \(redactingPassword(failure))\n".utf8))
            throw ExitCode.failure
        }
    }
}

/// How the `--once` or `--ate-em-dia` passes ended (read after the service group returns).
final class PassOutcome: @unchecked Sendable {
    private let lock = NSLock()
    private var _failure: String?
    var failure: String? { lock.withLock { _failure } }
    func fail(_ message: String) { lock.withLock { _failure = message } }
    func succeed() { lock.withLock { _failure = nil } }
}

/// How the scheduler passes.
enum Modo: Sendable {
    /// A pass every interval, for ever (the service).
    case continuo
    /// One pass, the outbox published, and out (cron).
    case umaPassagem
    /// Passes until nothing is left to dispatch or running (a day caught up with, `--hoje` moving
    /// through a month): the next pass as soon as the work dispatched before it finished.
    case ateEmDia

    /// The command line a pass that ends on its own is named by (its --prazo, its failure); nil for the service.
    var programa: String? {
        switch self {
        case .continuo: nil
        case .umaPassagem: "gsan-scheduler --once"
        case .ateEmDia: "gsan-scheduler --ate-em-dia"
        }
    }
}

/// Standby until it leads; while leading, the outbox relay and the passes.
struct Scheduler: Sendable {
    var amqpURL: String
    var databaseURL: String
    var interval: Duration
    var modo: Modo
    var hoje: CivilDate?
    var retencaoDias: Int
    var logger: Logger
    let outcome = PassOutcome()

    func run(until stop: StopSignal) {
        LeaderLock(databaseURL: databaseURL, key: LeaderLock.schedulerKey, logger: logger)
            .run(until: stop) { leading in lead(until: leading, stopAll: stop) }
    }

    /// The day's retention of the job table, at most 20 s per pass (the passes go on between
    /// slices). Returns whether the day's work is complete.
    private func retention(today: CivilDate, db: PostgresConnection) throws -> Bool {
        let cutoff = today.adding(days: -retencaoDias)
        let outcome = try JobRetention.purge(before: cutoff.inicio(), batchSize: 500, budget: .seconds(20), db: db)
        if outcome.trees > 0 || outcome.complete {
            logger.info(
                "retenção da tabela de jobs",
                metadata: [
                    "antes": "\(cutoff)", "arvores": "\(outcome.trees)", "jobs": "\(outcome.jobs)", "eventos": "\(outcome.events)",
                    "mantidas": "\(outcome.keptTrees)", "completa": "\(outcome.complete)",
                ])
        }
        return outcome.complete
    }

    /// While leader: the relay on a thread of its own, the ticks on this one.
    private func lead(until leading: StopSignal, stopAll: StopSignal) {
        let relayStop = StopSignal()
        let relay = OutboxRelayLoop(
            amqpURL: amqpURL, databaseURL: databaseURL, name: "scheduler:\(ProcessInfo.processInfo.processIdentifier)",
            topology: Topology.gsan(), logger: logger)
        let relayThread = DedicatedThread(name: "gsan-relay") { relay.run(until: relayStop) }
        defer {
            relayStop.request()
            relayThread.join()
        }

        var db: PostgresConnection?
        var retentionDoneOn: CivilDate?
        var caughtUp = CatchUp()
        while !leading.isRequested {
            do {
                let connection = try db ?? PostgresConnection(url: databaseURL, logger: logger, applicationName: "gsan-scheduler")
                db = connection
                let today = hoje ?? CivilDate.hoje()
                // --ate-em-dia: what was in flight before the pass (after it, work that finished during
                // the pass would look like a day caught up with though the pass could not dispatch its successor).
                let emCursoAntes = modo == .ateEmDia ? try JobRecords.inFlight(db: connection) : 0
                let pass = try Tick(hoje: today, logger: logger).run(db: connection)
                logger.info(
                    "passagem concluída",
                    metadata: [
                        "jobs": "\(pass.enqueued)", "realizadas": "\(pass.realized)", "fechamentos": "\(pass.closes)",
                        "hoje": "\(today.iso)",
                    ])
                outcome.succeed()
                if retencaoDias > 0, retentionDoneOn != today, modo == .continuo {
                    retentionDoneOn = try retention(today: today, db: connection) ? today : nil
                }
                if modo == .ateEmDia {
                    switch caughtUp.next(after: pass, emCursoAntes: emCursoAntes) {
                    case .passAgain: continue
                    case .wait:
                        // Nothing to dispatch while the work dispatched before runs: the next pass when it ends.
                        while try JobRecords.inFlight(db: connection) > 0, !leading.sleep(.milliseconds(20)) {}
                        continue
                    case .done:
                        print("\(today): em dia — \(caughtUp.passes) passagem(ns), \(caughtUp.enqueued) job(s) enfileirado(s)")
                        stopAll.request()
                        return
                    }
                }
            } catch {
                logger.error("passagem falhou; nova tentativa na próxima", metadata: ["erro": "\(error)"])
                Prazo.anotar("\(error)")
                outcome.fail("\(error)")
                db = nil
            }
            if modo == .umaPassagem {
                // The relay publishes what this pass enqueued (it is LISTENing), then leave: at most 2 s.
                let deadline = ContinuousClock.now + .seconds(2)
                while ContinuousClock.now < deadline, let db, (try? JobRecords.count(.pending, db: db)) ?? 0 > 0 {
                    _ = leading.sleep(.milliseconds(50))
                }
                stopAll.request()
                return
            }
            // --ate-em-dia tries a failed pass again within a second (its --prazo bounds the whole).
            _ = leading.sleep(modo == .ateEmDia ? min(interval, .seconds(1)) : interval)
        }
    }
}

/// `--ate-em-dia`'s bookkeeping: pass again at once while a pass dispatches something; when one
/// dispatches nothing, the day is caught up if nothing was pending, published, running or
/// retrying when that pass began (a parent waiting on its children counts through them; a dead
/// job counts as finished — `gsan ciclo mostrar --estrito` and `gsan dlq` show it); otherwise
/// wait for that work and pass again. Counted before the pass, not after: work that ends while
/// the pass runs held back what the pass could dispatch.
struct CatchUp {
    enum Step: Equatable { case passAgain, wait, done }
    private(set) var passes = 0
    private(set) var enqueued = 0

    mutating func next(after pass: (enqueued: Int, realized: Int, closes: Int), emCursoAntes: Int) -> Step {
        passes += 1
        enqueued += pass.enqueued
        if pass.enqueued + pass.realized + pass.closes > 0 { return .passAgain }
        return emCursoAntes == 0 ? .done : .wait
    }
}
