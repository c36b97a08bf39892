import Foundation
import GSANSupport
import Postgres
import TestSupport
import Testing

@Suite("PostgresConnection: statements, transactions, errors")
struct StatementTests {
    private struct Abort: Error {}

    @Test func hostileStringsAreStoredVerbatimAndRunNothing() async throws {
        let table = uniqueTable("injecao")
        let hostile = [
            "'); DROP TABLE \(table); --", "\"; DROP TABLE \(table); --", "$1", "\\'; SELECT pg_sleep(10); --",
            "O'Brien \\ \t\n\r ção 🚰", "",
        ]
        let (stored, matches, stillThere) = try await withTestConnection { connection in
            try connection.execute("CREATE TABLE \(table) (id int PRIMARY KEY, nome text)")
            defer { _ = try? connection.execute("DROP TABLE IF EXISTS \(table)") }
            for (index, value) in hostile.enumerated() {
                try connection.execute("INSERT INTO \(table) (id, nome) VALUES ($1, $2)", [index, value])
            }
            let stored = try connection.query("SELECT nome FROM \(table) ORDER BY id").map {
                try $0.decode(String.self, at: 0)
            }
            let matches = try connection.query("SELECT count(*) FROM \(table) WHERE nome = $1", [hostile[0]])[0]
                .decode(Int.self, at: 0)
            let stillThere = try connection.query("SELECT to_regclass($1) IS NOT NULL", [table])[0]
                .decode(Bool.self, at: 0)
            return (stored, matches, stillThere)
        }
        #expect(stored == hostile)
        #expect(matches == 1)
        #expect(stillThere)
    }

    @Test func aThrowingTransactionLeavesNoRowAndRethrowsTheSameError() async throws {
        let table = uniqueTable("tx_rollback")
        let (thrown, count, inTransaction) = try await withTestConnection { connection in
            try connection.execute("CREATE TABLE \(table) (id int)")
            defer { _ = try? connection.execute("DROP TABLE IF EXISTS \(table)") }
            var thrown: (any Error)?
            do {
                try connection.withTransaction { connection in
                    try connection.execute("INSERT INTO \(table) VALUES (1), (2)")
                    throw Abort()
                }
            } catch {
                thrown = error
            }
            let count = try connection.query("SELECT count(*) FROM \(table)")[0].decode(Int.self, at: 0)
            return (thrown.map { $0 is Abort }, count, connection.isInTransaction)
        }
        #expect(thrown == true)
        #expect(count == 0)
        #expect(!inTransaction)
    }

    @Test func aTransactionCommitsAndReturnsTheBodysValue() async throws {
        let table = uniqueTable("tx_commit")
        let (value, seenElsewhere) = try await withTestConnection { connection in
            try connection.execute("CREATE TABLE \(table) (id int)")
            defer { _ = try? connection.execute("DROP TABLE IF EXISTS \(table)") }
            let value = try connection.withTransaction(isolation: .serializable) { connection in
                try connection.execute("INSERT INTO \(table) VALUES (1), (2), (3)")
            }
            let other = try connectToTestDatabase()
            let seen = try other.query("SELECT count(*) FROM \(table)")[0].decode(Int.self, at: 0)
            return (value, seen)
        }
        #expect(value == 3)
        #expect(seenElsewhere == 3)
    }

    @Test func transactionsDoNotNestAndACaughtErrorCannotCommit() async throws {
        let table = uniqueTable("tx_nested")
        let (nested, caught, count) = try await withTestConnection { connection in
            try connection.execute("CREATE TABLE \(table) (id int PRIMARY KEY)")
            defer { _ = try? connection.execute("DROP TABLE IF EXISTS \(table)") }
            var nested: PostgresError?
            try connection.withTransaction { connection in
                try connection.execute("INSERT INTO \(table) VALUES (1)")
                nested = thrownError { try connection.withTransaction { _ in } }
            }
            let caught = thrownError {
                try connection.withTransaction { connection in
                    try connection.execute("INSERT INTO \(table) VALUES (2)")
                    _ = thrownError { try connection.execute("INSERT INTO \(table) VALUES (1)") }
                }
            }
            let count = try connection.query("SELECT count(*) FROM \(table)")[0].decode(Int.self, at: 0)
            return (nested, caught, count)
        }
        #expect(nested?.kind == .misuse)
        #expect(caught?.kind == .misuse)
        #expect(caught?.message.contains("rolled back") == true)
        #expect(count == 1)
    }

    @Test func aReadOnlyTransactionRefusesWrites() async throws {
        let error = try await withTestConnection { connection in
            thrownError {
                try connection.withTransaction(readOnly: true) { connection in
                    _ = try connection.execute("CREATE TEMP TABLE nao_pode (id int)")
                }
            }
        }
        #expect(error?.sqlState == "25006")
        #expect(error?.kind == .server)
    }

    @Test func constraintViolationsAreDistinguishable() async throws {
        let parent = uniqueTable("pai")
        let child = uniqueTable("filho")
        let errors = try await withTestConnection { connection in
            try connection.execute("CREATE TABLE \(parent) (id int PRIMARY KEY)")
            try connection.execute(
                """
                CREATE TABLE \(child) (
                    id int PRIMARY KEY,
                    email text NOT NULL CONSTRAINT \(child)_email_unico UNIQUE,
                    valor int CHECK (valor >= 0),
                    pai int REFERENCES \(parent))
                """)
            defer { _ = try? connection.execute("DROP TABLE IF EXISTS \(child), \(parent)") }
            let insert = "INSERT INTO \(child) (id, email, valor, pai) VALUES ($1, $2, $3, $4)"
            try connection.execute(insert, [1, "segredo@example.com", 1, nil])
            return [
                thrownError { try connection.execute(insert, [2, "segredo@example.com", 1, nil]) },
                thrownError { try connection.execute(insert, [3, "b@example.com", 1, 99]) },
                thrownError { try connection.execute(insert, [4, "c@example.com", -5, nil]) },
                thrownError { try connection.execute(insert, [5, nil, 1, nil]) },
            ]
        }
        let unique = try #require(errors[0])
        #expect(unique.kind == .uniqueViolation)
        #expect(unique.sqlState == "23505")
        #expect(unique.constraint == "\(child)_email_unico")
        #expect(unique.table == child)
        #expect(unique.detail?.contains("segredo@example.com") == true)
        #expect(unique.description.contains("23505"))
        #expect(unique.description.contains("Key (email)=(…) already exists."))
        #expect(!unique.description.contains("segredo@example.com"))
        #expect(!unique.isRetryable)
        #expect(errors[1]?.kind == .foreignKeyViolation)
        #expect(errors[2]?.kind == .checkViolation)
        #expect(errors[2]?.description.contains("-5") == false)
        #expect(errors[3]?.kind == .notNullViolation)
        #expect(errors[3]?.column == "email")
    }

    /// REPEATABLE READ: a row another transaction changed after this one's snapshot cannot
    /// be updated (SQLSTATE 40001). Two connections, interleaved on one thread.
    @Test func aConcurrentUpdateIsASerializationFailure() async throws {
        let table = uniqueTable("serial")
        let (error, value) = try await withTestConnection { first in
            try first.execute("CREATE TABLE \(table) (id int PRIMARY KEY, valor int)")
            defer { _ = try? first.execute("DROP TABLE IF EXISTS \(table)") }
            try first.execute("INSERT INTO \(table) VALUES (1, 0)")
            let second = try connectToTestDatabase()
            let error = thrownError {
                try first.withTransaction(isolation: .repeatableRead) { first in
                    _ = try first.query("SELECT valor FROM \(table) WHERE id = 1")
                    try second.execute("UPDATE \(table) SET valor = 2 WHERE id = 1")
                    try first.execute("UPDATE \(table) SET valor = 1 WHERE id = 1")
                }
            }
            let value = try first.query("SELECT valor FROM \(table)")[0].decode(Int.self, at: 0)
            return (error, value)
        }
        #expect(error?.kind == .serializationFailure)
        #expect(error?.sqlState == "40001")
        #expect(error?.isRetryable == true)
        #expect(value == 2)
    }

    /// SERIALIZABLE: two transactions that each read both rows and change a different one
    /// (write skew) cannot both commit; the second to finish fails with 40001.
    @Test func writeSkewBetweenSerializableTransactionsIsASerializationFailure() async throws {
        let table = uniqueTable("plantao")
        let (error, onDuty) = try await withTestConnection { first in
            try first.execute("CREATE TABLE \(table) (medico int PRIMARY KEY, de_plantao bool NOT NULL)")
            defer { _ = try? first.execute("DROP TABLE IF EXISTS \(table)") }
            try first.execute("INSERT INTO \(table) VALUES (1, true), (2, true)")
            let second = try connectToTestDatabase()
            let count = "SELECT count(*) FROM \(table) WHERE de_plantao"
            let error = thrownError {
                try first.withTransaction(isolation: .serializable) { first in
                    _ = try first.query(count)
                    try second.execute("BEGIN ISOLATION LEVEL SERIALIZABLE")
                    _ = try second.query(count)
                    try second.execute("UPDATE \(table) SET de_plantao = false WHERE medico = 2")
                    try second.execute("COMMIT")
                    try first.execute("UPDATE \(table) SET de_plantao = false WHERE medico = 1")
                }
            }
            return (error, try first.query(count)[0].decode(Int.self, at: 0))
        }
        #expect(error?.kind == .serializationFailure)
        #expect(error?.isRetryable == true)
        #expect(onDuty == 1)
    }

    /// Two transactions locking two rows in opposite orders: the server breaks the cycle
    /// (after deadlock_timeout, 1 s) by failing one with 40P01; the other commits.
    @Test func crossedLocksAreADeadlockForExactlyOne() async throws {
        let table = uniqueTable("deadlock")
        try await withTestConnection { connection in
            try connection.execute("CREATE TABLE \(table) (id int PRIMARY KEY, valor int)")
            try connection.execute("INSERT INTO \(table) VALUES (1, 0), (2, 0)")
        }
        let firstLocked = DispatchSemaphore(value: 0)
        let secondLocked = DispatchSemaphore(value: 0)
        @Sendable func crossing(_ mine: Int, _ theirs: Int, signal: DispatchSemaphore, wait: DispatchSemaphore)
            async throws -> PostgresError?
        {
            try await withTestConnection { connection in
                thrownError {
                    try connection.withTransaction { connection in
                        try connection.execute("UPDATE \(table) SET valor = valor + 1 WHERE id = $1", [mine])
                        signal.signal()
                        guard wait.wait(timeout: .now() + 10) == .success else { throw Abort() }
                        try connection.execute("UPDATE \(table) SET valor = valor + 1 WHERE id = $1", [theirs])
                    }
                }
            }
        }
        async let one = crossing(1, 2, signal: firstLocked, wait: secondLocked)
        async let two = crossing(2, 1, signal: secondLocked, wait: firstLocked)
        let errors = try await [one, two]
        let total = try await withTestConnection { connection in
            defer { _ = try? connection.execute("DROP TABLE IF EXISTS \(table)") }
            return try connection.query("SELECT sum(valor) FROM \(table)")[0].decode(Int.self, at: 0)
        }
        #expect(errors.compactMap { $0 }.map(\.kind) == [.deadlockDetected])
        #expect(errors.compactMap { $0 }.first?.isRetryable == true)
        #expect(total == 2)
    }

    @Test func nowaitOnALockedRowIsLockNotAvailable() async throws {
        let table = uniqueTable("nowait")
        let error = try await withTestConnection { first in
            try first.execute("CREATE TABLE \(table) (id int PRIMARY KEY)")
            defer { _ = try? first.execute("DROP TABLE IF EXISTS \(table)") }
            try first.execute("INSERT INTO \(table) VALUES (1)")
            let second = try connectToTestDatabase()
            return try first.withTransaction { first in
                _ = try first.query("SELECT id FROM \(table) WHERE id = 1 FOR UPDATE")
                return thrownError { _ = try second.query("SELECT id FROM \(table) WHERE id = 1 FOR UPDATE NOWAIT") }
            }
        }
        #expect(error?.kind == .lockNotAvailable)
        #expect(error?.sqlState == "55P03")
        #expect(error?.isRetryable == true)
    }

    @Test func aStatementTimeoutIsQueryCanceled() async throws {
        let (error, after) = try await withTestConnection { connection in
            try connection.execute("SET statement_timeout = '100ms'")
            let error = thrownError { try connection.execute("SELECT pg_sleep(5)") }
            try connection.execute("RESET statement_timeout")
            return (error, try connection.query("SELECT 1")[0].decode(Int.self, at: 0))
        }
        #expect(error?.kind == .queryCanceled)
        #expect(error?.isRetryable == false)
        #expect(after == 1)
    }

    @Test func aSyntaxErrorNamesTheProblemAndTheConnectionGoesOn() async throws {
        let (error, after) = try await withTestConnection { connection in
            (
                thrownError { try connection.execute("SELEC 1") },
                try connection.query("SELECT 2")[0].decode(Int.self, at: 0)
            )
        }
        #expect(error?.kind == .server)
        #expect(error?.sqlState == "42601")
        #expect(error?.description.contains("syntax error") == true)
        #expect(after == 2)
    }

    @Test func preparedStatementsRunManyTimes() async throws {
        let table = uniqueTable("prepared")
        let (sum, rows, affected) = try await withTestConnection { connection in
            try connection.execute("CREATE TEMP TABLE \(table) (id int, nome text)")
            try connection.prepare(name: "inserir", sql: "INSERT INTO \(table) VALUES ($1, $2)")
            var affected = 0
            for id in 1...500 { affected += try connection.executePrepared("inserir", [id, "n\(id)"]).rowsAffected }
            try connection.prepare(name: "buscar", sql: "SELECT id, nome FROM \(table) WHERE id <= $1 ORDER BY id")
            let rows = try connection.executePrepared("buscar", [3]).map { try $0.decode((Int, String).self) }
            let sum = try connection.query("SELECT sum(id) FROM \(table)")[0].decode(Int.self, at: 0)
            return (sum, rows.map { "\($0.0):\($0.1)" }, affected)
        }
        #expect(sum == 500 * 501 / 2)
        #expect(rows == ["1:n1", "2:n2", "3:n3"])
        #expect(affected == 500)
    }

    @Test func forEachRowStreamsEveryRow() async throws {
        let (count, sum, columnNames) = try await withTestConnection { connection in
            var count = 0
            var sum = 0
            var names: [String] = []
            try connection.forEachRow("SELECT n, repeat('x', 100) AS carga FROM generate_series(1, $1) AS n", [200_000])
            {
                row in
                if count == 0 { names = row.columnNames }
                count += 1
                sum += try row.decode(Int.self, column: "n")
            }
            return (count, sum, names)
        }
        #expect(count == 200_000)
        #expect(sum == 200_000 * 200_001 / 2)
        #expect(columnNames == ["n", "carga"])
    }

    @Test func forEachRowStopsWhenTheBodyThrowsAndTheConnectionGoesOn() async throws {
        let (seen, thrown, after) = try await withTestConnection { connection in
            var seen = 0
            var thrown = false
            do {
                try connection.forEachRow("SELECT n FROM generate_series(1, 10000000) AS n") { _ in
                    seen += 1
                    if seen == 10 { throw Abort() }
                }
            } catch is Abort {
                thrown = true
            }
            return (seen, thrown, try connection.query("SELECT 7")[0].decode(Int.self, at: 0))
        }
        #expect(seen == 10)
        #expect(thrown)
        #expect(after == 7)
    }

    @Test func forEachRowReportsAServerError() async throws {
        let error = try await withTestConnection { connection in
            thrownError { try connection.forEachRow("SELECT 1 / (n - 3) FROM generate_series(1, 5) AS n") { _ in } }
        }
        #expect(error?.sqlState == "22012")
    }

    @Test func rowsExposeColumnsAndAffectedCounts() async throws {
        let (names, types, count, tag, updated) = try await withTestConnection { connection in
            let rows = try connection.query("SELECT 1::int4 AS um, 'a'::text AS letra UNION ALL SELECT 2, 'b'")
            try connection.execute("CREATE TEMP TABLE contagem AS SELECT generate_series(1, 5) AS n")
            let updated = try connection.execute("UPDATE contagem SET n = n + 1 WHERE n > $1", [2])
            return (rows.columnNames, rows.columnTypes, rows.count, rows.commandTag, updated)
        }
        #expect(names == ["um", "letra"])
        #expect(types == [.int4, .text])
        #expect(count == 2)
        #expect(tag == "SELECT 2")
        #expect(updated == 3)
    }
}
