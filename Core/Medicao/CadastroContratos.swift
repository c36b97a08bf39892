import GSANDatabase
import GSANModel
import MedicaoRegras
import Postgres

/// Informar Itens de Contrato de Serviço (seed 002 §2.1.6), Inserir Item de Contrato (§2.1.4) and
/// Informar Empresa por Ação de Cobrança por Grupo de Cobrança (§2.2.3). Each operation is one
/// transaction that locks what it checks; every refusal is a message, never a constraint error.
public enum CadastroContratos {
    public struct Contrato: Sendable, Hashable {
        public var empresa: Int
        public var numero: String
        public var inicio: CivilDate
        public var fim: CivilDate?
        public var valorGlobal: Centavos?
        public var taxaSucesso: Int?
        public var observacao: String?
        public var minimoExecucao: Int?
        public var servicosRejeitados: Int?
        public var administracaoLocal: Bool

        public init(
            empresa: Int, numero: String, inicio: CivilDate, fim: CivilDate? = nil, valorGlobal: Centavos? = nil, taxaSucesso: Int? = nil,
            observacao: String? = nil, minimoExecucao: Int? = nil, servicosRejeitados: Int? = nil, administracaoLocal: Bool = false
        ) {
            self.empresa = empresa
            self.numero = numero
            self.inicio = inicio
            self.fim = fim
            self.valorGlobal = valorGlobal
            self.taxaSucesso = taxaSucesso
            self.observacao = observacao
            self.minimoExecucao = minimoExecucao
            self.servicosRejeitados = servicosRejeitados
            self.administracaoLocal = administracaoLocal
        }
    }

    public struct Item: Sendable, Hashable {
        public var itemServico: Int
        public var valor: Centavos
        public var servicos: [Int]
        public var naoExecutados: Int?
        public var multa: Int?
        public var quantidadeOrcada: Int?
        public var valorOrcado: Centavos?

        public init(itemServico: Int, valor: Centavos, servicos: [Int], naoExecutados: Int? = nil, multa: Int? = nil, quantidadeOrcada: Int? = nil, valorOrcado: Centavos? = nil) {
            self.itemServico = itemServico
            self.valor = valor
            self.servicos = servicos
            self.naoExecutados = naoExecutados
            self.multa = multa
            self.quantidadeOrcada = quantidadeOrcada
            self.valorOrcado = valorOrcado
        }
    }

    /// Percent in hundredths → numeric text.
    static func pct(_ c: Int?) -> String? { c.map { Centavos(Int64($0)).decimalText } }

    static func empresaDeCobranca(_ empresa: Int, db: PostgresConnection) throws {
        guard let r = try db.query("SELECT empr_icempresacobranca = 1 FROM cadastro.empresa WHERE empr_id = $1 FOR SHARE", [empresa]).first else {
            throw ErroMedicao("Empresa \(empresa) inexistente.")
        }
        guard try r.decode(Bool.self, at: 0) else {
            throw ErroMedicao("A empresa \(empresa) não é Empresa de Cobrança (gsan empresa atualizar \(empresa) --cobranca sim).")
        }
    }

    /// The contract row, locked; refuses one that does not exist or is of another company.
    @discardableResult
    static func travar(_ contrato: Int, empresa: Int?, db: PostgresConnection) throws -> Int {
        guard let r = try db.query("SELECT empr_id FROM micromedicao.contrato_empresa_servico WHERE cese_id = $1 FOR UPDATE", [contrato]).first else {
            throw ErroMedicao("Contrato \(contrato) inexistente.")
        }
        let dono = try r.decode(Int.self, at: 0)
        if let empresa, empresa != dono { throw ErroMedicao("Contrato \(contrato) não é da empresa \(empresa).") }
        return dono
    }

    public static func inserir(_ c: Contrato, db: PostgresConnection) throws -> Int {
        try CadastroContrato.periodo(inicio: c.inicio, fim: c.fim)
        return try db.withTransaction { db in
            try empresaDeCobranca(c.empresa, db: db)
            try db.execute("LOCK TABLE micromedicao.contrato_empresa_servico IN SHARE ROW EXCLUSIVE MODE")
            if try db.query("SELECT 1 FROM micromedicao.contrato_empresa_servico WHERE empr_id = $1 AND cese_nncontrato = $2", [c.empresa, c.numero]).first != nil {
                throw ErroMedicao("Contrato \(c.numero) já existe para a empresa \(c.empresa).")
            }
            return try db.query(
                """
                INSERT INTO micromedicao.contrato_empresa_servico (empr_id, cese_nncontrato, cese_dtiniciocontrato, cese_dtfimcontrato,
                    cese_vlglobal, cese_pctaxasucesso, cese_dsobservacao, cese_pcminimoexecucao, cese_pcservicosrejeitados, cese_icadministracaolocal)
                VALUES ($1, $2, $3::date, $4::date, $5::numeric, $6::numeric, $7, $8::numeric, $9::numeric, $10) RETURNING cese_id
                """,
                [c.empresa, c.numero, c.inicio.iso, c.fim?.iso, c.valorGlobal?.decimalText, pct(c.taxaSucesso), c.observacao,
                 pct(c.minimoExecucao), pct(c.servicosRejeitados), c.administracaoLocal ? 1 : 2])[0].decode(Int.self, at: 0)
        }
    }

    public static func carregar(_ id: Int, db: PostgresConnection) throws -> Contrato {
        guard let r = try db.query(
            """
            SELECT empr_id, cese_nncontrato, cese_dtiniciocontrato, cese_dtfimcontrato, cese_vlglobal, cese_pctaxasucesso,
                   cese_dsobservacao, cese_pcminimoexecucao, cese_pcservicosrejeitados, cese_icadministracaolocal = 1
            FROM micromedicao.contrato_empresa_servico WHERE cese_id = $1
            """, [id]).first
        else { throw ErroMedicao("Contrato \(id) inexistente.") }
        let (e, n, i, f, v, t, o, m, s, a) = try r.decode((Int, String, CivilDate, CivilDate?, Centavos?, Centavos?, String?, Centavos?, Centavos?, Bool).self)
        return Contrato(
            empresa: e, numero: n, inicio: i, fim: f, valorGlobal: v, taxaSucesso: t.map { Int($0.value) }, observacao: o,
            minimoExecucao: m.map { Int($0.value) }, servicosRejeitados: s.map { Int($0.value) }, administracaoLocal: a)
    }

    /// Updates a contract read before as `lido` (the seed's concurrency message if it changed).
    public static func atualizar(_ id: Int, lido: Contrato, para c: Contrato, db: PostgresConnection) throws {
        try CadastroContrato.periodo(inicio: c.inicio, fim: c.fim)
        try db.withTransaction { db in
            try travar(id, empresa: nil, db: db)
            guard try carregar(id, db: db) == lido else { throw ErroMedicao.concorrencia }
            guard c.empresa == lido.empresa else { throw ErroMedicao("A empresa de um contrato não se altera.") }
            if c.numero != lido.numero,
                try db.query("SELECT 1 FROM micromedicao.contrato_empresa_servico WHERE empr_id = $1 AND cese_nncontrato = $2", [c.empresa, c.numero]).first != nil
            {
                throw ErroMedicao("Contrato \(c.numero) já existe para a empresa \(c.empresa).")
            }
            try db.execute(
                """
                UPDATE micromedicao.contrato_empresa_servico SET cese_nncontrato = $2, cese_dtiniciocontrato = $3::date,
                    cese_dtfimcontrato = $4::date, cese_vlglobal = $5::numeric, cese_pctaxasucesso = $6::numeric, cese_dsobservacao = $7,
                    cese_pcminimoexecucao = $8::numeric, cese_pcservicosrejeitados = $9::numeric, cese_icadministracaolocal = $10
                WHERE cese_id = $1
                """,
                [id, c.numero, c.inicio.iso, c.fim?.iso, c.valorGlobal?.decimalText, pct(c.taxaSucesso), c.observacao,
                 pct(c.minimoExecucao), pct(c.servicosRejeitados), c.administracaoLocal ? 1 : 2])
        }
    }

    /// Adds an item to a contract (an item of the basic table not yet in it) with its service types.
    public static func adicionarItem(contrato: Int, _ i: Item, db: PostgresConnection) throws -> Int {
        try CadastroContrato.multaDoItem(naoExecutados: i.naoExecutados, multa: i.multa)
        return try db.withTransaction { db in
            try travar(contrato, empresa: nil, db: db)
            guard let item = try db.query("SELECT itse_dsitemservico, itse_icuso = 1 FROM micromedicao.item_servico WHERE itse_id = $1", [i.itemServico]).first
            else { throw ErroMedicao("Item de Contrato \(i.itemServico) inexistente.") }
            let (descricao, ativo) = try item.decode((String, Bool).self)
            guard ativo else { throw ErroMedicao("Item de Contrato \(descricao) inativo.") }
            if try db.query("SELECT 1 FROM micromedicao.item_servico_contrato WHERE cese_id = $1 AND itse_id = $2", [contrato, i.itemServico]).first != nil {
                throw ErroMedicao("Item de Contrato \(descricao) já informado no contrato \(contrato).")
            }
            for s in i.servicos where try db.query("SELECT 1 FROM atendimentopublico.servico_tipo WHERE svtp_id = $1", [s]).first == nil {
                throw ErroMedicao("Tipo de Serviço \(s) inexistente.")
            }
            let id = try db.query(
                """
                INSERT INTO micromedicao.item_servico_contrato (cese_id, itse_id, itsc_vlitemservcontr, itsc_pcservnaoexec, itsc_pcmulta,
                    itsc_qtorcada, itsc_vlorcado)
                VALUES ($1, $2, $3::numeric, $4::numeric, $5::numeric, $6::numeric, $7::numeric) RETURNING itsc_id
                """,
                [contrato, i.itemServico, i.valor.decimalText, pct(i.naoExecutados), pct(i.multa), pct(i.quantidadeOrcada),
                 i.valorOrcado?.decimalText])[0].decode(Int.self, at: 0)
            for s in i.servicos {
                try db.execute("INSERT INTO micromedicao.item_contrato_servico_tipo (itsc_id, cese_id, svtp_id) VALUES ($1, $2, $3)", [id, contrato, s])
            }
            return id
        }
    }

    /// Removes an item never paid in a bulletin.
    public static func removerItem(contrato: Int, itemServico: Int, db: PostgresConnection) throws {
        try db.withTransaction { db in
            try travar(contrato, empresa: nil, db: db)
            guard let r = try db.query("SELECT itsc_id FROM micromedicao.item_servico_contrato WHERE cese_id = $1 AND itse_id = $2", [contrato, itemServico]).first
            else { throw ErroMedicao("Item de Contrato \(itemServico) não informado no contrato \(contrato).") }
            let itsc = try r.decode(Int.self, at: 0)
            if try db.query(
                """
                SELECT 1 FROM cobranca.cobr_boletim_exec WHERE itsc_id = $1 UNION ALL SELECT 1 FROM cobranca.cobr_boletim_desc WHERE itsc_id = $1
                UNION ALL SELECT 1 FROM cobranca.cobr_boletim_adm_local WHERE itsc_id = $1 LIMIT 1
                """, [itsc]).first != nil
            {
                throw ErroMedicao("Item de Contrato \(itemServico) já usado em boletim de medição: não pode ser removido.")
            }
            try db.execute("DELETE FROM micromedicao.item_servico_contrato WHERE itsc_id = $1", [itsc])
        }
    }

    /// Adds an additive (from a date: value and success rate) to a contract.
    public static func adicionarAditivo(contrato: Int, inicio: CivilDate, valor: Centavos, taxaSucesso: Int?, observacao: String?, db: PostgresConnection) throws {
        try db.withTransaction { db in
            try travar(contrato, empresa: nil, db: db)
            let c = try carregar(contrato, db: db)
            guard inicio >= c.inicio else {
                throw ErroMedicao("Data de início do aditivo (\(inicio)) anterior à Data de Início do Contrato (\(c.inicio)).")
            }
            if try db.query("SELECT 1 FROM micromedicao.contrato_empresa_aditivo WHERE cese_id = $1 AND cead_dtinicio = $2::date", [contrato, inicio.iso]).first != nil {
                throw ErroMedicao("Já existe aditivo do contrato \(contrato) a partir de \(inicio).")
            }
            try db.execute(
                """
                INSERT INTO micromedicao.contrato_empresa_aditivo (cese_id, cead_dtinicio, cead_vladitivo, cead_pctaxasucesso, cead_dsobservacao)
                VALUES ($1, $2::date, $3::numeric, $4::numeric, $5)
                """, [contrato, inicio.iso, valor.decimalText, pct(taxaSucesso), observacao])
        }
    }

    /// Inserir Item de Contrato (the basic table, §2.1.4).
    public static func inserirItemServico(
        descricao: String, abreviada: String, constante: Int, codigo: Int64?, administracaoLocal: Bool, db: PostgresConnection
    ) throws -> Int {
        try db.withTransaction { db in
            try db.execute("LOCK TABLE micromedicao.item_servico IN SHARE ROW EXCLUSIVE MODE")
            if try db.query("SELECT 1 FROM micromedicao.item_servico WHERE upper(itse_dsitemservico) = upper($1)", [descricao]).first != nil {
                throw ErroMedicao("Item de Contrato de descrição \(descricao) já existe no cadastro.")
            }
            return try db.query(
                """
                INSERT INTO micromedicao.item_servico (itse_dsitemservico, itse_dsabreviado, itse_cdconstantecalculo, itse_cditem, itse_icadministracaolocal)
                VALUES ($1, $2, $3, $4, $5) RETURNING itse_id
                """, [descricao, abreviada, constante, codigo, administracaoLocal ? 1 : 2])[0].decode(Int.self, at: 0)
        }
    }

    // MARK: - Consultas

    public struct LinhaContrato: Sendable, Hashable {
        public var id: Int
        public var empresa: String
        public var numero: String
        public var inicio: CivilDate
        public var fim: CivilDate?
        public var valorGlobal: Centavos?
        public var taxaSucesso: Centavos?
        public var itens: Int
        public var grupos: String
    }

    public static func listar(empresa: Int?, db: PostgresConnection) throws -> [LinhaContrato] {
        try db.query(
            """
            SELECT c.cese_id, e.empr_nmempresa, c.cese_nncontrato, c.cese_dtiniciocontrato, c.cese_dtfimcontrato, c.cese_vlglobal, c.cese_pctaxasucesso,
                   (SELECT count(*)::int FROM micromedicao.item_servico_contrato i WHERE i.cese_id = c.cese_id),
                   COALESCE((SELECT string_agg(DISTINCT g::text, ',') FROM (
                        SELECT cbgr_id AS g FROM cobranca.cobranca_grupo WHERE cese_id = c.cese_id
                        UNION SELECT cbgr_id FROM cobranca.cobr_grupo_acao_contrato WHERE cese_id = c.cese_id) x), '')
            FROM micromedicao.contrato_empresa_servico c JOIN cadastro.empresa e USING (empr_id)
            WHERE $1::int IS NULL OR c.empr_id = $1 ORDER BY c.cese_id
            """, [empresa]
        ).map { r in
            let (id, e, n, i, f, v, t, itens, grupos) = try r.decode((Int, String, String, CivilDate, CivilDate?, Centavos?, Centavos?, Int, String).self)
            return LinhaContrato(id: id, empresa: e, numero: n, inicio: i, fim: f, valorGlobal: v, taxaSucesso: t, itens: itens, grupos: grupos)
        }
    }

    public struct LinhaItem: Sendable, Hashable {
        public var itemServico: Int
        public var descricao: String
        public var constante: Int
        public var valor: Centavos
        public var servicos: String
        public var naoExecutados: Centavos?
        public var multa: Centavos?
        public var quantidadeOrcada: Centavos?
        public var valorOrcado: Centavos?
    }

    public static func itens(contrato: Int, db: PostgresConnection) throws -> [LinhaItem] {
        try db.query(
            """
            SELECT s.itse_id, s.itse_dsitemservico, s.itse_cdconstantecalculo, i.itsc_vlitemservcontr,
                   COALESCE((SELECT string_agg(t.svtp_id::text, ',' ORDER BY t.svtp_id) FROM micromedicao.item_contrato_servico_tipo t WHERE t.itsc_id = i.itsc_id), ''),
                   i.itsc_pcservnaoexec, i.itsc_pcmulta, i.itsc_qtorcada, i.itsc_vlorcado
            FROM micromedicao.item_servico_contrato i JOIN micromedicao.item_servico s USING (itse_id)
            WHERE i.cese_id = $1 ORDER BY s.itse_cdconstantecalculo, i.itsc_id
            """, [contrato]
        ).map { r in
            let (id, d, k, v, s, n, m, q, o) = try r.decode((Int, String, Int, Centavos, String, Centavos?, Centavos?, Centavos?, Centavos?).self)
            return LinhaItem(itemServico: id, descricao: d, constante: k, valor: v, servicos: s, naoExecutados: n, multa: m, quantidadeOrcada: q, valorOrcado: o)
        }
    }

    public struct LinhaAditivo: Sendable, Hashable {
        public var inicio: CivilDate
        public var valor: Centavos
        public var taxaSucesso: Centavos?
        public var observacao: String?
    }

    public static func aditivos(contrato: Int, db: PostgresConnection) throws -> [LinhaAditivo] {
        try db.query(
            "SELECT cead_dtinicio, cead_vladitivo, cead_pctaxasucesso, cead_dsobservacao FROM micromedicao.contrato_empresa_aditivo WHERE cese_id = $1 ORDER BY 1",
            [contrato]
        ).map { r in
            let (i, v, t, o) = try r.decode((CivilDate, Centavos, Centavos?, String?).self)
            return LinhaAditivo(inicio: i, valor: v, taxaSucesso: t, observacao: o)
        }
    }

    public static func itensServico(db: PostgresConnection) throws -> [(id: Int, descricao: String, abreviada: String, constante: Int, administracaoLocal: Bool)] {
        try db.query(
            "SELECT itse_id, itse_dsitemservico, itse_dsabreviado, itse_cdconstantecalculo, itse_icadministracaolocal = 1 FROM micromedicao.item_servico ORDER BY itse_id"
        ).map { try $0.decode((Int, String, String, Int, Bool).self) }
    }
}
