import Foundation
import Testing

/// The module graph's rule for pure code (docs/architecture.md): the shared model and each
/// area's rule target import only the shared model, never a client of the database or the
/// broker, the job runtime or a C module. SwiftPM would still let a file import a module that
/// happens to be built, so this reads the imports.
@Suite struct RegrasPurasTests {
    static let raiz = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Each pure target and what it may import.
    static let permitidos: [String: Set<String>] = [
        "GSANModel": ["Foundation"],
        "GSANCobranca": ["Foundation", "GSANModel"],
        "FaturamentoRegras": ["Foundation", "GSANModel", "GSANCobranca"],
        "RotasRegras": ["Foundation", "GSANModel"],
        "DocumentosRegras": ["Foundation", "GSANModel", "GSANCobranca"],
        "JusCompesaRegras": ["Foundation", "GSANModel", "GSANCobranca"],
        "ParcelamentoJudicialRegras": ["Foundation", "GSANModel"],
        "EncerramentoRegras": ["Foundation", "GSANModel", "GSANCobranca"],
        "FiscalizacaoRegras": ["Foundation", "GSANModel", "FaturamentoRegras", "EncerramentoRegras"],
        "MedicaoRegras": ["Foundation", "GSANModel"],
    ]

    static func imports(_ texto: String) -> [String] {
        texto.split(separator: "\n").compactMap { linha in
            let palavras = linha.split(separator: " ").filter { !$0.hasPrefix("@") && $0 != "public" && $0 != "internal" && $0 != "package" }
            guard palavras.count >= 2, palavras[0] == "import" else { return nil }
            return String(palavras[1])
        }
    }

    @Test(arguments: permitidos.keys.sorted())
    func aPureTargetImportsOnlyTheSharedModel(_ alvo: String) throws {
        let pasta = Self.raiz.appendingPathComponent("Core/\(alvo)")
        let arquivos = try FileManager.default.contentsOfDirectory(at: pasta, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "swift" }
        #expect(!arquivos.isEmpty, "Core/\(alvo) sem arquivos")
        for arquivo in arquivos {
            let proibidos = Self.imports(try String(contentsOf: arquivo, encoding: .utf8)).filter {
                !(Self.permitidos[alvo] ?? []).contains($0)
            }
            #expect(proibidos.isEmpty, "Core/\(alvo)/\(arquivo.lastPathComponent) importa \(proibidos)")
        }
    }

    @Test func theCheckSeesAForbiddenImport() {
        #expect(Self.imports("import GSANModel\n@preconcurrency internal import Postgres\nlet x = 1") == ["GSANModel", "Postgres"])
    }
}
