import GSANCobranca
import GSANModel
import JusCompesa
import Testing

private func data(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }
private func reais(_ centavos: Int64) -> Centavos { Centavos(centavos) }

@Suite struct PeriodoReferenciasTests {
    @Test func theDebtPeriodSpansTheOldestToTheNewestOpenBill() {
        #expect(PeriodoReferencias.cobrindo([Int]()) == nil)
        let periodo = PeriodoReferencias.cobrindo([202503, 202411, 202505])
        #expect(periodo == PeriodoReferencias(inicial: 202411, final: 202505))
        #expect(periodo?.description == "11/2024 a 05/2025")
        #expect(PeriodoReferencias(inicial: 202506, final: 202505) == nil)
    }

    @Test func aCloseExtendsTheFinalReferenceAndNothingShrinksIt() {
        let periodo = PeriodoReferencias(inicial: 202501, final: 202505)!
        #expect(periodo.estendido(para: PeriodoReferencias(inicial: 202503, final: 202506)) == PeriodoReferencias(inicial: 202501, final: 202506))
        #expect(periodo.estendido(para: PeriodoReferencias(inicial: 202503, final: 202504)) == periodo)
        #expect(periodo.estendido(para: nil) == periodo)
        #expect(periodo.estendido(para: PeriodoReferencias(inicial: 202412, final: 202412)) == PeriodoReferencias(inicial: 202412, final: 202505))
    }
}

@Suite struct DebitoJudicialTests {
    @Test func aDebitoACobrarOwesWhatItsRemainingInstallmentsAddUpTo() {
        #expect(DebitoACobrar(imovel: 1, valor: reais(4_500), prestacoes: 3, cobradas: 1).saldo == reais(3_000))
        // 100,00 in 3: 33,33 + 33,33 + 33,34 (the last takes the remainder).
        #expect(DebitoACobrar(imovel: 1, valor: reais(10_000), prestacoes: 3, cobradas: 2).saldo == reais(3_334))
        #expect(DebitoACobrar(imovel: 1, valor: reais(10_000), prestacoes: 3, cobradas: 0).saldo == reais(10_000))
        #expect(DebitoACobrar(imovel: 1, valor: reais(10_000), prestacoes: 3, cobradas: 3).saldo == .zero)
    }

    @Test func theValorDaCausaIsBillsGuiasDebitosAndTheirAcrescimos() {
        let contas = [
            ContaEmAberto(id: 11, imovel: 7, referencia: 202504, valor: reais(10_000), vencimento: data("2025-05-10"), motivoRevisao: 6),
            ContaEmAberto(id: 12, imovel: 7, referencia: 202505, valor: reais(5_000), vencimento: data("2025-06-10"), motivoRevisao: nil),
        ]
        let guias = [GuiaEmAberto(imovel: 7, valor: reais(3_000), vencimento: data("2025-05-06"))]
        let debitos = [DebitoACobrar(imovel: 7, valor: reais(4_500), prestacoes: 3, cobradas: 1)]
        let debito = DebitoJudicial.compor(
            imovel: 7, processo: "0000007-35.2025.8.17.0001", contas: contas, guias: guias, debitos: debitos,
            dataBase: data("2025-06-06"), parametros: .padrao)
        // Acréscimos: the April bill (27 days: 2,00 + 0,90) and the guia (31 days: 0,60 + 0,31);
        // the May bill is not due yet.
        #expect(debito.quantidadeContas == 2 && debito.periodo == PeriodoReferencias(inicial: 202504, final: 202505))
        #expect(debito.contas == reais(15_000) && debito.guias == reais(3_000) && debito.debitosACobrar == reais(3_000))
        #expect(debito.acrescimos == reais(381))
        #expect(debito.total == reais(21_381))
        let nada = DebitoJudicial.compor(
            imovel: 8, processo: nil, contas: [], guias: [], debitos: [], dataBase: data("2025-06-06"), parametros: .padrao)
        #expect(nada.periodo == nil && nada.total == .zero && nada.quantidadeContas == 0)
    }
}

@Suite struct TriagemTests {
    let conta = ContaEmAberto(id: 5, imovel: 9, referencia: 202503, valor: reais(100), vencimento: data("2025-04-10"), motivoRevisao: nil)
    let revisada = ContaEmAberto(id: 4, imovel: 9, referencia: 202502, valor: reais(100), vencimento: data("2025-03-10"), motivoRevisao: 91)

    func entrada(_ operacao: OperacaoInformada = .inclusao, processo: String? = "0000009-11.2025.8.17.0001", valido: Bool? = true)
        -> EntradaInformada
    {
        EntradaInformada(id: 1, imovel: 9, operacao: operacao, processo: processo, processoValido: valido)
    }

    func situacao(judicial: Bool = false, outro: Int? = nil, excluido: Bool = false, contas: [ContaEmAberto]? = nil) -> SituacaoImovel {
        SituacaoImovel(excluido: excluido, emCobrancaJudicial: judicial, outraSituacaoEspecial: outro, contas: contas ?? [conta, revisada])
    }

    @Test func anInclusionCoversTheWholeDebtAndReviewsTheBillsNotYetUnderReview() {
        #expect(TriagemInformado.decidir(entrada(), situacao: situacao())
            == .incluir(periodo: PeriodoReferencias(inicial: 202502, final: 202503)!, contasParaRevisao: [5]))
    }

    @Test func eachRefusalHasItsReason() {
        #expect(TriagemInformado.decidir(entrada(), situacao: nil) == .rejeitar(.imovelInexistente(9)))
        #expect(TriagemInformado.decidir(entrada(), situacao: situacao(excluido: true)) == .rejeitar(.imovelExcluido(9)))
        #expect(TriagemInformado.decidir(entrada(processo: nil, valido: nil), situacao: situacao()) == .rejeitar(.processoAusente))
        #expect(TriagemInformado.decidir(entrada(processo: "  ", valido: false), situacao: situacao()) == .rejeitar(.processoAusente))
        #expect(TriagemInformado.decidir(entrada(processo: "123", valido: false), situacao: situacao()) == .rejeitar(.processoInvalido("123")))
        #expect(TriagemInformado.decidir(entrada(), situacao: situacao(judicial: true)) == .rejeitar(.jaEmCobrancaJudicial(9)))
        #expect(TriagemInformado.decidir(entrada(), situacao: situacao(outro: 2)) == .rejeitar(.outraSituacaoEspecial(imovel: 9, motivo: 2)))
        #expect(TriagemInformado.decidir(entrada(), situacao: situacao(contas: [])) == .rejeitar(.semDebito(9)))
        #expect(TriagemInformado.decidir(entrada(.exclusao), situacao: situacao()) == .rejeitar(.foraDeCobrancaJudicial(9)))
        #expect(MotivoRejeicao.semDebito(9).description == "Imóvel 9 sem débito: nenhuma conta em aberto.")
        #expect(MotivoRejeicao.imovelInexistente(12).description == "Imóvel 12 inexistente.")
    }

    @Test func anExclusionWithdrawsAnImovelInJudicialCollectionWithOrWithoutDebt() {
        #expect(TriagemInformado.decidir(entrada(.exclusao, processo: nil, valido: nil), situacao: situacao(judicial: true)) == .excluir)
        #expect(TriagemInformado.decidir(entrada(.exclusao), situacao: situacao(judicial: true, contas: [])) == .excluir)
    }
}

@Suite struct AtualizacaoJudicialTests {
    @Test func theCloseBillsGoUnderReviewAndThePeriodMovesOnlyWhereItChanges() {
        let base = data("2025-06-06")
        let imoveis = [
            ImovelJudicial(imovel: 1, periodo: PeriodoReferencias(inicial: 202502, final: 202505), processo: "P1"),
            ImovelJudicial(imovel: 2, periodo: PeriodoReferencias(inicial: 202502, final: 202505), processo: nil),
            ImovelJudicial(imovel: 3, periodo: nil, processo: nil),
        ]
        let contas: [Int: [ContaEmAberto]] = [
            1: [ContaEmAberto(id: 10, imovel: 1, referencia: 202505, valor: reais(1_000), vencimento: data("2025-06-10"), motivoRevisao: 6),
                ContaEmAberto(id: 11, imovel: 1, referencia: 202506, valor: reais(2_000), vencimento: data("2025-07-10"), motivoRevisao: nil)],
            2: [ContaEmAberto(id: 20, imovel: 2, referencia: 202504, valor: reais(1_000), vencimento: data("2025-05-10"), motivoRevisao: 6)],
            3: [ContaEmAberto(id: 30, imovel: 3, referencia: 202506, valor: reais(500), vencimento: data("2025-07-10"), motivoRevisao: nil)],
        ]
        let atualizacao = AtualizacaoJudicial.calcular(
            imoveis: imoveis, contas: contas, guias: [:], debitos: [:], dataBase: base, parametros: .padrao)
        #expect(atualizacao.contasParaRevisao == [11, 30])
        #expect(atualizacao.periodos == [1: PeriodoReferencias(inicial: 202502, final: 202506)!])
        #expect(atualizacao.semSituacaoEspecial == [3])
        #expect(atualizacao.debitos.map(\.imovel) == [1, 2, 3])
        #expect(atualizacao.debitos.map(\.total) == [reais(3_000), reais(1_000 + 20 + 9), reais(500)])
        #expect(atualizacao.debitos[0].processo == "P1")
    }
}
