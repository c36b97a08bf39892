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
