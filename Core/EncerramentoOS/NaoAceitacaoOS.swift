import FiscalizacaoRegras
import Foundation
import GSANDatabase
import GSANModel
import Postgres

/// Motivos de não aceitação (seed 002 §2.5.1.2–2.5.1.3): `gsan motivo-nao-aceitacao`. Each update
/// carries the version it read (`mnac_nnversao`), as the cronograma does.
public enum MotivosNaoAceitacao {
    public struct Linha: Sendable, Hashable {
        public var id: Int
        public var descricao: String
        public var multiplicadorCorte: Int
        public var multiplicadorNaoExecutado: Int
        public var percentual: String
        public var fiscalizacao: Bool
        public var emUso: Bool
        public var versao: Int
    }

    public static func listar(db: PostgresConnection) throws -> [Linha] {
        try db.query(
            """
            SELECT mnac_id, mnac_dsmotivonaoaceitacao, mnac_nnmultdesccortesupindev, mnac_nnmultdescservnaoexec,
                   mnac_pcmultaservnaoexec::text, mnac_icmotfiscalizacao = 1, mnac_icuso = 1, mnac_nnversao
            FROM cobranca.motivo_nao_aceit_enc_os ORDER BY mnac_dsmotivonaoaceitacao
            """
        ).map { r in
            Linha(
                id: try r.decode(Int.self, at: 0), descricao: try r.decode(String.self, at: 1), multiplicadorCorte: try r.decode(Int.self, at: 2),
                multiplicadorNaoExecutado: try r.decode(Int.self, at: 3), percentual: try r.decode(String.self, at: 4),
                fiscalizacao: try r.decode(Bool.self, at: 5), emUso: try r.decode(Bool.self, at: 6), versao: try r.decode(Int.self, at: 7))
        }
    }

    static func recusa(_ r: Result<MotivoNaoAceitacao.Motivo, MensagemRegra>) throws -> MotivoNaoAceitacao.Motivo {
        switch r {
        case .success(let m): return m
        case .failure(let m): throw ErroEncerramento.recusa(m.description)
        }
    }

    static func descricaoUnica(_ descricao: String, exceto id: Int?, db: PostgresConnection) throws {
        if try db.query(
            "SELECT 1 FROM cobranca.motivo_nao_aceit_enc_os WHERE upper(mnac_dsmotivonaoaceitacao) = $1 AND mnac_id IS DISTINCT FROM $2",
            [descricao, id]).first != nil
        {
            throw ErroEncerramento.recusa("Motivo de não aceitação \(descricao) já existente.")
        }
    }

    /// - Returns: the new motivo's code.
    public static func inserir(_ campos: MotivoNaoAceitacao.Campos, fiscalizacao: Bool, db: PostgresConnection) throws -> Int {
        let m = try recusa(MotivoNaoAceitacao.validar(campos))
        return try db.withTransaction { db in
            try db.execute("LOCK TABLE cobranca.motivo_nao_aceit_enc_os IN SHARE ROW EXCLUSIVE MODE")
            try descricaoUnica(m.descricao, exceto: nil, db: db)
            return try db.query(
                """
                INSERT INTO cobranca.motivo_nao_aceit_enc_os (mnac_id, mnac_dsmotivonaoaceitacao, mnac_nnmultdesccortesupindev,
                    mnac_nnmultdescservnaoexec, mnac_pcmultaservnaoexec, mnac_icmotfiscalizacao)
                SELECT COALESCE(max(mnac_id), 0) + 1, $1, $2, $3, $4::numeric, $5 FROM cobranca.motivo_nao_aceit_enc_os
                RETURNING mnac_id
                """, [m.descricao, m.multiplicadorCorte, m.multiplicadorNaoExecutado, m.percentualTexto, fiscalizacao ? 1 : 2]
            )[0].decode(Int.self, at: 0)
        }
    }

    /// Writes over the version read; another update since then refuses with the seed's message.
    public static func atualizar(
        _ id: Int, versao: Int, _ campos: MotivoNaoAceitacao.Campos, emUso: Bool?, fiscalizacao: Bool?, db: PostgresConnection
    ) throws -> Int {
        let m = try recusa(MotivoNaoAceitacao.validar(campos))
        return try db.withTransaction { db in
            guard let atual = try db.query(
                "SELECT mnac_nnversao FROM cobranca.motivo_nao_aceit_enc_os WHERE mnac_id = $1 FOR UPDATE", [id]).first?.decode(Int.self, at: 0)
            else { throw ErroEncerramento.recusa("Motivo de não aceitação \(id) inexistente.") }
            guard atual == versao else { throw ErroEncerramento.recusa(MotivoNaoAceitacao.mensagemOutroUsuario) }
            try descricaoUnica(m.descricao, exceto: id, db: db)
            try db.execute(
                """
                UPDATE cobranca.motivo_nao_aceit_enc_os SET mnac_dsmotivonaoaceitacao = $2, mnac_nnmultdesccortesupindev = $3,
                    mnac_nnmultdescservnaoexec = $4, mnac_pcmultaservnaoexec = $5::numeric,
                    mnac_icuso = COALESCE($6::smallint, mnac_icuso), mnac_icmotfiscalizacao = COALESCE($7::smallint, mnac_icmotfiscalizacao),
                    mnac_nnversao = mnac_nnversao + 1
                WHERE mnac_id = $1
                """, [id, m.descricao, m.multiplicadorCorte, m.multiplicadorNaoExecutado, m.percentualTexto, emUso.map { $0 ? 1 : 2 },
                      fiscalizacao.map { $0 ? 1 : 2 }])
            return versao + 1
        }
    }

    /// Removes the motivos (each at the version read); any with links refuses them all.
    public static func remover(_ itens: [(id: Int, versao: Int)], db: PostgresConnection) throws {
        try db.withTransaction { db in
            for (id, versao) in itens {
                guard let atual = try db.query(
                    "SELECT mnac_nnversao FROM cobranca.motivo_nao_aceit_enc_os WHERE mnac_id = $1 FOR UPDATE", [id]).first?.decode(Int.self, at: 0)
                else { throw ErroEncerramento.recusa(MotivoNaoAceitacao.mensagemOutroUsuario) }
                guard atual == versao else { throw ErroEncerramento.recusa(MotivoNaoAceitacao.mensagemOutroUsuario) }
            }
            let ids = PostgresArray(itens.map(\.id))
            let vinculos = try db.query(
                """
                SELECT (SELECT count(*) FROM cobranca.cob_ac_os_nao_aceitas WHERE mnac_id = ANY($1::smallint[]))
                     + (SELECT count(*) FROM atendimentopublico.fiscalizacao_situacao WHERE mnac_id = ANY($1::smallint[]))
                """, [ids])[0].decode(Int.self, at: 0)
            guard vinculos == 0 else { throw ErroEncerramento.recusa(MotivoNaoAceitacao.mensagemVinculos) }
            try db.execute("DELETE FROM cobranca.motivo_nao_aceit_enc_os WHERE mnac_id = ANY($1::smallint[])", [ids])
        }
    }
}

/// Informar Não Aceitação de Encerramento de O.S. (seed 002 §2.5.2.1): `gsan os nao-aceitacao`.
public enum NaoAceitacaoOS {
    public struct Linha: Sendable, Hashable {
        public var ordem: Int64
        public var imovel: Int?
        public var servico: String
        public var referencia: Int
        public var encerramento: String
        public var motivo: String
        /// The não aceitação already informed (motivo), if any.
        public var naoAceita: String?
    }

    static let selecao = """
        SELECT o.orse_id, o.imov_id, s.svtp_dsservicotipo, m.cbcm_amreferencia,
               to_char(o.orse_tmencerramento AT TIME ZONE '\(CivilDate.fusoHorarioDaEmpresa)', 'DD/MM/YYYY'),
               me.amen_dsmotivoencerramento, mn.mnac_dsmotivonaoaceitacao
        FROM atendimentopublico.ordem_servico o
        JOIN atendimentopublico.servico_tipo s ON s.svtp_id = o.svtp_id
        JOIN atendimentopublico.atendimento_motivo_encerramento me ON me.amen_id = o.amen_id
        JOIN cobranca.cobranca_documento d ON d.cbdo_id = o.cbdo_id
        JOIN cobranca.cobranca_acao_ativ_crg a ON a.caac_id = d.caac_id
        JOIN cobranca.cobranca_acao_cronograma c ON c.cbcr_id = a.cbcr_id
        JOIN cobranca.cobranca_grupo_crg_mes m ON m.cbcm_id = c.cbcm_id
        LEFT JOIN cobranca.cob_ac_os_nao_aceitas n ON n.orse_id = o.orse_id
        LEFT JOIN cobranca.motivo_nao_aceit_enc_os mn ON mn.mnac_id = n.mnac_id
        WHERE o.orse_cdsituacao = 2 AND me.amen_icexecucao = 2 AND o.amen_id <> 32
        """

    static func linha(_ r: PostgresRow) throws -> Linha {
        Linha(
            ordem: try r.decode(Int64.self, at: 0), imovel: try r.decode(Int?.self, at: 1), servico: try r.decode(String.self, at: 2),
            referencia: try r.decode(Int.self, at: 3), encerramento: try r.decode(String.self, at: 4), motivo: try r.decode(String.self, at: 5),
            naoAceita: try r.decode(String?.self, at: 6))
    }

    /// The OS closed without execution (not by decurso) of the action's documents of the group's cycles in the period.
    public static func listar(grupo: Int, acao: Int, de inicial: Referencia, ate final: Referencia, db: PostgresConnection) throws -> [Linha] {
        guard try db.query("SELECT 1 FROM cobranca.cobranca_grupo WHERE cbgr_id = $1", [grupo]).first != nil else {
            throw ErroEncerramento.recusa("Grupo de cobrança \(grupo) inexistente.")
        }
        guard try db.query("SELECT 1 FROM cobranca.cobranca_acao WHERE cbac_id = $1", [acao]).first != nil else {
            throw ErroEncerramento.recusa("Ação de cobrança \(acao) inexistente.")
        }
        let linhas = try db.query(
            selecao + " AND m.cbgr_id = $1 AND c.cbac_id = $2 AND m.cbcm_amreferencia BETWEEN $3 AND $4 ORDER BY o.orse_id",
            [grupo, acao, inicial.amReferencia, final.amReferencia]
        ).map(linha)
        guard !linhas.isEmpty else { throw ErroEncerramento.recusa(NaoAceitacao.mensagemNenhuma) }
        return linhas
    }

    static func ordem(_ id: Int64, db: PostgresConnection) throws -> (NaoAceitacao.Ordem, Linha?)? {
        guard let r = try db.query(
            """
            SELECT o.orse_cdsituacao, o.amen_id, COALESCE(me.amen_icexecucao = 1, false), d.cbac_id, d.caac_id,
                   EXISTS (SELECT 1 FROM cobranca.cob_ac_os_nao_aceitas n WHERE n.orse_id = o.orse_id)
            FROM atendimentopublico.ordem_servico o
            LEFT JOIN atendimentopublico.atendimento_motivo_encerramento me ON me.amen_id = o.amen_id
            LEFT JOIN cobranca.cobranca_documento d ON d.cbdo_id = o.cbdo_id
            WHERE o.orse_id = $1 FOR UPDATE OF o
            """, [id]).first
        else { return nil }
        let o = NaoAceitacao.Ordem(
            situacao: try r.decode(Int.self, at: 0), motivo: try r.decode(Int?.self, at: 1), execucao: try r.decode(Bool.self, at: 2),
            acao: try r.decode(Int?.self, at: 3), atividade: try r.decode(Int?.self, at: 4), jaNaoAceita: try r.decode(Bool.self, at: 5))
        let l = try db.query(selecao + " AND o.orse_id = $1", [id]).first.map(linha)
        return (o, l)
    }

    /// One OS, checked as the screen checks it (`--os N` in the filter).
    public static func mostrar(_ id: Int64, acao: Int?, db: PostgresConnection) throws -> Linha {
        guard let (o, l) = try ordem(id, db: db) else { throw ErroEncerramento.recusa("Ordem de Serviço inexistente.") }
        if let recusa = NaoAceitacao.recusa(ordem: id, o, acao: acao, motivoNaoAceitacao: 0, motivosEmUso: [0], observacao: nil),
           !recusa.hasPrefix("Não aceitação do encerramento")
        {
            throw ErroEncerramento.recusa(recusa)
        }
        guard let l else { throw ErroEncerramento.recusa(NaoAceitacao.mensagemNenhuma) }
        return l
    }

    /// Records the não aceitação (`cob_ac_os_nao_aceitas`, not yet discounted): the next bulletin discounts it once.
    public static func informar(
        _ id: Int64, motivo: Int, observacao: String?, acao: Int?, usuario login: String, db: PostgresConnection
    ) throws -> Linha {
        try db.withTransaction { db in
            guard let u = try db.query("SELECT usur_id FROM cadastro.usuario WHERE usur_nmlogin = $1 AND usur_icuso = 1", [login]).first?
                .decode(Int.self, at: 0)
            else { throw ErroEncerramento.recusa("Usuário \(login) inexistente.") }
            let emUso = Set(try db.query("SELECT mnac_id FROM cobranca.motivo_nao_aceit_enc_os WHERE mnac_icuso = 1").map { try $0.decode(Int.self, at: 0) })
            let lida = try ordem(id, db: db)
            if let recusa = NaoAceitacao.recusa(
                ordem: id, lida?.0, acao: acao, motivoNaoAceitacao: motivo, motivosEmUso: emUso, observacao: observacao)
            {
                throw ErroEncerramento.recusa(recusa)
            }
            guard let (o, _) = lida, let caac = o.atividade else { throw ErroEncerramento.recusa("Ordem de Serviço inexistente.") }
            try db.execute(
                """
                INSERT INTO cobranca.cob_ac_os_nao_aceitas (orse_id, caac_id, mnac_id, caon_icaceita, caon_icdescontado, caon_dsobservacao,
                    caon_tminformacao, usur_id)
                VALUES ($1, $2, $3, 2, 2, $4, now(), $5)
                """, [id, caac, motivo, observacao, u])
            guard let l = try db.query(selecao + " AND o.orse_id = $1", [id]).first.map(linha) else {
                throw ErroEncerramento.recusa(NaoAceitacao.mensagemNenhuma)
            }
            return l
        }
    }
}

/// Informar Motivo de Encerramento dos Atendimentos (seed 002 §2.5.1.1): a motivo's indicators and the
/// actions whose payment it decides (`atend_mot_enc_acao_cobr`). `gsan motivo-encerramento acoes`.
public enum MotivoEncerramentoAcoes {
    public static let mensagemExistente = "Ação de Cobrança já existente para o motivo de encerramento:"

    public struct Indicadores: Sendable, Hashable {
        public var abreviado: String?
        public var execucao: Bool?
        public var duplicidade: Bool?
        public var fiscalizacao: Bool?
        public var visitaRealizada: Bool?
        public var quantidade: Int?
        public init(abreviado: String? = nil, execucao: Bool? = nil, duplicidade: Bool? = nil, fiscalizacao: Bool? = nil,
                    visitaRealizada: Bool? = nil, quantidade: Int? = nil) {
            self.abreviado = abreviado
            self.execucao = execucao
            self.duplicidade = duplicidade
            self.fiscalizacao = fiscalizacao
            self.visitaRealizada = visitaRealizada
            self.quantidade = quantidade
        }
    }

    public struct Quadro: Sendable, Hashable {
        public var motivo: Int
        public var descricao: String
        public var abreviado: String
        public var execucao: Bool
        public var duplicidade: Bool
        public var fiscalizacao: Bool
        public var visitaRealizada: Bool
        public var quantidade: Int?
        /// (ação, descrição, gera pagamento).
        public var acoes: [(Int, String, Bool)]

        public static func == (a: Quadro, b: Quadro) -> Bool { a.motivo == b.motivo && a.acoes.map(\.0) == b.acoes.map(\.0) }
        public func hash(into h: inout Hasher) { h.combine(motivo) }
    }

    public static func mostrar(_ motivo: Int, db: PostgresConnection) throws -> Quadro {
        guard let r = try db.query(
            """
            SELECT amen_dsmotivoencerramento, amen_dsabreviado, amen_icexecucao = 1, amen_icduplicidade = 1, amen_icfiscalizacao = 1,
                   amen_icvisitarealizada = 1, amen_qtencerramentoos
            FROM atendimentopublico.atendimento_motivo_encerramento WHERE amen_id = $1
            """, [motivo]).first
        else { throw ErroEncerramento.recusa("Motivo de encerramento \(motivo) inexistente.") }
        let acoes = try db.query(
            """
            SELECT a.cbac_id, c.cbac_dscobrancaacao, a.amea_icgerapagamento = 1 FROM cobranca.atend_mot_enc_acao_cobr a
            JOIN cobranca.cobranca_acao c USING (cbac_id) WHERE a.amen_id = $1 ORDER BY a.cbac_id
            """, [motivo]
        ).map { try $0.decode((Int, String, Bool).self) }
        return Quadro(
            motivo: motivo, descricao: try r.decode(String.self, at: 0), abreviado: try r.decode(String.self, at: 1),
            execucao: try r.decode(Bool.self, at: 2), duplicidade: try r.decode(Bool.self, at: 3), fiscalizacao: try r.decode(Bool.self, at: 4),
            visitaRealizada: try r.decode(Bool.self, at: 5), quantidade: try r.decode(Int?.self, at: 6), acoes: acoes)
    }

    /// Changes the indicators, adds and removes associations, in one transaction.
    public static func informar(
        _ motivo: Int, _ i: Indicadores, incluir: [(acao: Int, geraPagamento: Bool)], remover: [Int], db: PostgresConnection
    ) throws -> Quadro {
        try db.withTransaction { db in
            let atual = try mostrar(motivo, db: db)
            if let abreviado = i.abreviado {
                let t = abreviado.trimmingCharacters(in: .whitespaces)
                guard !t.isEmpty else { throw ErroEncerramento.recusa("Informe Descrição Abreviada.") }
                guard t.caracteresNaColuna <= 10 else { throw ErroEncerramento.recusa("Descrição Abreviada com \(t.caracteresNaColuna) caracteres: o máximo é 10.") }
            }
            if let q = i.quantidade, !(0...999_999).contains(q) {
                throw ErroEncerramento.recusa("Quantidade Encerramento de OS inválida: \(q).")
            }
            for (acao, _) in incluir {
                guard let d = try db.query("SELECT cbac_dscobrancaacao FROM cobranca.cobranca_acao WHERE cbac_id = $1", [acao]).first?
                    .decode(String.self, at: 0)
                else { throw ErroEncerramento.recusa("Ação de cobrança \(acao) inexistente.") }
                if atual.acoes.contains(where: { $0.0 == acao }) && !remover.contains(acao) {
                    throw ErroEncerramento.recusa("\(mensagemExistente) \(d).")
                }
            }
            func ind(_ b: Bool?) -> Int? { b.map { $0 ? 1 : 2 } }
            try db.execute(
                """
                UPDATE atendimentopublico.atendimento_motivo_encerramento SET
                    amen_dsabreviado = COALESCE($2, amen_dsabreviado), amen_icexecucao = COALESCE($3::smallint, amen_icexecucao),
                    amen_icduplicidade = COALESCE($4::smallint, amen_icduplicidade), amen_icfiscalizacao = COALESCE($5::smallint, amen_icfiscalizacao),
                    amen_icvisitarealizada = COALESCE($6::smallint, amen_icvisitarealizada), amen_qtencerramentoos = COALESCE($7, amen_qtencerramentoos)
                WHERE amen_id = $1
                """, [motivo, i.abreviado?.trimmingCharacters(in: .whitespaces).uppercased(), ind(i.execucao), ind(i.duplicidade), ind(i.fiscalizacao),
                      ind(i.visitaRealizada), i.quantidade])
            if !remover.isEmpty {
                try db.execute("DELETE FROM cobranca.atend_mot_enc_acao_cobr WHERE amen_id = $1 AND cbac_id = ANY($2::smallint[])",
                               [motivo, PostgresArray(remover)])
            }
            for (acao, paga) in incluir {
                try db.execute("INSERT INTO cobranca.atend_mot_enc_acao_cobr VALUES ($1, $2, $3)", [motivo, acao, paga ? 1 : 2])
            }
            return try mostrar(motivo, db: db)
        }
    }
}
