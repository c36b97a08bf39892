import GSANModel
import Testing

@Suite struct InscricaoTests {
    let inscricao = Inscricao(localidade: 1, setorComercial: 2, quadra: 30, lote: 45, sublote: 0)

    @Test func screensAndDocumentsShowItWithDots() {
        #expect(inscricao.formatada == "001.002.030.0045.000")
        #expect(inscricao.formatada.count == 20)
        #expect(inscricao.description == inscricao.formatada)
    }

    @Test func theRouteFileCarriesItWithoutDotsAtGSANsFixedPositions() {
        let texto = inscricao.semPontos
        #expect(texto == "0010020300045000")
        #expect(texto.count == 16)
        // What GSAN cuts from the phone's return: localidade 0–3, setor 3–6.
        #expect(Int(texto.prefix(3)) == 1)
        #expect(Int(texto.dropFirst(3).prefix(3)) == 2)
        // A four-digit quadra: the 17-character variant, never cut.
        #expect(Inscricao(localidade: 999, setorComercial: 999, quadra: 1234, lote: 9999, sublote: 999).semPontos
            == "99999912349999999")
    }
}
