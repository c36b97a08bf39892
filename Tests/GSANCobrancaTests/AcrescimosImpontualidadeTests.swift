import GSANCobranca
import GSANModel
import Testing

private func data(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }
private func reais(_ centavos: Int64) -> Centavos { Centavos(centavos) }

/// Acréscimos por impontualidade (multa, juros de mora, atualização), shared by the documentos
/// (seed 002, acréscimos of each item) and JusCompesa (seed 000, débito atualizado).
@Suite struct AcrescimosTests {
    let padrao = ParametrosAcrescimos.padrao

    @Test func multaJurosAndAtualizacaoProRataDie() {
        // 100,00 due 10/05, base 06/06: 27 days. Multa 2 % = 2,00; juros 1 % × 27/30 = 0,90.
        let valores = AcrescimosImpontualidade.calcular(
            valor: reais(10_000), vencimento: data("2025-05-10"), dataBase: data("2025-06-06"), parametros: padrao)
        #expect(valores.multa == reais(200) && valores.juros == reais(90) && valores.atualizacao == .zero)
        #expect(valores.total == reais(290))
        let comAtualizacao = ParametrosAcrescimos(multa: 200, jurosMensais: 100, atualizacaoMensal: 50)
        #expect(AcrescimosImpontualidade.calcular(
            valor: reais(10_000), vencimento: data("2025-05-10"), dataBase: data("2025-06-06"), parametros: comAtualizacao
        ).atualizacao == reais(45))
    }

    @Test func nothingUntilTheDayAfterTheDueDate() {
        let noDia = AcrescimosImpontualidade.calcular(
            valor: reais(10_000), vencimento: data("2025-06-06"), dataBase: data("2025-06-06"), parametros: padrao)
        #expect(noDia == .zero)
        let aVencer = AcrescimosImpontualidade.calcular(
            valor: reais(10_000), vencimento: data("2025-06-20"), dataBase: data("2025-06-06"), parametros: padrao)
        #expect(aVencer == .zero)
        let umDia = AcrescimosImpontualidade.calcular(
            valor: reais(10_000), vencimento: data("2025-06-05"), dataBase: data("2025-06-06"), parametros: padrao)
        #expect(umDia.multa == reais(200) && umDia.juros == reais(3))  // 100,00 × 1 % / 30 = 0,0333…
    }

    @Test func eachPartRoundsHalfToEvenCentavo() {
        let base = data("2025-06-06")
        // Multa: 0,25 × 2 % = 0,005 → 0,00; 0,75 × 2 % = 0,015 → 0,02; 0,76 × 2 % = 0,0152 → 0,02.
        #expect(AcrescimosImpontualidade.calcular(valor: reais(25), vencimento: data("2025-06-05"), dataBase: base, parametros: padrao).multa == .zero)
        #expect(AcrescimosImpontualidade.calcular(valor: reais(75), vencimento: data("2025-06-05"), dataBase: base, parametros: padrao).multa == reais(2))
        #expect(AcrescimosImpontualidade.calcular(valor: reais(76), vencimento: data("2025-06-05"), dataBase: base, parametros: padrao).multa == reais(2))
        // Juros, one day: 15,00 → 0,005 → 0,00; 45,00 → 0,015 → 0,02; 75,00 → 0,025 → 0,02.
        for (valor, juros) in [(Int64(1_500), Int64(0)), (4_500, 2), (7_500, 2), (7_501, 3)] {
            let valores = AcrescimosImpontualidade.calcular(
                valor: reais(valor), vencimento: data("2025-06-05"), dataBase: base, parametros: padrao)
            #expect(valores.juros == reais(juros), "valor \(valor)")
        }
    }

    @Test func largeAmountsAndLongDelaysDoNotOverflow() {
        // 10 bilhões de reais, dez anos de atraso: 1 % a.m. over 3.653 days = 121,7666… %.
        let valores = AcrescimosImpontualidade.calcular(
            valor: reais(1_000_000_000_000), vencimento: data("2015-06-06"), dataBase: data("2025-06-06"), parametros: padrao)
        #expect(valores.juros == reais(1_217_666_666_667))
    }
}
