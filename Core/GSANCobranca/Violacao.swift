import GSANModel

/// How a violation stops the maintenance.
public enum Gravidade: Hashable, Sendable {
    /// The schedule cannot be saved until the user fixes it.
    case erro
    /// The screen asks "Confirma …?"; saving proceeds only if the user confirms.
    case confirmacao
}

/// A rule of "Inserir/Manter Cronograma de Cobrança" that the schedule breaks, with the message
/// shown to the user. Messages are the seeds' words: seed 003 ("Manter Cronograma de Cobrança")
/// where it has the rule, seed 002 §2.3.4 otherwise; the « placeholder » is replaced by the value.
public enum Violacao: Hashable, Sendable {
    // MARK: Grupo e mês/ano (seed 002 §2.3.4 and §2.3.4.2, Preenchimento dos Campos)
    case referenciaInvalida
    case referenciaAnteriorAoGrupo(ultimaReferencia: Referencia)
    case cronogramaJaExiste(grupo: String, referencia: Referencia)
    case dataInicioCicloAnteriorAHoje
    case dataInformadaInvalida
    case cronogramaDoMesJaExisteParaOGrupo(grupo: String)

    // MARK: Data prevista (seed 003 "Valida Data Prevista das Atividades")
    case dataPrevistaAnteriorAoCronogramaOuHoje(acao: String, atividade: String)
    case datasForaDaOrdemDasAtividades(acao: String)

    // MARK: Preenchimento (seed 003 "Verifica preenchimento dos campos" / "… da data prevista das atividades")
    case atividadesNaoPrevistas
    case acaoObrigatoriaForaDoCronograma(acao: String)

    // MARK: Remoção e adição de ações (seed 003)
    case acaoComSucessoras(acao: String)
    case cronogramaSemAcao
    case semAcoesParaAdicionar
    case predecessoraNaoAdicionada(acao: String)
    case predecessoraRemovida(acao: String)

    // MARK: Atividade predecessora (seed 003 "Verifica data prevista das atividades predecessoras")
    case dataAtividadePredecessoraNaoInformada(atividade: String, acao: String)
    case dataAnteriorAAtividadePredecessora(atividade: String, acao: String)

    // MARK: Ação predecessora (seed 003 "Verifica data prevista das atividades da ação predecessora")
    case dataAcaoPredecessoraNaoInformada(acao: String)
    case dataAnteriorAAcaoPredecessora(atividade: String, acao: String, atividadePredecessora: String)
    case emitirPredecessoraNaoComandada(acao: String)
    case validadePredecessoraVencida(predecessora: String, acao: String)
    case diasInsuficientesAposPredecessora(predecessora: String, acao: String)

    // MARK: Rotas e faturamento (seed 003)
    case rotasSemCriterio
    case naoContemplaContas(acao: String, referencia: Referencia)

    // MARK: Exclusão e concorrência (seed 003)
    case exclusaoComAtividadesRealizadas
    case atualizadoPorOutroUsuario
    case confirmaExclusao

    // MARK: O que a manutenção não pode mudar (seed 003; seed 002 §2.3.4.2 itens 2–3)
    case grupoAutomaticoSomenteConsulta
    case atividadeRealizadaNaoAlteravel(atividade: String, acao: String)
    case acaoComAtividadeRealizada(acao: String)
    case atividadeJaDespachada(atividade: String, acao: String, despacho: String)

    public var gravidade: Gravidade {
        switch self {
        case .validadePredecessoraVencida, .diasInsuficientesAposPredecessora, .naoContemplaContas, .confirmaExclusao:
            return .confirmacao
        default:
            return .erro
        }
    }

    public var mensagem: String {
        switch self {
        case .referenciaInvalida:
            return "Mês/Ano inválido"
        case .referenciaAnteriorAoGrupo(let ultima):
            return "Mês/Ano de Cobrança deve ser superior a \(ultima)"
        case .cronogramaJaExiste(let grupo, let referencia):
            return "Cronograma de Cobrança do \(grupo) referente a \(referencia) já existe no cadastro"
        case .dataInicioCicloAnteriorAHoje:
            // Seed 002 §2.3.4, verbatim (including the missing "ser").
            return "A data informada deve maior ou igual que a data corrente."
        case .dataInformadaInvalida:
            return "Data informada é inválida."
        case .cronogramaDoMesJaExisteParaOGrupo(let grupo):
            return "Não é possível inserir cronograma de ação de cobrança para o grupo \(grupo), "
                + "pois já existe um cronograma para o mês e grupo informado."
        case .dataPrevistaAnteriorAoCronogramaOuHoje:
            // Seed 003, verbatim (the seed's text reads "… mês/ano do cronograma [e] data atual").
            return "Data prevista deve ser maior ou igual a mês/ano do cronograma data atual"
        case .datasForaDaOrdemDasAtividades:
            return "Datas previstas das atividades devem seguir a ordem pré-definida das atividades da ação do cronograma."
        case .atividadesNaoPrevistas:
            return "Existem Atividades das Ações de Cobrança não previstas para o cronograma"
        case .acaoObrigatoriaForaDoCronograma:
            return "É necessário informar a data prevista para as atividades das ações que, obrigatoriamente, "
                + "devem constar no cronograma"
        case .acaoComSucessoras(let acao):
            return "Ação de Cobrança \(acao) tem atividades sucessoras, não é possível remover"
        case .cronogramaSemAcao:
            return "Cronograma sem Ação de Cobrança. É necessário adicionar alguma ação ou desmarcar a remoção de alguma ação"
        case .semAcoesParaAdicionar:
            return "Não há Ações de Cobrança para serem adicionadas ao cronograma"
        case .predecessoraNaoAdicionada:
            return "Para adicionar esta Ação de Cobrança é necessário antes adicionar a ação ao cronograma"
        case .predecessoraRemovida:
            return "Para adicionar esta Ação de Cobrança a ação não pode ser removida"
        case .dataAtividadePredecessoraNaoInformada(let atividade, let acao):
            return "A data prevista da atividade predecessora da atividade \(atividade) da ação \(acao) deve ser informada"
        case .dataAnteriorAAtividadePredecessora(let atividade, let acao):
            return "A data prevista da atividade \(atividade) da ação \(acao) não pode ser inferior à data prevista "
                + "de sua atividade predecessora"
        case .dataAcaoPredecessoraNaoInformada(let acao):
            // Seed 003, verbatim ("as atividade").
            return "A data prevista para as atividade da ação predecessora da ação \(acao) deve ser informada"
        case .dataAnteriorAAcaoPredecessora(let atividade, let acao, let atividadePredecessora):
            return "A data prevista da atividade \(atividade) da ação \(acao) não pode ser inferior à data prevista "
                + "de sua atividade \(atividadePredecessora) da ação predecessora"
        case .emitirPredecessoraNaoComandada(let acao):
            return "A atividade EMITIR da ação predecessora da ação \(acao) deve ser comandada"
        case .validadePredecessoraVencida(let predecessora, let acao):
            // Seed 003 leaves the quote open after "?": the message ends at the question.
            return "O prazo de validade da ação predecessora \(predecessora) está vencido. "
                + "Confirma data da atividade para a ação \(acao)?"
        case .diasInsuficientesAposPredecessora(let predecessora, let acao):
            return "A quantidade de dias entre a ação predecessora \(predecessora) e a ação \(acao) não é suficiente. "
                + "Confirma a data da atividade para a ação \(acao)?"
        case .rotasSemCriterio:
            return "Existem rotas sem critérios de cobrança definidos para alguma Ação de Cobrança."
        case .naoContemplaContas(let acao, let referencia):
            return "A ação \(acao) não contemplará as contas de referência \(referencia). "
                + "Confirma a data da atividade para esta ação?"
        case .exclusaoComAtividadesRealizadas:
            return "Não é possível excluir o(s) cronograma(s) de cobrança selecionado(s) devido à existência "
                + "de atividades já realizadas"
        case .atualizadoPorOutroUsuario:
            return "Esse(s) registro(s) foi(ram) atualizado(s) ou removido(s) por outro usuário durante a operação. "
                + "Realize uma nova manutenção"
        case .confirmaExclusao:
            // Seed 002 §2.3.4.2 item 5.
            return "Confirma exclusão?"
        case .grupoAutomaticoSomenteConsulta:
            return "Cronogramas de grupos automáticos não podem ser alterados, apenas consultados."
        // The seeds disable these fields on the screen instead of giving a message; these are ours.
        case .atividadeRealizadaNaoAlteravel(let atividade, let acao):
            return "A atividade \(atividade) da ação \(acao) já foi realizada e não pode ser alterada"
        case .acaoComAtividadeRealizada(let acao):
            return "Ação de Cobrança \(acao) tem atividades já realizadas, não é possível remover"
        case .atividadeJaDespachada(let atividade, let acao, let despacho):
            return "A atividade \(atividade) da ação \(acao) já foi despachada para execução (job \(despacho)) "
                + "e não pode mais ser alterada nem removida"
        }
    }
}

extension Array where Element == Violacao {
    /// The violations that stop saving: every error, and the confirmations unless the caller
    /// says explicitly that the user confirmed them.
    public func impeditivas(confirmado: Bool) -> [Violacao] {
        filter { $0.gravidade == .erro || !confirmado }
    }

    /// Whether the schedule may be saved (no error; confirmations only with `confirmado: true`).
    public func permiteGravar(confirmado: Bool) -> Bool { impeditivas(confirmado: confirmado).isEmpty }

    public var erros: [Violacao] { filter { $0.gravidade == .erro } }
    public var confirmacoes: [Violacao] { filter { $0.gravidade == .confirmacao } }
}
