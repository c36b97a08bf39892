internal import CZlib
import RotasRegras

/// One gzip stream through zlib. No file name and mtime 0 in the header, so the same text
/// always gives the same bytes (and the same checksum).
public enum Gzip {
    public struct Erro: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// zlib level 1. Measured on the generated utility's files (7.2 MB of text): level 1 makes
    /// 1.73 MB in a quarter of level 6's time (1.26 MB); the route files' gzip was ~25 % of the
    /// workers' time at level 6 (issue 22). The phone inflates any level; 37 % more bytes to
    /// download (≈ 170 KB for an 800-imóvel rota) against four times less CPU per file.
    public static let nivel: Int32 = 1

    public static func comprimir(_ entrada: [UInt8]) throws -> [UInt8] {
        var stream = z_stream()
        guard gsan_deflate_init_gzip(&stream, nivel) == Z_OK else { throw Erro(description: "zlib: deflateInit2 falhou") }
        defer { deflateEnd(&stream) }
        var saida = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(entrada.count))) + 32)
        let resultado = entrada.withUnsafeBufferPointer { de in
            saida.withUnsafeMutableBufferPointer { para in
                stream.next_in = UnsafeMutablePointer(mutating: de.baseAddress)
                stream.avail_in = uInt(de.count)
                stream.next_out = para.baseAddress
                stream.avail_out = uInt(para.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard resultado == Z_STREAM_END else { throw Erro(description: "zlib: deflate terminou com \(resultado)") }
        saida.removeLast(saida.count - Int(stream.total_out))
        return saida
    }

    public static func descomprimir(_ entrada: [UInt8]) throws -> [UInt8] {
        var stream = z_stream()
        guard gsan_inflate_init_gzip(&stream) == Z_OK else { throw Erro(description: "zlib: inflateInit2 falhou") }
        defer { inflateEnd(&stream) }
        var saida: [UInt8] = []
        var bloco = [UInt8](repeating: 0, count: 1 << 16)
        var resultado: Int32 = Z_OK
        try entrada.withUnsafeBufferPointer { de in
            stream.next_in = UnsafeMutablePointer(mutating: de.baseAddress)
            stream.avail_in = uInt(de.count)
            repeat {
                let produzidos = bloco.withUnsafeMutableBufferPointer { para -> Int in
                    stream.next_out = para.baseAddress
                    stream.avail_out = uInt(para.count)
                    resultado = inflate(&stream, Z_NO_FLUSH)
                    return para.count - Int(stream.avail_out)
                }
                guard resultado == Z_OK || resultado == Z_STREAM_END else {
                    throw Erro(description: "gzip inválido (zlib \(resultado))")
                }
                saida += bloco[0..<produzidos]
            } while resultado != Z_STREAM_END
        }
        return saida
    }
}
