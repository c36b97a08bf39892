public import GSANModel

/// What the validation of a schedule needs besides the schedule itself (read by the caller).
public struct ContextoValidacao: Sendable {
    /// Today, in the utility's time zone.
    public var hoje: CivilDate
    /// Every action of the catalogue (to find the obligatory ones missing from the schedule).
    public var catalogo: [AcaoCobranca]
    /// Rotas of the group without a `rota_acao_criterio` row, by action id.
    public var rotasSemCriterio: [Int: Set<Int>]
    /// The last billing cycle of the billing group matching the collection group, if any.
    public var ultimoFaturamento: UltimoFaturamento?

    public init(
        hoje: CivilDate, catalogo: [AcaoCobranca] = [], rotasSemCriterio: [Int: Set<Int>] = [:],
        ultimoFaturamento: UltimoFaturamento? = nil
    ) {
        self.hoje = hoje
        self.catalogo = catalogo
        self.rotasSemCriterio = rotasSemCriterio
        self.ultimoFaturamento = ultimoFaturamento
    }
}

/// The checks of "Atualizar Cronograma de Cobrança" (seed 003) and of the insertion screen
/// (seed 002 §2.3.4), each returning the violations found, in the order the seeds list them.
public enum ValidacaoCronograma {
    /// Every check on the schedule the user is about to save.
    public static func validar(_ cronograma: CronogramaCobranca, contexto: ContextoValidacao) -> [Violacao] {
        let semAcao = acoesPresentes(cronograma)
        // With no action left there is nothing else to check.
        if !semAcao.isEmpty { return semAcao }
        return remocoes(cronograma) + predecessorasAdicionadas(cronograma)
            + preenchimento(cronograma, catalogo: contexto.catalogo)
            + datasPrevistas(cronograma, hoje: contexto.hoje)
            + atividadesPredecessoras(cronograma)
            + acoesPredecessoras(cronograma)
            + criteriosDasRotas(cronograma, rotasSemCriterio: contexto.rotasSemCriterio)
            + contasDoUltimoFaturamento(cronograma, ultimoFaturamento: contexto.ultimoFaturamento)
    }

    // MARK: Ações

    /// Seed 003 "Verifica cronograma sem ação de cobrança": every action marked "Remover".
    public static func acoesPresentes(_ cronograma: CronogramaCobranca) -> [Violacao] {
        cronograma.acoesMantidas.isEmpty ? [.cronogramaSemAcao] : []
    }

    /// Seed 003 "Verifica existência de ação sucessora": an action marked "Remover" that a kept
    /// action has as predecessor.
    public static func remocoes(_ cronograma: CronogramaCobranca) -> [Violacao] {
        let predecessorasMantidas = Set(cronograma.acoesMantidas.compactMap(\.acao.predecessoraID))
        return cronograma.acoes.filter { $0.remover && predecessorasMantidas.contains($0.acao.id) }
            .map { .acaoComSucessoras(acao: $0.acao.descricao) }
    }

    /// Seed 003 "Verifica existência da ação de cobrança predecessora", for actions added now.
    public static func predecessorasAdicionadas(_ cronograma: CronogramaCobranca) -> [Violacao] {
        cronograma.acoesMantidas.filter(\.adicionada).compactMap { acao in
            guard let id = acao.acao.predecessoraID else { return nil }
            guard let predecessora = cronograma.acao(id: id) else {
                return .predecessoraNaoAdicionada(acao: acao.acao.descricao)
            }
            return predecessora.remover ? .predecessoraRemovida(acao: acao.acao.descricao) : nil
        }
    }

    /// The catalogue's actions that may still be added to the schedule (they compose the schedule
    /// and are not in it), in schedule order.
    public static func acoesParaAdicionar(_ cronograma: CronogramaCobranca, catalogo: [AcaoCobranca]) -> [AcaoCobranca] {
        let presentes = Set(cronograma.acoes.map(\.acao.id))
        return catalogo.filter { $0.compoeCronograma && !presentes.contains($0.id) }
            .sorted { ($0.ordem ?? Int.max, $0.id) < ($1.ordem ?? Int.max, $1.id) }
    }

    /// Seed 003 "Verifica existência de ação de cobrança para adicionar ao cronograma".
    public static func adicao(_ cronograma: CronogramaCobranca, catalogo: [AcaoCobranca]) -> [Violacao] {
        acoesParaAdicionar(cronograma, catalogo: catalogo).isEmpty ? [.semAcoesParaAdicionar] : []
    }

    // MARK: Preenchimento

    /// Seed 003 "Verifica preenchimento dos campos" and "Verifica preenchimento da data prevista
    /// das atividades":
    /// - no date at all, or an obligatory activity of a kept action without date →
    ///   "Existem Atividades das Ações de Cobrança não previstas para o cronograma";
    /// - an obligatory action of the catalogue (that composes the schedule) absent from it or
    ///   marked "Remover" → "É necessário informar a data prevista para as atividades das ações
    ///   que, obrigatoriamente, devem constar no cronograma". Reading: the seeds give no message
    ///   of their own for removing an obligatory action (the screen disables its "Remover",
    ///   seed 002 §2.3.4.2 item 3), and this one names exactly that situation, so it is the one used.
    public static func preenchimento(_ cronograma: CronogramaCobranca, catalogo: [AcaoCobranca]) -> [Violacao] {
        var violacoes: [Violacao] = []
        let mantidas = cronograma.acoesMantidas
        let algumaData = mantidas.contains { $0.atividades.contains { $0.dataPrevista != nil } }
        let obrigatoriaSemData = mantidas.contains {
            $0.atividades.contains { $0.atividade.obrigatoria && $0.dataPrevista == nil }
        }
        if !algumaData || obrigatoriaSemData { violacoes.append(.atividadesNaoPrevistas) }

        let idsMantidos = Set(mantidas.map(\.acao.id))
        let obrigatorias = catalogo.filter { $0.obrigatoria && $0.compoeCronograma }
            .sorted { ($0.ordem ?? Int.max, $0.id) < ($1.ordem ?? Int.max, $1.id) }
        for acao in obrigatorias where !idsMantidos.contains(acao.id) {
            violacoes.append(.acaoObrigatoriaForaDoCronograma(acao: acao.descricao))
        }
        // An obligatory action in the schedule but marked "Remover" counts even if the catalogue
        // was not passed.
        for acao in cronograma.acoes where acao.remover && acao.acao.obrigatoria
            && !obrigatorias.contains(where: { $0.id == acao.acao.id })
        {
            violacoes.append(.acaoObrigatoriaForaDoCronograma(acao: acao.acao.descricao))
        }
        return violacoes
    }

    // MARK: Datas previstas

    /// Seed 003 "Valida Data Prevista das Atividades".
    ///
    /// - Date in the past: for an activity not yet commanded, a planned date before today or in a
    ///   month before the schedule's mês/ano. Reading: seed 003 says "com o mês/ano menor que o
    ///   mês/ano do cronograma em relação a data atual" and its message asks for a date "maior ou
    ///   igual a mês/ano do cronograma [e] data atual"; seed 002 §2.3.4.2 says "menor que a data
    ///   atual". Both limits are applied; commanded or realized activities keep their dates.
    /// - Order: inside an action, an activity dated before the previous dated activity in the
    ///   predefined order (`ordem`). Equal dates are in order (seed 003's screen has SIMULAR and
    ///   EMITIR on the same day).
    public static func datasPrevistas(_ cronograma: CronogramaCobranca, hoje: CivilDate) -> [Violacao] {
        var violacoes: [Violacao] = []
        for acao in cronograma.acoesMantidas {
            for atividade in acao.atividadesOrdenadas where !atividade.comandada && !atividade.realizada {
                guard let data = atividade.dataPrevista else { continue }
                if data < hoje || Referencia(data) < cronograma.referencia {
                    violacoes.append(.dataPrevistaAnteriorAoCronogramaOuHoje(
                        acao: acao.acao.descricao, atividade: atividade.atividade.descricao))
                }
            }
            var anterior: CivilDate?
            for atividade in acao.atividadesOrdenadas {
                guard let data = atividade.dataPrevista else { continue }
                if let anterior, data < anterior {
                    violacoes.append(.datasForaDaOrdemDasAtividades(acao: acao.acao.descricao))
                    break
                }
                anterior = data
            }
        }
        return violacoes
    }

    /// Seed 003 "Verifica data prevista das atividades predecessoras": a dated activity whose
    /// predecessor activity (in the same action) has no date, or a later one. A predecessor
    /// activity missing from the action counts as not informed.
    public static func atividadesPredecessoras(_ cronograma: CronogramaCobranca) -> [Violacao] {
        var violacoes: [Violacao] = []
        for acao in cronograma.acoesMantidas {
            for atividade in acao.atividadesOrdenadas {
                guard let data = atividade.dataPrevista, let idPredecessora = atividade.atividade.predecessoraID
                else { continue }
                let nomes = (atividade: atividade.atividade.descricao, acao: acao.acao.descricao)
                guard let dataPredecessora = acao.atividade(id: idPredecessora)?.dataPrevista else {
                    violacoes.append(.dataAtividadePredecessoraNaoInformada(atividade: nomes.atividade, acao: nomes.acao))
                    continue
                }
                if data < dataPredecessora {
                    violacoes.append(.dataAnteriorAAtividadePredecessora(atividade: nomes.atividade, acao: nomes.acao))
                }
            }
        }
        return violacoes
    }

    /// Seed 003 "Verifica data prevista das atividades da ação predecessora", for every kept
    /// action whose predecessor is kept in the schedule (a missing or removed predecessor is
    /// reported by `remocoes` and `predecessorasAdicionadas`):
    ///
    /// - a dated activity whose same activity in the predecessor has no date (once per action), or
    ///   an earlier date than it; an activity the predecessor does not have is not compared;
    /// - EMITIR commanded while the predecessor's EMITIR is not;
    /// - confirmation: the action's EMITIR after the predecessor's validity, i.e. later than the
    ///   predecessor's EMITIR + `diasValidade` (the last valid day is still valid);
    /// - confirmation: the action's EMITIR less than `diasMinimosAposPredecessora` days after the
    ///   predecessor's EMITIR. Reading: seed 003 says "não seja maior que NN dias", but the field is
    ///   the *minimum* number of days (`cbac_nndiasminacaoprecedente`) and the automatic dates put
    ///   the action exactly NN days after its predecessor, so exactly NN days is sufficient.
    ///
    /// The predecessor's EMITIR counts from its realization when realized, else its planned date.
    /// The confirmations are not asked again once the action's own EMITIR is realized (history).
    public static func acoesPredecessoras(_ cronograma: CronogramaCobranca) -> [Violacao] {
        var violacoes: [Violacao] = []
        for acao in cronograma.acoesMantidas {
            guard let id = acao.acao.predecessoraID, let predecessora = cronograma.acao(id: id), !predecessora.remover
            else { continue }
            let nome = acao.acao.descricao

            var faltaData = false
            for atividade in acao.atividadesOrdenadas {
                // An activity the predecessor action does not have at all (ENCERRAR OS after an action
                // that opens no service order) has nothing to follow.
                guard let data = atividade.dataPrevista,
                    let daPredecessora = predecessora.atividade(id: atividade.atividade.id)
                else { continue }
                guard let dataPredecessora = daPredecessora.dataPrevista else {
                    faltaData = true
                    continue
                }
                if data < dataPredecessora {
                    violacoes.append(.dataAnteriorAAcaoPredecessora(
                        atividade: atividade.atividade.descricao, acao: nome,
                        atividadePredecessora: daPredecessora.atividade.descricao))
                }
            }
            if faltaData { violacoes.append(.dataAcaoPredecessoraNaoInformada(acao: nome)) }

            guard let emitir = acao.emitir else { continue }
            if emitir.comandada && !(predecessora.emitir?.comandada ?? false) {
                violacoes.append(.emitirPredecessoraNaoComandada(acao: nome))
            }
            guard !emitir.realizada, let dataEmitir = emitir.dataPrevista,
                let emitirPredecessora = predecessora.emitir,
                let basePredecessora = emitirPredecessora.realizacao ?? emitirPredecessora.dataPrevista
            else { continue }
            if dataEmitir > basePredecessora.adding(days: predecessora.acao.diasValidade) {
                violacoes.append(.validadePredecessoraVencida(predecessora: predecessora.acao.descricao, acao: nome))
            }
            if let minimo = acao.acao.diasMinimosAposPredecessora, dataEmitir - basePredecessora < minimo {
                violacoes.append(.diasInsuficientesAposPredecessora(predecessora: predecessora.acao.descricao, acao: nome))
            }
        }
        return violacoes
    }

    // MARK: Rotas e faturamento

    /// Seed 003 "Verifica existência critério para o conjunto rotas": some kept action has rotas
    /// of the group without a criterion (`rotasSemCriterio`: action id → rotas lacking one).
    /// Removed actions do not count: they will not run.
    public static func criteriosDasRotas(_ cronograma: CronogramaCobranca, rotasSemCriterio: [Int: Set<Int>]) -> [Violacao] {
        let falta = cronograma.acoesMantidas.contains { !(rotasSemCriterio[$0.acao.id] ?? []).isEmpty }
        return falta ? [.rotasSemCriterio] : []
    }

    /// Seed 003 "Verifica ação sem predecessora" (with seed 002 §2.3.4.2's limit): for every kept
    /// action without a predecessor, when the last billing cycle's due date plus the days to
    /// consider a debt is on or after the date of its EMITIR or SIMULAR, the action will not reach
    /// that cycle's bills: the user must confirm. Not asked again once EMITIR is realized.
    public static func contasDoUltimoFaturamento(
        _ cronograma: CronogramaCobranca, ultimoFaturamento: UltimoFaturamento?
    ) -> [Violacao] {
        guard let faturamento = ultimoFaturamento else { return [] }
        let limite = faturamento.vencimento.adding(days: faturamento.diasParaConsiderarDebito)
        return cronograma.acoesMantidas.compactMap { acao in
            guard acao.acao.predecessoraID == nil, !(acao.emitir?.realizada ?? false) else { return nil }
            let datas = [acao.emitir?.dataPrevista, acao.simular?.dataPrevista].compactMap { $0 }
            guard datas.contains(where: { limite >= $0 }) else { return nil }
            return .naoContemplaContas(acao: acao.acao.descricao, referencia: faturamento.referencia)
        }
    }
}
