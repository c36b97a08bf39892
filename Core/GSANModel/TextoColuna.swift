extension StringProtocol {
    /// The length a PostgreSQL `varchar(n)` column counts: code points, not the characters a
    /// person sees (a decomposed "é", "e" + U+0301, is two). Every "at most n characters" rule
    /// that guards a column counts with this, so that a text it accepts always fits.
    public var caracteresNaColuna: Int { unicodeScalars.count }
}
