import Foundation
import GSANSupport
import RotasRegras

/// Where the route files go and in which forms. Keys: `GSAN_ROTAS_DIR` (default
/// `/var/lib/gsan/rotas`; files under `<dir>/<AAAAMM>/`), `GSAN_ROTAS_FORMATOS`: `gz`, `txt`
/// or `gz,txt` (default: both — the `.gz` GSAN serves, the `.txt` for a person to read).
public struct ConfiguracaoRotas: Sendable, Equatable {
    public var pasta: String
    public var gzip: Bool
    public var texto: Bool

    public init(pasta: String, gzip: Bool = true, texto: Bool = true) {
        self.pasta = pasta
        self.gzip = gzip
        self.texto = texto
    }

    public init(ambiente: GSANEnvironment = GSANEnvironment()) throws {
        let pasta = ambiente.value("GSAN_ROTAS_DIR") ?? "/var/lib/gsan/rotas"
        let formatos = Set((ambiente.value("GSAN_ROTAS_FORMATOS") ?? "gz,txt").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        guard !formatos.isEmpty, formatos.isSubset(of: ["gz", "txt"]) else {
            throw ConfigurationError("GSAN_ROTAS_FORMATOS deve ser gz, txt ou gz,txt")
        }
        self.init(pasta: pasta, gzip: formatos.contains("gz"), texto: formatos.contains("txt"))
    }
}
