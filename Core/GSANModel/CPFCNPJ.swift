/// A cliente's CPF (pessoa física, 11 digits) or CNPJ (pessoa jurídica, 14 characters), with
/// both check digits verified (módulo 11). The CNPJ is numeric or, as the Receita Federal
/// issues from July 2026, alphanumeric: 12 letters (A–Z) or digits, then two check digits,
/// each character worth its ASCII code minus 48 ("0" = 0 … "9" = 9, "A" = 17 … "Z" = 42) —
/// the same computation, so a numeric CNPJ is the case with no letters. The same rule runs in
/// the database as `cadastro.cpf_valido` / `cadastro.cnpj_valido` (migrations 0003, 0024).
public enum Documento: Hashable, Sendable, CustomStringConvertible {
    case cpf(String)
    case cnpj(String)

    /// Accepts the bare characters or the usual punctuation (`529.982.247-25`,
    /// `11.222.333/0001-81`, `12.ABC.345/01DE-35`; letters in either case, kept upper case);
    /// nil when the length, a character or a check digit is wrong, or when all characters
    /// are equal (`111.111.111-11` passes the arithmetic but is not a document).
    public init?(_ text: some StringProtocol) {
        var valores: [Int] = []
        var letras = false
        for character in text {
            guard let ascii = character.asciiValue else { return nil }
            switch ascii {
            case 0x30...0x39: valores.append(Int(ascii) - 48)
            case 0x41...0x5A, 0x61...0x7A:
                valores.append(Int(ascii & ~0x20) - 48)
                letras = true
            default:
                if !".-/ ".contains(character) { return nil }
            }
        }
        switch valores.count {
        case 11 where !letras && Self.hasValidCheckDigits(cpf: valores): self = .cpf(Self.text(valores))
        // Letters only in the first twelve: the check digits are digits.
        case 14 where valores[12...].allSatisfy({ $0 <= 9 }) && Self.hasValidCheckDigits(cnpj: valores):
            self = .cnpj(Self.text(valores))
        default: return nil
        }
    }

    /// Whether a CNPJ has letters (the alphanumeric form).
    public var isAlfanumerico: Bool { digitos.contains { !$0.isNumber } }

    /// The CPF whose first nine digits are `base` (0 ... 999_999_999), check digits appended.
    public static func cpf(base: Int) -> Documento {
        precondition((0...999_999_999).contains(base), "base de CPF fora de 0...999999999")
        var digits = Self.digits(of: base, count: 9)
        digits.append(checkDigit(digits, weights: Array((2...10).reversed())))
        digits.append(checkDigit(digits, weights: Array((2...11).reversed())))
        return .cpf(text(digits))
    }

    /// The CNPJ whose first twelve digits are `base` (raiz of 8 digits + filial of 4),
    /// check digits appended.
    public static func cnpj(base: Int) -> Documento {
        precondition((0...999_999_999_999).contains(base), "base de CNPJ fora de 0...999999999999")
        var digits = Self.digits(of: base, count: 12)
        digits.append(checkDigit(digits, weights: cnpjWeights.suffix(12).map { $0 }))
        digits.append(checkDigit(digits, weights: cnpjWeights))
        return .cnpj(text(digits))
    }

    /// The alphanumeric CNPJ whose first twelve characters are `raiz` (8) + `ordem` (4),
    /// letters A–Z or digits, check digits appended. Nil when a character is neither.
    public static func cnpj(alfanumerico base: String) -> Documento? {
        let caracteres = Array(base.uppercased().utf8)
        guard caracteres.count == 12,
            caracteres.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) })
        else { return nil }
        var valores = caracteres.map { Int($0) - 48 }
        valores.append(checkDigit(valores, weights: cnpjWeights.suffix(12).map { $0 }))
        valores.append(checkDigit(valores, weights: cnpjWeights))
        return .cnpj(text(valores))
    }

    /// The bare characters, as stored (`cadastro.cliente.clie_nncpf` / `clie_nncnpj`).
    public var digitos: String {
        switch self {
        case .cpf(let digits), .cnpj(let digits): return digits
        }
    }

    public var isCPF: Bool { if case .cpf = self { true } else { false } }

    /// `529.982.247-25` / `11.222.333/0001-81`.
    public var formatado: String {
        let d = Array(digitos)
        func part(_ range: Range<Int>) -> String { String(d[range]) }
        switch self {
        case .cpf: return part(0..<3) + "." + part(3..<6) + "." + part(6..<9) + "-" + part(9..<11)
        case .cnpj: return part(0..<2) + "." + part(2..<5) + "." + part(5..<8) + "/" + part(8..<12) + "-" + part(12..<14)
        }
    }

    public var description: String { formatado }

    // MARK: Rule

    /// 6,5,4,3,2,9,8,7,6,5,4,3,2: the second check digit's weights; the first uses the last 12.
    static let cnpjWeights = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]

    static func hasValidCheckDigits(cpf d: [Int]) -> Bool {
        guard d.count == 11, Set(d).count > 1 else { return false }
        return d[9] == checkDigit(Array(d[0..<9]), weights: Array((2...10).reversed()))
            && d[10] == checkDigit(Array(d[0..<10]), weights: Array((2...11).reversed()))
    }

    static func hasValidCheckDigits(cnpj d: [Int]) -> Bool {
        guard d.count == 14, Set(d).count > 1 else { return false }
        return d[12] == checkDigit(Array(d[0..<12]), weights: Array(cnpjWeights.suffix(12)))
            && d[13] == checkDigit(Array(d[0..<13]), weights: cnpjWeights)
    }

    /// Módulo 11: remainder below 2 gives 0, else 11 − remainder (the same as CPF's
    /// "sum × 10 mod 11 mod 10").
    static func checkDigit(_ digits: [Int], weights: [Int]) -> Int {
        let remainder = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 } % 11
        return remainder < 2 ? 0 : 11 - remainder
    }

    private static func digits(of value: Int, count: Int) -> [Int] {
        var result = [Int](repeating: 0, count: count)
        var rest = value
        for index in stride(from: count - 1, through: 0, by: -1) {
            result[index] = rest % 10
            rest /= 10
        }
        return result
    }

    /// Values back to characters: 0…9 digits, 17…42 letters (ASCII code − 48).
    private static func text(_ valores: [Int]) -> String {
        String(valores.map { Character(Unicode.Scalar(UInt8(48 + $0))) })
    }
}
