import GSANModel
import Testing

@Suite struct DocumentoTests {
    @Test(arguments: ["52998224725", "529.982.247-25", "11144477735", "00000000191"])
    func acceptsValidCPFs(_ text: String) throws {
        let documento = try #require(Documento(text))
        #expect(documento.isCPF)
        #expect(documento.digitos.count == 11)
    }

    @Test(arguments: ["11222333000181", "11.222.333/0001-81", "60746948000112"])
    func acceptsValidCNPJs(_ text: String) throws {
        let documento = try #require(Documento(text))
        #expect(!documento.isCPF)
        #expect(documento.digitos.count == 14)
    }

    @Test(arguments: [
        "52998224724",  // 2º dígito errado
        "52998224715",  // 1º dígito errado
        "11111111111",  // todos iguais (passa na conta, não é CPF)
        "5299822472",  // curto
        "529982247250",  // 12 dígitos
        "11222333000182",  // CNPJ com 2º dígito errado
        "11222333000191",  // CNPJ com 1º dígito errado
        "00000000000000",
        "529.982.247-2X",
        "",
    ])
    func rejectsInvalidDocuments(_ text: String) {
        #expect(Documento(text) == nil)
    }

    @Test func formatsTheUsualWay() throws {
        #expect(try #require(Documento("52998224725")).formatado == "529.982.247-25")
        #expect(try #require(Documento("11222333000181")).formatado == "11.222.333/0001-81")
    }

    @Test func buildsValidDocumentsFromABase() throws {
        #expect(Documento.cpf(base: 529_982_247) == .cpf("52998224725"))
        #expect(Documento.cnpj(base: 11_222_333_0001) == .cnpj("11222333000181"))
        #expect(Documento.cpf(base: 1).digitos == "00000000191")
        // Every generated document parses back (bases spread over the whole range).
        for base in stride(from: 7, to: 999_999_999, by: 7_777_777) {
            let cpf = Documento.cpf(base: base)
            #expect(Documento(cpf.digitos) == cpf, "\(cpf.digitos)")
        }
        for base in stride(from: 13, to: 999_999_999_999, by: 7_777_777_777) {
            let cnpj = Documento.cnpj(base: base)
            #expect(Documento(cnpj.digitos) == cnpj, "\(cnpj.digitos)")
        }
    }
}

/// The alphanumeric CNPJ (Receita Federal, from July 2026): 12 letters or digits, two check
/// digits over the characters' values (ASCII code − 48), the numeric CNPJ's weights.
@Suite struct CNPJAlfanumericoTests {
    // The Receita's own example: 12.ABC.345/01DE-35 (1º DV: 459 mod 11 = 8 → 3; 2º: 424 mod 11 = 6 → 5).
    @Test(arguments: ["12ABC34501DE35", "12.ABC.345/01DE-35", "12.abc.345/01de-35"])
    func acceptsTheReceitasExample(_ texto: String) throws {
        let documento = try #require(Documento(texto))
        #expect(documento == .cnpj("12ABC34501DE35") && documento.isAlfanumerico && !documento.isCPF)
        #expect(documento.formatado == "12.ABC.345/01DE-35")
    }

    @Test(arguments: [
        "12ABC34501DE34",  // 2º dígito errado
        "12ABC34501DE45",  // 1º dígito errado
        "12ABC34501DEA5",  // letra no lugar de um dígito verificador
        "12ABC34501D?35",  // caractere que não é letra nem dígito
        "12ÁBC34501DE35",  // letra acentuada
        "12ABC3450DE35",  // 13 caracteres
        "AAAAAAAAAAAA00",  // conta feita, dígitos errados
        "5299822472A",  // CPF não tem letras
    ])
    func refusesWrongOnes(_ texto: String) {
        #expect(Documento(texto) == nil)
    }

    @Test func theNumericOneIsTheCaseWithoutLetters() throws {
        // The same computation: a numeric CNPJ keeps its check digits.
        #expect(Documento.cnpj(alfanumerico: "112223330001") == Documento.cnpj(base: 11_222_333_0001))
        #expect(try #require(Documento("11222333000181")).isAlfanumerico == false)
        #expect(Documento.cnpj(alfanumerico: "12ABC34501DE") == .cnpj("12ABC34501DE35"))
        #expect(Documento.cnpj(alfanumerico: "12abc34501de") == .cnpj("12ABC34501DE35"))
        #expect(Documento.cnpj(alfanumerico: "12ABC34501D") == nil)
        #expect(Documento.cnpj(alfanumerico: "12ABC34501D-") == nil)
        // Every generated one parses back.
        let letras = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        for i in 0..<500 {
            let base = String((0..<12).map { letras[(i * 7 + $0 * 13 + i * $0) % letras.count] })
            let cnpj = try #require(Documento.cnpj(alfanumerico: base))
            #expect(Documento(cnpj.digitos) == cnpj, "\(cnpj.digitos)")
            #expect(Documento(cnpj.formatado) == cnpj, "\(cnpj.formatado)")
        }
    }
}
