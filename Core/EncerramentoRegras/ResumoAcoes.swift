import GSANModel

/// The resumo das ações de cobrança (seed 002 §2.6.1, "Gerar Resumo das Ações de Cobrança"):
/// each document of an action's EMITIR counted under what became of it.
public enum ResumoAcoes {
    /// The line of the resumo a document falls in, by its service order (or its own situação when
    /// the action issues no order).
    public enum Situacao: String, Sendable, Hashable, CaseIterable, Comparable {
        case executada = "EXECUTADA"
        case justificada = "JUSTIFICADA"
        case canceladaPrazo = "CANCELADA POR DECURSO DE PRAZO"
        case fiscalizada = "FISCALIZADA"
        case cancelada = "CANCELADA"
        case suspensa = "SUSPENSA"
        case pendente = "PENDENTE"
        case semOrdem = "SEM ORDEM DE SERVICO"

        public static func < (a: Situacao, b: Situacao) -> Bool {
            (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
        }
    }

    /// The debt the document charged (cobranca_debito_situacao).
    public enum Debito: Int, Sendable, Hashable, CaseIterable, Comparable {
        case pendente = 1, pago = 2, parcelado = 3, cancelado = 4

        public var descricao: String {
            switch self {
            case .pendente: "PENDENTE"
            case .pago: "PAGO"
            case .parcelado: "PARCELADO"
            case .cancelado: "CANCELADO"
            }
        }

        public static func < (a: Debito, b: Debito) -> Bool { a.rawValue < b.rawValue }
    }

    /// One document as the resumo reads it.
    public struct Documento: Sendable, Hashable {
        public var valor: Centavos
        public var situacaoAcao: Int
        public var debito: Int
        /// The order's state when the action issues one: 1 pendente, 2 encerrada, 3 em andamento, 4 aguardando.
        public var situacaoOrdem: Int?
        public var motivo: Int?
        public var motivoComExecucao: Bool

        public init(valor: Centavos, situacaoAcao: Int, debito: Int, situacaoOrdem: Int?, motivo: Int?, motivoComExecucao: Bool) {
            self.valor = valor
            self.situacaoAcao = situacaoAcao
            self.debito = debito
            self.situacaoOrdem = situacaoOrdem
            self.motivo = motivo
            self.motivoComExecucao = motivoComExecucao
        }
    }

    public static func situacao(_ d: Documento) -> Situacao {
        if d.situacaoAcao == SituacaoAcao.fiscalizada.rawValue { return .fiscalizada }
        if (7...9).contains(d.situacaoAcao) { return .suspensa }
        guard let ordem = d.situacaoOrdem else {
            return d.situacaoAcao == SituacaoAcao.cancelada.rawValue ? .cancelada : .semOrdem
        }
        guard ordem == 2, let motivo = d.motivo else {
            return d.situacaoAcao == SituacaoAcao.cancelada.rawValue ? .cancelada : .pendente
        }
        if d.motivoComExecucao { return .executada }
        return motivo == PrazoDecurso.motivo ? .canceladaPrazo : .justificada
    }

    public struct Linha: Sendable, Hashable {
        public var situacao: Situacao
        public var debito: Debito
        public var quantidade: Int
        public var valor: Centavos
    }

    /// The lines in situação then débito order; a débito id outside 1…4 counts as pendente.
    public static func linhas(_ documentos: [Documento]) -> [Linha] {
        var totais: [Situacao: [Debito: (Int, Centavos)]] = [:]
        for d in documentos {
            let debito = Debito(rawValue: d.debito) ?? .pendente
            let atual = totais[situacao(d), default: [:]][debito] ?? (0, .zero)
            totais[situacao(d), default: [:]][debito] = (atual.0 + 1, atual.1 + d.valor)
        }
        return totais.keys.sorted().flatMap { s in
            totais[s, default: [:]].keys.sorted().map { debito in
                let (quantidade, valor) = totais[s, default: [:]][debito] ?? (0, .zero)
                return Linha(situacao: s, debito: debito, quantidade: quantidade, valor: valor)
            }
        }
    }
}
