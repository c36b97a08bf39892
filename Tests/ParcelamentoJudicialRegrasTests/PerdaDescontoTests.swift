import GSANModel
import ParcelamentoJudicialRegras
import Testing

/// The daily batch's rule: a late installment loses the discount, once per agreement, with a
/// guia due 30 days after the day it runs; and the rule for cancelling.
@Suite struct PerdaDescontoTests {
    static let hoje = CivilDate(year: 2027, month: 3, day: 1)!

    static func situacao(
        normal: Bool = true, perde: Bool = true, desconto: Int64 = 20_000, gerada: Bool = false,
        parcelas: [(Int, CivilDate, Bool)] = [(1, CivilDate(year: 2027, month: 1, day: 10)!, true), (2, CivilDate(year: 2027, month: 2, day: 9)!, false),
                                              (3, CivilDate(year: 2027, month: 3, day: 11)!, false)]
    ) -> PerdaDesconto.Situacao {
        PerdaDesconto.Situacao(
            normal: normal, perdeDesconto: perde, desconto: Centavos(desconto), guiaJaGerada: gerada,
            parcelas: parcelas.map { PerdaDesconto.ParcelaEmCobranca(numero: $0.0, vencimento: $0.1, paga: $0.2) })
    }

    @Test func aLateInstallmentLosesTheWholeDiscountDueIn30Days() throws {
        let guia = try #require(PerdaDesconto.avaliar(Self.situacao(), hoje: Self.hoje))
        #expect(guia.valor == Centavos(20_000) && guia.parcelaAtrasada == 2)
        #expect(guia.vencimento.description == "31/03/2027")
    }

    @Test func nothingWhenNotLateOrNotLosingOrAlreadyIssued() {
        // Due today is not late yet; paid is not late.
        let emDia = Self.situacao(parcelas: [(1, Self.hoje, false), (2, CivilDate(year: 2027, month: 1, day: 1)!, true)])
        #expect(PerdaDesconto.avaliar(emDia, hoje: Self.hoje) == nil)
        #expect(PerdaDesconto.avaliar(emDia, hoje: Self.hoje.adding(days: 1))?.parcelaAtrasada == 1)
        #expect(PerdaDesconto.avaliar(Self.situacao(perde: false), hoje: Self.hoje) == nil)
        #expect(PerdaDesconto.avaliar(Self.situacao(desconto: 0), hoje: Self.hoje) == nil)
        #expect(PerdaDesconto.avaliar(Self.situacao(gerada: true), hoje: Self.hoje) == nil, "uma vez por acordo")
        #expect(PerdaDesconto.avaliar(Self.situacao(normal: false), hoje: Self.hoje) == nil)
    }

    @Test func cancellingNeedsANormalAgreementWithNoGuiaPaid() throws {
        try CancelamentoParcelamento.verificar(parcelamento: 4, situacao: 1, pagas: [])
        #expect(throws: ErroParcelamento.invalido("Parcelamento judicial 4 já está cancelado.")) {
            try CancelamentoParcelamento.verificar(parcelamento: 4, situacao: 4, pagas: [])
        }
        let paga = CancelamentoParcelamento.GuiaPaga(descricao: "a parcela 1/3", data: CivilDate(year: 2027, month: 1, day: 9)!)
        #expect(throws: ErroParcelamento.invalido("Parcelamento judicial 4 não pode ser cancelado: a parcela 1/3 foi paga em 09/01/2027.")) {
            try CancelamentoParcelamento.verificar(parcelamento: 4, situacao: 1, pagas: [paga])
        }
    }
}
