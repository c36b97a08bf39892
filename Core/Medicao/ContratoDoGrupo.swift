import GSANDatabase
import GSANModel
import MedicaoRegras
import Postgres

/// The contract a collection group's bulletin pays by (seed 002 §2.2, §2.2.3): the group's own
/// (Manter Grupo Cobrança: empresa + contrato, every item goes to it), or, for a group with
/// execução automática and no contract, the company and contract per collection action.
public enum ContratoDoGrupo {
    public struct Situacao: Sendable, Hashable {
        public var grupo: Int
        public var descricao: String
        public var automatica: Bool
        public var empresa: Int?
        public var contrato: Int?
        public var porAcao: [(acao: Int, descricao: String, empresa: Int, contrato: Int)]
        /// Obligatory actions / actions of the schedule with no company/contract (seed 002 §2.2.3).
        public var faltando: [String]

        public static func == (a: Situacao, b: Situacao) -> Bool {
            a.grupo == b.grupo && a.empresa == b.empresa && a.contrato == b.contrato && a.porAcao.map(\.acao) == b.porAcao.map(\.acao)
        }
        public func hash(into h: inout Hasher) { h.combine(grupo) }
    }

    static func grupo(_ g: Int, db: PostgresConnection) throws -> (descricao: String, automatica: Bool, contrato: Int?) {
        guard let r = try db.query(
            "SELECT cbgr_dscobrancagrupo, cbgr_icexecucaoautomatica = 1, cese_id FROM cobranca.cobranca_grupo WHERE cbgr_id = $1 FOR UPDATE", [g]
        ).first else { throw ErroMedicao("Grupo de cobrança \(g) inexistente.") }
        return try r.decode((String, Bool, Int?).self)
    }

    /// The group's contract: all its bulletin's items go to it.
    public static func definir(grupo g: Int, empresa: Int, contrato: Int, db: PostgresConnection) throws {
        try db.withTransaction { db in
            _ = try grupo(g, db: db)
            try CadastroContratos.empresaDeCobranca(empresa, db: db)
            try CadastroContratos.travar(contrato, empresa: empresa, db: db)
            if try db.query("SELECT 1 FROM cobranca.cobr_grupo_acao_contrato WHERE cbgr_id = $1 LIMIT 1", [g]).first != nil {
                throw ErroMedicao("O grupo \(g) tem empresa/contrato por ação de cobrança: remova-os antes (gsan grupo-cobranca contrato remover --grupo \(g) --acao A).")
            }
            try db.execute("UPDATE cobranca.cobranca_grupo SET empr_id = $2, cese_id = $3 WHERE cbgr_id = $1", [g, empresa, contrato])
        }
    }

    /// Company and contract of one action of a group with execução automática and no contract (§2.2.3).
    public static func informarAcao(grupo g: Int, acao: Int, empresa: Int, contrato: Int, db: PostgresConnection) throws {
        try db.withTransaction { db in
            let (_, automatica, proprio) = try grupo(g, db: db)
            guard automatica else {
                throw ErroMedicao("O grupo \(g) não tem Execução Automática: empresa por ação de cobrança só para grupos da Nova Sistemática.")
            }
            guard proprio == nil else {
                throw ErroMedicao("O grupo \(g) tem contrato informado (\(proprio ?? 0)): todos os itens do boletim vão para ele.")
            }
            guard let a = try db.query("SELECT cbac_dscobrancaacao FROM cobranca.cobranca_acao WHERE cbac_id = $1", [acao]).first else {
                throw ErroMedicao("Ação de cobrança \(acao) inexistente.")
            }
            let descricao = try a.decode(String.self, at: 0)
            try CadastroContratos.empresaDeCobranca(empresa, db: db)
            try CadastroContratos.travar(contrato, empresa: empresa, db: db)
            if try db.query("SELECT 1 FROM cobranca.cobr_grupo_acao_contrato WHERE cbgr_id = $1 AND cbac_id = $2", [g, acao]).first != nil {
                throw ErroMedicao("Ação de Cobrança « \(descricao) » já informada.")
            }
            try db.execute("INSERT INTO cobranca.cobr_grupo_acao_contrato (cbgr_id, cbac_id, empr_id, cese_id) VALUES ($1, $2, $3, $4)", [g, acao, empresa, contrato])
        }
    }

    /// Removes the group's contract (acao nil) or one action's.
    public static func remover(grupo g: Int, acao: Int?, db: PostgresConnection) throws {
        try db.withTransaction { db in
            let (_, _, proprio) = try grupo(g, db: db)
            if let acao {
                guard try db.query("DELETE FROM cobranca.cobr_grupo_acao_contrato WHERE cbgr_id = $1 AND cbac_id = $2 RETURNING 1", [g, acao]).first != nil else {
                    throw ErroMedicao("A ação \(acao) não tem empresa/contrato informado no grupo \(g).")
                }
            } else {
                guard proprio != nil else { throw ErroMedicao("O grupo \(g) não tem contrato informado.") }
                try db.execute("UPDATE cobranca.cobranca_grupo SET empr_id = NULL, cese_id = NULL WHERE cbgr_id = $1", [g])
            }
        }
    }

    public static func situacao(grupo g: Int, db: PostgresConnection) throws -> Situacao {
        guard let r = try db.query(
            "SELECT cbgr_dscobrancagrupo, cbgr_icexecucaoautomatica = 1, empr_id, cese_id FROM cobranca.cobranca_grupo WHERE cbgr_id = $1", [g]
        ).first else { throw ErroMedicao("Grupo de cobrança \(g) inexistente.") }
        let (descricao, automatica, empresa, contrato) = try r.decode((String, Bool, Int?, Int?).self)
        let porAcao = try db.query(
            """
            SELECT x.cbac_id, a.cbac_dscobrancaacao, x.empr_id, x.cese_id FROM cobranca.cobr_grupo_acao_contrato x
            JOIN cobranca.cobranca_acao a USING (cbac_id) WHERE x.cbgr_id = $1 ORDER BY a.cbac_nnordemrealizacao NULLS LAST, x.cbac_id
            """, [g]
        ).map { try $0.decode((Int, String, Int, Int).self) }.map { (acao: $0.0, descricao: $0.1, empresa: $0.2, contrato: $0.3) }
        var faltando: [String] = []
        if contrato == nil && automatica {
            faltando = try db.query(
                """
                SELECT a.cbac_dscobrancaacao FROM cobranca.cobranca_acao a
                WHERE a.cbac_icuso = 1 AND (a.cbac_icobrigatoria = 1 OR a.cbac_iccompoecronograma = 1) AND a.svtp_id IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM cobranca.cobr_grupo_acao_contrato x WHERE x.cbgr_id = $1 AND x.cbac_id = a.cbac_id)
                ORDER BY a.cbac_nnordemrealizacao NULLS LAST, a.cbac_id
                """, [g]
            ).map { "Ação de Cobrança « \(try $0.decode(String.self, at: 0)) » deve ser adicionada." }
        }
        return Situacao(grupo: g, descricao: descricao, automatica: automatica, empresa: empresa, contrato: contrato, porAcao: porAcao, faltando: faltando)
    }

    /// A contract a group's bulletin pays by, and the actions whose orders it pays (nil: all the
    /// group's — the group's own contract).
    public struct ContratoDoBoletim: Sendable, Hashable {
        public var empresa: Int
        public var contrato: Int
        public var acoes: [Int]?
        public init(empresa: Int, contrato: Int, acoes: [Int]?) {
            self.empresa = empresa
            self.contrato = contrato
            self.acoes = acoes
        }
    }

    /// The contracts a group's bulletins pay by (seed 002 §2.2.3): the group's own (one bulletin,
    /// every item), or one per distinct contract of its actions (a bulletin each, with the orders of
    /// that contract's actions). In the per-action case, an action of the month's schedule that
    /// counts in the bulletin (`cbac_icboletim = 1`) and has no company/contract is refused: its
    /// orders would be in no bulletin.
    public static func contratosDoBoletim(grupo g: Int, referencia: Int, db: PostgresConnection) throws -> [ContratoDoBoletim] {
        let s = try situacao(grupo: g, db: db)
        if let e = s.empresa, let c = s.contrato { return [ContratoDoBoletim(empresa: e, contrato: c, acoes: nil)] }
        guard !s.porAcao.isEmpty else {
            throw ErroMedicao("Grupo de cobrança \(g) sem contrato informado (gsan grupo-cobranca contrato definir --grupo \(g) --empresa E --contrato C).")
        }
        let semContrato = try db.query(
            """
            SELECT a.cbac_dscobrancaacao FROM cobranca.cobranca_grupo_crg_mes m
            JOIN cobranca.cobranca_acao_cronograma c ON c.cbcm_id = m.cbcm_id JOIN cobranca.cobranca_acao a ON a.cbac_id = c.cbac_id
            WHERE m.cbgr_id = $1 AND m.cbcm_amreferencia = $2 AND a.cbac_icboletim = 1
              AND NOT EXISTS (SELECT 1 FROM cobranca.cobr_grupo_acao_contrato x WHERE x.cbgr_id = m.cbgr_id AND x.cbac_id = c.cbac_id)
            ORDER BY a.cbac_nnordemrealizacao NULLS LAST, a.cbac_id
            """, [g, referencia]
        ).map { try $0.decode(String.self, at: 0) }
        if let acao = semContrato.first {
            throw ErroMedicao(
                "Ação de Cobrança « \(acao) » deve ser adicionada: sem empresa/contrato no grupo \(g) (gsan grupo-cobranca contrato acao --grupo \(g) --acao A --empresa E --contrato C).")
        }
        var porContrato: [Int: ContratoDoBoletim] = [:]
        for a in s.porAcao {
            porContrato[a.contrato, default: ContratoDoBoletim(empresa: a.empresa, contrato: a.contrato, acoes: [])].acoes?.append(a.acao)
        }
        return porContrato.values.sorted { $0.contrato < $1.contrato }.map { c in
            var c = c
            c.acoes = c.acoes?.sorted()
            return c
        }
    }
}
