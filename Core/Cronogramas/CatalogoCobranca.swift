import Foundation
import GSANCobranca

/// The collection actions and activities (`cobranca_acao`, `cobranca_atividade`) as the schedule
/// commands use them: which activities each action has, and names or ids typed by the operator.
public struct CatalogoCobranca: Sendable {
    /// GSAN's fixed id of ENCERRAR OS (migration 0005).
    public static let encerrarOSID = 5

    /// Every action, in schedule order (`cbac_nnordemrealizacao`, then id).
    public let acoes: [AcaoCobranca]
    /// Every activity, in its predefined order.
    public let atividades: [AtividadeCobranca]
    /// Actions that open service orders (`svtp_id` set).
    public let acoesComOrdemServico: Set<Int>
    /// Actions and activities out of use (`icuso = 2`): kept to show old schedules, never offered.
    public let foraDeUso: (acoes: Set<Int>, atividades: Set<Int>)
    /// Activities that do not compose the schedule (`cbat_iccompoecronograma = 2`).
    public let atividadesForaDoCronograma: Set<Int>
    /// Activities bound to a single action (`cobranca_atividade.cbac_id`).
    public let acaoDaAtividade: [Int: Int]

    public init(
        acoes: [AcaoCobranca], atividades: [AtividadeCobranca], acoesComOrdemServico: Set<Int> = [],
        foraDeUso: (acoes: Set<Int>, atividades: Set<Int>) = ([], []), atividadesForaDoCronograma: Set<Int> = [],
        acaoDaAtividade: [Int: Int] = [:]
    ) {
        self.acoes = acoes.sorted { ($0.ordem ?? Int.max, $0.id) < ($1.ordem ?? Int.max, $1.id) }
        self.atividades = atividades.sorted { $0.ordem < $1.ordem }
        self.acoesComOrdemServico = acoesComOrdemServico
        self.foraDeUso = foraDeUso
        self.atividadesForaDoCronograma = atividadesForaDoCronograma
        self.acaoDaAtividade = acaoDaAtividade
    }

    public func acao(id: Int) -> AcaoCobranca? { acoes.first { $0.id == id } }
    public func atividade(id: Int) -> AtividadeCobranca? { atividades.first { $0.id == id } }

    /// The actions a new schedule may have: in use and composing the schedule.
    public var acoesDoCronograma: [AcaoCobranca] {
        acoes.filter { $0.compoeCronograma && !foraDeUso.acoes.contains($0.id) }
    }

    /// The activities an action has in a schedule, in their predefined order. Reading (the
    /// catalogue has no action × activity table): every activity in use that composes the
    /// schedule, unless bound to another action (`cbac_id`); ENCERRAR OS only for actions that
    /// open service orders — which is what the seed data does (AVISO DE DEBITO has none).
    public func atividades(daAcao acao: Int) -> [AtividadeCobranca] {
        atividades.filter { atividade in
            !foraDeUso.atividades.contains(atividade.id) && !atividadesForaDoCronograma.contains(atividade.id)
                && (acaoDaAtividade[atividade.id].map { $0 == acao } ?? true)
                && (atividade.id != Self.encerrarOSID || acoesComOrdemServico.contains(acao))
        }
    }

    // MARK: What the operator types

    /// An action by id or by description (case-insensitive).
    public func resolverAcao(_ texto: String) throws(PedidoInvalido) -> AcaoCobranca {
        let limpo = texto.trimmingCharacters(in: .whitespaces)
        if let id = Int(limpo), let acao = acao(id: id) { return acao }
        if let acao = acoes.first(where: { $0.descricao.caseInsensitiveCompare(limpo) == .orderedSame }) { return acao }
        throw PedidoInvalido("Ação de cobrança \(limpo) inexistente")
    }

    /// An activity of `acao` by id or description (case-insensitive).
    public func resolverAtividade(_ texto: String, acao: AcaoCobranca) throws(PedidoInvalido) -> AtividadeCobranca {
        let limpo = texto.trimmingCharacters(in: .whitespaces)
        let candidatas = atividades
        let encontrada =
            Int(limpo).flatMap { id in candidatas.first { $0.id == id } }
            ?? candidatas.first { $0.descricao.caseInsensitiveCompare(limpo) == .orderedSame }
        guard let atividade = encontrada else { throw PedidoInvalido("Atividade de cobrança \(limpo) inexistente") }
        guard atividades(daAcao: acao.id).contains(where: { $0.id == atividade.id }) else {
            throw PedidoInvalido("A atividade \(atividade.descricao) não faz parte da ação \(acao.descricao)")
        }
        return atividade
    }

    /// `AÇÃO/ATIVIDADE` (ids or descriptions). The last `/` separates them: action names may hold one.
    /// `item`: the whole text typed, for the message.
    public func resolverChave(_ texto: String, opcao: String, item: String? = nil) throws(PedidoInvalido)
        -> ChaveAtividade
    {
        guard let barra = texto.lastIndex(of: "/") else {
            throw PedidoInvalido("\(opcao) \(item ?? texto): use AÇÃO/ATIVIDADE (ids ou descrições)")
        }
        let acao = try resolverAcao(String(texto[..<barra]))
        let atividade = try resolverAtividade(String(texto[texto.index(after: barra)...]), acao: acao)
        return ChaveAtividade(acao: acao.id, atividade: atividade.id)
    }

    /// `AÇÃO/ATIVIDADE=VALOR`: the key and the value's text.
    public func resolverAtribuicao(_ texto: String, opcao: String) throws(PedidoInvalido) -> (ChaveAtividade, String) {
        guard let igual = texto.firstIndex(of: "=") else {
            throw PedidoInvalido("\(opcao) \(texto): use AÇÃO/ATIVIDADE=VALOR")
        }
        let chave = try resolverChave(String(texto[..<igual]), opcao: opcao, item: texto)
        return (chave, String(texto[texto.index(after: igual)...]).trimmingCharacters(in: .whitespaces))
    }
}

/// A request the command cannot even read (unknown group, action or activity, a malformed
/// option): said in one Portuguese sentence, nothing written.
public struct PedidoInvalido: Error, Equatable, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
