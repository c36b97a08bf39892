import ArgumentParser
import Contratos
import Foundation
import GSANSupport
import JobRuntime
import Logging
import ServiceLifecycle
import UnixSignals

/// The flags every worker executable shares.
public struct WorkerOptions: ParsableArguments {
    @Option(name: .customLong("familia"), help: "Família de filas a consumir (repetível). Padrão: a do worker.")
    public var families: [String] = []

    @Option(name: .customLong("concorrencia"), help: "Jobs em paralelo (threads, cada uma com sua conexão ao PostgreSQL).")
    public var concurrency = 4

    @Option(name: .customLong("prefetch"), help: "Mensagens não confirmadas que o broker entrega de antemão (padrão: 2 × concorrência).")
    public var prefetch: Int?

    @Flag(name: .customLong("sem-relay"), help: "Não publica a outbox neste processo (outro processo o faz).")
    public var withoutRelay = false

    @Option(name: .customLong("prazo-parada"), help: "Segundos para terminar os jobs em andamento após SIGTERM/SIGINT.")
    public var shutdownGrace = 30.0

    @Option(
        name: .customLong("atrasos"),
        help: "Esperas entre tentativas, em ms, separadas por vírgula (devem ser as mesmas em todos os processos).")
    public var retryDelays: String?

    @Option(name: .customLong("nome"), help: "Nome deste worker nos registros (padrão: host:pid).")
    public var name: String?

    @Option(name: .customLong("log"), help: "Nível de log: trace, debug, info, notice, warning, error.")
    public var logLevel = "info"

    @OptionGroup public var metrics: MetricsOptions

    public init() {}

    public func validate() throws {
        guard concurrency >= 1, concurrency <= 256 else { throw ValidationError("--concorrencia deve estar entre 1 e 256") }
        if let prefetch, prefetch < concurrency || prefetch > 65_535 {
            throw ValidationError("--prefetch deve estar entre a concorrência e 65535")
        }
        guard shutdownGrace >= 0 else { throw ValidationError("--prazo-parada não pode ser negativo") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log inválido: \(logLevel)") }
        _ = try delays()
        for family in families { try Self.validarFamilia(family, privada: retryDelays != nil) }
    }

    /// A family is one of the catalogue's (``Catalogo/familias``); a private one (a test's, a
    /// benchmark's, with queues of its own) only with `--atrasos`, and named like a queue
    /// segment: lowercase letters, digits, `-` and `_`, up to 64. Otherwise no queue is
    /// declared for a typo.
    static func validarFamilia(_ family: String, privada: Bool) throws {
        if Catalogo.familias.contains(family) { return }
        let valido = !family.isEmpty && family.count <= 64 && family.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
        }
        let nome = String(family.unicodeScalars.prefix(80).map { $0.properties.generalCategory == .control ? "?" : Character($0) })
        guard valido, privada else {
            throw ValidationError(
                "--familia \(nome) não é uma família: use " + Catalogo.familias.joined(separator: ", ")
                    + (valido ? " (uma família própria, de teste, só com --atrasos)"
                        : " (uma família própria só com letras minúsculas, dígitos, - e _, até 64, e --atrasos)"))
        }
    }

    func delays() throws -> [Int] {
        guard let retryDelays else { return Topology.defaultRetryDelays }
        let values = retryDelays.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ ($0 ?? 0) > 0 }) else {
            throw ValidationError("--atrasos: informe milissegundos positivos separados por vírgula, ex.: 2000,10000,60000")
        }
        return values.compactMap { $0 }
    }

    /// Runs a worker with `registry` until SIGTERM or SIGINT, then stops it gracefully.
    public func run(registry: JobRegistry, defaultFamilies: [String], label: String) async throws {
        bootstrapLogging(level: Logger.Level(rawValue: logLevel) ?? .info)
        let logger = Logger(label: label)
        let environment = GSANEnvironment()
        let families = families.isEmpty ? defaultFamilies : families
        // Custom delays make other retry queues: then only this worker's families are
        // declared, so the standard families keep the standard ones.
        let topology = Topology(
            families: retryDelays == nil ? Array(Set(Catalogo.familias + families)).sorted() : families,
            retryDelays: try delays())
        let configuration = WorkerConfiguration(
            amqpURL: try environment.amqpURL, databaseURL: try environment.databaseURL, families: families,
            concurrency: concurrency, prefetch: prefetch, topology: topology,
            name: name ?? WorkerConfiguration.defaultName(), runsRelay: !withoutRelay,
            shutdownGrace: .milliseconds(Int(shutdownGrace * 1000)), logPlace: environment.localDoLog)
        let worker = Worker(configuration: configuration, registry: registry, logger: logger)
        let service = BlockingService(name: "gsan-amqp", run: worker.run, stop: worker.stop)
        var services: [any Service] = [service]
        if let endpoint = metrics.endpoint(
            fleet: .init(amqpURL: configuration.amqpURL, databaseURL: configuration.databaseURL, topology: topology), logger: logger)
        {
            MetricsEndpoint.bootstrap()
            services.append(endpoint)
        }
        let group = ServiceGroup(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
    }
}

/// A blocking loop as a service: `run` on a thread of its own, `stop` called on the
/// group's graceful shutdown (SIGTERM/SIGINT); the service ends when `run` returns.
public struct BlockingService: Service {
    let name: String
    let run: @Sendable () -> Void
    let stop: @Sendable () -> Void

    public init(name: String, run: @escaping @Sendable () -> Void, stop: @escaping @Sendable () -> Void) {
        self.name = name
        self.run = run
        self.stop = stop
    }

    public func run() async throws {
        let (name, run) = (self.name, self.run)
        // Stopped gracefully on SIGTERM/SIGINT, and also when the group is cancelled because
        // another service failed (a metrics port already taken): never left running alone.
        try await withTaskCancellationHandler {
            try await withGracefulShutdownHandler {
                try await onDedicatedThread(name: name) { run() }
            } onGracefulShutdown: {
                stop()
            }
        } onCancel: {
            stop()
        }
    }
}
