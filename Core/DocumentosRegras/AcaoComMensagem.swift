/// Inserir/Manter Ação de Cobrança, "Valida seleção de campos" and "Ordem no Cronograma"
/// (seed 002 §2.3.1): what an action must be to send SMS/e-mail, and the order of an action
/// against its predecessor. Checked before the texts are written (`gsan comando texto-mensagem`).
public enum AcaoComMensagem {
    /// What the rules look at, as the action is stored.
    public struct Acao: Sendable, Hashable {
        public var id: Int
        /// Tipo de serviço da ordem de serviço a ser gerada.
        public var servicoTipo: Int?
        /// Ação predecessora, and whether it sends SMS or e-mail.
        public var predecessora: Int?
        public var predecessoraEnviaMensagem: Bool
        public var compoeCronograma: Bool
        public var ordem: Int?
        public var ordemPredecessora: Int?
        /// Actions whose predecessor is this one.
        public var sucessoras: [Int]

        public init(
            id: Int, servicoTipo: Int? = nil, predecessora: Int? = nil, predecessoraEnviaMensagem: Bool = false,
            compoeCronograma: Bool = false, ordem: Int? = nil, ordemPredecessora: Int? = nil, sucessoras: [Int] = []
        ) {
            self.id = id
            self.servicoTipo = servicoTipo
            self.predecessora = predecessora
            self.predecessoraEnviaMensagem = predecessoraEnviaMensagem
            self.compoeCronograma = compoeCronograma
            self.ordem = ordem
            self.ordemPredecessora = ordemPredecessora
            self.sucessoras = sucessoras
        }
    }

    public enum Violacao: Sendable, Hashable, CustomStringConvertible {
        case mensagemComServico
        case mensagemComPredecessora
        case mensagemNoCronograma
        /// The action's predecessor sends SMS/e-mail.
        case predecessoraComMensagem
        /// The action is another's predecessor: a predecessor may not send SMS/e-mail.
        case ePredecessora(deAcao: Int)
        case ordemMenorQueAPredecessora

        /// The seed's words.
        public var description: String {
            switch self {
            case .mensagemComServico: "Ação de cobrança com mensagem (SMS/E-MAIL) não pode ter serviço associado!."
            case .mensagemComPredecessora: "Ação de cobrança com mensagem (SMS/E-MAIL) não pode ter Ação Predecessora!."
            case .mensagemNoCronograma: "Ação de Cobrança com mensagem (SMS/E-MAIL) não pode compor cronograma!."
            case .predecessoraComMensagem: "Ação predecessora não pode ter mensagem de SMS/E-MAIL associada!."
            case .ePredecessora(let sucessora):
                "Ação predecessora não pode ter mensagem de SMS/E-MAIL associada!. (esta ação é a predecessora da ação \(sucessora))"
            case .ordemMenorQueAPredecessora:
                "Número de Ordem da ação não pode ser menor que o número de ordem de sua ação predecessora."
            }
        }
    }

    /// The rules for `acao` once it sends SMS or e-mail (`enviaMensagem`), in the seed's
    /// order; empty when it may.
    public static func validar(_ acao: Acao, enviaMensagem: Bool) -> [Violacao] {
        var violacoes: [Violacao] = []
        if enviaMensagem {
            if acao.servicoTipo != nil { violacoes.append(.mensagemComServico) }
            if acao.predecessora != nil { violacoes.append(.mensagemComPredecessora) }
            if acao.compoeCronograma { violacoes.append(.mensagemNoCronograma) }
            if let sucessora = acao.sucessoras.min() { violacoes.append(.ePredecessora(deAcao: sucessora)) }
        } else if acao.predecessora != nil, acao.predecessoraEnviaMensagem {
            violacoes.append(.predecessoraComMensagem)
        }
        if let ordem = acao.ordem, let anterior = acao.ordemPredecessora, ordem < anterior {
            violacoes.append(.ordemMenorQueAPredecessora)
        }
        return violacoes
    }
}
