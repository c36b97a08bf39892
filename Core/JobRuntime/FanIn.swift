import Foundation
import Logging
import Postgres

/// Completion of a job inside its transaction, and the fan-in that follows: a parent is
/// done when its last child is done, counted under the parent's row lock so children
/// finishing at the same instant on different workers each count once.
enum FanIn {
    /// Marks a job done, or waiting while it has unfinished children, with its result and
    /// continuation; returns what the fan-in needs next. Run prepared, once per job.
    static let completeStatement = """
        UPDATE jobs.job
        SET state = CASE WHEN children_done < children_total THEN 'waiting' ELSE 'done' END,
            finished_at = CASE WHEN children_done < children_total THEN NULL ELSE now() END,
            result = $2::jsonb, continuation = COALESCE($3::jsonb, continuation)
        WHERE id = $1::text
        RETURNING state, parent_id, continuation::text, correlation_id
        """

    /// The completion of a job with no parent, no continuation and no children, and the
    /// commit of its transaction, in one round trip. The statement fails (division by
    /// zero, so the pipeline skips the COMMIT and the transaction rolls back) if the job
    /// is not one: a fan-in the caller did not foresee is never skipped.
    static let completeAloneStatement = """
        WITH done AS (
            UPDATE jobs.job SET state = 'done', finished_at = now(), result = $2::jsonb
            WHERE id = $1::text AND children_total = 0 AND parent_id IS NULL AND continuation IS NULL
            RETURNING 1)
        SELECT 1 / count(*)::int FROM done
        """

    /// The completion of a job that ran alone (see ``completeAloneStatement``) was refused:
    /// it has a fan-in after all. Its transaction was rolled back; run it again the general way.
    struct NotAlone: Error {}

    /// A COMMIT the server answered with ROLLBACK: the handler caught a statement's error and
    /// returned anyway (as ``PostgresConnection/withTransaction`` reports it).
    static let notCommitted = PostgresError(
        kind: .misuse, message: "the transaction was aborted by an error its body caught, so it was rolled back, not committed")

    /// Completes a job known to have no parent, continuation or child, and commits its
    /// transaction (synchronously: the ack follows), in one round trip.
    static func completeAloneAndCommit(jobID: String, result: String?, db: PostgresConnection) throws {
        let results = try db.pipeline([
            .init(completeAloneStatement, [jobID, result]),
            .init("COMMIT", sync: true),
        ])
        if case .failure(let error) = results[0] {
            if error.sqlState == "22012" { throw NotAlone() }
            throw error
        }
        let tag = try results[1].get().commandTag
        guard tag == "COMMIT" else {
            throw Self.notCommitted
        }
    }

    /// Marks `jobID` done (or waiting, while it has unfinished children), stores its
    /// result and continuation, and — if it is now done — enqueues its continuation and
    /// counts it on its parent, completing the parent in turn when it was the last.
    static func complete(
        jobID: String, result: String?, continuation: JobContinuation?, db: PostgresConnection, log: Logger
    ) throws {
        let continuationJSON = try continuation?.jsonText()
        let row = try db.queryPrepared(completeStatement, [jobID, result, continuationJSON]).first
        guard let row else { throw JobRuntimeError("job \(jobID) desapareceu durante a execução") }
        let (state, parentID, storedContinuation, correlationID) = try row.decode((String, String?, String?, String?).self)
        guard state == "done" else {
            log.debug("job aguardando os filhos")
            return
        }
        try finished(
            jobID: jobID, parentID: parentID, continuationJSON: storedContinuation, correlationID: correlationID, db: db,
            log: log)
    }

    /// A job just became done: its continuation is enqueued and its parent counts it.
    private static func finished(
        jobID: String, parentID: String?, continuationJSON: String?, correlationID: String?, db: PostgresConnection,
        log: Logger
    ) throws {
        if let continuationJSON {
            let continuation = try JSONDecoder().decode(JobContinuation.self, from: Data(continuationJSON.utf8))
            let spec = JobSpec(
                id: continuation.id,
                kind: JobKind(continuation.kind, family: continuation.family, maxAttempts: continuation.maxAttempts),
                payloadJSON: continuation.payloadJSON, parentID: continuation.sibling ? parentID : nil,
                correlationID: correlationID ?? jobID)
            if try Outbox.enqueue(spec, on: db) {
                log.info("continuação enfileirada", metadata: ["job.continuation": .string(continuation.id)])
            }
        }
        guard let parentID else { return }
        let parent = try db.query(
            """
            UPDATE jobs.job SET children_done = children_done + 1
            WHERE id = $1
            RETURNING state, children_done, children_total, parent_id, continuation::text, correlation_id
            """, [parentID]
        ).first
        guard let parent else { throw JobRuntimeError("job pai inexistente: \(parentID)") }
        let (state, done, total, grandparentID, parentContinuation, parentCorrelation) = try parent.decode(
            (String, Int, Int, String?, String?, String?).self)
        // A parent still running enqueued this child in a transaction not yet committed
        // — impossible, the child could not have run — so only 'waiting' completes here.
        guard done == total, state == "waiting" else { return }
        try db.execute("UPDATE jobs.job SET state = 'done', finished_at = now() WHERE id = $1", [parentID])
        log.info("job pai concluído: último filho terminou", metadata: ["job.parent": .string(parentID)])
        try finished(
            jobID: parentID, parentID: grandparentID, continuationJSON: parentContinuation,
            correlationID: parentCorrelation, db: db, log: log)
    }
}
