import EncerramentoRegras
import GSANModel
import Testing

/// Encerrar Ordem de Serviço (seed 002 §2.4, §2.5.1.1, §2.7): each refusal with the data that triggers it.
@Suite struct EncerramentoManualTests {
    typealias M = EncerramentoManual
    static let hoje = data("20/06/2025")
    static let visita = M.Ordem(situacao: 1, emissao: data("12/06/2025"), exigePavimento: false, motivosDaAcao: [2, 3, 4])
    static let corte = M.Ordem(situacao: 1, emissao: data("12/06/2025"), exigePavimento: true, motivosDaAcao: [2, 69])
    static let conclusao = M.Motivo(id: 2, execucao: true)
    static let desistencia = M.Motivo(id: 4, execucao: false)
    static func pedido(_ motivo: Int = 2, _ dia: String = "13/06/2025") -> M.Pedido { .init(ordem: 77, motivo: motivo, data: data(dia)) }

    @Test func pendingOrInExecutionMayClose() {
        #expect(M.recusa(Self.pedido(), ordem: Self.visita, motivo: Self.conclusao, hoje: Self.hoje) == nil)
        var andamento = Self.visita
        andamento.situacao = 3
        #expect(M.recusa(Self.pedido(), ordem: andamento, motivo: Self.conclusao, hoje: Self.hoje) == nil)
    }

    @Test func closedOrWaitingOrdersAreRefused() {
        var o = Self.visita
        #expect(M.recusa(Self.pedido(), ordem: nil, motivo: Self.conclusao, hoje: Self.hoje) == "Ordem de Serviço 77 inexistente.")
        o.situacao = 2
        #expect(M.recusa(Self.pedido(), ordem: o, motivo: Self.conclusao, hoje: Self.hoje) == "Ordem de Serviço 77 já encerrada.")
        o.situacao = 4
        #expect(M.recusa(Self.pedido(), ordem: o, motivo: Self.conclusao, hoje: Self.hoje)
                == "Ordem de Serviço 77 aguardando OS de referência: não pode ser encerrada.")
    }

    @Test func theMotivoMustExistAndBeAssociatedWithTheAction() {
        #expect(M.recusa(Self.pedido(99), ordem: Self.visita, motivo: nil, hoje: Self.hoje) == "Motivo de encerramento 99 inexistente.")
        #expect(M.recusa(Self.pedido(2), ordem: Self.visita, motivo: M.Motivo(id: 2, execucao: true, emUso: false), hoje: Self.hoje)
                == "Motivo de encerramento 2 inexistente.")
        #expect(M.recusa(Self.pedido(69), ordem: Self.visita, motivo: M.Motivo(id: 69, execucao: false), hoje: Self.hoje)
                == "Motivo de encerramento 69 não associado à ação de cobrança da Ordem de Serviço 77.")
        var avulsa = Self.visita
        avulsa.motivosDaAcao = nil
        #expect(M.recusa(Self.pedido(69), ordem: avulsa, motivo: M.Motivo(id: 69, execucao: false), hoje: Self.hoje) == nil)
    }

    @Test func theDateIsBetweenTheEmissionAndToday() {
        #expect(M.recusa(Self.pedido(2, "11/06/2025"), ordem: Self.visita, motivo: Self.conclusao, hoje: Self.hoje)
                == "Data de encerramento 11/06/2025 anterior à emissão da Ordem de Serviço (12/06/2025).")
        #expect(M.recusa(Self.pedido(2, "12/06/2025"), ordem: Self.visita, motivo: Self.conclusao, hoje: Self.hoje) == nil)
        #expect(M.recusa(Self.pedido(2, "20/06/2025"), ordem: Self.visita, motivo: Self.conclusao, hoje: Self.hoje) == nil)
        #expect(M.recusa(Self.pedido(2, "21/06/2025"), ordem: Self.visita, motivo: Self.conclusao, hoje: Self.hoje)
                == "Data de encerramento 21/06/2025 posterior à data atual (20/06/2025).")
    }

    @Test func parecerAndAgentHaveTheirLimits() {
        var p = Self.pedido()
        p.parecer = String(repeating: "a", count: 400)
        #expect(M.recusa(p, ordem: Self.visita, motivo: Self.conclusao, hoje: Self.hoje) == nil)
        p.parecer = String(repeating: "á", count: 401)
        #expect(M.recusa(p, ordem: Self.visita, motivo: Self.conclusao, hoje: Self.hoje) == "Parecer com 401 caracteres: o máximo é 400.")
        p.parecer = nil
        p.agente = String(repeating: "x", count: 61)
        #expect(M.recusa(p, ordem: Self.visita, motivo: Self.conclusao, hoje: Self.hoje) == "Agente com 61 caracteres: o máximo é 60.")
    }

    @Test func anExecutedCorteNeedsThePavementAndTheRepairedArea() {
        var p = Self.pedido()
        #expect(M.recusa(p, ordem: Self.corte, motivo: Self.conclusao, hoje: Self.hoje)
                == "Informe Pavimento: o serviço da Ordem de Serviço 77 exige os dados de pavimento e reposição.")
        p.pavimento = .init(comPavimento: true)
        #expect(M.recusa(p, ordem: Self.corte, motivo: Self.conclusao, hoje: Self.hoje)
                == "Informe a área reposta (asfalto, paralelepípedo ou calçada): a Ordem de Serviço 77 foi executada com pavimento.")
        p.pavimento = .init(comPavimento: true, calcada: 150)
        #expect(M.recusa(p, ordem: Self.corte, motivo: Self.conclusao, hoje: Self.hoje) == nil)
        p.pavimento = .init(comPavimento: false)
        #expect(M.recusa(p, ordem: Self.corte, motivo: Self.conclusao, hoje: Self.hoje) == nil)
        p.pavimento = .init(comPavimento: true, asfalto: 10_000_000)
        #expect(M.recusa(p, ordem: Self.corte, motivo: Self.conclusao, hoje: Self.hoje) == "Área de asfalto fora do intervalo (0 a 99.999,99 m²).")
        // Not executed (justified): no pavement asked.
        #expect(M.recusa(Self.pedido(69), ordem: Self.corte, motivo: M.Motivo(id: 69, execucao: false), hoje: Self.hoje) == nil)
    }

    @Test func areasAndHoursAsTyped() {
        #expect(M.area("12") == 1_200 && M.area("12,5") == 1_250 && M.area("0.07") == 7 && M.area(" 3,25 ") == 325)
        #expect(M.area("") == nil && M.area("-1") == nil && M.area("1,234") == nil && M.area("abc") == nil && M.area("1.2.3") == nil
                && M.area("123456") == nil && M.area(",5") == nil)
        #expect(M.hora("00:00") == 0 && M.hora("23:59") == 1_439 && M.hora("09:30") == 570)
        #expect(M.hora("24:00") == nil && M.hora("9:30") == nil && M.hora("09:60") == nil && M.hora("+1:00") == nil)
        #expect(M.letra(situacao: 1) == "P" && M.letra(situacao: 2) == "E" && M.letra(situacao: 3) == "A" && M.letra(situacao: 4) == "L")
    }
}
