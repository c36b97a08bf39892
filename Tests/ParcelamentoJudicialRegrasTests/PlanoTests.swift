import GSANModel
import ParcelamentoJudicialRegras
import Testing

/// The plan as seed 001 and GSAN-FACTS §8 read: the acordo in installments without interest or
/// at the court's rate, custas and honorários by value or percent, in or out of the plan, the
/// operator's own installment values, each component truncated per installment and the last one
/// taking what remains.
@Suite struct PlanoTests {
    static let acordo = CivilDate(year: 2027, month: 1, day: 5)!
    static let primeiro = CivilDate(year: 2027, month: 1, day: 10)!
    static let processo = "0000001-60.2025.8.17.0001"

    static func negociacao(
        acordo valor: Int64 = 100_000, prestacoes: Int = 3, custas: CustoInformado? = nil, honorarios: CustoInformado? = nil,
        custasNoPlano: Bool = false, honorariosNoPlano: Bool = false, juros: Juros = .sem, valores: [Int64]? = nil,
        dias: Int = 30
    ) -> Negociacao {
        Negociacao(
            valorAcordo: Centavos(valor), processo: processo, custas: custas, honorarios: honorarios, dataAcordo: acordo,
            clienteResponsavel: 1, prestacoes: prestacoes, custasNoPlano: custasNoPlano, honorariosNoPlano: honorariosNoPlano,
            primeiroVencimento: primeiro, diasEntreParcelas: dias, juros: juros, valoresParcelas: valores.map { $0.map(Centavos.init) })
    }

    static func valores(_ acordo: Acordo) -> [Int64] { acordo.plano.parcelas.map(\.valor.value) }

    @Test func withoutInterestTheLastInstallmentAbsorbsTheDifference() throws {
        let a = try Self.negociacao().acordo(debito: Centavos(120_000))
        #expect(Self.valores(a) == [33_333, 33_333, 33_334])
        #expect(a.plano.valorParcelado == Centavos(100_000) && a.plano.juros == .zero)
        #expect(a.plano.parcelas.map(\.vencimento.description) == ["10/01/2027", "09/02/2027", "11/03/2027"])
        // Desconto: débito − acordo, exact; 16,67 % (16,666… rounded half to even); its share per installment.
        #expect(a.desconto == Custo(valor: Centavos(20_000), percentual: 1_667))
        #expect(a.plano.parcelas.map(\.desconto.value) == [6_666, 6_666, 6_668])
    }

    @Test func anExactDivisionHasNoRemainderAndOneInstallmentIsTheAcordo() throws {
        #expect(Self.valores(try Self.negociacao(acordo: 90_000).acordo(debito: Centavos(90_000))) == [30_000, 30_000, 30_000])
        let uma = try Self.negociacao(acordo: 12_345, prestacoes: 1).acordo(debito: Centavos(12_345))
        #expect(Self.valores(uma) == [12_345] && uma.desconto == .zero)
        #expect(uma.plano.parcelas[0].vencimento == Self.primeiro)
        // One centavo per installment is the least; fewer centavos than installments is refused.
        #expect(Self.valores(try Self.negociacao(acordo: 3).acordo(debito: Centavos(3))) == [1, 1, 1])
        #expect(throws: ErroParcelamento.invalido("Valor do acordo (0,02) menor que R$ 0,01 por parcela em 3 parcelas.")) {
            try Self.negociacao(acordo: 2).acordo(debito: Centavos(3))
        }
    }

    @Test func tabelaPriceAtTheCourtsRate() throws {
        // R$ 1.000,00 at 1 % a.m. in 12: PMT 88,84 (truncated); the juros of each month on the
        // balance; the last pays the balance (88,07) and its juros (0,88).
        let a = try Self.negociacao(prestacoes: 12, juros: .price(taxa: 100)).acordo(debito: Centavos(100_000))
        #expect(Self.valores(a).dropLast().allSatisfy { $0 == 8_884 } && Self.valores(a).last == 8_895)
        #expect(a.plano.parcelas[0].juros == Centavos(1_000) && a.plano.parcelas[0].principal == Centavos(7_884))
        #expect(a.plano.parcelas[11].principal == Centavos(8_807) && a.plano.parcelas[11].juros == Centavos(88))
        #expect(a.plano.parcelas.reduce(Centavos.zero) { $0 + $1.principal } == Centavos(100_000))
        #expect(a.plano.juros == Centavos(6_619) && a.plano.valorParcelado == Centavos(106_619))
        // R$ 500,00 at 2 % in 3: 173,37 twice and the last absorbs two centavos.
        #expect(Self.valores(try Self.negociacao(acordo: 50_000, juros: .price(taxa: 200)).acordo(debito: Centavos(50_000)))
            == [17_337, 17_337, 17_339])
        // One installment: the acordo and one month's juros.
        #expect(Self.valores(try Self.negociacao(prestacoes: 1, juros: .price(taxa: 150)).acordo(debito: Centavos(100_000)))
            == [101_500])
    }

    @Test func simpleInterestOnTheAcordoSpreadOverTheInstallments() throws {
        // 5 % of R$ 1.000,00 = 50,00 in 3: 16,66 + 16,66 + 16,68.
        let a = try Self.negociacao(juros: .simples(taxa: 500)).acordo(debito: Centavos(100_000))
        #expect(a.plano.parcelas.map(\.juros.value) == [1_666, 1_666, 1_668])
        #expect(Self.valores(a) == [34_999, 34_999, 35_002] && a.plano.valorParcelado == Centavos(105_000))
    }

    @Test func custasAndHonorariosByValueAndByPercentInAndOutOfThePlan() throws {
        // Custas 10 % → R$ 100,00; honorários R$ 150,00 → 15 %; both in the plan, split like the acordo.
        let dentro = try Self.negociacao(
            custas: .percentual(1_000), honorarios: .valor(Centavos(15_000)), custasNoPlano: true, honorariosNoPlano: true
        ).acordo(debito: Centavos(100_000))
        #expect(dentro.custas == Custo(valor: Centavos(10_000), percentual: 1_000))
        #expect(dentro.honorarios == Custo(valor: Centavos(15_000), percentual: 1_500))
        #expect(dentro.plano.parcelas.map(\.custas.value) == [3_333, 3_333, 3_334])
        #expect(dentro.plano.parcelas.map(\.honorarios.value) == [5_000, 5_000, 5_000])
        #expect(Self.valores(dentro) == [41_666, 41_666, 41_668] && dentro.plano.guiasAvulsas.isEmpty)
        // Out of the plan: separate guias (121, 122) due with the first installment.
        let fora = try Self.negociacao(custas: .percentual(1_000), honorarios: .valor(Centavos(15_000))).acordo(debito: Centavos(100_000))
        #expect(Self.valores(fora) == [33_333, 33_333, 33_334])
        #expect(fora.plano.guiasAvulsas.map { "\($0.tipo.rawValue) \($0.valor) \($0.vencimento)" } == ["121 100,00 10/01/2027", "122 150,00 10/01/2027"])
        // Percent rounding at the edge: 33,33 % of 0,10 is 0,0333 → 0,03; 0,05 of 0,30 is 16,67 %.
        #expect(try Self.negociacao(acordo: 10, prestacoes: 1, custas: .percentual(3_333)).acordo(debito: Centavos(10)).custas.valor == Centavos(3))
        #expect(try Self.negociacao(acordo: 30, prestacoes: 1, custas: .valor(Centavos(5))).acordo(debito: Centavos(30)).custas.percentual == 1_667)
        // Half to even: 12,5 % of 0,20 = 0,025 → 0,02; of 0,60 = 0,075 → 0,08.
        #expect(try Self.negociacao(acordo: 20, prestacoes: 1, custas: .percentual(1_250)).acordo(debito: Centavos(20)).custas.valor == Centavos(2))
        #expect(try Self.negociacao(acordo: 60, prestacoes: 1, custas: .percentual(1_250)).acordo(debito: Centavos(60)).custas.valor == Centavos(8))
        #expect(throws: ErroParcelamento.invalido("Valor das custas (1.000,01) maior que o valor do acordo (1.000,00).")) {
            try Self.negociacao(custas: .valor(Centavos(100_001))).acordo(debito: Centavos(100_000))
        }
        #expect(throws: ErroParcelamento.invalido("Percentual dos honorários (100,01 %) deve estar entre 0 e 100 %.")) {
            try Self.negociacao(honorarios: .percentual(10_001)).acordo(debito: Centavos(100_000))
        }
    }

    @Test func editedInstallmentValuesMustAddUpToTheAcordo() throws {
        let a = try Self.negociacao(valores: [50_000, 25_000, 25_000]).acordo(debito: Centavos(100_000))
        #expect(Self.valores(a) == [50_000, 25_000, 25_000])
        #expect(throws: ErroParcelamento.invalido("A soma dos valores das parcelas (999,99) deve ser igual ao valor do acordo (1.000,00).")) {
            try Self.negociacao(valores: [50_000, 25_000, 24_999]).acordo(debito: Centavos(100_000))
        }
        #expect(throws: ErroParcelamento.invalido("Informados 2 valores de parcela para 3 parcelas.")) {
            try Self.negociacao(valores: [50_000, 50_000]).acordo(debito: Centavos(100_000))
        }
        #expect(throws: ErroParcelamento.invalido("Valor da parcela 3 deve ser maior que zero.")) {
            try Self.negociacao(valores: [50_000, 50_000, 0]).acordo(debito: Centavos(100_000))
        }
        #expect(throws: ErroParcelamento.invalido(
            "Os valores das parcelas só podem ser alterados quando as custas e os honorários não estão no parcelamento.")) {
            try Self.negociacao(custas: .percentual(100), custasNoPlano: true, valores: [50_000, 25_000, 25_000]).acordo(debito: Centavos(100_000))
        }
        #expect(throws: ErroParcelamento.invalido("Os valores das parcelas não podem ser alterados no parcelamento com juros.")) {
            try Self.negociacao(juros: .price(taxa: 100), valores: [50_000, 25_000, 25_000]).acordo(debito: Centavos(100_000))
        }
    }

    @Test func daysBetweenInstallmentsAreAnyPositiveNumber() throws {
        let semanal = try Self.negociacao(prestacoes: 4, dias: 7).acordo(debito: Centavos(100_000))
        #expect(semanal.plano.parcelas.map(\.vencimento.description) == ["10/01/2027", "17/01/2027", "24/01/2027", "31/01/2027"])
        let longo = try Self.negociacao(prestacoes: 2, dias: 45).acordo(debito: Centavos(100_000))
        #expect(longo.plano.parcelas.map(\.vencimento.description) == ["10/01/2027", "24/02/2027"])
        for dias in [0, -1, 3_651] {
            #expect(throws: ErroParcelamento.invalido("Quantidade de dias entre as parcelas deve estar entre 1 e 3650.")) {
                try Self.negociacao(dias: dias).acordo(debito: Centavos(100_000))
            }
        }
    }
}

/// The entrada (débito tipo 118, GSAN-FACTS §8: "acordo −= entrada; desconto reduced
/// proportionally to the entrada share").
@Suite struct EntradaTests {
    static func negociacao(entrada: Int64?, acordo: Int64 = 100_000, prestacoes: Int = 3, juros: Juros = .sem, valores: [Int64]? = nil) -> Negociacao {
        var n = PlanoTests.negociacao(acordo: acordo, prestacoes: prestacoes, juros: juros, valores: valores)
        n.entrada = entrada.map(Centavos.init)
        return n
    }

    @Test func aEntradaSaiDoAcordoComSuaParteDoDesconto() throws {
        // Débito 1.200,00, acordo 1.000,00 (desconto 200,00), entrada 100,00: the entrada's share of
        // the discount is 200,00 × 100 ÷ 1.000 = 20,00; 900,00 in 3 installments of 300,00, each with 60,00.
        let a = try Self.negociacao(entrada: 10_000).acordo(debito: Centavos(120_000))
        #expect(a.plano.entrada == Entrada(valor: Centavos(10_000), vencimento: PlanoTests.acordo, desconto: Centavos(2_000)))
        #expect(PlanoTests.valores(a) == [30_000, 30_000, 30_000])
        #expect(a.plano.parcelas.map(\.desconto.value) == [6_000, 6_000, 6_000])
        #expect(a.desconto.valor == Centavos(20_000))  // the agreement's discount is unchanged
    }

    @Test func arredondamentoDaParteDaEntrada() throws {
        // Desconto 100,00, entrada 333,33 of 1.000,00: 33,333 truncated to 33,33; the installments
        // share 66,67 (33,33 and 33,34: the last takes the remainder), and 666,67 (333,33 and 333,34).
        let a = try Self.negociacao(entrada: 33_333, prestacoes: 2).acordo(debito: Centavos(110_000))
        #expect(a.plano.entrada?.desconto == Centavos(3_333))
        #expect(a.plano.parcelas.map(\.desconto.value) == [3_333, 3_334])
        #expect(PlanoTests.valores(a) == [33_333, 33_334])
        let entrada = try #require(a.plano.entrada)
        #expect(entrada.desconto + a.plano.parcelas.reduce(.zero) { $0 + $1.desconto } == Centavos(10_000))
    }

    @Test func jurosSoSobreORestoDoAcordo() throws {
        // Simple interest of 1 % on 900,00 (not 1.000,00): 9,00 spread as 3,00 per installment.
        let a = try Self.negociacao(entrada: 10_000, juros: .simples(taxa: 100)).acordo(debito: Centavos(100_000))
        #expect(a.plano.juros == Centavos(900))
    }

    @Test func recusas() {
        #expect(throws: ErroParcelamento.invalido("Valor da entrada (1.000,00) deve ser menor que o valor do acordo (1.000,00).")) {
            try Self.negociacao(entrada: 100_000).acordo(debito: Centavos(100_000))
        }
        #expect(throws: ErroParcelamento.invalido("Valor da entrada deve ser maior que zero.")) {
            try Self.negociacao(entrada: 0).acordo(debito: Centavos(100_000))
        }
        #expect(throws: ErroParcelamento.invalido(
            "A soma dos valores das parcelas (1.000,00) deve ser igual ao valor do acordo menos a entrada (100,00) (900,00).")) {
            try Self.negociacao(entrada: 10_000, valores: [50_000, 25_000, 25_000]).acordo(debito: Centavos(100_000))
        }
        #expect(throws: ErroParcelamento.invalido("Valor do acordo menos a entrada (0,02) menor que R$ 0,01 por parcela em 3 parcelas.")) {
            try Self.negociacao(entrada: 99_998).acordo(debito: Centavos(100_000))
        }
    }

    @Test func entradaAtrasadaNaObservacao() {
        #expect(PerdaDesconto.observacao(parcela: 0, processo: "X") == "PERDA DO DESCONTO: ENTRADA EM ATRASO, PROCESSO X")
        #expect(PerdaDesconto.observacao(parcela: 2, processo: "X") == "PERDA DO DESCONTO: PARCELA 2 EM ATRASO, PROCESSO X")
    }
}
