import GSANModel

/// What the bill carries beyond consumption (record 01 fields 17–18, 46–50, 53, 55–59, 63–64,
/// 80; record 08 field 17; records 16 and 18): débito automático, messages, the special billing
/// situation, the bill notice, and the data of the aviso de corte's barcode.

/// The bank and agência of the imóvel's débito automático in force (01.17–18).
public struct DebitoAutomaticoArquivo: Sendable, Equatable {
    /// The bank's short name, as the bill prints it.
    public var banco: String
    public var agencia: String

    public init(banco: String, agencia: String) {
        self.banco = banco
        self.agencia = agencia
    }
}

/// The imóvel in a situação especial de faturamento for the file's reference (01.55–59).
public struct SituacaoEspecialArquivo: Sendable, Equatable {
    public var tipo: Int
    public var consumoAguaMedido: Int?
    public var consumoAguaNaoMedido: Int?
    public var volumeEsgotoMedido: Int?
    public var volumeEsgotoNaoMedido: Int?
    public var paralisaFaturamento: Bool
    public var paralisaLeitura: Bool
    public var validoAgua: Bool
    public var validoEsgoto: Bool

    public init(
        tipo: Int, consumoAguaMedido: Int?, consumoAguaNaoMedido: Int?, volumeEsgotoMedido: Int?, volumeEsgotoNaoMedido: Int?,
        paralisaFaturamento: Bool, paralisaLeitura: Bool, validoAgua: Bool, validoEsgoto: Bool
    ) {
        self.tipo = tipo
        self.consumoAguaMedido = consumoAguaMedido
        self.consumoAguaNaoMedido = consumoAguaNaoMedido
        self.volumeEsgotoMedido = volumeEsgotoMedido
        self.volumeEsgotoNaoMedido = volumeEsgotoNaoMedido
        self.paralisaFaturamento = paralisaFaturamento
        self.paralisaLeitura = paralisaLeitura
        self.validoAgua = validoAgua
        self.validoEsgoto = validoEsgoto
    }

    /// 01.63 (água) and 01.64 (esgoto): the situação stops billing that service.
    public var paralisaFaturamentoAgua: Bool { paralisaFaturamento && validoAgua }
    public var paralisaFaturamentoEsgoto: Bool { paralisaFaturamento && validoEsgoto }

    /// 08.17 of a meter: the situação stops reading it (tipo 1 água: valid for água; 2 poço:
    /// valid for esgoto).
    public func paralisaLeitura(medicao tipo: Int) -> Bool {
        paralisaLeitura && (tipo == 1 ? validoAgua : validoEsgoto)
    }
}

/// An active faturamento_situacao_tipo (record 16).
public struct SituacaoEspecialTipoArquivo: Sendable, Equatable {
    public var id: Int
    public var consumoSemLeitura: Int
    public var consumoComLeitura: Int
    public var leituraSemLeitura: Int
    public var leituraComLeitura: Int
    public var validoAgua: Bool
    public var validoEsgoto: Bool

    public init(id: Int, consumoSemLeitura: Int, consumoComLeitura: Int, leituraSemLeitura: Int, leituraComLeitura: Int, validoAgua: Bool, validoEsgoto: Bool) {
        self.id = id
        self.consumoSemLeitura = consumoSemLeitura
        self.consumoComLeitura = consumoComLeitura
        self.leituraSemLeitura = leituraSemLeitura
        self.leituraComLeitura = leituraComLeitura
        self.validoAgua = validoAgua
        self.validoEsgoto = validoEsgoto
    }
}

/// Where a message or notice applies: every imóvel of the reference, or only those of a
/// group, gerência regional, localidade or setor comercial (`nil` = any).
public struct Abrangencia: Sendable, Equatable {
    public var grupo: Int?
    public var gerencia: Int?
    public var localidade: Int?
    public var setor: Int?

    public init(grupo: Int? = nil, gerencia: Int? = nil, localidade: Int? = nil, setor: Int? = nil) {
        self.grupo = grupo
        self.gerencia = gerencia
        self.localidade = localidade
        self.setor = setor
    }

    /// Every scope it names is the imóvel's.
    public func abrange(grupo g: Int, gerencia e: Int, localidade l: Int, setor s: Int) -> Bool {
        (grupo ?? g) == g && (gerencia ?? e) == e && (localidade ?? l) == l && (setor ?? s) == s
    }

    /// Setor 4, localidade 3, gerência 2, grupo 1, all 0.
    public var especificidade: Int {
        setor != nil ? 4 : localidade != nil ? 3 : gerencia != nil ? 2 : grupo != nil ? 1 : 0
    }

    /// Of the candidates that cover the imóvel, the most specific; a tie goes to the lowest id.
    public static func escolher<T>(
        _ candidatos: [T], abrangencia: (T) -> Abrangencia, id: (T) -> Int, grupo: Int, gerencia: Int, localidade: Int, setor: Int
    ) -> T? {
        var melhor: T?
        for c in candidatos where abrangencia(c).abrange(grupo: grupo, gerencia: gerencia, localidade: localidade, setor: setor) {
            guard let atual = melhor else {
                melhor = c
                continue
            }
            let (ea, ec) = (abrangencia(atual).especificidade, abrangencia(c).especificidade)
            if ec > ea || (ec == ea && id(c) < id(atual)) { melhor = c }
        }
        return melhor
    }
}

/// A conta_mensagem of the reference: three parts (01.46–48).
public struct MensagemContaArquivo: Sendable, Equatable {
    public var id: Int
    public var abrangencia: Abrangencia
    public var partes: [String?]

    public init(id: Int, abrangencia: Abrangencia, partes: [String?]) {
        self.id = id
        self.abrangencia = abrangencia
        self.partes = partes
    }
}

/// A conta_comunicado of the reference (01.80, record 18).
public struct ComunicadoArquivo: Sendable, Equatable {
    public var id: Int
    public var abrangencia: Abrangencia
    public var texto: String

    public init(id: Int, abrangencia: Abrangencia, texto: String) {
        self.id = id
        self.abrangencia = abrangencia
        self.texto = texto
    }

    /// The phone turns this marker back into a line break when it prints the notice.
    public static let quebraDeLinha = "<brbr>"

    /// The text for record 18: each line break (CR-LF, LF or CR) becomes the marker.
    public var textoArquivo: String {
        var saida = ""
        var anteriorCR = false
        for c in texto.unicodeScalars {
            switch c {
            case "\r":
                saida += Self.quebraDeLinha
                anteriorCR = true
                continue
            case "\n":
                if !anteriorCR { saida += Self.quebraDeLinha }
            default:
                saida.unicodeScalars.append(c)
            }
            anteriorCR = false
        }
        return saida
    }
}
