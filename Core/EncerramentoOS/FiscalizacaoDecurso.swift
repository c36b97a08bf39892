import Contratos
import EncerramentoRegras
import FiscalizacaoRegras
import GSANModel
import JobRuntime
import Logging
import Postgres

/// The fiscalizações de serviço not informed in time (seed 002 §1.3.1: "A FISCALIZAÇÃO DE SERVIÇOS deve ser
/// executada e informada no GSAN … em até 20 (vinte) dias da sua emissão"; GSAN-FACTS §4, "Encerrar OS de
/// fiscalização por decurso de prazo"): once a day the scheduler enqueues `fiscalizacao.decurso-prazo`, which
/// closes every fiscalização de serviço still open (pending or in execution) whose 20 days ended before the day
/// with motivo 32 (CANCELADO POR DECURSO DE PRAZO), by the batch, in one transaction. Its return is refused from
/// the same day on (``RetornoFiscalizacao/prazoVencido(emissao:hoje:)``), so the OS no longer stays pending
/// forever. The inspected OS keeps its own closing (it was closed before it could be inspected) and has no
/// pending fiscalização any more, so a later OS seletiva may draw it again within its window. The fiscalização of
/// the cut-off imóveis of an action (with a collection document) is closed by the action's ENCERRAR OS instead
/// (``DecursoPrazo``).
public enum FiscalizacaoDecurso {
    public static func spec(_ dia: CivilDate, kind: JobKind = FiscalizacaoJobs.decursoPrazo) throws -> JobSpec {
        try JobSpec(id: FiscalizacaoJobs.idDecursoPrazo(dia), kind: kind, payload: DiaDecursoFiscalizacao(dia: dia),
                    correlationID: FiscalizacaoJobs.decursoPrazo.name)
    }

    /// The scheduler's call, each pass, in the caller's transaction: true when this pass enqueued the day's job
    /// (its id is the day: once per day, whatever the passes).
    @discardableResult
    public static func enfileirarDoDia(_ hoje: CivilDate, db: PostgresConnection) throws -> Bool {
        try Outbox.enqueue(spec(hoje), on: db)
    }

    public struct Resultado: Codable, Sendable, Equatable {
        /// The OS closed by this pass, in order.
        public var encerradas: [Int64]
        /// Open fiscalizações de serviço still within their 20 days.
        public var noPrazo: Int
    }

    /// In the caller's transaction (the job's). A second pass on the same day closes nothing more.
    public static func encerrar(dia: CivilDate, db: PostgresConnection, logger: Logger) throws -> Resultado {
        let abertas = try db.query(
            """
            SELECT o.orse_id, (COALESCE(o.orse_tmemissao, o.orse_tmgeracao) AT TIME ZONE '\(CivilDate.fusoHorarioDaEmpresa)')::date
            FROM atendimentopublico.ordem_servico o
            JOIN atendimentopublico.servico_tipo s ON s.svtp_id = o.svtp_id
            WHERE o.orse_cdsituacao IN (1, 3) AND s.svtp_icfiscalizacaoinfracao = 1
              AND o.cbdo_id IS NULL AND o.orse_idreferencia IS NOT NULL
            ORDER BY o.orse_id
            """
        ).map { try $0.decode((Int64, CivilDate).self) }
        let vencidas = abertas.filter { RetornoFiscalizacao.prazoVencido(emissao: $0.1, hoje: dia) }
        let situacao = SituacaoAcao.aposEncerrar(motivo: PrazoDecurso.motivo, execucao: false).rawValue
        let encerradas = try EncerramentoOrdens.encerrar(
            vencidas.map { (ordem, emissao) in
                EncerramentoOrdens.Item(
                    ordem: ordem, motivo: PrazoDecurso.motivo, data: dia.iso, minutos: 0,
                    parecer: RetornoFiscalizacao.parecerDecurso(emissao: emissao), agente: nil, situacao: situacao, unidade: nil,
                    automatico: 1, cortar: false)
            }, origem: .batch, db: db)
        if !encerradas.isEmpty {
            logger.info("fiscalizações de serviço encerradas por decurso de prazo", metadata: ["dia": "\(dia)", "encerradas": "\(encerradas.count)"])
        }
        return Resultado(encerradas: encerradas, noPrazo: abertas.count - vencidas.count)
    }

    public static func register(into registry: inout JobRegistry) {
        registry.register(FiscalizacaoJobs.decursoPrazo) { (p: DiaDecursoFiscalizacao, context) in
            let r = try encerrar(dia: p.dia, db: context.db, logger: context.logger)
            struct Resumo: Encodable { var encerradas: Int; var noPrazo: Int }
            try context.setResult(Resumo(encerradas: r.encerradas.count, noPrazo: r.noPrazo))
        }
    }
}
