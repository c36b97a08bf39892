/// A judicial process number in the CNJ unified format `NNNNNNN-DD.AAAA.J.TR.OOOO` (25
/// characters): sequential number, check digits, year the suit was filed, segment of the
/// judiciary, court, originating unit. Seed 001: the check digits DD are 98 minus the
/// remainder of NNNNNNNAAAAJTROOOO × 100 divided by 97 ("Módulo 97, Base 10, ISO 7064"); a
/// number is valid when its digits, read as NNNNNNNAAAAJTROOOODD, leave remainder 1 by 97
/// (the same check as `cobranca.processo_judicial_valido` in the database).
public struct ProcessoJudicial: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The 25-character formatted number.
    public let numero: String

    /// Why a text is not a valid number (Portuguese, for the operator).
    public enum Erro: Error, Hashable, Sendable, CustomStringConvertible {
        case formato(String)
        case digitoVerificador(String, esperado: Int)

        public var description: String {
            switch self {
            case .formato(let texto) where texto.unicodeScalars.count > 40:
                // A long text is not echoed whole: its start and its length (as the column counts).
                "Número do processo judicial inválido: \(Self.legivel(texto.unicodeScalars.prefix(25)))… ("
                    + "\(texto.unicodeScalars.count) caracteres; use o formato NNNNNNN-DD.AAAA.J.TR.OOOO)."
            case .formato(let texto):
                "Número do processo judicial inválido: \(Self.legivel(texto.unicodeScalars)) (use o formato NNNNNNN-DD.AAAA.J.TR.OOOO)."
            case .digitoVerificador(let texto, let esperado):
                "Número do processo judicial inválido: \(texto) (dígito verificador não confere; o correto é "
                    + "\(zeroPadded(esperado, 2)))."
            }
        }

        /// Control characters shown as `?`, so the refusal prints as one clean line.
        static func legivel(_ escalares: some Sequence<Unicode.Scalar>) -> String {
            var saida = String.UnicodeScalarView()
            for c in escalares { saida.append(c.properties.generalCategory == .control ? "?" : c) }
            return String(saida)
        }
    }

    /// Parses and checks `texto` (surrounding spaces ignored).
    public init(validando texto: String) throws(Erro) {
        let limpo = texto.trimmingSpaces
        guard let partes = Self.partes(limpo) else { throw .formato(limpo) }
        let esperado = Self.digitoVerificador(
            sequencial: partes.sequencial, ano: partes.ano, segmento: partes.segmento, tribunal: partes.tribunal,
            origem: partes.origem)
        guard esperado == partes.digito else { throw .digitoVerificador(limpo, esperado: esperado) }
        numero = limpo
    }

    /// A number built from its parts, with its check digits computed.
    public init?(sequencial: Int, ano: Int, segmento: Int, tribunal: Int, origem: Int) {
        guard (0...9_999_999).contains(sequencial), (0...9999).contains(ano), (0...9).contains(segmento),
            (0...99).contains(tribunal), (0...9999).contains(origem)
        else { return nil }
        let dv = Self.digitoVerificador(sequencial: sequencial, ano: ano, segmento: segmento, tribunal: tribunal, origem: origem)
        numero = zeroPadded(sequencial, 7) + "-" + zeroPadded(dv, 2) + "." + zeroPadded(ano, 4) + "." + String(segmento) + "."
            + zeroPadded(tribunal, 2) + "." + zeroPadded(origem, 4)
    }

    public var description: String { numero }

    /// True when `texto` is a well-formed number with the right check digits.
    public static func valido(_ texto: String) -> Bool { (try? ProcessoJudicial(validando: texto)) != nil }

    /// DD = 98 − (NNNNNNNAAAAJTROOOO × 100 mod 97), computed digit by digit (the 20-digit
    /// number does not fit in 64 bits).
    public static func digitoVerificador(sequencial: Int, ano: Int, segmento: Int, tribunal: Int, origem: Int) -> Int {
        var resto = 0
        for (valor, largura) in [(sequencial, 7), (ano, 4), (segmento, 1), (tribunal, 2), (origem, 4), (0, 2)] {
            for digito in zeroPadded(valor, largura).utf8 { resto = (resto * 10 + Int(digito - 48)) % 97 }
        }
        return 98 - resto
    }

    private static func partes(_ texto: String) -> (sequencial: Int, digito: Int, ano: Int, segmento: Int, tribunal: Int, origem: Int)? {
        let bytes = Array(texto.utf8)
        // NNNNNNN-DD.AAAA.J.TR.OOOO: separators at fixed places, digits everywhere else.
        let separadores: [Int: UInt8] = [7: UInt8(ascii: "-"), 10: UInt8(ascii: "."), 15: UInt8(ascii: "."), 17: UInt8(ascii: "."), 20: UInt8(ascii: ".")]
        guard bytes.count == 25 else { return nil }
        for (indice, byte) in bytes.enumerated() {
            if let separador = separadores[indice] {
                guard byte == separador else { return nil }
            } else {
                guard (48...57).contains(byte) else { return nil }
            }
        }
        func numero(_ inicio: Int, _ largura: Int) -> Int {
            bytes[inicio..<(inicio + largura)].reduce(0) { $0 * 10 + Int($1 - 48) }
        }
        return (numero(0, 7), numero(8, 2), numero(11, 4), numero(16, 1), numero(18, 2), numero(21, 4))
    }
}

extension String {
    /// Without leading and trailing spaces and tabs (no Foundation needed).
    public var trimmingSpaces: String {
        let espacos: Set<Character> = [" ", "\t", "\n", "\r"]
        guard let inicio = firstIndex(where: { !espacos.contains($0) }), let fim = lastIndex(where: { !espacos.contains($0) })
        else { return "" }
        return String(self[inicio...fim])
    }
}
