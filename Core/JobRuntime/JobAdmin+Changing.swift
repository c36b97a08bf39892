import AMQP
import Foundation
import Postgres

/// Changing dead jobs: replay (back to the outbox, next generation) and discard, each
/// with its event naming the operator.
extension JobAdmin {
    /// Sends dead jobs back to the outbox: in one transaction they become `pending` with
    /// no attempts and the next generation (so a stale copy of the old one is never run),
    /// keep their last error as history, get a `replayed` event naming `operator`, and the
    /// relays are notified. Ids not dead, unknown, or records of invalid messages are
    /// refused by name. After the commit, the broker's dead-letter copies of the replayed
    /// jobs are removed (see ``removeBrokerCopies(_:broker:)``).
    ///
    /// - Parameter broker: called once, after the commit and only if a job changed, for a
    ///   connection to the broker (the caller keeps ownership of it). If it throws, the
    ///   outcome carries a warning instead.
    public static func replay(
        _ selection: Selection, operator: String, db: PostgresConnection, broker: () throws -> AMQPConnection
    ) throws -> Outcome {
        let who = try requireOperatorName(`operator`)
        if case .ids(let ids) = selection, ids.isEmpty {
            throw JobRuntimeError("informe ao menos um id de job para reprocessar")
        }
        if case .kind(let kind) = selection, kind.trimmingCharacters(in: .whitespaces).isEmpty {
            throw JobRuntimeError("informe o tipo dos jobs a reprocessar (--kind)")
        }
        var outcome = try db.withTransaction { db -> Outcome in
            let candidates = try lockCandidates(selection, db: db)
            var eligible: [String] = []
            var refused: [Refusal] = []
            for candidate in candidates {
                if let reason = candidate.refusal {
                    refused.append(Refusal(id: candidate.id, reason: reason))
                } else if candidate.kind == invalidKind {
                    refused.append(
                        Refusal(
                            id: candidate.id,
                            reason:
                                "job \(candidate.id) é o registro de uma mensagem inválida (não é um job) e não pode "
                                + "ser reprocessado: descarte-o (gsan dlq discard \(candidate.id) --motivo …)"))
                } else {
                    eligible.append(candidate.id)
                }
            }
            guard !eligible.isEmpty else { return Outcome(action: .replay, affected: [], refused: refused) }
            let rows = try db.query(
                """
                UPDATE jobs.job
                SET state = 'pending', attempts = 0, generation = generation + 1,
                    published_at = NULL, started_at = NULL, finished_at = NULL
                WHERE state = 'dead' AND kind <> $2 AND id = ANY($1::text[])
                RETURNING id, kind, family, generation
                """, [PostgresArray(eligible), invalidKind])
            let affected = try ordered(rows, as: eligible)
            try db.execute(
                """
                INSERT INTO jobs.job_event (job_id, event, attempt, message)
                SELECT id, 'replayed', 0, 'reprocessado por ' || $2 || ' (geração ' || generation || ')'
                FROM jobs.job WHERE id = ANY($1::text[])
                """, [PostgresArray(affected.map(\.id)), who])
            try db.execute("SELECT pg_notify($1, '')", [Outbox.notifyChannel])
            return Outcome(action: .replay, affected: affected, refused: refused)
        }
        removeBrokerCopies(&outcome, broker: broker)
        return outcome
    }

    /// Gives up on dead jobs for good: state `discarded`, `finished_at` now, a `discarded`
    /// event with the reason and `operator`. `reason` is required. Ids not dead or unknown
    /// are refused by name. After the commit, the broker's dead-letter copies are removed.
    public static func discard(
        _ ids: [String], reason: String, operator: String, db: PostgresConnection, broker: () throws -> AMQPConnection
    ) throws -> Outcome {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw JobRuntimeError("informe o motivo do descarte (--motivo)") }
        let who = try requireOperatorName(`operator`)
        guard !ids.isEmpty else { throw JobRuntimeError("informe ao menos um id de job para descartar") }
        var outcome = try db.withTransaction { db -> Outcome in
            let candidates = try lockCandidates(.ids(ids), db: db)
            let refused = candidates.compactMap { candidate in
                candidate.refusal.map { Refusal(id: candidate.id, reason: $0) }
            }
            let eligible = candidates.filter { $0.refusal == nil }.map(\.id)
            guard !eligible.isEmpty else { return Outcome(action: .discard, affected: [], refused: refused) }
            let rows = try db.query(
                """
                UPDATE jobs.job SET state = 'discarded', finished_at = now()
                WHERE state = 'dead' AND id = ANY($1::text[])
                RETURNING id, kind, family, generation
                """, [PostgresArray(eligible)])
            let affected = try ordered(rows, as: eligible)
            try db.execute(
                """
                INSERT INTO jobs.job_event (job_id, event, attempt, message)
                SELECT id, 'discarded', attempts, $2
                FROM jobs.job WHERE id = ANY($1::text[])
                """, [PostgresArray(affected.map(\.id)), String("descartado por \(who): \(reason)".prefix(4_000))])
            return Outcome(action: .discard, affected: affected, refused: refused)
        }
        removeBrokerCopies(&outcome, broker: broker)
        return outcome
    }

    private struct Candidate {
        var id: String
        var kind: String
        /// Why it cannot be taken (unknown, not dead); nil when it is dead.
        var refusal: String?
    }

    /// The jobs a selection names: the dead ones locked for the transaction (in id order,
    /// so two operators never deadlock), each other requested id once with the reason it
    /// cannot be taken. Rows in other states are read without a lock: a worker may hold
    /// a running job's row for as long as its handler runs, and nobody should wait on it.
    private static func lockCandidates(_ selection: Selection, db: PostgresConnection) throws -> [Candidate] {
        var ids: [String]?
        var kind: String?
        switch selection {
        case .ids(let requested):
            var seen = Set<String>()
            ids = requested.filter { seen.insert($0).inserted }
        case .kind(let name): kind = name
        case .allDead: break
        }
        let dead = try db.query(
            """
            SELECT id, kind FROM jobs.job
            WHERE state = 'dead' AND ($1::text IS NULL OR kind = $1) AND ($2::text IS NULL OR id = ANY($2::text[]))
            ORDER BY id FOR UPDATE
            """, [kind, ids.map { PostgresArray($0) }]
        ).map { row in
            let (id, kind) = try row.decode((String, String).self)
            return Candidate(id: id, kind: kind, refusal: nil)
        }
        guard let ids else { return dead }

        var locked: [String: Candidate] = [:]
        for candidate in dead { locked[candidate.id] = candidate }
        var states: [String: String] = [:]
        let others = ids.filter { locked[$0] == nil }
        if !others.isEmpty {
            for row in try db.query(
                "SELECT id, state FROM jobs.job WHERE id = ANY($1::text[])", [PostgresArray(others)])
            {
                let (id, state) = try row.decode((String, String).self)
                states[id] = state
            }
        }
        return ids.map { id in
            if let candidate = locked[id] { return candidate }
            guard let state = states[id] else { return Candidate(id: id, kind: "", refusal: "job inexistente: \(id)") }
            let reason =
                state == "dead"
                ? "job \(id) mudou de estado durante a operação; tente de novo"
                : "job \(id) não está morto (estado: \(state))"
            return Candidate(id: id, kind: "", refusal: reason)
        }
    }

    /// RETURNING rows in the order the ids were asked for.
    private static func ordered(_ rows: PostgresRows, as ids: [String]) throws -> [AffectedJob] {
        var byID: [String: AffectedJob] = [:]
        for row in rows {
            let (id, kind, family, generation) = try row.decode((String, String, String, Int).self)
            byID[id] = AffectedJob(id: id, kind: kind, family: family, generation: generation)
        }
        return ids.compactMap { byID[$0] }
    }
}
