public import GSANModel

/// What every file (and every part) carries once, after the imóveis: records 09 to 18.

public struct TarifaArquivo: Sendable, Equatable {
    public struct Faixa: Sendable, Equatable {
        public var inicio: Int
        public var fim: Int
        public var valor: Centavos
        public init(inicio: Int, fim: Int, valor: Centavos) {
            self.inicio = inicio
            self.fim = fim
            self.valor = valor
        }
    }

    public var tarifa: Int
    public var vigencia: CivilDate
    public var categoria: Int
    /// Código da subcategoria; nil for a row of the whole categoria.
    public var subcategoria: Int?
    public var consumoMinimo: Int
    public var tarifaMinima: Centavos
    public var faixas: [Faixa]

    public init(tarifa: Int, vigencia: CivilDate, categoria: Int, subcategoria: Int?, consumoMinimo: Int, tarifaMinima: Centavos, faixas: [Faixa]) {
        self.tarifa = tarifa
        self.vigencia = vigencia
        self.categoria = categoria
        self.subcategoria = subcategoria
        self.consumoMinimo = consumoMinimo
        self.tarifaMinima = tarifaMinima
        self.faixas = faixas
    }
}

/// A consumo_anormalidade_acao row (record 12).
public struct AcaoAnormalidadeArquivo: Sendable, Equatable {
    public var anormalidade: Int
    public var categoria: Int?
    public var perfil: Int?
    public var consumoMes: [Int]  // 3
    public var fatorMes: [String?]  // 3, numeric text
    public var mensagemMes: [String?]  // 3
    public var geraCartaMes: [Int]  // 3
    public var cobrarConsumoNormal: Int

    public init(
        anormalidade: Int, categoria: Int?, perfil: Int?, consumoMes: [Int], fatorMes: [String?], mensagemMes: [String?],
        geraCartaMes: [Int], cobrarConsumoNormal: Int
    ) {
        self.anormalidade = anormalidade
        self.categoria = categoria
        self.perfil = perfil
        self.consumoMes = consumoMes
        self.fatorMes = fatorMes
        self.mensagemMes = mensagemMes
        self.geraCartaMes = geraCartaMes
        self.cobrarConsumoNormal = cobrarConsumoNormal
    }
}

public struct AnormalidadeConsumoArquivo: Sendable, Equatable {
    public var id: Int
    public var mensagemConta: String?
    public var descricao: String
    public var regraCondominio: Int
    public var fotoObrigatoria: Int

    public init(id: Int, mensagemConta: String?, descricao: String, regraCondominio: Int, fotoObrigatoria: Int) {
        self.id = id
        self.mensagemConta = mensagemConta
        self.descricao = descricao
        self.regraCondominio = regraCondominio
        self.fotoObrigatoria = fotoObrigatoria
    }
}

public struct AnormalidadeLeituraArquivo: Sendable, Equatable {
    public var id: Int
    public var descricao: String
    public var aceitaLeitura: Int
    public var consumoComLeitura: Int
    public var consumoSemLeitura: Int
    public var leituraComLeitura: Int
    public var leituraSemLeitura: Int
    public var uso: Int
    public var fatorSemLeitura: String?
    public var fatorComLeitura: String?
    public var naoImprimirConta: Int
    public var fotoObrigatoria: Int

    public init(
        id: Int, descricao: String, aceitaLeitura: Int, consumoComLeitura: Int, consumoSemLeitura: Int, leituraComLeitura: Int,
        leituraSemLeitura: Int, uso: Int, fatorSemLeitura: String?, fatorComLeitura: String?, naoImprimirConta: Int, fotoObrigatoria: Int
    ) {
        self.id = id
        self.descricao = descricao
        self.aceitaLeitura = aceitaLeitura
        self.consumoComLeitura = consumoComLeitura
        self.consumoSemLeitura = consumoSemLeitura
        self.leituraComLeitura = leituraComLeitura
        self.leituraSemLeitura = leituraSemLeitura
        self.uso = uso
        self.fatorSemLeitura = fatorSemLeitura
        self.fatorComLeitura = fatorComLeitura
        self.naoImprimirConta = naoImprimirConta
        self.fotoObrigatoria = fotoObrigatoria
    }
}

/// The utility's parameters (record 11), read by each rota job in its own transaction.
public struct ParametrosArquivo: Sendable, Equatable, Codable {
    public var febraban: Int
    public var dataArrecadacao: CivilDate
    public var fone0800: String?
    public var cnpj: String
    public var inscricaoEstadual: String?
    public var valorMinimoConta: Centavos
    public var toleranciaRateio: Centavos
    public var decrementoMaximo: Int
    public var incrementoMaximo: Int
    /// `parm_ictarifacategoria` = 1: tariffs and record 02 by categoria only.
    public var tarifaPorCategoria: Bool
    public var porLigacao: Bool
    public var versaoAndroid: String
    public var moduloDigito: Int
    public var diasBloqueio: Int

    public init(
        febraban: Int, dataArrecadacao: CivilDate, fone0800: String?, cnpj: String, inscricaoEstadual: String?, valorMinimoConta: Centavos,
        toleranciaRateio: Centavos, decrementoMaximo: Int, incrementoMaximo: Int, tarifaPorCategoria: Bool, porLigacao: Bool,
        versaoAndroid: String, moduloDigito: Int, diasBloqueio: Int
    ) {
        self.febraban = febraban
        self.dataArrecadacao = dataArrecadacao
        self.fone0800 = fone0800
        self.cnpj = cnpj
        self.inscricaoEstadual = inscricaoEstadual
        self.valorMinimoConta = valorMinimoConta
        self.toleranciaRateio = toleranciaRateio
        self.decrementoMaximo = decrementoMaximo
        self.incrementoMaximo = incrementoMaximo
        self.tarifaPorCategoria = tarifaPorCategoria
        self.porLigacao = porLigacao
        self.versaoAndroid = versaoAndroid
        self.moduloDigito = moduloDigito
        self.diasBloqueio = diasBloqueio
    }
}

/// The rota the file is for.
public struct RotaArquivo: Sendable, Equatable {
    public var id: Int
    public var grupo: Int
    public var localidade: Int
    public var codigoSetor: Int
    public var codigo: Int
    public var referencia: Int
    public var limiteImoveis: Int?
    public var leituraTipo: Int
    public var dataAjusteLeitura: CivilDate?
    public var ajusteConsumo: Int
    public var transmissaoOffline: Int
    public var sequencialLeitura: Int
    public var diasConsumo: Int?
    /// The reading day the group's calendar sets for the reference: the file's "today", so the
    /// same data give the same bytes whatever day the file is generated.
    public var dataLeitura: CivilDate
    /// The reader's own login for the phone (record 11, field 12), and the password as the phone
    /// checks it, base64(SHA-1) (field 13); nil: GSAN's defaults (``loginPadrao``, ``senhaPadrao``).
    public var login: String?
    public var senha: String?

    /// GSAN's default login, and base64(SHA-1("senha")): what a reader without a user of their
    /// own types on the phone (seed 004, "login e a senha padrão do sistema").
    public static let loginPadrao = "gcom"
    public static let senhaPadrao = "d1GiP6VRcKV+kDdN8To6t47+Dpk="

    public init(
        id: Int, grupo: Int, localidade: Int, codigoSetor: Int, codigo: Int, referencia: Int, limiteImoveis: Int?, leituraTipo: Int,
        dataAjusteLeitura: CivilDate?, ajusteConsumo: Int, transmissaoOffline: Int, sequencialLeitura: Int, diasConsumo: Int?,
        dataLeitura: CivilDate, login: String? = nil, senha: String? = nil
    ) {
        self.id = id
        self.grupo = grupo
        self.localidade = localidade
        self.codigoSetor = codigoSetor
        self.codigo = codigo
        self.referencia = referencia
        self.limiteImoveis = limiteImoveis
        self.leituraTipo = leituraTipo
        self.dataAjusteLeitura = dataAjusteLeitura
        self.ajusteConsumo = ajusteConsumo
        self.transmissaoOffline = transmissaoOffline
        self.sequencialLeitura = sequencialLeitura
        self.diasConsumo = diasConsumo
        self.dataLeitura = dataLeitura
        self.login = login
        self.senha = senha
    }

    public var nomeArquivo: String {
        NomeArquivo.rota(grupo: grupo, localidade: localidade, setor: codigoSetor, rota: codigo, referencia: referencia)
    }
}

/// Records 09–18 input: the catalogs, read by each rota job in its own transaction (the same
/// for every rota of a run while nobody edits them).
public struct Catalogos: Sendable, Equatable {
    public var tarifas: [TarifaArquivo]
    public var acoes: [AcaoAnormalidadeArquivo]
    public var anormalidadesConsumo: [AnormalidadeConsumoArquivo]
    public var anormalidadesLeitura: [AnormalidadeLeituraArquivo]
    public var consumoTipos: [(id: Int, descricao: String)]
    /// Active situações especiais de faturamento (record 16).
    public var situacoesEspeciais: [SituacaoEspecialTipoArquivo]
    /// The reference's bill messages and notices; each imóvel gets the most specific one.
    public var mensagens: [MensagemContaArquivo]
    public var comunicados: [ComunicadoArquivo]

    public init(
        tarifas: [TarifaArquivo], acoes: [AcaoAnormalidadeArquivo], anormalidadesConsumo: [AnormalidadeConsumoArquivo],
        anormalidadesLeitura: [AnormalidadeLeituraArquivo], consumoTipos: [(id: Int, descricao: String)],
        situacoesEspeciais: [SituacaoEspecialTipoArquivo] = [], mensagens: [MensagemContaArquivo] = [],
        comunicados: [ComunicadoArquivo] = []
    ) {
        self.tarifas = tarifas
        self.acoes = acoes
        self.anormalidadesConsumo = anormalidadesConsumo
        self.anormalidadesLeitura = anormalidadesLeitura
        self.consumoTipos = consumoTipos
        self.situacoesEspeciais = situacoesEspeciais
        self.mensagens = mensagens
        self.comunicados = comunicados
    }

    public static func == (a: Catalogos, b: Catalogos) -> Bool {
        a.situacoesEspeciais == b.situacoesEspeciais && a.mensagens == b.mensagens && a.comunicados == b.comunicados
            && a.tarifas == b.tarifas && a.acoes == b.acoes && a.anormalidadesConsumo == b.anormalidadesConsumo
            && a.anormalidadesLeitura == b.anormalidadesLeitura && a.consumoTipos.map(\.id) == b.consumoTipos.map(\.id)
            && a.consumoTipos.map(\.descricao) == b.consumoTipos.map(\.descricao)
    }
}
