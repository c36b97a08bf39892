import GSANCobranca
import GSANModel
import Testing

@Suite("O que a manutenção do cronograma não pode mudar")
struct AlteracoesCronogramaTests {
    @Test func anUnparseableStartDate() {
        for texto in ["31/02/2026", "1/7/2026", "2026-07-01", "amanhã", ""] {
            let v = ManutencaoCronograma.validarInicioCiclo(
                texto, hoje: F.hoje, grupo: F.grupo, mesesDasPrimeirasAtividades: [])
            #expect(v == [.dataInformadaInvalida], "\(texto)")
        }
        #expect(Violacao.dataInformadaInvalida.mensagem == "Data informada é inválida.")
        #expect(
            ManutencaoCronograma.validarInicioCiclo(
                "15/10/2013", hoje: F.hoje, grupo: F.grupo, mesesDasPrimeirasAtividades: []) == [])
        #expect(
            ManutencaoCronograma.validarInicioCiclo(
                "30/09/2013", hoje: F.hoje, grupo: F.grupo, mesesDasPrimeirasAtividades: []) == [
                    .dataInicioCicloAnteriorAHoje
                ])
    }

    @Test func automaticGroupsAreOnlyConsulted() {
        var automatico = F.grupo
        automatico.execucaoAutomatica = true
        let v = ManutencaoCronograma.validarAlteracaoDoGrupo(automatico)
        #expect(v == [.grupoAutomaticoSomenteConsulta])
        #expect(v[0].mensagem == "Cronogramas de grupos automáticos não podem ser alterados, apenas consultados.")
        #expect(v[0].gravidade == .erro)
        #expect(ManutencaoCronograma.validarAlteracaoDoGrupo(F.grupo) == [])
    }

    @Test func deletingAsksForConfirmation() {
        #expect(Violacao.confirmaExclusao.mensagem == "Confirma exclusão?")
        #expect(Violacao.confirmaExclusao.gravidade == .confirmacao)
        #expect([Violacao.confirmaExclusao].permiteGravar(confirmado: true))
        #expect(![Violacao.confirmaExclusao].permiteGravar(confirmado: false))
    }

    // MARK: Realized and dispatched activities

    static let avisoRealizado = F.linha(
        F.aviso, ["19/10/2013", "19/10/2013", "26/10/2013", "29/10/2013"], comandadas: [1, 2],
        realizadas: [1: "19/10/2013"])

    @Test func aRealizedActivityKeepsItsDateAndCommand() {
        let original = F.cronograma([Self.avisoRealizado, F.corteValido])
        var alterado = original
        alterado.acoes[0].atividades[0].dataPrevista = F.d("20/10/2013")
        let v = ManutencaoCronograma.validarAlteracoes(original: original, alterado: alterado)
        #expect(v == [.atividadeRealizadaNaoAlteravel(atividade: "SIMULAR", acao: "AVISO DE CORTE")])
        #expect(v[0].mensagem == "A atividade SIMULAR da ação AVISO DE CORTE já foi realizada e não pode ser alterada")

        var descomandado = original
        descomandado.acoes[0].atividades[0].comandada = false
        #expect(ManutencaoCronograma.validarAlteracoes(original: original, alterado: descomandado) == v)

        // The not realized EMITIR of the same action may change.
        var outra = original
        outra.acoes[0].atividades[1].dataPrevista = F.d("21/10/2013")
        #expect(ManutencaoCronograma.validarAlteracoes(original: original, alterado: outra) == [])
    }

    @Test func anActionWithARealizedActivityStays() {
        let original = F.cronograma([Self.avisoRealizado, F.corteValido])
        var alterado = original
        alterado.acoes[0].remover = true
        let v = ManutencaoCronograma.validarAlteracoes(original: original, alterado: alterado)
        #expect(v == [.acaoComAtividadeRealizada(acao: "AVISO DE CORTE")])
        #expect(v[0].mensagem == "Ação de Cobrança AVISO DE CORTE tem atividades já realizadas, não é possível remover")
        // Dropped from the schedule altogether counts the same.
        let semAviso = F.cronograma([F.corteValido])
        #expect(ManutencaoCronograma.validarAlteracoes(original: original, alterado: semAviso) == v)
    }

    @Test func aDispatchedActivityCannotBeUncommandedChangedOrRemoved() {
        let comandado = F.linha(F.aviso, ["19/10/2013", "19/10/2013", "26/10/2013", "29/10/2013"], comandadas: [2])
        let original = F.cronograma([comandado, F.corteValido])
        let despachadas = [ChaveAtividade(acao: 1, atividade: 2): "cobranca.atividade:caac=7"]

        var descomandado = original
        descomandado.acoes[0].atividades[1].comandada = false
        let v = ManutencaoCronograma.validarAlteracoes(
            original: original, alterado: descomandado, despachadas: despachadas)
        #expect(
            v == [
                .atividadeJaDespachada(
                    atividade: "EMITIR", acao: "AVISO DE CORTE", despacho: "cobranca.atividade:caac=7")
            ])
        #expect(
            v[0].mensagem == "A atividade EMITIR da ação AVISO DE CORTE já foi despachada para execução "
                + "(job cobranca.atividade:caac=7) e não pode mais ser alterada nem removida")
        // Without a job it may be un-commanded.
        #expect(ManutencaoCronograma.validarAlteracoes(original: original, alterado: descomandado) == [])

        var removido = original
        removido.acoes[0].remover = true
        #expect(
            ManutencaoCronograma.validarAlteracoes(original: original, alterado: removido, despachadas: despachadas)
                == v)

        // Changing another activity of the action is fine.
        var outra = original
        outra.acoes[0].atividades[3].dataPrevista = F.d("30/10/2013")
        #expect(
            ManutencaoCronograma.validarAlteracoes(original: original, alterado: outra, despachadas: despachadas) == [])
    }

    @Test func deletingASchedulewithADispatchedActivity() {
        let comandado = F.linha(F.aviso, ["19/10/2013", "19/10/2013", "26/10/2013", "29/10/2013"], comandadas: [2])
        let cronograma = F.cronograma([comandado, F.corteValido])
        let v = ManutencaoCronograma.validarExclusaoDespachadas(
            cronograma, despachadas: [ChaveAtividade(acao: 1, atividade: 2): "job-1"])
        #expect(v == [.atividadeJaDespachada(atividade: "EMITIR", acao: "AVISO DE CORTE", despacho: "job-1")])
        #expect(ManutencaoCronograma.validarExclusaoDespachadas(cronograma, despachadas: [:]) == [])
    }

    // MARK: Actions with different activities

    /// An action that opens no service order has no ENCERRAR OS: its successor's ENCERRAR OS has
    /// nothing to follow (the seed data's AVISO DE DEBITO → VISITA DE COBRANCA).
    @Test func anActivityThePredecessorDoesNotHaveIsNotCompared() {
        let semOS = AcaoDoCronograma(
            F.aviso,
            atividades: [
                AtividadeDoCronograma(F.simular, dataPrevista: F.d("19/10/2013")),
                AtividadeDoCronograma(F.emitir, dataPrevista: F.d("19/10/2013")),
                AtividadeDoCronograma(F.encerrar, dataPrevista: F.d("29/10/2013")),
            ])
        #expect(ValidacaoCronograma.acoesPredecessoras(F.cronograma([semOS, F.corteValido])) == [])
        #expect(ValidacaoCronograma.validar(F.cronograma([semOS, F.corteValido]), contexto: F.contexto) == [])
    }

    @Test func activityKeysPrintAsTyped() {
        #expect(ChaveAtividade(acao: 34, atividade: 2).description == "34/2")
        #expect(ChaveAtividade(acao: 1, atividade: 5) < ChaveAtividade(acao: 2, atividade: 1))
    }
}
