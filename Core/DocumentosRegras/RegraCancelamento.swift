/// "Cancelar Documentos de Comandos de Ação de Cobrança do Cronograma" (seed 002 §2.3.6): the
/// checks, in the seed's order, each with its message.
public enum RegraCancelamento {
    public enum Recusa: Error, Sendable, Hashable, CustomStringConvertible {
        case atividadeNaoEmitir, acaoEncerrada, ordensExecutadas, pagamentosRealizados

        /// The seed's wording, its typo ("EMITIIR") included: operators search for these.
        public var description: String {
            switch self {
            case .atividadeNaoEmitir: "Só é possível cancelar documentos para atividade EMITIIR."
            case .acaoEncerrada: "Não é possível cancelar documentos para ações de cobrança encerradas."
            case .ordensExecutadas:
                "Não é possível cancelar os documentos de cobrança deste comando, pois existem ordens de serviços já executadas."
            case .pagamentosRealizados:
                "Não é possível cancelar os documentos de cobrança deste comando, pois existem pagamentos já realizados."
            }
        }
    }

    /// What the checks read about the command.
    public struct Situacao: Sendable, Hashable {
        public var atividade: Int
        public var acaoEncerrada: Bool
        public var ordensExecutadas: Int
        public var pagamentos: Int

        public init(atividade: Int, acaoEncerrada: Bool, ordensExecutadas: Int, pagamentos: Int) {
            self.atividade = atividade
            self.acaoEncerrada = acaoEncerrada
            self.ordensExecutadas = ordensExecutadas
            self.pagamentos = pagamentos
        }
    }

    /// The first check that fails, or nil when the documents may be cancelled.
    public static func verificar(_ situacao: Situacao) -> Recusa? {
        if situacao.atividade != 2 { return .atividadeNaoEmitir }
        if situacao.acaoEncerrada { return .acaoEncerrada }
        if situacao.ordensExecutadas > 0 { return .ordensExecutadas }
        if situacao.pagamentos > 0 { return .pagamentosRealizados }
        return nil
    }
}
