extension StringProtocol {
    /// The length a PostgreSQL `varchar(n)` column counts: code points, not the characters a
    /// person sees (a decomposed "é", "e" + U+0301, is two). Every "at most n characters" rule
    /// that guards a column counts with this, so that a text it accepts always fits.
    public var caracteresNaColuna: Int { unicodeScalars.count }
}

extension StringProtocol {
    /// The text without the blanks at its ends: spaces (every Unicode space separator) and
    /// tabs, the set `trimmingCharacters(in: .whitespaces)` removes, but without going through
    /// Foundation's string bridging, which was about 40 % of the CPU of reading a 100,000-line
    /// return file (perf, `gsan-bench encerramento`).
    public var semBrancosNasPontas: String {
        // Scalar by scalar, as Foundation does: a space that a combining mark follows still goes.
        func branco(_ u: Unicode.Scalar) -> Bool { u == "\t" || u.properties.generalCategory == .spaceSeparator }
        let escalares = unicodeScalars
        guard let inicio = escalares.firstIndex(where: { !branco($0) }), let fim = escalares.lastIndex(where: { !branco($0) }) else {
            return ""
        }
        if inicio == escalares.startIndex && escalares.index(after: fim) == escalares.endIndex { return String(self) }
        var texto = String.UnicodeScalarView()
        texto.append(contentsOf: escalares[inicio...fim])
        return String(texto)
    }
}
