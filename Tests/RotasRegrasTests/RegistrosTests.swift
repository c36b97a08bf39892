import GSANModel
import RotasRegras
import Testing

/// Record by record on hand-built imóveis; every expected line written out.
@Suite struct RegistrosTests {
    func arquivo(_ imoveis: [ImovelArquivo], rota: RotaArquivo = Fixture.rota, parametros: ParametrosArquivo = Fixture.parametros) throws -> [String] {
        let montada = try MontagemArquivo.montar(rota: rota, imoveis: imoveis, catalogos: Fixture.catalogos, parametros: parametros)
        return MontagemArquivo.texto(montada.completo.texto).split(separator: "\n").map(String.init)
    }

    func doImovel(_ linhas: [String], _ matricula: Int) -> [String] {
        linhas.filter { Int($0.dropFirst(2).dropFirst().prefix { $0 != "|" }) == matricula && Int($0.prefix(2))! <= 8 }
    }

    @Test func soHidrometroDeAgua() throws {
        let linhas = try arquivo([Fixture.imovel(101, medidores: [Fixture.medidor()])])
        #expect(doImovel(linhas, 101) == [
            "01|101|METROPOLITANA|RECIFE|MARIA SILVA|20250718|20250916|0120031010001000|RUA DAS FLORES, 10 - BOA VISTA|202507|4||||3|3||||2|1|15|1|1|1|10||100.00|80.00||1|200|60|5|5.0|2.0|50.00|999|1|1|9101|1|||1010||||||10|||52998224725||||||20250603|1|2|2|2|||||15|1|||2|101|12|5|2|20190502|||2|",
            "02|101|1|RESIDENCIAL|1|RESIDENCIAL PADRAO|1|RES|RES PADRAO||",
            "03|101|1|202506|14|0|0|",
            "03|101|1|202505|16|0|3|",
            "08|101|1|A0000000101|20200310|4|1234|20250603|1|1240|1258|15|MURETA|1234||0|2||||2.0|200|",
        ])
    }

    @Test func soPoco() throws {
        var imovel = Fixture.imovel(102, medidores: [Fixture.medidor(tipo: 2, numero: "P0000000102", digitos: 5, leitura: 0, media: 0)])
        imovel.consumos = []
        let linhas = doImovel(try arquivo([imovel]), 102)
        #expect(linhas.count == 3)
        #expect(linhas[0].split(separator: "|", omittingEmptySubsequences: false)[29] == "1")  // 01.30 tipo poço
        #expect(linhas[2] == "08|102|2|P0000000102|20200310|5|0|20250603|1|0|10|0|MURETA|0||0|2||||2.0|200|")
    }

    @Test func aguaEPoco() throws {
        let imovel = Fixture.imovel(103, medidores: [
            Fixture.medidor(numero: "A0000000103", leitura: 9995, media: 10),
            Fixture.medidor(tipo: 2, numero: "P0000000103", digitos: 5, leitura: 500, media: 30),
        ])
        #expect(doImovel(try arquivo([imovel]), 103).suffix(2) == [
            "08|103|1|A0000000103|20200310|4|9995|20250603|1|9995|15|10|MURETA|9995||0|2||||2.0|200|",
            "08|103|2|P0000000103|20200310|5|500|20250603|1|515|545|30|MURETA|500||0|2||||2.0|200|",
        ])
    }

    @Test func naoMedido() throws {
        var imovel = Fixture.imovel(104)
        imovel.consumoMedioAgua = nil
        let linhas = doImovel(try arquivo([imovel]), 104)
        #expect(linhas.map { String($0.prefix(2)) } == ["01", "02", "03", "03"])
        let campos = linhas[0].split(separator: "|", omittingEmptySubsequences: false)
        #expect(campos[21] == "0" && campos[29] == "")  // 01.22 consumo médio (mandatory: 0), 01.30 tipo poço
    }

    @Test func condominioMacroComMicros() throws {
        var macro = Fixture.imovel(200, medidores: [Fixture.medidor(numero: "A0000000200", leitura: 100, media: 120)])
        macro.macro = true
        macro.sequencialRota = 5
        var micro1 = Fixture.imovel(201)
        micro1.condominio = 200
        micro1.sequencialRota = 9000  // later in the rota: still right after its macro
        var micro2 = Fixture.imovel(202)
        micro2.condominio = 200
        micro2.conta = nil  // no bill: skipped
        let outro = Fixture.imovel(150)
        let linhas = try arquivo([outro, micro1, micro2, macro])
        #expect(linhas.filter { $0.hasPrefix("01|") }.map { $0.split(separator: "|")[1] } == ["200", "201", "150"])
        #expect(doImovel(linhas, 200) == [
            "01|200|METROPOLITANA|RECIFE|MARIA SILVA|||0120031010000000|RUA DAS FLORES, 10 - BOA VISTA|202507|||||3|3||||1|1|15|1|1|1|10||100.00|0.00||1|200|60|5|5.0|2.0|50.00|999|1|1||1|||5||||||10|||52998224725||||||20250603|1|2|2|2|||||15|1|||2|101|12|5|2|20190502|||2|",
            "02|200|1|RESIDENCIAL|1|RESIDENCIAL PADRAO|1|RES|RES PADRAO||",
            "03|200|1|202506|14|0|0|",
            "03|200|1|202505|16|0|3|",
            "08|200|1|A0000000200|20200310|4|100|20250603|1|184|256|120|MURETA|100||0|2||||2.0|200|",
        ])
        #expect(doImovel(linhas, 201)[0].hasPrefix("01|201|METROPOLITANA|RECIFE|MARIA SILVA|20250718|20250916|0120031010001000|RUA DAS FLORES, 10 - BOA VISTA|202507|4||||3|3|||200|2|"))
    }

    @Test func avisoDeCorteComMaisDe17Contas() throws {
        var imovel = Fixture.imovel(300)
        let itens = (0..<19).map { n in
            DocumentoCobrancaArquivo.Item(
                referencia: SomaMes.referencia(202312, n), valor: Centavos(Int64(1000 + n)),
                vencimento: Fixture.data("2024-01-10").adding(days: 30 * n), acrescimos: Centavos(Int64(10 * n)))
        }
        imovel.documento = DocumentoCobrancaArquivo(id: 77, emissao: Fixture.data("2025-06-20"), itens: itens)
        let linhas = doImovel(try arquivo([imovel]), 300)
        let campos = linhas[0].split(separator: "|", omittingEmptySubsequences: false)
        #expect(campos[51] == "77" && campos[67] == "20250620")  // 01.52 documento, 01.68 emissão
        #expect(linhas.filter { $0.hasPrefix("07|") } == [
            // 19 bills: the 3 oldest summed (1000+1001+1002, 0+10+20), due date the latest of them.
            "07|300|DB.ATE|30.03|20240310|0.30|",
            "07|300|202403|10.03|20240409|0.30|", "07|300|202404|10.04|20240509|0.40|",
            "07|300|202405|10.05|20240608|0.50|", "07|300|202406|10.06|20240708|0.60|",
            "07|300|202407|10.07|20240807|0.70|", "07|300|202408|10.08|20240906|0.80|",
            "07|300|202409|10.09|20241006|0.90|", "07|300|202410|10.10|20241105|1.00|",
            "07|300|202411|10.11|20241205|1.10|", "07|300|202412|10.12|20250104|1.20|",
            "07|300|202501|10.13|20250203|1.30|", "07|300|202502|10.14|20250305|1.40|",
            "07|300|202503|10.15|20250404|1.50|", "07|300|202504|10.16|20250504|1.60|",
            "07|300|202505|10.17|20250603|1.70|", "07|300|202506|10.18|20250703|1.80|",
        ])
    }

    @Test func avisoDeCorteCom17ContasNaoResume() throws {
        var imovel = Fixture.imovel(301)
        let itens = (0..<17).map { n in
            DocumentoCobrancaArquivo.Item(referencia: SomaMes.referencia(202401, n), valor: Centavos(500), vencimento: Fixture.data("2024-02-10"), acrescimos: .zero)
        }
        imovel.documento = DocumentoCobrancaArquivo(id: 78, emissao: Fixture.data("2025-06-20"), itens: itens)
        let linhas = doImovel(try arquivo([imovel]), 301).filter { $0.hasPrefix("07|") }
        #expect(linhas.count == 17 && linhas.first == "07|301|202401|5.00|20240210|0.00|")
    }

    @Test func debitosDeParcelamentoCreditosEImpostos() throws {
        var imovel = Fixture.imovel(400)
        imovel.debitos = [
            LancamentoConta(tipo: 3, descricao: "PARCELAMENTO DE DEBITOS", valor: Centavos(4523), prestacao: 3, prestacoes: 12, parcelamento: true),
            LancamentoConta(tipo: 1, descricao: "RELIGACAO DE AGUA", valor: Centavos(1500), prestacao: 1, prestacoes: 3),
            LancamentoConta(tipo: 4, descricao: "MULTA POR INFRACAO", valor: Centavos(2000), prestacao: 1, prestacoes: 1, referencia: 202505),
        ]
        imovel.creditos = [LancamentoConta(tipo: 1, descricao: "DEV PAGTOS DUPLICIDADE", valor: Centavos(1000), prestacao: 1, prestacoes: 1)]
        imovel.impostos = [ImpostoConta(tipo: 1, descricao: "IR", aliquota: Centavos(480)), ImpostoConta(tipo: 4, descricao: "PIS/PASEP", aliquota: Centavos(65))]
        #expect(doImovel(try arquivo([imovel]), 400).filter { ["04", "05", "06"].contains($0.prefix(2)) } == [
            "04|400|PARCELAMENTO DE DEBITOS PARCELA 03/12|45.23|3|",
            "04|400|RELIGACAO DE AGUA PARCELA 01/03|15.00|1|",
            "04|400|MULTA POR INFRACAO 05/2025|20.00|4|",
            "05|400|DEV PAGTOS DUPLICIDADE|10.00|1|",
            "06|400|1|IR|4.80|",
            "06|400|4|PIS/PASEP|0.65|",
        ])
    }

    @Test func trailer() throws {
        let linhas = try arquivo([Fixture.imovel(500)])
        #expect(Array(linhas.drop { !$0.hasPrefix("09|") }) == [
            "09|1|20200101|1|1|10|45.10|",
            "10|1|20200101|1|1|0|10|0.00|",
            "10|1|20200101|1|1|11|999999|5.20|",
            "09|1|20200101|2|1|10|89.50|",
            "10|1|20200101|2|1|0|10|0.00|",
            "10|1|20200101|2|1|11|999999|5.20|",
            // 12–13: GSAN's default login and base64(SHA-1("senha")) for a reader without a user of their own.
            "11|1234|20250630|08000810195|11222333000181||5.00|0.00|0|0|2|gcom|d1GiP6VRcKV+kDdN8To6t47+Dpk=||2|2|1.0.0.0|2|2||10|20250603|20250802|2|2|2|2|1||",
            // 12: missing fatores go as the neutral 1.00 (empty crashes the phone); cobrar consumo normal last.
            "12|2|||3|3|5|1.00|1.00|1.50|FATURA RETIDA PARA ANALISE||CONSUMO CONFIRMADO||2|2|1|1|",
            "13|3|ALTO CONSUMO|ALTO CONSUMO|2|2|",
            "14|2|IMOVEL FECHADO|2|3|3|2|2|1|1.00|1.00|2|2|2|2|",
            "15|" + String(repeating: "|", count: 46),
            "17|1|REAL|",
            "17|6|NAO MEDIDO|",
        ])
    }

    /// Record 11 carries the reader's own login and the password's base64(SHA-1), as the phone's
    /// local login compares them (FIELD-APP-PROTOCOL §5.3).
    @Test func credenciaisDoLeiturista() throws {
        var rota = Fixture.rota
        rota.login = "joao.silva"
        rota.senha = "fEqNCco3Yq9h5ZUglD3CZJT4lBs="  // base64(SHA-1("123456"))
        let onze = try #require(try arquivo([Fixture.imovel(510)], rota: rota).first { $0.hasPrefix("11|") })
        let campos = onze.split(separator: "|", omittingEmptySubsequences: false)
        #expect(campos[11] == "joao.silva" && campos[12] == "fEqNCco3Yq9h5ZUglD3CZJT4lBs=")
    }

    /// 01.12–14 the responsável, 01.25 = 2 for a public body (its bill is not printed in the
    /// field: seed 004, "órgãos públicos … Imóvel não pode ser emitido!"), 01.43–44 the
    /// localidade's service address and DDD + phone.
    @Test func responsavelOrgaoPublicoEAtendimento() throws {
        var imovel = Fixture.imovel(520)
        imovel.responsavel = ResponsavelArquivo(id: 77, nome: "PREFEITURA | DO RECIFE", endereco: "CAIS DO APOLO, 925")
        imovel.orgaoPublico = true
        imovel.enderecoAtendimento = "AV CRUZ CABUGA, 1111 - SANTO AMARO"
        imovel.foneAtendimento = "8132020000"
        let campos = doImovel(try arquivo([imovel]), 520)[0].split(separator: "|", omittingEmptySubsequences: false)
        #expect(campos[11] == "77" && campos[12] == "PREFEITURA   DO RECIFE" && campos[13] == "CAIS DO APOLO, 925")
        #expect(campos[24] == "2")
        #expect(campos[42] == "AV CRUZ CABUGA, 1111 - SANTO AMARO" && campos[43] == "8132020000")
        imovel.orgaoPublico = false
        #expect(doImovel(try arquivo([imovel]), 520)[0].split(separator: "|", omittingEmptySubsequences: false)[24] == "1")
    }

    @Test func textoSemSeparadorEmLatin1() throws {
        var imovel = Fixture.imovel(600)
        imovel.nome = "JOÃO | ÇÉ\r\nFILHO ✓"
        let montada = try MontagemArquivo.montar(rota: Fixture.rota, imoveis: [imovel], catalogos: Fixture.catalogos, parametros: Fixture.parametros)
        #expect(MontagemArquivo.texto(montada.completo.texto).contains("|JOÃO   ÇÉ  FILHO ?|"))
        #expect(montada.completo.texto.contains(0xC3))  // Ã as one ISO-8859-1 byte
        #expect(!montada.completo.texto.contains(0xE2))  // no UTF-8 sequence
    }
}

enum SomaMes {
    static func referencia(_ inicio: Int, _ meses: Int) -> Int {
        let total = (inicio / 100) * 12 + (inicio % 100 - 1) + meses
        return (total / 12) * 100 + total % 12 + 1
    }
}
