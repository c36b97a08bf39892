import Foundation
import CampoRegras
import GSANDatabase
import GSANModel
import GSANSupport
import Postgres

/// The operator's side of the field cycle (`gsan rotas liberar | leiturista | situacao |
/// releitura | inconsistencias`).
public enum OperacaoCampo {
    public enum Erro: Error, CustomStringConvertible {
        case grupoInexistente(Int)
        case imovelInexistente(Int)
        case imovelSemArquivo(Int, Int)
        case imeiInvalido(String)
        case leituristaInexistente(Int)
        case imeiEmUso(String, String)
        case rotaInexistente(Int)
        case nomeInvalido
        case loginInvalido
        case senhaInvalida

        public var description: String {
            switch self {
            case .grupoInexistente(let g): "Grupo de faturamento \(g) inexistente."
            case .imovelInexistente(let i): "Imóvel \(i) inexistente."
            case .imovelSemArquivo(let i, let r): "O imóvel \(i) não está em arquivo de rota da referência \(Referencia.mesAno(r)) aceitando leituras."
            case .imeiInvalido(let t): "IMEI inválido: \(t) (15 dígitos)."
            case .leituristaInexistente(let l): "Leiturista \(l) inexistente."
            case .imeiEmUso(let imei, let nome): "O IMEI \(imei) já é do leiturista \(nome)."
            case .rotaInexistente(let r): "Rota \(r) inexistente."
            case .nomeInvalido: "Nome do leiturista vazio ou com mais de 50 caracteres."
            case .loginInvalido: "Login do leiturista inválido: de 1 a 20 letras, dígitos, ponto, hífen ou sublinhado."
            case .senhaInvalida: "Senha do leiturista inválida: de 4 a 64 caracteres, sem quebra de linha."
            }
        }
    }

    /// DISPONÍVEL → LIBERADO of the group's files of the referência (or one rota's): one file per
    /// phone, the first of each IMEI without a LIBERADO file; the next are released on line.
    public static func liberar(grupo: Int, referencia: Int, rota: Int?, db: PostgresConnection) throws -> [MudancaSituacao] {
        try db.withTransaction { db in
            guard try db.query("SELECT 1 FROM faturamento.faturamento_grupo WHERE ftgr_id = $1", [grupo]).first != nil else {
                throw Erro.grupoInexistente(grupo)
            }
            let imeis = try db.query(
                """
                SELECT DISTINCT coalesce(p.tred_nnimei, a.txre_nnimei)
                FROM micromedicao.arquivo_texto_rota a
                LEFT JOIN micromedicao.arquivo_texto_rota_parte p ON p.txre_id = a.txre_id
                WHERE a.ftgr_id = $1 AND a.txre_amreferencia = $2 AND ($3::int IS NULL OR a.rota_id = $3)
                  AND coalesce(p.tred_nnimei, a.txre_nnimei) IS NOT NULL
                ORDER BY 1
                """, [grupo, referencia, rota]
            ).map { try $0.decode(String.self, at: 0) }
            var mudancas: [MudancaSituacao] = []
            for imei in imeis {
                let todos = try ArquivosCelular.doCelular(imei, db: db)
                let candidatos = try db.query(
                    """
                    SELECT a.txre_id FROM micromedicao.arquivo_texto_rota a
                    WHERE a.ftgr_id = $1 AND a.txre_amreferencia = $2 AND ($3::int IS NULL OR a.rota_id = $3)
                    """, [grupo, referencia, rota]
                ).map { try $0.decode(Int64.self, at: 0) }
                let ids = Set(candidatos)
                let jaLiberado = todos.contains { $0.situacao == .liberado }
                let m = CicloSituacao.liberar(
                    todos.filter { ids.contains($0.arquivo) }.map { (imei, $0) }, jaLiberados: jaLiberado ? [imei] : [])
                try ArquivosCelular.aplicar(m, db: db)
                mudancas += m
            }
            return mudancas
        }
    }

    /// One line of `gsan rotas situacao`.
    public struct Linha: Sendable {
        public var rota: Int
        public var parte: Int
        public var nome: String
        public var imei: String?
        public var leiturista: String?
        public var imoveis: Int
        public var recebidos: Int
        public var situacao: String
        public var alteracao: String
    }

    public static func situacao(grupo: Int, referencia: Int, db: PostgresConnection) throws -> [Linha] {
        try db.query(
            """
            SELECT a.rota_id, x.parte, x.nome, x.imei, l.leit_nmleiturista, x.imoveis,
                   (SELECT count(DISTINCT m.imov_id)::int FROM faturamento.mov_conta_prefaturada m
                    WHERE m.rota_id = a.rota_id AND m.mcpf_ammovimento = a.txre_amreferencia),
                   s.sitl_dssituacaotransmissao, to_char(x.tm, 'DD/MM/YYYY HH24:MI:SS')
            FROM micromedicao.arquivo_texto_rota a
            JOIN LATERAL (
                SELECT 0 AS parte, a.txre_nmarquivo AS nome, a.txre_nnimei AS imei, a.txre_qtimovel AS imoveis, a.sitl_id AS sitl,
                       a.txre_tmultimaalteracao AS tm
                UNION ALL
                SELECT p.tred_nnsequencialarq, p.tred_nmarquivo, p.tred_nnimei, p.tred_qtimovel, p.sitl_id, p.tred_tmultimaalteracao
                FROM micromedicao.arquivo_texto_rota_parte p WHERE p.txre_id = a.txre_id) x ON true
            JOIN micromedicao.situacao_transmissao_leitura s ON s.sitl_id = x.sitl
            LEFT JOIN micromedicao.leiturista l ON l.leit_nnimei = x.imei
            WHERE a.ftgr_id = $1 AND a.txre_amreferencia = $2
            ORDER BY a.rota_id, x.parte
            """, [grupo, referencia]
        ).map { row in
            Linha(
                rota: try row.decode(Int.self, at: 0), parte: try row.decode(Int.self, at: 1), nome: try row.decode(String.self, at: 2),
                imei: try row.decode(String?.self, at: 3), leiturista: try row.decode(String?.self, at: 4),
                imoveis: try row.decode(Int.self, at: 5), recebidos: try row.decode(Int.self, at: 6),
                situacao: try row.decode(String.self, at: 7), alteracao: try row.decode(String.self, at: 8))
        }
    }

    /// A re-read request, sent to the phone with the answer to its rota's next upload.
    public static func releitura(imovel: Int, db: PostgresConnection) throws -> (rota: Int, referencia: Int) {
        try db.withTransaction { db in
            guard let row = try db.query(
                """
                SELECT coalesce(i.rota_idalternativa, q.rota_id), g.ftgr_amreferencia::int
                FROM cadastro.imovel i JOIN cadastro.quadra q ON q.qdra_id = i.qdra_id
                JOIN micromedicao.rota r ON r.rota_id = coalesce(i.rota_idalternativa, q.rota_id)
                JOIN faturamento.faturamento_grupo g ON g.ftgr_id = r.ftgr_id
                WHERE i.imov_id = $1
                """, [imovel]
            ).first else { throw Erro.imovelInexistente(imovel) }
            let (rota, referencia) = try row.decode((Int, Int).self)
            guard try db.query(
                "SELECT 1 FROM micromedicao.arquivo_texto_rota WHERE rota_id = $1 AND txre_amreferencia = $2 AND sitl_id IN (1, 2, 3, 5)",
                [rota, referencia]
            ).first != nil else { throw Erro.imovelSemArquivo(imovel, referencia) }
            try db.execute(
                """
                INSERT INTO micromedicao.releitura_mobile (imov_id, rota_id, remo_amreferencia) VALUES ($1, $2, $3)
                ON CONFLICT (imov_id, remo_amreferencia) WHERE remo_icreleitura = 2
                DO UPDATE SET remo_icmsgrecebida = 2, remo_tmsolicitacao = now()
                """, [imovel, rota, referencia])
            return (rota, referencia)
        }
    }

    /// A reader's own login and password for the phone's local login (seed 004: "caso o
    /// leiturista tenha usuário cadastrado, login e senha serão os cadastrados para ele"). Only
    /// base64(SHA-1) of the password is stored, which is what record 11 carries and the app
    /// compares; the files generated from now on carry them (a DISPONÍVEL file: generate again).
    public static func credenciais(leiturista id: Int, login: String, senha: String, db: PostgresConnection) throws {
        try validarCredenciais(login: login, senha: senha)
        guard try db.execute(
            "UPDATE micromedicao.leiturista SET leit_nmlogin = $2, leit_dssenha = $3 WHERE leit_id = $1",
            [id, login, SenhaCelular.hash(senha)]) == 1
        else { throw Erro.leituristaInexistente(id) }
    }

    /// The checks of ``credenciais(leiturista:login:senha:db:)``, to run before anything is written.
    public static func validarCredenciais(login: String, senha: String) throws {
        let permitidos = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        guard (1...20).contains(login.count), login.allSatisfy(permitidos.contains) else { throw Erro.loginInvalido }
        guard (4...64).contains(senha.count), !senha.contains(where: { $0.isNewline }) else { throw Erro.senhaInvalida }
    }

    /// A reader's phone: the IMEI a reader carries (a new reader when `nome` is given and the id
    /// is free), and the rotas they read from now on. Files not yet in the field (DISPONÍVEL,
    /// LIBERADO) follow the reader's phone.
    public static func leiturista(id: Int, imei: String, nome: String?, rotas: [Int], db: PostgresConnection) throws -> String {
        guard imei.count == 15, imei.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw Erro.imeiInvalido(imei) }
        return try db.withTransaction { db in
            if let outro = try db.query(
                "SELECT leit_nmleiturista FROM micromedicao.leiturista WHERE leit_nnimei = $1 AND leit_id <> $2", [imei, id]
            ).first {
                throw Erro.imeiEmUso(imei, try outro.decode(String.self, at: 0))
            }
            for rota in rotas where try db.query("SELECT 1 FROM micromedicao.rota WHERE rota_id = $1", [rota]).first == nil {
                throw Erro.rotaInexistente(rota)
            }
            if let nome, try db.query("SELECT 1 FROM micromedicao.leiturista WHERE leit_id = $1", [id]).first == nil {
                let limpo = nome.trimmingCharacters(in: .whitespaces)
                guard !limpo.isEmpty, limpo.count <= 50 else { throw Erro.nomeInvalido }
                // The reader works for the company that reads the rotas (or the first reader's).
                try db.execute(
                    """
                    INSERT INTO micromedicao.leiturista (leit_id, leit_nmleiturista, empr_id, leit_nnimei)
                    SELECT $1, $2, coalesce((SELECT empr_id FROM micromedicao.rota WHERE rota_id = ANY($3::int[]) LIMIT 1),
                                            (SELECT empr_id FROM micromedicao.leiturista ORDER BY leit_id LIMIT 1)), $4
                    """, [id, limpo, PostgresArray(rotas), imei])
            }
            guard let nomeAtual = try db.query(
                "UPDATE micromedicao.leiturista SET leit_nnimei = $2 WHERE leit_id = $1 RETURNING leit_nmleiturista", [id, imei]
            ).first?.decode(String.self, at: 0) else { throw Erro.leituristaInexistente(id) }
            if !rotas.isEmpty {
                try db.execute("UPDATE micromedicao.rota SET leit_id = $1 WHERE rota_id = ANY($2::int[])", [id, PostgresArray(rotas)])
                try db.execute(
                    "UPDATE micromedicao.arquivo_texto_rota SET leit_id = $1 WHERE rota_id = ANY($2::int[]) AND sitl_id IN (1, 2)",
                    [id, PostgresArray(rotas)])
            }
            try db.execute(
                """
                UPDATE micromedicao.arquivo_texto_rota SET txre_nnimei = $2, txre_tmultimaalteracao = now()
                WHERE leit_id = $1 AND txre_qtpartes = 0 AND sitl_id IN (1, 2)
                """, [id, imei])
            try db.execute(
                """
                UPDATE micromedicao.arquivo_texto_rota_parte p SET tred_nnimei = $2, tred_tmultimaalteracao = now()
                FROM micromedicao.arquivo_texto_rota a
                WHERE a.txre_id = p.txre_id AND a.leit_id = $1 AND p.sitl_id IN (1, 2)
                """, [id, imei])
            return nomeAtual
        }
    }

    /// The reports of refused uploads, newest first.
    public struct Relatorio: Sendable {
        public var id: Int64
        public var quando: String
        public var pacote: Int
        public var imei: String?
        public var rota: Int?
        public var motivo: String
        public var inconsistencias: [Inconsistencia]
    }

    public static func inconsistencias(rota: Int?, limite: Int, db: PostgresConnection) throws -> [Relatorio] {
        try db.query(
            """
            SELECT rtin_id, to_char(rtin_tmrecebimento, 'DD/MM/YYYY HH24:MI:SS'), rtin_nnpacote, rtin_nnimei, rota_id, rtin_dsmotivo,
                   rtin_inconsistencias::text
            FROM micromedicao.retorno_inconsistencia WHERE $1::int IS NULL OR rota_id = $1
            ORDER BY rtin_id DESC LIMIT $2
            """, [rota, limite]
        ).map { row in
            let json = try row.decode(String.self, at: 6)
            let lista = (try? JSONDecoderCampo.decode([Inconsistencia].self, json)) ?? []
            return Relatorio(
                id: try row.decode(Int64.self, at: 0), quando: try row.decode(String.self, at: 1), pacote: try row.decode(Int.self, at: 2),
                imei: try row.decode(String?.self, at: 3), rota: try row.decode(Int?.self, at: 4), motivo: try row.decode(String.self, at: 5),
                inconsistencias: lista)
        }
    }
}


enum JSONDecoderCampo {
    static func decode<T: Decodable>(_ tipo: T.Type, _ texto: String) throws -> T {
        try JSONDecoder().decode(tipo, from: Data(texto.utf8))
    }
}

extension OperacaoCampo {
    /// What came back from the field for a group and referência: per rota, the imóveis received
    /// and processed, the bills printed in the field, the value adjustments.
    public struct ResumoRota: Sendable {
        public var rota: Int
        public var recebidos: Int
        public var processados: Int
        public var impressas: Int
        public var ajustes: Int
    }

    /// One bill of the referência with the reading it came from.
    public struct ContaLida: Sendable {
        public var imovel: Int
        public var leitura: Int?
        public var consumo: Int
        public var tipoConsumo: String
        public var agua: Centavos
        public var esgoto: Centavos
        public var situacao: String
        public var impressaEmCampo: Bool
    }

    public static func leituras(grupo: Int, referencia: Int, exemplos: Int, db: PostgresConnection) throws -> ([ResumoRota], [ContaLida]) {
        let resumo = try db.query(
            """
            SELECT m.rota_id, count(DISTINCT m.imov_id)::int,
                   count(DISTINCT m.imov_id) FILTER (WHERE m.mcpf_icatualizarfaturamento = 1)::int,
                   count(DISTINCT m.imov_id) FILTER (WHERE m.mcpf_icemissaoconta = 1)::int,
                   (SELECT count(*)::int FROM faturamento.faturamento_imediato_ajuste a JOIN faturamento.conta c USING (cnta_id)
                    WHERE c.rota_id = m.rota_id AND a.fiaj_amreferencia = $2)
            FROM faturamento.mov_conta_prefaturada m
            WHERE m.ftgr_id = $1 AND m.mcpf_ammovimento = $2
            GROUP BY m.rota_id ORDER BY m.rota_id
            """, [grupo, referencia]
        ).map { row in
            let (r, rec, proc, imp, aj) = try row.decode((Int, Int, Int, Int, Int).self)
            return ResumoRota(rota: r, recebidos: rec, processados: proc, impressas: imp, ajustes: aj)
        }
        // A few bills of each kind: printed in the field, billed by the close from a reading.
        let contas = try db.query(
            """
            SELECT * FROM (
                SELECT DISTINCT ON (m.mcpf_icemissaoconta, coalesce(h.cstp_id, 0)) c.imov_id, m.mcpf_nnleiturahidrometro,
                       c.cnta_nnconsumoagua, coalesce(t.cstp_dsconsumotipo, '-'), c.cnta_vlagua, c.cnta_vlesgoto,
                       s.dcst_dsdebitocreditosituacao, m.mcpf_icemissaoconta = 1
                FROM faturamento.mov_conta_prefaturada m
                JOIN faturamento.conta c ON c.imov_id = m.imov_id AND c.cnta_amreferenciaconta = m.mcpf_ammovimento AND c.dcst_idatual NOT IN (3, 4)
                JOIN faturamento.debito_credito_situacao s ON s.dcst_id = c.dcst_idatual
                LEFT JOIN micromedicao.consumo_historico h ON h.imov_id = c.imov_id AND h.lgti_id = 1 AND h.cshi_amfaturamento = m.mcpf_ammovimento
                LEFT JOIN micromedicao.consumo_tipo t ON t.cstp_id = h.cstp_id
                WHERE m.ftgr_id = $1 AND m.mcpf_ammovimento = $2 AND m.medt_id = 1
                ORDER BY m.mcpf_icemissaoconta, coalesce(h.cstp_id, 0), c.imov_id
            ) x LIMIT $3
            """, [grupo, referencia, exemplos]
        ).map { row in
            ContaLida(
                imovel: try row.decode(Int.self, at: 0), leitura: try row.decode(Int?.self, at: 1), consumo: try row.decode(Int.self, at: 2),
                tipoConsumo: try row.decode(String.self, at: 3), agua: try row.decode(Centavos.self, at: 4),
                esgoto: try row.decode(Centavos.self, at: 5), situacao: try row.decode(String.self, at: 6),
                impressaEmCampo: try row.decode(Bool.self, at: 7))
        }
        return (resumo, contas)
    }
}
