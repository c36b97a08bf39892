import Foundation
import GSANSupport
import RotasRegras

/// Writes the files under `<pasta>/<AAAAMM>/`, each to a temporary name in the same folder,
/// flushed to disk, then renamed into place: a reader sees the old file or the new one, never
/// half of one. Names come only from ids (``NomeArquivo``).
enum SaidaArquivos {
    struct Erro: Error, CustomStringConvertible {
        let description: String
    }

    static func pasta(_ configuracao: ConfiguracaoRotas, referencia: Int) -> String {
        configuracao.pasta + "/" + String(referencia)
    }

    /// The paths written.
    @discardableResult
    static func gravar(
        _ arquivo: ArquivoMontado, gzip: [UInt8], referencia: Int, configuracao: ConfiguracaoRotas
    ) throws -> [String] {
        let pasta = pasta(configuracao, referencia: referencia)
        do {
            try ModoArquivos.criarPastas(pasta)
        } catch {
            throw Erro(description: "não foi possível criar a pasta \(pasta): \(error)")
        }
        var caminhos: [String] = []
        if configuracao.gzip { caminhos.append(try atomico(pasta + "/" + arquivo.nome + ".gz", gzip)) }
        if configuracao.texto { caminhos.append(try atomico(pasta + "/" + arquivo.nome + ".txt", arquivo.texto)) }
        return caminhos
    }

    static func atomico(_ destino: String, _ bytes: [UInt8]) throws -> String {
        let pasta = (destino as NSString).deletingLastPathComponent
        let temporario = pasta + "/." + (destino as NSString).lastPathComponent + ".\(getpid()).tmp"
        let fd = open(temporario, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, ModoArquivos.arquivo)
        guard fd >= 0 else { throw Erro(description: "não foi possível criar \(temporario): \(String(cString: strerror(errno)))") }
        ModoArquivos.ajustar(fd)  // exactly the configured mode, whatever the umask
        var escrito = 0
        let ok = bytes.withUnsafeBytes { buffer -> Bool in
            while escrito < buffer.count {
                let n = write(fd, buffer.baseAddress! + escrito, buffer.count - escrito)
                if n <= 0 { return false }
                escrito += n
            }
            return fsync(fd) == 0
        }
        close(fd)
        guard ok, rename(temporario, destino) == 0 else {
            let motivo = String(cString: strerror(errno))
            unlink(temporario)
            throw Erro(description: "não foi possível gravar \(destino): \(motivo)")
        }
        return destino
    }
}
