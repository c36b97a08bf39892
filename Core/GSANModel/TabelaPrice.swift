/// The installment of a loan by the Tabela Price (French amortization): equal payments
/// PMT = saldo · i / (1 − (1 + i)⁻ⁿ), in integer centavos.
public enum TabelaPrice {
    /// The prestação of `saldo` in `n` payments at `taxa` hundredths of a percent a month
    /// (150 = 1,50 % a.m.), truncated to the centavo as GSAN does, never below saldo / n
    /// rounded up (so the juros are never negative). Without juros: saldo / n, truncated
    /// (the caller's last prestação takes the remainder). Nil for input no payment fits
    /// (n < 1, a negative rate or saldo, or amounts beyond 128-bit arithmetic).
    public static func prestacao(saldo: Centavos, taxa: Int, prestacoes n: Int) -> Centavos? {
        guard n >= 1, taxa >= 0, saldo >= .zero else { return nil }
        guard taxa > 0 else { return Centavos(saldo.value / Int64(n)) }
        // (1 + i)ⁿ in fixed point, 10¹² = 1. Past 10²⁵ the factor (1+i)ⁿ / ((1+i)ⁿ − 1) is 1
        // to within 10⁻¹³, so the loop stops there and PMT is saldo · i.
        let escala: Int128 = 1_000_000_000_000
        let teto: Int128 = 10_000_000_000_000_000_000_000_000
        var fator = escala
        for _ in 0..<n where fator < teto {
            let (produto, transbordou) = fator.multipliedReportingOverflow(by: Int128(10_000 + taxa))
            guard !transbordou else { return nil }
            fator = (produto + 5_000) / 10_000
        }
        let (base, t1) = Int128(saldo.value).multipliedReportingOverflow(by: Int128(taxa))
        let (numerador, t2) = base.multipliedReportingOverflow(by: fator)
        let (denominador, t3) = Int128(10_000).multipliedReportingOverflow(by: fator - escala)
        guard !t1, !t2, !t3, denominador > 0 else { return nil }
        let price = numerador / denominador
        guard price <= Int128(Int64.max) else { return nil }
        return Centavos(max(Int64(price), (saldo.value + Int64(n) - 1) / Int64(n)))
    }
}
