public import GSANModel

/// The checks around a schedule as a whole: its grupo and mês/ano when inserting, the start of an
/// automatic cycle, deleting, and optimistic concurrency.
public enum ManutencaoCronograma {
    /// Seed 002 §2.3.4.2 "Valida referência do cronograma": the typed `MM/AAAA` must be a month,
    /// and not before the group's last reference. Reading: the seed's condition is "menor que"
    /// (its message says "superior"), so the group's current reference itself is accepted — it
    /// is the month the operations team is scheduling.
    public static func validarReferencia(_ mesAno: String, grupo: GrupoCobranca) -> [Violacao] {
        guard let referencia = Referencia(mesAno: mesAno) else { return [.referenciaInvalida] }
        return validarReferencia(referencia, grupo: grupo)
    }

    public static func validarReferencia(_ referencia: Referencia, grupo: GrupoCobranca) -> [Violacao] {
        referencia < grupo.referencia ? [.referenciaAnteriorAoGrupo(ultimaReferencia: grupo.referencia)] : []
    }

    /// Seed 002 §2.3.4 "Verifica existência do cronograma para o grupo": a schedule of the group
    /// for that month already exists (`referenciasExistentes`: the group's scheduled months).
    public static func validarInclusao(
        grupo: GrupoCobranca, referencia: Referencia, referenciasExistentes: Set<Referencia>
    ) -> [Violacao] {
        referenciasExistentes.contains(referencia)
            ? [.cronogramaJaExiste(grupo: grupo.descricao, referencia: referencia)] : []
    }

    /// Seed 002 §2.3.4 "Valida data informada" (groups with execução automática): the cycle's
    /// start must not be before today, and its month must not be the month of the first activity
    /// of another schedule of the same group (`mesesDasPrimeirasAtividades`).
    public static func validarInicioCiclo(
        _ inicio: CivilDate, hoje: CivilDate, grupo: GrupoCobranca, mesesDasPrimeirasAtividades: Set<Referencia>
    ) -> [Violacao] {
        var violacoes: [Violacao] = []
        if inicio < hoje { violacoes.append(.dataInicioCicloAnteriorAHoje) }
        if mesesDasPrimeirasAtividades.contains(Referencia(inicio)) {
            violacoes.append(.cronogramaDoMesJaExisteParaOGrupo(grupo: grupo.descricao))
        }
        return violacoes
    }

    /// The same check on the date as typed (`DD/MM/AAAA`): seed 002 §2.3.4 "Caso a data
    /// informada seja inválida o sistema exibe a mensagem: Data informada é inválida."
    public static func validarInicioCiclo(
        _ texto: String, hoje: CivilDate, grupo: GrupoCobranca, mesesDasPrimeirasAtividades: Set<Referencia>
    ) -> [Violacao] {
        guard let inicio = CivilDate(brazilian: texto) else { return [.dataInformadaInvalida] }
        return validarInicioCiclo(inicio, hoje: hoje, grupo: grupo, mesesDasPrimeirasAtividades: mesesDasPrimeirasAtividades)
    }

    /// Seed 003: "Cronogramas de grupos automáticos não podem ser alterados, apenas consultados."
    /// Reading: seed 002 §2.3.4.2 (older) still let the user mark "Comandar" on such groups; seed
    /// 003 is the later revision and forbids any change, deletion included.
    public static func validarAlteracaoDoGrupo(_ grupo: GrupoCobranca) -> [Violacao] {
        grupo.execucaoAutomatica ? [.grupoAutomaticoSomenteConsulta] : []
    }

    /// What a maintenance may not change, comparing the schedule as read (`original`) with the one
    /// about to be saved (seed 002 §2.3.4.2 items 2–3: the screen disables these fields):
    /// - a realized activity is history: its date, "Comandar" and Qtd Máxima stay as they are;
    /// - an action with a realized activity cannot be removed;
    /// - an activity already handed to the job pipeline (`despachadas`: activity → job id) cannot
    ///   be changed or removed either: its job was built from the row as it was.
    public static func validarAlteracoes(
        original: CronogramaCobranca, alterado: CronogramaCobranca, despachadas: [ChaveAtividade: String] = [:]
    ) -> [Violacao] {
        var violacoes: [Violacao] = []
        for acao in original.acoes.sorted(by: { ($0.acao.ordem ?? Int.max, $0.acao.id) < ($1.acao.ordem ?? Int.max, $1.acao.id) }) {
            let nome = acao.acao.descricao
            func despacho(_ atividade: AtividadeDoCronograma) -> String? {
                despachadas[ChaveAtividade(acao: acao.acao.id, atividade: atividade.atividade.id)]
            }
            guard let nova = alterado.acao(id: acao.acao.id), !nova.remover else {
                if acao.atividades.contains(where: \.realizada) {
                    violacoes.append(.acaoComAtividadeRealizada(acao: nome))
                } else if let despachada = acao.atividadesOrdenadas.first(where: { despacho($0) != nil }) {
                    violacoes.append(.atividadeJaDespachada(
                        atividade: despachada.atividade.descricao, acao: nome, despacho: despacho(despachada)!))
                }
                continue
            }
            for atividade in acao.atividadesOrdenadas {
                let depois = nova.atividade(id: atividade.atividade.id)
                let mudou = depois?.dataPrevista != atividade.dataPrevista || depois?.comandada != atividade.comandada
                    || depois?.qtdMaximaDocumentos != atividade.qtdMaximaDocumentos
                guard mudou else { continue }
                if atividade.realizada {
                    violacoes.append(.atividadeRealizadaNaoAlteravel(atividade: atividade.atividade.descricao, acao: nome))
                } else if let job = despacho(atividade) {
                    violacoes.append(.atividadeJaDespachada(atividade: atividade.atividade.descricao, acao: nome, despacho: job))
                }
            }
        }
        return violacoes
    }

    /// Deleting a schedule also deletes its activities: one already handed to the job pipeline
    /// (and not yet realized, which `validarExclusao` reports) must stay.
    public static func validarExclusaoDespachadas(
        _ cronograma: CronogramaCobranca, despachadas: [ChaveAtividade: String]
    ) -> [Violacao] {
        var violacoes: [Violacao] = []
        for acao in cronograma.acoesMantidas {
            for atividade in acao.atividadesOrdenadas where !atividade.realizada {
                guard let job = despachadas[ChaveAtividade(acao: acao.acao.id, atividade: atividade.atividade.id)] else {
                    continue
                }
                violacoes.append(.atividadeJaDespachada(
                    atividade: atividade.atividade.descricao, acao: acao.acao.descricao, despacho: job))
            }
        }
        return violacoes
    }

    /// Seed 003 "Cronograma de cobrança possui atividades já realizadas": none of the selected
    /// schedules may be deleted when any of them has a realized activity (the seed refuses the
    /// selection as a whole).
    public static func validarExclusao(_ cronogramas: [CronogramaCobranca]) -> [Violacao] {
        cronogramas.contains(where: \.possuiAtividadeRealizada) ? [.exclusaoComAtividadesRealizadas] : []
    }

    /// Seed 003 "Atualização realizada por outro usuário": the version read when the maintenance
    /// started (`cbcm_nnversao`) against the current one; `atual == nil` means the row is gone.
    public static func verificarVersao(esperada: Int, atual: Int?) -> [Violacao] {
        atual == esperada ? [] : [.atualizadoPorOutroUsuario]
    }

    /// The same check over several rows (the schedule and its activities' `caac_nnversao`), by key.
    public static func verificarVersoes<Chave: Hashable>(esperadas: [Chave: Int], atuais: [Chave: Int]) -> [Violacao] {
        esperadas.contains(where: { atuais[$0.key] != $0.value }) ? [.atualizadoPorOutroUsuario] : []
    }
}
