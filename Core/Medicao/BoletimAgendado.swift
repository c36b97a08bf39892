import Contratos
import GSANModel
import JobRuntime
import Logging
import Postgres

/// The scheduler's hook (docs/medicao.md, "O scheduler"): a collection group's month is ready for
/// its Boletim de Medição when every action of its schedule had its ENCERRAR realized (the resumo
/// das ações written), the last of them on a day before today — the operator has that day to
/// inform the justificativas de não geração de penalidade, which the bulletin reads — the group
/// pays by a contract (its own or per action) and the month has no bulletin yet. Each such month
/// gets the same `medicao.grupo` job `gsan bm gerar` would enqueue (the same id: scheduler and
/// operator never generate it twice, and a pass repeated any number of times enqueues it once).
public enum BoletimAgendado {
    /// The ready months, oldest first.
    public static func prontos(hoje: CivilDate, db: PostgresConnection) throws -> [(grupo: Int, referencia: Int)] {
        try db.query(
            """
            SELECT m.cbgr_id, m.cbcm_amreferencia::int
            FROM cobranca.cobranca_grupo_crg_mes m
            JOIN cobranca.cobranca_grupo g ON g.cbgr_id = m.cbgr_id
            JOIN LATERAL (
                SELECT count(*) AS acoes, count(x.caac_tmrealizacao) AS encerradas, max(x.caac_tmrealizacao) AS ultima
                FROM cobranca.cobranca_acao_cronograma c
                LEFT JOIN cobranca.cobranca_acao_ativ_crg x ON x.cbcr_id = c.cbcr_id AND x.cbat_id = 3
                WHERE c.cbcm_id = m.cbcm_id
            ) a ON true
            WHERE a.acoes > 0 AND a.encerradas = a.acoes
              AND (a.ultima AT TIME ZONE '\(CivilDate.fusoHorarioDaEmpresa)')::date < $1::date
              AND (g.cese_id IS NOT NULL OR EXISTS (SELECT 1 FROM cobranca.cobr_grupo_acao_contrato x WHERE x.cbgr_id = g.cbgr_id))
              AND NOT EXISTS (SELECT 1 FROM cobranca.cobr_boletim_medicao b WHERE b.cbgr_id = m.cbgr_id AND b.cobm_amreferencia = m.cbcm_amreferencia)
            ORDER BY m.cbcm_amreferencia, m.cbgr_id
            """, [hoje.iso]
        ).map { try $0.decode((Int, Int).self) }.map { (grupo: $0.0, referencia: $0.1) }
    }

    /// Enqueues the bulletin of every ready month, in one transaction with the outbox; returns how
    /// many jobs are new (0 when they all were enqueued before, by a pass or by `gsan bm gerar`).
    /// `familia`: tests' own family.
    public static func enfileirar(hoje: CivilDate, familia: String? = nil, db: PostgresConnection, logger: Logger) throws -> Int {
        try db.withTransaction { db in
            var novos = 0
            for (grupo, referencia) in try prontos(hoje: hoje, db: db) {
                let p = BoletimDoGrupo(grupo: grupo, referencia: referencia, data: hoje)
                let kind = familia.map { MedicaoJobs.grupo.inFamily($0) } ?? MedicaoJobs.grupo
                let spec = try JobSpec(id: MedicaoJobs.idGrupo(p), kind: kind, payload: p, correlationID: "cobranca.cronograma:grupo=\(grupo):ref=\(referencia)")
                if try Outbox.enqueue(spec, on: db) {
                    novos += 1
                    logger.info("boletim de medição enfileirado pelo scheduler", metadata: ["job.id": .string(spec.id)])
                }
            }
            return novos
        }
    }
}
