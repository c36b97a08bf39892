import GSANModel

/// The return file ("arquivo de retorno") the app uploads (research/FIELD-APP-PROTOCOL.md §3):
/// pipe-terminated fields, one record per line, the type as the first character.

/// A reading's date and time as the app writes it: `yyyy-MM-dd HH:mm:ss.000mmm` (phone's local
/// time); GSAN reads up to the seconds and ignores the rest.
public struct DataHoraLeitura: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var data: CivilDate
    /// Seconds since midnight.
    public var segundos: Int

    public init(data: CivilDate, segundos: Int) {
        self.data = data
        self.segundos = segundos
    }

    public init?(_ texto: some StringProtocol) {
        let u = Array(texto.utf8)
        guard u.count >= 19, u[4] == 0x2D, u[7] == 0x2D, u[10] == 0x20, u[13] == 0x3A, u[16] == 0x3A else { return nil }
        func n(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r {
                guard u[i] >= 0x30, u[i] <= 0x39 else { return nil }
                v = v * 10 + Int(u[i] - 0x30)
            }
            return v
        }
        guard let a = n(0..<4), let m = n(5..<7), let d = n(8..<10), let h = n(11..<13), let mi = n(14..<16),
            let s = n(17..<19), h < 24, mi < 60, s < 60, let data = CivilDate(year: a, month: m, day: d)
        else { return nil }
        self.data = data
        self.segundos = h * 3600 + mi * 60 + s
    }

    /// As the app writes it, milliseconds 0.
    public var description: String {
        data.iso + " " + zeroPadded(segundos / 3600, 2) + ":" + zeroPadded(segundos / 60 % 60, 2) + ":"
            + zeroPadded(segundos % 60, 2) + ".000000"
    }

    public static func < (a: Self, b: Self) -> Bool { (a.data, a.segundos) < (b.data, b.segundos) }
}

/// Record 0 — the route header of the final upload (packet 2, first line).
public struct Registro0: Sendable, Equatable {
    /// 2 = complete, 6 = incomplete, 7 = every read imóvel (the resend after a count mismatch).
    public var tipoFinalizacao: Int
    public var localidade: Int
    public var setorComercial: Int
    public var rota: Int
    public var matriculaPrimeiroImovel: Int

    public init(tipoFinalizacao: Int, localidade: Int, setorComercial: Int, rota: Int, matriculaPrimeiroImovel: Int) {
        self.tipoFinalizacao = tipoFinalizacao
        self.localidade = localidade
        self.setorComercial = setorComercial
        self.rota = rota
        self.matriculaPrimeiroImovel = matriculaPrimeiroImovel
    }
}

/// Record 1 — one per imóvel and measurement (água = 1, poço/esgoto = 2); 33 fields when the
/// imóvel has neither (no field 34).
public struct Registro1: Sendable, Equatable {
    public var matricula: Int
    public var tipoMedicao: Int
    public var referencia: Referencia
    public var numeroConta: Int?
    public var grupoFaturamento: Int
    public var codigoRota: Int
    public var leitura: Int?
    /// Nil for none (the app writes `0` on water records).
    public var anormalidadeLeitura: Int?
    public var dataHoraLeitura: DataHoraLeitura
    /// 0 = realizada, 1 = confirmada; nil in the 33-field record.
    public var situacaoLeitura: Int?
    public var leituraFaturamento: Int?
    public var consumoMedido: Int?
    public var consumoCobrado: Int?
    public var consumoRateioAgua: Int
    public var consumoRateioEsgoto: Int
    public var tipoConsumo: Int?
    public var anormalidadeConsumo: Int?
    /// 1 = bill printed in the field.
    public var emissaoConta: Int
    public var inscricao: String
    public var geracaoConta: Int
    public var consumoMicroSemRateio: Int?
    public var anormalidadeFaturamento: Int?
    public var documentoCobranca: Int?
    public var leituraAnterior: Int?
    public var vezesImpressa: Int?
    public var valorAgua: Centavos
    public var valorEsgoto: Centavos
    public var valorDebitos: Centavos
    public var valorCreditos: Centavos
    public var valorImpostos: Centavos
    public var latitude: String?
    public var longitude: String?
    public var mesMotivoRevisao: Int?
    /// 33 or 34.
    public var campos: Int

    /// Localidade and setor from the inscrição (characters 0–3 and 3–6).
    public var localidade: Int? { Int(inscricao.filter { $0 != "." }.prefix(3)) }
    public var setorComercial: Int? { Int(inscricao.filter { $0 != "." }.dropFirst(3).prefix(3)) }
    public var impressa: Bool { emissaoConta == 1 }

    public init(matricula: Int, tipoMedicao: Int, referencia: Referencia, numeroConta: Int? = nil, grupoFaturamento: Int, codigoRota: Int, leitura: Int? = nil, anormalidadeLeitura: Int? = nil, dataHoraLeitura: DataHoraLeitura, situacaoLeitura: Int? = nil, leituraFaturamento: Int? = nil, consumoMedido: Int? = nil, consumoCobrado: Int? = nil, consumoRateioAgua: Int, consumoRateioEsgoto: Int, tipoConsumo: Int? = nil, anormalidadeConsumo: Int? = nil, emissaoConta: Int, inscricao: String, geracaoConta: Int, consumoMicroSemRateio: Int? = nil, anormalidadeFaturamento: Int? = nil, documentoCobranca: Int? = nil, leituraAnterior: Int? = nil, vezesImpressa: Int? = nil, valorAgua: Centavos, valorEsgoto: Centavos, valorDebitos: Centavos, valorCreditos: Centavos, valorImpostos: Centavos, latitude: String? = nil, longitude: String? = nil, mesMotivoRevisao: Int? = nil, campos: Int) {
        self.matricula = matricula
        self.tipoMedicao = tipoMedicao
        self.referencia = referencia
        self.numeroConta = numeroConta
        self.grupoFaturamento = grupoFaturamento
        self.codigoRota = codigoRota
        self.leitura = leitura
        self.anormalidadeLeitura = anormalidadeLeitura
        self.dataHoraLeitura = dataHoraLeitura
        self.situacaoLeitura = situacaoLeitura
        self.leituraFaturamento = leituraFaturamento
        self.consumoMedido = consumoMedido
        self.consumoCobrado = consumoCobrado
        self.consumoRateioAgua = consumoRateioAgua
        self.consumoRateioEsgoto = consumoRateioEsgoto
        self.tipoConsumo = tipoConsumo
        self.anormalidadeConsumo = anormalidadeConsumo
        self.emissaoConta = emissaoConta
        self.inscricao = inscricao
        self.geracaoConta = geracaoConta
        self.consumoMicroSemRateio = consumoMicroSemRateio
        self.anormalidadeFaturamento = anormalidadeFaturamento
        self.documentoCobranca = documentoCobranca
        self.leituraAnterior = leituraAnterior
        self.vezesImpressa = vezesImpressa
        self.valorAgua = valorAgua
        self.valorEsgoto = valorEsgoto
        self.valorDebitos = valorDebitos
        self.valorCreditos = valorCreditos
        self.valorImpostos = valorImpostos
        self.latitude = latitude
        self.longitude = longitude
        self.mesMotivoRevisao = mesMotivoRevisao
        self.campos = campos
    }
}

/// Record 2 — one per categoria (or subcategoria) of the imóvel.
public struct Registro2: Sendable, Equatable {
    public var matricula: Int
    public var categoria: Int
    public var subcategoria: Int
    public var valorAgua: Centavos
    public var consumoAgua: Int
    public var tarifaMinimaAgua: Centavos
    public var consumoMinimoAgua: Int
    public var valorEsgoto: Centavos
    public var consumoEsgoto: Int
    public var tarifaMinimaEsgoto: Centavos
    public var consumoMinimoEsgoto: Int

    public init(matricula: Int, categoria: Int, subcategoria: Int, valorAgua: Centavos, consumoAgua: Int, tarifaMinimaAgua: Centavos, consumoMinimoAgua: Int, valorEsgoto: Centavos, consumoEsgoto: Int, tarifaMinimaEsgoto: Centavos, consumoMinimoEsgoto: Int) {
        self.matricula = matricula
        self.categoria = categoria
        self.subcategoria = subcategoria
        self.valorAgua = valorAgua
        self.consumoAgua = consumoAgua
        self.tarifaMinimaAgua = tarifaMinimaAgua
        self.consumoMinimoAgua = consumoMinimoAgua
        self.valorEsgoto = valorEsgoto
        self.consumoEsgoto = consumoEsgoto
        self.tarifaMinimaEsgoto = tarifaMinimaEsgoto
        self.consumoMinimoEsgoto = consumoMinimoEsgoto
    }
}

/// Record 3 — a consumption band of the categoria of the last record 2.
public struct Registro3: Sendable, Equatable {
    public var matricula: Int
    public var categoria: Int
    public var subcategoria: Int
    public var consumoAgua: Int
    public var valorAgua: Centavos
    public var limiteInicial: Int
    public var limiteFinal: Int
    public var tarifaAgua: Centavos?
    public var tarifaEsgoto: Centavos?
    public var consumoEsgoto: Int
    public var valorEsgoto: Centavos

    public init(matricula: Int, categoria: Int, subcategoria: Int, consumoAgua: Int, valorAgua: Centavos, limiteInicial: Int, limiteFinal: Int, tarifaAgua: Centavos? = nil, tarifaEsgoto: Centavos? = nil, consumoEsgoto: Int, valorEsgoto: Centavos) {
        self.matricula = matricula
        self.categoria = categoria
        self.subcategoria = subcategoria
        self.consumoAgua = consumoAgua
        self.valorAgua = valorAgua
        self.limiteInicial = limiteInicial
        self.limiteFinal = limiteFinal
        self.tarifaAgua = tarifaAgua
        self.tarifaEsgoto = tarifaEsgoto
        self.consumoEsgoto = consumoEsgoto
        self.valorEsgoto = valorEsgoto
    }
}

/// Record 4 — a tax withheld.
public struct Registro4: Sendable, Equatable {
    public var matricula: Int
    public var tipoImposto: Int
    public var descricao: String
    /// Hundredths of a percent (`1,50` → 150).
    public var aliquotaCentesimos: Int
    public var valor: Centavos

    public init(matricula: Int, tipoImposto: Int, descricao: String, aliquotaCentesimos: Int, valor: Centavos) {
        self.matricula = matricula
        self.tipoImposto = tipoImposto
        self.descricao = descricao
        self.aliquotaCentesimos = aliquotaCentesimos
        self.valor = valor
    }
}

/// Record 5 — a route-marking sequence (codes 2 and 7, when the rota marks).
public struct Registro5: Sendable, Equatable {
    public var matricula: Int
    public var sequencial: Int
    public var referencia: Int

    public init(matricula: Int, sequencial: Int, referencia: Int) {
        self.matricula = matricula
        self.sequencial = sequencial
        self.referencia = referencia
    }
}

/// A categoria of an imóvel with its bands.
public struct CategoriaRetorno: Sendable, Equatable {
    public var categoria: Registro2
    public var faixas: [Registro3]

    public init(categoria: Registro2, faixas: [Registro3]) {
        self.categoria = categoria
        self.faixas = faixas
    }
}

/// Everything one imóvel sent: its record 1s, categorias and taxes.
public struct ImovelRetorno: Sendable, Equatable {
    public var matricula: Int
    public var medicoes: [Registro1]
    public var categorias: [CategoriaRetorno]
    public var impostos: [Registro4]

    /// The first record 1 (água before poço), which carries the bill's values.
    public var principal: Registro1 { medicoes[0] }
    public var impressa: Bool { medicoes.contains { $0.impressa } }

    public init(matricula: Int, medicoes: [Registro1], categorias: [CategoriaRetorno], impostos: [Registro4]) {
        self.matricula = matricula
        self.medicoes = medicoes
        self.categorias = categorias
        self.impostos = impostos
    }
}

/// A parsed upload.
public struct ArquivoRetorno: Sendable, Equatable {
    public var cabecalho: Registro0?
    public var imoveis: [ImovelRetorno]
    public var marcacao: [Registro5]

    public init(cabecalho: Registro0? = nil, imoveis: [ImovelRetorno], marcacao: [Registro5]) {
        self.cabecalho = cabecalho
        self.imoveis = imoveis
        self.marcacao = marcacao
    }
}
