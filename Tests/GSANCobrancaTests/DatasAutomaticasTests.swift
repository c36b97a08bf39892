import GSANCobranca
import GSANModel
import Testing

@Suite("Datas automáticas do cronograma")
struct DatasAutomaticasTests {
    /// Seed 002 §2.3.4.2's example: first activity on 01/09/2014, the next ones DIAS DE EXECUCAO later.
    /// SIMULAR 01/09 (start); EMITIR +1 → 02/09; ENCERRAR OS EMITIR +7 → 09/09; ENCERRAR EMITIR +10 → 12/09.
    @Test func activitiesAddTheirDaysToTheActivityTheyFollow() {
        let datas = DatasAutomaticas.datasDasAtividades(F.atividades, inicio: F.d("01/09/2014"))
        #expect(datas[1] == F.d("01/09/2014"))
        #expect(datas[2] == F.d("02/09/2014"))
        #expect(datas[5] == F.d("09/09/2014"))
        #expect(datas[3] == F.d("12/09/2014"))
    }

    @Test func nilDaysAddNothingAndMonthsRollOver() {
        let a = AtividadeCobranca(id: 10, descricao: "A", ordem: 1, diasExecucao: 5, obrigatoria: true)
        let b = AtividadeCobranca(id: 11, descricao: "B", ordem: 2, obrigatoria: true)
        let c = AtividadeCobranca(id: 12, descricao: "C", ordem: 3, diasExecucao: 30, obrigatoria: true)
        // Given out of order on purpose: the predefined order decides.
        let datas = DatasAutomaticas.datasDasAtividades([c, b, a], inicio: F.d("20/01/2016"))
        #expect(datas[10] == F.d("20/01/2016"))  // the first activity is the start, whatever its days
        #expect(datas[11] == F.d("20/01/2016"))
        #expect(datas[12] == F.d("19/02/2016"))
    }

    /// CORTE FISICO (28 days after AVISO DE CORTE) starts on 01/09 + 28 = 29/09/2014.
    @Test func anActionWithAPredecessorStartsItsDaysAfterIt() {
        let vazio = F.cronograma([F.linha(F.corte, [nil, nil, nil, nil]), F.linha(F.aviso, [nil, nil, nil, nil])])
        let inicios = DatasAutomaticas.iniciosDasAcoes(vazio, inicioCiclo: F.d("01/09/2014"))
        #expect(inicios == [1: F.d("01/09/2014"), 2: F.d("29/09/2014")])

        let calculado = DatasAutomaticas.calcular(vazio, inicioCiclo: F.d("01/09/2014"))
        let corte = try! #require(calculado.acao(id: 2))
        #expect(corte.atividades.map(\.dataPrevista) == [
            F.d("29/09/2014"), F.d("30/09/2014"), F.d("07/10/2014"), F.d("10/10/2014"),
        ])
    }

    @Test func removedPredecessorLeavesTheActionOnTheCycleStart() {
        let crono = F.cronograma([F.linha(F.aviso, [nil, nil, nil, nil], remover: true), F.linha(F.corte, [nil, nil, nil, nil])])
        let calculado = DatasAutomaticas.calcular(crono, inicioCiclo: F.d("01/09/2014"))
        #expect(calculado.acao(id: 2)?.atividades.first?.dataPrevista == F.d("01/09/2014"))
        #expect(calculado.acao(id: 1)?.atividades.allSatisfy { $0.dataPrevista == nil } == true)
    }

    @Test func realizedActivitiesKeepTheirDates() {
        let crono = F.cronograma([
            F.linha(F.aviso, ["05/09/2014", "05/09/2014", nil, nil], comandadas: [1], realizadas: [1: "05/09/2014"])
        ])
        let calculado = DatasAutomaticas.calcular(crono, inicioCiclo: F.d("01/09/2014"))
        #expect(calculado.acoes[0].atividades[0].dataPrevista == F.d("05/09/2014"))
        #expect(calculado.acoes[0].atividades[1].dataPrevista == F.d("02/09/2014"))
    }

    /// The automatic dates pass every check: exactly the minimum days is sufficient.
    @Test func automaticDatesValidateClean() {
        let vazio = F.cronograma([F.linha(F.aviso, [nil, nil, nil, nil]), F.linha(F.corte, [nil, nil, nil, nil])])
        var calculado = DatasAutomaticas.calcular(vazio, inicioCiclo: F.d("01/09/2014"))
        calculado.referencia = Referencia(ano: 2014, mes: 9)!
        let contexto = ContextoValidacao(hoje: F.d("01/09/2014"), catalogo: F.catalogo)
        #expect(ValidacaoCronograma.validar(calculado, contexto: contexto) == [])
    }
}
