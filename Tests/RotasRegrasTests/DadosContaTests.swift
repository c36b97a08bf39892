import GSANModel
import RotasRegras
import Testing

/// Issue 20, "the file's own gaps": débito automático, messages, the aviso de corte's barcode,
/// the situação especial de faturamento and the bill notices, field by field.
@Suite struct DadosContaTests {
    static let situacoes = [
        SituacaoEspecialTipoArquivo(id: 1, consumoSemLeitura: 2, consumoComLeitura: 2, leituraSemLeitura: 1, leituraComLeitura: 1, validoAgua: true, validoEsgoto: true),
        SituacaoEspecialTipoArquivo(id: 2, consumoSemLeitura: 3, consumoComLeitura: 3, leituraSemLeitura: 2, leituraComLeitura: 2, validoAgua: true, validoEsgoto: false),
    ]
    static let mensagens = [
        MensagemContaArquivo(id: 1, abrangencia: Abrangencia(), partes: ["PARA TODOS", "SEGUNDA", nil]),
        MensagemContaArquivo(id: 2, abrangencia: Abrangencia(grupo: 1), partes: ["DO GRUPO 1", nil, nil]),
        MensagemContaArquivo(id: 3, abrangencia: Abrangencia(localidade: 12, setor: 6), partes: ["DO SETOR 6", nil, nil]),
    ]
    static let comunicados = [
        ComunicadoArquivo(id: 7, abrangencia: Abrangencia(localidade: 12), texto: "LINHA UM\r\nLINHA|DOIS"),
        ComunicadoArquivo(id: 8, abrangencia: Abrangencia(localidade: 12, setor: 6), texto: "SO DO SETOR 6"),
    ]

    static var catalogos: Catalogos {
        var c = Fixture.catalogos
        c.situacoesEspeciais = situacoes
        c.mensagens = mensagens
        c.comunicados = comunicados
        return c
    }

    func linhas(_ imoveis: [ImovelArquivo], rota: RotaArquivo = Fixture.rota, parametros: ParametrosArquivo = Fixture.parametros) throws(ErroRota) -> [String] {
        let montada = try MontagemArquivo.montar(rota: rota, imoveis: imoveis, catalogos: Self.catalogos, parametros: parametros)
        return MontagemArquivo.texto(montada.completo.texto).split(separator: "\n").map(String.init)
    }

    func campos(_ linha: String) -> [String] { linha.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }

    @Test func camposDaConta() throws {
        var i = Fixture.imovel(101, medidores: [Fixture.medidor(), Fixture.medidor(tipo: 2, numero: "P1", digitos: 5, leitura: 10, media: 0)])
        i.debitoAutomaticoBanco = DebitoAutomaticoArquivo(banco: "CAIXA", agencia: "0047")
        i.debitoAutomatico = "000000101"
        i.situacaoEspecial = SituacaoEspecialArquivo(
            tipo: 2, consumoAguaMedido: 12, consumoAguaNaoMedido: 10, volumeEsgotoMedido: nil, volumeEsgotoNaoMedido: 8,
            paralisaFaturamento: true, paralisaLeitura: true, validoAgua: true, validoEsgoto: false)
        i.documento = DocumentoCobrancaArquivo(
            id: 7, emissao: Fixture.data("2025-06-28"),
            itens: [.init(referencia: 202505, valor: Centavos(9000), vencimento: Fixture.data("2025-05-20"), acrescimos: Centavos(990))],
            valor: Centavos(9990), sequencial: 7, tipo: 12)
        i.matricula = 7
        i.localidade = 1
        let linhas = try linhas([i])
        let r01 = campos(linhas[0])
        #expect(r01[16] == "CAIXA" && r01[17] == "0047")  // 17–18
        #expect(Array(r01[45...49]) == ["DO GRUPO 1", "", "", "", ""])  // 46–50: group 1's message (no setor 5 one)
        // 53: the aviso de corte of imóvel 7, localidade 1, sequencial 7, R$ 99,90, empresa 1234 (módulo 10).
        #expect(r01[52] == (try CodigoBarras.representacaoNumerica(
            valor: Centavos(9990), empresaFebraban: 1234, pagamento: .documento(localidade: 1, imovel: 7, sequencial: 7, documentoTipo: 12), modulo: .dez)))
        #expect(CodigoBarras.valida(r01[52]))
        #expect(Array(r01[54...58]) == ["2", "12", "10", "", "8"])  // 55–59
        #expect(r01[62] == "1" && r01[63] == "2")  // 63–64: billing stopped for água only (not valid for esgoto)
        #expect(r01[64] == "000000101")  // 65
        #expect(r01[79] == "")  // 80: no notice for localidade 1
        let medicoes = linhas.filter { $0.hasPrefix("08|") }.map { campos($0)[16] }
        #expect(medicoes == ["1", "2"])  // 08.17: reading stopped for the água meter, not the poço (not valid for esgoto)
        #expect(linhas.filter { $0.hasPrefix("16|") } == ["16|1|2|2|1|1|1|1|2|", "16|2|3|3|2|2|1|2|2|"])
        #expect(!linhas.contains { $0.hasPrefix("18|") })
    }

    @Test func semNadaDisso() throws {
        // Without débito automático, situação, document, message or notice the fields stay empty (63–64 and 08.17 = 2).
        var c = Self.catalogos
        c.mensagens = []
        c.comunicados = []
        let montada = try MontagemArquivo.montar(rota: Fixture.rota, imoveis: [Fixture.imovel(101, medidores: [Fixture.medidor()])], catalogos: c, parametros: Fixture.parametros)
        let linhas = MontagemArquivo.texto(montada.completo.texto).split(separator: "\n").map(String.init)
        let r01 = campos(linhas[0])
        for campo in [17, 18, 46, 47, 48, 49, 50, 53, 55, 56, 57, 58, 59, 65, 80] { #expect(r01[campo - 1] == "", "01.\(campo)") }
        #expect(r01[62] == "2" && r01[63] == "2")
        #expect(campos(linhas.first { $0.hasPrefix("08|") }!)[16] == "2")
    }

    @Test func aMensagemMaisEspecifica() throws {
        // Setor 5 of localidade 12 in group 1: the group's message; setor 6: the setor's.
        var noSetor6 = Fixture.imovel(102)
        noSetor6.setorComercial = 6
        let linhas = try linhas([Fixture.imovel(101), noSetor6])
        let r01 = linhas.filter { $0.hasPrefix("01|") }.map(campos)
        #expect(r01[0][45] == "DO GRUPO 1" && r01[1][45] == "DO SETOR 6")
        // In group 2 the group's message does not apply: the general one.
        var rota = Fixture.rota
        rota.grupo = 2
        #expect(campos(try self.linhas([Fixture.imovel(101)], rota: rota)[0])[45] == "PARA TODOS")
    }

    @Test func abrangencia() {
        let candidatos = [(1, Abrangencia()), (2, Abrangencia(gerencia: 3)), (3, Abrangencia(localidade: 12)), (4, Abrangencia(localidade: 12)),
                          (5, Abrangencia(localidade: 12, setor: 9)), (6, Abrangencia(grupo: 4))]
        func escolhido(grupo: Int, gerencia: Int, localidade: Int, setor: Int) -> Int? {
            Abrangencia.escolher(candidatos, abrangencia: \.1, id: \.0, grupo: grupo, gerencia: gerencia, localidade: localidade, setor: setor)?.0
        }
        #expect(escolhido(grupo: 1, gerencia: 1, localidade: 1, setor: 1) == 1)  // only the general one covers it
        #expect(escolhido(grupo: 4, gerencia: 1, localidade: 1, setor: 1) == 6)  // the group's beats the general
        #expect(escolhido(grupo: 4, gerencia: 3, localidade: 1, setor: 1) == 2)  // the gerência's beats the group's
        #expect(escolhido(grupo: 4, gerencia: 3, localidade: 12, setor: 1) == 3)  // the localidade's; tie 3/4 → lowest id
        #expect(escolhido(grupo: 4, gerencia: 3, localidade: 12, setor: 9) == 5)  // the setor's
        #expect(Abrangencia.escolher([(1, Abrangencia(grupo: 2))], abrangencia: \.1, id: \.0, grupo: 1, gerencia: 1, localidade: 1, setor: 1) == nil)
    }

    @Test func comunicadosPorArquivoEParte() throws {
        // Setor 5: the localidade's notice (7); setor 6: its own (8). Every file and part lists the
        // notices its own imóveis name, once each, in order of first appearance.
        var imoveis = (1...4).map { Fixture.imovel(100 + $0) }
        imoveis[1].setorComercial = 6
        var rota = Fixture.rota
        rota.limiteImoveis = 2
        let montada = try MontagemArquivo.montar(rota: rota, imoveis: imoveis, catalogos: Self.catalogos, parametros: Fixture.parametros)
        func r18(_ bytes: [UInt8]) -> [String] { MontagemArquivo.texto(bytes).split(separator: "\n").map(String.init).filter { $0.hasPrefix("18|") } }
        #expect(r18(montada.completo.texto) == ["18|7|LINHA UM<brbr>LINHA DOIS|", "18|8|SO DO SETOR 6|"])
        #expect(montada.partes.map { r18($0.texto) } == [["18|7|LINHA UM<brbr>LINHA DOIS|", "18|8|SO DO SETOR 6|"], ["18|7|LINHA UM<brbr>LINHA DOIS|"]])
        let r01 = MontagemArquivo.texto(montada.completo.texto).split(separator: "\n").filter { $0.hasPrefix("01|") }.map { campos(String($0))[79] }
        #expect(r01 == ["7", "8", "7", "7"])
    }

    @Test func quebrasDeLinhaDoComunicado() {
        func texto(_ t: String) -> String { ComunicadoArquivo(id: 1, abrangencia: Abrangencia(), texto: t).textoArquivo }
        #expect(texto("A\r\nB\nC\rD") == "A<brbr>B<brbr>C<brbr>D")
        #expect(texto("\r\n\r\n") == "<brbr><brbr>")
        #expect(texto("SEM QUEBRA") == "SEM QUEBRA")
    }

    @Test func codigoDeBarrasImpossivelRecusaARota() {
        var i = Fixture.imovel(101)
        i.documento = DocumentoCobrancaArquivo(
            id: 5, emissao: Fixture.data("2025-06-28"),
            itens: [.init(referencia: 202505, valor: Centavos(100), vencimento: Fixture.data("2025-05-20"), acrescimos: .zero)],
            valor: Centavos(100), sequencial: 1_000_000_000)
        #expect(throws: ErroRota.codigoBarras(imovel: 101, documento: 5, "Código de barras: sequencial do documento 1000000000 não cabe em 9 dígitos.")) {
            try linhas([i])
        }
        var parametros = Fixture.parametros
        parametros.moduloDigito = 12
        i.documento?.sequencial = 5
        do {
            _ = try linhas([i], parametros: parametros)
            Issue.record("aceitou o módulo 12")
        } catch {
            #expect(error.description == "Aviso de corte 5 do imóvel 101: Código de barras: módulo do dígito verificador 12 (parm_cdmodulodigitoverificador) deve ser 10 ou 11.")
        }
    }

    @Test func comunicadoRepetidoEhRecusadoPeloConferidor() {
        let bytes = Array("18|7|A|\n18|7|B|\n".utf8)
        #expect(ValidadorArquivo.validar(bytes).contains { $0.motivo == "comunicado 7 repetido: o celular aborta" })
        #expect(!ValidadorArquivo.validar(Array("18|7|A|\n18|8|B|\n".utf8)).contains { $0.motivo.contains("repetido") })
        // 16.3–6 empty: the phone aborts.
        #expect(ValidadorArquivo.validar(Array("16|1||2|1|1|1|1|2|\n".utf8)).contains { $0.campo == 3 && $0.motivo.contains("obrigatório") })
    }
}
