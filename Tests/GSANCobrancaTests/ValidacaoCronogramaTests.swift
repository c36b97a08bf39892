import GSANCobranca
import GSANModel
import Testing

@Suite("Validação do cronograma de cobrança")
struct ValidacaoCronogramaTests {
    func validar(_ c: CronogramaCobranca, _ contexto: ContextoValidacao = F.contexto) -> [Violacao] {
        ValidacaoCronograma.validar(c, contexto: contexto)
    }

    @Test func theSeedsScheduleIsValid() {
        #expect(validar(F.valido) == [])
    }

    // MARK: Data prevista

    @Test func aDateBeforeTodayIsRejected() {
        let aviso = F.linha(F.aviso, ["19/10/2013", "19/10/2013", "26/10/2013", "29/10/2013"])
        let contexto = ContextoValidacao(hoje: F.d("20/10/2013"), catalogo: F.catalogo)
        let v = validar(F.cronograma([aviso, F.corteValido]), contexto)
        #expect(v.contains(.dataPrevistaAnteriorAoCronogramaOuHoje(acao: "AVISO DE CORTE", atividade: "SIMULAR")))
        #expect(v.contains(.dataPrevistaAnteriorAoCronogramaOuHoje(acao: "AVISO DE CORTE", atividade: "EMITIR")))
        #expect(!v.contains(.dataPrevistaAnteriorAoCronogramaOuHoje(acao: "AVISO DE CORTE", atividade: "ENCERRAR OS")))
        #expect(v.first?.mensagem == "Data prevista deve ser maior ou igual a mês/ano do cronograma data atual")
        #expect(v.first?.gravidade == .erro)
    }

    @Test func todayItselfIsAccepted() {
        let contexto = ContextoValidacao(hoje: F.d("19/10/2013"), catalogo: F.catalogo)
        #expect(validar(F.valido, contexto) == [])
    }

    @Test func commandedActivitiesKeepPastDates() {
        let aviso = F.linha(F.aviso, ["19/10/2013", "19/10/2013", "26/10/2013", "29/10/2013"], comandadas: [1, 2])
        let contexto = ContextoValidacao(hoje: F.d("20/10/2013"), catalogo: F.catalogo)
        let v = ValidacaoCronograma.datasPrevistas(F.cronograma([aviso]), hoje: contexto.hoje)
        #expect(v == [])
    }

    @Test func aDateInAMonthBeforeTheSchedulesIsRejected() {
        let aviso = F.linha(F.aviso, ["30/09/2013", "19/10/2013", "26/10/2013", "29/10/2013"])
        let v = ValidacaoCronograma.datasPrevistas(F.cronograma([aviso]), hoje: F.d("01/09/2013"))
        #expect(v == [.dataPrevistaAnteriorAoCronogramaOuHoje(acao: "AVISO DE CORTE", atividade: "SIMULAR")])
    }

    @Test func activitiesMustFollowTheirPredefinedOrder() {
        let aviso = F.linha(F.aviso, ["20/10/2013", "19/10/2013", "26/10/2013", "29/10/2013"])
        let v = validar(F.cronograma([aviso, F.corteValido]))
        #expect(v == [.datasForaDaOrdemDasAtividades(acao: "AVISO DE CORTE")])
        #expect(v[0].mensagem
            == "Datas previstas das atividades devem seguir a ordem pré-definida das atividades da ação do cronograma.")
    }

    // MARK: Atividade predecessora

    @Test func aPredecessorActivityWithoutDate() {
        let aviso = F.linha(F.aviso, ["19/10/2013", nil, nil, "29/10/2013"])
        let v = ValidacaoCronograma.atividadesPredecessoras(F.cronograma([aviso]))
        #expect(v == [.dataAtividadePredecessoraNaoInformada(atividade: "ENCERRAR", acao: "AVISO DE CORTE")])
        #expect(v[0].mensagem
            == "A data prevista da atividade predecessora da atividade ENCERRAR da ação AVISO DE CORTE deve ser informada")
    }

    @Test func aPredecessorActivityDatedLater() {
        // ENCERRAR OS left blank so that only the predecessor (EMITIR) check sees ENCERRAR.
        let aviso = F.linha(F.aviso, ["19/10/2013", "30/10/2013", nil, "29/10/2013"])
        let v = ValidacaoCronograma.atividadesPredecessoras(F.cronograma([aviso]))
        #expect(v == [.dataAnteriorAAtividadePredecessora(atividade: "ENCERRAR", acao: "AVISO DE CORTE")])
        #expect(v[0].mensagem == "A data prevista da atividade ENCERRAR da ação AVISO DE CORTE não pode ser inferior "
            + "à data prevista de sua atividade predecessora")
        // Same day as the predecessor is fine.
        let mesmoDia = F.linha(F.aviso, ["19/10/2013", "29/10/2013", nil, "29/10/2013"])
        #expect(ValidacaoCronograma.atividadesPredecessoras(F.cronograma([mesmoDia])) == [])
    }

    // MARK: Ação predecessora

    @Test func aPredecessorActionWithoutDates() {
        let aviso = F.linha(F.aviso, [nil, nil, nil, nil])
        let v = ValidacaoCronograma.acoesPredecessoras(F.cronograma([aviso, F.corteValido]))
        #expect(v == [.dataAcaoPredecessoraNaoInformada(acao: "CORTE FISICO")])
        #expect(v[0].mensagem == "A data prevista para as atividade da ação predecessora da ação CORTE FISICO deve ser informada")
    }

    @Test func anActivityBeforeTheSameActivityOfThePredecessorAction() {
        let corte = F.linha(F.corte, ["18/10/2013", "16/11/2013", "23/11/2013", "26/11/2013"])
        let v = ValidacaoCronograma.acoesPredecessoras(F.cronograma([F.avisoValido, corte]))
        #expect(v == [.dataAnteriorAAcaoPredecessora(atividade: "SIMULAR", acao: "CORTE FISICO", atividadePredecessora: "SIMULAR")])
        #expect(v[0].mensagem == "A data prevista da atividade SIMULAR da ação CORTE FISICO não pode ser inferior à data "
            + "prevista de sua atividade SIMULAR da ação predecessora")
    }

    @Test func emitirCommandedNeedsThePredecessorsEmitirCommanded() {
        let corte = F.linha(F.corte, ["16/11/2013", "16/11/2013", "23/11/2013", "26/11/2013"], comandadas: [2])
        let v = ValidacaoCronograma.acoesPredecessoras(F.cronograma([F.avisoValido, corte]))
        #expect(v == [.emitirPredecessoraNaoComandada(acao: "CORTE FISICO")])
        #expect(v[0].mensagem == "A atividade EMITIR da ação predecessora da ação CORTE FISICO deve ser comandada")
        #expect(v[0].gravidade == .erro)

        let aviso = F.linha(F.aviso, ["19/10/2013", "19/10/2013", "26/10/2013", "29/10/2013"], comandadas: [2])
        #expect(ValidacaoCronograma.acoesPredecessoras(F.cronograma([aviso, corte])) == [])
    }

    /// AVISO DE CORTE's EMITIR on 19/10 with 30 days of validity: valid through 18/11.
    @Test func predecessorValidityLastDayIsStillValid() {
        let corte = F.linha(F.corte, ["18/11/2013", "18/11/2013", "25/11/2013", "28/11/2013"])
        #expect(ValidacaoCronograma.acoesPredecessoras(F.cronograma([F.avisoValido, corte])) == [])
    }

    @Test func predecessorValidityExpiredAsksForConfirmation() {
        let corte = F.linha(F.corte, ["19/11/2013", "19/11/2013", "26/11/2013", "29/11/2013"])
        let v = validar(F.cronograma([F.avisoValido, corte]))
        #expect(v == [.validadePredecessoraVencida(predecessora: "AVISO DE CORTE", acao: "CORTE FISICO")])
        #expect(v[0].gravidade == .confirmacao)
        #expect(v[0].mensagem == "O prazo de validade da ação predecessora AVISO DE CORTE está vencido. "
            + "Confirma data da atividade para a ação CORTE FISICO?")
        #expect(v.impeditivas(confirmado: false) == v)
        #expect(v.impeditivas(confirmado: true) == [])
        #expect(v.permiteGravar(confirmado: true))
        #expect(!v.permiteGravar(confirmado: false))
    }

    @Test func validityCountsFromTheRealizationWhenRealized() {
        // Planned 19/10 but realized 25/10: valid through 24/11.
        let aviso = F.linha(
            F.aviso, ["19/10/2013", "19/10/2013", "26/10/2013", "29/10/2013"], comandadas: [1, 2],
            realizadas: [1: "19/10/2013", 2: "25/10/2013"])
        let corte = F.linha(F.corte, ["22/11/2013", "22/11/2013", "29/11/2013", "02/12/2013"])
        #expect(ValidacaoCronograma.acoesPredecessoras(F.cronograma([aviso, corte])) == [])
    }

    /// Minimum 28 days: AVISO DE CORTE's EMITIR 19/10 → 16/11 is exactly 28 days, 15/11 is 27.
    @Test func exactlyTheMinimumDaysAfterThePredecessorIsSufficient() {
        #expect(ValidacaoCronograma.acoesPredecessoras(F.valido) == [])
    }

    @Test func oneDayLessThanTheMinimumAsksForConfirmation() {
        let corte = F.linha(F.corte, ["15/11/2013", "15/11/2013", "22/11/2013", "25/11/2013"])
        let v = validar(F.cronograma([F.avisoValido, corte]))
        #expect(v == [.diasInsuficientesAposPredecessora(predecessora: "AVISO DE CORTE", acao: "CORTE FISICO")])
        #expect(v[0].gravidade == .confirmacao)
        #expect(v[0].mensagem == "A quantidade de dias entre a ação predecessora AVISO DE CORTE e a ação CORTE FISICO "
            + "não é suficiente. Confirma a data da atividade para a ação CORTE FISICO?")
        #expect(!v.permiteGravar(confirmado: false))
        #expect(v.permiteGravar(confirmado: true))
    }

    @Test func aConfirmationDoesNotCoverAnError() {
        let corte = F.linha(F.corte, ["15/11/2013", "15/11/2013", "22/11/2013", "25/11/2013"], comandadas: [2])
        let v = validar(F.cronograma([F.avisoValido, corte]))
        #expect(v.contains(.emitirPredecessoraNaoComandada(acao: "CORTE FISICO")))
        #expect(v.impeditivas(confirmado: true) == [.emitirPredecessoraNaoComandada(acao: "CORTE FISICO")])
        #expect(!v.permiteGravar(confirmado: true))
    }

    // MARK: Rotas e faturamento

    @Test func rotasWithoutCriterionForAKeptAction() {
        let contexto = ContextoValidacao(hoje: F.hoje, catalogo: F.catalogo, rotasSemCriterio: [2: [10, 11]])
        let v = validar(F.valido, contexto)
        #expect(v == [.rotasSemCriterio])
        #expect(v[0].mensagem == "Existem rotas sem critérios de cobrança definidos para alguma Ação de Cobrança.")
        #expect(v[0].gravidade == .erro)
    }

    @Test func rotasWithoutCriterionForARemovedActionDoNotCount() {
        let visita = F.linha(F.visita, [nil, nil, nil, nil], remover: true)
        let contexto = ContextoValidacao(hoje: F.hoje, catalogo: F.catalogo, rotasSemCriterio: [3: [10], 2: []])
        #expect(validar(F.cronograma([F.avisoValido, F.corteValido, visita]), contexto) == [])
    }

    /// Bills of 09/2013 due 10/10/2013, debt after 9 days → 19/10, the day of AVISO DE CORTE's EMITIR.
    @Test func anActionThatWillNotCoverTheLastBillingAsksForConfirmation() {
        let faturamento = UltimoFaturamento(
            referencia: Referencia(ano: 2013, mes: 9)!, vencimento: F.d("10/10/2013"), diasParaConsiderarDebito: 9)
        let v = validar(F.valido, ContextoValidacao(hoje: F.hoje, catalogo: F.catalogo, ultimoFaturamento: faturamento))
        // CORTE FISICO has a predecessor: not checked.
        #expect(v == [.naoContemplaContas(acao: "AVISO DE CORTE", referencia: Referencia(ano: 2013, mes: 9)!)])
        #expect(v[0].gravidade == .confirmacao)
        #expect(v[0].mensagem == "A ação AVISO DE CORTE não contemplará as contas de referência 09/2013. "
            + "Confirma a data da atividade para esta ação?")
    }

    @Test func anActionAfterTheDebtDateCoversTheLastBilling() {
        let faturamento = UltimoFaturamento(
            referencia: Referencia(ano: 2013, mes: 9)!, vencimento: F.d("10/10/2013"), diasParaConsiderarDebito: 8)
        #expect(validar(F.valido, ContextoValidacao(hoje: F.hoje, catalogo: F.catalogo, ultimoFaturamento: faturamento)) == [])
    }

    // MARK: Ações

    @Test func aScheduleWithEveryActionRemoved() {
        let v = validar(F.cronograma([
            F.linha(F.aviso, [nil, nil, nil, nil], remover: true), F.linha(F.corte, [nil, nil, nil, nil], remover: true),
        ]))
        #expect(v == [.cronogramaSemAcao])
        #expect(v[0].mensagem
            == "Cronograma sem Ação de Cobrança. É necessário adicionar alguma ação ou desmarcar a remoção de alguma ação")
        #expect(validar(F.cronograma([])) == [.cronogramaSemAcao])
    }

    @Test func removingAnObligatoryActionWithSuccessors() {
        let aviso = F.linha(F.aviso, ["19/10/2013", "19/10/2013", "26/10/2013", "29/10/2013"], remover: true)
        let v = validar(F.cronograma([aviso, F.corteValido]))
        #expect(v.contains(.acaoComSucessoras(acao: "AVISO DE CORTE")))
        #expect(v.contains(.acaoObrigatoriaForaDoCronograma(acao: "AVISO DE CORTE")))
        #expect(Violacao.acaoComSucessoras(acao: "AVISO DE CORTE").mensagem
            == "Ação de Cobrança AVISO DE CORTE tem atividades sucessoras, não é possível remover")
        #expect(Violacao.acaoObrigatoriaForaDoCronograma(acao: "AVISO DE CORTE").mensagem
            == "É necessário informar a data prevista para as atividades das ações que, obrigatoriamente, devem constar no cronograma")
    }

    @Test func removingAnObligatoryActionWithoutSuccessors() {
        let corte = F.linha(F.corte, ["16/11/2013", "16/11/2013", "23/11/2013", "26/11/2013"], remover: true)
        #expect(validar(F.cronograma([F.avisoValido, corte])) == [.acaoObrigatoriaForaDoCronograma(acao: "CORTE FISICO")])
        // Even when the caller does not pass the catalogue.
        #expect(validar(F.cronograma([F.avisoValido, corte]), ContextoValidacao(hoje: F.hoje))
            == [.acaoObrigatoriaForaDoCronograma(acao: "CORTE FISICO")])
    }

    @Test func removingAnOptionalActionWithoutSuccessorsIsFine() {
        let visita = F.linha(F.visita, ["20/10/2013", "20/10/2013", "27/10/2013", "30/10/2013"], remover: true)
        #expect(validar(F.cronograma([F.avisoValido, F.corteValido, visita])) == [])
    }

    @Test func anObligatoryActionMissingFromTheSchedule() {
        #expect(validar(F.cronograma([F.avisoValido])) == [.acaoObrigatoriaForaDoCronograma(acao: "CORTE FISICO")])
    }

    @Test func addingAnActionWhosePredecessorIsNotInTheSchedule() {
        var corte = F.corteValido
        corte.adicionada = true
        let v = ValidacaoCronograma.predecessorasAdicionadas(F.cronograma([corte]))
        #expect(v == [.predecessoraNaoAdicionada(acao: "CORTE FISICO")])
        #expect(v[0].mensagem == "Para adicionar esta Ação de Cobrança é necessário antes adicionar a ação ao cronograma")
    }

    @Test func addingAnActionWhosePredecessorIsBeingRemoved() {
        var corte = F.corteValido
        corte.adicionada = true
        var aviso = F.avisoValido
        aviso.remover = true
        let v = ValidacaoCronograma.predecessorasAdicionadas(F.cronograma([aviso, corte]))
        #expect(v == [.predecessoraRemovida(acao: "CORTE FISICO")])
        #expect(v[0].mensagem == "Para adicionar esta Ação de Cobrança a ação não pode ser removida")
        aviso.remover = false
        #expect(ValidacaoCronograma.predecessorasAdicionadas(F.cronograma([aviso, corte])) == [])
    }

    @Test func actionsLeftToAdd() {
        #expect(ValidacaoCronograma.acoesParaAdicionar(F.valido, catalogo: F.catalogo) == [F.visita])
        #expect(ValidacaoCronograma.adicao(F.valido, catalogo: F.catalogo) == [])
        let completo = F.cronograma([F.avisoValido, F.corteValido, F.linha(F.visita, [nil, nil, nil, nil])])
        let v = ValidacaoCronograma.adicao(completo, catalogo: F.catalogo)
        #expect(v == [.semAcoesParaAdicionar])
        #expect(v[0].mensagem == "Não há Ações de Cobrança para serem adicionadas ao cronograma")
    }

    // MARK: Preenchimento

    @Test func anObligatoryActivityWithoutDate() {
        let aviso = F.linha(F.aviso, ["19/10/2013", "19/10/2013", nil, "29/10/2013"])
        let v = validar(F.cronograma([aviso, F.corteValido]))
        // CORTE FISICO's ENCERRAR OS now has no counterpart dated in its predecessor either.
        #expect(v == [.atividadesNaoPrevistas, .dataAcaoPredecessoraNaoInformada(acao: "CORTE FISICO")])
        #expect(v[0].mensagem == "Existem Atividades das Ações de Cobrança não previstas para o cronograma")
    }

    @Test func anOptionalActivityWithoutDateIsFine() {
        let aviso = F.linha(F.aviso, [nil, "19/10/2013", "26/10/2013", "29/10/2013"])
        let corte = F.linha(F.corte, [nil, "16/11/2013", "23/11/2013", "26/11/2013"])
        #expect(validar(F.cronograma([aviso, corte])) == [])
    }

    @Test func noDateAtAll() {
        let visita = F.linha(F.visita, [nil, nil, nil, nil])
        let semObrigatorias = F.cronograma([AcaoDoCronograma(F.visita, atividades: [AtividadeDoCronograma(F.simular)])])
        #expect(ValidacaoCronograma.preenchimento(semObrigatorias, catalogo: []) == [.atividadesNaoPrevistas])
        #expect(ValidacaoCronograma.preenchimento(F.cronograma([visita]), catalogo: []) == [.atividadesNaoPrevistas])
    }
}
