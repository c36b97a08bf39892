public import GSANModel

/// A collection action of the catalogue (`cobranca.cobranca_acao`), with the indicators the
/// schedule rules read.
public struct AcaoCobranca: Hashable, Sendable, Identifiable {
    public let id: Int
    /// `cbac_dscobrancaacao`: the name shown in the messages ("AVISO DE CORTE").
    public var descricao: String
    /// `cbac_idacaoprecedente`.
    public var predecessoraID: Int?
    /// `cbac_nndiasvalidade`: days the action's documents stay valid after EMITIR.
    public var diasValidade: Int
    /// `cbac_nndiasminacaoprecedente`: minimum days between the predecessor's EMITIR and this one's.
    public var diasMinimosAposPredecessora: Int?
    /// `cbac_icobrigatoria`.
    public var obrigatoria: Bool
    /// `cbac_iccompoecronograma`.
    public var compoeCronograma: Bool
    /// `cbac_nnordemrealizacao`: position in the schedule (only when it composes the schedule).
    public var ordem: Int?

    public init(
        id: Int, descricao: String, predecessoraID: Int? = nil, diasValidade: Int,
        diasMinimosAposPredecessora: Int? = nil, obrigatoria: Bool, compoeCronograma: Bool = true, ordem: Int?
    ) {
        self.id = id
        self.descricao = descricao
        self.predecessoraID = predecessoraID
        self.diasValidade = diasValidade
        self.diasMinimosAposPredecessora = diasMinimosAposPredecessora
        self.obrigatoria = obrigatoria
        self.compoeCronograma = compoeCronograma
        self.ordem = ordem
    }
}

/// A collection activity of the catalogue (`cobranca.cobranca_atividade`): a step of every action.
public struct AtividadeCobranca: Hashable, Sendable, Identifiable {
    /// Fixed GSAN ids (migration 0005): 1 SIMULAR, 2 EMITIR, 3 ENCERRAR, 5 ENCERRAR OS.
    public static let simularID = 1
    public static let emitirID = 2

    public let id: Int
    /// `cbat_dscobrancaatividade`: the name shown in the messages ("EMITIR").
    public var descricao: String
    /// `cbat_nnordemrealizacao`: the predefined order of the activities inside an action.
    public var ordem: Int
    /// `cbat_idatividadeprecedente`.
    public var predecessoraID: Int?
    /// `cbat_nndiasexecucao` (1…30): days after its predecessor (or the previous activity).
    public var diasExecucao: Int?
    /// `cbat_icobrigatoria`.
    public var obrigatoria: Bool

    public init(
        id: Int, descricao: String, ordem: Int, predecessoraID: Int? = nil, diasExecucao: Int? = nil,
        obrigatoria: Bool
    ) {
        self.id = id
        self.descricao = descricao
        self.ordem = ordem
        self.predecessoraID = predecessoraID
        self.diasExecucao = diasExecucao
        self.obrigatoria = obrigatoria
    }
}

/// A collection group (`cobranca.cobranca_grupo`).
public struct GrupoCobranca: Hashable, Sendable, Identifiable {
    public let id: Int
    /// `cbgr_dscobrancagrupo` ("GRUPO 01").
    public var descricao: String
    /// `cbgr_amreferencia`: the group's current (last) reference.
    public var referencia: Referencia
    /// `cbgr_icexecucaoautomatica`: dates computed from the cycle's start (Nova Sistemática).
    public var execucaoAutomatica: Bool

    public init(id: Int, descricao: String, referencia: Referencia, execucaoAutomatica: Bool = false) {
        self.id = id
        self.descricao = descricao
        self.referencia = referencia
        self.execucaoAutomatica = execucaoAutomatica
    }
}

/// One activity of one action in a monthly schedule (`cobranca.cobranca_acao_ativ_crg`), as the
/// screen holds it.
public struct AtividadeDoCronograma: Hashable, Sendable {
    public var atividade: AtividadeCobranca
    /// `caac_dtprevista` (nil = not informed on the screen).
    public var dataPrevista: CivilDate?
    /// The "Comandar" check-list: marked when already commanded or being commanded now
    /// (`caac_tmcomando` not null after saving).
    public var comandada: Bool
    /// `caac_tmrealizacao` (day only).
    public var realizacao: CivilDate?
    /// `caac_qtmaximadocumentos`: the screen's "Qtd Máxima Documentos" (nil = no limit of its own).
    public var qtdMaximaDocumentos: Int?

    public init(
        _ atividade: AtividadeCobranca, dataPrevista: CivilDate? = nil, comandada: Bool = false,
        realizacao: CivilDate? = nil, qtdMaximaDocumentos: Int? = nil
    ) {
        self.atividade = atividade
        self.dataPrevista = dataPrevista
        self.comandada = comandada
        self.realizacao = realizacao
        self.qtdMaximaDocumentos = qtdMaximaDocumentos
    }

    public var realizada: Bool { realizacao != nil }
}

/// One activity of one action, as the schedule's rows are keyed (`cbac_id`, `cbat_id`).
public struct ChaveAtividade: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var acao: Int
    public var atividade: Int

    public init(acao: Int, atividade: Int) {
        self.acao = acao
        self.atividade = atividade
    }

    public static func < (lhs: ChaveAtividade, rhs: ChaveAtividade) -> Bool {
        (lhs.acao, lhs.atividade) < (rhs.acao, rhs.atividade)
    }

    /// `ação/atividade`, as typed on the command line.
    public var description: String { "\(acao)/\(atividade)" }
}

/// One action of a monthly schedule (`cobranca.cobranca_acao_cronograma`), with the screen's
/// "Remover" check-list and whether it is being added in this maintenance.
public struct AcaoDoCronograma: Hashable, Sendable {
    public var acao: AcaoCobranca
    public var atividades: [AtividadeDoCronograma]
    /// The "Remover" check-list.
    public var remover: Bool
    /// Added now through "Adicionar Ação de Cobrança" (not yet stored).
    public var adicionada: Bool

    public init(_ acao: AcaoCobranca, atividades: [AtividadeDoCronograma], remover: Bool = false, adicionada: Bool = false) {
        self.acao = acao
        self.atividades = atividades
        self.remover = remover
        self.adicionada = adicionada
    }

    /// Activities in their predefined order (`cbat_nnordemrealizacao`).
    public var atividadesOrdenadas: [AtividadeDoCronograma] {
        atividades.sorted { $0.atividade.ordem < $1.atividade.ordem }
    }

    public func atividade(id: Int) -> AtividadeDoCronograma? {
        atividades.first { $0.atividade.id == id }
    }

    public var emitir: AtividadeDoCronograma? { atividade(id: AtividadeCobranca.emitirID) }
    public var simular: AtividadeDoCronograma? { atividade(id: AtividadeCobranca.simularID) }
}

/// A monthly collection schedule (`cobranca.cobranca_grupo_crg_mes`): grupo + mês/ano + actions.
public struct CronogramaCobranca: Hashable, Sendable {
    public var grupo: GrupoCobranca
    public var referencia: Referencia
    public var acoes: [AcaoDoCronograma]
    /// `cbcm_nnversao` as read when the maintenance started.
    public var versao: Int

    public init(grupo: GrupoCobranca, referencia: Referencia, acoes: [AcaoDoCronograma], versao: Int = 0) {
        self.grupo = grupo
        self.referencia = referencia
        self.acoes = acoes
        self.versao = versao
    }

    /// The actions that stay in the schedule ("Remover" unmarked), in schedule order.
    public var acoesMantidas: [AcaoDoCronograma] {
        acoes.filter { !$0.remover }.sorted { ($0.acao.ordem ?? Int.max, $0.acao.id) < ($1.acao.ordem ?? Int.max, $1.acao.id) }
    }

    public func acao(id: Int) -> AcaoDoCronograma? { acoes.first { $0.acao.id == id } }

    public var possuiAtividadeRealizada: Bool { acoes.contains { $0.atividades.contains { $0.realizada } } }
}

/// The billing side a collection group looks at (seed 002 §2.3.4.2 "Verifica ação sem predecessora").
public struct UltimoFaturamento: Hashable, Sendable {
    /// Reference of the last billing cycle of the billing group matching the collection group.
    public var referencia: Referencia
    /// Due date of that cycle's bills (dia de vencimento of GRUPO FATURAMENTO + its mês/ano).
    public var vencimento: CivilDate
    /// SISTEMA PARAMETROS: days after the due date before a bill counts as debt.
    public var diasParaConsiderarDebito: Int

    public init(referencia: Referencia, vencimento: CivilDate, diasParaConsiderarDebito: Int = 0) {
        self.referencia = referencia
        self.vencimento = vencimento
        self.diasParaConsiderarDebito = diasParaConsiderarDebito
    }
}
