import Foundation
import GSANSupport
import Postgres
import TestSupport
import Testing

@Suite("PostgresConnection: pipeline (several statements, one round trip)")
struct PipelineTests {
    /// A statement followed by a sync point commits on its own before the next begins, as a
    /// separate call would: another session sees it while the explicit transaction after it
    /// is still open, and the transaction's rollback does not undo it.
    @Test func aSyncPointCommitsTheStatementBeforeItAndTheTransactionAfterItStaysOpen() async throws {
        let table = uniqueTable("pipeline_sync")
        let (results, seenOutside, afterRollback, inTransaction) = try await withTestConnection { connection in
            try connection.execute("CREATE TABLE \(table) (id int PRIMARY KEY, nome text)")
            defer { _ = try? connection.execute("DROP TABLE IF EXISTS \(table)") }
            let other = try connectToTestDatabase()
            defer { other.close() }
            let results = try connection.pipeline([
                .init("INSERT INTO \(table) VALUES ($1, $2) RETURNING id", [1, "fora"], sync: true),
                .init("BEGIN"),
                .init("INSERT INTO \(table) VALUES ($1, $2) RETURNING id", [2, "dentro"]),
                .init("SELECT count(*)::int FROM \(table)", sync: true),
            ])
            let inTransaction = connection.isInTransaction
            let seenOutside = try other.query("SELECT id FROM \(table) ORDER BY id").map { try $0.decode(Int.self, at: 0) }
            try connection.execute("ROLLBACK")
            let afterRollback = try connection.query("SELECT id FROM \(table) ORDER BY id").map { try $0.decode(Int.self, at: 0) }
            return (
                try results.map { try $0.get().first?.decode(Int?.self, at: 0) }, seenOutside, afterRollback, inTransaction
            )
        }
        #expect(results == [1, nil, 2, 2])
        #expect(inTransaction)
        #expect(seenOutside == [1])
        #expect(afterRollback == [1])
    }

    /// A failing statement is reported with the server's error; the statements after it up
    /// to the next sync point are skipped (a COMMIT among them does not run); those after
    /// the sync point run; the connection is usable afterwards.
    @Test func aFailureSkipsTheRestUpToTheSyncPointOnly() async throws {
        let table = uniqueTable("pipeline_erro")
        let (results, rows, status) = try await withTestConnection { connection in
            try connection.execute("CREATE TABLE \(table) (id int PRIMARY KEY)")
            defer { _ = try? connection.execute("DROP TABLE IF EXISTS \(table)") }
            try connection.execute("INSERT INTO \(table) VALUES (1)")
            let results = try connection.pipeline([
                .init("BEGIN"),
                .init("INSERT INTO \(table) VALUES ($1)", [2]),
                .init("SELECT 1 / (count(*)::int - 2) FROM \(table)"),
                .init("COMMIT", sync: true),
                .init("INSERT INTO \(table) VALUES ($1)", [1], sync: true),
                .init("SELECT count(*)::int FROM \(table)", sync: true),
            ])
            let status = connection.isInTransaction
            if status { try connection.execute("ROLLBACK") }
            let rows = try connection.query("SELECT id FROM \(table) ORDER BY id").map { try $0.decode(Int.self, at: 0) }
            return (results, rows, status)
        }
        #expect(throws: Never.self) { try results[0].get() }
        #expect(throws: Never.self) { try results[1].get() }
        #expect(results[2].failureSQLState == "22012", "division by zero")
        #expect(results[3].failureSQLState == nil && (try? results[3].get()) == nil, "skipped, not run")
        // After the sync point the statements run again, and are refused: the aborted
        // explicit transaction waits for a ROLLBACK.
        #expect(results[4].failureSQLState == "25P02")
        #expect(results[5].failureSQLState == "25P02")
        #expect(status, "the aborted explicit transaction waits for a ROLLBACK")
        #expect(rows == [1], "nothing of the aborted transaction committed")
    }

    @Test func aPipelineMustEndAtASyncPoint() async throws {
        let refused = try await withTestConnection { connection in
            do {
                _ = try connection.pipeline([.init("SELECT 1")])
                return false
            } catch let error as PostgresError {
                return error.kind == .misuse && connection.isOpen
            }
        }
        #expect(refused)
    }

    /// withPipelinedTransaction: a body that sends BEGIN with its first statement and COMMIT
    /// with its last commits in those round trips; one that leaves the transaction open is
    /// committed after it; one that throws is rolled back, its pipelined COMMIT skipped.
    @Test func aPipelinedTransactionCommitsWhereTheBodySaysAndRollsBackWhenItThrows() async throws {
        struct Falha: Error {}
        let table = uniqueTable("pipeline_transacao")
        let (tag, rows, aberta) = try await withTestConnection { connection in
            try connection.execute("CREATE TABLE \(table) (id int PRIMARY KEY)")
            defer { _ = try? connection.execute("DROP TABLE IF EXISTS \(table)") }
            let tag = try connection.withPipelinedTransaction { db -> String in
                _ = try db.pipeline([PostgresConnection.begin, .init("INSERT INTO \(table) VALUES ($1)", [1], sync: true)])
                let fim = try db.pipeline([.init("INSERT INTO \(table) VALUES ($1)", [2]), PostgresConnection.commit])
                return try fim[1].get().commandTag
            }
            try connection.withPipelinedTransaction { db in
                _ = try db.pipeline([PostgresConnection.begin, .init("INSERT INTO \(table) VALUES ($1)", [3], sync: true)])
            }
            do {
                try connection.withPipelinedTransaction { db in
                    _ = try db.pipeline([PostgresConnection.begin, .init("INSERT INTO \(table) VALUES ($1)", [4], sync: true)])
                    let fim = try db.pipeline([
                        .init("INSERT INTO \(table) VALUES ($1)", [1]),  // duplicate: the COMMIT behind it is skipped
                        PostgresConnection.commit,
                    ])
                    _ = try fim[0].get()
                }
                Issue.record("the duplicate key did not throw")
            } catch let erro as PostgresError {
                #expect(erro.kind == .uniqueViolation)
            }
            let aberta = connection.isInTransaction
            let rows = try connection.query("SELECT id FROM \(table) ORDER BY id").map { try $0.decode(Int.self, at: 0) }
            return (tag, rows, aberta)
        }
        #expect(tag == "COMMIT")
        #expect(rows == [1, 2, 3], "the failed transaction's row 4 is not there")
        #expect(!aberta)
    }
}

extension Result where Failure == PostgresError {
    var failureSQLState: String? {
        if case .failure(let error) = self { return error.sqlState }
        return nil
    }
}
