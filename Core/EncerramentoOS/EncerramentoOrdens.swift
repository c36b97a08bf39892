import GSANDatabase
import GSANModel
import Postgres

/// Closing service orders as GSAN's `encerrarOSSemExecucao`/`encerrarOS` do (GSAN-FACTS §4), in
/// one set-based statement for any number of orders: the order (situação 2, motivo, instant,
/// parecer, the unit that closed it, who reported it), a trâmite row of the closing unit, the
/// collection document's situação da ação, the pavement data, and — an executed order of an action
/// that suspends the supply (the ordem de corte) — the ligação de água CORTADO with its date — and
/// the order it refers to (`orse_idreferencia`) when that one is still open: GSAN's
/// `atualizarParmsOSReferencia` closes it (situação 2) with the referring order's motivo. A referred
/// order already closed — the order a fiscalização inspects — keeps its own closing (the bulletin pays
/// it by its own motivo). Only orders still pending or in execution are closed: a second call closes
/// nothing twice.
enum EncerramentoOrdens {
    struct Item: Encodable {
        var ordem: Int64
        var motivo: Int
        var data: String
        var minutos: Int
        var parecer: String?
        var agente: String?
        /// The document's situação da ação afterwards.
        var situacao: Int
        /// The closing unit; nil: the batch user's (the localidade's unit, or the main company's).
        var unidade: Int?
        var automatico: Int
        /// Executed and its action suspends the supply: the ligação becomes CORTADO.
        var cortar: Bool
        var pavimento: Int?
        var asfalto: String?
        var paralelepipedo: String?
        var calcada: String?
    }

    /// Where a closing came from (`orse_dsorigemencerramento`).
    enum Origem: String { case operador = "OPERADOR", retorno = "RETORNO", batch = "BATCH" }

    /// Closes the items' orders (those still open); returns the ids it closed. The trâmites take, in order of
    /// the orders' ids, the ids in `tramites` (reserved by the job's parent: ``ReservaIds``), then the sequence's.
    static func encerrar(_ itens: [Item], origem: Origem, tramites: IdsReservados? = nil, db: PostgresConnection) throws -> [Int64] {
        guard !itens.isEmpty else { return [] }
        let tz = CivilDate.fusoHorarioDaEmpresa
        return try db.query(
            """
            WITH x AS (
                SELECT x.*, ((x.data::timestamp + x.minutos * interval '1 minute') AT TIME ZONE '\(tz)') AS instante
                FROM jsonb_to_recordset($1::jsonb) AS x(ordem bigint, motivo smallint, data date, minutos int, parecer text,
                    agente text, situacao smallint, unidade int, automatico smallint, cortar boolean, pavimento smallint,
                    asfalto text, paralelepipedo text, calcada text)
            ), alvo AS (
                SELECT o.orse_id, x.*,
                       COALESCE(x.unidade,
                                (SELECT u.unid_id FROM cadastro.unidade_organizacional u
                                 WHERE u.loca_id = d.loca_id AND u.unid_icuso = 1 ORDER BY u.unid_id LIMIT 1),
                                (SELECT min(u.unid_id) FROM cadastro.unidade_organizacional u
                                 JOIN cadastro.empresa p ON p.empr_id = u.empr_id WHERE p.empr_icempresaprincipal = 1)) AS unid
                FROM atendimentopublico.ordem_servico o
                JOIN x ON x.ordem = o.orse_id
                LEFT JOIN cobranca.cobranca_documento d ON d.cbdo_id = o.cbdo_id
                WHERE o.orse_cdsituacao IN (1, 3)
                ORDER BY o.orse_id
                FOR UPDATE OF o
            ), os AS (
                UPDATE atendimentopublico.ordem_servico o
                SET orse_cdsituacao = 2, amen_id = a.motivo, orse_tmencerramento = a.instante,
                    orse_dsparecerencerramento = a.parecer, unid_idencerramento = a.unid,
                    unid_idatual = COALESCE(a.unid, o.unid_idatual), orse_icencerramentoautomatico = a.automatico,
                    orse_nmagenteencerramento = a.agente, orse_dsorigemencerramento = $2, orse_nnversao = o.orse_nnversao + 1
                FROM alvo a WHERE o.orse_id = a.orse_id
                RETURNING o.orse_id, o.cbdo_id, o.imov_id, o.orse_idreferencia, a.motivo, a.unid, a.instante, a.data, a.situacao,
                          a.cortar, a.pavimento, a.asfalto, a.paralelepipedo, a.calcada
            ), referida AS (
                -- The referred order still open (waiting for this one, situação 4, or pending): closed with this one's
                -- motivo. One not closed by this statement itself (a row is updated once per statement).
                UPDATE atendimentopublico.ordem_servico r
                SET orse_cdsituacao = 2, amen_id = os.motivo, orse_tmencerramento = GREATEST(os.instante, r.orse_tmgeracao),
                    unid_idencerramento = os.unid, orse_icencerramentoautomatico = 1, orse_dsorigemencerramento = $2,
                    orse_nnversao = r.orse_nnversao + 1
                FROM os
                WHERE r.orse_id = os.orse_idreferencia AND r.orse_cdsituacao IN (1, 3, 4)
                  AND NOT EXISTS (SELECT 1 FROM alvo WHERE alvo.orse_id = r.orse_id)
            ), tramite AS (
                INSERT INTO atendimentopublico.ordem_servico_unidade (osun_id, orse_id, unid_id, attp_id, osun_tmregistro)
                SELECT \(ReservaIds.expressao(
                    tabela: "atendimentopublico.ordem_servico_unidade", coluna: "osun_id", parametro: "$3",
                    posicao: "row_number() OVER (ORDER BY orse_id)")),
                       orse_id, unid, 3, instante FROM os WHERE unid IS NOT NULL ORDER BY orse_id
            ), documento AS (
                UPDATE cobranca.cobranca_documento d SET cast_id = os.situacao, cbdo_dtsituacaoacao = os.data
                FROM os WHERE d.cbdo_id = os.cbdo_id
            ), pavimento AS (
                INSERT INTO atendimentopublico.ordem_servico_pavimento (orse_id, ospv_icpavimento, ospv_nnareaasfalto,
                    ospv_nnareaparalelepipedo, ospv_nnareacalcada)
                SELECT orse_id, pavimento, COALESCE(asfalto, '0')::numeric, COALESCE(paralelepipedo, '0')::numeric,
                       COALESCE(calcada, '0')::numeric
                FROM os WHERE pavimento IS NOT NULL
                ON CONFLICT (orse_id) DO NOTHING
            ), corte AS (
                UPDATE cadastro.imovel m SET last_id = 5 FROM os WHERE m.imov_id = os.imov_id AND os.cortar
            ), ligacao AS (
                UPDATE atendimentopublico.ligacao_agua l SET lagu_dtcorte = os.data
                FROM os WHERE l.lagu_id = os.imov_id AND os.cortar
            )
            SELECT orse_id FROM os ORDER BY 1
            """, [PostgresJSON(itens), origem.rawValue, PostgresArray(tramites?.primeiros(itens.count) ?? [])]
        ).map { try $0.decode(Int64.self, at: 0) }
    }
}
