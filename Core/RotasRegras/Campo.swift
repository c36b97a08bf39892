public import GSANModel

/// How a value becomes a field of the pipe layout (GSAN-FACTS §2.5): numbers unpadded,
/// decimals `N.NN` with a point, dates `AAAAMMDD`, null as an empty field. Text never carries
/// the separator or a line break (the phone splits on every `|` and reads line by line) and
/// stays inside ISO-8859-1, the only charset the phone decodes.
public enum Campo {
    public static func inteiro(_ valor: Int?) -> String { valor.map(String.init) ?? "" }

    public static func decimal(_ valor: Centavos?) -> String { valor?.decimalText ?? "" }

    public static func data(_ valor: CivilDate?) -> String {
        guard let valor else { return "" }
        return zeroPadded(valor.year, 4) + zeroPadded(valor.month, 2) + zeroPadded(valor.day, 2)
    }

    /// `|`, tabs and line breaks become spaces, characters outside ISO-8859-1 become `?`,
    /// outer spaces are trimmed.
    public static func texto(_ valor: String?) -> String {
        guard let valor else { return "" }
        // Most text is already plain: printable ASCII, no separator, no outer spaces.
        let simples = valor.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != 0x7C }
        if simples, valor.utf8.first != 0x20, valor.utf8.last != 0x20 { return valor }
        var saida = String.UnicodeScalarView()
        for escalar in valor.unicodeScalars {
            switch escalar.value {
            case 0x7C, 0x09, 0x0A, 0x0D: saida.append(" ")
            case 0x20...0x7E, 0xA0...0xFF: saida.append(escalar)
            default: saida.append("?")
            }
        }
        return String(saida).trimmingSpaces()
    }
}

/// One line of the file: the fields, each followed by `|` (the last one too).
public struct Registro: Sendable, Equatable {
    public var campos: [String]

    public init(_ tipo: String, _ campos: [String]) { self.campos = [tipo] + campos }

    public var linha: String { campos.map { $0 + "|" }.joined() }
}

extension String {
    func trimmingSpaces() -> String {
        var inicio = startIndex
        var fim = endIndex
        while inicio < fim, self[inicio] == " " { formIndex(after: &inicio) }
        while fim > inicio, self[index(before: fim)] == " " { formIndex(before: &fim) }
        return String(self[inicio..<fim])
    }
}
