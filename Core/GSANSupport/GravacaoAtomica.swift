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
/// - Parameter removerTemporarios: false when the caller already removed them for many files at once
///   (``removerTemporarios(de:)``): finding them lists the folder, and a job writing thousands of files
///   in one folder would list it once per file.
public func gravarAtomico(_ destino: URL, removerTemporarios remover: Bool = true, _ escrever: (URL) throws -> Void) throws {
    let pasta = destino.deletingLastPathComponent()
    if remover { removerTemporarios(de: [destino]) }
    let temporario = pasta.appendingPathComponent(".\(destino.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
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

/// The temporaries that killed writers of these destinations left behind (``gravarAtomico(_:removerTemporarios:_:)``
/// names them `.<nome>.<pid>.<aleatório>.tmp`), removed with one listing of each folder; those of other files
/// in the folder (another job's, maybe being written) are left alone.
public func removerTemporarios(de destinos: [URL]) {
    for (pasta, urls) in Dictionary(grouping: destinos, by: { $0.deletingLastPathComponent().path }) {
        let nomes = Set(urls.map(\.lastPathComponent))
        for nome in (try? FileManager.default.contentsOfDirectory(atPath: pasta)) ?? []
        where nome.hasPrefix(".") && nome.hasSuffix(".tmp") {
            // ".<nome>.<pid>.<aleatório>.tmp" → "<nome>"
            let partes = nome.dropFirst().split(separator: ".", omittingEmptySubsequences: false)
            guard partes.count >= 4, nomes.contains(partes.dropLast(3).joined(separator: ".")) else { continue }
            try? FileManager.default.removeItem(atPath: pasta + "/" + nome)
        }
    }
}
