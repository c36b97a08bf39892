import Foundation
import GSANSupport
import Logging
import Postgres

/// One leader among several processes, through a PostgreSQL session advisory lock held on
/// a connection of its own: the server releases it the moment that connection dies, so a
/// standby takes over within about `checkInterval` of the leader's death.
///
/// Leadership avoids duplicate work, it does not carry correctness: what a leader enqueues
/// has deterministic ids (enqueueing twice is one job), so the short overlap when a
/// leader's connection drops while it is mid-tick costs nothing.
public struct LeaderLock: Sendable {
    public var databaseURL: String
    /// The lock's key: one per role (the scheduler's is ``schedulerKey``).
    public var key: Int64
    public var checkInterval: Duration
    var logger: Logger

    /// `hashtext('gsan-scheduler')` would do too; a constant is easier to find in pg_locks.
    public static let schedulerKey: Int64 = 0x6773_616E_5343  // "gsanSC"

    public init(databaseURL: String, key: Int64, checkInterval: Duration = .seconds(1), logger: Logger) {
        self.databaseURL = databaseURL
        self.key = key
        self.checkInterval = checkInterval
        self.logger = logger
    }

    /// Waits as standby until the lock is free, then runs `lead` while holding it. `lead`
    /// gets a stop signal that fires when `stop` does or when the lock's connection is lost
    /// (leadership gone); it must return soon after. Then it goes back to standby, unless
    /// `stop` was requested. Runs on the calling thread.
    public func run(until stop: StopSignal, lead: @escaping @Sendable (StopSignal) -> Void) {
        var backoff = Backoff(initial: checkInterval, maximum: .seconds(10))
        var announcedStandby = false
        while !stop.isRequested {
            let connection: PostgresConnection
            do {
                connection = try PostgresConnection(url: databaseURL, logger: logger, applicationName: "gsan-leader")
            } catch {
                logger.warning("PostgreSQL indisponível para a liderança; nova tentativa", metadata: ["erro": "\(error)"])
                Prazo.anotar("PostgreSQL indisponível: \(error)")
                _ = stop.sleep(backoff.next())
                continue
            }
            backoff.reset()
            do {
                while !stop.isRequested {
                    let acquired = try connection.query("SELECT pg_try_advisory_lock($1)", [key]).first?.decode(Bool.self, at: 0) ?? false
                    if acquired { break }
                    if !announcedStandby {
                        logger.info("outro processo é o líder; aguardando em espera")
                        Prazo.anotar("outro processo segura a liderança (pg_try_advisory_lock \(key))")
                        announcedStandby = true
                    }
                    _ = stop.sleep(checkInterval)
                }
                if stop.isRequested { break }
                announcedStandby = false
                logger.info("liderança assumida")
                hold(connection, until: stop, running: lead)
                logger.info("liderança deixada")
            } catch {
                logger.warning("conexão da liderança perdida", metadata: ["erro": "\(error)"])
            }
            connection.close()  // releases the lock if still held
        }
    }

    /// Runs `lead` on a thread of its own while this thread watches the lock's connection.
    private func hold(_ connection: PostgresConnection, until stop: StopSignal, running lead: @escaping @Sendable (StopSignal) -> Void) {
        let leading = StopSignal()
        let work = DedicatedThread(name: "gsan-leader-work") { lead(leading) }
        while !work.join(until: .now() + .milliseconds(checkInterval.milliseconds)) {
            if stop.isRequested {
                leading.request()
                continue
            }
            do {
                _ = try connection.query("SELECT 1")
            } catch {
                logger.error("liderança perdida: a conexão que segura o lock caiu", metadata: ["erro": "\(error)"])
                leading.request()
            }
        }
    }
}
