public import GSANModel

/// R1170 Relatório O.S. Situação (seed 002 §2.6.3): the origins, the situações each origin
/// offers, the situação of one order, the filter's checks and the orderings of the analytic and
/// synthetic reports.
public enum OSSituacao {
    public enum Origem: String, Sendable, Hashable, CaseIterable, Codable {
        case cobranca, seletiva, atendimento
    }

    public enum Tipo: String, Sendable, Hashable, Codable {
        case analitico, sintetico
    }

    /// The situações in report order (the page breaks). PENDENTE and ENCERRADA are the "normal"
    /// ones (seletiva, atendimento, or cobrança without a bulletin); the others exist once the
    /// group's (or contract's) bulletin was generated.
    public enum Situacao: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
        case pendente = "PENDENTES"
        case encerrada = "ENCERRADAS"
        case executada = "EXECUTADAS"
        case fiscalizada = "FISCALIZADAS"
        case justificada = "JUSTIFICADAS"
        case penalizadaFiscalizacao = "PENALIZADAS POR FISCALIZACAO"
        case penalizadaDecurso = "PENALIZADAS POR DECURSO DE PRAZO"

        var ordem: Int { Self.allCases.firstIndex(of: self) ?? 0 }
        public static func < (a: Situacao, b: Situacao) -> Bool { a.ordem < b.ordem }
    }

    /// The options of "Situação OS" for the origins and whether the bulletin exists (§2.6.3).
    public static func situacoes(origens: Set<Origem>, comBoletim: Bool) -> [Situacao] {
        if origens == [.cobranca], comBoletim {
            return [.encerrada, .executada, .fiscalizada, .justificada, .penalizadaFiscalizacao, .penalizadaDecurso]
        }
        return [.pendente, .encerrada]
    }

    /// What the report knows of one order.
    public struct Ordem: Sendable, Hashable, Codable {
        public var encerrada: Bool
        public var executada: Bool
        public var decurso: Bool
        /// A fiscalização returned on it, or a non-acceptance was informed.
        public var fiscalizada: Bool
        /// Its discount type in a bulletin (1 decurso; 2, 3, 4 fiscalização), if any.
        public var desconto: Int?
        public init(encerrada: Bool, executada: Bool, decurso: Bool, fiscalizada: Bool, desconto: Int?) {
            self.encerrada = encerrada
            self.executada = executada
            self.decurso = decurso
            self.fiscalizada = fiscalizada
            self.desconto = desconto
        }
    }

    /// The situação of an order: with the bulletin's situações, the most telling one (penalized
    /// before fiscalized before executed/justified); else pending or closed.
    public static func situacao(_ o: Ordem, detalhada: Bool) -> Situacao {
        guard o.encerrada else { return .pendente }
        guard detalhada else { return .encerrada }
        switch o.desconto {
        case 1?: return .penalizadaDecurso
        case 2?, 3?, 4?: return .penalizadaFiscalizacao
        default: break
        }
        if o.fiscalizada { return .fiscalizada }
        if o.executada { return .executada }
        if o.decurso { return .encerrada }
        return .justificada
    }

    /// The period's check (§2.6.3: "Data inválida", "Data Final do Período é inferior à Data Inicial").
    public static func periodo(_ inicial: String?, _ final: String?) throws(CampoRecusado) -> (CivilDate, CivilDate)? {
        switch (inicial, final) {
        case (nil, nil): return nil
        case (nil, _): throw CadastroContrato.informe("Período de Geração inicial")
        case (_, nil): throw CadastroContrato.informe("Período de Geração final")
        case (let i?, let f?):
            guard let di = CivilDate(brazilian: i) else { throw CampoRecusado("Data inválida: \(i).") }
            guard let df = CivilDate(brazilian: f) else { throw CampoRecusado("Data inválida: \(f).") }
            guard df >= di else { throw CampoRecusado("Data Final do Período é inferior à Data Inicial.") }
            return (di, df)
        }
    }

    /// A line of the synthetic report: situação, service type, motivo, fiscalização's return.
    public struct Chave: Sendable, Hashable, Comparable {
        public var situacao: Situacao
        public var servico: String
        public var motivo: String
        public var retorno: String
        public init(situacao: Situacao, servico: String, motivo: String, retorno: String) {
            self.situacao = situacao
            self.servico = servico
            self.motivo = motivo
            self.retorno = retorno
        }
        public static func < (a: Chave, b: Chave) -> Bool {
            (a.situacao.ordem, a.servico, a.motivo, a.retorno) < (b.situacao.ordem, b.servico, b.motivo, b.retorno)
        }
    }

    /// The synthetic report's counts, in its order (situação, tipo de serviço, motivo, retorno).
    public static func sintetico(_ linhas: [Chave]) -> [(Chave, Int)] {
        var contagem: [Chave: Int] = [:]
        for l in linhas { contagem[l, default: 0] += 1 }
        return contagem.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
