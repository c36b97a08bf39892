import GSANModel

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
