import Contratos
import Faturamento
import Foundation
import GSANModel
import GSANSeed
import JusCompesa
import JusCompesaRegras
import Logging
import Postgres
import TestSupport

let quietLogger = Logger(label: "gsan.tests.juscompesa") { _ in SwiftLogNoOpLogHandler() }

/// The seed's current reference (its default "today", 02/06/2025) and the group the tests close.
let referenciaSeed = 202506
let alvoGrupo1 = ReferenciaDoGrupo(grupoFaturamento: 1, referencia: referenciaSeed)

func connect(_ url: String) throws -> PostgresConnection {
    do {
        return try PostgresConnection(url: url, logger: quietLogger, applicationName: "gsan-juscompesa-tests")
    } catch {
        throw ServerUnavailable(server: "PostgreSQL", url: url, underlying: error)
    }
}

/// A scratch database with every migration and a generated utility; `body` runs on the test's
/// own task (so `#expect` is attributed to the test) with a connection to it.
func withUtility<T: Sendable>(
    imoveis: Int, seed: UInt64 = 7, meses: Int = 4, _ body: @escaping @Sendable (PostgresConnection, String) throws -> T
) async throws -> T {
    try await withScratchDatabase(migrations: nil) { url in
        let db = try connect(url)
        defer { db.close() }
        try semear(db, imoveis: imoveis, seed: seed, meses: meses)
        return try body(db, url)
    }
}

func semear(_ db: PostgresConnection, imoveis: Int, seed: UInt64, meses: Int) throws {
    try Seeder(options: SeedOptions(imoveis: imoveis, seed: seed, meses: meses), logger: quietLogger).run(connection: db)
    try db.executeScript("ANALYZE")
}

/// The group's monthly close (Core/Faturamento), as the chain's `faturamento.encerrar` runs it
/// between the two JusCompesa steps: the group's pre-billed bills of the reference become
/// NORMAL with their values, the group moves to the next reference, whose bills are pre-billed.
func encerrar(_ db: PostgresConnection, _ alvo: ReferenciaDoGrupo) throws {
    _ = try db.withTransaction { try Encerramento(logger: quietLogger).encerrar(alvo, jobID: nil, db: $0) }
}

/// The pre-close step as its jobs run it: the group-level plan, then each localidade, each in
/// a transaction of its own.
@discardableResult
func executarPreFechamento(_ db: PostgresConnection, _ alvo: ReferenciaDoGrupo) throws
    -> (plano: PreFechamento.Plano, partes: [PreFechamento.Resumo])
{
    let pre = PreFechamento(logger: quietLogger)
    let plano = try db.withTransaction { try pre.planejar(alvo, db: $0) }
    let partes = try plano.partes.map { parte in try db.withTransaction { try pre.processar(parte, db: $0) } }
    return (plano, partes)
}

/// The post-close step as its jobs run it.
@discardableResult
func executarPosFechamento(_ db: PostgresConnection, _ alvo: ReferenciaDoGrupo) throws
    -> (plano: PosFechamento.Plano, partes: [PosFechamento.Resumo])
{
    let pos = PosFechamento(logger: quietLogger)
    let plano = try db.withTransaction { try pos.planejar(alvo, db: $0) }
    let partes = try plano.localidades.map { localidade in
        try db.withTransaction { db in
            try pos.processar(
                PartePosFechamento(
                    grupoFaturamento: alvo.grupoFaturamento, referencia: alvo.referencia, localidade: localidade,
                    remessa: plano.remessa.id, parametros: plano.parametros, hoje: alvo.hoje), db: db)
        }
    }
    return (plano, partes)
}

/// Integers a query returns, in its order.
func inteiros(_ db: PostgresConnection, _ sql: String, _ binds: [(any PostgresEncodable)?] = []) throws -> [Int] {
    try db.query(sql, binds).map { try $0.decode(Int.self, at: 0) }
}

func contar(_ db: PostgresConnection, _ sql: String, _ binds: [(any PostgresEncodable)?] = []) throws -> Int {
    try db.query(sql, binds)[0].decode(Int.self, at: 0)
}

/// Open bills as the tests see them, written independently of the worker's loader: NORMAL,
/// RETIFICADA or INCLUÍDA, positive total, no payment.
let contasEmAbertoSQL = """
    SELECT c.cnta_id FROM faturamento.conta c
    WHERE c.imov_id = ANY($1::int[]) AND c.dcst_idatual IN (0, 1, 2)
      AND c.cnta_vlagua + c.cnta_vlesgoto + c.cnta_vldebitos - c.cnta_vlcreditos - c.cnta_vlimpostos > 0
      AND c.cnta_id NOT IN (SELECT p.cnta_id FROM arrecadacao.pagamento p WHERE p.cnta_id IS NOT NULL)
    ORDER BY 1
    """

func lista(_ valores: [Int]) -> String { "{" + valores.map(String.init).joined(separator: ",") + "}" }

/// A CNJ process number NNNNNNN-DD.2025.8.17.0001 with its check digits (the shared rule).
func processoCNJ(_ sequencial: Int) -> String {
    ProcessoJudicial(sequencial: sequencial, ano: 2025, segmento: 8, tribunal: 17, origem: 1)?.numero ?? ""
}

/// Appends a request as JusCompesa would; returns its id.
@discardableResult
func informar(_ db: PostgresConnection, imovel: Int, operacao: String = "I", processo: String?) throws -> Int {
    try db.query(
        """
        INSERT INTO juscompesa.imovel_informado (imov_id, jcii_cdoperacao, jcii_nnprocessojudicial)
        VALUES ($1, $2, $3) RETURNING jcii_id
        """, [imovel, operacao, processo])[0].decode(Int.self, at: 0)
}

/// Imóveis not in judicial collection and not reported, with open bills (or without any).
func imoveisComuns(_ db: PostgresConnection, comDebito: Bool, quantidade: Int) throws -> [Int] {
    try inteiros(
        db,
        """
        SELECT m.imov_id FROM cadastro.imovel m
        WHERE m.cbst_id IS NULL AND NOT EXISTS (SELECT 1 FROM juscompesa.imovel_informado i WHERE i.imov_id = m.imov_id)
          AND \(comDebito ? "" : "NOT") EXISTS (
              SELECT 1 FROM faturamento.conta c WHERE c.imov_id = m.imov_id AND c.dcst_idatual IN (0, 1, 2)
                AND c.cnta_vlagua + c.cnta_vlesgoto + c.cnta_vldebitos - c.cnta_vlcreditos - c.cnta_vlimpostos > 0
                AND NOT EXISTS (SELECT 1 FROM arrecadacao.pagamento p WHERE p.cnta_id = c.cnta_id))
        ORDER BY m.imov_id LIMIT $1
        """, [quantidade])
}
