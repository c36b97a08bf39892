public import GSANModel

/// What the file says about one imóvel, loaded by the I/O side; the builders only format it.

public struct EconomiaArquivo: Sendable, Equatable {
    public var categoria: Int
    public var categoriaDescricao: String
    public var categoriaAbreviada: String
    /// `scat_id`; `codigoSubcategoria` is what the file shows.
    public var subcategoria: Int
    public var codigoSubcategoria: Int
    public var subcategoriaDescricao: String
    public var subcategoriaAbreviada: String
    public var quantidade: Int

    public init(
        categoria: Int, categoriaDescricao: String, categoriaAbreviada: String, subcategoria: Int, codigoSubcategoria: Int,
        subcategoriaDescricao: String, subcategoriaAbreviada: String, quantidade: Int
    ) {
        self.categoria = categoria
        self.categoriaDescricao = categoriaDescricao
        self.categoriaAbreviada = categoriaAbreviada
        self.subcategoria = subcategoria
        self.codigoSubcategoria = codigoSubcategoria
        self.subcategoriaDescricao = subcategoriaDescricao
        self.subcategoriaAbreviada = subcategoriaAbreviada
        self.quantidade = quantidade
    }
}

/// The per-economia consumption references of a categoria (record 01, fields 32–38).
public struct ReferenciasCategoria: Sendable, Equatable {
    public var estouro: Int
    public var alto: Int
    public var baixo: Int
    public var fatorEstouro: String
    public var fatorAlto: String
    public var percentualBaixo: String
    public var maximoEstouro: Int

    public init(estouro: Int, alto: Int, baixo: Int, fatorEstouro: String, fatorAlto: String, percentualBaixo: String, maximoEstouro: Int) {
        self.estouro = estouro
        self.alto = alto
        self.baixo = baixo
        self.fatorEstouro = fatorEstouro
        self.fatorAlto = fatorAlto
        self.percentualBaixo = percentualBaixo
        self.maximoEstouro = maximoEstouro
    }
}

/// The pre-billed bill of the reference the file carries.
public struct ContaArquivo: Sendable, Equatable {
    public var id: Int
    public var referencia: Int
    public var digitoVerificador: Int
    public var vencimento: CivilDate
    public var validade: CivilDate
    public var percentualEsgoto: Centavos

    public init(id: Int, referencia: Int, digitoVerificador: Int, vencimento: CivilDate, validade: CivilDate, percentualEsgoto: Centavos) {
        self.id = id
        self.referencia = referencia
        self.digitoVerificador = digitoVerificador
        self.vencimento = vencimento
        self.validade = validade
        self.percentualEsgoto = percentualEsgoto
    }
}

public struct ConsumoAnterior: Sendable, Equatable {
    public var ligacao: Int  // 1 água, 2 esgoto
    public var referencia: Int
    public var consumo: Int
    public var anormalidadeLeitura: Int?
    public var anormalidadeConsumo: Int?

    public init(ligacao: Int, referencia: Int, consumo: Int, anormalidadeLeitura: Int? = nil, anormalidadeConsumo: Int? = nil) {
        self.ligacao = ligacao
        self.referencia = referencia
        self.consumo = consumo
        self.anormalidadeLeitura = anormalidadeLeitura
        self.anormalidadeConsumo = anormalidadeConsumo
    }
}

/// A débito cobrado (04) or crédito realizado (05) of the bill.
public struct LancamentoConta: Sendable, Equatable {
    public var tipo: Int
    public var descricao: String
    public var valor: Centavos
    public var prestacao: Int
    public var prestacoes: Int
    public var referencia: Int?
    /// Part of a parcelamento de débitos.
    public var parcelamento: Bool

    public init(tipo: Int, descricao: String, valor: Centavos, prestacao: Int, prestacoes: Int, referencia: Int? = nil, parcelamento: Bool = false) {
        self.tipo = tipo
        self.descricao = descricao
        self.valor = valor
        self.prestacao = prestacao
        self.prestacoes = prestacoes
        self.referencia = referencia
        self.parcelamento = parcelamento
    }
}

public struct ImpostoConta: Sendable, Equatable {
    public var tipo: Int
    public var descricao: String
    public var aliquota: Centavos

    public init(tipo: Int, descricao: String, aliquota: Centavos) {
        self.tipo = tipo
        self.descricao = descricao
        self.aliquota = aliquota
    }
}

/// An aviso de corte printed with the bill, with its open bills (record 07).
public struct DocumentoCobrancaArquivo: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        public var referencia: Int
        public var valor: Centavos
        public var vencimento: CivilDate
        public var acrescimos: Centavos

        public init(referencia: Int, valor: Centavos, vencimento: CivilDate, acrescimos: Centavos) {
            self.referencia = referencia
            self.valor = valor
            self.vencimento = vencimento
            self.acrescimos = acrescimos
        }
    }

    public var id: Int
    public var emissao: CivilDate
    /// Oldest first.
    public var itens: [Item]
    /// What its barcode (01.53) is built from: the document's value (`cbdo_vldocumento`, its
    /// guias included), its sequencial and tipo.
    public var valor: Centavos
    public var sequencial: Int
    public var tipo: Int

    public init(id: Int, emissao: CivilDate, itens: [Item], valor: Centavos = .zero, sequencial: Int? = nil, tipo: Int = 12) {
        self.id = id
        self.emissao = emissao
        self.itens = itens
        self.valor = valor
        self.sequencial = sequencial ?? id
        self.tipo = tipo
    }
}

/// A meter installed on the imóvel (record 08): água (1) or poço (2).
public struct MedidorArquivo: Sendable, Equatable {
    public var tipo: Int
    public var numero: String
    public var instalacao: CivilDate
    public var digitos: Int
    public var capacidade: String
    public var digitosMinimo: Int
    public var digitosMaximo: Int
    public var leituraAnterior: Int
    public var dataLeituraAnterior: CivilDate
    public var situacaoLeituraAnterior: Int
    public var consumoMedio: Int
    public var localInstalacao: String
    public var leituraAnteriorInformada: Int?
    public var leituraInstalacao: Int

    public init(
        tipo: Int, numero: String, instalacao: CivilDate, digitos: Int, capacidade: String, digitosMinimo: Int, digitosMaximo: Int,
        leituraAnterior: Int, dataLeituraAnterior: CivilDate, situacaoLeituraAnterior: Int, consumoMedio: Int,
        localInstalacao: String, leituraAnteriorInformada: Int?, leituraInstalacao: Int
    ) {
        self.tipo = tipo
        self.numero = numero
        self.instalacao = instalacao
        self.digitos = digitos
        self.capacidade = capacidade
        self.digitosMinimo = digitosMinimo
        self.digitosMaximo = digitosMaximo
        self.leituraAnterior = leituraAnterior
        self.dataLeituraAnterior = dataLeituraAnterior
        self.situacaoLeituraAnterior = situacaoLeituraAnterior
        self.consumoMedio = consumoMedio
        self.localInstalacao = localInstalacao
        self.leituraAnteriorInformada = leituraAnteriorInformada
        self.leituraInstalacao = leituraInstalacao
    }
}

/// The client responsible for the imóvel's bill (cliente_imovel relação 3), record 01 fields 12–14.
public struct ResponsavelArquivo: Sendable, Equatable {
    public var id: Int
    public var nome: String
    /// Where the bill is delivered: the imóvel's address when it goes to the imóvel, else the
    /// responsável's correspondence address (the imóvel's when the responsável has none).
    public var endereco: String

    public init(id: Int, nome: String, endereco: String) {
        self.id = id
        self.nome = nome
        self.endereco = endereco
    }
}

public struct ImovelArquivo: Sendable, Equatable {
    public var matricula: Int
    public var gerenciaRegional: String
    public var gerenciaRegionalId: Int
    public var localidade: Int
    public var localidadeNome: String
    public var setorComercial: Int  // stcm_id
    public var codigoSetor: Int
    public var numeroQuadra: Int
    public var lote: Int
    public var sublote: Int
    public var nome: String
    public var endereco: String
    public var cpfCnpj: String?
    public var ligacaoAguaSituacao: Int
    public var ligacaoEsgotoSituacao: Int
    public var faturaAgua: Bool
    public var faturaEsgoto: Bool
    public var perfil: Int
    public var viradaVezesMedia: String
    public var viradaConsumoMaximo: Int
    public var tarifa: Int
    public var tarifaTipoCalculo: Int
    /// Emission indicator (01.25): 2 when the bill goes to the responsável.
    public var emitirConta: Bool
    /// `imov_icorgaopublico`: a public body's bill is not printed in the field (01.25 = 2).
    public var orgaoPublico: Bool
    public var responsavel: ResponsavelArquivo?
    /// The localidade's service address and DDD + phone (01.43–44).
    public var enderecoAtendimento: String?
    public var foneAtendimento: String?
    public var sequencialRota: Int?
    /// Condomínio: `macro` for the macro imóvel, `condominio` = the macro's matrícula for a micro.
    public var macro: Bool
    public var condominio: Int?
    public var economias: [EconomiaArquivo]
    public var referencias: ReferenciasCategoria
    public var consumoMedioAgua: Int?
    public var consumoMedioEsgoto: Int?
    public var consumoMinimoAgua: Int?
    public var consumoMinimoEsgoto: Int?
    public var consumoMinimoImovel: Int
    public var percentualColeta: Centavos?
    public var percentualAlternativo: Centavos?
    public var consumoPercentualAlternativo: Int?
    public var debitoAutomatico: String?
    /// Bank and agência of the débito automático in force (01.17–18).
    public var debitoAutomaticoBanco: DebitoAutomaticoArquivo?
    public var situacaoEspecial: SituacaoEspecialArquivo?
    /// Set when the file is put together (``MontagemArquivo``): the bill's message in three
    /// parts (01.46–48), the notice's id (01.80), the aviso de corte's barcode (01.53).
    public var mensagens: [String?]
    public var comunicado: Int?
    public var codigoBarrasDocumento: String?
    public var dataLeituraAnterior: CivilDate
    public var dataCorte: CivilDate?
    public var dataLigacaoAgua: CivilDate?
    public var dataRestabelecimento: CivilDate?
    public var conta: ContaArquivo?
    public var consumos: [ConsumoAnterior]
    public var debitos: [LancamentoConta]
    public var creditos: [LancamentoConta]
    public var impostos: [ImpostoConta]
    public var documento: DocumentoCobrancaArquivo?
    public var medidores: [MedidorArquivo]

    public init(matricula: Int) {
        self.matricula = matricula
        gerenciaRegional = ""
        gerenciaRegionalId = 0
        localidade = 0
        localidadeNome = ""
        setorComercial = 0
        codigoSetor = 0
        numeroQuadra = 0
        lote = 0
        sublote = 0
        nome = ""
        endereco = ""
        ligacaoAguaSituacao = 3
        ligacaoEsgotoSituacao = 1
        faturaAgua = true
        faturaEsgoto = false
        perfil = 1
        viradaVezesMedia = "2.0"
        viradaConsumoMaximo = 200
        tarifa = 1
        tarifaTipoCalculo = 1
        emitirConta = true
        orgaoPublico = false
        macro = false
        economias = []
        referencias = ReferenciasCategoria(estouro: 0, alto: 0, baixo: 0, fatorEstouro: "0", fatorAlto: "0", percentualBaixo: "0", maximoEstouro: 0)
        consumoMinimoImovel = 0
        mensagens = []
        dataLeituraAnterior = CivilDate(year: 2000, month: 1, day: 1)!
        consumos = []
        debitos = []
        creditos = []
        impostos = []
        medidores = []
    }

    public var inscricao: Inscricao {
        Inscricao(localidade: localidade, setorComercial: codigoSetor, quadra: numeroQuadra, lote: lote, sublote: sublote)
    }
}
