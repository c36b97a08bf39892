import Foundation
import GSANSupport

/// A file a person asked for (`--saida`): written with the files' mode (0640), never over an
/// existing file unless asked (`--substituir`), never through a symbolic link, never over a
/// folder; the refusal says why, with the system's reason.
enum SaidaSegura {
    /// Nil when written; else why not.
    static func gravar(_ bytes: [UInt8], em caminho: String, substituir: Bool) -> String? {
        var info = stat()
        if lstat(caminho, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFLNK: return "\(caminho) é um link simbólico: não é seguido (escolha outro caminho)"
            case S_IFDIR: return "\(caminho) é uma pasta"
            case S_IFREG: if !substituir { return "\(caminho) já existe: use --substituir para trocá-lo" }
            default: return "\(caminho) existe e não é um arquivo comum"
            }
        }
        let pasta = (caminho as NSString).deletingLastPathComponent
        let temporario = (pasta.isEmpty ? "." : pasta) + "/." + (caminho as NSString).lastPathComponent + ".\(getpid()).tmp"
        let fd = open(temporario, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, ModoArquivos.arquivo)
        guard fd >= 0 else { return "não foi possível criar \(temporario): \(String(cString: strerror(errno)))" }
        ModoArquivos.ajustar(fd)
        var escrito = 0
        let ok = bytes.withUnsafeBytes { buffer -> Bool in
            guard let base = buffer.baseAddress else { return true }
            while escrito < buffer.count {
                let n = write(fd, base + escrito, buffer.count - escrito)
                if n <= 0 { return false }
                escrito += n
            }
            return fsync(fd) == 0
        }
        let motivoEscrita = ok ? nil : String(cString: strerror(errno))
        close(fd)
        if let motivoEscrita {
            unlink(temporario)
            return "não foi possível gravar \(caminho): \(motivoEscrita)"
        }
        // Without --substituir, link(2) fails if the name appeared meanwhile (no overwrite race);
        // with it, rename(2) replaces the name itself, never what a link would point to.
        let resultado = substituir ? rename(temporario, caminho) : link(temporario, caminho)
        let motivo = resultado == 0 ? nil : String(cString: strerror(errno))
        if !substituir || resultado != 0 { unlink(temporario) }
        if let motivo { return "não foi possível gravar \(caminho): \(motivo)" }
        return nil
    }
}
