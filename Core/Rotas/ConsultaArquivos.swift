import Contratos
import Foundation
import GSANDatabase
import GSANModel
import JobRuntime
import Postgres
import RotasRegras

/// What operators and phones ask about the route files.
public enum ConsultaArquivos {
    /// A file (a rota's, or a part) a phone can download.
    public struct Disponivel: Sendable, Equatable {
        public var rota: Int
        public var grupo: Int
        public var referencia: Int
        public var nome: String
        /// 0 = the rota's whole file; n = part n of `partes`.
        public var parte: Int
        public var partes: Int
        public var imoveis: Int
        public var tamanho: Int
        public var sha256: String
        public var gzip: [UInt8]
    }

    public enum Resposta: Sendable, Equatable {
        case arquivo(Disponivel)
        /// No file for this IMEI; the message says why.
        case nenhum(String)
    }

    /// What GSAN answers a phone that identifies itself by IMEI: the oldest DISPONÍVEL file
    /// (reference, rota, part) assigned to it, or why there is none.
    public static func paraIMEI(_ imei: String, db: PostgresConnection) throws -> Resposta {
        guard let leiturista = try db.query(
            "SELECT leit_id, leit_nmleiturista FROM micromedicao.leiturista WHERE leit_nnimei = $1", [imei]
        ).first else {
            return .nenhum("Nenhum leiturista cadastrado com o IMEI \(imei).")
        }
        let (id, nome) = try leiturista.decode((Int, String).self)
        if let row = try db.query(
            """
            SELECT a.rota_id, a.ftgr_id, a.txre_amreferencia, x.nome, x.parte, a.txre_qtpartes, x.imoveis, x.tamanho, x.sha, x.bytes
            FROM micromedicao.arquivo_texto_rota a
            JOIN LATERAL (
                SELECT a.txre_nmarquivo AS nome, 0 AS parte, a.txre_qtimovel AS imoveis, a.txre_nntamanho AS tamanho,
                       a.txre_nnsha256 AS sha, a.txre_artexto AS bytes, a.sitl_id AS sitl, a.txre_nnimei AS imei
                UNION ALL
                SELECT p.tred_nmarquivo, p.tred_nnsequencialarq, p.tred_qtimovel, p.tred_nntamanho, p.tred_nnsha256,
                       p.tred_artextoparte, p.sitl_id, p.tred_nnimei
                FROM micromedicao.arquivo_texto_rota_parte p WHERE p.txre_id = a.txre_id) x ON true
            WHERE x.imei = $1 AND x.sitl = 1
            ORDER BY a.txre_amreferencia, a.rota_id, x.parte
            LIMIT 1
            """, [imei]
        ).first {
            return .arquivo(Disponivel(
                rota: try row.decode(Int.self, at: 0), grupo: try row.decode(Int.self, at: 1), referencia: try row.decode(Int.self, at: 2),
                nome: try row.decode(String.self, at: 3), parte: try row.decode(Int.self, at: 4), partes: try row.decode(Int.self, at: 5),
                imoveis: try row.decode(Int.self, at: 6), tamanho: try row.decode(Int.self, at: 7), sha256: try row.decode(String.self, at: 8),
                gzip: try row.decode([UInt8].self, at: 9)))
        }
        let rotas = try db.query("SELECT rota_id FROM micromedicao.rota WHERE leit_id = $1 ORDER BY 1", [id]).map { try $0.decode(Int.self, at: 0) }
        guard !rotas.isEmpty else { return .nenhum("O leiturista \(nome) (IMEI \(imei)) não tem rota.") }
        let enviados = try db.query(
            """
            SELECT a.rota_id, a.txre_amreferencia, s.sitl_dssituacaotransmissao
            FROM micromedicao.arquivo_texto_rota a
            JOIN micromedicao.situacao_transmissao_leitura s
              ON s.sitl_id = greatest(a.sitl_id, coalesce((SELECT max(p.sitl_id) FROM micromedicao.arquivo_texto_rota_parte p
                                                          WHERE p.txre_id = a.txre_id), 1))
            WHERE a.rota_id = ANY($1::int[])
            ORDER BY a.txre_amreferencia DESC, a.rota_id LIMIT 5
            """, [PostgresArray(rotas)]
        ).map { row in
            "rota \(try row.decode(Int.self, at: 0)) de \(Referencia.mesAno(try row.decode(Int.self, at: 1))) \(try row.decode(String.self, at: 2))"
        }
        let lista = rotas.prefix(10).map(String.init).joined(separator: ", ") + (rotas.count > 10 ? "…" : "")
        if enviados.isEmpty {
            return .nenhum("Nenhum arquivo gerado para as rotas do leiturista \(nome) (\(lista)): gere com gsan rotas gerar.")
        }
        return .nenhum("Nenhum arquivo DISPONÍVEL para o leiturista \(nome): " + enviados.joined(separator: "; ") + ".")
    }

    /// One line of `gsan rotas listar`.
    public struct Linha: Sendable, Equatable {
        public var rota: Int
        public var nome: String
        public var parte: Int
        public var imoveis: Int
        public var tamanho: Int
        public var situacao: String
        public var sha256: String
    }

    public static func listar(grupo: Int, referencia: Int, db: PostgresConnection) throws -> [Linha] {
        try db.query(
            """
            SELECT a.rota_id, x.nome, x.parte, x.imoveis, x.tamanho, s.sitl_dssituacaotransmissao, x.sha
            FROM micromedicao.arquivo_texto_rota a
            JOIN LATERAL (
                SELECT a.txre_nmarquivo AS nome, 0 AS parte, a.txre_qtimovel AS imoveis, a.txre_nntamanho AS tamanho,
                       a.sitl_id AS sitl, a.txre_nnsha256 AS sha
                UNION ALL
                SELECT p.tred_nmarquivo, p.tred_nnsequencialarq, p.tred_qtimovel, p.tred_nntamanho, p.sitl_id, p.tred_nnsha256
                FROM micromedicao.arquivo_texto_rota_parte p WHERE p.txre_id = a.txre_id) x ON true
            JOIN micromedicao.situacao_transmissao_leitura s ON s.sitl_id = x.sitl
            WHERE a.ftgr_id = $1 AND a.txre_amreferencia = $2
            ORDER BY a.rota_id, x.parte
            """, [grupo, referencia]
        ).map { row in
            Linha(
                rota: try row.decode(Int.self, at: 0), nome: try row.decode(String.self, at: 1), parte: try row.decode(Int.self, at: 2),
                imoveis: try row.decode(Int.self, at: 3), tamanho: try row.decode(Int.self, at: 4), situacao: try row.decode(String.self, at: 5),
                sha256: try row.decode(String.self, at: 6))
        }
    }

    /// The latest refusal or block of each rota of (grupo, referência), from its job's result.
    public static func recusas(grupo: Int, referencia: Int, db: PostgresConnection) throws -> [(rota: Int, situacao: String, mensagem: String)] {
        struct Resultado: Decodable { var situacao: String?; var mensagem: String? }
        var vistas = Set<Int>()
        var recusas: [(rota: Int, situacao: String, mensagem: String)] = []
        let jobs = try JobRecords.done(
            kind: RotasJobs.rota, payloadContaining: PostgresJSON(["grupoFaturamento": grupo, "referencia": referencia]), db: db)
        for job in jobs {  // the latest finished first: the first of each rota is its latest
            let rota = try JSONDecoder().decode(ParteRota.self, from: Data(job.payload.utf8)).rota
            guard vistas.insert(rota).inserted, let texto = job.result else { continue }
            let resultado = try JSONDecoder().decode(Resultado.self, from: Data(texto.utf8))
            guard let situacao = resultado.situacao, situacao == "recusado" || situacao == "bloqueado" else { continue }
            recusas.append((rota, situacao, resultado.mensagem ?? ""))
        }
        return recusas.sorted { $0.rota < $1.rota }
    }
}
