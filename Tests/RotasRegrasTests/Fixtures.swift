import GSANModel
import RotasRegras

/// Hand-built imóveis and catalogs for the record-by-record tests.
enum Fixture {
    static func data(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }

    static let rota = RotaArquivo(
        id: 7, grupo: 1, localidade: 12, codigoSetor: 3, codigo: 1, referencia: 202507, limiteImoveis: nil, leituraTipo: 10,
        dataAjusteLeitura: nil, ajusteConsumo: 2, transmissaoOffline: 2, sequencialLeitura: 2, diasConsumo: nil,
        dataLeitura: data("2025-07-03"))

    static let parametros = ParametrosArquivo(
        febraban: 1234, dataArrecadacao: data("2025-06-30"), fone0800: "08000810195", cnpj: "11222333000181",
        inscricaoEstadual: nil, valorMinimoConta: Centavos(500), toleranciaRateio: .zero, decrementoMaximo: 0, incrementoMaximo: 0,
        tarifaPorCategoria: false, porLigacao: false, versaoAndroid: "1.0.0.0", moduloDigito: 10, diasBloqueio: 30)

    static let residencial = EconomiaArquivo(
        categoria: 1, categoriaDescricao: "RESIDENCIAL", categoriaAbreviada: "RES", subcategoria: 1, codigoSubcategoria: 1,
        subcategoriaDescricao: "RESIDENCIAL PADRAO", subcategoriaAbreviada: "RES PADRAO", quantidade: 1)
    static let comercial = EconomiaArquivo(
        categoria: 2, categoriaDescricao: "COMERCIAL", categoriaAbreviada: "COM", subcategoria: 3, codigoSubcategoria: 1,
        subcategoriaDescricao: "COMERCIAL", subcategoriaAbreviada: "COMERCIAL", quantidade: 1)

    static func tarifa(_ categoria: Int, subcategoria: Int? = 1, minima: Int64) -> TarifaArquivo {
        TarifaArquivo(
            tarifa: 1, vigencia: data("2020-01-01"), categoria: categoria, subcategoria: subcategoria, consumoMinimo: 10,
            tarifaMinima: Centavos(minima),
            faixas: [.init(inicio: 0, fim: 10, valor: .zero), .init(inicio: 11, fim: 999_999, valor: Centavos(520))])
    }

    static let catalogos = Catalogos(
        tarifas: [tarifa(1, minima: 4510), tarifa(2, minima: 8950)],
        acoes: [
            AcaoAnormalidadeArquivo(
                anormalidade: 2, categoria: nil, perfil: nil, consumoMes: [3, 3, 5], fatorMes: [nil, nil, "1.50"],
                mensagemMes: ["FATURA RETIDA PARA ANALISE", nil, "CONSUMO CONFIRMADO"], geraCartaMes: [2, 2, 1], cobrarConsumoNormal: 1)
        ],
        anormalidadesConsumo: [
            AnormalidadeConsumoArquivo(id: 3, mensagemConta: "ALTO CONSUMO", descricao: "ALTO CONSUMO", regraCondominio: 2, fotoObrigatoria: 2)
        ],
        anormalidadesLeitura: [
            AnormalidadeLeituraArquivo(
                id: 2, descricao: "IMOVEL FECHADO", aceitaLeitura: 2, consumoComLeitura: 3, consumoSemLeitura: 3, leituraComLeitura: 2,
                leituraSemLeitura: 2, uso: 1, fatorSemLeitura: nil, fatorComLeitura: nil, naoImprimirConta: 2, fotoObrigatoria: 2)
        ],
        consumoTipos: [(1, "REAL"), (6, "NAO MEDIDO")])

    static func medidor(tipo: Int = 1, numero: String = "A0000000101", digitos: Int = 4, leitura: Int = 1234, media: Int = 15) -> MedidorArquivo {
        MedidorArquivo(
            tipo: tipo, numero: numero, instalacao: data("2020-03-10"), digitos: digitos, capacidade: "1,5 M3/H", digitosMinimo: 4,
            digitosMaximo: 5, leituraAnterior: leitura, dataLeituraAnterior: data("2025-06-03"), situacaoLeituraAnterior: 1,
            consumoMedio: media, localInstalacao: "MURETA", leituraAnteriorInformada: leitura, leituraInstalacao: 0)
    }

    /// A residential imóvel with its pre-billed bill; meters added by each test.
    static func imovel(_ matricula: Int, medidores: [MedidorArquivo] = []) -> ImovelArquivo {
        var i = ImovelArquivo(matricula: matricula)
        i.gerenciaRegional = "METROPOLITANA"
        i.localidade = 12
        i.localidadeNome = "RECIFE"
        i.setorComercial = 5
        i.codigoSetor = 3
        i.numeroQuadra = 101
        i.lote = matricula % 100
        i.nome = "MARIA SILVA"
        i.endereco = "RUA DAS FLORES, 10 - BOA VISTA"
        i.cpfCnpj = "52998224725"
        i.ligacaoAguaSituacao = 3
        i.ligacaoEsgotoSituacao = 3
        i.faturaEsgoto = true
        i.sequencialRota = matricula * 10
        i.economias = [residencial]
        i.referencias = ReferenciasCategoria(
            estouro: 200, alto: 60, baixo: 5, fatorEstouro: "5.0", fatorAlto: "2.0", percentualBaixo: "50.00", maximoEstouro: 999)
        i.consumoMedioAgua = 15
        i.consumoMedioEsgoto = 15
        i.consumoMinimoAgua = 10
        i.consumoMinimoImovel = 10
        i.percentualColeta = Centavos(10000)
        i.dataLeituraAnterior = data("2025-06-03")
        i.dataLigacaoAgua = data("2019-05-02")
        i.conta = ContaArquivo(
            id: 9000 + matricula, referencia: 202507, digitoVerificador: 4, vencimento: data("2025-07-18"),
            validade: data("2025-09-16"), percentualEsgoto: Centavos(8000))
        i.consumos = [ConsumoAnterior(ligacao: 1, referencia: 202506, consumo: 14), ConsumoAnterior(ligacao: 1, referencia: 202505, consumo: 16, anormalidadeConsumo: 3)]
        i.medidores = medidores
        return i
    }

    static func linhas(_ registros: [Registro]) -> [String] { registros.map(\.linha) }
}
