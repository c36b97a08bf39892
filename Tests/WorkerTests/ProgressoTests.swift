import GSANSupport
import Testing

/// The progress line every waiting command prints (`--aguardar`): done of total, the share, and
/// the time left at the pace since the wait began.
@Suite struct ProgressoTests {
    let inicio = ContinuousClock.now

    @Test func theTimeLeftIsTheRemainingAtThePaceSoFar() {
        let p = Progresso(inicio: inicio)
        // 30 of 120 in 10 s: 90 more at 3 per second.
        #expect(p.linha(30, de: 120, "rotas geradas", agora: inicio + .seconds(10)) == "30 de 120 rotas geradas (25 %), faltam cerca de 30,0 s")
        #expect(p.linha(1, de: 100, "partes", agora: inicio + .seconds(5)) == "1 de 100 partes (1 %), faltam cerca de 8 min 15 s")
        #expect(p.linha(1, de: 2_000, "linhas", agora: inicio + .seconds(10)) == "1 de 2000 linhas (0 %), faltam cerca de 5 h 33 min")
    }

    @Test func whatWasDoneBeforeTheWaitSaysNothingOfThePace() {
        let p = Progresso(inicio: inicio)
        // 50 were done already; 10 more in 10 s: 40 left at 1 per second.
        #expect(p.linha(60, de: 100, "linhas", feitosNoInicio: 50, agora: inicio + .seconds(10))
            == "60 de 100 linhas (60 %), faltam cerca de 40,0 s")
        #expect(p.linha(50, de: 100, "linhas", feitosNoInicio: 50, agora: inicio + .seconds(10)) == "50 de 100 linhas (50 %)")
    }

    @Test func aLineOnlyWhenTheCountChangesAndThePaceFromTheFirstCountSeen() {
        var p = Progresso(inicio: .now - .seconds(3600))
        #expect(p.seMudou(50, de: 100, "linhas") == "50 de 100 linhas (50 %)")
        #expect(p.seMudou(50, de: 100, "linhas") == nil)
        #expect(p.seMudou(60, de: 100, "linhas")?.hasPrefix("60 de 100 linhas (60 %), faltam cerca de ") == true)
    }

    @Test func noEstimateWithoutAPaceNorAtTheEnd() {
        let p = Progresso(inicio: inicio)
        #expect(p.linha(0, de: 10, "rotas", agora: inicio + .seconds(3)) == "0 de 10 rotas (0 %)")
        #expect(p.linha(10, de: 10, "rotas", agora: inicio + .seconds(3)) == "10 de 10 rotas (100 %)")
        #expect(p.linha(3, de: 0, "jobs", agora: inicio + .seconds(3)) == "3 de 0 jobs")
        #expect(p.linha(5, de: 10, "rotas", agora: inicio) == "5 de 10 rotas (50 %)")
    }

    @Test(arguments: [
        (0.0, "0,00 s"), (0.4249, "0,42 s"), (0.05, "0,05 s"), (9.99, "9,99 s"), (9.996, "10,0 s"), (12.34, "12,3 s"),
        (59.94, "59,9 s"), (59.96, "1 min 00 s"), (245.0, "4 min 05 s"), (3599.4, "59 min 59 s"), (3600.0, "1 h 00 min"),
        (7_380.0, "2 h 03 min"), (-1.0, "—"), (Double.infinity, "—"),
    ])
    func durationsAsPeopleReadThem(_ segundos: Double, _ texto: String) {
        #expect(Progresso.duracao(segundos) == texto)
    }
}
