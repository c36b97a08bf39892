public import GSANModel

/// What the selection rules read of a collection action (`cobranca.cobranca_acao`, seed 002 §2.3.1).
public struct AcaoDocumentos: Sendable, Hashable, Codable {
    public var id: Int
    public var descricao: String
    public var documentoTipo: Int
    public var servicoTipo: Int?
    public var textoPersonalizado: String?
    /// Days the document stays valid (`cbac_nndiasvalidade`).
    public var diasValidade: Int
    public var predecessora: Predecessora?
    /// Indicators of the debt the action charges.
    public var debitosACobrar = false
    public var creditosARealizar = false
    public var notasPromissorias = false
    public var acrescimosImpontualidade = false
    public var somenteCPFCNPJValido = false
    public var imovelSemDebito = false
    public var enviaSMS = false
    public var enviaEmail = false
    public var textoSMS: String?
    public var textoEmail: String?

    public init(id: Int, descricao: String, documentoTipo: Int, diasValidade: Int) {
        self.id = id
        self.descricao = descricao
        self.documentoTipo = documentoTipo
        self.diasValidade = diasValidade
    }

    /// The predecessor action and how its document is validated (seed 002 §2.3.1).
    public struct Predecessora: Sendable, Hashable, Codable {
        public var acao: Int
        public var documentoTipo: Int
        /// Validity of the predecessor's document (its action's `cbac_nndiasvalidade`).
        public var diasValidade: Int
        /// Business days at least between the predecessor's document and this action
        /// (`cbac_nndiasminacaoprecedente`; seed 002 §1.2.3 "D+ quantidade de dias úteis", §1.2.4 "D+7 dias úteis").
        public var diasMinimos: Int
        /// "Valida por item cobrado": the window per bill, in days since the predecessor's issue.
        public var porItem: ClosedRange<Int>?
        /// The predecessor issues service orders (it has a service type): its document counts only
        /// when its OS was executed — the ordem de corte goes to imóveis whose visita was done
        /// (seed 002 §1.2.3; GSAN-FACTS §7 step 2, `amen_icexecucao = 1`).
        public var exigeExecucao: Bool

        public init(
            acao: Int, documentoTipo: Int, diasValidade: Int, diasMinimos: Int, porItem: ClosedRange<Int>? = nil,
            exigeExecucao: Bool = false
        ) {
            self.acao = acao
            self.documentoTipo = documentoTipo
            self.diasValidade = diasValidade
            self.diasMinimos = diasMinimos
            self.porItem = porItem
            self.exigeExecucao = exigeExecucao
        }
    }
}

/// A critério de cobrança with its linhas (`cobranca_criterio`, `cobranca_criterio_linha`).
public struct CriterioDocumentos: Sendable, Hashable, Codable {
    public var id: Int
    public var linhas: [Linha]
    /// Accepted situações de ligação; empty = the action's own (or any).
    public var situacoesAgua: Set<Int>
    public var situacoesEsgoto: Set<Int>
    /// Situações de cobrança accepted (consulted when ``emiteEmSituacaoCobranca`` is false).
    public var situacoesCobranca: Set<Int> = []
    /// `cbct_icemsimvsitcob = 1`: emit for imóveis in any situação de cobrança.
    public var emiteEmSituacaoCobranca = false
    /// `cbct_icemsimvparalisacao = 1`: emit for imóveis whose actions are paralysed (situação especial).
    public var emiteEmParalisacao = false
    public var somenteCPFCNPJValido = false
    public var imovelSemDebito = false

    public init(id: Int, linhas: [Linha], situacoesAgua: Set<Int>, situacoesEsgoto: Set<Int>) {
        self.id = id
        self.linhas = linhas
        self.situacoesAgua = situacoesAgua
        self.situacoesEsgoto = situacoesEsgoto
    }

    public struct Linha: Sendable, Hashable, Codable {
        public var perfil: Int
        public var categoria: Int
        public var valor: ClosedRange<Centavos>
        public var contas: ClosedRange<Int>

        public init(perfil: Int, categoria: Int, valor: ClosedRange<Centavos>, contas: ClosedRange<Int>) {
            self.perfil = perfil
            self.categoria = categoria
            self.valor = valor
            self.contas = contas
        }
    }
}

/// One imóvel of a rota as the selection sees it.
public struct ImovelAvaliado: Sendable, Hashable {
    public var id: Int
    /// Position in the rota's reading order (then the id): the "rota e imóvel" order.
    public var sequencia: Int
    public var perfil: Int
    public var categorias: Set<Int>
    public var situacaoAgua: Int
    public var situacaoEsgoto: Int
    /// Current situação de cobrança (5 = em cobrança judicial), if any.
    public var situacaoCobranca: Int?
    /// Actions paralysed (an open situação especial de cobrança).
    public var paralisado = false
    /// The usuário's CPF or CNPJ as registered.
    public var cpfCnpj: String?
    public var contas: [Conta] = []
    public var debitosACobrar: [Debito] = []
    public var creditosARealizar: [Debito] = []
    public var guias: [Conta] = []

    public init(
        id: Int, sequencia: Int, perfil: Int, categorias: Set<Int>, situacaoAgua: Int, situacaoEsgoto: Int
    ) {
        self.id = id
        self.sequencia = sequencia
        self.perfil = perfil
        self.categorias = categorias
        self.situacaoAgua = situacaoAgua
        self.situacaoEsgoto = situacaoEsgoto
    }

    /// An open bill (or guia): its value, due date and markers.
    public struct Conta: Sendable, Hashable {
        public var id: Int64
        public var referencia: Int
        public var vencimento: CivilDate
        public var valor: Centavos
        /// Under review (`cmrv_id`), judicial review included.
        public var emRevisao = false

        public init(id: Int64, referencia: Int, vencimento: CivilDate, valor: Centavos, emRevisao: Bool = false) {
            self.id = id
            self.referencia = referencia
            self.vencimento = vencimento
            self.valor = valor
            self.emRevisao = emRevisao
        }
    }

    /// A débito a cobrar or crédito a realizar: its remaining value.
    public struct Debito: Sendable, Hashable {
        public var id: Int64
        public var valor: Centavos
        public init(id: Int64, valor: Centavos) {
            self.id = id
            self.valor = valor
        }
    }
}

/// What a document charges: the items and their values.
public struct DebitoSelecionado: Sendable, Hashable {
    public enum Tipo: Int, Sendable, Hashable, Codable {
        case conta = 1, debitoACobrar = 6, guia = 7, creditoARealizar = 8
    }

    public struct Item: Sendable, Hashable {
        public var tipo: Tipo
        public var id: Int64
        public var valor: Centavos
        public var acrescimos: Centavos
        public var vencimento: CivilDate?
        public var referencia: Int?

        public init(tipo: Tipo, id: Int64, valor: Centavos, acrescimos: Centavos = .zero, vencimento: CivilDate? = nil,
                    referencia: Int? = nil) {
            self.tipo = tipo
            self.id = id
            self.valor = valor
            self.acrescimos = acrescimos
            self.vencimento = vencimento
            self.referencia = referencia
        }
    }

    public var itens: [Item]
    /// Bills counted by the linha's interval.
    public var quantidadeContas: Int
    /// Debts minus credits (never below zero), without acréscimos.
    public var valor: Centavos
    public var acrescimos: Centavos

    public var total: Centavos { valor + acrescimos }
}
