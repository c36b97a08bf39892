import Foundation
import Synchronization

/// The permissions of the files with people's data (route files, PDFs, print-house files):
/// `0640` files in `0750` folders unless the executable configured others at its start
/// (``configurar(_:)``, from `GSAN_MODO_ARQUIVOS` / `GSAN_MODO_PASTAS` read by
/// ``GSANEnvironment/modosArquivos()``). Set exactly (not left to the process's umask), and never
/// more open than 0777. The writers read the configured value; nothing here reads the environment.
public enum ModoArquivos {
    /// The two modes, validated.
    public struct Modos: Sendable, Equatable {
        public let arquivo: mode_t
        public let pasta: mode_t

        public static let padrao = Modos(validados: 0o640, 0o750)

        /// Refuses a mode wider than 0777 (setuid, setgid and sticky bits included).
        public init(arquivo: mode_t, pasta: mode_t) throws(ConfigurationError) {
            for (nome, modo) in [("GSAN_MODO_ARQUIVOS", arquivo), ("GSAN_MODO_PASTAS", pasta)] where modo > 0o777 {
                throw ConfigurationError("\(nome) = \(String(modo, radix: 8)): o modo deve ser octal entre 0 e 777")
            }
            self.arquivo = arquivo
            self.pasta = pasta
        }

        private init(validados arquivo: mode_t, _ pasta: mode_t) {
            self.arquivo = arquivo
            self.pasta = pasta
        }
    }

    private static let configurados = Mutex(Modos.padrao)

    /// Sets the modes of this process; called once by each executable's `main` (``LinhaDeComando``).
    public static func configurar(_ modos: Modos) { configurados.withLock { $0 = modos } }

    public static var modos: Modos { configurados.withLock { $0 } }
    public static var arquivo: mode_t { modos.arquivo }
    public static var pasta: mode_t { modos.pasta }

    /// `mkdir -p` that gives every folder it creates the folders' mode (existing ones are left as they are).
    public static func criarPastas(_ caminho: String) throws {
        var atual = caminho.hasPrefix("/") ? "" : "."
        for parte in caminho.split(separator: "/") {
            atual += "/" + parte
            var info = stat()
            if lstat(atual, &info) == 0 {
                guard (info.st_mode & S_IFMT) == S_IFDIR || (info.st_mode & S_IFMT) == S_IFLNK else {
                    throw ConfigurationError("\(atual) existe e não é uma pasta")
                }
                continue
            }
            guard mkdir(atual, pasta) == 0 || errno == EEXIST else {
                throw ConfigurationError("não foi possível criar a pasta \(atual): \(String(cString: strerror(errno)))")
            }
            _ = chmod(atual, pasta)
        }
    }

    /// Gives an open file the files' mode.
    public static func ajustar(_ descritor: Int32) { _ = fchmod(descritor, arquivo) }

    /// Gives a file the files' mode (a library wrote it: the PDF writer).
    public static func ajustar(caminho: String) { _ = chmod(caminho, arquivo) }
}
