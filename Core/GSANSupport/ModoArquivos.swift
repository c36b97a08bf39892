import Foundation

/// The permissions of the files with people's data (route files, PDFs, print-house files):
/// `0640` files in `0750` folders unless `GSAN_MODO_ARQUIVOS` / `GSAN_MODO_PASTAS` (octal) say
/// otherwise. Set exactly (not left to the process's umask), and never more open than 0777.
public enum ModoArquivos {
    public static var arquivo: mode_t { modo("GSAN_MODO_ARQUIVOS", padrao: 0o640) }
    public static var pasta: mode_t { modo("GSAN_MODO_PASTAS", padrao: 0o750) }

    static func modo(_ variavel: String, padrao: mode_t) -> mode_t {
        guard let texto = ProcessInfo.processInfo.environment[variavel], let valor = mode_t(texto, radix: 8),
            valor <= 0o777
        else { return padrao }
        return valor
    }

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
