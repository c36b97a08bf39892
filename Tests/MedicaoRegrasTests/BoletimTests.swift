import GSANModel
import MedicaoRegras
import Testing

/// Bulletins computed by hand (seed 002 §1.3.1, §1.4; GSAN-FACTS §3.2, §3.3), each with its
/// arithmetic in the comments. Contract of the examples:
///
///   item 1  VISITA     constante 1   12,50  serviço 1011
///   item 2  CORTE SEM  constante 3   35,00  serviço 1012 (sem pavimento)
///   item 3  CORTE COM  constante 4   60,00  serviço 1012 (com pavimento)
///   item 4  ASFALTO    constante 15  80,00  serviço 1012 (por m² de asfalto)
///   item 5  RELIGACAO  constante 5   45,00  serviço 1013
///   taxa de sucesso 5,00 %
@Suite struct BoletimTests {
    typealias B = BoletimMedicao

    static let contrato = B.Contrato(
        itens: [
            .init(id: 4, constante: 15, valor: Centavos(80_00), servicos: [1012]),
            .init(id: 1, constante: 1, valor: Centavos(12_50), servicos: [1011]),
            .init(id: 3, constante: 4, valor: Centavos(60_00), servicos: [1012]),
            .init(id: 2, constante: 3, valor: Centavos(35_00), servicos: [1012]),
            .init(id: 5, constante: 5, valor: Centavos(45_00), servicos: [1013]),
        ],
        taxaSucessoCentesimos: 500, valorGlobal: Centavos(1_000_000_00))

    static func os(
        _ id: Int64, _ servico: Int, _ e: B.Encerramento, pav: B.Pavimento? = nil, noBoletim: Bool = false, semPenalidade: Bool = false,
        naoAceita: B.NaoAceitacao? = nil, sucesso: B.Sucesso? = nil, imovel: Int? = nil
    ) -> B.Ordem {
        B.Ordem(
            id: id, imovel: imovel ?? Int(id), localidade: 1, servico: servico, encerramento: e, pavimento: pav, noBoletim: noBoletim,
            semPenalidade: semPenalidade, naoAceitacao: naoAceita, sucesso: sucesso)
    }

    static let naoExecutado = B.NaoAceitacao(multiplicadorCorte: 0, multiplicadorNaoExecutado: 2, multaCentesimos: 200)
    static let corteIndevido = B.NaoAceitacao(multiplicadorCorte: 2, multiplicadorNaoExecutado: 0, multaCentesimos: 200)
    static let semSucesso: B.Sucesso? = nil
    static func d(_ t: String) -> CivilDate { CivilDate(brazilian: t)! }

    /// Boletim 1 — executados por item, cada OS num item só; justificadas nem pagas nem penalizadas.
    @Test func executedServicesPaidByTheirItem() {
        let r = B.calcular(Self.contrato, ordens: [
            Self.os(1, 1011, .executada),                                              // item 1: 12,50
            Self.os(2, 1011, .executada),                                              // item 1: 12,50
            Self.os(3, 1012, .executada, pav: .init(com: false)),                      // item 2 (sem pavimento): 35,00
            Self.os(4, 1012, .executada, pav: .init(com: true, asfalto: 150)),        // itens 3 e 4 a servem: 3 vem antes (constante 4 < 15): 60,00
            Self.os(5, 1013, .executada),                                              // item 5: 45,00
            Self.os(6, 1011, .justificada),                                            // nada
            Self.os(7, 1011, .executada, noBoletim: true),                             // já num boletim: nada
        ])
        #expect(r.executados.map { [$0.ordem, Int64($0.item), $0.valor.value] } == [[1, 1, 1250], [2, 1, 1250], [3, 2, 3500], [4, 3, 6000], [5, 5, 4500]])
        // 12,50 + 12,50 + 35,00 + 60,00 + 45,00 = 165,00
        #expect(r.servicosExecutados == Centavos(165_00))
        #expect(r.descontos.isEmpty && r.multas.isEmpty && r.sucessos.isEmpty)
        #expect(r.total == Centavos(165_00))
        #expect(r.ordensNoBoletim == [1, 2, 3, 4, 5])
    }

    /// Boletim 2 — o item por área: sem o item 3, a OS com asfalto cai no item 4: 80,00 × 1,55 m² = 124,00;
    /// 80,00 × 0,33 m² = 26,40; 12,35 × 0,05 m² = 0,6175 → 0,62 (meio para cima); 12,34 × 0,05 = 0,617 → 0,62;
    /// 12,30 × 0,05 = 0,615 → 0,62 (o meio sobe).
    @Test func itemsPaidByAreaRoundHalfUp() {
        var c = Self.contrato
        c.itens.removeAll { $0.id == 3 }
        let r = B.calcular(c, ordens: [
            Self.os(1, 1012, .executada, pav: .init(com: true, asfalto: 155)),
            Self.os(2, 1012, .executada, pav: .init(com: true, asfalto: 33)),
            Self.os(3, 1012, .executada, pav: .init(com: true)),  // com pavimento e sem área: nenhum item a seleciona
        ])
        #expect(r.executados.map(\.valor) == [Centavos(124_00), Centavos(26_40)])
        #expect(r.ordensNoBoletim == [1, 2])
        #expect(B.porArea(Centavos(12_35), 5) == Centavos(62))
        #expect(B.porArea(Centavos(12_30), 5) == Centavos(62))
        #expect(B.porArea(Centavos(12_29), 5) == Centavos(61))
        #expect(B.percentual(Centavos(1_234_57), centesimos: 200) == Centavos(24_69))  // 24,6914
        #expect(B.percentual(Centavos(1_225), centesimos: 200) == Centavos(25))        // 0,245 → 0,25
    }

    /// Boletim 3 — descontos: decurso de prazo desconta um serviço válido (menos quando a ação tem
    /// justificativa); justificativa não aceita desconta um, uma vez; a fiscalização que achou não
    /// executado um serviço "executado" desconta dois e multa 2 %.
    ///
    ///   pagos: OS 1..20 visitas executadas = 20 × 12,50 = 250,00; OS 21 corte sem pavimento 35,00 → 285,00
    ///   OS 30 decurso visita            → desconto 12,50 (tipo 1)
    ///   OS 31 decurso, ação justificada → nada (mas entra no boletim)
    ///   OS 32 visita justificada não aceita → 12,50 (tipo 2)
    ///   OS 33 corte "executado" não executado (×2) → não pago; desconto 2 × 35,00 = 70,00 (tipo 3)
    ///   descontos = 12,50 + 12,50 + 70,00 = 95,00
    ///   penalizadas 3 (30, 32, 33) / (21 pagas + 3) = 12,5 % > 5 % → multa contratual 2 % × (285,00 − 95,00) = 3,80
    ///   multa por não realização 2 % × (285,00 − 70,00) = 4,30
    ///   total = 285,00 − 95,00 − 3,80 − 4,30 = 181,90
    @Test func discountsAndFines() {
        var ordens = (1...20).map { Self.os(Int64($0), 1011, .executada) }
        ordens.append(Self.os(21, 1012, .executada, pav: .init(com: false)))
        ordens.append(Self.os(30, 1011, .decurso))
        ordens.append(Self.os(31, 1011, .decurso, semPenalidade: true))
        ordens.append(Self.os(32, 1011, .justificada, naoAceita: Self.naoExecutado))
        ordens.append(Self.os(33, 1012, .executada, pav: .init(com: false), naoAceita: Self.naoExecutado))
        let r = B.calcular(Self.contrato, ordens: ordens)
        #expect(r.servicosExecutados == Centavos(285_00))
        #expect(r.descontos.map { [$0.ordem, Int64($0.tipo.rawValue), $0.valor.value] } == [[30, 1, 1250], [32, 2, 1250], [33, 3, 7000]])
        #expect(r.valorDescontos == Centavos(95_00))
        #expect(r.multas.map { [$0.tipo.rawValue, Int($0.base.value), Int($0.valor.value)] } == [[1, 190_00, 3_80], [2, 215_00, 4_30]])
        #expect(r.total == Centavos(181_90))
        #expect(Set(r.ordensNoBoletim) == Set((1...21).map(Int64.init) + [30, 31, 32, 33]))
        #expect(r.naoAceitacoesTratadas == [32, 33])
    }

    /// Boletim 4 — o limite de 5 % dos dois lados: 1 penalizada em 20 (1 / 20 = 5,00 %, não é
    /// "superior") não multa; 1 em 19 (5,26 %) multa.
    ///
    ///   19 visitas pagas + 1 decurso: 1 / (19 + 1) = 5,00 % → sem multa; total 19 × 12,50 − 12,50 = 225,00
    ///   18 visitas pagas + 1 decurso: 1 / 19 = 5,26 % → multa 2 % × (225,00 − 12,50) = 4,25; total 212,50 − 4,25 = 208,25
    @Test func theFivePercentThresholdOnBothSides() {
        let vinte = (1...19).map { Self.os(Int64($0), 1011, .executada) } + [Self.os(100, 1011, .decurso)]
        let r20 = B.calcular(Self.contrato, ordens: vinte)
        #expect(r20.multas.isEmpty)
        #expect(r20.total == Centavos(225_00))
        let dezenove = (1...18).map { Self.os(Int64($0), 1011, .executada) } + [Self.os(100, 1011, .decurso)]
        let r19 = B.calcular(Self.contrato, ordens: dezenove)
        #expect(r19.multas.map(\.tipo) == [.contratual])
        #expect(r19.multas.first?.valor == Centavos(4_25))
        #expect(r19.total == Centavos(208_25))
    }

    /// Boletim 5 — a taxa de sucesso, os dois exemplos da seed 002 §1.4 (5 % do recuperado):
    ///   imóvel 1: visita executada em 10/06; débito regularizado em 20/06, DEPOIS da emissão da ordem
    ///     de corte (18/06), que não foi executada → TS não é paga;
    ///   imóvel 2: visita executada em 10/06; débito pago em 12/06, antes da emissão da ordem de corte
    ///     (18/06) → TS = 5 % × (80,00 + 43,21) = 6,1605 → 6,16;
    ///   imóvel 3: uma conta paga, outra em aberto → não paga; imóvel 4: pago antes da execução → não paga.
    ///   pagos 4 × 12,50 = 50,00; total = 50,00 + 6,16 = 56,16
    @Test func theSuccessFeeOfTheSeedsTwoExamples() {
        let r = B.calcular(Self.contrato, ordens: [
            Self.os(1, 1011, .executada, sucesso: .init(execucao: Self.d("10/06/2025"), emissaoSucessora: Self.d("18/06/2025"),
                                                        debitos: [.init(recuperado: Centavos(80_00), regularizadoEm: Self.d("20/06/2025"))])),
            Self.os(2, 1011, .executada, sucesso: .init(execucao: Self.d("10/06/2025"), emissaoSucessora: Self.d("18/06/2025"),
                                                        debitos: [.init(recuperado: Centavos(80_00), regularizadoEm: Self.d("12/06/2025")),
                                                                  .init(recuperado: Centavos(43_21), regularizadoEm: Self.d("11/06/2025"))])),
            Self.os(3, 1011, .executada, sucesso: .init(execucao: Self.d("10/06/2025"), emissaoSucessora: nil,
                                                        debitos: [.init(recuperado: Centavos(10_00), regularizadoEm: Self.d("12/06/2025")),
                                                                  .init(recuperado: Centavos(10_00), regularizadoEm: nil)])),
            Self.os(4, 1011, .executada, sucesso: .init(execucao: Self.d("10/06/2025"), emissaoSucessora: nil,
                                                        debitos: [.init(recuperado: Centavos(10_00), regularizadoEm: Self.d("09/06/2025"))])),
        ])
        #expect(r.sucessos.map { [$0.imovel, Int($0.recuperado.value), Int($0.taxa.value)] } == [[2, 123_21, 6_16]])
        #expect(r.total == Centavos(56_16))
        // Without a success rate in the contract: no TS at all.
        var semTaxa = Self.contrato
        semTaxa.taxaSucessoCentesimos = nil
        #expect(B.calcular(semTaxa, ordens: [Self.os(2, 1011, .executada, sucesso: .init(
            execucao: Self.d("10/06/2025"), emissaoSucessora: nil, debitos: [.init(recuperado: Centavos(80_00), regularizadoEm: Self.d("12/06/2025"))]))]).sucessos.isEmpty)
    }

    /// Boletim 6 — a penalidade que chega um mês depois: a OS 1 foi paga no boletim de maio
    /// (noBoletim); a fiscalização de junho achou corte indevido (×2): desconto 2 × 35,00 = 70,00
    /// no boletim de junho, multa por não realização 2 % × (35,00 + 60,00 − 70,00) = 0,50.
    ///   junho: OS 2 corte sem pavimento 35,00, OS 3 com pavimento 60,00 → 95,00
    ///   penalizadas 1 / (2 + 1) = 33 % → multa contratual 2 % × (95,00 − 70,00) = 0,50
    ///   total = 95,00 − 70,00 − 0,50 − 0,50 = 24,00
    @Test func aPenaltyArrivingAMonthLateLandsInTheNextBulletin() {
        let r = B.calcular(Self.contrato, ordens: [
            Self.os(1, 1012, .executada, pav: .init(com: false), noBoletim: true, naoAceita: Self.corteIndevido),
            Self.os(2, 1012, .executada, pav: .init(com: false)),
            Self.os(3, 1012, .executada, pav: .init(com: true)),
        ])
        #expect(r.executados.map(\.ordem) == [2, 3])
        #expect(r.descontos.map { [$0.ordem, Int64($0.tipo.rawValue), $0.valor.value] } == [[1, 4, 70_00]])
        #expect(r.multas.map(\.valor) == [Centavos(50), Centavos(50)])
        #expect(r.total == Centavos(24_00))
        // The OS already in May's bulletin is not counted again; its discount is the only new row.
        #expect(r.ordensNoBoletim == [2, 3])
        #expect(r.naoAceitacoesTratadas == [1])
    }

    /// Boletim 7 — administração local: valor orçado 12.000,00 × (medido 165,00 / global 1.000.000,00)
    /// = 1,98; entra nos serviços executados.
    @Test func localAdministrationInProportionToTheContract() {
        var c = Self.contrato
        c.itens.append(.init(id: 9, constante: 1, valor: .zero, servicos: [], administracaoLocal: true, valorOrcado: Centavos(12_000_00)))
        let r = B.calcular(c, ordens: [
            Self.os(1, 1011, .executada), Self.os(2, 1011, .executada), Self.os(3, 1012, .executada, pav: .init(com: false)),
            Self.os(4, 1012, .executada, pav: .init(com: true)), Self.os(5, 1013, .executada),
        ])
        #expect(r.administracao.map { [$0.item, Int($0.valor.value)] } == [[9, 1_98]])
        #expect(r.total == Centavos(166_98))
    }
}
