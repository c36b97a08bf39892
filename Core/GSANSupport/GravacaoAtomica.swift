import Foundation

/// A file that could not be written in place (its folder, the temporary or the rename).
public struct ErroGravacao: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Writes a file through a temporary name in its folder and a rename, so a reader sees the old
/// file or the new one, never half of one. The temporary gets the files' mode
/// (``ModoArquivos/arquivo``, 0640 by default) before the rename: a generated file, which
/// carries people's names and addresses, is never visible with a wider mode. A temporary that a
/// killed writer left behind is removed (the caller is the file's only writer: one job per file).
public func gravarAtomico(_ destino: URL, _ escrever: (URL) throws -> Void) throws {
    let pasta = destino.deletingLastPathComponent()
    let prefixo = ".\(destino.lastPathComponent)."
    for nome in (try? FileManager.default.contentsOfDirectory(atPath: pasta.path)) ?? []
    where nome.hasPrefix(prefixo) && nome.hasSuffix(".tmp") {
        try? FileManager.default.removeItem(at: pasta.appendingPathComponent(nome))
    }
    let temporario = pasta.appendingPathComponent(prefixo + "\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
    do {
        try escrever(temporario)
        ModoArquivos.ajustar(caminho: temporario.path)
        guard rename(temporario.path, destino.path) == 0 else {
            throw ErroGravacao("rename \(temporario.path) → \(destino.path): \(String(cString: strerror(errno)))")
        }
    } catch {
        try? FileManager.default.removeItem(at: temporario)
        throw error
    }
}
