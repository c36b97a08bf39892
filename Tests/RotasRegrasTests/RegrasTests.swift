import Foundation
import GSANModel
import RotasRegras
import Testing

@Suite struct FaixaLeituraTests {
    func faixa(_ l: Int, _ m: Int, _ d: Int = 4) throws -> FaixaLeitura {
        try FaixaLeitura.esperada(leituraAnterior: l, media: m, digitos: d)
    }

    /// Each row of the table at both ends; percentages rounded half up.
    @Test(arguments: [
        (0, 1000, 1010), (10, 1000, 1020),  // m ≤ 10: L … L + m + 10
        (11, 1004, 1018), (15, 1006, 1024), (20, 1008, 1032),  // 0.4m … 1.6m (4.4 → 4, 17.6 → 18)
        (21, 1011, 1032), (45, 1023, 1068),  // 0.5m … 1.5m (10.5 → 11, 31.5 → 32, 22.5 → 23, 67.5 → 68)
        (46, 1028, 1064), (100, 1060, 1140),  // 0.6m … 1.4m (27.6 → 28, 64.4 → 64)
        (101, 1071, 1131), (1000, 1700, 2300),  // 0.7m … 1.3m (70.7 → 71, 131.3 → 131)
    ])
    func tabela(media: Int, inicial: Int, final: Int) throws {
        #expect(try faixa(1000, media) == FaixaLeitura(inicial: inicial, final: final))
    }

    @Test func viradaNoLimiteDoHidrometro() throws {
        #expect(try faixa(9989, 0) == FaixaLeitura(inicial: 9989, final: 9999))  // reaches 9999: no roll-over
        #expect(try faixa(9990, 0) == FaixaLeitura(inicial: 9990, final: 0))  // 10000 rolls to 0
        #expect(try faixa(9995, 10) == FaixaLeitura(inicial: 9995, final: 15))  // crosses zero: inicial > final
        #expect(try faixa(9999, 200) == FaixaLeitura(inicial: 139, final: 259))  // both bounds past the dial
        #expect(try faixa(9_999_990, 20, 7) == FaixaLeitura(inicial: 9_999_998, final: 22))
        #expect(try faixa(0, 0, 4) == FaixaLeitura(inicial: 0, final: 10))
    }

    @Test func faixaQueNaoCabeNoHidrometro() throws {
        #expect(throws: FaixaLeitura.Erro.leituraForaDoHidrometro(leitura: 10000, maximo: 9999)) { try faixa(10000, 10) }
        #expect(throws: FaixaLeitura.Erro.leituraForaDoHidrometro(leitura: -1, maximo: 9999)) { try faixa(-1, 10) }
        // 0.7m … 1.3m of m = 16 667 spans 10 000 m³: the whole 4-digit dial.
        #expect(throws: FaixaLeitura.Erro.faixaMaiorQueOHidrometro(FaixaLeitura(inicial: 11667, final: 21667), maximo: 9999)) {
            try faixa(0, 16667)
        }
        // 11 666 … 21 665: narrower than the dial but ending past its second turn.
        #expect(throws: FaixaLeitura.Erro.faixaMaiorQueOHidrometro(FaixaLeitura(inicial: 11666, final: 21665), maximo: 9999)) {
            try faixa(0, 16665)
        }
        #expect(try faixa(9999, 7692) == FaixaLeitura(inicial: 5383, final: 9999))  // 15 383 … 19 999: one turn
    }
}

@Suite struct PrevalenciaTests {
    func economia(_ categoria: Int, _ sub: Int, _ quantidade: Int) -> EconomiaArquivo {
        EconomiaArquivo(
            categoria: categoria, categoriaDescricao: "C\(categoria)", categoriaAbreviada: "C", subcategoria: sub, codigoSubcategoria: sub,
            subcategoriaDescricao: "S\(sub)", subcategoriaAbreviada: "S", quantidade: quantidade)
    }
    let minimas: [Int: Centavos] = [1: Centavos(4510), 2: Centavos(8950), 3: Centavos(12000)]

    @Test func maisEconomiasPrevalece() {
        let p = Prevalencia.prevalecente([economia(2, 3, 1), economia(1, 1, 3)], porCategoria: false) { minimas[$0.categoria] }
        #expect(p == economia(1, 1, 1))
    }

    @Test func empateVaiParaMaiorTarifa() {
        let p = Prevalencia.prevalecente([economia(1, 1, 2), economia(3, 4, 2), economia(2, 3, 2)], porCategoria: false) { minimas[$0.categoria] }
        #expect(p == economia(3, 4, 1))
    }

    @Test func porCategoriaSomaSubcategorias() {
        // Residencial 1 + 2 (two subcategorias) beats comercial 2.
        let p = Prevalencia.prevalecente([economia(1, 1, 1), economia(2, 3, 2), economia(1, 2, 2)], porCategoria: true) { minimas[$0.categoria] }
        #expect(p?.categoria == 1 && p?.quantidade == 1)
        let s = Prevalencia.prevalecente([economia(1, 1, 1), economia(2, 3, 2), economia(1, 2, 2)], porCategoria: false) { minimas[$0.categoria] }
        #expect(s == economia(2, 3, 1))  // by subcategoria: 2 vs 2 vs 1, comercial has the higher tariff
    }

    @Test func porLigacaoNoArquivo() throws {
        var imovel = Fixture.imovel(700)
        imovel.economias = [Fixture.residencial, Fixture.comercial]
        var parametros = Fixture.parametros
        parametros.porLigacao = true
        let montada = try MontagemArquivo.montar(rota: Fixture.rota, imoveis: [imovel], catalogos: Fixture.catalogos, parametros: parametros)
        let linhas = MontagemArquivo.texto(montada.completo.texto).split(separator: "\n").filter { $0.hasPrefix("02|") }
        #expect(linhas == ["02|700|2|COMERCIAL|1|COMERCIAL|1|COM|COMERCIAL||"])
        parametros.tarifaPorCategoria = true
        imovel.economias[0].quantidade = 2
        let porCategoria = try MontagemArquivo.montar(rota: Fixture.rota, imoveis: [imovel], catalogos: Fixture.catalogos, parametros: parametros)
        #expect(MontagemArquivo.texto(porCategoria.completo.texto).split(separator: "\n").filter { $0.hasPrefix("02|") }
            == ["02|700|1|RESIDENCIAL|0||1|RES|||"])
    }
}

@Suite struct DivisaoTests {
    @Test func condominioNuncaDividido() {
        let blocos = [[1], [2], [3, 4, 5], [6], [7]]
        #expect(DivisaoRota.dividir(blocos, limite: 2) == [[1, 2], [3, 4, 5], [6, 7]])
        #expect(DivisaoRota.dividir(blocos, limite: 3) == [[1, 2, 3, 4, 5], [6, 7]])
        #expect(DivisaoRota.dividir(blocos, limite: 10) == [[1, 2, 3, 4, 5, 6, 7]])
        #expect(DivisaoRota.dividir(blocos, limite: nil) == [[1, 2, 3, 4, 5, 6, 7]])
    }

    @Test func rotaDivididaEmPartesCompletas() throws {
        var rota = Fixture.rota
        rota.limiteImoveis = 2
        var macro = Fixture.imovel(20, medidores: [Fixture.medidor()])
        macro.macro = true
        var micros = [21, 22].map { Fixture.imovel($0) }
        for i in micros.indices { micros[i].condominio = 20 }
        let imoveis = [Fixture.imovel(10), macro] + micros + [Fixture.imovel(30), Fixture.imovel(31), Fixture.imovel(32)]
        let montada = try MontagemArquivo.montar(rota: rota, imoveis: imoveis, catalogos: Fixture.catalogos, parametros: Fixture.parametros)
        #expect(montada.completo.nome == "G0010120030001202507A" && montada.completo.imoveis == 7)
        #expect(montada.partes.map(\.nome) == ["G0010120030001202507A_01", "G0010120030001202507A_02", "G0010120030001202507A_03"])
        // 10 + the condomínio (20, 21, 22) reach the limit together; then 30, 31; then 32.
        #expect(montada.partes.map(\.imoveis) == [4, 2, 1])
        for parte in montada.partes {
            let texto = MontagemArquivo.texto(parte.texto)
            #expect(texto.components(separatedBy: "\n11|").count == 2)  // its own trailer
            #expect(ValidadorArquivo.validar(parte.texto).isEmpty)
        }
        let matriculas = montada.partes.map { MontagemArquivo.texto($0.texto).split(separator: "\n").filter { $0.hasPrefix("01|") }.map { $0.split(separator: "|")[1] } }
        #expect(matriculas == [["10", "20", "21", "22"], ["30", "31"], ["32"]])
    }

    @Test func mesmoDadoMesmosBytes() throws {
        let imoveis = [Fixture.imovel(1, medidores: [Fixture.medidor()]), Fixture.imovel(2)]
        let a = try MontagemArquivo.montar(rota: Fixture.rota, imoveis: imoveis, catalogos: Fixture.catalogos, parametros: Fixture.parametros)
        let b = try MontagemArquivo.montar(rota: Fixture.rota, imoveis: imoveis.reversed(), catalogos: Fixture.catalogos, parametros: Fixture.parametros)
        #expect(a == b)  // the gzip of the same bytes is the same too: RotasTests/GzipTests
    }
}

@Suite struct DadosRuinsTests {
    func montar(_ imoveis: [ImovelArquivo], catalogos: Catalogos = Fixture.catalogos) throws(ErroRota) -> RotaMontada {
        try MontagemArquivo.montar(rota: Fixture.rota, imoveis: imoveis, catalogos: catalogos, parametros: Fixture.parametros)
    }

    @Test func rotaSemImoveis() {
        var semConta = Fixture.imovel(1)
        semConta.conta = nil
        #expect(throws: ErroRota.semImoveis(rota: 7, referencia: 202507)) { try montar([semConta]) }
        #expect(ErroRota.semImoveis(rota: 7, referencia: 202507).description
            == "Rota 7 sem imóveis com conta pré-faturada de 07/2025: nenhum arquivo gerado.")
    }

    @Test func digitosForaDe4a7EDaCapacidade() {
        #expect(throws: ErroRota.digitosInvalidos(imovel: 1, hidrometro: "A0000000101", digitos: 8)) {
            try montar([Fixture.imovel(1, medidores: [Fixture.medidor(digitos: 8)])])
        }
        let erro = ErroRota.digitosForaDaCapacidade(imovel: 1, hidrometro: "A0000000101", digitos: 6, capacidade: "1,5 M3/H", minimo: 4, maximo: 5)
        #expect(throws: erro) { try montar([Fixture.imovel(1, medidores: [Fixture.medidor(digitos: 6)])]) }
        #expect(erro.description == "Hidrômetro A0000000101 do imóvel 1 com 6 dígitos de leitura, fora da faixa da capacidade 1,5 M3/H (4 a 5).")
    }

    @Test func tarifaAusente() {
        var imovel = Fixture.imovel(1)
        imovel.economias = [Fixture.residencial, Fixture.comercial]
        var catalogos = Fixture.catalogos
        catalogos.tarifas.removeAll { $0.categoria == 2 }
        #expect(throws: ErroRota.tarifaAusente(imovel: 1, tarifa: 1, categoria: 2, subcategoria: 1)) { try montar([imovel], catalogos: catalogos) }
    }

    @Test func faixaQuePassaDuasVezesPelaVirada() {
        let erro = ErroRota.faixaLeitura(imovel: 1, hidrometro: "A0000000101", .faixaMaiorQueOHidrometro(FaixaLeitura(inicial: 11667, final: 21667), maximo: 9999))
        #expect(throws: erro) { try montar([Fixture.imovel(1, medidores: [Fixture.medidor(leitura: 0, media: 16667)])]) }
        #expect(erro.description.hasPrefix("Hidrômetro A0000000101 do imóvel 1: faixa de leitura esperada 11667–21667 passa mais de uma vez"))
    }
}

@Suite struct ValidadorTests {
    /// A file the generator writes (one imóvel with a meter): the base the bad lines go into.
    let base: String = {
        let montada = try! MontagemArquivo.montar(
            rota: Fixture.rota, imoveis: [Fixture.imovel(1, medidores: [Fixture.medidor()])], catalogos: Fixture.catalogos,
            parametros: Fixture.parametros)
        return MontagemArquivo.texto(montada.completo.texto)
    }()
    var n: Int { base.split(separator: "\n").count }

    func problemas(_ texto: String) -> [String] { ValidadorArquivo.validar(Array(texto.utf8)).map(\.description) }

    @Test func arquivoGeradoCarrega() { #expect(problemas(base) == []) }

    @Test func oQueOCelularNaoCarrega() {
        let l = n + 1
        #expect(problemas(base + "\n") == ["linha \(l): linha em branco: o celular trava"])
        #expect(problemas(base + "17|1|REAL\n") == ["linha \(l): a linha não termina em |: o último campo se perde"])
        #expect(problemas("\u{FEFF}" + base).first == "linha 1: marca BOM no início: o celular ignora a primeira linha")
        #expect(problemas(base + "1|2|\n") == ["linha \(l), campo 1: tipo de registro '1' desconhecido (o celular ignora a linha)"])
        #expect(problemas(base + "03|1|1|202506|1,5|0|0|\n") == ["linha \(l), campo 5: registro 03: '1,5' não é inteiro"])
        #expect(problemas(base + "04|1|X|1,50||\n") == ["linha \(l), campo 4: registro 04: '1,50' não é decimal com ponto"])
        #expect(problemas(base + "07|1|202401|1.00|2024021|0.00|\n") == ["linha \(l), campo 5: registro 07: data '2024021' fora do formato AAAAMMDD"])
        #expect(problemas(base + "03|1|1|202506|||0|\n") == [
            "linha \(l), campo 5: registro 03: campo obrigatório vazio", "linha \(l), campo 6: registro 03: campo obrigatório vazio",
        ])
        #expect(problemas(base + "12|1|||1|1|1|1.00|1.00|1.00|||||2|2|2|40000|\n") == ["linha \(l), campo 18: registro 12: '40000' não é inteiro curto"])
        #expect(problemas(base + "12|1|||1|1|1|1.00||1.00|||||2|2|2|1|\n") == ["linha \(l), campo 9: registro 12: campo obrigatório vazio"])
        #expect(problemas(base + "10|9|20200101|1||500|600|0.00|\n") == ["linha \(l): faixa (10) não corresponde à tarifa (09) anterior: o celular a ligaria à tarifa errada"])
        #expect(problemas("10|1|20200101|1||0|10|0.00|\n" + base) == ["linha 1: faixa (10) sem tarifa (09) antes"])
        #expect(problemas(base + "09|5|20200101|1||10|1.00|\n10|5|20200101|1||0|10|0.00|\n10|5|20200101|1||0|20|0.00|\n")
            == ["linha \(l + 2): faixa repetida para a mesma tarifa"])
        #expect(problemas(base + base.split(separator: "\n")[0] + "\n").first == "linha \(l), campo 2: matrícula 1 repetida: o celular aborta")
        #expect(problemas(base + "08|1|1|A1|2020031|4|0|20250603|1|0|10|0|||||2||||\n") == ["linha \(l), campo 5: registro 08: data '2020031' fora do formato AAAAMMDD"])
        #expect(problemas(base + "08|1|1|A1|20200310|4|0|20250603|1|0|10|0|||||2|||\n") == ["linha \(l): registro 08 com 19 campos, esperado 20 a 22"])
        // A legacy negative debit (-111,75) and other negative charges: refused, named.
        #expect(problemas(base + "04|1|TAXA ANTIGA|-111.75|1|\n") == [
            "linha \(l), campo 4: registro 04: valor '-111.75' negativo num campo de cobrança (débito): o celular o somaria como está"
        ])
        #expect(problemas(base + "05|1|CREDITO|-2.00|1|\n") == [
            "linha \(l), campo 4: registro 05: valor '-2.00' negativo num campo de cobrança (crédito): o celular o somaria como está"
        ])
        #expect(problemas(base + "07|1|202401|1.00|20240210|-0.50|\n") == [
            "linha \(l), campo 6: registro 07: valor '-0.50' negativo num campo de cobrança (documento de cobrança): o celular o somaria como está"
        ])
        #expect(problemas(base + "04|1|TAXA|0.00|1|\n") == [])
        #expect(problemas(base.replacingOccurrences(of: "\n11|", with: "\n99|")) == [
            "linha \(n - 6), campo 1: tipo de registro '99' desconhecido (o celular ignora a linha)",
            "linha \(n): esperado um registro 11 (parâmetros), há 0",
        ])
    }
}
