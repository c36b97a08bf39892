import AMQP
import Foundation

/// The broker side of the job operations: the dead-letter copies of the jobs a replay or
/// a discard changed, and the queues' depths per family.
extension JobAdmin {
    /// Removes, from the families' dead-letter queues, the copies of the jobs `outcome`
    /// changed; a broker that cannot be reached or fails midway becomes a warning on the
    /// outcome (the database change has already committed and stands).
    public static func removeBrokerCopies(_ outcome: inout Outcome, broker: () throws -> AMQPConnection) {
        guard !outcome.affected.isEmpty else { return }
        // A replay moved the job to the next generation: copies up to the previous one go.
        // A copy of a newer generation (the replayed job already died again) stays.
        var upTo: [String: Int] = [:]
        for job in outcome.affected {
            upTo[job.id] = outcome.action == .replay ? job.generation - 1 : job.generation
        }
        let families = Array(Set(outcome.affected.map(\.family))).sorted()
        do {
            let connection = try broker()
            outcome.brokerCopiesRemoved = try removeDeadLetterCopies(
                upTo: upTo, families: families, connection: connection)
        } catch {
            let queues = families.map(Topology.deadQueue).joined(separator: ", ")
            outcome.brokerWarning =
                "não foi possível limpar o RabbitMQ (\(error)): as cópias destes jobs continuam na fila de mortos "
                + "(\(queues)). O banco já registra a mudança, que vale; as cópias são só para leitura e podem ser "
                + "removidas depois."
        }
    }

    /// Fetches (`basic.get`, manual ack) every message in each family's dead queue, acks
    /// the copies of the given jobs whose generation is at most the one named, and closes
    /// the channel, which puts every other message back untouched. A family without a
    /// dead queue (404) has nothing to remove. Returns how many copies were acked.
    static func removeDeadLetterCopies(upTo: [String: Int], families: [String], connection: AMQPConnection) throws
        -> Int
    {
        var removed = 0
        for family in families {
            let queue = Topology.deadQueue(family)
            let channel = try connection.openChannel()
            do {
                // Bounded by the depth now: messages dead-lettered meanwhile wait for the next run.
                let depth = try channel.declareQueue(queue, passive: true).messageCount
                var fetched = 0
                while fetched < depth, let delivery = try channel.get(queue: queue) {
                    fetched += 1
                    guard let limit = upTo[JobExecutor.jobID(of: delivery)] else { continue }
                    let generation = delivery.properties.headers["x-gsan-geracao"]?.int64Value ?? 0
                    guard generation <= Int64(limit) else { continue }
                    try channel.ack(delivery.deliveryTag)
                    removed += 1
                }
                channel.close()
            } catch let error as AMQPError where error.kind == .channelClosed && error.replyCode == 404 {
                continue
            } catch {
                channel.close()
                throw error
            }
        }
        return removed
    }

    /// The per-family depths out of ``Topology/inspect(connection:)``.
    public static func queueDepths(
        _ queues: [(name: String, family: String, role: QueueRole, info: AMQPChannel.QueueInfo?)]
    ) -> [QueueDepths] {
        queueDepths(
            counts: queues.map {
                (family: $0.family, role: $0.role, messages: $0.info?.messageCount, consumers: $0.info?.consumerCount)
            })
    }

    /// The per-family depths from each queue's family, role and counts (nil: the queue does
    /// not exist).
    public static func queueDepths(
        counts queues: [(family: String, role: QueueRole, messages: Int?, consumers: Int?)]
    ) -> [QueueDepths] {
        var families: [String] = []
        for queue in queues where !families.contains(queue.family) { families.append(queue.family) }
        return families.map { family in
            let mine = queues.filter { $0.family == family }
            let work = mine.first { $0.role == .work }
            let retries = mine.filter { $0.role.isDelay }
            // Known only when every delay queue's depth is known.
            let depths = retries.compactMap(\.messages)
            let retrying: Int? = depths.count == retries.count ? depths.reduce(0, +) : nil
            let dead = mine.first { $0.role == .dead }
            return QueueDepths(
                family: family, work: work?.messages, consumers: work?.consumers, retrying: retrying,
                dead: dead?.messages)
        }
    }
}
