import AMQP
import Foundation
import Postgres

/// The operations over the job record that `gsan jobs`, `gsan job show` and `gsan dlq`
/// run: read the record, replay or discard dead jobs, and tidy the broker's dead-letter
/// copies afterwards.
///
/// Every function blocks: call it on the thread that owns the connections. The database
/// is the record; the broker's dead-letter queues only hold copies for a person to read.
public enum JobAdmin {
    /// The states of a job, in the order a person reads them (a job's life, then its ends).
    public static let states = ["pending", "published", "running", "waiting", "retrying", "done", "dead", "discarded"]

    /// The kind given to the record of a message that was not a job at all (see
    /// `JobExecutor`): it can only be discarded, never replayed.
    public static let invalidKind = "invalida"

    /// How many children of a job `show` lists by id (those not done).
    public static let openChildrenShown = 20

    /// How many recent failures `summary` brings.
    public static let recentFailuresShown = 10
}
