import GSANModel
import Testing

@Suite struct ReferenciaTests {
    private func ref(_ am: Int) -> Referencia { Referencia(amReferencia: am)! }

    @Test func nextPreviousAndPlusNMonthsCrossTheYear() {
        #expect(ref(202412).seguinte == ref(202501))
        #expect(ref(202501).anterior == ref(202412))
        #expect(ref(202505).somando(meses: 7) == ref(202512))
        #expect(ref(202505).somando(meses: 8) == ref(202601))
        #expect(ref(202505).somando(meses: -5) == ref(202412))
        #expect(ref(202505).somando(meses: -17) == ref(202312))
        #expect(ref(202505).somando(meses: -24) == ref(202305))
        #expect(ref(202505).somando(meses: 0) == ref(202505))
    }

    @Test func monthsBetweenIsTheInverseOfPlusN() {
        #expect(ref(202411).meses(ate: ref(202505)) == 6)
        #expect(ref(202505).meses(ate: ref(202411)) == -6)
        for n in -30...30 { #expect(ref(202501).meses(ate: ref(202501).somando(meses: n)) == n) }
    }

    @Test func storedIntegersUseTheSameArithmetic() {
        #expect(Referencia.somar(202501, meses: -1) == 202412)
        #expect(Referencia.somar(202412, meses: 1) == 202501)
        #expect(Referencia.somar(202506, meses: -6) == 202412)
        for n in -30...30 { #expect(Referencia.somar(202507, meses: n) == ref(202507).somando(meses: n).amReferencia) }
    }

    @Test func printsAndParsesMMAAAA() throws {
        #expect(ref(202503).description == "03/2025")
        #expect(ref(202511).description == "11/2025")
        #expect(Referencia.mesAno(202503) == "03/2025")
        #expect(Referencia.mesAno(0) == "0")  // not a month: the number as stored, never a crash
        #expect(Referencia(mesAno: "03/2025") == ref(202503))
        #expect(try Referencia.lendo("12/2024") == ref(202412))
        for texto in ["13/2025", "00/2025", "3/2025", "03/25", "03-2025", "03/2025/1", "ab/2025", "", "03/0999"] {
            #expect(Referencia(mesAno: texto) == nil, "\(texto)")
            #expect(throws: Referencia.Invalida(texto: texto)) { try Referencia.lendo(texto) }
        }
        #expect(Referencia.Invalida(texto: "13/2025").description == "Mês/Ano inválido")
    }

    @Test func aMonthsDays() {
        #expect(ref(202502).dia(28) == CivilDate(year: 2025, month: 2, day: 28))
        #expect(ref(202502).dia(29) == nil)
        #expect(Referencia(CivilDate(year: 2025, month: 6, day: 7)!) == ref(202506))
    }
}
