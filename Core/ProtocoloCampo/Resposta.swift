/// The answers the app understands (§1.3): HTTP 200, an exact Content-Length, no compression;
/// the first byte `*` (OK) or `#` (error), then optional `name=value` items each ended by `&`
/// or by the end of the body, read byte by byte as ISO-8859-1.
public enum Resposta {
    public static let ok: UInt8 = 0x2A  // *
    public static let erro: UInt8 = 0x23  // #

    /// The messages the app compares or shows, exactly (§3.5, §3.6).
    public enum Mensagem {
        public static let arquivoFinalizado = "O arquivo a ser processado ja foi finalizado."
        public static let grupoFaturado = "O grupo a ser processado ja foi faturado."
        public static let quantidadeDivergente = "A quantidade de imóveis enviados não corresponde ao esperado"
    }

    /// `*` or `#` followed by the items, each `name=value&`. A value is written in ISO-8859-1
    /// (characters outside it become `?`); `&` and `=` inside a value would cut it, so they
    /// become spaces. A message item is written without its final `&`, as GSAN does.
    public static func corpo(ok sucesso: Bool, _ itens: [(String, String)] = []) -> [UInt8] {
        var b: [UInt8] = [sucesso ? ok : erro]
        for (n, (nome, valor)) in itens.enumerated() {
            b += latin1(nome)
            b.append(0x3D)
            b += latin1(valor.map { $0 == "&" ? " " : $0 }.reduce(into: "") { $0.append($1) })
            if n < itens.count - 1 { b.append(0x26) }
        }
        return b
    }

    public static var okSimples: [UInt8] { [ok] }
    public static var erroSimples: [UInt8] { [erro] }

    public static func erro(mensagem: String) -> [UInt8] { corpo(ok: false, [("mensagem", mensagem)]) }

    /// Packet 1 with re-read requests: `*imoveis=123,456`.
    public static func releituras(_ imoveis: [Int]) -> [UInt8] {
        imoveis.isEmpty ? okSimples : corpo(ok: true, [("imoveis", imoveis.map(String.init).joined(separator: ","))])
    }

    /// Packet 13: `*tipoArquivo=G&arquivoRoteiro=` then the gzip bytes as they are (§2.3).
    public static func rota(gzip: [UInt8]) -> [UInt8] {
        var b: [UInt8] = [ok]
        b += Array("tipoArquivo=G&arquivoRoteiro=".utf8)
        b += gzip
        return b
    }

    /// Packet 12: `*` and a version not newer than the installed one, never a bare `#` (§5.1).
    public static func versao(_ versao: String) -> [UInt8] { [ok] + latin1(versao) }

    /// ISO-8859-1 bytes of `texto`; characters outside it become `?`.
    public static func latin1(_ texto: String) -> [UInt8] {
        texto.unicodeScalars.map { $0.value <= 0xFF ? UInt8($0.value) : 0x3F }
    }

    /// ISO-8859-1 text of `bytes` (every byte is one character).
    public static func textoLatin1(_ bytes: some Sequence<UInt8>) -> String {
        var s = ""
        for b in bytes { s.unicodeScalars.append(Unicode.Scalar(b)) }
        return s
    }
}

/// An answer as the app reads it (ISC `ConexaoWebServer.controlarParametros`,
/// `DownloadArquivoActivity`): used by the simulated phone and the tests.
public struct RespostaLida: Sendable, Equatable {
    public var ok: Bool
    public var parametros: [String: String]
    /// Packet 13: the route bytes after `arquivoRoteiro=`.
    public var arquivo: [UInt8]?

    /// `upload`: packets 1 and 2 drop the spaces of an OK answer before parsing (§1.3 quirk).
    public init(_ corpo: [UInt8], upload: Bool = false) {
        ok = corpo.first == Resposta.ok
        parametros = [:]
        arquivo = nil
        guard corpo.count > 1 else { return }
        var atual = ""
        var i = 1
        while i < corpo.count {
            let c = Character(Unicode.Scalar(corpo[i]))
            i += 1
            if upload && ok && c == " " { continue }
            if c == "&" {
                guardar(atual)
                atual = ""
                continue
            }
            atual.append(c)
            if atual == "arquivoRoteiro=" || atual.hasSuffix("&arquivoRoteiro=") {
                arquivo = Array(corpo[i...])
                return
            }
        }
        if !atual.isEmpty { guardar(atual) }
    }

    private mutating func guardar(_ item: String) {
        guard let igual = item.firstIndex(of: "=") else { return }
        parametros[String(item[..<igual])] = String(item[item.index(after: igual)...])
    }
}
