import FaturamentoRegras
import FiscalizacaoRegras
import GSANModel
import Testing

/// Multa pela infração and consumo fraudado (seed 002 §1.2.4), computed by hand at the bounds.
@Suite struct DebitosInfracaoTests {
    typealias D = DebitosInfracao
    static func dia(_ d: Int, _ m: Int, _ a: Int = 2025) -> CivilDate { CivilDate(year: a, month: m, day: d)! }
    /// Category 1: R$ 25,00 for up to 10 m³, then R$ 3,00 (11–20) and R$ 5,00 (21+).
    static let tarifas: [Int: TarifaCategoria] = [
        1: .init(consumoMinimo: 10, tarifaMinima: Centavos(2500), faixas: [
            .init(inicio: 0, fim: 10, valorM3: Centavos(0)), .init(inicio: 11, fim: 20, valorM3: Centavos(300)),
            .init(inicio: 21, fim: 999_999, valorM3: Centavos(500)),
        ]),
        2: .init(consumoMinimo: 10, tarifaMinima: Centavos(4000), faixas: [.init(inicio: 11, fim: 999_999, valorM3: Centavos(700))]),
    ]

    @Test func theFineIsTheMinimumTariffTimesTheEconomiasUpToFour() {
        #expect(D.multa(tarifaMinima: Centavos(2500), economias: 1) == Centavos(2500))
        #expect(D.multa(tarifaMinima: Centavos(2500), economias: 3) == Centavos(7500))
        #expect(D.multa(tarifaMinima: Centavos(2500), economias: 4) == Centavos(10_000))
        #expect(D.multa(tarifaMinima: Centavos(2500), economias: 5) == Centavos(10_000))
        #expect(D.multa(tarifaMinima: Centavos(2500), economias: 40) == Centavos(10_000))
        #expect(D.multa(tarifaMinima: Centavos(0), economias: 3) == .zero)
    }

    @Test func theFineUsesThePrincipalCategoria() {
        let mista = [LinhaEconomias(categoria: 1, subcategoria: 1, quantidade: 2), LinhaEconomias(categoria: 2, subcategoria: 1, quantidade: 3)]
        #expect(D.categoriaPrincipal(mista) == 2)
        let empate = [LinhaEconomias(categoria: 2, subcategoria: 1, quantidade: 2), LinhaEconomias(categoria: 1, subcategoria: 2, quantidade: 2)]
        #expect(D.categoriaPrincipal(empate) == 1)
        #expect(D.categoriaPrincipal([]) == nil)
    }

    @Test func monthsSinceTheCutAtLeastOneAtMostSix() {
        #expect(D.meses(corte: Self.dia(10, 1), fiscalizacao: Self.dia(10, 1)) == 1)
        #expect(D.meses(corte: Self.dia(10, 1), fiscalizacao: Self.dia(9, 2)) == 1)
        #expect(D.meses(corte: Self.dia(10, 1), fiscalizacao: Self.dia(10, 3)) == 2)
        #expect(D.meses(corte: Self.dia(10, 1), fiscalizacao: Self.dia(20, 6)) == 5)
        #expect(D.meses(corte: Self.dia(10, 1), fiscalizacao: Self.dia(10, 7)) == 6)
        #expect(D.meses(corte: Self.dia(10, 1), fiscalizacao: Self.dia(9, 7)) == 5)
        #expect(D.meses(corte: Self.dia(10, 1), fiscalizacao: Self.dia(10, 3, 2026)) == 6)
        #expect(D.meses(corte: Self.dia(15, 11, 2024), fiscalizacao: Self.dia(14, 1)) == 1)
        #expect(D.meses(corte: nil, fiscalizacao: Self.dia(14, 1)) == 1)
    }

    @Test func theAverageOfTheBilledConsumptionRoundsDown() {
        #expect(D.media([20, 16, 18]) == 18)
        #expect(D.media([20, 17]) == 18)
        #expect(D.media([1, 0, 0]) == 0)
        #expect(D.media([]) == 0)
    }

    @Test func theFraudedConsumptionIsAMonthOfTheAverageTimesTheMonths() throws {
        let uma = [LinhaEconomias(categoria: 1, subcategoria: 1, quantidade: 1)]
        // 18 m³: 25,00 + 8 × 3,00 = 49,00 a month.
        #expect(try D.consumoFraudado(media: 18, meses: 1, economias: uma, tarifa: 1, tarifas: Self.tarifas) == Centavos(4900))
        #expect(try D.consumoFraudado(media: 18, meses: 5, economias: uma, tarifa: 1, tarifas: Self.tarifas) == Centavos(24_500))
        #expect(try D.consumoFraudado(media: 18, meses: 6, economias: uma, tarifa: 1, tarifas: Self.tarifas) == Centavos(29_400))
        // 25 m³: 25,00 + 10 × 3,00 + 5 × 5,00 = 80,00.
        #expect(try D.consumoFraudado(media: 25, meses: 2, economias: uma, tarifa: 1, tarifas: Self.tarifas) == Centavos(16_000))
        // Two economias share 25 m³ as 12 each: 2 × (25,00 + 2 × 3,00) = 62,00.
        let duas = [LinhaEconomias(categoria: 1, subcategoria: 1, quantidade: 2)]
        #expect(try D.consumoFraudado(media: 25, meses: 1, economias: duas, tarifa: 1, tarifas: Self.tarifas) == Centavos(6200))
    }

    @Test func noAverageNoFraudedConsumption() throws {
        let uma = [LinhaEconomias(categoria: 1, subcategoria: 1, quantidade: 1)]
        #expect(try D.consumoFraudado(media: 0, meses: 6, economias: uma, tarifa: 1, tarifas: Self.tarifas) == .zero)
    }

    @Test func aCategoriaWithoutTariffIsAnError() {
        let tres = [LinhaEconomias(categoria: 3, subcategoria: 1, quantidade: 1)]
        #expect(throws: CalculoConta.Erro.tarifaInexistente(tarifa: 1, categoria: 3)) {
            try D.consumoFraudado(media: 10, meses: 1, economias: tres, tarifa: 1, tarifas: Self.tarifas)
        }
    }
}
