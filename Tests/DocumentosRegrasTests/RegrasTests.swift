import DocumentosRegras
import Foundation
import GSANModel
import Testing

private func data(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }
private func reais(_ centavos: Int64) -> Centavos { Centavos(centavos) }

/// Hand-built imóveis: a rota of eight, each failing (or passing) one rule of the critério.
enum Rota {
    static let hoje = data("2025-06-06")
    static let parametros = SelecaoCriterio.Parametros(hoje: hoje, diasVencimento: 5)

    static func conta(_ id: Int64, _ vencimento: String, _ centavos: Int64, revisao: Bool = false) -> ImovelAvaliado.Conta {
        .init(id: id, referencia: 202500 + Int(id % 100), vencimento: data(vencimento), valor: reais(centavos), emRevisao: revisao)
    }

    static func imovel(_ id: Int, agua: Int = 3, esgoto: Int = 1, perfil: Int = 1, categorias: Set<Int> = [1],
                       contas: [ImovelAvaliado.Conta]) -> ImovelAvaliado {
        var imovel = ImovelAvaliado(id: id, sequencia: id, perfil: perfil, categorias: categorias, situacaoAgua: agua, situacaoEsgoto: esgoto)
        imovel.contas = contas
        imovel.cpfCnpj = "11144477735"
        return imovel
    }

    static let acao = AcaoDocumentos(id: 1, descricao: "AVISO DE DEBITO", documentoTipo: 12, diasValidade: 30)
    static var criterio: CriterioDocumentos {
        CriterioDocumentos(
            id: 1,
            linhas: [
                .init(perfil: 1, categoria: 1, valor: reais(3_000)...reais(100_000), contas: 1...3),
                .init(perfil: 2, categoria: 2, valor: reais(100)...reais(999_999), contas: 1...99),
            ],
            situacoesAgua: [3], situacoesEsgoto: [1, 3])
    }

    static func selecionados(_ imoveis: [ImovelAvaliado], acao: AcaoDocumentos = acao, criterio: CriterioDocumentos = criterio) -> [Int] {
        imoveis.filter {
            SelecaoCriterio.avaliar($0, acao: acao, criterio: criterio, parametros: parametros).debito != nil
        }.map(\.id)
    }
}

@Suite struct CriterioTests {
    @Test func aBillCountsWhenOpenOverdueByMoreThanTheParameterAndNotUnderReview() {
        let p = Rota.parametros
        #expect(SelecaoCriterio.contaConta(Rota.conta(1, "2025-05-31", 5_000), p))   // 6 days > 5
        #expect(!SelecaoCriterio.contaConta(Rota.conta(2, "2025-06-01", 5_000), p))  // 5 days: not more than 5
        #expect(!SelecaoCriterio.contaConta(Rota.conta(3, "2025-05-10", 5_000, revisao: true), p))
        #expect(!SelecaoCriterio.contaConta(Rota.conta(4, "2025-05-10", 0), p))
    }

    @Test func eachRuleOfTheCriterioLeavesOutItsImovel() {
        var semCPF = Rota.imovel(108, contas: [Rota.conta(81, "2025-05-10", 5_000)])
        semCPF.cpfCnpj = "11144477700"
        var judicial = Rota.imovel(109, contas: [Rota.conta(91, "2025-05-10", 5_000)])
        judicial.situacaoCobranca = 5
        var paralisado = Rota.imovel(110, contas: [Rota.conta(92, "2025-05-10", 5_000)])
        paralisado.paralisado = true
        let imoveis = [
            Rota.imovel(101, contas: [Rota.conta(11, "2025-05-10", 5_000)]),                        // meets it
            Rota.imovel(102, agua: 5, contas: [Rota.conta(21, "2025-05-10", 5_000)]),              // água cortada
            Rota.imovel(103, esgoto: 2, contas: [Rota.conta(31, "2025-05-10", 5_000)]),            // esgoto not accepted
            Rota.imovel(104, contas: [Rota.conta(41, "2025-05-10", 2_999)]),                        // below the interval
            Rota.imovel(105, contas: (1...4).map { Rota.conta(50 + Int64($0), "2025-0\($0)-10", 1_000) }), // 4 bills > 3
            Rota.imovel(106, perfil: 3, contas: [Rota.conta(61, "2025-05-10", 5_000)]),            // no linha for perfil 3
            Rota.imovel(107, contas: [Rota.conta(71, "2025-06-03", 5_000)]),                        // not overdue enough
            semCPF, judicial, paralisado,
            Rota.imovel(111, perfil: 2, categorias: [1, 2], contas: [Rota.conta(93, "2025-05-10", 200)]), // linha 2
        ]
        #expect(Rota.selecionados(imoveis) == [101, 108, 111])
        #expect(SelecaoCriterio.avaliar(imoveis[4], acao: Rota.acao, criterio: Rota.criterio, parametros: Rota.parametros)
            == .rejeitado(.quantidadeContasForaDoIntervalo))
        #expect(SelecaoCriterio.avaliar(imoveis[8], acao: Rota.acao, criterio: Rota.criterio, parametros: Rota.parametros)
            == .rejeitado(.situacaoCobranca))
        #expect(SelecaoCriterio.avaliar(imoveis[9], acao: Rota.acao, criterio: Rota.criterio, parametros: Rota.parametros)
            == .rejeitado(.paralisacao))

        var exigeCPF = Rota.acao
        exigeCPF.somenteCPFCNPJValido = true
        #expect(Rota.selecionados(imoveis, acao: exigeCPF) == [101, 111])
        var criterioJudicial = Rota.criterio
        criterioJudicial.situacoesCobranca = [5]
        criterioJudicial.emiteEmParalisacao = true
        #expect(Rota.selecionados(imoveis, criterio: criterioJudicial) == [101, 108, 109, 110, 111])
    }

    @Test func theActionsIndicatorsAddDebitosGuiasAndAcrescimosAndSubtractCredits() {
        var imovel = Rota.imovel(201, contas: [Rota.conta(1, "2025-05-06", 10_000)])
        imovel.debitosACobrar = [.init(id: 7, valor: reais(2_500))]
        imovel.creditosARealizar = [.init(id: 8, valor: reais(1_000))]
        imovel.guias = [Rota.conta(9, "2025-05-06", 3_000)]
        #expect(SelecaoCriterio.debito(imovel, acao: Rota.acao, parametros: Rota.parametros).total == reais(10_000))
        var acao = Rota.acao
        acao.debitosACobrar = true
        acao.creditosARealizar = true
        acao.notasPromissorias = true
        acao.acrescimosImpontualidade = true
        let debito = SelecaoCriterio.debito(imovel, acao: acao, parametros: Rota.parametros)
        // 100 + 30 (guia) + 25 − 10 = 145; acréscimos on 100 and 30 due 31 days ago: 2 % + 1 % × 31/30.
        #expect(debito.valor == reais(14_500))
        #expect(debito.acrescimos == reais(200 + 103) + reais(60 + 31))
        #expect(debito.quantidadeContas == 1 && debito.itens.map(\.tipo) == [.conta, .guia, .debitoACobrar, .creditoARealizar])
    }

    @Test func imoveisWithoutDebtOnlyWhenTheActionSaysSo() {
        let imoveis = [Rota.imovel(301, contas: []), Rota.imovel(302, contas: [Rota.conta(1, "2025-05-10", 5_000)])]
        #expect(Rota.selecionados(imoveis) == [302])
        var acao = Rota.acao
        acao.imovelSemDebito = true
        #expect(Rota.selecionados(imoveis, acao: acao) == [301, 302])
    }
}

@Suite struct PredecessoraTests {
    // Ordem de corte after the visita: visita valid 20 days, at least 5 business days between them.
    let predecessora = AcaoDocumentos.Predecessora(acao: 34, documentoTipo: 17, diasValidade: 20, diasMinimos: 5)
    let semFeriados = CalendarioUteis(feriados: [])

    @Test func thePredecessorsDocumentMustBeValidAndOldEnough() {
        let documentos: [Int: [RegraPredecessora.DocumentoAnterior]] = [
            401: [.init(emissao: data("2025-05-27"))],                  // 10 days: ok
            402: [.init(emissao: data("2025-06-03"))],                  // Tue + 5 business days = Tue 10: too recent
            403: [.init(emissao: data("2025-05-10"))],                  // 27 days: expired
            404: [.init(emissao: data("2025-05-27"), cancelado: true)], // cancelled
            405: [],                                                    // none
            406: [.init(emissao: data("2025-06-03")), .init(emissao: data("2025-06-01"))], // Sun + 5 = Fri 6: ok (the older)
        ]
        let aceitos = documentos.keys.sorted().filter {
            RegraPredecessora.avaliar(predecessora, documentos: documentos[$0]!, hoje: Rota.hoje, calendario: semFeriados) != .rejeitado
        }
        #expect(aceitos == [401, 406])
        #expect(RegraPredecessora.avaliar(nil, documentos: [], hoje: Rota.hoje, calendario: semFeriados) == .todasAsContas)
    }

    /// §1.2.3 "D+ quantidade de dias úteis": weekends and the utility's holidays do not count.
    /// Hoje is Friday 2025-06-06; a visita issued on Friday 2025-05-30 is 7 calendar days old.
    @Test func theMinimumGapIsCountedInBusinessDays() {
        let sexta = [RegraPredecessora.DocumentoAnterior(emissao: data("2025-05-30"))]
        // Mon 2 … Fri 6 are five business days: the corte may go today.
        #expect(RegraPredecessora.avaliar(predecessora, documentos: sexta, hoje: Rota.hoje, calendario: semFeriados) == .todasAsContas)
        // With a holiday on Wednesday 4 (state or municipal) the fifth business day is Monday 9.
        let comFeriado = CalendarioUteis(feriados: [data("2025-06-04")])
        #expect(RegraPredecessora.avaliar(predecessora, documentos: sexta, hoje: Rota.hoje, calendario: comFeriado) == .rejeitado)
        #expect(
            RegraPredecessora.avaliar(predecessora, documentos: sexta, hoje: data("2025-06-09"), calendario: comFeriado)
                == .todasAsContas)
        // §1.2.4: the fiscalização of cortados D+7 business days after the corte's issue.
        let fiscalizacao = AcaoDocumentos.Predecessora(acao: 3, documentoTipo: 18, diasValidade: 30, diasMinimos: 7, exigeExecucao: true)
        let corte = [RegraPredecessora.DocumentoAnterior(emissao: data("2025-05-28"), executado: true)]  // Wednesday
        #expect(RegraPredecessora.avaliar(fiscalizacao, documentos: corte, hoje: data("2025-06-05"), calendario: semFeriados) == .rejeitado)
        #expect(RegraPredecessora.avaliar(fiscalizacao, documentos: corte, hoje: Rota.hoje, calendario: semFeriados) == .todasAsContas)
        // The validity stays in calendar days: 21 days after the visita it has expired.
        #expect(
            RegraPredecessora.avaliar(predecessora, documentos: sexta, hoje: data("2025-06-20"), calendario: semFeriados) == .rejeitado)
    }

    /// §1.2.3: the ordem de corte goes to the imóvel "caso exista a execução" of its visita — when
    /// the predecessor issues service orders, only an executed one counts.
    @Test func whenThePredecessorIssuesOrdersOnlyAnExecutedOneCounts() {
        var exige = predecessora
        exige.exigeExecucao = true
        let naoExecutada = [RegraPredecessora.DocumentoAnterior(emissao: data("2025-05-27"))]
        let executada = [RegraPredecessora.DocumentoAnterior(emissao: data("2025-05-27"), executado: true)]
        #expect(RegraPredecessora.avaliar(exige, documentos: naoExecutada, hoje: Rota.hoje, calendario: semFeriados) == .rejeitado)
        #expect(RegraPredecessora.avaliar(exige, documentos: executada, hoje: Rota.hoje, calendario: semFeriados) == .todasAsContas)
        // Without the indicator (an aviso, which issues no OS) the document alone is enough.
        #expect(RegraPredecessora.avaliar(predecessora, documentos: naoExecutada, hoje: Rota.hoje, calendario: semFeriados) == .todasAsContas)
    }

    @Test func validatedPerItemOnlyTheBillsChargedInTheWindowCount() {
        var porItem = predecessora
        porItem.porItem = 5...15
        let documentos: [RegraPredecessora.DocumentoAnterior] = [
            .init(emissao: data("2025-05-27"), contas: [11, 12]),  // 10 days
            .init(emissao: data("2025-05-10"), contas: [13]),      // 27 days: outside
            .init(emissao: data("2025-06-04"), contas: [14]),      // 2 days: outside
        ]
        #expect(RegraPredecessora.avaliar(porItem, documentos: documentos, hoje: Rota.hoje, calendario: semFeriados) == .somente([11, 12]))
        #expect(RegraPredecessora.avaliar(porItem, documentos: Array(documentos.dropFirst()), hoje: Rota.hoje, calendario: semFeriados) == .rejeitado)
        let imovel = Rota.imovel(501, contas: [Rota.conta(11, "2025-04-10", 4_000), Rota.conta(15, "2025-05-10", 4_000)])
        let debito = SelecaoCriterio.avaliar(imovel, acao: Rota.acao, criterio: Rota.criterio, parametros: Rota.parametros,
                                             contasPermitidas: [11, 12]).debito
        #expect(debito?.itens.map(\.id) == [11] && debito?.valor == reais(4_000))
    }
}

@Suite struct LimiteTests {
    static func c(_ rota: Int, _ seq: Int, _ imovel: Int, _ valor: Int64) -> LimiteDocumentos.Candidato {
        .init(ordemRota: rota, sequencia: seq, imovel: imovel, valor: reais(valor))
    }
    let candidatos = [c(1, 1, 11, 500), c(1, 2, 12, 9_000), c(1, 3, 13, 700), c(2, 1, 21, 8_000), c(2, 2, 22, 700), c(3, 1, 31, 100)]

    @Test func theRotasQuantityKeepsItsHighestDebtsInRotaOrder() {
        let rota1 = Array(candidatos.prefix(3))
        #expect(LimiteDocumentos.naRota(rota1, quantidade: 2).map(\.imovel) == [12, 13])
        #expect(LimiteDocumentos.naRota(rota1, quantidade: nil).map(\.imovel) == [11, 12, 13])
        #expect(LimiteDocumentos.naRota(rota1.reversed(), quantidade: 5).map(\.imovel) == [11, 12, 13])
    }

    @Test func theCommandsMaximumCancelsTheLowestValuedOrTheLastInRotaOrder() {
        // With ordering: keep 12 (90), 21 (80), then 13 and 22 tie at 7,00 — rota order keeps 13.
        #expect(LimiteDocumentos.excedentes(candidatos, maximo: 3, ordenarPorValor: true) == [11, 22, 31])
        #expect(LimiteDocumentos.excedentes(candidatos, maximo: 3, ordenarPorValor: false) == [21, 22, 31])
        #expect(LimiteDocumentos.excedentes(candidatos, maximo: 6, ordenarPorValor: true) == [])
        #expect(LimiteDocumentos.excedentes(candidatos, maximo: nil, ordenarPorValor: true) == [])
    }

    @Test func anEventualCommandsValorLimiteKeepsEveryDocumentOfAtLeastIt() {
        // Maximum 1, limit 70,00: 12 (90), 21 (80) and 13, 22 (7,00 < 70) — the two above the limit stay.
        #expect(LimiteDocumentos.excedentes(candidatos, maximo: 1, ordenarPorValor: false, valorLimite: reais(7_000))
            == [11, 13, 22, 31])
        // Maximum 3, limit 6,00: 12, 21, 13 kept; 22 (7,00) protected; 11 (5,00) and 31 (1,00) cancelled.
        #expect(LimiteDocumentos.excedentes(candidatos, maximo: 3, ordenarPorValor: false, valorLimite: reais(600)) == [11, 31])
    }

    @Test func theResultIsTheSameWhateverTheOrderTheRotasRan() {
        var gerador = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let embaralhados = candidatos.shuffled(using: &gerador)
            #expect(LimiteDocumentos.excedentes(embaralhados, maximo: 4, ordenarPorValor: true) == [11, 31])
            #expect(LimiteDocumentos.excedentes(embaralhados, maximo: 4, ordenarPorValor: false) == [22, 31])
        }
    }
}

@Suite struct NumeracaoTests {
    @Test func numbersComeFromTheRotaAndThePosition() {
        #expect(NumeracaoDocumento.numero(rota: 45, posicao: 1) == 4_500_001)
        #expect(NumeracaoDocumento.numero(rota: 45, posicao: 99_999) == 4_599_999)
    }
}

@Suite struct TextoMensagemTests {
    @Test func unknownFieldsAreRefusedWithTheSeedsMessage() {
        #expect(throws: TextoMensagem.Erro.dadoInvalido(canal: "SMS", dado: "SALDO")) {
            try TextoMensagem.validar(sms: "Prezado {NOME_CLIENTE}, seu saldo {SALDO}")
        }
        #expect(TextoMensagem.Erro.dadoInvalido(canal: "SMS", dado: "SALDO").description
            == "O texto do SMS está com dados inválidos: «SALDO».")
        #expect(throws: TextoMensagem.Erro.dadoInvalido(canal: "E-MAIL", dado: "X")) { try TextoMensagem.validar(email: "{X}") }
    }

    @Test func smsColumnsPlusTheBarcodesFiftyFivePositionsFitInThreeHundred() throws {
        // 231 typed + MATRICULA (9) + 55 = 295 ≤ 300; 237 typed: 301.
        try TextoMensagem.validar(sms: String(repeating: "A", count: 231) + "{MATRICULA}")
        try TextoMensagem.validar(sms: String(repeating: "A", count: 245))
        #expect(throws: TextoMensagem.Erro.colunasExcedidas(maximo: 300)) {
            try TextoMensagem.validar(sms: String(repeating: "A", count: 237) + "{MATRICULA}")
        }
        #expect(TextoMensagem.Erro.colunasExcedidas(maximo: 300).description
            == "Número de colunas digitadas/selecionadas somada as 55 (cinquenta e cinco) posições do código de barras é maior que o máximo permitido «300»!")
        #expect(TextoMensagem.renderizar("Imóvel {MATRICULA}: R$ {VALOR_DEBITO}", valores: ["MATRICULA": "42", "VALOR_DEBITO": "10,00"])
            == "Imóvel 42: R$ 10,00")
    }
}

@Suite struct TextoMensagemEscritaTests {
    @Test func anUnclosedBraceIsAnInvalidDatumFromTheBrace() {
        #expect(throws: TextoMensagem.Erro.dadoInvalido(canal: "SMS", dado: "{NOME_CLIENTE, pague")) {
            try TextoMensagem.validar(sms: "Prezado {NOME_CLIENTE, pague")
        }
        #expect(throws: TextoMensagem.Erro.dadoInvalido(canal: "E-MAIL", dado: "{VALOR")) {
            try TextoMensagem.validar(email: "Conta {MATRICULA} e {VALOR")
        }
        // A closing brace alone is text.
        #expect((try? TextoMensagem.validar(sms: "sorria :-}")) != nil)
    }

    @Test func controlCharactersAreRefusedButAnEmailKeepsItsLineBreaks() throws {
        #expect(throws: TextoMensagem.Erro.dadoInvalido(canal: "SMS", dado: "caractere de controle U+0007")) {
            try TextoMensagem.validar(sms: "a\u{7}b")
        }
        #expect(throws: TextoMensagem.Erro.dadoInvalido(canal: "SMS", dado: "caractere de controle U+0009")) {
            try TextoMensagem.validar(sms: "a\tb")
        }
        try TextoMensagem.validar(sms: "linha 1\nlinha 2")
        try TextoMensagem.validar(email: "Prezado {NOME_CLIENTE},\r\n\tseu débito é R$ {VALOR_DEBITO}.")
        #expect(throws: TextoMensagem.Erro.dadoInvalido(canal: "E-MAIL", dado: "caractere de controle U+001B")) {
            try TextoMensagem.validar(email: "\u{1B}[31m")
        }
    }

    @Test func theStoredSMSIsCountedAsTheColumnCountsIt() throws {
        // 200 "é" precomposed: 200 + 55 columns, 200 stored — fits.
        try TextoMensagem.validar(sms: String(repeating: "\u{E9}", count: 200))
        // Decomposed: the same 200 columns on the phone, but 400 code points in varchar(300).
        #expect(throws: TextoMensagem.Erro.textoLongo(canal: "SMS", caracteres: 400, maximo: 300)) {
            try TextoMensagem.validar(sms: String(repeating: "e\u{301}", count: 200))
        }
        // Fields count by their names in the stored text: 20 × "{QTD_CONTAS}" = 240 stored, 60 + 55 columns.
        try TextoMensagem.validar(sms: String(repeating: "{QTD_CONTAS}", count: 20))
        #expect(throws: TextoMensagem.Erro.textoLongo(canal: "SMS", caracteres: 312, maximo: 300)) {
            try TextoMensagem.validar(sms: String(repeating: "{QTD_CONTAS}", count: 26))
        }
    }
}

/// Inserir/Manter Ação de Cobrança, the rules of an action with SMS/e-mail (seed 002 §2.3.1).
@Suite struct AcaoComMensagemTests {
    typealias Acao = AcaoComMensagem.Acao

    @Test func anActionThatSendsMessagesIsAlone() {
        let livre = Acao(id: 50)
        #expect(AcaoComMensagem.validar(livre, enviaMensagem: true).isEmpty)
        let corte = Acao(id: 3, servicoTipo: 1012, predecessora: 34, compoeCronograma: true, ordem: 3, ordemPredecessora: 2)
        #expect(AcaoComMensagem.validar(corte, enviaMensagem: true) == [.mensagemComServico, .mensagemComPredecessora, .mensagemNoCronograma])
        #expect(AcaoComMensagem.validar(corte, enviaMensagem: true).map(\.description) == [
            "Ação de cobrança com mensagem (SMS/E-MAIL) não pode ter serviço associado!.",
            "Ação de cobrança com mensagem (SMS/E-MAIL) não pode ter Ação Predecessora!.",
            "Ação de Cobrança com mensagem (SMS/E-MAIL) não pode compor cronograma!.",
        ])
    }

    @Test func aPredecessorMayNotSendMessages() {
        // The action others follow may not become a message action…
        let aviso = Acao(id: 1, sucessoras: [34, 40])
        #expect(AcaoComMensagem.validar(aviso, enviaMensagem: true) == [.ePredecessora(deAcao: 34)])
        // …and an action without messages whose predecessor sends them is refused too.
        let seguinte = Acao(id: 9, predecessora: 50, predecessoraEnviaMensagem: true, compoeCronograma: true, ordem: 5, ordemPredecessora: 4)
        #expect(AcaoComMensagem.validar(seguinte, enviaMensagem: false) == [.predecessoraComMensagem])
        #expect(AcaoComMensagem.Violacao.predecessoraComMensagem.description
            == "Ação predecessora não pode ter mensagem de SMS/E-MAIL associada!.")
    }

    @Test func theOrderIsNotBelowThePredecessors() {
        let antes = Acao(id: 8, predecessora: 3, compoeCronograma: true, ordem: 2, ordemPredecessora: 3)
        #expect(AcaoComMensagem.validar(antes, enviaMensagem: false) == [.ordemMenorQueAPredecessora])
        #expect(AcaoComMensagem.Violacao.ordemMenorQueAPredecessora.description
            == "Número de Ordem da ação não pode ser menor que o número de ordem de sua ação predecessora.")
        let igual = Acao(id: 8, predecessora: 3, compoeCronograma: true, ordem: 3, ordemPredecessora: 3)
        #expect(AcaoComMensagem.validar(igual, enviaMensagem: false).isEmpty)
    }
}

@Suite struct LayoutImpressaoTests {
    @Test func recordsHaveTheirDocumentedWidths() throws {
        #expect(LayoutImpressao.largura(LayoutImpressao.registro01) == 208)
        #expect(LayoutImpressao.largura(LayoutImpressao.registro02) == 55)
        #expect(LayoutImpressao.largura(LayoutImpressao.registro09) == 42)
        let linha = try LayoutImpressao.registro(LayoutImpressao.registro09, [.numero(9), .numero(45), .numero(3), .numero(7), .numero(12_345)])
        #expect(linha == "09" + "000000045" + "0000003" + "000000007" + "000000000012345" + "\n")
        let texto = try LayoutImpressao.registro(
            [.init(nome: "nome", largura: 8, numerico: false)], [.texto("João Açaí da Silva")])
        #expect(texto == "JOAO ACA\n")
        // A number wider than its field is an error, never a cut value.
        #expect(throws: LayoutImpressao.NaoCabe(campo: "quantidade de documentos", valor: 12_345_678, largura: 7)) {
            try LayoutImpressao.registro(LayoutImpressao.registro09, [.numero(9), .numero(45), .numero(12_345_678), .numero(7), .numero(1)])
        }
    }
}

@Suite struct LeiauteDocumentadoTests {
    /// docs/documentos.md documents the print-house layout: its tables must be the code's.
    @Test func theDocumentedLayoutIsTheCodes() throws {
        let doc = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/documentos.md")
        let texto = try String(contentsOf: doc, encoding: .utf8)
        for (titulo, campos) in [("Registro 01", LayoutImpressao.registro01), ("Registro 02", LayoutImpressao.registro02),
                                 ("Registro 09", LayoutImpressao.registro09)] {
            guard let inicio = texto.range(of: "### \(titulo)") else {
                Issue.record("docs/documentos.md sem a seção \(titulo)")
                continue
            }
            let linhas = texto[inicio.upperBound...].split(separator: "\n").drop { !$0.hasPrefix("| 1 |") }.prefix { $0.hasPrefix("|") }
            let documentados = linhas.map { linha in
                linha.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            }.map { ($0[1], Int($0[3])!) }
            #expect(documentados.map(\.0) == campos.map(\.nome), "\(titulo)")
            #expect(documentados.map(\.1) == campos.map(\.largura), "\(titulo)")
            #expect(texto.contains("### \(titulo)") && texto[inicio.upperBound...].prefix(200).contains(": \(LayoutImpressao.largura(campos)) posições"))
        }
    }
}
