import GSANModel
import MedicaoRegras
import Testing

/// The calculation codes 18–26 (GSAN-FACTS §3.2), the contract item's fine (seed 002 §2.1.6) and
/// the additives in force on the bulletin's date (seed 002 §2.1.6), each with data that triggers
/// it and data that does not, and the arithmetic in the comments.
@Suite struct ConstantesMultasAditivosTests {
    typealias B = BoletimMedicao
    static func os(
        _ id: Int64, _ servico: Int, _ e: B.Encerramento, pav: B.Pavimento? = nil, _ noBoletim: Bool = false, _ semPenalidade: Bool = false,
        _ naoAceita: B.NaoAceitacao? = nil, _ sucesso: B.Sucesso? = nil, _ imovel: Int? = nil
    ) -> B.Ordem {
        BoletimTests.os(id, servico, e, pav: pav, noBoletim: noBoletim, semPenalidade: semPenalidade, naoAceita: naoAceita, sucesso: sucesso, imovel: imovel)
    }
    static func d(_ t: String) -> CivilDate { CivilDate(brazilian: t)! }

    /// The closings a corte (1012) can have, by what the encerramento informed (areas in hundredths of m²).
    static let variantes: [(nome: String, ordem: B.Ordem)] = [
        ("asfalto sem calçada", os(1, 1012, .executada, pav: .init(com: true, asfalto: 100), false, false, nil, nil, nil)),
        ("asfalto com calçada", os(2, 1012, .executada, pav: .init(com: true, asfalto: 100, calcada: 50), false, false, nil, nil, nil)),
        ("paralelepípedo sem calçada", os(3, 1012, .executada, pav: .init(com: true, paralelepipedo: 120), false, false, nil, nil, nil)),
        ("paralelepípedo com calçada", os(4, 1012, .executada, pav: .init(com: true, paralelepipedo: 120, calcada: 30), false, false, nil, nil, nil)),
        ("sem pavimento sem calçada", os(5, 1012, .executada, pav: .init(com: false), false, false, nil, nil, nil)),
        ("sem pavimento com calçada", os(6, 1012, .executada, pav: .init(com: false, calcada: 40), false, false, nil, nil, nil)),
        ("com pavimento sem área reposta", os(7, 1012, .executada, pav: .init(com: true), false, false, nil, nil, nil)),
        ("não executada com visita, motivo que gera pagamento", {
            var o = os(8, 1012, .executada, pav: nil, false, false, nil, nil, nil)
            o.visitaSemExecucao = true
            return o
        }()),
        ("justificada", os(9, 1012, .justificada, pav: .init(com: false), false, false, nil, nil, nil)),
    ]

    /// Each code alone in a contract (one item, 10,00): which of the closings it pays.
    @Test(arguments: [
        (18, [1, 2]),   // com pavimento asfáltico
        (19, [3, 4]),   // com pavimento de paralelepípedo
        (20, [5, 8]),   // sem pavimento e sem calçada (a OS 8 não informou pavimento: sem pavimento)
        (21, [3]),      // paralelepípedo sem calçada
        (22, [4]),      // paralelepípedo com calçada
        (23, [1]),      // asfalto sem calçada
        (24, [2]),      // asfalto com calçada
        (25, [8]),      // não executada, visita realizada, motivo que gera pagamento
        (26, [6]),      // sem pavimento com calçada
        (27, []),       // fora da tabela: nenhuma
    ] as [(Int, [Int64])])
    func codesEighteenToTwentySix(constante: Int, pagas: [Int64]) {
        let contrato = B.Contrato(itens: [.init(id: 1, constante: constante, valor: Centavos(10_00), servicos: [1012])])
        let r = B.calcular(contrato, ordens: Self.variantes.map(\.ordem))
        #expect(r.executados.map(\.ordem) == pagas, "constante \(constante)")
        #expect(r.executados.allSatisfy { $0.valor == Centavos(10_00) })
        // Nothing else is paid, discounted or fined; the unpaid closings stay out of the bulletin.
        #expect(r.descontos.isEmpty && r.multas.isEmpty)
        #expect(r.ordensNoBoletim == pagas)
    }

    /// A bulletin with the pavement items of a real contract: each OS in the first item (by code)
    /// that selects it.
    ///
    ///   item 10  constante 4   CORTE COM PAVIMENTO          60,00
    ///   item 23  constante 23  CORTE ASFALTO SEM CALÇADA    90,00
    ///   item 24  constante 24  CORTE ASFALTO COM CALÇADA   110,00
    ///   item 25  constante 25  VISITA IMPRODUTIVA             8,00
    ///   item 26  constante 26  CORTE SEM PAVIMENTO C/ CALÇADA 40,00
    ///
    ///   OS 1 asfalto sem calçada: itens 10 e 23 a servem; 10 vem antes (4 < 23): 60,00
    ///   OS 2 asfalto com calçada: 10 antes de 24: 60,00
    ///   OS 3, 4 paralelepípedo, OS 7 com pavimento sem área: item 10: 3 × 60,00
    ///   OS 6 sem pavimento com calçada: 26: 40,00
    ///   OS 8 não executada com visita: 25: 8,00
    ///   OS 5 sem pavimento sem calçada: nenhum item a seleciona
    ///   total = 5 × 60,00 + 40,00 + 8,00 = 348,00
    /// Without item 10: OS 1 → 90,00 (23), OS 2 → 110,00 (24), OS 3, 4, 7 → nenhum: 90 + 110 + 40 + 8 = 248,00.
    @Test func theFirstItemByCodeWinsAmongThePavementVariants() {
        var contrato = B.Contrato(itens: [
            .init(id: 24, constante: 24, valor: Centavos(110_00), servicos: [1012]),
            .init(id: 10, constante: 4, valor: Centavos(60_00), servicos: [1012]),
            .init(id: 26, constante: 26, valor: Centavos(40_00), servicos: [1012]),
            .init(id: 23, constante: 23, valor: Centavos(90_00), servicos: [1012]),
            .init(id: 25, constante: 25, valor: Centavos(8_00), servicos: [1012]),
        ])
        let ordens = Self.variantes.map(\.ordem)
        let r = B.calcular(contrato, ordens: ordens)
        #expect(r.executados.map { [$0.ordem, Int64($0.item), $0.valor.value] }
            == [[1, 10, 60_00], [2, 10, 60_00], [3, 10, 60_00], [4, 10, 60_00], [6, 26, 40_00], [7, 10, 60_00], [8, 25, 8_00]])
        #expect(r.total == Centavos(348_00))
        contrato.itens.removeAll { $0.id == 10 }
        let sem = B.calcular(contrato, ordens: ordens)
        #expect(sem.executados.map { [$0.ordem, Int64($0.item)] } == [[1, 23], [2, 24], [6, 26], [8, 25]])
        #expect(sem.total == Centavos(248_00))
    }

    /// The contract item's fine (seed 002 §2.1.6: "Percentual de Serviços Não Executados / Não
    /// Aceitos para Aplicação de Multa" 10,00 %, "Percentual da Multa" 2,50 %), on both sides of the
    /// threshold and at the half-centavo edge of its rounding.
    ///
    ///   item 1 VISITA constante 1 12,50 (sem multa); item 2 CORTE SEM PAV constante 3 35,00 (10,00 % / 2,50 %)
    ///   10 visitas pagas (125,00), 9 cortes pagos (315,00), 1 corte por decurso (desconto 35,00, item 2)
    ///   item 2: 1 descontada / (9 + 1) = 10,00 % → atingiu: multa 2,50 % × 315,00 = 7,875 → 7,88 (meio sobe)
    ///   contratual: 1 penalizada / (19 + 1) = 5,00 %, não superior → sem multa
    ///   total = 440,00 − 35,00 − 7,88 = 397,12
    ///   com mais um corte pago: 1 / (10 + 1) = 9,09 % < 10,00 % → sem multa do item; total 475,00 − 35,00 = 440,00
    @Test func theItemsFineWhenItsShareIsReached() {
        let contrato = B.Contrato(itens: [
            .init(id: 1, constante: 1, valor: Centavos(12_50), servicos: [1011]),
            .init(id: 2, constante: 3, valor: Centavos(35_00), servicos: [1012], multa: .init(limiteCentesimos: 10_00, multaCentesimos: 2_50)),
        ])
        var ordens = (11...20).map { Self.os(Int64($0), 1011, .executada, pav: nil, false, false, nil, nil, nil) }
        ordens += (1...9).map { Self.os(Int64($0), 1012, .executada, pav: .init(com: false), false, false, nil, nil, nil) }
        ordens.append(Self.os(10, 1012, .decurso, pav: nil, false, false, nil, nil, nil))
        let r = B.calcular(contrato, ordens: ordens)
        #expect(r.servicosExecutados == Centavos(440_00))
        #expect(r.valorDescontos == Centavos(35_00))
        #expect(r.multas.map { [$0.tipo.rawValue, $0.item ?? 0, $0.centesimos, Int($0.base.value), Int($0.valor.value)] }
            == [[3, 2, 2_50, 315_00, 7_88]])
        #expect(r.total == Centavos(397_12))

        ordens.append(Self.os(21, 1012, .executada, pav: .init(com: false), false, false, nil, nil, nil))
        let abaixo = B.calcular(contrato, ordens: ordens)
        #expect(abaixo.multas.isEmpty)
        #expect(abaixo.total == Centavos(440_00))
        // Rounding edges of the item's fine: 2,50 % × 315,00 = 7,875 → 7,88; × 314,98 = 7,8745 → 7,87.
        #expect(B.percentual(Centavos(315_00), centesimos: 2_50) == Centavos(7_88))
        #expect(B.percentual(Centavos(314_98), centesimos: 2_50) == Centavos(7_87))
    }

    /// A contract whose items have their fine uses it instead of §1.3.1's (the same rule fixed at
    /// 5 % and 2 % over the BM), not both.
    ///
    ///   4 cortes pagos 140,00 + 1 decurso (35,00): 1 / 5 = 20 % > 5 %
    ///   sem multa por item: contratual 2 % × (140,00 − 35,00) = 2,10; total 140,00 − 35,00 − 2,10 = 102,90
    ///   com multa do item (5,00 % / 2,00 %): 20 % ≥ 5 % → 2 % × 140,00 = 2,80; total 140,00 − 35,00 − 2,80 = 102,20
    @Test func theItemsFineReplacesTheContractualOne() {
        let ordens = (1...4).map { Self.os(Int64($0), 1012, .executada, pav: .init(com: false)) } + [Self.os(5, 1012, .decurso)]
        var item = B.Item(id: 2, constante: 3, valor: Centavos(35_00), servicos: [1012])
        let global = B.calcular(B.Contrato(itens: [item]), ordens: ordens)
        #expect(global.multas.map { [$0.tipo.rawValue, Int($0.valor.value)] } == [[1, 2_10]])
        #expect(global.total == Centavos(102_90))
        item.multa = .init(limiteCentesimos: 5_00, multaCentesimos: 2_00)
        let porItem = B.calcular(B.Contrato(itens: [item]), ordens: ordens)
        #expect(porItem.multas.map { [$0.tipo.rawValue, Int($0.valor.value)] } == [[3, 2_80]])
        #expect(porItem.total == Centavos(102_20))
    }

    /// An item whose services were all discounted (nothing paid by it) has no base: no fine row.
    /// A justified OS whose justification was accepted is not "não aceita": no discount, no fine.
    @Test func noFineWithoutABaseOrWithoutADiscount() {
        let contrato = B.Contrato(itens: [
            .init(id: 2, constante: 3, valor: Centavos(35_00), servicos: [1012], multa: .init(limiteCentesimos: 0, multaCentesimos: 5_00)),
        ])
        let soDescontada = B.calcular(contrato, ordens: [Self.os(1, 1012, .decurso, pav: nil, false, false, nil, nil, nil)])
        #expect(soDescontada.descontos.count == 1)
        #expect(!soDescontada.multas.contains { $0.tipo == .item })
        let semDesconto = B.calcular(contrato, ordens: [
            Self.os(1, 1012, .executada, pav: .init(com: false), false, false, nil, nil, nil),
            Self.os(2, 1012, .justificada, pav: .init(com: false), false, false, nil, nil, nil),
        ])
        #expect(semDesconto.multas.isEmpty)
        #expect(semDesconto.total == Centavos(35_00))
    }

    /// Additives in force on the bulletin's date: each started additive adds its value to the global
    /// value, and the latest that informs a success rate replaces the contract's.
    ///
    ///   contrato: global 1.000.000,00, taxa 5,00 %
    ///   aditivo A 01/05/2025: + 500.000,00, taxa 6,00 %;  aditivo B 01/07/2025: + 100.000,00, sem taxa
    ///   em 30/04/2025: 1.000.000,00 e 5 %; em 30/06/2025: 1.500.000,00 e 6 %; em 13/07/2025: 1.600.000,00 e 6 %
    ///
    ///   bulletin (BoletimTests' contract + administração local orçada em 12.000,00):
    ///   OS 1 visita 12,50 (débitos 80,00 + 43,21 pagos em 12/06, execução 10/06), OS 2 corte sem pav. 35,00,
    ///   OS 3 corte com pav. 60,00, OS 4 religação 45,00 → medido 152,50
    ///   em 30/06: adm. local 12.000,00 × 152,50 / 1.500.000,00 = 1,22; TS 6 % × 123,21 = 7,3926 → 7,39;
    ///             total 152,50 + 1,22 + 7,39 = 161,11
    ///   em 13/07: adm. local × 152,50 / 1.600.000,00 = 1,14375 → 1,14; TS 7,39; total 161,03
    ///   em 30/04: adm. local × 152,50 / 1.000.000,00 = 1,83; TS 5 % → 6,1605 → 6,16; total 160,49
    @Test func additivesInForceOnTheBulletinsDate() {
        var c = BoletimTests.contrato
        c.itens.append(.init(id: 9, constante: 1, valor: .zero, servicos: [], administracaoLocal: true, valorOrcado: Centavos(12_000_00)))
        c.aditivos = [
            .init(inicio: Self.d("01/07/2025"), valor: Centavos(100_000_00)),
            .init(inicio: Self.d("01/05/2025"), valor: Centavos(500_000_00), taxaSucessoCentesimos: 6_00),
        ]
        #expect(c.vigente(em: Self.d("30/04/2025")).valorGlobal == Centavos(1_000_000_00))
        #expect(c.vigente(em: Self.d("30/04/2025")).taxaSucessoCentesimos == 5_00)
        #expect(c.vigente(em: Self.d("01/05/2025")).valorGlobal == Centavos(1_500_000_00))
        #expect(c.vigente(em: Self.d("30/06/2025")).taxaSucessoCentesimos == 6_00)
        #expect(c.vigente(em: Self.d("13/07/2025")).valorGlobal == Centavos(1_600_000_00))
        #expect(c.vigente(em: Self.d("13/07/2025")).taxaSucessoCentesimos == 6_00)

        let sucesso = B.Sucesso(
            execucao: Self.d("10/06/2025"), emissaoSucessora: nil,
            debitos: [.init(recuperado: Centavos(80_00), regularizadoEm: Self.d("12/06/2025")),
                      .init(recuperado: Centavos(43_21), regularizadoEm: Self.d("12/06/2025"))])
        let ordens = [
            Self.os(1, 1011, .executada, pav: nil, false, false, nil, sucesso, nil),
            Self.os(2, 1012, .executada, pav: .init(com: false), false, false, nil, nil, nil),
            Self.os(3, 1012, .executada, pav: .init(com: true), false, false, nil, nil, nil),
            Self.os(4, 1013, .executada, pav: nil, false, false, nil, nil, nil),
        ]
        func boletim(_ data: String) -> (adm: Int64, ts: Int64, total: Int64) {
            let r = B.calcular(c.vigente(em: Self.d(data)), ordens: ordens)
            return (r.administracao.first?.valor.value ?? -1, r.taxaSucesso.value, r.total.value)
        }
        #expect(boletim("30/06/2025") == (1_22, 7_39, 161_11))
        #expect(boletim("13/07/2025") == (1_14, 7_39, 161_03))
        #expect(boletim("30/04/2025") == (1_83, 6_16, 160_49))
    }
}
