import EncerramentoRegras
import GSANModel
import Testing

/// The decurso de prazo as seed 002 §1.2.2 reads: D + N business days from the contractor's receipt
/// (or the emission), closed on the day after the last one; fiscalização by the parameter.
@Suite struct PrazoDecursoTests {
    static func d(_ texto: String) -> CivilDate { CivilDate(brazilian: texto)! }
    /// 2025: Good Friday 18/04, Tiradentes 21/04 (national); 03/10 a state holiday (RN).
    static let calendario = CalendarioUteis(feriados: [d("18/04/2025"), d("21/04/2025"), d("03/10/2025")])
    static func vencimento(_ emissao: String, dias: Int, recebimento: String? = nil, servico: Int = 1011, fiscalizacao: Int = 0) -> CivilDate? {
        PrazoDecurso.vencimento(
            .init(servico: servico, emissao: d(emissao), diasServico: dias), recebimento: recebimento.map(d),
            diasFiscalizacao: fiscalizacao, calendario: calendario)
    }

    @Test func businessDaysSkipWeekendsAndNationalHolidays() {
        // Thursday 17/04: Good Friday, the weekend and Tiradentes do not count.
        #expect(Self.vencimento("17/04/2025", dias: 2) == Self.d("23/04/2025"))
    }

    @Test func aStateHolidayOfTheCalendarDoesNotCount() {
        #expect(Self.vencimento("02/10/2025", dias: 1) == Self.d("06/10/2025"))
    }

    @Test func theTermCrossesAMonthEnd() {
        // Thursday 31/07: Friday 01/08 and Monday 04/08.
        #expect(Self.vencimento("31/07/2025", dias: 2) == Self.d("04/08/2025"))
        #expect(Self.vencimento("28/02/2025", dias: 1) == Self.d("03/03/2025"))
    }

    @Test func theCountStartsAtTheContractorsReceipt() {
        #expect(Self.vencimento("12/06/2025", dias: 5) == Self.d("19/06/2025"))
        #expect(Self.vencimento("12/06/2025", dias: 5, recebimento: "16/06/2025") == Self.d("23/06/2025"))
        // A receipt dated before the emission cannot shorten the term.
        #expect(Self.vencimento("12/06/2025", dias: 5, recebimento: "01/06/2025") == Self.d("19/06/2025"))
    }

    @Test func closedOnlyAfterTheLastDay() {
        let ultimo = Self.d("19/06/2025")
        #expect(!PrazoDecurso.vencida(ultimo, em: Self.d("18/06/2025")))
        #expect(!PrazoDecurso.vencida(ultimo, em: ultimo))
        #expect(PrazoDecurso.vencida(ultimo, em: Self.d("20/06/2025")))
        #expect(!PrazoDecurso.vencida(nil, em: Self.d("20/06/2030")))
    }

    @Test func fiscalizacaoCountsTheParameterFromTheEmissionAndStaysOpenWithoutIt() {
        #expect(Self.vencimento("02/07/2025", dias: 20, servico: 705, fiscalizacao: 0) == nil)
        #expect(Self.vencimento("02/07/2025", dias: 20, recebimento: "07/07/2025", servico: 705, fiscalizacao: 5) == Self.d("09/07/2025"))
    }

    @Test func aServiceWithoutTermNeverClosesByDecurso() {
        #expect(PrazoDecurso.vencimento(
            .init(servico: 1011, emissao: Self.d("12/06/2025"), diasServico: nil), recebimento: nil, diasFiscalizacao: 0,
            calendario: Self.calendario) == nil)
    }
}

@Suite struct SituacaoEResumoTests {
    @Test func theDocumentFollowsHowItsOrderClosed() {
        #expect(SituacaoAcao.aposEncerrar(motivo: 2, execucao: true) == .executada)
        #expect(SituacaoAcao.aposEncerrar(motivo: 32, execucao: false) == .canceladaPrazo)
        #expect(SituacaoAcao.aposEncerrar(motivo: 4, execucao: false) == .cancelada)
    }

    static func doc(_ valor: Int64, acao: Int = 1, debito: Int = 1, ordem: Int? = 2, motivo: Int? = nil, execucao: Bool = false)
        -> ResumoAcoes.Documento
    {
        .init(valor: Centavos(valor), situacaoAcao: acao, debito: debito, situacaoOrdem: ordem, motivo: motivo, motivoComExecucao: execucao)
    }

    @Test func eachDocumentFallsInOneLine() {
        #expect(ResumoAcoes.situacao(Self.doc(1, acao: 2, motivo: 2, execucao: true)) == .executada)
        #expect(ResumoAcoes.situacao(Self.doc(1, acao: 3, motivo: 3)) == .justificada)
        #expect(ResumoAcoes.situacao(Self.doc(1, acao: 4, motivo: 32)) == .canceladaPrazo)
        #expect(ResumoAcoes.situacao(Self.doc(1, ordem: 1)) == .pendente)
        #expect(ResumoAcoes.situacao(Self.doc(1, ordem: 3)) == .pendente)
        #expect(ResumoAcoes.situacao(Self.doc(1, acao: 5, motivo: 2, execucao: true)) == .fiscalizada)
        #expect(ResumoAcoes.situacao(Self.doc(1, acao: 8, ordem: 1)) == .suspensa)
        #expect(ResumoAcoes.situacao(Self.doc(1, ordem: nil)) == .semOrdem)
        #expect(ResumoAcoes.situacao(Self.doc(1, acao: 3, ordem: nil)) == .cancelada)
    }

    @Test func linesAddQuantityAndValueBySituacaoAndDebito() {
        let linhas = ResumoAcoes.linhas([
            Self.doc(1_000, acao: 4, motivo: 32), Self.doc(2_550, acao: 2, motivo: 2, execucao: true),
            Self.doc(450, acao: 2, debito: 2, motivo: 2, execucao: true), Self.doc(1_001, acao: 2, motivo: 2, execucao: true),
        ])
        #expect(linhas.map { "\($0.situacao.rawValue)|\($0.debito.descricao)|\($0.quantidade)|\($0.valor)" } == [
            "EXECUTADA|PENDENTE|2|35,51", "EXECUTADA|PAGO|1|4,50", "CANCELADA POR DECURSO DE PRAZO|PENDENTE|1|10,00",
        ])
    }
}
