import Contratos
import GSANDatabase
import GSANModel
import JobRuntime
import Logging
import ParcelamentoJudicialRegras
import Postgres

/// The daily batch that charges a lost discount (seed 001; GSAN-FACTS §8): the scheduler
/// enqueues ONE job per day (`parcelamento.perda-desconto:dia=AAAA-MM-DD`; enqueueing the day
/// again is a no-op), on the `documentos` family — the worker that issues the utility's
/// payment documents (DESIGN: documentos, seeds 002 and 001). The job, in its one transaction,
/// issues the guia (tipo 123) of every agreement that lost its discount (``PerdaDesconto``) and
/// flags the late installment's guia; the unique index on (agreement, tipo, prestação) keeps it
/// at one guia per agreement, ever, whatever runs twice.
public enum PerdaDescontoDiaria {
    /// The kind and id of the catalogue (Core/Contratos/ParcelamentoJudicial.swift).
    public static var kind: JobKind { ParcelamentoJudicialJobs.perdaDesconto }

    public static func jobID(_ dia: CivilDate) -> String { ParcelamentoJudicialJobs.idPerdaDesconto(dia) }

    public static func spec(_ dia: CivilDate, kind: JobKind = ParcelamentoJudicialJobs.perdaDesconto) throws -> JobSpec {
        try JobSpec(id: jobID(dia), kind: kind, payload: DiaPerdaDesconto(dia: dia), correlationID: "parcelamento.perda-desconto")
    }

    /// The scheduler's call, each pass: true when this pass enqueued the day's job.
    @discardableResult
    public static func enfileirarDoDia(_ hoje: CivilDate, db: PostgresConnection) throws -> Bool {
        try Outbox.enqueue(spec(hoje), on: db)
    }

    public static func register(into registry: inout JobRegistry) {
        registry.register(ParcelamentoJudicialJobs.perdaDesconto) { (payload: DiaPerdaDesconto, context) in
            try context.setResult(try gerar(hoje: payload.dia, db: context.db, logger: context.logger))
        }
    }

    public struct Resultado: Codable, Sendable, Equatable {
        public var avaliados: Int
        /// (agreement, guia) of each guia issued.
        public var guias: [[Int64]]
    }

    /// Inside the caller's transaction (the job's).
    public static func gerar(hoje: CivilDate, db: PostgresConnection, logger: Logger) throws -> Resultado {
        let candidatos = try db.query(
            """
            SELECT p.pjud_id, p.pjud_nnprocessojudicial, p.pjud_vlconta + p.pjud_vlacrescimos - p.pjud_vlacordo, p.clie_idresponsavel,
                   i.imov_id, p.pjud_amreferenciafaturamento::int
            FROM cobranca.parcelamento_judicial p
            JOIN cobranca.parcel_judicial_imov i ON i.pjud_id = p.pjud_id AND i.pjim_icimovelprincipal = 1
            WHERE p.pcst_id = 1 AND p.pjud_icperderdesconto = 1
              AND NOT EXISTS (SELECT 1 FROM faturamento.guia_pagamento a WHERE a.pjud_id = p.pjud_id AND a.dbtp_id = 123)
              AND EXISTS (SELECT 1 FROM faturamento.guia_pagamento g
                          WHERE g.pjud_id = p.pjud_id AND g.dbtp_id IN (118, 119) AND g.dcst_idatual = 0 AND g.gpag_dtvencimento < $1
                            AND NOT EXISTS (SELECT 1 FROM arrecadacao.pagamento x WHERE x.gpag_id = g.gpag_id))
            ORDER BY p.pjud_id
            FOR UPDATE OF p
            """, [hoje])
        var guias: [[Int64]] = []
        for row in candidatos {
            let (id, processo, desconto, cliente, imovel, referencia) = try row.decode((Int, String, Centavos, Int, Int, Int).self)
            let parcelas = try db.query(
                """
                SELECT g.gpag_id, CASE WHEN g.dbtp_id = 118 THEN 0 ELSE g.gpag_nnprestacaodebito::int END, g.gpag_dtvencimento,
                       EXISTS (SELECT 1 FROM arrecadacao.pagamento x WHERE x.gpag_id = g.gpag_id)
                FROM faturamento.guia_pagamento g
                WHERE g.pjud_id = $1 AND g.dbtp_id IN (118, 119) AND g.dcst_idatual = 0 ORDER BY 2  -- the entrada (118) as installment 0
                """, [id]
            ).map { try $0.decode((Int64, Int, CivilDate, Bool).self) }
            let situacao = PerdaDesconto.Situacao(
                normal: true, perdeDesconto: true, desconto: desconto, guiaJaGerada: false,
                parcelas: parcelas.map { .init(numero: $0.1, vencimento: $0.2, paga: $0.3) })
            guard let guia = PerdaDesconto.avaliar(situacao, hoje: hoje) else { continue }
            let gpag = try EfetuarParcelamento.inserirGuia(
                parcelamento: id, imovel: imovel, cliente: cliente, tipo: PerdaDesconto.debitoTipo, emissao: hoje,
                vencimento: guia.vencimento, referencia: referencia, valor: guia.valor, prestacao: 1, total: 1,
                observacao: PerdaDesconto.observacao(parcela: guia.parcelaAtrasada, processo: processo), db: db)
            try EfetuarParcelamento.inserirItens(gpag, debitos: [(PerdaDesconto.debitoTipo, guia.valor)], desconto: .zero, db: db)
            if let atrasada = parcelas.first(where: { $0.1 == guia.parcelaAtrasada }) {
                try db.execute("UPDATE faturamento.guia_pagamento SET gpag_icgerarguiaatrasoparcjud = 1 WHERE gpag_id = $1", [atrasada.0])
            }
            guias.append([Int64(id), gpag])
            logger.info(
                "guia de perda do desconto gerada",
                metadata: ["parcelamento": "\(id)", "guia": "\(gpag)", "valor": "\(guia.valor)", "parcela": "\(guia.parcelaAtrasada)"])
        }
        return Resultado(avaliados: candidatos.count, guias: guias)
    }
}
