import Contratos
import EncerramentoRegras
import GSANDatabase
import GSANModel
import JobRuntime
import Logging
import Postgres

/// Encerrar Ordens de Visita de Cobrança (seed 002 §2.5.2.2; GSAN-FACTS §4, UC1233): every
/// pending visita de cobrança order of a group's cycle closed in a batch job, motivo 2 CONCLUSÃO DO
/// SERVIÇO, with GSAN's parecer. `gsan os encerrar-visitas` counts them and, confirmed, enqueues
/// `encerramento.visitas`, which closes them rota by rota (each rota one transaction).
public enum EncerramentoVisitas {
    public static let servico = 1011
    public static let motivo = 2
    public static let parecer = "Encerrada através da funcionalidade Encerramento Visita de Cobrança"

    static let selecao = """
        FROM atendimentopublico.ordem_servico o
        JOIN cobranca.cobranca_documento d ON d.cbdo_id = o.cbdo_id
        JOIN cobranca.cobranca_acao_ativ_crg a ON a.caac_id = d.caac_id
        JOIN cobranca.cobranca_acao_cronograma c ON c.cbcr_id = a.cbcr_id
        JOIN cobranca.cobranca_grupo_crg_mes g ON g.cbcm_id = c.cbcm_id
        JOIN cadastro.imovel m ON m.imov_id = d.imov_id
        JOIN cadastro.quadra q ON q.qdra_id = d.qdra_id
        WHERE g.cbgr_id = $1 AND g.cbcm_amreferencia = $2 AND o.orse_cdsituacao = 1 AND o.svtp_id = \(servico)
        """

    /// How many would close; refuses an unknown group.
    public static func contar(grupo: Int, referencia: Int, db: PostgresConnection) throws -> Int {
        guard try db.query("SELECT 1 FROM cobranca.cobranca_grupo WHERE cbgr_id = $1", [grupo]).first != nil else {
            throw ErroEncerramento.recusa("Grupo de cobrança \(grupo) inexistente.")
        }
        return try db.query("SELECT count(*)::int " + selecao, [grupo, referencia])[0].decode(Int.self, at: 0)
    }

    /// Enqueues the batch (in the caller's transaction); false when the same request exists.
    public static func enfileirar(_ p: PedidoVisitas, familia: String? = nil, db: PostgresConnection) throws -> Bool {
        let kind = EncerramentoJobs.visitas
        return try Outbox.enqueue(JobSpec(id: EncerramentoJobs.idVisitas(p), kind: familia.map { kind.inFamily($0) } ?? kind, payload: p), on: db)
    }

    public static func register(into registry: inout JobRegistry) {
        registry.register(EncerramentoJobs.visitas) { (p: PedidoVisitas, context) in
            let rotas = try context.db.query(
                "SELECT DISTINCT \(AcaoCiclo.rotaDoDocumento) " + selecao + " ORDER BY 1", [p.grupo, p.referencia]
            ).map { try $0.decode(Int.self, at: 0) }
            for r in rotas {
                try context.enqueueChild(
                    JobSpec(id: EncerramentoJobs.idRota(context.jobID, rota: r), kind: context.inOwnFamily(EncerramentoJobs.visitasRota), payload: ParteVisitas(pedido: p, rota: r)))
            }
            struct R: Encodable { var rotas: Int }
            try context.setResult(R(rotas: rotas.count))
        }
        registry.register(EncerramentoJobs.visitasRota) { (parte: ParteVisitas, context) in
            let p = parte.pedido
            let ids = try context.db.query(
                "SELECT o.orse_id " + selecao + " AND \(AcaoCiclo.rotaDoDocumento) = $3 ORDER BY 1", [p.grupo, p.referencia, parte.rota]
            ).map { try $0.decode(Int64.self, at: 0) }
            let execucao = try context.db.query(
                "SELECT amen_icexecucao = 1 FROM atendimentopublico.atendimento_motivo_encerramento WHERE amen_id = $1", [motivo]
            ).first?.decode(Bool.self, at: 0) ?? true
            let situacao = SituacaoAcao.aposEncerrar(motivo: motivo, execucao: execucao).rawValue
            let encerradas = try EncerramentoOrdens.encerrar(
                ids.map {
                    EncerramentoOrdens.Item(
                        ordem: $0, motivo: motivo, data: p.data.iso, minutos: 0, parecer: parecer, agente: nil, situacao: situacao,
                        unidade: nil, automatico: 2, cortar: false)
                }, origem: .batch, db: context.db)
            struct R: Encodable { var rota: Int; var encerradas: Int }
            try context.setResult(R(rota: parte.rota, encerradas: encerradas.count))
        }
    }
}
