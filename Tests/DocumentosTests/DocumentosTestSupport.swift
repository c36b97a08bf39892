import Contratos
import Documentos
import DocumentosRegras
import Foundation
import GSANModel
import GSANSeed
import Logging
import Postgres
import TestSupport

let quietLogger = Logger(label: "gsan.tests.documentos") { _ in SwiftLogNoOpLogHandler() }

func connect(_ url: String) throws -> PostgresConnection {
    do {
        return try PostgresConnection(url: url, logger: quietLogger, applicationName: "gsan-documentos-tests")
    } catch {
        throw ServerUnavailable(server: "PostgreSQL", url: url, underlying: error)
    }
}

/// A scratch database with every migration and a generated utility; `body` runs with a
/// connection to it and a scratch folder for the files.
func withUtility<T: Sendable>(
    imoveis: Int, seed: UInt64 = 7, _ body: @escaping @Sendable (PostgresConnection, String, DiretorioArquivos) throws -> T
) async throws -> T {
    try await withScratchDatabase(migrations: nil) { url in
        let db = try connect(url)
        defer { db.close() }
        try Seeder(options: SeedOptions(imoveis: imoveis, seed: seed, meses: 4), logger: quietLogger).run(connection: db)
        try db.executeScript("ANALYZE")
        let pasta = FileManager.default.temporaryDirectory.appendingPathComponent("gsan-documentos-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: pasta) }
        return try body(db, url, DiretorioArquivos(raiz: pasta))
    }
}

/// The activity row (caac) of an action's SIMULAR (1) or EMITIR (2) in a group's schedule.
func atividade(_ db: PostgresConnection, grupo: Int, acao: Int, atividade: Int) throws -> Int {
    try db.query(
        """
        SELECT a.caac_id FROM cobranca.cobranca_acao_ativ_crg a
        JOIN cobranca.cobranca_acao_cronograma c USING (cbcr_id) JOIN cobranca.cobranca_grupo_crg_mes m USING (cbcm_id)
        WHERE m.cbgr_id = $1 AND c.cbac_id = $2 AND a.cbat_id = $3
        """, [grupo, acao, atividade])[0].decode(Int.self, at: 0)
}

/// A command's jobs as the worker runs them, each in a transaction of its own: the selection (the rotas
/// with the ids it reserves for them, as the worker's; `numerar: false` leaves the rows to the
/// sequences), the rotas (in the given order), the fan-in, the files (in the same order).
@discardableResult
func executar(
    _ db: PostgresConnection, _ comando: ComandoDocumentos, arquivos: DiretorioArquivos,
    ordemDasRotas: @escaping ([RotaDoComando]) -> [RotaDoComando] = { $0 }, numerar: Bool = true
) throws -> LimiteComando.Resultado {
    let contexto = try db.withTransaction { try ContextoComando.carregar(comando, db: $0) }
    let partes = try db.withTransaction { numerar ? try contexto.rotasNumeradas(db: $0) : try contexto.rotas(db: $0) }
    for parte in ordemDasRotas(partes) {
        _ = try db.withTransaction { try SelecaoRota(logger: quietLogger).processar(parte, contexto: contexto, db: $0) }
    }
    let resultado = try db.withTransaction { try LimiteComando(logger: quietLogger).aplicar(contexto, db: $0) }
    if !contexto.simular {
        let arquivosPorRota = try db.withTransaction { db in
            numerar ? try resultado.partesArquivo(comando, db: db)
                : resultado.rotas.filter { $0.documentos > 0 }.map { ParteArquivo(comando: comando, rota: $0.rota) }
        }
        // The files in the rotas' order (the given one).
        let ordem = Dictionary(uniqueKeysWithValues: ordemDasRotas(partes).enumerated().map { ($1.rota, $0) })
        for parte in arquivosPorRota.sorted(by: { (ordem[$0.rota] ?? 0) < (ordem[$1.rota] ?? 0) }) {
            _ = try db.withTransaction { try Arquivos(diretorio: arquivos, logger: quietLogger).gerar(parte, db: $0) }
        }
    }
    return resultado
}

func inteiros(_ db: PostgresConnection, _ sql: String, _ binds: [(any PostgresEncodable)?] = []) throws -> [Int] {
    try db.query(sql, binds).map { try $0.decode(Int.self, at: 0) }
}

func contar(_ db: PostgresConnection, _ sql: String, _ binds: [(any PostgresEncodable)?] = []) throws -> Int {
    try db.query(sql, binds)[0].decode(Int.self, at: 0)
}

/// `qpdf --show-npages` (Debian qpdf, installed by ops/up): the PDF opens and has this many pages.
func paginasPDF(_ caminho: String) throws -> Int {
    let processo = Process()
    processo.executableURL = URL(fileURLWithPath: "/usr/bin/qpdf")
    processo.arguments = ["--show-npages", caminho]
    let saida = Pipe()
    processo.standardOutput = saida
    processo.standardError = saida
    try processo.run()
    let dados = saida.fileHandleForReading.readDataToEndOfFile()
    processo.waitUntilExit()
    let texto = String(decoding: dados, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    guard processo.terminationStatus == 0, let paginas = Int(texto) else {
        throw ErroTeste("qpdf falhou (\(processo.terminationStatus)) em \(caminho): \(texto)")
    }
    return paginas
}

struct ErroTeste: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
