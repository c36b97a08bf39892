import Foundation
import GSANSupport
import Testing

/// Configuration is read once, by each executable, and passed down as values
/// (docs/architecture.md): in Core only ``GSANEnvironment`` looks at the process's
/// environment; the rules, the writers and the runtime receive what it read.
@Suite struct ConfiguracaoTests {
    static let leiturasDoAmbiente = ["ProcessInfo.processInfo.environment", "getenv(", "environ", "setenv("]

    static func leituras(_ texto: String) -> [String] {
        texto.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }.flatMap { linha in
            leiturasDoAmbiente.filter { chave in
                chave == "environ" ? linha.split(whereSeparator: { !$0.isLetter && $0 != "_" }).contains("environ") : linha.contains(chave)
            }
        }
    }

    @Test func noCoreModuleReadsTheEnvironmentButGSANEnvironment() throws {
        let core = RegrasPurasTests.raiz.appendingPathComponent("Core")
        let arquivos = try #require(FileManager.default.enumerator(at: core, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        #expect(arquivos.count > 100, "Core lido pela metade: \(arquivos.count) arquivos")
        var encontrados: [String] = []
        for arquivo in arquivos where arquivo.lastPathComponent != "GSANEnvironment.swift" {
            for leitura in Self.leituras(try String(contentsOf: arquivo, encoding: .utf8)) {
                encontrados.append("\(arquivo.path.replacingOccurrences(of: core.path + "/", with: "")): \(leitura)")
            }
        }
        #expect(encontrados.isEmpty, "lê o ambiente fora de GSANEnvironment: \(encontrados)")
    }

    @Test func theCheckSeesAReading() {
        #expect(Self.leituras("let x = ProcessInfo.processInfo.environment[\"A\"]\n// getenv(\"B\")\nlet p = getenv(\"C\")").count == 2)
        #expect(Self.leituras("var environ = 1").count == 1)
        #expect(Self.leituras("let environment = [:]").isEmpty)
    }

    @Test func theFileModesComeFromTheEnvironmentValidated() throws {
        #expect(try GSANEnvironment(variables: [:]).modosArquivos() == .padrao)
        #expect(ModoArquivos.Modos.padrao.arquivo == 0o640 && ModoArquivos.Modos.padrao.pasta == 0o750)
        let proprios = try GSANEnvironment(variables: ["GSAN_MODO_ARQUIVOS": "600", "GSAN_MODO_PASTAS": " 0700 "]).modosArquivos()
        #expect(proprios.arquivo == 0o600 && proprios.pasta == 0o700)
        for (chave, valor) in [
            ("GSAN_MODO_ARQUIVOS", "999"), ("GSAN_MODO_ARQUIVOS", "abc"), ("GSAN_MODO_PASTAS", "1777"),
            ("GSAN_MODO_PASTAS", "-1"), ("GSAN_MODO_ARQUIVOS", "00000640"),
        ] {
            let erro = #expect(throws: ConfigurationError.self) {
                try GSANEnvironment(variables: [chave: valor]).modosArquivos()
            }
            #expect(erro?.description == "\(chave) = \"\(valor)\": informe um modo octal entre 0 e 777 (ex.: 640)")
        }
    }

    @Test func theLogPlaceIsTheDeclaredOneWhenGiven() {
        #expect(GSANEnvironment(variables: ["GSAN_LOG_LOCAL": "  /var/log/gsan/rotas.log "]).localDoLog == "/var/log/gsan/rotas.log")
        #expect(GSANEnvironment(variables: ["GSAN_LOG_LOCAL": "  "]).localDoLog == nil)
    }
}
