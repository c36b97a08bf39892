internal import CHaru
import Foundation
import GSANModel

/// A failure of libharu or of the file system while writing a PDF (worth another attempt).
public struct ErroPDF: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ mensagem: String) { description = "Falha ao gravar arquivo: " + mensagem }
}

/// A PDF written with libharu (Debian libhpdf): pages of lines of text, shared by every area
/// that renders documents for people (collection documents, guias de pagamento). The creation
/// date is fixed by the caller and libharu writes no file ID without encryption, so the same
/// pages give the same bytes. Not thread-safe: one per job.
public final class PDFHaru {
    private let documento: HPDF_Doc
    private let fonte: HPDF_Font
    private let negrito: HPDF_Font
    private var pagina: HPDF_Page?
    private var y: Float = 0

    public static let margem: Float = 40
    public static let alturaLinha: Float = 13

    public init(data: CivilDate, titulo: String, criador: String = "gsan") throws {
        guard let documento = HPDF_New(nil, nil) else { throw ErroPDF("libharu: HPDF_New falhou") }
        self.documento = documento
        HPDF_SetCompressionMode(documento, HPDF_UINT(HPDF_COMP_ALL))
        var criacao = HPDF_Date(
            year: HPDF_INT(data.year), month: HPDF_INT(data.month), day: HPDF_INT(data.day), hour: 0, minutes: 0,
            seconds: 0, ind: CChar(UInt8(ascii: " ")), off_hour: 0, off_minutes: 0)
        HPDF_SetInfoDateAttr(documento, HPDF_INFO_CREATION_DATE, criacao)
        criacao.ind = CChar(UInt8(ascii: " "))
        HPDF_SetInfoDateAttr(documento, HPDF_INFO_MOD_DATE, criacao)
        HPDF_SetInfoAttr(documento, HPDF_INFO_TITLE, Self.latin1(titulo))
        HPDF_SetInfoAttr(documento, HPDF_INFO_CREATOR, Self.latin1(criador))
        guard let fonte = HPDF_GetFont(documento, "Helvetica", "WinAnsiEncoding"),
            let negrito = HPDF_GetFont(documento, "Helvetica-Bold", "WinAnsiEncoding")
        else {
            HPDF_Free(documento)
            throw ErroPDF("libharu: fonte Helvetica indisponível")
        }
        self.fonte = fonte
        self.negrito = negrito
    }

    deinit { HPDF_Free(documento) }

    public func novaPagina() {
        let pagina = HPDF_AddPage(documento)
        HPDF_Page_SetSize(pagina, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT)
        self.pagina = pagina
        y = HPDF_Page_GetHeight(pagina) - Self.margem
    }

    /// One line of text; lines past the bottom margin continue on a new page of the same document.
    /// `avanca: false` keeps the line (for a second column written next).
    public func linha(
        _ texto: String, tamanho: Float = 10, negrito usarNegrito: Bool = false, x: Float = PDFHaru.margem, avanca: Bool = true
    ) {
        if pagina == nil || y < Self.margem { novaPagina() }
        guard let pagina else { return }
        HPDF_Page_BeginText(pagina)
        HPDF_Page_SetFontAndSize(pagina, usarNegrito ? negrito : fonte, tamanho)
        HPDF_Page_TextOut(pagina, x, y, Self.latin1(texto))
        HPDF_Page_EndText(pagina)
        if avanca { y -= max(Self.alturaLinha, tamanho + 3) }
    }

    public func espaco(_ pontos: Float = 8) { y -= pontos }

    /// The width of `texto` in points in the standard font (for alignment).
    public func larguraDoTexto(_ texto: String, tamanho: Float = 10, negrito usarNegrito: Bool = false) -> Float {
        let bytes = Self.latin1(texto).dropLast().map { HPDF_BYTE(bitPattern: $0) }
        let largura = bytes.withUnsafeBufferPointer { p in
            HPDF_Font_TextWidth(usarNegrito ? negrito : fonte, p.baseAddress, HPDF_UINT(bytes.count))
        }
        return Float(largura.width) * tamanho / 1000
    }

    /// Lines still fitting on the current page (0 when a new one is due).
    public var linhasRestantes: Int { pagina == nil ? 0 : max(0, Int((y - Self.margem) / Self.alturaLinha)) }

    /// A horizontal rule across the page at the current line.
    public func regua() {
        if pagina == nil || y < Self.margem { novaPagina() }
        guard let pagina else { return }
        HPDF_Page_SetLineWidth(pagina, 0.5)
        HPDF_Page_MoveTo(pagina, Self.margem, y + 9)
        HPDF_Page_LineTo(pagina, HPDF_Page_GetWidth(pagina) - Self.margem, y + 9)
        HPDF_Page_Stroke(pagina)
        y -= 4
    }

    /// Written to a temporary name in the same folder by the caller; here, the bytes only.
    public func salvar(em caminho: String) throws {
        let status = HPDF_SaveToFile(documento, caminho)
        guard status == HPDF_OK else {
            throw ErroPDF("libharu: falha \(String(status, radix: 16)) ao gravar \(caminho)")
        }
    }

    /// The document's bytes, as ``salvar(em:)`` would write them (libharu's memory stream): for a caller
    /// that writes the file and stores the same bytes without reading the file back.
    public func bytes() throws -> [UInt8] {
        var status = HPDF_SaveToStream(documento)
        guard status == HPDF_OK else { throw ErroPDF("libharu: falha \(String(status, radix: 16)) ao montar o documento") }
        let tamanho = HPDF_GetStreamSize(documento)
        var saida = [UInt8](repeating: 0, count: Int(tamanho))
        var lidos = HPDF_UINT32(tamanho)
        HPDF_ResetStream(documento)
        status = saida.withUnsafeMutableBufferPointer { HPDF_ReadFromStream(documento, $0.baseAddress, &lidos) }
        guard status == HPDF_OK || status == HPDF_STREAM_EOF, lidos == tamanho else {
            throw ErroPDF("libharu: falha \(String(status, radix: 16)) ao ler o documento (\(lidos) de \(tamanho) bytes)")
        }
        return saida
    }

    /// WinAnsi text for the standard fonts: Latin-1 bytes (accents kept), others as '?', NUL-ended.
    public static func latin1(_ texto: String) -> [CChar] {
        texto.unicodeScalars.map { CChar(bitPattern: $0.value < 256 ? UInt8($0.value) : UInt8(ascii: "?")) } + [0]
    }
}

extension PDFHaru {
    /// Text ending at `x` (right-aligned columns of figures), on the current line, without advancing.
    public func aDireita(_ texto: String, x: Float, tamanho: Float = 10, negrito usarNegrito: Bool = false) {
        let largura = larguraDoTexto(texto, tamanho: tamanho, negrito: usarNegrito)
        linha(texto, tamanho: tamanho, negrito: usarNegrito, x: x - largura, avanca: false)
    }
}
