import Foundation

/// Money as an integer number of centavos: never floating point. Stored as SQL
/// `numeric(13,2)`; printed the Brazilian way (`1.234,56`).
public struct Centavos: Hashable, Comparable, Sendable, Codable, AdditiveArithmetic, CustomStringConvertible {
    public var value: Int64

    public init(_ value: Int64) { self.value = value }

    public static let zero = Centavos(0)

    /// Parses `1234.56`, `-0.5`, `12` (a dot as decimal separator, at most two decimals),
    /// as PostgreSQL prints a `numeric`. More decimals are refused, never rounded away.
    public init?(decimalText text: some StringProtocol) {
        var s = Substring(text)
        var negative = false
        if s.first == "-" { negative = true; s = s.dropFirst() } else if s.first == "+" { s = s.dropFirst() }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        let isDigit = { (c: Character) in c.isASCII && c.isNumber }
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty, whole.allSatisfy(isDigit),
            let reais = Int64(whole)
        else { return nil }
        var cents: Int64 = 0
        if parts.count == 2 {
            var fraction = parts[1]
            // Trailing zeros beyond two places are exact (numeric(13,4) values like 1.2300).
            while fraction.count > 2, fraction.last == "0" { fraction = fraction.dropLast() }
            guard (1...2).contains(fraction.count), fraction.allSatisfy(isDigit), let f = Int64(fraction) else {
                return nil
            }
            cents = fraction.count == 1 ? f * 10 : f
        }
        let (scaled, o1) = reais.multipliedReportingOverflow(by: 100)
        let (total, o2) = scaled.addingReportingOverflow(cents)
        guard !o1, !o2 else { return nil }
        value = negative ? -total : total
    }

    /// `1.234,56`, `1234,56`, `0,5`, `12` — as people type an amount in Brazil (a comma before
    /// the centavos, dots between thousands); at most two decimals, never rounded away.
    public init?(brasileiro text: some StringProtocol) {
        let partes = text.split(separator: ",", omittingEmptySubsequences: false)
        guard partes.count <= 2, let inteiros = partes.first, !inteiros.isEmpty else { return nil }
        let grupos = inteiros.split(separator: ".", omittingEmptySubsequences: false)
        // Dots only as thousands separators: 1.234.567, never 12.34.
        guard grupos.count == 1 || (grupos.dropFirst().allSatisfy { $0.count == 3 } && (1...3).contains(grupos[0].count)) else {
            return nil
        }
        let digitos = grupos.reduce(into: "") { $0 += $1 }
        let fracao = partes.count == 2 ? String(partes[1]) : "0"
        guard !fracao.isEmpty else { return nil }
        self.init(decimalText: digitos + "." + fracao)
    }

    /// Rounds a `Decimal` amount of reais to centavos with the rounding the rule asks
    /// for (half-even, the banker's rounding, unless a rule says otherwise).
    public init(reais: Decimal, rounding: NSDecimalNumber.RoundingMode = .bankers) {
        var input = reais * 100
        var rounded = Decimal()
        NSDecimalRound(&rounded, &input, 0, rounding)
        value = NSDecimalNumber(decimal: rounded).int64Value
    }

    public var reais: Decimal { Decimal(value) / 100 }

    /// `1234.56` / `-0.05`: the text PostgreSQL takes for a `numeric`.
    public var decimalText: String {
        let magnitude = value.magnitude
        return (value < 0 ? "-" : "") + String(magnitude / 100) + "." + zeroPadded(Int(magnitude % 100), 2)
    }

    /// `1.234,56` / `-0,05`.
    public var description: String {
        let magnitude = value.magnitude
        var whole = String(magnitude / 100)
        var grouped = ""
        while whole.count > 3 {
            grouped = "." + whole.suffix(3) + grouped
            whole.removeLast(3)
        }
        return (value < 0 ? "-" : "") + whole + grouped + "," + zeroPadded(Int(magnitude % 100), 2)
    }

    /// A percentage or factor applied to this amount, rounded as the rule says.
    public func multiplied(by factor: Decimal, rounding: NSDecimalNumber.RoundingMode = .bankers) -> Centavos {
        Centavos(reais: reais * factor, rounding: rounding)
    }

    public static func + (lhs: Centavos, rhs: Centavos) -> Centavos { Centavos(lhs.value + rhs.value) }
    public static func - (lhs: Centavos, rhs: Centavos) -> Centavos { Centavos(lhs.value - rhs.value) }
    public static func < (lhs: Centavos, rhs: Centavos) -> Bool { lhs.value < rhs.value }

    public init(from decoder: any Decoder) throws {
        value = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
