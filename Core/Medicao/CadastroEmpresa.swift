import GSANDatabase
import GSANModel
import MedicaoRegras
import Postgres

/// Inserir/Manter Empresa (seed 002 §2.1.1): the contracted company. Every field is read and
/// checked (CadastroContrato) before anything is written; existence and uniqueness are checked
/// in the same transaction, under a lock, so no constraint error reaches a person.
public enum CadastroEmpresa {
    public struct Dados: Sendable, Hashable {
        public var nome: String
        public var abreviado: String?
        public var email: String?
        public var cnpj: String?
        public var principal: Bool
        public var cobranca: Bool
        public var leitura: Bool
        public var gestaoMicromedicao: Bool
        public var atualizaCadastro: Bool
        public var ativa: Bool

        public init(
            nome: String, abreviado: String? = nil, email: String? = nil, cnpj: String? = nil, principal: Bool = false, cobranca: Bool = false,
            leitura: Bool = false, gestaoMicromedicao: Bool = false, atualizaCadastro: Bool = false, ativa: Bool = true
        ) {
            self.nome = nome
            self.abreviado = abreviado
            self.email = email
            self.cnpj = cnpj
            self.principal = principal
            self.cobranca = cobranca
            self.leitura = leitura
            self.gestaoMicromedicao = gestaoMicromedicao
            self.atualizaCadastro = atualizaCadastro
            self.ativa = ativa
        }
    }

    public struct Linha: Sendable, Hashable, Codable {
        public var id: Int
        public var nome: String
        public var abreviado: String?
        public var cnpj: String?
        public var principal: Bool
        public var cobranca: Bool
        public var ativa: Bool
        public var contratos: Int
    }

    static func ind(_ b: Bool) -> Int { b ? 1 : 2 }

    private static func conferir(_ d: Dados, outra id: Int?, db: PostgresConnection) throws {
        try db.execute("LOCK TABLE cadastro.empresa IN SHARE ROW EXCLUSIVE MODE")
        if try db.query("SELECT 1 FROM cadastro.empresa WHERE upper(empr_nmempresa) = upper($1) AND empr_id IS DISTINCT FROM $2", [d.nome, id]).first != nil {
            throw ErroMedicao("Empresa de nome \(d.nome) já existe no cadastro.")
        }
        if d.principal,
            let outra = try db.query(
                "SELECT empr_nmempresa FROM cadastro.empresa WHERE empr_icempresaprincipal = 1 AND empr_id IS DISTINCT FROM $1", [id]
            ).first
        {
            throw ErroMedicao("Já existe uma empresa principal: \(try outra.decode(String.self, at: 0)).")
        }
    }

    /// Inserts and returns the new id.
    public static func inserir(_ d: Dados, db: PostgresConnection) throws -> Int {
        try db.withTransaction { db in
            try conferir(d, outra: nil, db: db)
            return try db.query(
                """
                INSERT INTO cadastro.empresa (empr_nmempresa, empr_nmabreviado, empr_dsemail, empr_nncnpj, empr_icempresaprincipal,
                    empr_icempresacobranca, empr_icleitura, empr_icgestaomicromedicao, empr_icatualizacadastro, empr_icuso)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING empr_id
                """,
                [d.nome, d.abreviado, d.email, d.cnpj, ind(d.principal), ind(d.cobranca), ind(d.leitura), ind(d.gestaoMicromedicao),
                 ind(d.atualizaCadastro), ind(d.ativa)])[0].decode(Int.self, at: 0)
        }
    }

    /// The current data of a company (for `atualizar`, which changes only what was typed).
    public static func carregar(_ id: Int, db: PostgresConnection) throws -> Dados {
        guard let r = try db.query(
            """
            SELECT empr_nmempresa, empr_nmabreviado, empr_dsemail, empr_nncnpj, empr_icempresaprincipal = 1, empr_icempresacobranca = 1,
                   empr_icleitura = 1, empr_icgestaomicromedicao = 1, empr_icatualizacadastro = 1, empr_icuso = 1
            FROM cadastro.empresa WHERE empr_id = $1
            """, [id]).first
        else { throw ErroMedicao("Empresa \(id) inexistente.") }
        let (nome, abrev, email, cnpj, principal, cobranca, leitura, gestao, atualiza, ativa) = try r.decode(
            (String, String?, String?, String?, Bool, Bool, Bool, Bool, Bool, Bool).self)
        return Dados(
            nome: nome, abreviado: abrev, email: email, cnpj: cnpj, principal: principal, cobranca: cobranca, leitura: leitura,
            gestaoMicromedicao: gestao, atualizaCadastro: atualiza, ativa: ativa)
    }

    /// Updates a company read before as `lida`: if it changed (or vanished) meanwhile, the seed's
    /// concurrency message.
    public static func atualizar(_ id: Int, lida: Dados, para d: Dados, db: PostgresConnection) throws {
        try db.withTransaction { db in
            guard try db.query("SELECT 1 FROM cadastro.empresa WHERE empr_id = $1 FOR UPDATE", [id]).first != nil,
                try carregar(id, db: db) == lida
            else { throw ErroMedicao.concorrencia }
            if !d.cobranca, lida.cobranca,
                try db.query("SELECT 1 FROM micromedicao.contrato_empresa_servico WHERE empr_id = $1 LIMIT 1", [id]).first != nil
            {
                throw ErroMedicao("A empresa \(id) tem contratos de serviço: continua Empresa de Cobrança.")
            }
            try conferir(d, outra: id, db: db)
            try db.execute(
                """
                UPDATE cadastro.empresa SET empr_nmempresa = $2, empr_nmabreviado = $3, empr_dsemail = $4, empr_nncnpj = $5,
                    empr_icempresaprincipal = $6, empr_icempresacobranca = $7, empr_icleitura = $8, empr_icgestaomicromedicao = $9,
                    empr_icatualizacadastro = $10, empr_icuso = $11
                WHERE empr_id = $1
                """,
                [id, d.nome, d.abreviado, d.email, d.cnpj, ind(d.principal), ind(d.cobranca), ind(d.leitura), ind(d.gestaoMicromedicao),
                 ind(d.atualizaCadastro), ind(d.ativa)])
        }
    }

    public static func listar(db: PostgresConnection) throws -> [Linha] {
        try db.query(
            """
            SELECT e.empr_id, e.empr_nmempresa, e.empr_nmabreviado, e.empr_nncnpj, e.empr_icempresaprincipal = 1, e.empr_icempresacobranca = 1,
                   e.empr_icuso = 1, (SELECT count(*)::int FROM micromedicao.contrato_empresa_servico c WHERE c.empr_id = e.empr_id)
            FROM cadastro.empresa e ORDER BY e.empr_id
            """
        ).map { r in
            let (id, nome, abrev, cnpj, principal, cobranca, ativa, contratos) = try r.decode((Int, String, String?, String?, Bool, Bool, Bool, Int).self)
            return Linha(id: id, nome: nome, abreviado: abrev, cnpj: cnpj, principal: principal, cobranca: cobranca, ativa: ativa, contratos: contratos)
        }
    }
}
