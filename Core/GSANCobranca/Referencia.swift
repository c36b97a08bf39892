import GSANModel

/// A month of the commercial calendar ("referência", "mês/ano"): shown `MM/AAAA`, stored as
/// `AAAAMM` (the `referencia` domain of the schema).
public struct Referencia: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let ano: Int
    public let mes: Int

    /// Fails for a month outside 1…12 or a year outside 1000…9999 (four digits, as typed).
    public init?(ano: Int, mes: Int) {
        guard (1...12).contains(mes), (1000...9999).contains(ano) else { return nil }
        self.ano = ano
        self.mes = mes
    }

    /// `AAAAMM`, as stored (`cbcm_amreferencia`, `cbgr_amreferencia`).
    public init?(amReferencia: Int) {
        self.init(ano: amReferencia / 100, mes: amReferencia % 100)
    }

    /// `MM/AAAA`, as the user types it on the screen (exactly two and four digits).
    public init?(mesAno text: some StringProtocol) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 4,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let m = Int(parts[0]), let a = Int(parts[1])
        else { return nil }
        self.init(ano: a, mes: m)
    }

    /// The month a day belongs to.
    public init(_ data: CivilDate) {
        self.ano = data.year
        self.mes = data.month
    }

    public var amReferencia: Int { ano * 100 + mes }

    public static func < (lhs: Referencia, rhs: Referencia) -> Bool { lhs.amReferencia < rhs.amReferencia }

    /// `MM/AAAA`.
    public var description: String {
        (mes < 10 ? "0" : "") + String(mes) + "/" + String(ano)
    }
}
