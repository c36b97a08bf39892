import Foundation
import GSANDatabase
import GSANSupport
import Postgres
import TestSupport
import Testing

/// Generated files in the database (migration 0025): stored in parts, listed, exported byte for
/// byte with their SHA-256 checked, rewritten only when they change, rolled back with the
/// transaction that records them, and never written outside the folder they are exported to.
@Suite struct ArquivosGeradosTests {
    static func pasta() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gsan-arquivos-" + UUID().uuidString, isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Deterministic bytes that do not compress: a file of `n` bytes.
    static func bytes(_ n: Int, semente: UInt64) -> [UInt8] {
        var x = semente
        return (0..<n).map { _ in
            x = x &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: x >> 33)
        }
    }

    static func modo(_ caminho: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: caminho)[.posixPermissions] as? Int) ?? -1
    }

    @Test func aFileOfThreePartsGoesInAndComesOutByteForByte() async throws {
        let pasta = try Self.pasta()
        defer { try? FileManager.default.removeItem(at: pasta) }
        let conteudo = Self.bytes(2 * ArquivosGerados.tamanhoParte + 12_345, semente: 7)
        let origem = pasta.appendingPathComponent("rota-000045.pdf")
        try Data(conteudo).write(to: origem)
        let (registro, listados, exportado) = try await withMigratedDatabase { db in
            let registro = try ArquivosGerados.gravar(
                origem, tipo: .documentosPDF, chave: "caac-000012/rota-000045.pdf", referencia: 202506, origem: "caac-000012", db: db)
            let listados = try ArquivosGerados.listar(origem: "caac-000012", db: db)
            let exportado = try ArquivosGerados.exportar(registro, para: pasta.appendingPathComponent("saida"), db: db)
            return (registro, listados, exportado)
        }
        #expect(registro.partes == 3)
        #expect(registro.tamanho == Int64(conteudo.count))
        #expect(registro.sha256 == SHA256.hex(conteudo))
        #expect(listados == [registro])
        #expect(exportado.path == pasta.path + "/saida/documentos-pdf/caac-000012/rota-000045.pdf")
        #expect(try [UInt8](Data(contentsOf: exportado)) == conteudo)
        #expect(try Self.modo(exportado.path) == 0o640)
        #expect(try Self.modo(exportado.deletingLastPathComponent().path) == 0o750)
    }

    @Test func theSameBytesAgainWriteNothingAndChangedBytesReplaceTheParts() async throws {
        let pasta = try Self.pasta()
        defer { try? FileManager.default.removeItem(at: pasta) }
        let origem = pasta.appendingPathComponent("g.pdf")
        try Data(Self.bytes(ArquivosGerados.tamanhoParte + 1, semente: 1)).write(to: origem)
        let (antes, depois, partesAntes, novo, partesNovo, novoConteudo) = try await withMigratedDatabase { db in
            let marca = "SELECT argr_tmgravacao::text || ':' || (SELECT string_agg(ctid::text, ',') FROM arquivo.arquivo_gerado_parte) FROM arquivo.arquivo_gerado"
            try ArquivosGerados.gravar(origem, tipo: .guiasParcelamento, chave: "g.pdf", db: db)
            let antes = try db.query(marca)[0].decode(String.self, at: 0)
            let partesAntes = try db.query("SELECT count(*) FROM arquivo.arquivo_gerado_parte")[0].decode(Int.self, at: 0)
            try ArquivosGerados.gravar(origem, tipo: .guiasParcelamento, chave: "g.pdf", db: db)
            let depois = try db.query(marca)[0].decode(String.self, at: 0)
            let menor = Self.bytes(100, semente: 2)
            try Data(menor).write(to: origem)
            let novo = try ArquivosGerados.gravar(origem, tipo: .guiasParcelamento, chave: "g.pdf", db: db)
            let partesNovo = try db.query("SELECT count(*) FROM arquivo.arquivo_gerado_parte")[0].decode(Int.self, at: 0)
            let exportado = try ArquivosGerados.exportar(novo, para: pasta, db: db)
            return (antes, depois, partesAntes, novo, partesNovo, try [UInt8](Data(contentsOf: exportado)) == menor)
        }
        #expect(partesAntes == 2)
        #expect(antes == depois, "a segunda gravação dos mesmos bytes não reescreve nada")
        #expect(novo.partes == 1 && novo.tamanho == 100)
        #expect(partesNovo == 1, "as partes do conteúdo anterior foram apagadas")
        #expect(novoConteudo)
    }

    @Test func anEmptyFileHasNoPartsAndExportsEmpty() async throws {
        let pasta = try Self.pasta()
        defer { try? FileManager.default.removeItem(at: pasta) }
        let origem = pasta.appendingPathComponent("vazio.txt")
        try Data().write(to: origem)
        let (registro, tamanho) = try await withMigratedDatabase { db in
            let registro = try ArquivosGerados.gravar(origem, tipo: .documentosGrafica, chave: "cacm-000001/vazio.txt", db: db)
            let exportado = try ArquivosGerados.exportar(registro, para: pasta.appendingPathComponent("x"), db: db)
            return (registro, try Data(contentsOf: exportado).count)
        }
        #expect(registro.partes == 0 && registro.tamanho == 0)
        #expect(registro.sha256 == SHA256.hex([UInt8]()))
        #expect(tamanho == 0)
    }

    @Test(arguments: ["../fora.pdf", "/etc/passwd", "a/../../b", ".oculto", "a//b", "a/./b", "", "-opcao", "a b.pdf",
                      String(repeating: "a", count: 256)])
    func aPathThatCouldLeaveItsFolderIsRefusedBySwiftAndByTheTable(_ chave: String) async throws {
        #expect(!ArquivosGerados.chaveValida(chave))
        let pasta = try Self.pasta()
        defer { try? FileManager.default.removeItem(at: pasta) }
        let origem = pasta.appendingPathComponent("f")
        try Data([1, 2, 3]).write(to: origem)
        let (recusadoSwift, recusadoBanco, linhas) = try await withMigratedDatabase { db in
            var recusadoSwift = false
            do { try ArquivosGerados.gravar(origem, tipo: .documentosPDF, chave: chave, db: db) } catch ArquivosGerados.Erro.chaveInvalida {
                recusadoSwift = true
            }
            var recusadoBanco = false
            do {
                try db.execute(
                    "INSERT INTO arquivo.arquivo_gerado (argr_tipo, argr_nmchave, argr_nntamanho, argr_nnsha256, argr_nnpartes) VALUES ('documentos-pdf', $1, 0, $2, 0)",
                    [chave, String(repeating: "0", count: 64)])
            } catch let erro as PostgresError where erro.sqlState == "23514" {
                recusadoBanco = true
            }
            return (recusadoSwift, recusadoBanco, try db.query("SELECT count(*) FROM arquivo.arquivo_gerado")[0].decode(Int.self, at: 0))
        }
        #expect(recusadoSwift)
        #expect(recusadoBanco)
        #expect(linhas == 0)
    }

    @Test func aTamperedPartIsNotExportedAndLeavesNoFile() async throws {
        let pasta = try Self.pasta()
        defer { try? FileManager.default.removeItem(at: pasta) }
        let origem = pasta.appendingPathComponent("r.pdf")
        try Data(Self.bytes(5_000, semente: 3)).write(to: origem)
        let saida = pasta.appendingPathComponent("saida")
        let erro = try await withMigratedDatabase { db -> String? in
            let registro = try ArquivosGerados.gravar(origem, tipo: .boletimMedicao, chave: "r.pdf", db: db)
            try db.execute("UPDATE arquivo.arquivo_gerado_parte SET agpt_conteudo = overlay(agpt_conteudo placing '\\x00'::bytea from 10)")
            do {
                try ArquivosGerados.exportar(registro, para: saida, db: db)
                return nil
            } catch let erro as ArquivosGerados.Erro {
                return erro.description
            }
        }
        #expect(erro == "O conteúdo de medicao-boletim/r.pdf no banco não confere com o SHA-256 gravado: o arquivo não foi exportado.")
        let restantes = (try? FileManager.default.contentsOfDirectory(atPath: saida.path + "/medicao-boletim")) ?? []
        #expect(restantes.isEmpty, "nem o arquivo nem o temporário ficaram: \(restantes)")
    }

    @Test func aRolledBackTransactionTakesTheFileWithIt() async throws {
        let pasta = try Self.pasta()
        defer { try? FileManager.default.removeItem(at: pasta) }
        let origem = pasta.appendingPathComponent("t.txt")
        try Data("conteúdo".utf8).write(to: origem)
        struct Desfaz: Error {}
        let linhas = try await withMigratedDatabase { db in
            do {
                try db.withTransaction { tx in
                    try ArquivosGerados.gravar(origem, tipo: .documentosGrafica, chave: "t.txt", db: tx)
                    throw Desfaz()
                }
            } catch is Desfaz {}
            return try db.query("SELECT (SELECT count(*) FROM arquivo.arquivo_gerado) + (SELECT count(*) FROM arquivo.arquivo_gerado_parte)")[0]
                .decode(Int.self, at: 0)
        }
        #expect(linhas == 0)
    }

    @Test func manyFilesAtOnceAreStoredAsEachAloneWouldBe() async throws {
        let pasta = try Self.pasta()
        defer { try? FileManager.default.removeItem(at: pasta) }
        // Small forms, an empty one and one of two parts (through the single-file path), in one call.
        var conteudos: [String: [UInt8]] = [:]
        for i in 0..<30 { conteudos[String(format: "seletiva-000001/os-%d.pdf", 100 + i)] = Self.bytes(1_000 + 37 * i, semente: UInt64(i)) }
        conteudos["seletiva-000001/vazio.pdf"] = []
        conteudos["seletiva-000001/grande.pdf"] = Self.bytes(ArquivosGerados.tamanhoParte + 5, semente: 99)
        let chaves = conteudos.keys.sorted()
        for (chave, bytes) in conteudos { try Data(bytes).write(to: pasta.appendingPathComponent(chave.replacingOccurrences(of: "/", with: "_"))) }
        let arquivos = chaves.map {
            ArquivosGerados.AGravar(pasta.appendingPathComponent($0.replacingOccurrences(of: "/", with: "_")), chave: $0, referencia: 202506)
        }
        let alterada = chaves[3]
        let (registros, listados, exportados, iguais, depois, partesAlterada, recusa, total) = try await withMigratedDatabase { db in
            let registros = try ArquivosGerados.gravar(arquivos, tipo: .fiscalizacaoSeletiva, origem: "seletiva-1", db: db)
            let listados = try ArquivosGerados.listar(tipo: .fiscalizacaoSeletiva, db: db)
            let exportados = try registros.map { try [UInt8](Data(contentsOf: try ArquivosGerados.exportar($0, para: pasta.appendingPathComponent("saida"), db: db))) }
            // The same bytes again write nothing; one changed file replaces its own part only.
            let marca = "SELECT string_agg(argr_nmchave || argr_tmgravacao::text, ',' ORDER BY argr_id) FROM arquivo.arquivo_gerado"
            let antes = try db.query(marca)[0].decode(String.self, at: 0)
            try ArquivosGerados.gravar(arquivos, tipo: .fiscalizacaoSeletiva, origem: "seletiva-1", db: db)
            let iguais = try db.query(marca)[0].decode(String.self, at: 0) == antes
            try Data(Self.bytes(500, semente: 1234)).write(to: arquivos[3].arquivo)
            let depois = try ArquivosGerados.gravar(arquivos, tipo: .fiscalizacaoSeletiva, origem: "seletiva-1", db: db)
            let partesAlterada = try db.query(
                """
                SELECT p.agpt_conteudo FROM arquivo.arquivo_gerado_parte p JOIN arquivo.arquivo_gerado a USING (argr_id)
                WHERE a.argr_nmchave = $1
                """, [alterada]).map { try $0.decode([UInt8].self, at: 0) }
            // A bad path anywhere in the batch: refused before anything is written.
            let recusa = try? ArquivosGerados.gravar(
                [.init(arquivos[0].arquivo, chave: "seletiva-000001/novo.pdf"), .init(arquivos[1].arquivo, chave: "../fora.pdf")],
                tipo: .fiscalizacaoSeletiva, db: db)
            let total = try db.query("SELECT count(*) FROM arquivo.arquivo_gerado")[0].decode(Int.self, at: 0)
            return (registros, listados, exportados, iguais, depois, partesAlterada, recusa, total)
        }
        #expect(registros.map(\.chave) == chaves)
        #expect(listados == registros)
        #expect(registros.map(\.sha256) == chaves.map { SHA256.hex(conteudos[$0] ?? [1]) })
        #expect(registros.map(\.partes) == chaves.map { c in c.hasSuffix("grande.pdf") ? 2 : (c.hasSuffix("vazio.pdf") ? 0 : 1) })
        #expect(exportados == chaves.map { conteudos[$0] ?? [1] })
        #expect(iguais, "a segunda gravação dos mesmos bytes não reescreve nada")
        #expect(depois.first { $0.chave == alterada }?.sha256 == SHA256.hex(Self.bytes(500, semente: 1234)))
        #expect(partesAlterada == [Self.bytes(500, semente: 1234)])
        #expect(recusa == nil && total == chaves.count)
        // The digest's text: the standard vector of "abc".
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
