import GSANModel

/// A span of references (AAAAMM), both ends included: the period of an imóvel's debt, and of
/// its situação especial de cobrança (`cbsh_amcobrancasituacaoinicio`…`fim`).
public struct PeriodoReferencias: Hashable, Sendable, Codable, CustomStringConvertible {
    public let inicial: Int
    public let final: Int

    /// Nil when `inicial` comes after `final`.
    public init?(inicial: Int, final: Int) {
        guard inicial <= final else { return nil }
        self.inicial = inicial
        self.final = final
    }

    /// The smallest period holding every reference of `referencias`; nil when there is none
    /// (an imóvel without open bills has no debt period).
    public static func cobrindo(_ referencias: some Sequence<Int>) -> PeriodoReferencias? {
        var minimo: Int?
        var maximo: Int?
        for referencia in referencias {
            minimo = min(minimo ?? referencia, referencia)
            maximo = max(maximo ?? referencia, referencia)
        }
        guard let minimo, let maximo else { return nil }
        return PeriodoReferencias(inicial: minimo, final: maximo)
    }

    /// This period widened to hold `outro` too. After a close, the final reference moves to the
    /// bills just created; it never shrinks (paid bills leave the debt, not the history).
    public func estendido(para outro: PeriodoReferencias?) -> PeriodoReferencias {
        guard let outro else { return self }
        return PeriodoReferencias(inicial: min(inicial, outro.inicial), final: max(final, outro.final))!
    }

    /// `MM/AAAA a MM/AAAA`.
    public var description: String { Referencia.mesAno(inicial) + " a " + Referencia.mesAno(final) }
}
