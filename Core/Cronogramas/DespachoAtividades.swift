import Contratos
import GSANModel
import JobRuntime
import Logging
import Postgres

/// The scheduler's pass over the cronogramas: every commanded activity whose planned date has
/// come and which is not realized becomes its job, in one transaction with the outbox; an
/// activity whose job tree finished is marked realized at the instant the job finished.
public enum DespachoAtividades {
    /// How many jobs the pass enqueued (0 when they all were before) and how many activities it
    /// marked realized.
    public static func executar(hoje: CivilDate, db: PostgresConnection, logger: Logger) throws -> (enqueued: Int, realized: Int) {
        try db.withTransaction { db in
            // Locked: an operator un-commanding an activity (gsan cronograma) either commits
            // before this pass reads it or waits for the job to exist and is refused.
            let abertas = try db.query(
                """
                SELECT a.caac_id, a.cbat_id, c.cbac_id, m.cbgr_id, m.cbcm_amreferencia::int, a.caac_dtprevista <= $1::date
                FROM cobranca.cobranca_acao_ativ_crg a
                JOIN cobranca.cobranca_acao_cronograma c ON c.cbcr_id = a.cbcr_id
                JOIN cobranca.cobranca_grupo_crg_mes m ON m.cbcm_id = c.cbcm_id
                WHERE a.caac_tmcomando IS NOT NULL AND a.caac_tmrealizacao IS NULL
                ORDER BY a.caac_dtprevista, a.caac_id
                FOR UPDATE OF a
                """, [hoje.iso]
            ).map { try $0.decode((Int, Int, Int, Int, Int, Bool).self) }
            let realizadas = try marcarRealizadas(abertas.map(\.0), db: db)
            var enqueued = 0
            for (caac, atividade, acao, grupo, referencia, devida) in abertas where devida && !realizadas.contains(caac) {
                guard let kind = AtividadeDespacho.kind(atividade: atividade) else {
                    logger.warning("atividade sem job correspondente", metadata: ["caac": "\(caac)", "atividade": "\(atividade)"])
                    continue
                }
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
            }
            return (enqueued, realizadas.count)
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
