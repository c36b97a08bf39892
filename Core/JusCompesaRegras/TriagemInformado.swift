import Foundation

/// What JusCompesa asked for in one row of `juscompesa.imovel_informado`.
public enum OperacaoInformada: String, Sendable, Codable {
    /// `I`: put the imóvel in judicial collection.
    case inclusao = "I"
    /// `E`: take it out.
    case exclusao = "E"
}

public struct EntradaInformada: Sendable, Hashable {
    public var id: Int64
    public var imovel: Int
    public var operacao: OperacaoInformada
    public var processo: String?
    /// `cobranca.processo_judicial_valido` of the number (nil when there is none).
    public var processoValido: Bool?

    public init(id: Int64, imovel: Int, operacao: OperacaoInformada, processo: String?, processoValido: Bool?) {
        self.id = id
        self.imovel = imovel
        self.operacao = operacao
        self.processo = processo
        self.processoValido = processoValido
    }
}

/// What GSAN knows about the imóvel when the entry is processed.
public struct SituacaoImovel: Sendable, Hashable {
    public var excluido: Bool
    /// Situação de cobrança 5, or a situação especial in force with motivo 4 (GSAN's
    /// `isImovelEmCobrancaJudicial`).
    public var emCobrancaJudicial: Bool
    /// The motivo of a situação especial de cobrança in force for another reason.
    public var outraSituacaoEspecial: Int?
    public var contas: [ContaEmAberto]

    public init(excluido: Bool, emCobrancaJudicial: Bool, outraSituacaoEspecial: Int?, contas: [ContaEmAberto]) {
        self.excluido = excluido
        self.emCobrancaJudicial = emCobrancaJudicial
        self.outraSituacaoEspecial = outraSituacaoEspecial
        self.contas = contas
    }
}

/// Why an entry was refused; the description is what `jcir_dsmotivo` and the job log carry.
public enum MotivoRejeicao: Sendable, Hashable, CustomStringConvertible {
    case imovelInexistente(Int)
    case imovelExcluido(Int)
    case processoAusente
    case processoInvalido(String)
    case jaEmCobrancaJudicial(Int)
    case outraSituacaoEspecial(imovel: Int, motivo: Int)
    case semDebito(Int)
    case foraDeCobrancaJudicial(Int)

    public var description: String {
        switch self {
        case .imovelInexistente(let imovel): "Imóvel \(imovel) inexistente."
        case .imovelExcluido(let imovel): "Imóvel \(imovel) excluído do cadastro."
        case .processoAusente: "Número do processo judicial não informado."
        case .processoInvalido(let numero):
            "Número do processo judicial inválido: \(numero) (formato NNNNNNN-DD.AAAA.J.TR.OOOO, dígitos verificadores conferidos)."
        case .jaEmCobrancaJudicial(let imovel): "Imóvel \(imovel) já está em cobrança judicial."
        case .outraSituacaoEspecial(let imovel, let motivo):
            "Imóvel \(imovel) tem situação especial de cobrança vigente com outro motivo (\(motivo)); retire-a antes de incluí-lo."
        case .semDebito(let imovel): "Imóvel \(imovel) sem débito: nenhuma conta em aberto."
        case .foraDeCobrancaJudicial(let imovel): "Imóvel \(imovel) não está em cobrança judicial."
        }
    }
}

public enum DecisaoInformado: Sendable, Hashable {
    /// Judicial collection over the whole debt period; these bills go under review (the others
    /// already are, for another motivo or this one).
    case incluir(periodo: PeriodoReferencias, contasParaRevisao: [Int64])
    /// Out of judicial collection: the situations are withdrawn and the bills leave review.
    case excluir
    case rejeitar(MotivoRejeicao)
}

/// Seed 000's rules for one reported entry, on the imóvel's state at that moment (nil: no
/// such imóvel). Entries of the same imóvel are decided one after the other, in arrival order.
public enum TriagemInformado {
    public static let motivoRevisaoJudicial = 6

    public static func decidir(_ entrada: EntradaInformada, situacao: SituacaoImovel?) -> DecisaoInformado {
        guard let situacao else { return .rejeitar(.imovelInexistente(entrada.imovel)) }
        if situacao.excluido { return .rejeitar(.imovelExcluido(entrada.imovel)) }
        switch entrada.operacao {
        case .exclusao:
            return situacao.emCobrancaJudicial ? .excluir : .rejeitar(.foraDeCobrancaJudicial(entrada.imovel))
        case .inclusao:
            guard let processo = entrada.processo?.trimmingCharacters(in: .whitespaces), !processo.isEmpty else {
                return .rejeitar(.processoAusente)
            }
            guard entrada.processoValido == true else { return .rejeitar(.processoInvalido(processo)) }
            if situacao.emCobrancaJudicial { return .rejeitar(.jaEmCobrancaJudicial(entrada.imovel)) }
            if let motivo = situacao.outraSituacaoEspecial {
                return .rejeitar(.outraSituacaoEspecial(imovel: entrada.imovel, motivo: motivo))
            }
            guard let periodo = PeriodoReferencias.cobrindo(situacao.contas.map(\.referencia)) else {
                return .rejeitar(.semDebito(entrada.imovel))
            }
            let paraRevisao = situacao.contas.filter { $0.motivoRevisao == nil }.map(\.id).sorted()
            return .incluir(periodo: periodo, contasParaRevisao: paraRevisao)
        }
    }
}
