import AMQP
import Foundation
import Logging
import CoreMetrics
import Metrics
import Postgres

/// What the whole fleet looks like from the job table and the broker: the outbox, the
/// jobs queued per family, the attempts running past their kind's timeout. Read by the
/// metrics sampler (``FleetSampler``) and by `gsan doctor`.
public enum FleetHealth {
    /// The outbox: rows not yet published.
    public struct OutboxState: Sendable, Hashable {
        public var pending: Int
        /// Seconds since the oldest pending row was created (0 when none), by the database's clock.
        public var oldestAge: Double

        public init(pending: Int, oldestAge: Double) {
            self.pending = pending
            self.oldestAge = oldestAge
        }
    }

    /// A family's jobs waiting to run: in the outbox, or published and not yet claimed.
    public struct FamilyQueued: Sendable, Hashable {
        public var family: String
        public var pending: Int
        public var published: Int
        /// Seconds since the longest-published job of the family was published (nil when none is).
        public var oldestPublishedAge: Double?

        public init(family: String, pending: Int, published: Int, oldestPublishedAge: Double?) {
            self.family = family
            self.pending = pending
            self.published = published
            self.oldestPublishedAge = oldestPublishedAge
        }
    }

    /// An attempt still `running` past its kind's timeout plus a grace: its worker died, or
    /// hangs; the next delivery of its message (the broker redelivers it when the worker's
    /// connection closes) records the interruption.
    public struct Overdue: Sendable, Hashable {
        public var id: String
        public var kind: String
        public var family: String
        /// Seconds since the attempt started.
        public var runningFor: Double
        public var worker: String?

        public init(id: String, kind: String, family: String, runningFor: Double, worker: String?) {
            self.id = id
            self.kind = kind
            self.family = family
            self.runningFor = runningFor
            self.worker = worker
        }
    }

    /// One index-only read of the outbox (the partial index `job_outbox`).
    public static func outbox(db: PostgresConnection) throws -> OutboxState {
        let row = try db.query(
            """
            SELECT count(*), coalesce(greatest(0, extract(epoch FROM now() - min(created_at))), 0)::float8
            FROM jobs.job WHERE state = 'pending'
            """
        ).first
        guard let row else { return OutboxState(pending: 0, oldestAge: 0) }
        let (pending, age) = try row.decode((Int, Double).self)
        return OutboxState(pending: pending, oldestAge: age)
    }

    /// Jobs pending or published, per family (families with none are absent).
    public static func queued(db: PostgresConnection) throws -> [FamilyQueued] {
        try db.query(
            """
            SELECT family, count(*) FILTER (WHERE state = 'pending'), count(*) FILTER (WHERE state = 'published'),
                   greatest(0, extract(epoch FROM now() - min(published_at) FILTER (WHERE state = 'published')))::float8
            FROM jobs.job WHERE state IN ('pending', 'published')
            GROUP BY family ORDER BY family
            """
        ).map { row in
            let (family, pending, published, age) = try row.decode((String, Int, Int, Double?).self)
            return FamilyQueued(family: family, pending: pending, published: published, oldestPublishedAge: age)
        }
    }

    /// Attempts running longer than their kind's timeout plus `grace` (`timeout` answers
    /// per kind; a kind it does not know gets `defaultTimeout`), the longest first.
    public static func runningPastTimeout(
        grace: Duration, defaultTimeout: Duration = .seconds(300), timeout: (String) -> Duration?, db: PostgresConnection
    ) throws -> [Overdue] {
        try running(db: db).filter { job in
            let limit = (timeout(job.kind) ?? defaultTimeout) + grace
            return job.runningFor > Double(limit.components.seconds)
        }
    }

    /// Every attempt now `running`, the longest first, with the worker that claimed it (`host:pid …`).
    public static func running(db: PostgresConnection) throws -> [Overdue] {
        try db.query(
            """
            SELECT id, kind, family, greatest(0, extract(epoch FROM now() - started_at))::float8, worker
            FROM jobs.job WHERE state = 'running' AND started_at IS NOT NULL
            ORDER BY started_at, id
            """
        ).map { row in
            let (id, kind, family, seconds, worker) = try row.decode((String, String, String, Double, String?).self)
            return Overdue(id: id, kind: kind, family: family, runningFor: seconds, worker: worker)
        }
    }
}

/// Reads the fleet gauges every `interval` on a thread of its own (its own connections):
/// the outbox (``JobMetrics/outboxPending``, ``JobMetrics/outboxOldestSeconds``) and every
/// queue of the topology (``JobMetrics/queueMessages``, ``JobMetrics/queueConsumers``).
/// Every process that serves metrics runs one, so the picture survives any one of them;
/// the dashboard takes the maximum over instances.
public struct FleetSampler: Sendable {
    public var amqpURL: String?
    public var databaseURL: String
    public var topology: Topology
    public var interval: Duration
    var logger: Logger

    public init(amqpURL: String?, databaseURL: String, topology: Topology, interval: Duration, logger: Logger) {
        self.amqpURL = amqpURL
        self.databaseURL = databaseURL
        self.topology = topology
        self.interval = interval
        self.logger = logger
    }

    /// Blocks the calling thread (not Swift's pool) until `stop`.
    public func run(until stop: StopSignal) {
        var db: PostgresConnection?
        var broker: AMQPConnection?
        var databaseReconnects = ReconnectCounter(server: "postgresql", component: "sampler")
        var brokerReconnects = ReconnectCounter(server: "rabbitmq", component: "sampler")
        var warned = false
        while !stop.isRequested {
            var ok = true
            do {
                let connection: PostgresConnection
                if let db { connection = db } else {
                    connection = try PostgresConnection(url: databaseURL, logger: logger, applicationName: "gsan-metricas")
                    databaseReconnects.connected()
                }
                db = connection
                let outbox = try FleetHealth.outbox(db: connection)
                Meter(label: JobMetrics.outboxPending).set(outbox.pending)
                Meter(label: JobMetrics.outboxOldestSeconds).set(outbox.oldestAge)
            } catch {
                ok = false
                db?.close()
                db = nil
                if !warned { logger.warning("métricas: não foi possível ler a outbox", metadata: ["erro": "\(error)"]) }
            }
            if let amqpURL {
                do {
                    let connection: AMQPConnection
                    if let broker { connection = broker } else {
                        connection = try AMQPConnection(url: amqpURL, connectionName: "gsan-metricas")
                        brokerReconnects.connected()
                    }
                    broker = connection
                    for queue in try topology.inspect(connection: connection) {
                        let labels = [("queue", queue.name), ("family", queue.family), ("role", queue.role.label)]
                        Meter(label: JobMetrics.queueMessages, dimensions: labels).set(queue.info?.messageCount ?? 0)
                        Meter(label: JobMetrics.queueConsumers, dimensions: labels).set(queue.info?.consumerCount ?? 0)
                    }
                    // Heartbeats while idle.
                    _ = try connection.nextDelivery(timeout: 0)
                } catch {
                    ok = false
                    broker?.close()
                    broker = nil
                    if !warned { logger.warning("métricas: não foi possível ler as filas", metadata: ["erro": "\(error)"]) }
                }
            }
            warned = !ok
            if ok { Meter(label: JobMetrics.fleetSampledAt).set(Date().timeIntervalSince1970) }
            _ = stop.sleep(interval)
        }
        db?.close()
        broker?.close()
    }
}

// MARK: What gsan doctor warns about

extension FleetHealth {
    /// A doctor's warning: a stable code (tests, scripts) and the message for a person.
    public struct Warning: Sendable, Hashable {
        /// `sem-consumidor`, `publicado-parado`, `outbox-parada`, `execucao-vencida`, `mortos`.
        public var code: String
        public var message: String

        public init(code: String, message: String) {
            self.code = code
            self.message = message
        }
    }

    /// How long before the doctor calls something stuck.
    public struct Thresholds: Sendable, Hashable {
        /// A job `published` this long while its queue is empty.
        public var published: Duration
        /// The outbox's oldest pending row.
        public var outbox: Duration

        public init(published: Duration = .seconds(600), outbox: Duration = .seconds(300)) {
            self.published = published
            self.outbox = outbox
        }
    }

    /// The warnings a picture of the fleet gives, in the order a person acts on them. Pure:
    /// `queues` are the broker's per-family depths (nil where a queue is missing or the broker
    /// was not read).
    public static func warnings(
        queued: [FamilyQueued], queues: [JobAdmin.QueueDepths]?, outbox: OutboxState, overdue: [Overdue], dead: Int,
        thresholds: Thresholds = Thresholds()
    ) -> [Warning] {
        var warnings: [Warning] = []
        let depths = Dictionary((queues ?? []).map { ($0.family, $0) }, uniquingKeysWith: { first, _ in first })
        // Without the broker's picture (it was not reached) the queue checks say nothing.
        for family in queued where queues != nil && family.pending + family.published > 0 {
            let depth = depths[family.family]
            let queue = Topology.workQueue(family.family)
            if (depth?.consumers ?? 0) == 0 {
                let waiting = family.pending + family.published
                warnings.append(
                    Warning(
                        code: "sem-consumidor",
                        message:
                            "família \(family.family): \(waiting) job(s) esperando (\(family.pending) na outbox, "
                            + "\(family.published) publicados) e nenhum worker consumindo a fila \(queue)"
                            + (depth?.work == nil ? " (a fila não existe)" : "")
                            + ". Inicie um worker da família (gsan-\(family.family)) ou confira se os workers alcançam o "
                            + "RabbitMQ (docs/operacao.md, \"Um aviso do doctor\")."))
                continue
            }
            if let age = family.oldestPublishedAge, age > seconds(thresholds.published), depth?.work == 0 {
                warnings.append(
                    Warning(
                        code: "publicado-parado",
                        message:
                            "família \(family.family): \(family.published) job(s) publicados, o mais antigo há "
                            + "\(describe(age)), e a fila \(queue) está vazia: as mensagens se perderam no broker "
                            + "(fila apagada ou recriada?). Republique-os: gsan jobs republicar --familia \(family.family)"))
            }
        }
        if outbox.pending > 0, outbox.oldestAge > seconds(thresholds.outbox) {
            warnings.append(
                Warning(
                    code: "outbox-parada",
                    message:
                        "a outbox não anda: \(outbox.pending) job(s) não publicados, o mais antigo há \(describe(outbox.oldestAge)). "
                        + "Nenhum relay está publicando: inicie o gsan-scheduler (ou um worker sem --sem-relay) e "
                        + "confira a conexão dele com o RabbitMQ."))
        }
        if !overdue.isEmpty {
            let shown = overdue.prefix(5).map { job in
                "\(job.id) (\(job.kind), há \(describe(job.runningFor))" + (job.worker.map { ", \(workerName($0))" } ?? "") + ")"
            }
            warnings.append(
                Warning(
                    code: "execucao-vencida",
                    message:
                        "\(overdue.count) job(s) em execução além do tempo limite do tipo: " + shown.joined(separator: "; ")
                        + (overdue.count > 5 ? "; …" : "")
                        + ". O worker caiu ou travou: a mensagem volta à fila quando a conexão dele cai (reinicie-o); "
                        + "a próxima tentativa registra a interrupção."))
        }
        if dead > 0 {
            warnings.append(
                Warning(
                    code: "mortos",
                    message:
                        "\(dead) job(s) mortos esperando uma decisão: gsan dlq list; corrija a causa e gsan dlq replay, "
                        + "ou gsan dlq discard --motivo."))
        }
        return warnings
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// "40 s", "12 min", "3 h 5 min", "2 dias".
    public static func describe(_ seconds: Double) -> String {
        let s = Int(seconds.rounded(.down))
        if s < 60 { return "\(s) s" }
        if s < 3_600 { return "\(s / 60) min" }
        if s < 86_400 { return s % 3_600 >= 60 ? "\(s / 3_600) h \(s % 3_600 / 60) min" : "\(s / 3_600) h" }
        return s / 86_400 == 1 ? "1 dia" : "\(s / 86_400) dias"
    }

    /// The worker column without the log place and the isolation mark.
    public static func workerName(_ recorded: String) -> String {
        var name = recorded
        if let range = name.range(of: " log=") { name = String(name[..<range.lowerBound]) }
        if let range = name.range(of: " [isolado ") { name = String(name[..<range.lowerBound]) }
        return "worker " + name
    }
}
