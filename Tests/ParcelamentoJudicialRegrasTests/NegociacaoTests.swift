import GSANModel
import ParcelamentoJudicialRegras
import Testing

/// The Negociação's refusals (seed 001: "Informe …", the process number, the acordo above the
/// débito), each before anything is computed.
@Suite struct NegociacaoTests {
    static func com(_ muda: (inout Negociacao) -> Void) -> Negociacao {
        var n = PlanoTests.negociacao()
        muda(&n)
        return n
    }

    @Test func everyRefusalSaysWhatToFix() {
        let debito = Centavos(100_000)
        let casos: [(Negociacao, String)] = [
            (Self.com { $0.valorAcordo = nil }, "Informe o valor do acordo."),
            (Self.com { $0.valorAcordo = .zero }, "Valor do acordo deve ser maior que zero."),
            (Self.com { $0.valorAcordo = Centavos(100_001) }, "Valor do acordo (1.000,01) maior que o valor do débito (1.000,00)."),
            (Self.com { $0.processo = "  " }, "Informe o número do processo judicial."),
            (Self.com { $0.processo = "0000001-61.2025.8.17.0001" },
             "Número do processo judicial inválido: 0000001-61.2025.8.17.0001 (dígito verificador não confere; o correto é 60)."),
            (Self.com { $0.processo = "1-60.2025.8.17.1" },
             "Número do processo judicial inválido: 1-60.2025.8.17.1 (use o formato NNNNNNN-DD.AAAA.J.TR.OOOO)."),
            (Self.com { $0.advogado = 7 }, "Informe o número da OAB do advogado."),
            (Self.com { $0.advogado = 7; $0.oab = "PE 1234567890123" }, "Número da OAB com 16 caracteres (como o banco conta: cada acento combinado conta um); o máximo é 15."),
            (Self.com { $0.oab = "PE12345" }, "Informe o advogado (cliente da companhia) do número da OAB PE12345."),
            (Self.com { $0.clienteResponsavel = nil }, "Informe o cliente responsável pelo parcelamento."),
            (Self.com { $0.observacao = String(repeating: "x", count: 401) }, "Observação com 401 caracteres (como o banco conta: cada acento combinado conta um); o máximo é 400."),
            // 200 "é" written as "e" + U+0301: 200 characters to a person, 400 to the column — accepted; 201 are 402.
            (Self.com { $0.observacao = String(repeating: "e\u{301}", count: 201) },
             "Observação com 402 caracteres (como o banco conta: cada acento combinado conta um); o máximo é 400."),
            (Self.com { $0.observacao = "a\u{0}b" }, "Observação com caractere de controle (só texto, quebras de linha e tabulações)."),
            (Self.com { $0.advogado = 7; $0.oab = "PE\u{1B}1" }, "Número da OAB com caractere de controle."),
            (Self.com { $0.anexo = Array("GIF89a".utf8) }, "O anexo do acordo deve ser um arquivo PDF."),
            (Self.com { $0.anexo = Array("%PDF-1.4".utf8) + Array(repeating: 0, count: 5 * 1024 * 1024) },
             "O anexo do acordo tem 5242888 bytes; o limite é 5242880 (5 MB)."),
            (Self.com { $0.prestacoes = 0 }, "Quantidade de parcelas deve estar entre 1 e 999."),
            (Self.com { $0.prestacoes = 1_000 }, "Quantidade de parcelas deve estar entre 1 e 999."),
            (Self.com { $0.primeiroVencimento = nil }, "Informe a data de vencimento da primeira parcela."),
            (Self.com { $0.primeiroVencimento = CivilDate(year: 2027, month: 1, day: 4) },
             "Data de vencimento da primeira parcela (04/01/2027) anterior à data do acordo (05/01/2027)."),
            (Self.com { $0.juros = .price(taxa: 0) }, "Informe a taxa de juros do parcelamento com juros."),
            (Self.com { $0.juros = .price(taxa: 1_001) }, "Taxa de juros (10,01 % a.m.) deve estar entre 0 e 10,00 % a.m."),
        ]
        for (negociacao, mensagem) in casos {
            do {
                _ = try negociacao.acordo(debito: debito)
                Issue.record("aceito, esperava: \(mensagem)")
            } catch {
                #expect(error.description == mensagem)
            }
        }
    }

    @Test func anAdvogadoWithItsOABIsAccepted() throws {
        let a = try Self.com { $0.advogado = 7; $0.oab = " PE-12345 " }.acordo(debito: Centavos(100_000))
        #expect(a.negociacao.advogado == 7 && a.processo.numero == PlanoTests.processo)
        // 400 code points (200 decomposed "é") and line breaks fit the observação.
        let b = try Self.com { $0.observacao = String(repeating: "e\u{301}", count: 199) + "\r\n" }.acordo(debito: Centavos(100_000))
        #expect(b.negociacao.observacao?.unicodeScalars.count == 400)
        // validarCampos is the same rules without the débito: acordo above the débito is not its business.
        try Self.com { $0.valorAcordo = Centavos(999_999) }.validarCampos()
        #expect(throws: ErroParcelamento.informe("o valor do acordo")) { try Self.com { $0.valorAcordo = nil }.validarCampos() }
    }

    @Test func theSelectionNeedsAnImovelOrAClientAndOneResponsibleAmongSeveral() throws {
        func erro(_ f: FiltroSelecao) -> String? {
            do { try f.validar(); return nil } catch { return error.description }
        }
        #expect(erro(FiltroSelecao(imoveis: [], cliente: nil, imovelResponsavel: nil, referenciaInicial: nil, referenciaFinal: nil))
            == "Informe o imóvel ou o cliente.")
        #expect(erro(FiltroSelecao(imoveis: [5, 5], cliente: nil, imovelResponsavel: nil, referenciaInicial: nil, referenciaFinal: nil))
            == "Imóvel 5 informado mais de uma vez.")
        #expect(erro(FiltroSelecao(imoveis: [5], cliente: nil, imovelResponsavel: nil, referenciaInicial: 202_506, referenciaFinal: 202_505))
            == "Referência final anterior à referência inicial.")
        #expect(erro(FiltroSelecao(imoveis: [5, 6], cliente: nil, imovelResponsavel: 7, referenciaInicial: nil, referenciaFinal: nil))
            == "O imóvel responsável 7 deve ser um dos imóveis informados.")
        #expect(erro(FiltroSelecao(imoveis: [], cliente: 3, imovelResponsavel: nil, referenciaInicial: nil, referenciaFinal: nil)) == nil)
        #expect(try FiltroSelecao.imovelPrincipal(imoveisComContas: [5, 5], responsavel: nil) == 5)
        #expect(try FiltroSelecao.imovelPrincipal(imoveisComContas: [5, 6], responsavel: 6) == 6)
        #expect(throws: ErroParcelamento.informe("o imóvel responsável pelo parcelamento judicial (há 2 imóveis com contas)")) {
            try FiltroSelecao.imovelPrincipal(imoveisComContas: [5, 6], responsavel: nil)
        }
    }

    @Test func billsThatCannotEnterSayWhy() {
        let base = ContaCandidata(
            id: 1, imovel: 5, referencia: 202_505, valor: Centavos(5_000), vencimento: CivilDate(year: 2025, month: 6, day: 10)!,
            situacao: 0, motivoRevisao: nil, paga: false, parcelamentoJudicial: nil)
        func com(_ muda: (inout ContaCandidata) -> Void) -> String? {
            var c = base
            muda(&c)
            return c.impedimento
        }
        #expect(base.impedimento == nil)
        #expect(com { $0.motivoRevisao = 6 } == nil, "em revisão por cobrança judicial (JusCompesa) pode entrar")
        #expect(com { $0.motivoRevisao = 91 } == "conta em revisão (motivo 91)")
        #expect(com { $0.paga = true } == "conta paga")
        #expect(com { $0.situacao = 3 } == "conta cancelada")
        #expect(com { $0.situacao = 5 } == "conta já parcelada")
        #expect(com { $0.situacao = 5; $0.parcelamentoJudicial = 9 } == "conta já está no parcelamento judicial 9")
        #expect(com { $0.situacao = 9 } == "conta ainda não faturada (pré-faturada)")
        #expect(com { $0.valor = .zero } == "conta sem valor a cobrar")
    }
}

/// What the operator types: amounts the Brazilian way, percents with a comma.
@Suite struct EntradaDoOperadorTests {
    @Test func amountsAsTypedInBrazil() {
        #expect(Centavos(brasileiro: "1.234,56") == Centavos(123_456))
        #expect(Centavos(brasileiro: "1234,5") == Centavos(123_450))
        #expect(Centavos(brasileiro: "900") == Centavos(90_000))
        #expect(Centavos(brasileiro: "0,01") == Centavos(1))
        for ruim in ["12.34", "1,234", "1.23,00", "", ",5", "1,", "abc", "1,2,3", "12.3456,00"] {
            #expect(Centavos(brasileiro: ruim) == nil, "\(ruim)")
        }
    }

    @Test func percentsWithAComma() {
        #expect(centesimosDePercentual("10%") == 1_000)
        #expect(centesimosDePercentual(" 10,5 % ") == 1_050)
        #expect(centesimosDePercentual("1,25") == 125)
        for ruim in ["", "%", "-1%", "1,234%", "1.5%", "dez%"] { #expect(centesimosDePercentual(ruim) == nil, "\(ruim)") }
        #expect(textoPercentual(1_050) == "10,50 %")
    }
}
