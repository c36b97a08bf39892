import Contratos
import FiscalizacaoRegras
import GSANModel
import JobRuntime
import Postgres

/// The automatic fiscalização de serviços of seed 002 §1.3.1 ("Após o encerramento de cada ciclo de
/// cobrança … Serão emitidas FISCALIZAÇÕES DE SERVIÇOS para todos os serviços justificados … A quantidade
/// mínima sugerida pelo sistema é de 2% … com período de execução de até 60 (sessenta) dias"): once a
/// group's collection cycle is closed — every action of its cronograma has its ENCERRAR realized — the
/// scheduler enqueues `fiscalizacao.seletiva.automatica` for the group and cycle; the job draws the OS
/// seletiva of the group as `gsan os seletiva gerar --grupo G` would with the default percentage (2 %) and
/// the parameter's window (`parm_qtdediasencerraosfiscalizacao`), records it tied to the cycle, and enqueues
/// the generation's tree (``OSSeletiva``) as its child. Once per group and cycle: the job id is the cycle,
/// the generation is unique per cycle (`os_seletiva_automatica`), and a cycle that has one is not due again.
public enum SeletivaAutomatica {
    /// The cycles closed and without their automatic seletiva, whose last ENCERRAR was realized within the
    /// parameter's window (older cycles, closed before this existed, are not drawn now).
    public static func devidos(hoje: CivilDate, db: PostgresConnection) throws -> [CicloSeletiva] {
        try db.query(
            """
            SELECT m.cbgr_id, m.cbcm_amreferencia
            FROM cobranca.cobranca_grupo_crg_mes m
            CROSS JOIN cadastro.sistema_parametros p
            WHERE EXISTS (SELECT 1 FROM cobranca.cobranca_acao_cronograma c WHERE c.cbcm_id = m.cbcm_id)
              AND NOT EXISTS (
                  SELECT 1 FROM cobranca.cobranca_acao_cronograma c WHERE c.cbcm_id = m.cbcm_id
                    AND NOT EXISTS (SELECT 1 FROM cobranca.cobranca_acao_ativ_crg a
                                    WHERE a.cbcr_id = c.cbcr_id AND a.cbat_id = 3 AND a.caac_tmrealizacao IS NOT NULL))
              AND (SELECT max(a.caac_tmrealizacao) FROM cobranca.cobranca_acao_cronograma c
                   JOIN cobranca.cobranca_acao_ativ_crg a ON a.cbcr_id = c.cbcr_id AND a.cbat_id = 3 WHERE c.cbcm_id = m.cbcm_id)
                  >= (($1::date - p.parm_qtdediasencerraosfiscalizacao)::timestamp AT TIME ZONE '\(CivilDate.fusoHorarioDaEmpresa)')
              AND NOT EXISTS (SELECT 1 FROM atendimentopublico.os_seletiva s
                              WHERE s.cbgr_id = m.cbgr_id AND s.osse_amreferenciaciclo = m.cbcm_amreferencia)
            ORDER BY 1, 2
            """, [hoje]
        ).map { CicloSeletiva(grupo: try $0.decode(Int.self, at: 0), referencia: try $0.decode(Int.self, at: 1), dia: hoje) }
    }

    public static func spec(_ c: CicloSeletiva) throws -> JobSpec {
        try JobSpec(id: FiscalizacaoJobs.idSeletivaAutomatica(c), kind: FiscalizacaoJobs.seletivaAutomatica, payload: c)
    }

    /// The scheduler's part, in the caller's transaction: each due cycle's job through the outbox (a job id
    /// already enqueued is not enqueued again). Returns how many it enqueued.
    public static func enfileirarDevidos(hoje: CivilDate, db: PostgresConnection) throws -> Int {
        try devidos(hoje: hoje, db: db).reduce(0) { $0 + (try Outbox.enqueue(spec($1), on: db) ? 1 : 0) }
    }

    public struct Resultado: Codable, Sendable, Equatable {
        public var geracao: Int?
        public var semConclusao: Int
        public var comConclusao: Int
        public var selecionadas: Int
        public var semente: Int64
    }

    /// The seed of a cycle's draw: fixed by the group and the cycle, so a redelivered job draws the same.
    public static func semente(_ c: CicloSeletiva) -> Int64 { Int64(c.referencia) * 1_000_000 + Int64(c.grupo) }

    /// The job, in its transaction: the generation recorded and its tree enqueued as a child (nothing
    /// when the cycle already has its generation; a generation without OS when the population is empty).
    static func gerar(_ c: CicloSeletiva, _ context: JobContext) throws {
        let db = context.db
        if let r = try db.query(
            """
            SELECT osse_id, osse_qtsemconclusao, osse_qtcomconclusao, osse_qtselecionadas, osse_nnsemente FROM atendimentopublico.os_seletiva
            WHERE cbgr_id = $1 AND osse_amreferenciaciclo = $2
            """, [c.grupo, c.referencia]).first
        {
            try context.setResult(Resultado(geracao: try r.decode(Int.self, at: 0), semConclusao: try r.decode(Int.self, at: 1),
                                            comConclusao: try r.decode(Int.self, at: 2), selecionadas: try r.decode(Int.self, at: 3),
                                            semente: try r.decode(Int64.self, at: 4)))
            return
        }
        let parametros = try OSSeletiva.parametros(db: db)
        let f = Seletiva.Filtro(grupo: c.grupo, dias: parametros.diasLimite)
        guard let usuario = try db.query(
            """
            SELECT u.usur_id FROM cadastro.usuario u JOIN cadastro.unidade_organizacional o ON o.unid_id = u.unid_id
            JOIN cadastro.empresa e ON e.empr_id = o.empr_id WHERE e.empr_icempresaprincipal = 1 AND u.usur_icuso = 1
            ORDER BY u.usur_id LIMIT 1
            """).first?.decode(Int.self, at: 0)
        else { throw ErroEncerramento.recusa("Nenhum usuário da empresa principal para a OS seletiva automática do grupo \(c.grupo).") }
        _ = try db.query("SELECT 1 FROM cobranca.cobranca_grupo WHERE cbgr_id = $1 FOR UPDATE", [c.grupo])
        let p = try OSSeletiva.populacao(f, hoje: c.dia, db: db)
        let com = p.filter(\.conclusao)
        let semente = semente(c)
        let sorteadas = Set(Seletiva.sortear(com.map(\.ordem), quantidade: Seletiva.quantidade(percentual: Seletiva.percentualPadrao, total: com.count),
                                             semente: UInt64(semente)))
        let itens = p.filter { !$0.conclusao || sorteadas.contains($0.ordem) }
        let (id, _) = try OSSeletiva.registrar(
            grupo: c.grupo, os: nil, filtro: .init(filtro: f), dias: f.dias, percentual: Seletiva.percentualPadrao, semente: semente,
            com: com.count, sem: p.count - com.count, itens: itens, hoje: c.dia, usuario: usuario, cicloAutomatico: c.referencia, db: db
        ) { id in
            guard !itens.isEmpty else { return "" }
            let job = FiscalizacaoJobs.idSeletivaDoCiclo(context.jobID, geracao: id)
            _ = try context.enqueueChild(JobSpec(id: job, kind: context.inOwnFamily(FiscalizacaoJobs.seletiva), payload: PedidoSeletiva(geracao: id)))
            return job
        }
        try context.setResult(Resultado(geracao: id, semConclusao: p.count - com.count, comConclusao: com.count, selecionadas: itens.count,
                                        semente: semente))
    }

    public static func register(into registry: inout JobRegistry) {
        registry.register(FiscalizacaoJobs.seletivaAutomatica, gerar)
    }
}
