import Foundation
import GSANModel
import Postgres

/// The collection month of group 1 (06/2025) written by SQL, in the tables' documented meaning:
/// documents of the EMITIR of each action (cobranca_documento.caac_id), their orders closed as
/// the encerramento worker and the fiscalização would leave them (situação 2, motivo, instant,
/// the contractor's unit 2, pavement), non-acceptances (cob_ac_os_nao_aceitas), and every
/// action's ENCERRAR realized (the resumo das ações written).
struct Ciclo {
    let db: PostgresConnection
    static let referencia = 202506
    var sequencia: Int64 = 900_000

    init(_ db: PostgresConnection) { self.db = db }

    func caac(acao: Int, atividade: Int, grupo: Int = 1, referencia: Int = Ciclo.referencia) throws -> Int {
        try db.query(
            """
            SELECT a.caac_id FROM cobranca.cobranca_acao_ativ_crg a
            JOIN cobranca.cobranca_acao_cronograma c USING (cbcr_id) JOIN cobranca.cobranca_grupo_crg_mes m USING (cbcm_id)
            WHERE m.cbgr_id = $1 AND m.cbcm_amreferencia = $4 AND c.cbac_id = $2 AND a.cbat_id = $3
            """, [grupo, acao, atividade, referencia])[0].decode(Int.self, at: 0)
    }

    /// Every action of the group's month closed (ENCERRAR realized).
    func encerrarAcoes(grupo: Int = 1, referencia: Int = Ciclo.referencia) throws {
        try db.execute(
            """
            UPDATE cobranca.cobranca_acao_ativ_crg a SET caac_tmrealizacao = a.caac_tmcomando
            FROM cobranca.cobranca_acao_cronograma c JOIN cobranca.cobranca_grupo_crg_mes m USING (cbcm_id)
            WHERE a.cbcr_id = c.cbcr_id AND m.cbgr_id = $1 AND m.cbcm_amreferencia = $2 AND a.cbat_id = 3
            """, [grupo, referencia])
    }

    /// A document of the action's EMITIR for `imovel`, emitted on `emissao` (DD/MM/AAAA), with the
    /// imóvel's contas of `contas` (ids) as its items.
    mutating func documento(acao: Int, imovel: Int, emissao: String, contas: [Int64] = [], grupo: Int = 1, referencia: Int = Ciclo.referencia) throws -> Int64 {
        sequencia += 1
        let emitir = try caac(acao: acao, atividade: 2, grupo: grupo, referencia: referencia)
        let d = try db.query(
            """
            INSERT INTO cobranca.cobranca_documento (cbdo_nnsequenciadocumento, cbdo_tmemissao, cbdo_vldocumento, imov_id, loca_id, qdra_id, iper_id,
                last_id, lest_id, dotp_id, cbac_id, caac_id, cese_id, empr_id)
            SELECT $1, (to_date($2, 'DD/MM/YYYY') + time '11:00') AT TIME ZONE 'America/Sao_Paulo', 100.00, i.imov_id, i.loca_id, i.qdra_id, i.iper_id,
                   i.last_id, i.lest_id, a.dotp_id, a.cbac_id, $4, 1, 2
            FROM cadastro.imovel i, cobranca.cobranca_acao a WHERE i.imov_id = $3 AND a.cbac_id = $5
            RETURNING cbdo_id
            """, [sequencia, emissao, imovel, emitir, acao])[0].decode(Int64.self, at: 0)
        for c in contas {
            try db.execute(
                """
                INSERT INTO cobranca.cobranca_documento_item (cbdo_id, dotp_id, cnta_id, cdit_vlitemcobrado)
                SELECT $1, 1, c.cnta_id, c.cnta_vlagua + c.cnta_vlesgoto + c.cnta_vldebitos - c.cnta_vlcreditos - c.cnta_vlimpostos
                FROM faturamento.conta c WHERE c.cnta_id = $2
                """, [d, c])
        }
        return d
    }

    /// The order of a document, closed on `data` with `motivo` by the contractor's unit (2); nil
    /// motivo = still pending. `pavimento`: (com, m² de asfalto).
    func ordem(_ documento: Int64, servico: Int, motivo: Int?, data: String = "20/06/2025", pavimento: (Bool, String)? = nil) throws -> Int64 {
        let o = try db.query(
            """
            INSERT INTO atendimentopublico.ordem_servico (orse_cdsituacao, svtp_id, imov_id, cbdo_id, orse_tmgeracao, orse_tmemissao,
                orse_tmencerramento, amen_id, unid_idencerramento)
            SELECT CASE WHEN $3::int IS NULL THEN 1 ELSE 2 END, $2, d.imov_id, d.cbdo_id, d.cbdo_tmemissao, d.cbdo_tmemissao,
                   CASE WHEN $3::int IS NULL THEN NULL ELSE (to_date($4, 'DD/MM/YYYY') + time '12:00') AT TIME ZONE 'America/Sao_Paulo' END,
                   $3, CASE WHEN $3::int IS NULL THEN NULL ELSE 2 END
            FROM cobranca.cobranca_documento d WHERE d.cbdo_id = $1 RETURNING orse_id
            """, [documento, servico, motivo, data])[0].decode(Int64.self, at: 0)
        if let (com, asfalto) = pavimento {
            try db.execute(
                "INSERT INTO atendimentopublico.ordem_servico_pavimento (orse_id, ospv_icpavimento, ospv_nnareaasfalto) VALUES ($1, $2, $3::numeric)",
                [o, com ? 1 : 2, asfalto])
        }
        return o
    }

    /// A non-acceptance of `ordem` with the seed's motives (1 CORTE INDEVIDO ×2, 2 SERVICO NAO EXECUTADO ×2).
    func naoAceitar(_ ordem: Int64, motivo: Int, acao: Int = 34, aceita: Bool = false) throws {
        try db.execute(
            """
            INSERT INTO cobranca.cob_ac_os_nao_aceitas (orse_id, caac_id, mnac_id, caon_icaceita, caon_tminformacao)
            SELECT $1, d.caac_id, $2, $3, now() FROM atendimentopublico.ordem_servico o JOIN cobranca.cobranca_documento d USING (cbdo_id)
            WHERE o.orse_id = $1
            """, [ordem, motivo, aceita ? 1 : 2])
    }

    /// The imóveis of the generated utility, in id order.
    func imoveis(_ n: Int) throws -> [Int] {
        try db.query("SELECT imov_id FROM cadastro.imovel ORDER BY imov_id LIMIT $1", [n]).map { try $0.decode(Int.self, at: 0) }
    }
}
