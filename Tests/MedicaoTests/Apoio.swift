import Foundation
import GSANModel
import GSANSeed
import Logging
import Medicao
import Postgres
import TestSupport

let silencio = Logger(label: "gsan.tests.medicao") { _ in SwiftLogNoOpLogHandler() }

func conectar(_ url: String) throws -> PostgresConnection {
    do {
        return try PostgresConnection(url: url, logger: silencio, applicationName: "gsan-medicao-tests")
    } catch {
        throw ServerUnavailable(server: "PostgreSQL", url: url, underlying: error)
    }
}

/// A scratch database with a generated utility (its catalogues: company 2 with contract 1 and
/// items 1–3, service types 1011–1013, motives of non-acceptance 1 and 2).
func comCompanhia<T: Sendable>(imoveis: Int = 60, _ corpo: @escaping @Sendable (PostgresConnection, String) throws -> T) async throws -> T {
    try await withScratchDatabase(migrations: nil) { url in
        try await onDedicatedThread {
            let db = try conectar(url)
            defer { db.close() }
            try Seeder(options: SeedOptions(imoveis: imoveis, seed: 7, meses: 4), logger: silencio).run(connection: db)
            return try corpo(db, url)
        }
    }
}

func contar(_ db: PostgresConnection, _ sql: String, _ binds: [(any PostgresEncodable)?] = []) throws -> Int {
    try db.query(sql, binds)[0].decode(Int.self, at: 0)
}

func data(_ texto: String) -> CivilDate { CivilDate(brazilian: texto)! }

/// The refusal's message, or nil when `corpo` did not throw ErroMedicao.
func recusa(_ corpo: () throws -> Void) -> String? {
    do {
        try corpo()
        return nil
    } catch let e as ErroMedicao {
        return e.description
    } catch {
        return "outro erro: \(error)"
    }
}
