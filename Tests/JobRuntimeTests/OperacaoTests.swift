import Foundation
import JobRuntime
import Logging
import Postgres
import TestSupport
import Testing

private let logger = Logger(label: "gsan.tests.operacao") { _ in SwiftLogNoOpLogHandler() }

/// A row straight into the job table: `state`, finished `finishedDaysAgo` days ago (nil: not finished).
private func job(
    _ db: PostgresConnection, _ id: String, state: String, parent: String? = nil, finishedDaysAgo: Double? = 40,
    family: String = "exemplo", kind: String = "exemplo.efeito", startedSecondsAgo: Int = 0, publishedSecondsAgo: Int? = nil
) throws {
    try db.execute(
        """
        INSERT INTO jobs.job (id, kind, family, payload, state, attempts, max_attempts, parent_id, created_at,
                              published_at, started_at, finished_at, worker)
        VALUES ($1, $6, $5, '{"n":1}', $2, 1, 3, $3, now() - interval '60 days',
                CASE WHEN $8::int IS NOT NULL THEN now() - make_interval(secs => $8::int) END,
                now() - make_interval(secs => $7::int),
                CASE WHEN $4::float8 IS NOT NULL THEN now() - make_interval(days => 0, secs => $4::float8 * 86400) END, 'maq:42')
        """, [id, state, parent, finishedDaysAgo, family, kind, startedSecondsAgo, publishedSecondsAgo])
    try db.execute(
        "INSERT INTO jobs.job_event (job_id, event, attempt, message) VALUES ($1, 'failed', 1, 'uma falha antes')", [id])
    if let parent {
        try db.execute(
            "UPDATE jobs.job SET children_total = children_total + 1, children_done = children_done + $2 WHERE id = $1",
            [parent, state == "done" ? 1 : 0])
    }
}

private func count(_ db: PostgresConnection, _ sql: String) throws -> Int {
    try db.query(sql).first?.decode(Int.self, at: 0) ?? -1
}

@Suite(.serialized) struct RetencaoTests {
    @Test func onlyWholeTreesFinishedBeforeTheCutoffGoAndTheirRootsIdsCannotComeBack() async throws {
        try await withScratchDatabase(migrations: ["0010_jobs", "0023_jobs_retencao"]) { url in
            let db = try PostgresConnection(url: url, logger: logger)
            defer { db.close() }
            // A finished tree of three: removed whole.
            try job(db, "fechamento:1:202601", state: "done")
            try job(db, "rota:1", state: "done", parent: "fechamento:1:202601")
            try job(db, "rota:1:parte", state: "done", parent: "rota:1")
            // A tree with a dead child: kept whole (the child can be replayed, its lineage read).
            try job(db, "fechamento:2:202601", state: "done")
            try job(db, "rota:2", state: "dead", parent: "fechamento:2:202601")
            // A tree whose child finished after the cutoff: kept.
            try job(db, "fechamento:3:202601", state: "done")
            try job(db, "rota:3", state: "done", parent: "fechamento:3:202601", finishedDaysAgo: 2)
            // A discarded root alone: removed. A dead root, a recent root, a waiting root: kept.
            try job(db, "descartado", state: "discarded")
            try job(db, "morto", state: "dead")
            try job(db, "recente", state: "done", finishedDaysAgo: 1)
            try job(db, "esperando", state: "waiting", finishedDaysAgo: nil)

            let outcome = try JobRetention.purge(
                before: Date().addingTimeInterval(-30 * 86_400), batchSize: 2, db: db)
            #expect(outcome.trees == 2 && outcome.jobs == 4 && outcome.events == 4 && outcome.complete)
            #expect(outcome.keptTrees == 2, "the two finished roots with a tree not finished in time")
            let left = try db.query("SELECT id FROM jobs.job ORDER BY id").map { try $0.decode(String.self, at: 0) }
            #expect(
                left == [
                    "esperando", "fechamento:2:202601", "fechamento:3:202601", "morto", "recente", "rota:2", "rota:3",
                ])
            #expect(try count(db, "SELECT count(*) FROM jobs.job_event WHERE job_id IN ('rota:1', 'rota:1:parte', 'descartado')") == 0)
            let removed = try db.query("SELECT id, state FROM jobs.job_removido ORDER BY id").map { try $0.decode((String, String).self) }
            #expect(removed.map(\.0) == ["descartado", "fechamento:1:202601"] && removed.map(\.1) == ["discarded", "done"])

            // The removed root's id is still "enqueued once, ever".
            struct N: Encodable { var n = 1 }
            let again = try JobSpec(id: "fechamento:1:202601", kind: JobKind("exemplo.efeito", family: "exemplo"), payload: N())
            #expect(try Outbox.enqueue(again, on: db) == false)
            #expect(try count(db, "SELECT count(*) FROM jobs.job WHERE id = 'fechamento:1:202601'") == 0)

            // Twice is a no-op.
            let second = try JobRetention.purge(before: Date().addingTimeInterval(-30 * 86_400), db: db)
            #expect(second.trees == 0 && second.jobs == 0)
        }
    }

    @Test func aCutoffYoungerThanSevenDaysIsRefusedBeforeAnythingIsRemoved() async throws {
        try await withScratchDatabase(migrations: ["0010_jobs", "0023_jobs_retencao"]) { url in
            let db = try PostgresConnection(url: url, logger: logger)
            defer { db.close() }
            try job(db, "velho", state: "done")
            #expect {
                try JobRetention.purge(before: Date().addingTimeInterval(-3 * 86_400), db: db)
            } throws: { error in
                "\(error)".contains("pelo menos 7 dias atrás")
            }
            #expect(try count(db, "SELECT count(*) FROM jobs.job") == 1)
        }
    }
}

/// A tree read whole and only it: the named roots, the parentless jobs a pattern matches (its
/// `_` and `%` still wildcards), the continuations named `root/…`, every job below by parent —
/// with the ids in byte order (migration 0029) as production has them.
@Suite(.serialized) struct FlorestaTests {
    @Test func aForestIsItsRootsTheirContinuationsAndEveryJobBelowNothingElse() async throws {
        try await withScratchDatabase(migrations: ["0010_jobs", "0023_jobs_retencao", "0029_jobs_ids_em_bytes"]) { url in
            let db = try PostgresConnection(url: url, logger: logger)
            defer { db.close() }
            try job(db, "fechamento:1:202506", state: "done")
            try job(db, "fechamento:1:202506/rotas", state: "waiting", parent: "fechamento:1:202506")
            try job(db, "rota:7", state: "done", parent: "fechamento:1:202506/rotas")
            try job(db, "fechamento:1:202506/encerrar", state: "done")  // a continuation: a root under the chain
            try job(db, "fechamento:1:2025060", state: "done")  // shares the prefix, not the chain
            try job(db, "fechamento:1:202506-x", state: "done")
            try job(db, "lote:dia=2025-06-01", state: "done")
            try job(db, "lote:dia=2025-06-30", state: "done")
            try job(db, "lote:dia=2025-06-30/parte=1", state: "done", parent: "lote:dia=2025-06-30")
            try job(db, "lote:dia=2025-07-01", state: "done")
            try job(db, "lotexdia=2025-06-02", state: "done")  // `_` below is a wildcard: matched
            try job(db, "lote:dia=2025-06-15", state: "done", parent: "fechamento:1:2025060")  // has a parent: not a root
            let floresta = try JobRecords.forest(
                roots: ["fechamento:1:202506"], rootPatterns: ["lote:dia=2025-06-%", "lote_dia=2025-06-02"], db: db)
            #expect(
                Set(floresta.map(\.id)) == [
                    "fechamento:1:202506", "fechamento:1:202506/rotas", "rota:7", "fechamento:1:202506/encerrar",
                    "lote:dia=2025-06-01", "lote:dia=2025-06-30", "lote:dia=2025-06-30/parte=1", "lotexdia=2025-06-02",
                ])
            #expect(try JobRecords.forest(roots: [], rootPatterns: ["nada:%"], db: db).isEmpty)
        }
    }
}

@Suite(.serialized) struct SaudeDaFrotaTests {
    @Test func theTableTellsQueuedPerFamilyTheOutboxAndTheAttemptsPastTheirTimeout() async throws {
        try await withScratchDatabase(migrations: ["0010_jobs", "0023_jobs_retencao"]) { url in
            let db = try PostgresConnection(url: url, logger: logger)
            defer { db.close() }
            try job(db, "p1", state: "pending", finishedDaysAgo: nil, family: "rotas")
            try job(db, "p2", state: "published", finishedDaysAgo: nil, family: "rotas", publishedSecondsAgo: 900)
            try job(db, "r1", state: "running", finishedDaysAgo: nil, family: "documentos", kind: "documentos.rota", startedSecondsAgo: 3_600)
            try job(db, "r2", state: "running", finishedDaysAgo: nil, family: "documentos", kind: "documentos.rota", startedSecondsAgo: 10)
            let queued = try FleetHealth.queued(db: db)
            #expect(queued.map(\.family) == ["rotas"])
            #expect(queued.first?.pending == 1 && queued.first?.published == 1)
            #expect((queued.first?.oldestPublishedAge ?? 0) >= 899)
            let outbox = try FleetHealth.outbox(db: db)
            #expect(outbox.pending == 1 && outbox.oldestAge > 59 * 86_400)
            let overdue = try FleetHealth.runningPastTimeout(
                grace: .seconds(60), timeout: { $0 == "documentos.rota" ? .seconds(600) : nil }, db: db)
            #expect(overdue.map(\.id) == ["r1"])

            // Republishing what the broker lost: refused while the queue holds messages, else back to the outbox.
            #expect(throws: JobRuntimeError.self) {
                try JobAdmin.republishStale(family: "rotas", olderThan: .seconds(600), queueMessages: 3, db: db)
            }
            #expect(try JobAdmin.republishStale(family: "rotas", olderThan: .seconds(600), queueMessages: 0, db: db) == ["p2"])
            #expect(try count(db, "SELECT count(*) FROM jobs.job WHERE state = 'pending'") == 2)
        }
    }

    @Test func theDoctorWarnsOfWorkThatDoesNotMoveAndOnlyThen() {
        let rotas = FleetHealth.FamilyQueued(family: "rotas", pending: 2, published: 3, oldestPublishedAge: 30)
        let perdidos = FleetHealth.FamilyQueued(family: "documentos", pending: 0, published: 4, oldestPublishedAge: 1_200)
        let depths = [
            JobAdmin.QueueDepths(family: "rotas", work: 3, consumers: 0, retrying: 0, dead: 0),
            JobAdmin.QueueDepths(family: "documentos", work: 0, consumers: 2, retrying: 0, dead: 0),
        ]
        let overdue = [FleetHealth.Overdue(id: "documentos.rota:7", kind: "documentos.rota", family: "documentos", runningFor: 2_000, worker: "maq:42 log=/var/log/x")]
        let warnings = FleetHealth.warnings(
            queued: [perdidos, rotas], queues: depths, outbox: .init(pending: 2, oldestAge: 900), overdue: overdue, dead: 1)
        #expect(warnings.map(\.code) == ["publicado-parado", "sem-consumidor", "outbox-parada", "execucao-vencida", "mortos"])
        #expect(warnings[0].message.contains("gsan jobs republicar --familia documentos"))
        #expect(warnings[1].message.contains("família rotas: 5 job(s) esperando (2 na outbox, 3 publicados) e nenhum worker consumindo a fila gsan.rotas"))
        #expect(warnings[2].message.contains("o mais antigo há 15 min"))
        #expect(warnings[3].message.contains("documentos.rota:7 (documentos.rota, há 33 min, worker maq:42)"))

        // Everything moving: no warning. Without the broker's picture: no queue warning.
        let moving = FleetHealth.FamilyQueued(family: "documentos", pending: 0, published: 4, oldestPublishedAge: 20)
        #expect(FleetHealth.warnings(queued: [moving], queues: depths, outbox: .init(pending: 1, oldestAge: 2), overdue: [], dead: 0).isEmpty)
        #expect(FleetHealth.warnings(queued: [rotas], queues: nil, outbox: .init(pending: 0, oldestAge: 0), overdue: [], dead: 0).isEmpty)
        // A family whose queue does not exist.
        let semFila = FleetHealth.warnings(
            queued: [FleetHealth.FamilyQueued(family: "medicao", pending: 1, published: 0, oldestPublishedAge: nil)], queues: depths,
            outbox: .init(pending: 1, oldestAge: 1), overdue: [], dead: 0)
        #expect(semFila.map(\.code) == ["sem-consumidor"] && semFila[0].message.contains("(a fila não existe)"))
    }
}
