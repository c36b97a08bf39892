import CTurboJPEG
import Foundation

/// JPEG images through libjpeg-turbo's TurboJPEG API (Debian libturbojpeg0-dev): the size in the
/// header, decoding to RGB, encoding, and the reduction of a photo to the largest size that fits
/// a maximum width and height with its proportions kept (seed 002 §2.4.2, "Arquivo": a photo whose
/// resolution exceeds the system parameters' height or width is resized to them).
public enum JPEG {
    /// Why an image could not be read or written; the description is what a person reads (Portuguese,
    /// never the library's English text).
    public struct Erro: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    /// An RGB image, three bytes per pixel, row after row.
    public struct Imagem: Sendable, Equatable {
        public var largura: Int
        public var altura: Int
        public var rgb: [UInt8]
        public init(largura: Int, altura: Int, rgb: [UInt8]) {
            self.largura = largura
            self.altura = altura
            self.rgb = rgb
        }
    }

    /// A decoded image larger than this is refused before memory is taken for it (a 10 MiB camera
    /// photo has well under 100 megapixels; a forged header may claim 65535 × 65535).
    public static let maximoPixels = 100_000_000

    /// The width and height in the header; nil when the bytes are not a JPEG.
    public static func dimensoes(_ dados: Data) -> (largura: Int, altura: Int)? {
        guard let h = tjInitDecompress() else { return nil }
        defer { tjDestroy(h) }
        return cabecalho(dados, h).map { ($0.largura, $0.altura) }
    }

    static func cabecalho(_ dados: Data, _ h: tjhandle) -> (largura: Int, altura: Int, subamostragem: Int32)? {
        guard !dados.isEmpty else { return nil }
        var w: Int32 = 0, a: Int32 = 0, sub: Int32 = 0, cor: Int32 = 0
        let r = dados.withUnsafeBytes { (b: UnsafeRawBufferPointer) -> Int32 in
            guard let p = b.bindMemory(to: UInt8.self).baseAddress else { return -1 }
            return tjDecompressHeader3(h, p, UInt(b.count), &w, &a, &sub, &cor)
        }
        guard r == 0, w > 0, a > 0 else { return nil }
        return (Int(w), Int(a), sub)
    }

    /// The size that fits within `larguraMaxima` × `alturaMaxima` with the proportions kept (each side
    /// rounded, at least one pixel); the size itself when it already fits.
    public static func ajustado(largura: Int, altura: Int, larguraMaxima: Int, alturaMaxima: Int) -> (largura: Int, altura: Int) {
        guard largura > larguraMaxima || altura > alturaMaxima, largura > 0, altura > 0 else { return (largura, altura) }
        // The side that limits more decides the factor: compare lm/l with am/a without division.
        if larguraMaxima * altura <= alturaMaxima * largura {
            return (larguraMaxima, max(1, (altura * larguraMaxima + largura / 2) / largura))
        }
        return (max(1, (largura * alturaMaxima + altura / 2) / altura), alturaMaxima)
    }

    /// Decodes the image; with `noMinimo`, at the smallest of the library's scales (n/8) that is still at
    /// least that size, so a large photo is not decoded whole only to be reduced.
    public static func decodificar(_ dados: Data, noMinimo: (largura: Int, altura: Int)? = nil) throws -> Imagem {
        guard let h = tjInitDecompress() else { throw Erro("Não foi possível iniciar o decodificador JPEG.") }
        defer { tjDestroy(h) }
        guard let (largura, altura, _) = cabecalho(dados, h) else { throw Erro("não é uma imagem JPEG válida") }
        let (pixels, excede) = largura.multipliedReportingOverflow(by: altura)
        guard !excede, pixels <= maximoPixels else { throw Erro("tem \(largura) × \(altura) pixels: o máximo é \(maximoPixels / 1_000_000) megapixels") }
        var (w, a) = (largura, altura)
        if let alvo = noMinimo {
            var n: Int32 = 0
            if let fatores = tjGetScalingFactors(&n) {
                for i in 0..<Int(max(n, 0)) {
                    let f = fatores[i]
                    guard f.num > 0, f.denom > 0, f.num <= f.denom else { continue }
                    let (sw, sa) = ((largura * Int(f.num) + Int(f.denom) - 1) / Int(f.denom), (altura * Int(f.num) + Int(f.denom) - 1) / Int(f.denom))
                    if sw >= alvo.largura && sa >= alvo.altura && sw * sa < w * a { (w, a) = (sw, sa) }
                }
            }
        }
        var rgb = [UInt8](repeating: 0, count: w * a * 3)
        let r = dados.withUnsafeBytes { (b: UnsafeRawBufferPointer) -> Int32 in
            guard let p = b.bindMemory(to: UInt8.self).baseAddress else { return -1 }
            return rgb.withUnsafeMutableBufferPointer {
                tjDecompress2(h, p, UInt(b.count), $0.baseAddress, Int32(w), 0, Int32(a), Int32(TJPF_RGB.rawValue), 0)
            }
        }
        // A warning (a truncated file, say) still leaves an image; an error does not.
        if r != 0 && tjGetErrorCode(h) != Int32(TJERR_WARNING.rawValue) { throw Erro("não é uma imagem JPEG válida") }
        return Imagem(largura: w, altura: a, rgb: rgb)
    }

    /// Encodes RGB as a baseline JPEG (4:2:0, `qualidade` 1–100).
    public static func codificar(_ imagem: Imagem, qualidade: Int = 85) throws -> Data {
        guard imagem.largura > 0, imagem.altura > 0, imagem.rgb.count == imagem.largura * imagem.altura * 3 else {
            throw Erro("imagem sem pixels")
        }
        guard let h = tjInitCompress() else { throw Erro("Não foi possível iniciar o codificador JPEG.") }
        defer { tjDestroy(h) }
        var saida: UnsafeMutablePointer<UInt8>?
        var tamanho: UInt = 0
        let r = imagem.rgb.withUnsafeBufferPointer {
            tjCompress2(h, $0.baseAddress, Int32(imagem.largura), 0, Int32(imagem.altura), Int32(TJPF_RGB.rawValue), &saida, &tamanho,
                        Int32(TJSAMP_420.rawValue), Int32(min(max(qualidade, 1), 100)), 0)
        }
        defer { tjFree(saida) }
        guard r == 0, let saida else { throw Erro("não foi possível gravar a imagem JPEG") }
        return Data(bytes: saida, count: Int(tamanho))
    }

    /// The image reduced to `largura` × `altura` (not larger than it is): each pixel the average of the
    /// source pixels its area covers.
    public static func reduzida(_ i: Imagem, largura: Int, altura: Int) -> Imagem {
        guard largura < i.largura || altura < i.altura, largura > 0, altura > 0 else { return i }
        let (lw, la) = (min(largura, i.largura), min(altura, i.altura))
        var saida = [UInt8](repeating: 0, count: lw * la * 3)
        // Source columns of each target column, computed once.
        let colunas = (0..<lw).map { x in (x * i.largura / lw, max(x * i.largura / lw + 1, (x + 1) * i.largura / lw)) }
        var soma = [Int](repeating: 0, count: lw * 3)
        i.rgb.withUnsafeBufferPointer { src in
            saida.withUnsafeMutableBufferPointer { dst in
                for y in 0..<la {
                    let (y0, y1) = (y * i.altura / la, max(y * i.altura / la + 1, (y + 1) * i.altura / la))
                    for k in soma.indices { soma[k] = 0 }
                    for sy in y0..<y1 {
                        let linha = sy * i.largura * 3
                        for (x, (x0, x1)) in colunas.enumerated() {
                            var r = 0, g = 0, b = 0
                            var p = linha + x0 * 3
                            for _ in x0..<x1 {
                                r += Int(src[p]); g += Int(src[p + 1]); b += Int(src[p + 2])
                                p += 3
                            }
                            soma[x * 3] += r; soma[x * 3 + 1] += g; soma[x * 3 + 2] += b
                        }
                    }
                    for (x, (x0, x1)) in colunas.enumerated() {
                        let n = (x1 - x0) * (y1 - y0)
                        let o = (y * lw + x) * 3
                        dst[o] = UInt8((soma[x * 3] + n / 2) / n)
                        dst[o + 1] = UInt8((soma[x * 3 + 1] + n / 2) / n)
                        dst[o + 2] = UInt8((soma[x * 3 + 2] + n / 2) / n)
                    }
                }
            }
        }
        return Imagem(largura: lw, altura: la, rgb: saida)
    }

    /// The photo reduced to fit `larguraMaxima` × `alturaMaxima` with its proportions kept, re-encoded;
    /// nil when it already fits (it is kept as it came).
    public static func reduzir(_ dados: Data, larguraMaxima: Int, alturaMaxima: Int, qualidade: Int = 85) throws
        -> (dados: Data, largura: Int, altura: Int)?
    {
        guard let (largura, altura) = dimensoes(dados) else { throw Erro("não é uma imagem JPEG válida") }
        let alvo = ajustado(largura: largura, altura: altura, larguraMaxima: larguraMaxima, alturaMaxima: alturaMaxima)
        guard alvo != (largura, altura) else { return nil }
        let imagem = try decodificar(dados, noMinimo: alvo)
        let menor = reduzida(imagem, largura: alvo.largura, altura: alvo.altura)
        return (try codificar(menor, qualidade: qualidade), menor.largura, menor.altura)
    }
}
