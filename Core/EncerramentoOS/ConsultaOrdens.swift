import EncerramentoRegras
import GSANDatabase
import GSANModel
import Postgres

/// What `gsan os mostrar`, `listar` and `recebimento` read and write.
public enum ConsultaOrdens {
    public struct Ordem: Sendable, Hashable {
        public var id: Int64
        public var situacao: Int
        public var servico: String
        public var imovel: Int?
        public var documento: Int64?
        public var referencia: Int64?
        public var emissao: CivilDate
        public var prazo: CivilDate?
        public var motivo: String?
        /// `DD/MM/AAAA HH:MM` where the utility is.
        public var encerramento: String?
        public var parecer: String?
        public var unidade: String?
        public var agente: String?
        public var origem: String?
        public var pavimento: String?

        public var letra: String { EncerramentoManual.letra(situacao: situacao) }
    }

    static let colunas = """
        SELECT o.orse_id, o.orse_cdsituacao, s.svtp_dsservicotipo, o.imov_id, d.cbdo_nnsequenciadocumento, o.orse_idreferencia,
               (COALESCE(o.orse_tmemissao, o.orse_tmgeracao) AT TIME ZONE '\(CivilDate.fusoHorarioDaEmpresa)')::date,
               o.orse_dtprazoencerramento, o.amen_id || ' ' || me.amen_dsmotivoencerramento,
               to_char(o.orse_tmencerramento AT TIME ZONE '\(CivilDate.fusoHorarioDaEmpresa)', 'DD/MM/YYYY HH24:MI'),
               o.orse_dsparecerencerramento, u.unid_dsunidade, o.orse_nmagenteencerramento, o.orse_dsorigemencerramento,
               CASE p.ospv_icpavimento WHEN 1 THEN 'com pavimento' WHEN 2 THEN 'sem pavimento' END
                   || ': asfalto ' || p.ospv_nnareaasfalto || ' m², paralelepípedo ' || p.ospv_nnareaparalelepipedo
                   || ' m², calçada ' || p.ospv_nnareacalcada || ' m²'
        FROM atendimentopublico.ordem_servico o
        JOIN atendimentopublico.servico_tipo s ON s.svtp_id = o.svtp_id
        LEFT JOIN cobranca.cobranca_documento d ON d.cbdo_id = o.cbdo_id
        LEFT JOIN atendimentopublico.atendimento_motivo_encerramento me ON me.amen_id = o.amen_id
        LEFT JOIN cadastro.unidade_organizacional u ON u.unid_id = o.unid_idencerramento
        LEFT JOIN atendimentopublico.ordem_servico_pavimento p ON p.orse_id = o.orse_id
        """

    static func ordem(_ row: PostgresRow) throws -> Ordem {
        Ordem(
            id: try row.decode(Int64.self, at: 0), situacao: try row.decode(Int.self, at: 1), servico: try row.decode(String.self, at: 2),
            imovel: try row.decode(Int?.self, at: 3), documento: try row.decode(Int64?.self, at: 4),
            referencia: try row.decode(Int64?.self, at: 5), emissao: try row.decode(CivilDate.self, at: 6),
            prazo: try row.decode(CivilDate?.self, at: 7), motivo: try row.decode(String?.self, at: 8),
            encerramento: try row.decode(String?.self, at: 9), parecer: try row.decode(String?.self, at: 10),
            unidade: try row.decode(String?.self, at: 11), agente: try row.decode(String?.self, at: 12),
            origem: try row.decode(String?.self, at: 13), pavimento: try row.decode(String?.self, at: 14))
    }

    public static func mostrar(_ id: Int64, db: PostgresConnection) throws -> Ordem {
        guard let row = try db.query(colunas + " WHERE o.orse_id = $1", [id]).first else {
            throw ErroEncerramento.recusa("Ordem de Serviço \(id) inexistente.")
        }
        return try ordem(row)
    }

    /// The orders of the EMITIR of the action of activity `caac` (any of its activities), in order.
    public static func listar(comando caac: Int, situacao: Int?, db: PostgresConnection) throws -> [Ordem] {
        let ciclo = try AcaoCiclo.carregar(caac, db: db)
        guard let emitir = ciclo.emitir else { return [] }
        return try db.query(
            colunas + " WHERE d.caac_id = $1 AND ($2::int IS NULL OR o.orse_cdsituacao = $2) ORDER BY o.orse_id",
            [emitir, situacao]
        ).map(ordem)
    }

    /// The EMITIR of each action of a group's cycle that issued service orders: its emission and the
    /// contractor's receipt (nil while not recorded), in the schedule's order.
    public static func recebimentos(grupo: Int, referencia: Int, db: PostgresConnection) throws
        -> [(acao: String, emissao: CivilDate, data: CivilDate?)]
    {
        try db.query(
            """
            SELECT x.cbac_dscobrancaacao, a.caac_dtprevista, a.caac_dtrecebimentocontratada
            FROM cobranca.cobranca_acao_ativ_crg a
            JOIN cobranca.cobranca_acao_cronograma c ON c.cbcr_id = a.cbcr_id
            JOIN cobranca.cobranca_grupo_crg_mes m ON m.cbcm_id = c.cbcm_id
            JOIN cobranca.cobranca_acao x ON x.cbac_id = c.cbac_id
            WHERE m.cbgr_id = $1 AND m.cbcm_amreferencia = $2 AND a.cbat_id = 2
              AND EXISTS (SELECT 1 FROM cobranca.cobranca_documento d JOIN atendimentopublico.ordem_servico o ON o.cbdo_id = d.cbdo_id
                          WHERE d.caac_id = a.caac_id)
            ORDER BY COALESCE(x.cbac_nnordemrealizacao, 999), x.cbac_id
            """, [grupo, referencia]
        ).map { row in
            let (acao, emissao, data) = try row.decode((String, CivilDate, CivilDate?).self)
            return (acao: acao, emissao: emissao, data: data)
        }
    }

    /// `gsan os recebimento`: the day the contractor received the EMITIR's documents.
    /// - Throws: ``ErroEncerramento/recusa(_:)``; nothing is written.
    public static func registrarRecebimento(comando caac: Int, data: CivilDate, hoje: CivilDate, db: PostgresConnection) throws
        -> (ciclo: AcaoCiclo, anterior: CivilDate?)
    {
        try db.withTransaction { db in
            let ciclo: AcaoCiclo
            do {
                ciclo = try AcaoCiclo.carregar(caac, db: db)
            } catch ErroEncerramento.atividadeInexistente(_) {
                throw ErroEncerramento.recusa("Comando \(caac) inexistente (atividade do cronograma).")
            }
            guard ciclo.tipoAtividade == 2, ciclo.emitir == caac else {
                throw ErroEncerramento.recusa(
                    "A atividade \(caac) não é EMITIR: informe o comando cujos documentos a contratada recebeu"
                        + (ciclo.emitir.map { " (a EMITIR desta ação é \($0))." } ?? "."))
            }
            guard let row = try db.query(
                "SELECT caac_tmcomando IS NOT NULL, caac_dtrecebimentocontratada FROM cobranca.cobranca_acao_ativ_crg WHERE caac_id = $1 FOR UPDATE",
                [caac]).first
            else { throw ErroEncerramento.recusa("Comando \(caac) inexistente (atividade do cronograma).") }
            let (comandada, anterior) = try row.decode((Bool, CivilDate?).self)
            guard comandada, try db.query("SELECT 1 FROM cobranca.cobranca_documento WHERE caac_id = $1 LIMIT 1", [caac]).first != nil
            else { throw ErroEncerramento.recusa("A EMITIR \(caac) ainda não emitiu documentos: não há o que a contratada receber.") }
            if data < ciclo.data {
                throw ErroEncerramento.recusa("Data de recebimento \(data) anterior à emissão dos documentos (\(ciclo.data)).")
            }
            if data > hoje { throw ErroEncerramento.recusa("Data de recebimento \(data) posterior à data atual (\(hoje)).") }
            try db.execute(
                "UPDATE cobranca.cobranca_acao_ativ_crg SET caac_dtrecebimentocontratada = $2, caac_nnversao = caac_nnversao + 1 WHERE caac_id = $1",
                [caac, data])
            return (ciclo, anterior)
        }
    }
}
