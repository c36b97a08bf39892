import GSANDatabase
import GSANModel
import JobRuntime
import Logging
import Postgres

/// What `gsan seed` builds.
public struct SeedOptions: Sendable {
    public var imoveis: Int
    public var seed: UInt64
    public var meses: Int
    /// "Today" of the generated data: the current reference is its month. Never the clock,
    /// so the same options give the same bytes on any day.
    public var hoje: CivilDate
    public var substituir: Bool

    public static let hojePadrao = CivilDate(year: 2025, month: 6, day: 2)!

    public init(imoveis: Int, seed: UInt64, meses: Int = 12, hoje: CivilDate = hojePadrao, substituir: Bool = false) {
        self.imoveis = imoveis
        self.seed = seed
        self.meses = meses
        self.hoje = hoje
        self.substituir = substituir
    }
}

public struct SeedError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Builds a coherent utility in one transaction (nothing is left half written), streaming
/// the per-imóvel tables through COPY: each pass rebuilds every imóvel's plan from
/// (seed, id), so memory stays bounded whatever N.
public struct Seeder {
    public let options: SeedOptions
    public let logger: Logger
    let layout: SeedLayout
    let calendar: SeedCalendar
    let tarifa = SeedTarifa()

    public init(options: SeedOptions, logger: Logger) throws {
        guard options.imoveis >= 1, options.imoveis <= 50_000_000 else {
            throw SeedError("--imoveis deve estar entre 1 e 50.000.000 (recebido \(options.imoveis)).")
        }
        guard (1...120).contains(options.meses) else {
            throw SeedError("--meses deve estar entre 1 e 120 (recebido \(options.meses)).")
        }
        self.options = options
        self.logger = logger
        layout = SeedLayout(imoveis: options.imoveis, seed: options.seed)
        calendar = SeedCalendar(hoje: options.hoje, meses: options.meses)
    }

    /// Rows written per table, in the order written.
    @discardableResult
    public func run(connection: PostgresConnection) throws -> [(tabela: String, linhas: Int)] {
        guard try connection.query("SELECT to_regclass('cadastro.imovel') IS NOT NULL")[0].decode(Bool.self, at: 0) else {
            throw SeedError("O banco não tem o modelo do GSAN. Rode `gsan migrate` antes de `gsan seed`.")
        }
        return try connection.withTransaction { connection in
            let existentes = try connection.query("SELECT count(*) FROM cadastro.imovel")[0].decode(Int.self, at: 0)
            let configurado = try connection.query("SELECT count(*) FROM cadastro.categoria")[0].decode(Int.self, at: 0)
            if existentes > 0 || configurado > 0 {
                guard options.substituir else {
                    throw SeedError(
                        "O banco já contém dados (\(existentes) imóveis). Use --substituir para apagá-los e gerar de novo.")
                }
                logger.info("apagando os dados anteriores", metadata: ["imoveis": "\(existentes)"])
            }
            // Also on an empty database: it restarts the identity sequences, which an aborted
            // earlier seed may have advanced, so the same seed always gives the same ids.
            try connection.executeScript(SeedTables.truncate)
            // The job record goes with the utility it worked on: its ids name rows (caac=N,
            // grupo=G) that now mean other things, and would keep the new ones from running.
            try JobRecords.removeAll(db: connection)
            try connection.executeScript(SeedTables.removerChavesEstrangeiras)
            var writer = SeedWriter(connection: connection, logger: logger)
            try connection.executeScript(
                SeedCatalogs.sql(hoje: options.hoje.iso, referencia: calendar.referenciaCorrente))
            try writeTarifa(&writer)
            try writeLocalizacao(&writer)
            try connection.executeScript(SeedCatalogs.parametros(referencia: calendar.referenciaCorrente))
            try writeImoveis(&writer)
            try writeFaturamento(&writer)
            try writeCobranca(&writer)
            try writeDadosConta(connection)
            let validando = ContinuousClock.now
            try connection.executeScript(SeedTables.recriarChavesEstrangeiras)
            logger.info("chaves estrangeiras recriadas e validadas", metadata: ["duracao": "\(ContinuousClock.now - validando)"])
            try connection.executeScript(SeedTables.ajustarSequencias)
            // Statistics for what runs next on the data (the judicial agreements, the month):
            // autovacuum would take its time, and until then the planner guesses.
            let analisando = ContinuousClock.now
            try connection.executeScript(SeedTables.analisar)
            logger.info("estatísticas do planejador (ANALYZE)", metadata: ["duracao": "\(ContinuousClock.now - analisando)"])
            return writer.counts
        }
    }
}

/// COPY with row counting and a log line per table.
struct SeedWriter {
    let connection: PostgresConnection
    let logger: Logger
    var counts: [(tabela: String, linhas: Int)] = []

    mutating func copy(
        _ table: String, _ columns: String, _ produce: (inout PostgresCopyWriter) throws -> Void
    ) throws {
        let started = ContinuousClock.now
        let rows = try connection.copyIn("COPY \(table) (\(columns)) FROM STDIN", produce)
        counts.append((table, rows))
        logger.info(
            "tabela gerada",
            metadata: ["tabela": "\(table)", "linhas": "\(rows)", "duracao": "\(ContinuousClock.now - started)"])
    }
}
