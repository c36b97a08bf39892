import Contratos
import Documentos
import EncerramentoOS
import EncerramentoRegras
import Foundation
import GSANModel
import GSANSeed
import Logging
import Postgres
import TestSupport

let silencio = Logger(label: "gsan.tests.encerramento") { _ in SwiftLogNoOpLogHandler() }

func conectar(_ url: String) throws -> PostgresConnection {
    do {
        return try PostgresConnection(url: url, logger: silencio, applicationName: "gsan-encerramento-tests")
    } catch {
        throw ServerUnavailable(server: "PostgreSQL", url: url, underlying: error)
    }
}

/// A scratch database with a generated utility whose rotas are all in group 1.
func comCompanhia<T: Sendable>(imoveis: Int, _ corpo: @escaping @Sendable (PostgresConnection, String) throws -> T) async throws -> T {
    try await withScratchDatabase(migrations: nil) { url in
        let db = try conectar(url)
        defer { db.close() }
        try Seeder(options: SeedOptions(imoveis: imoveis, seed: 11, meses: 4), logger: silencio).run(connection: db)
        try db.execute("UPDATE micromedicao.rota SET cbgr_id = 1")
        try db.executeScript("ANALYZE")
        return try corpo(db, url)
    }
}

/// The activity row (caac) of an action's activity in group 1's cycle.
func atividade(_ db: PostgresConnection, acao: Int, atividade: Int) throws -> Int {
    try db.query(
        """
        SELECT a.caac_id FROM cobranca.cobranca_acao_ativ_crg a
        JOIN cobranca.cobranca_acao_cronograma c USING (cbcr_id) JOIN cobranca.cobranca_grupo_crg_mes m USING (cbcm_id)
        WHERE m.cbgr_id = 1 AND c.cbac_id = $1 AND a.cbat_id = $2
        """, [acao, atividade])[0].decode(Int.self, at: 0)
}

/// EMITIR of an action in-process (selection per rota, the command's cap), without the files.
func emitir(_ db: PostgresConnection, acao: Int) throws {
    let comando = ComandoDocumentos.cronograma(try atividade(db, acao: acao, atividade: 2))
    let contexto = try db.withTransaction { try ContextoComando.carregar(comando, db: $0) }
    for parte in try db.withTransaction({ try contexto.rotas(db: $0) }) {
        _ = try db.withTransaction { try SelecaoRota(logger: silencio).processar(parte, contexto: contexto, db: $0) }
    }
    _ = try db.withTransaction { try LimiteComando(logger: silencio).aplicar(contexto, db: $0) }
}

/// A decurso pass over an activity, rota by rota, each in a transaction of its own.
@discardableResult
func passarDecurso(_ db: PostgresConnection, atividade caac: Int) throws -> (encerradas: Int, noPrazo: Int) {
    let ciclo = try db.withTransaction { try AcaoCiclo.carregar(caac, db: $0) }
    var total = (encerradas: 0, noPrazo: 0)
    for rota in try db.withTransaction({ try DecursoPrazo.rotas(ciclo, db: $0) }) {
        let r = try db.withTransaction { try DecursoPrazo(logger: silencio).encerrar(ciclo, rota: rota, db: $0) }
        total.encerradas += r.encerradas
        total.noPrazo += r.noPrazo
    }
    return total
}

func contar(_ db: PostgresConnection, _ sql: String, _ binds: [(any PostgresEncodable)?] = []) throws -> Int {
    try db.query(sql, binds)[0].decode(Int.self, at: 0)
}

func data(_ texto: String) -> CivilDate { CivilDate(brazilian: texto)! }

func linhas(_ db: PostgresConnection, _ sql: String, _ binds: [(any PostgresEncodable)?] = []) throws -> [[String]] {
    try db.query(sql, binds).map { row in
        (0..<row.columnCount).map { row.isNull(at: $0) ? "∅" : ((try? row.decode(String.self, at: $0)) ?? "?") }
    }
}

/// The contractor's visits done before the corte is issued: the ordem de corte goes only to imóveis
/// whose visita was executed (seed 002 §1.2.3). Every visita of group 1's cycle from the
/// `aPartirDe`-th on (in OS order) closed with motivo 2 CONCLUSÃO DO SERVIÇO on 13/06/2025; the
/// first ones stay pending for the test.
func executarVisitas(_ db: PostgresConnection, aPartirDe primeira: Int) throws {
    let visitas = try EncerramentoInformadoTests.ordens(db, acao: 34)
    for ordem in visitas.dropFirst(primeira) {
        try EncerramentoInformado.encerrar(.init(ordem: ordem, motivo: 2, data: data("13/06/2025")), hoje: data("30/06/2025"), db: db)
    }
}

/// The refusal's message of what `corpo` does (nil when it does it): rules' messages are the tests' subject.
func recusaDe(_ corpo: () throws -> Void) -> String? {
    do {
        try corpo()
        return nil
    } catch let ErroEncerramento.recusa(m) {
        return m
    } catch {
        return "\(error)"
    }
}
