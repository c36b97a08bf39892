import Foundation
import GSANModel
import GSANSupport
import Postgres
import Rotas
import RotasRegras
import Testing

/// The route files' bytes for a fixed generated utility (two seeds), as the loader produced them
/// before it was rewritten (issue 22): every file and part by name, size and SHA-256
/// (`ArquivosDeReferencia.swift`). A change of the loader must give the same bytes; a change of
/// what the file carries regenerates the reference on purpose, in its own commit:
/// `GSAN_REGRAVAR_ARQUIVOS_ROTA=1 swift test --filter MesmosBytesTests` rewrites it and fails,
/// so a rewritten reference is never a passing run.
@Suite struct MesmosBytesTests {
    static let casos: [(imoveis: Int, semente: UInt64)] = [(6000, 7), (3300, 23)]

    @Test func mesmosBytesQueAntes() async throws {
        var cobertura = Cobertura()
        let regravar = ProcessInfo.processInfo.environment["GSAN_REGRAVAR_ARQUIVOS_ROTA"] == "1"
        var regravados = arquivosDeReferencia
        for (imoveis, semente) in Self.casos {
            let (gerados, desta) = try await withUtility(imoveis: imoveis, seed: semente) { db, _, configuracao in
                let rotas = try db.query("SELECT rota_id, ftgr_id FROM micromedicao.rota ORDER BY 1").map {
                    (try $0.decode(Int.self, at: 0), try $0.decode(Int.self, at: 1))
                }
                try Self.avisosDeCorte(db)
                for (rota, grupo) in rotas {
                    let r = try gerar(db, configuracao, grupo: grupo, rota: rota)
                    #expect(r.situacao == .gerado, "\(r)")
                }
                var desta = Cobertura()
                return (try Self.arquivos(db, cobertura: &desta), desta)
            }
            cobertura.tipos.formUnion(desta.tipos)
            cobertura.macros += desta.macros
            cobertura.partes += desta.partes
            cobertura.parcelamentos += desta.parcelamentos
            cobertura.camposDaConta.formUnion(desta.camposDaConta)
            cobertura.codigosDeBarras += desta.codigosDeBarras
            let chave = "\(imoveis)/\(semente)"
            if regravar {
                regravados[chave] = gerados
                Issue.record("referência \(chave) regravada: rode de novo sem GSAN_REGRAVAR_ARQUIVOS_ROTA")
                continue
            }
            let referencia = try #require(arquivosDeReferencia[chave], "sem referência para \(chave)")
            #expect(gerados.count == referencia.count)
            for (nome, esperado) in referencia.sorted(by: { $0.key < $1.key }) {
                #expect(gerados[nome] == esperado, "\(chave) \(nome): \(gerados[nome].map { "\($0)" } ?? "ausente") ≠ \(esperado)")
            }
        }
        if regravar { try Self.regravar(regravados) }
        // The data exercise every kind of record the loader fills (or the comparison proves little).
        for tipo in ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15", "16", "17", "18"] {
            #expect(cobertura.tipos.contains(tipo), "nenhum registro \(tipo) nos arquivos comparados")
        }
        // And the bill's own fields (issue 20): débito automático, messages, the aviso de corte's
        // barcode (each one checked digit by digit), the situação especial, the notice.
        for campo in [17, 18, 46, 47, 53, 55, 56, 63, 65, 80] {
            #expect(cobertura.camposDaConta.contains(campo), "o campo 01.\(campo) nunca preenchido nos arquivos comparados")
        }
        #expect(cobertura.codigosDeBarras > 0)
        #expect(cobertura.macros > 0 && cobertura.partes > 0 && cobertura.parcelamentos > 0, "\(cobertura)")
    }

    /// The generator issues no aviso de corte: one for every 7th imóvel with a pre-billed bill,
    /// emitted 5 days before its group's reading day, over its older bills (record 07), worth
    /// their sum (the barcode's value, 01.53).
    static func avisosDeCorte(_ db: PostgresConnection) throws {
        try db.execute(
            """
            INSERT INTO cobranca.cobranca_documento
                (cbdo_nnsequenciadocumento, cbdo_tmemissao, cbdo_vldocumento, imov_id, loca_id, qdra_id, iper_id, last_id, lest_id, dotp_id)
            SELECT c.imov_id, make_date(2025, 6, g.ftgr_nndialeitura) - 5 + time '10:00', 0, i.imov_id, i.loca_id, i.qdra_id, i.iper_id,
                   i.last_id, i.lest_id, 12
            FROM faturamento.conta c JOIN cadastro.imovel i ON i.imov_id = c.imov_id
            JOIN faturamento.faturamento_grupo g ON g.ftgr_id = c.ftgr_id
            WHERE c.cnta_amreferenciaconta = 202506 AND c.dcst_idatual = 9 AND c.imov_id % 7 = 0
            """)
        try db.execute(
            """
            INSERT INTO cobranca.cobranca_documento_item (cbdo_id, dotp_id, cnta_id, cdit_vlitemcobrado, cdit_vlacrescimos)
            SELECT d.cbdo_id, 1, c.cnta_id, c.cnta_vlagua + c.cnta_vlesgoto, (c.cnta_id % 500) / 100.0
            FROM cobranca.cobranca_documento d JOIN faturamento.conta c ON c.imov_id = d.imov_id AND c.cnta_amreferenciaconta < 202506
            WHERE d.dotp_id = 12
            """)
        // Its value (the barcode's, 01.53): its bills with their acréscimos.
        try db.execute(
            """
            UPDATE cobranca.cobranca_documento d SET cbdo_vldocumento = s.total
            FROM (SELECT cbdo_id, sum(cdit_vlitemcobrado + cdit_vlacrescimos) AS total FROM cobranca.cobranca_documento_item GROUP BY cbdo_id) s
            WHERE s.cbdo_id = d.cbdo_id AND d.dotp_id = 12
            """)
    }

    struct Cobertura: Sendable {
        var tipos: Set<String> = []
        var macros = 0
        var partes = 0
        var parcelamentos = 0
        var camposDaConta: Set<Int> = []
        var codigosDeBarras = 0
    }

    /// Every stored file and part: name → "bytes sha256" of its text.
    static func arquivos(_ db: PostgresConnection, cobertura: inout Cobertura) throws -> [String: String] {
        var resultado: [String: String] = [:]
        let linhas = try db.query(
            """
            SELECT txre_nmarquivo, txre_artexto, false FROM micromedicao.arquivo_texto_rota
            UNION ALL
            SELECT tred_nmarquivo, tred_artextoparte, true FROM micromedicao.arquivo_texto_rota_parte
            """)
        for linha in linhas {
            let nome = try linha.decode(String.self, at: 0)
            let texto = try Gzip.descomprimir(linha.decode([UInt8].self, at: 1))
            resultado[nome] = "\(texto.count) \(SHA256.hex(texto))"
            if let pasta = ProcessInfo.processInfo.environment["GSAN_ARQUIVOS_ROTA_DESPEJO"] {
                #expect(FileManager.default.createFile(atPath: pasta + "/" + String(texto.count) + "-" + nome + ".txt", contents: Data(texto)))
            }
            if try linha.decode(Bool.self, at: 2) {
                cobertura.partes += 1
                continue
            }
            for registro in MontagemArquivo.texto(texto).split(separator: "\n") {
                let campos = registro.split(separator: "|", omittingEmptySubsequences: false)
                cobertura.tipos.insert(String(campos[0]))
                if campos[0] == "01", campos.count > 20, campos[20] == "1" { cobertura.macros += 1 }
                if campos[0] == "04", registro.contains("PARCELAMENTO DE DEBITOS") { cobertura.parcelamentos += 1 }
                if campos[0] == "01", campos.count == 82 {
                    for campo in [17, 18, 46, 47, 53, 55, 56, 63, 65, 80] where !campos[campo - 1].isEmpty && campos[campo - 1] != "2" {
                        cobertura.camposDaConta.insert(campo)
                    }
                    if !campos[52].isEmpty {
                        #expect(CodigoBarras.valida(String(campos[52])), "código de barras inválido: \(registro)")
                        cobertura.codigosDeBarras += 1
                    }
                }
            }
        }
        return resultado
    }

    static func regravar(_ atuais: [String: [String: String]]) throws {
        let caminho = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("ArquivosDeReferencia.swift").path
        var fonte = """
            // Generated by MesmosBytesTests (GSAN_REGRAVAR_ARQUIVOS_ROTA=1): the route files' size and
            // SHA-256 per generated utility (imóveis/semente), file or part name → "bytes sha256".
            let arquivosDeReferencia: [String: [String: String]] = [

            """
        for (caso, arquivos) in atuais.sorted(by: { $0.key < $1.key }) {
            fonte += "    \"\(caso)\": [\n"
            for (nome, valor) in arquivos.sorted(by: { $0.key < $1.key }) { fonte += "        \"\(nome)\": \"\(valor)\",\n" }
            fonte += "    ],\n"
        }
        fonte += "]\n"
        try fonte.write(toFile: caminho, atomically: true, encoding: .utf8)
    }
}
