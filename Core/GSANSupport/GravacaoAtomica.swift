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

/// ``gravarAtomico(_:removerTemporarios:_:)`` of bytes already in memory: one open, write and close of the
/// temporary (created with the files' mode), no fsync — the durability of a library writing through stdio
/// (the PDF writer), without Foundation's `Data.write`, which syncs every file.
public func gravarAtomico(_ destino: URL, bytes: [UInt8], removerTemporarios remover: Bool = true) throws {
    try gravarAtomico(destino, removerTemporarios: remover) { temporario in
        let fd = open(temporario.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, ModoArquivos.arquivo)
        guard fd >= 0 else { throw ErroGravacao("não foi possível criar \(temporario.path): \(String(cString: strerror(errno)))") }
        var escritos = 0
        var erro: Int32 = 0
        bytes.withUnsafeBytes { p in
            while escritos < p.count, let base = p.baseAddress {
                let n = write(fd, base + escritos, p.count - escritos)
                if n < 0 {
                    if errno == EINTR { continue }
                    erro = errno
                    return
                }
                escritos += n
            }
        }
        if close(fd) != 0 && erro == 0 { erro = errno }
        guard erro == 0 else { throw ErroGravacao("não foi possível gravar \(temporario.path): \(String(cString: strerror(erro)))") }
    }
}
