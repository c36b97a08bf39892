public import GSANModel

/// Planned dates of a group with "execução automática" (Nova Sistemática), seed 002 §2.3.4.2
/// "Data Prevista" and seed 003 "Preenchimento dos Campos", from the cycle's start date:
///
/// - an action without a predecessor starts on the cycle's start date;
/// - an action with a predecessor starts `diasMinimosAposPredecessora` days after the first
///   activity of its predecessor ("a data da primeira atividade será a soma das datas da primeira
///   atividade mais a quantidade de dias informada na ação");
/// - inside an action, the first activity (predefined order) falls on the action's start, and
///   every other one `diasExecucao` days after its predecessor activity, or after the previous
///   activity when it has none in the action; a nil `diasExecucao` adds nothing ("somando a
///   quantidade de dias com o valor diferente de nulo").
///
/// Reading (seed 002 §2.3.3 "Quantidade de dias entre [as atividades] na ação", "dias para geração
/// após a sua [predecessora]"): the days count from the activity it follows, not from the start,
/// which is what lets ENCERRAR OS (EMITIR + 7) and ENCERRAR (EMITIR + 10) share EMITIR as base.
public enum DatasAutomaticas {
    /// Each activity's date for an action starting on `inicio`, keyed by activity id.
    public static func datasDasAtividades(_ atividades: [AtividadeCobranca], inicio: CivilDate) -> [Int: CivilDate] {
        var datas: [Int: CivilDate] = [:]
        var anterior: CivilDate?
        for atividade in atividades.sorted(by: { $0.ordem < $1.ordem }) {
            let data: CivilDate
            if let ultima = anterior {
                let base = atividade.predecessoraID.flatMap { datas[$0] } ?? ultima
                data = base.adding(days: atividade.diasExecucao ?? 0)
            } else {
                data = inicio
            }
            datas[atividade.id] = data
            anterior = data
        }
        return datas
    }

    /// The start date of every kept action ("Remover" unmarked), keyed by action id. A predecessor
    /// outside the schedule (or removed) leaves the action starting on the cycle's start.
    public static func iniciosDasAcoes(_ cronograma: CronogramaCobranca, inicioCiclo: CivilDate) -> [Int: CivilDate] {
        let mantidas = Dictionary(cronograma.acoesMantidas.map { ($0.acao.id, $0) }, uniquingKeysWith: { a, _ in a })
        var inicios: [Int: CivilDate] = [:]

        func inicio(_ id: Int, visitando: Set<Int>) -> CivilDate {
            if let pronto = inicios[id] { return pronto }
            guard let acao = mantidas[id] else { return inicioCiclo }
            var resultado = inicioCiclo
            if let predecessora = acao.acao.predecessoraID, mantidas[predecessora] != nil,
                !visitando.contains(predecessora)
            {
                // The predecessor's first activity falls on its own start.
                resultado = inicio(predecessora, visitando: visitando.union([id]))
                    .adding(days: acao.acao.diasMinimosAposPredecessora ?? 0)
            }
            inicios[id] = resultado
            return resultado
        }
        for id in mantidas.keys { _ = inicio(id, visitando: [id]) }
        return inicios
    }

    /// The schedule with the planned date of every kept action's activities computed from the
    /// cycle's start. Activities already realized keep their dates (they are history).
    public static func calcular(_ cronograma: CronogramaCobranca, inicioCiclo: CivilDate) -> CronogramaCobranca {
        let inicios = iniciosDasAcoes(cronograma, inicioCiclo: inicioCiclo)
        var resultado = cronograma
        for indice in resultado.acoes.indices where !resultado.acoes[indice].remover {
            let acao = resultado.acoes[indice]
            let datas = datasDasAtividades(acao.atividades.map(\.atividade), inicio: inicios[acao.acao.id] ?? inicioCiclo)
            for j in acao.atividades.indices where !acao.atividades[j].realizada {
                resultado.acoes[indice].atividades[j].dataPrevista = datas[acao.atividades[j].atividade.id]
            }
        }
        return resultado
    }
}
