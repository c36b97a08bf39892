import Foundation
public import GSANModel

/// Inserir/Manter Motivo de Não Aceitação de Encerramento de OS (seed 002 §2.5.1.2–2.5.1.3).
public enum MotivoNaoAceitacao {
    public static let descricaoMaxima = 40
    public static let mensagemVinculos =
        "Não é possível excluir o(s) motivo(s) de não aceitação de encerramento de O.S. selecionado(s) devido a vínculos com outras informações."
    public static let mensagemOutroUsuario =
        "Esse motivos de não aceitação de encerramento de O.S. foi atualizado por outro usuário. Realize uma nova atualização."

    /// The fields as typed (nil: not informed).
    public struct Campos: Sendable, Hashable {
        public var descricao: String?
        public var multiplicadorCorte: String?
        public var multiplicadorNaoExecutado: String?
        public var percentualMulta: String?
        public init(descricao: String?, multiplicadorCorte: String?, multiplicadorNaoExecutado: String?, percentualMulta: String?) {
            self.descricao = descricao
            self.multiplicadorCorte = multiplicadorCorte
            self.multiplicadorNaoExecutado = multiplicadorNaoExecutado
            self.percentualMulta = percentualMulta
        }
    }

    /// A motivo ready to write: the percentual in hundredths (200 = 2,00 %).
    public struct Motivo: Sendable, Hashable {
        public var descricao: String
        public var multiplicadorCorte: Int
        public var multiplicadorNaoExecutado: Int
        public var percentualCentesimos: Int
        public var percentualTexto: String { "\(percentualCentesimos / 100).\(zeroPadded(percentualCentesimos % 100, 2))" }
    }

    static let rotulos = (
        descricao: "Descrição",
        corte: "Multiplicador do Valor do Serviço a Ser Descontado Por Corte ou Supressão",
        naoExecutado: "Multiplicador do Valor do Serviço a Ser Descontado Por Serviço Não Efetivamente Executado",
        percentual: "Percentual da Multa a Ser Aplicada Por Serviço Não Efetivamente Executado"
    )

    /// The motivo, or the seed's message ("Informe «campo»", the limits of each field).
    public static func validar(_ c: Campos) -> Result<Motivo, MensagemRegra> {
        func falha(_ m: String) -> Result<Motivo, MensagemRegra> { .failure(MensagemRegra(m)) }
        guard let d = c.descricao?.trimmingCharacters(in: .whitespaces), !d.isEmpty else { return falha("Informe \(rotulos.descricao).") }
        guard d.caracteresNaColuna <= descricaoMaxima else { return falha("\(rotulos.descricao) com \(d.caracteresNaColuna) caracteres: o máximo é \(descricaoMaxima).") }
        func multiplicador(_ texto: String?, _ rotulo: String) -> Result<Int, MensagemRegra> {
            guard let t = texto?.trimmingCharacters(in: .whitespaces), !t.isEmpty else { return .failure(MensagemRegra("Informe \(rotulo).")) }
            guard t.count <= 2, t.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(t) else {
                return .failure(MensagemRegra("\(rotulo) inválido: \(t) (de 0 a 99)."))
            }
            return .success(n)
        }
        let corte: Int
        switch multiplicador(c.multiplicadorCorte, rotulos.corte) {
        case .failure(let m): return .failure(m)
        case .success(let n): corte = n
        }
        let naoExecutado: Int
        switch multiplicador(c.multiplicadorNaoExecutado, rotulos.naoExecutado) {
        case .failure(let m): return .failure(m)
        case .success(let n): naoExecutado = n
        }
        guard let p = c.percentualMulta?.trimmingCharacters(in: .whitespaces), !p.isEmpty else { return falha("Informe \(rotulos.percentual).") }
        guard p.count <= 6, let valor = Centavos(brasileiro: p.replacingOccurrences(of: ".", with: ",")), valor.value >= 0, valor.value <= 10_000
        else { return falha("\(rotulos.percentual) inválido: \(p) (de 0,00 a 100,00).") }
        return .success(Motivo(descricao: d.uppercased(), multiplicadorCorte: corte, multiplicadorNaoExecutado: naoExecutado,
                               percentualCentesimos: Int(valor.value)))
    }
}

/// A rule's message for a person (the seed's words).
public struct MensagemRegra: Error, Sendable, Hashable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Informar Não Aceitação de Encerramento de O.S. (seed 002 §2.5.2.1).
public enum NaoAceitacao {
    public static let mensagemReferencia = "Ano/mês de referencia informado está inválido."
    public static let mensagemPeriodo = "Referência Final do Período é anterior à Referência Inicial do Período."
    public static let mensagemNenhuma = "Não existem ordens de serviço encerradas com motivo de não execução."
    public static let observacaoMaxima = 200

    /// The period of the cycles: MM/AAAA, not after the current month; the final one defaults to the initial.
    public static func periodo(inicial: String?, final: String?, hoje: CivilDate) -> Result<(Referencia, Referencia), MensagemRegra> {
        guard let inicial, !inicial.isEmpty else { return .failure(MensagemRegra("Informe Período de Referência da Cobrança.")) }
        let atual = Referencia(hoje)
        guard let i = Referencia(mesAno: inicial), i <= atual else { return .failure(MensagemRegra(mensagemReferencia)) }
        var f = i
        if let final, !final.isEmpty {
            guard let lida = Referencia(mesAno: final), lida <= atual else { return .failure(MensagemRegra(mensagemReferencia)) }
            f = lida
        }
        guard f >= i else { return .failure(MensagemRegra(mensagemPeriodo)) }
        return .success((i, f))
    }

    /// The OS as it stands, for "informar".
    public struct Ordem: Sendable, Hashable {
        public var situacao: Int
        public var motivo: Int?
        /// The motivo's indicador de execução.
        public var execucao: Bool
        /// The action of its collection document, and the cronograma activity (caac) of it.
        public var acao: Int?
        public var atividade: Int?
        public var jaNaoAceita: Bool
        public init(situacao: Int, motivo: Int?, execucao: Bool, acao: Int?, atividade: Int?, jaNaoAceita: Bool = false) {
            self.situacao = situacao
            self.motivo = motivo
            self.execucao = execucao
            self.acao = acao
            self.atividade = atividade
            self.jaNaoAceita = jaNaoAceita
        }
    }

    /// Why the OS cannot be informed as not accepted; nil when it can. `acao`: the action selected in the filter.
    public static func recusa(
        ordem numero: Int64, _ o: Ordem?, acao: Int?, motivoNaoAceitacao: Int?, motivosEmUso: Set<Int>, observacao: String?
    ) -> String? {
        guard let o else { return "Ordem de Serviço inexistente." }
        guard o.situacao == 2 else { return "Ordem de serviço informada não está encerrada." }
        if let acao, o.acao != acao { return "Ordem de Serviço não é da ação de cobrança selecionada." }
        if o.motivo == 32 { return "Ordem de Serviço encerrada por Decurso de Prazo." }
        guard o.atividade != nil else { return "Ordem de Serviço \(numero) não é de uma ação do cronograma de cobrança." }
        if o.execucao { return mensagemNenhuma }
        if o.jaNaoAceita { return "Não aceitação do encerramento da Ordem de Serviço \(numero) já informada." }
        guard let m = motivoNaoAceitacao else { return "Informe Motivo de Não Aceitação." }
        guard motivosEmUso.contains(m) else { return "Motivo de não aceitação \(m) inexistente." }
        if let observacao, observacao.caracteresNaColuna > observacaoMaxima {
            return "Observação com \(observacao.caracteresNaColuna) caracteres: o máximo é \(observacaoMaxima)."
        }
        return nil
    }
}
