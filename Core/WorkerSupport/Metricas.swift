import ArgumentParser
import FlyingFox
import FlyingSocks
import Foundation
import GSANSupport
import JobRuntime
import Logging
import CoreMetrics
import Metrics
import Prometheus
import ServiceLifecycle

/// The flags of the metrics endpoint, shared by every worker, the scheduler and `gsan-campo servir`.
public struct MetricsOptions: ParsableArguments {
    @Option(
        name: .customLong("metricas-porta"),
        help: "Porta em que servir GET /metrics (formato do Prometheus; docs/metricas.md). Sem ela, nenhuma.")
    public var port: UInt16?

    @Option(name: .customLong("metricas-endereco"), help: "Endereço IPv4 do /metrics (0.0.0.0 num contêiner).")
    public var address = "127.0.0.1"

    @Option(
        name: .customLong("metricas-intervalo"),
        help: "Segundos entre as leituras da outbox e das filas (1 a 30).")
    public var interval = 15.0

    public init() {}

    public func validate() throws {
        if port == 0 { throw ValidationError("--metricas-porta deve estar entre 1 e 65535") }
        guard (1...30).contains(interval) else { throw ValidationError("--metricas-intervalo deve estar entre 1 e 30 segundos") }
        guard (try? sockaddr_in.inet(ip4: address, port: 1)) != nil else {
            throw ValidationError("--metricas-endereco inválido: \(address) (use um endereço IPv4, ex.: 0.0.0.0)")
        }
    }

    /// The endpoint these flags ask for (nil without `--metricas-porta`). `fleet` is what the
    /// sampler reads (nil: only this process's own metrics, as `gsan-campo servir`).
    public func endpoint(fleet: FleetSampler.Source?, logger: Logger) -> MetricsEndpoint? {
        guard let port else { return nil }
        return MetricsEndpoint(
            address: address, port: port, sampler: fleet.map { FleetSampler(source: $0, interval: interval, logger: logger) },
            logger: logger)
    }
}

extension FleetSampler {
    /// The servers and topology a sampler reads.
    public struct Source: Sendable {
        public var amqpURL: String?
        public var databaseURL: String
        public var topology: Topology

        public init(amqpURL: String?, databaseURL: String, topology: Topology) {
            self.amqpURL = amqpURL
            self.databaseURL = databaseURL
            self.topology = topology
        }
    }

    init(source: Source, interval: Double, logger: Logger) {
        self.init(
            amqpURL: source.amqpURL, databaseURL: source.databaseURL, topology: source.topology,
            interval: .milliseconds(Int(interval * 1000)), logger: logger)
    }
}

/// GET /metrics over FlyingFox (the HTTP library `gsan-campo` already serves with), in
/// Prometheus's text format: whatever the process counted through swift-metrics, its
/// resident memory, and (with a sampler) the fleet's outbox and queues.
public struct MetricsEndpoint: Service {
    public static let path = "/metrics"

    let address: String
    let port: UInt16
    let sampler: FleetSampler?
    let logger: Logger

    /// The process's registry; the swift-metrics backend from the first ``bootstrap()`` on.
    public static let registry = PrometheusCollectorRegistry()
    private static let bootstrapLock = NSLock()
    nonisolated(unsafe) private static var bootstrapped = false

    /// Makes the Prometheus registry swift-metrics' backend, once per process, with the
    /// histograms' buckets of docs/metricas.md.
    public static func bootstrap() {
        let first = bootstrapLock.withLock { () -> Bool in
            defer { bootstrapped = true }
            return !bootstrapped
        }
        guard first else { return }
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = [
            JobMetrics.handlerSeconds: JobMetrics.handlerBuckets, JobMetrics.latencySeconds: JobMetrics.latencyBuckets,
            CampoMetricas.duracao: JobMetrics.handlerBuckets,
        ]
        MetricsSystem.bootstrap(factory)
    }

    /// The exposition text: the process gauges read now, then the registry.
    public static func scrape() -> [UInt8] {
        if let resident = ProcessoAtual.memoriaResidente() {
            Meter(label: "process_resident_memory_bytes").set(resident)
        }
        return registry.emitToBuffer()
    }

    public func run() async throws {
        Self.bootstrap()
        let server = HTTPServer(
            config: HTTPServer.Configuration(
                address: try sockaddr_in.inet(ip4: address, port: port), timeout: 10, logger: .disabled))
        await server.appendRoute(HTTPRoute(method: .GET, path: Self.path)) { _ in
            HTTPResponse(
                statusCode: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: Data(Self.scrape()))
        }
        let stop = StopSignal()
        let thread = sampler.map { sampler in DedicatedThread(name: "gsan-metricas") { sampler.run(until: stop) } }
        defer {
            _ = stop.request()
            thread?.join()
        }
        logger.info("métricas em http://\(address):\(port)\(Self.path)")
        // Stopping closes the listening socket under the server, which then throws: not an
        // error then. Any other end (the port taken) is, and stops the process.
        let stopping = StopSignal()
        try await withGracefulShutdownHandler {
            do {
                try await server.run()
            } catch {
                if stopping.isRequested || Task.isCancelled { return }
                logger.error("métricas: o servidor HTTP parou", metadata: ["erro": "\(error)"])
                throw error
            }
        } onGracefulShutdown: {
            _ = stopping.request()
            Task { await server.stop(timeout: 1) }
        }
    }
}

/// What `gsan-campo servir` counts of the phones' requests (bounded labels: the packet code,
/// `ok` or `erro`).
public enum CampoMetricas {
    public static let pedidos = "gsan_campo_requests_total"
    public static let duracao = "gsan_campo_request_seconds"

    public static func registrar(pacote: String, ok: Bool, duracao tempo: Duration) {
        let labels = [("packet", pacote), ("result", ok ? "ok" : "erro")]
        Counter(label: pedidos, dimensions: labels).increment()
        let (seconds, attoseconds) = tempo.components
        Timer(label: duracao, dimensions: [("packet", pacote)]).recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

/// The running process, read from /proc.
enum ProcessoAtual {
    /// Resident set size in bytes (`/proc/self/statm`, second field × page size).
    static func memoriaResidente() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count >= 2, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
