import FiscalizacaoRegras
import GSANModel
import Testing

/// Gerar O.S. Seletiva de Fiscalização (seed 002 §2.5.2.3; GSAN-FACTS §5): the quantity, the reproducible draw, the messages.
@Suite struct SeletivaRegrasTests {
    typealias S = Seletiva

    @Test func thePercentageOfTheClosedWithConclusionRoundsAHalfDown() {
        #expect(S.quantidade(percentual: 10, total: 5000) == 500)   // the seed's example
        #expect(S.quantidade(percentual: 2, total: 5000) == 100)
        #expect(S.quantidade(percentual: 2, total: 75) == 1)        // 1,50 → 1
        #expect(S.quantidade(percentual: 2, total: 76) == 2)        // 1,52 → 2
        #expect(S.quantidade(percentual: 2, total: 25) == 0)        // 0,50 → 0
        #expect(S.quantidade(percentual: 2, total: 26) == 1)        // 0,52 → 1
        #expect(S.quantidade(percentual: 3, total: 50) == 1)        // 1,50 → 1
        #expect(S.quantidade(percentual: 100, total: 123) == 123)
        #expect(S.quantidade(percentual: 2, total: 0) == 0)
    }

    @Test func theGeneratorIsSplitMix64() {
        // Reference values of SplitMix64 seeded with 0 (Vigna's splitmix64.c).
        var g = S.Gerador(semente: 0)
        #expect(g.proximo() == 0xE220_A839_7B1D_CDAF)
        #expect(g.proximo() == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test func aFixedSeedDrawsTheSameOrders() {
        let ids = (1...1000).map(Int64.init).shuffled()
        let a = S.sortear(ids, quantidade: 20, semente: 7)
        #expect(a == S.sortear(ids.reversed(), quantidade: 20, semente: 7))
        #expect(a.count == 20 && Set(a).count == 20 && a == a.sorted() && Set(a).isSubset(of: Set(ids)))
        #expect(a != S.sortear(ids, quantidade: 20, semente: 8))
        #expect(S.sortear([5, 6], quantidade: 5, semente: 1) == [5, 6])
        #expect(S.sortear([5, 6], quantidade: 0, semente: 1).isEmpty)
    }

    @Test(arguments: [2, 5, 37, 100])
    func acrossTwentySeedsTheShareIsThePercentageRounded(_ percentual: Int) {
        let ids = (1...1234).map(Int64.init)
        let esperada = S.quantidade(percentual: percentual, total: ids.count)
        var vistos = Set<Int64>()
        for semente in UInt64(1)...20 {
            let a = S.sortear(ids, quantidade: esperada, semente: semente)
            #expect(a.count == esperada)
            // Within the rounding of P %: |a − P × n / 100| ≤ 0,5.
            #expect(abs(Double(a.count) - Double(percentual * ids.count) / 100) <= 0.5)
            vistos.formUnion(a)
        }
        // Different seeds draw different orders (not the same P % every time).
        if percentual < 100 { #expect(vistos.count > min(esperada * 5, ids.count * 9 / 10)) }
    }

    @Test func theFilterAndThePercentage() {
        #expect(S.recusa(.init(grupo: 1, dias: 60), diasMaximo: 60) == nil)
        #expect(S.recusa(.init(grupo: 1, dias: 0), diasMaximo: 60)
                == "Quantidade de Dias de Encerramento da OS deve ser maior que zero e no máximo 60.")
        #expect(S.recusa(.init(grupo: 1, dias: 61), diasMaximo: 60) != nil)
        #expect(S.recusa(.init(grupo: 1, localidadeInicial: 5, localidadeFinal: 4, dias: 10), diasMaximo: 60)
                == "Localidade Final deve ser maior ou igual à Localidade Inicial.")
        #expect(S.recusa(.init(grupo: 1, localidadeInicial: 5, localidadeFinal: 5, dias: 10), diasMaximo: 60) == nil)
        #expect(S.recusa(percentual: 1) == "Percentual de OS Encerradas c/Conclusão do Serviço para Fiscalizar deve ser no mínimo 2% e no máximo 100%.")
        #expect(S.recusa(percentual: 101) != nil)
        #expect(S.recusa(percentual: 2) == nil && S.recusa(percentual: 100) == nil)
    }

    @Test func theOrderInformed() {
        let hoje = CivilDate(year: 2025, month: 7, day: 10)!
        let ok = S.Ordem(situacao: 2, servico: 1011, motivo: 2, encerramento: CivilDate(year: 2025, month: 6, day: 10), fiscalizacaoPendente: false)
        #expect(S.recusa(ok, hoje: hoje, diasLimite: 30) == nil)
        #expect(S.recusa(nil, hoje: hoje, diasLimite: 30) == "Ordem de Serviço não cadastrada.")
        var o = ok
        o.motivo = 32
        #expect(S.recusa(o, hoje: hoje, diasLimite: 30) == "Ordem de Serviço cancelada por decurso de prazo.")
        #expect(S.recusa(ok, hoje: hoje, diasLimite: 29)
                == "Quantidade de dias em que a ordem de serviço foi encerrada, supera a quantidade de dias para geração de uma Ordem de Fiscalização.")
        o = ok
        o.fiscalizacaoPendente = true
        #expect(S.recusa(o, hoje: hoje, diasLimite: 30) == "Existe ordem de fiscalização pendente para Ordem de Serviço informada.")
        o = ok
        o.situacao = 1
        o.encerramento = nil
        #expect(S.recusa(o, hoje: hoje, diasLimite: 30) == "Ordem de Serviço não está encerrada.")
        o = ok
        o.servico = 705
        #expect(S.recusa(o, hoje: hoje, diasLimite: 30) == "Ordem de Serviço informada é uma Ordem de Fiscalização.")
    }

    @Test func theFormCarriesTheOrderTheInspectedOneAndTheImovel() {
        let d = FormularioFiscalizacao.Dados(
            ordem: 9001, emissao: CivilDate(year: 2025, month: 7, day: 12)!, validade: CivilDate(year: 2025, month: 8, day: 1)!, geracao: 3,
            fiscalizada: 812, servico: "CORTE DE LIGACAO DE AGUA", encerramento: CivilDate(year: 2025, month: 6, day: 25)!,
            motivo: "CONCLUSAO DO SERVICO", parecer: String(repeating: "PARECER LONGO ", count: 12), agente: "MARIA SOUZA", imovel: 4711,
            inscricao: Inscricao(localidade: 1, setorComercial: 2, quadra: 3, lote: 4, sublote: 5), endereco: "RUA A, 10 - CENTRO",
            cliente: "JOSE DA SILVA", ligacaoAgua: "CORTADO", ligacaoEsgoto: "POTENCIAL", economias: 1, rota: 7)
        let linhas = FormularioFiscalizacao.linhas(d, empresa: "CIA", situacoes: [(1, "CORTE CONFIRMADO"), (2, "RELIGADO CLANDESTINAMENTE")])
        let texto = linhas.map(\.texto)
        #expect(texto.contains("ORDEM DE FISCALIZAÇÃO Nº 9001"))
        #expect(texto.contains("Número: 812    Serviço: CORTE DE LIGACAO DE AGUA"))
        #expect(texto.contains("Matrícula: 4711    Inscrição: \(d.inscricao.formatada)    Economias: 1"))
        #expect(texto.contains("[   ] 2 - RELIGADO CLANDESTINAMENTE"))
        #expect(texto.contains("Emissão: 12/07/2025    Validade: 01/08/2025"))
        #expect(linhas.allSatisfy { $0.texto.count <= 105 })
        #expect(FormularioFiscalizacao.quebrar("aaa bbb ccc", largura: 7) == ["aaa bbb", "ccc"])
        #expect(FormularioFiscalizacao.quebrar("abcdefghij", largura: 4) == ["abcd", "efgh", "ij"])
    }
}
