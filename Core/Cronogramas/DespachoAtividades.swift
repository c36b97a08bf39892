import Contratos
import GSANModel
import JobRuntime
import Logging
import Postgres

/// The scheduler's pass over the cronogramas: every commanded activity whose planned date has
/// come and which is not realized becomes its job, in one transaction with the outbox; an
/// activity whose job tree finished is marked realized at the instant the job finished.
///
/// Day by day (docs/cronograma.md, "Dia a dia"): a pass that finds work of several days due —
/// the scheduler was stopped, or `--hoje` jumped — dispatches only the earliest day's, and the
/// next day's once that has finished, as the daily passes would have. Work of different days
/// draws on the same rows and counters (an EMITIR reads the bills a close changes; documents,
/// bills and remessas are numbered in the order they are written), so running it together
/// would make the result depend on which job commits first. Within the day, an action's
/// activities wait for those of its predecessor action in the same cronograma (the successor's
/// selection reads the predecessor's documents and orders as that day leaves them) and run in
/// the catalog's order of realization (`cbat_nnordemrealizacao`: SIMULAR before EMITIR, whose
/// route rows are numbered in the order written). And one activity of the day at a time, in the order of
/// date and `caac_id`: the activities of different groups on the same day number the same tables (documents,
/// their items, service orders and trâmites, the rotas' rows, the stored files) with ids their jobs reserve
/// from the sequences (docs/operacao.md, "Numeração determinística"); run together, which group got the
/// lower ids would depend on which job reserved first. The rotas of each activity still run in parallel.
public enum DespachoAtividades {
    /// How many jobs the pass enqueued (0 when they all were before), how many activities it
    /// marked realized, and the day it dispatched (nil when nothing is due).
    /// - Parameter outrasPendencias: the earliest date of other due work not finished (the
    ///   billing calendar's closes): nothing due after it is dispatched.
    public static func executar(
        hoje: CivilDate, outrasPendencias: CivilDate? = nil, db: PostgresConnection, logger: Logger
    ) throws -> (enqueued: Int, realized: Int, dia: CivilDate?) {
        try db.withTransaction { db in
            // Locked: an operator un-commanding an activity (gsan cronograma) either commits
            // before this pass reads it or waits for the job to exist and is refused.
            let abertas = try db.query(
                """
                SELECT a.caac_id, a.cbat_id, c.cbac_id, m.cbgr_id, m.cbcm_amreferencia::int, a.caac_dtprevista,
                       m.cbcm_id, x.cbac_idacaoprecedente, t.cbat_nnordemrealizacao
                FROM cobranca.cobranca_acao_ativ_crg a
                JOIN cobranca.cobranca_acao_cronograma c ON c.cbcr_id = a.cbcr_id
                JOIN cobranca.cobranca_grupo_crg_mes m ON m.cbcm_id = c.cbcm_id
                JOIN cobranca.cobranca_acao x ON x.cbac_id = c.cbac_id
                JOIN cobranca.cobranca_atividade t ON t.cbat_id = a.cbat_id
                WHERE a.caac_tmcomando IS NOT NULL AND a.caac_tmrealizacao IS NULL
                ORDER BY a.caac_dtprevista, a.caac_id
                FOR UPDATE OF a
                """
            ).map { try $0.decode((Int, Int, Int, Int, Int, CivilDate, Int, Int?, Int).self) }
            let realizadas = try marcarRealizadas(abertas.map(\.0), db: db)
            let devidas = abertas.filter { $0.5 <= hoje && !realizadas.contains($0.0) }
            for semJob in devidas where AtividadeDespacho.kind(atividade: semJob.1) == nil {
                logger.warning("atividade sem job correspondente", metadata: ["caac": "\(semJob.0)", "atividade": "\(semJob.1)"])
            }
            let pendentes = devidas.filter { AtividadeDespacho.kind(atividade: $0.1) != nil }
            let dia = ([outrasPendencias].compactMap { $0 } + pendentes.map(\.5)).min()
            guard let dia else { return (0, realizadas.count, nil) }
            let doDia = pendentes.filter { $0.5 <= dia }
            var enqueued = 0
            for (caac, atividade, acao, grupo, referencia, _, cronograma, predecessora, ordem) in doDia {
                // The predecessor action's activities of the day (same cronograma) first, and the
                // action's own in the catalog's order of realization (SIMULAR before EMITIR…).
                if doDia.contains(where: {
                    $0.6 == cronograma && (($0.2 == predecessora) || ($0.2 == acao && $0.8 < ordem))
                }) { continue }
                guard let kind = AtividadeDespacho.kind(atividade: atividade) else { continue }
                let payload = AtividadeDespacho.Payload(
                    atividadeCronograma: caac, acao: acao, atividade: atividade, grupo: grupo, referencia: referencia,
                    simular: atividade == 1)
                let spec = try JobSpec(
                    id: AtividadeDespacho.jobID(atividadeCronograma: caac), kind: kind, payload: payload,
                    correlationID: "cobranca.cronograma:grupo=\(grupo):ref=\(referencia)")
                if try Outbox.enqueue(spec, on: db) {
                    enqueued += 1
                    logger.info("atividade despachada", metadata: ["job.id": .string(spec.id), "job.kind": .string(kind.name)])
                }
                // The day's turn is this activity's (just dispatched, or still running): the next waits for it.
                break
            }
            return (enqueued, realizadas.count, dia)
        }
    }

    /// An activity is realized when its job tree finished: the job (done only after its last
    /// child) carries the instant.
    private static func marcarRealizadas(_ atividades: [Int], db: PostgresConnection) throws -> Set<Int> {
        let jobs = try JobRecords.byID(atividades.map { AtividadeDespacho.jobID(atividadeCronograma: $0) }, db: db)
        let realizadas = atividades.compactMap { caac -> (Int, Double)? in
            guard let job = jobs[AtividadeDespacho.jobID(atividadeCronograma: caac)], job.state == .done,
                let fim = job.finishedAt
            else { return nil }
            return (caac, fim)
        }
        guard !realizadas.isEmpty else { return [] }
        _ = try db.execute(
            """
            UPDATE cobranca.cobranca_acao_ativ_crg a
            SET caac_tmrealizacao = to_timestamp(r.fim), caac_nnversao = a.caac_nnversao + 1
            FROM unnest($1::int[], $2::float8[]) AS r(caac, fim)
            WHERE a.caac_id = r.caac AND a.caac_tmrealizacao IS NULL
            """, [PostgresArray(realizadas.map(\.0)), PostgresArray(realizadas.map { String($0.1) })])
        return Set(realizadas.map(\.0))
    }
}
