/// The inscrição of an imóvel: localidade, setor comercial (its code), quadra (its number),
/// lote, sublote. One value, two texts, so the route file and the print-house file cannot drift.
public struct Inscricao: Hashable, Sendable, CustomStringConvertible {
    public var localidade: Int
    public var setorComercial: Int
    public var quadra: Int
    public var lote: Int
    public var sublote: Int

    public init(localidade: Int, setorComercial: Int, quadra: Int, lote: Int, sublote: Int) {
        self.localidade = localidade
        self.setorComercial = setorComercial
        self.quadra = quadra
        self.lote = lote
        self.sublote = sublote
    }

    /// `LLL.SSS.QQQ.LLLL.SSS` (20 characters), as GSAN shows it on screens and documents: the
    /// print-house file and the PDFs of the documentos worker.
    public var formatada: String { partes.joined(separator: ".") }

    /// `LLLSSSQQQLLLLSSS` (16 characters): field 8 of the route file's record 01 ("inscrição
    /// sem pontos", GSAN-FACTS §2.1/§2.5). The phone echoes it in its return (record 1 field
    /// 20) and GSAN cuts it at fixed positions (0–3 localidade, 3–6 setor, …;
    /// FIELD-APP-PROTOCOL §3.2), so it carries no separators. A quadra past 999 (the schema
    /// allows 4 digits) takes 4 characters, GSAN's 17-character variant.
    public var semPontos: String { partes.joined() }

    public var description: String { formatada }

    private var partes: [String] {
        [zeroPadded(localidade, 3), zeroPadded(setorComercial, 3), zeroPadded(quadra, 3), zeroPadded(lote, 4),
         zeroPadded(sublote, 3)]
    }
}
