import GSANCobranca
import GSANModel
import Testing

@testable import FaturamentoRegras

/// The tariff of the generated utility's residential category: minimum 10 m³ for R$ 45,10,
/// then R$ 5,20 / 6,80 / 8,90 / 11,20 per m³ in the bands 11–20, 21–30, 31–50, 51+.
let residencial = TarifaCategoria(
    consumoMinimo: 10, tarifaMinima: Centavos(4510),
    faixas: [
        .init(inicio: 0, fim: 10, valorM3: .zero), .init(inicio: 11, fim: 20, valorM3: Centavos(520)),
        .init(inicio: 21, fim: 30, valorM3: Centavos(680)), .init(inicio: 31, fim: 50, valorM3: Centavos(890)),
        .init(inicio: 51, fim: 999_999, valorM3: Centavos(1120)),
    ])
let comercial = TarifaCategoria(consumoMinimo: 10, tarifaMinima: Centavos(8950), faixas: [.init(inicio: 11, fim: 999_999, valorM3: Centavos(936))])

@Suite struct TarifaTests {
    static let casos: [(consumo: Int, esperado: Int64)] = [
        (0, 4510), (10, 4510), (11, 5030), (20, 9710), (21, 10_390), (30, 16_510), (55, 39_910),
    ]

    /// 11 m³ = minimum + 1 × 5,20; 20 m³ = + 10 × 5,20; 21 m³ = + 1 × 6,80; 30 = + 10 × 6,80;
    /// 55 = + 20 × 8,90 + 5 × 11,20.
    @Test(arguments: casos)
    func bandsAboveTheMinimum(caso: (consumo: Int, esperado: Int64)) {
        #expect(residencial.valorPorEconomia(consumo: caso.consumo) == Centavos(caso.esperado))
    }

    @Test func aMinimumAboveTheFirstBandsStartCountsOnlyTheExcess() {
        let tarifa = TarifaCategoria(
            consumoMinimo: 15, tarifaMinima: Centavos(5000), faixas: [.init(inicio: 11, fim: 999_999, valorM3: Centavos(100))])
        #expect(tarifa.valorPorEconomia(consumo: 15) == Centavos(5000))
        #expect(tarifa.valorPorEconomia(consumo: 18) == Centavos(5300))
    }

    @Test func consumptionIsSharedByEveryEconomiaAndSewageIsAPercentageOfWater() throws {
        // 45 m³ over 3 economias = 15 m³ each: residential 45,10 + 5 × 5,20 = 71,10 (×2);
        // commercial 89,50 + 5 × 9,36 = 136,30.
        let conta = try CalculoConta.calcular(
            consumo: 45,
            economias: [
                LinhaEconomias(categoria: 1, subcategoria: 10, quantidade: 2),
                LinhaEconomias(categoria: 2, subcategoria: 20, quantidade: 1),
            ],
            tarifa: 1, tarifas: [1: residencial, 2: comercial], percentualEsgotoCentesimos: 8000, esgotoLigado: true)
        #expect(conta.linhas.map(\.agua) == [Centavos(14220), Centavos(13630)])
        #expect(conta.agua == Centavos(27850))
        // 80 % of 278,50 = 222,80, shared in proportion to water.
        #expect(conta.esgoto == Centavos(22280))
        #expect(conta.linhas.map(\.esgoto) == [Centavos(11376), Centavos(10904)])
        #expect(conta.linhas.map(\.consumo) == [30, 15])
    }

    @Test func noSewageWhenTheConnectionIsNotBilled() throws {
        let conta = try CalculoConta.calcular(
            consumo: 12, economias: [LinhaEconomias(categoria: 1, subcategoria: 10, quantidade: 1)], tarifa: 1,
            tarifas: [1: residencial], percentualEsgotoCentesimos: 0, esgotoLigado: false)
        #expect(conta.agua == Centavos(4510 + 2 * 520))
        #expect(conta.esgoto == .zero)
        #expect(conta.consumoEsgoto == 0)
    }

    @Test func aCategoryWithoutTariffIsAClearError() {
        #expect(throws: CalculoConta.Erro.tarifaInexistente(tarifa: 1, categoria: 4)) {
            try CalculoConta.calcular(
                consumo: 12, economias: [LinhaEconomias(categoria: 4, subcategoria: 40, quantidade: 1)], tarifa: 1,
                tarifas: [1: residencial], percentualEsgotoCentesimos: 0, esgotoLigado: false)
        }
        #expect(
            CalculoConta.Erro.tarifaInexistente(tarifa: 1, categoria: 4).description
                == "Não há tarifa vigente para a categoria 4 na tarifa de consumo 1.")
    }

    @Test(arguments: [("123", 0), ("261533", 4), ("0", 0), ("9", 1)])
    func modulo10(digitos: String, esperado: Int) {
        #expect(DigitoVerificadorConta.modulo10(digitos) == esperado)
    }
}

@Suite struct ValidacaoFechamentoTests {
    let grupo = GrupoFaturamento(
        id: 3, descricao: "GRUPO 3", referencia: Referencia(ano: 2025, mes: 6)!, diaLeitura: 5, diaVencimento: 20,
        diaEncerramento: 8, venceNoMesDaReferencia: true)
    let hoje = CivilDate(year: 2025, month: 6, day: 10)!

    @Test func theOpenReferenceOfAStartedMonthCanBeClosed() {
        #expect(ValidacaoFechamento.validar(referencia: Referencia(ano: 2025, mes: 6)!, grupo: grupo, hoje: hoje) == nil)
    }

    @Test func aClosedReferenceIsRefused() {
        let recusa = ValidacaoFechamento.validar(referencia: Referencia(ano: 2025, mes: 5)!, grupo: grupo, hoje: hoje)
        #expect(recusa?.description == "A referência 05/2025 do GRUPO 3 já foi encerrada (referência corrente do grupo: 06/2025).")
    }

    @Test func aFutureReferenceIsRefused() {
        let recusa = ValidacaoFechamento.validar(referencia: Referencia(ano: 2025, mes: 7)!, grupo: grupo, hoje: hoje)
        #expect(recusa?.description == "A referência 07/2025 do GRUPO 3 é futura: o grupo ainda está na referência 06/2025.")
    }

    @Test func aMonthNotBegunIsRefused() {
        let cedo = CivilDate(year: 2025, month: 5, day: 31)!
        let recusa = ValidacaoFechamento.validar(referencia: Referencia(ano: 2025, mes: 6)!, grupo: grupo, hoje: cedo)
        #expect(recusa?.description == "A referência 06/2025 é futura: hoje é 31/05/2025.")
    }

    @Test func aGroupOutOfUseIsRefused() {
        var foraDeUso = grupo
        foraDeUso.emUso = false
        let recusa = ValidacaoFechamento.validar(referencia: Referencia(ano: 2025, mes: 6)!, grupo: foraDeUso, hoje: hoje)
        #expect(recusa?.description == "O GRUPO 3 está fora de uso: não há faturamento a encerrar.")
    }

    @Test func calendarDates() {
        #expect(grupo.dataEncerramento(Referencia(ano: 2025, mes: 6)!) == CivilDate(year: 2025, month: 6, day: 8)!)
        var seguinte = grupo
        seguinte.venceNoMesDaReferencia = false
        #expect(seguinte.vencimento(Referencia(ano: 2025, mes: 12)!) == CivilDate(year: 2026, month: 1, day: 20)!)
    }
}
