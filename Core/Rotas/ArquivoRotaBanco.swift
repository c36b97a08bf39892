import GSANDatabase
import Postgres
import RotasRegras

/// The rows of `micromedicao.arquivo_texto_rota` and `arquivo_texto_rota_parte` (migration 0014).
enum ArquivoRotaBanco {
    struct Existente {
        var id: Int64
        /// The rota's situação and its parts' (the highest blocks).
        var situacao: Int
        var situacaoDescricao: String
        var sha256: String
        var partes: [String]
    }

    /// The rota's file of the reference, locked until the job's transaction ends.
    static func existente(rota: Int, referencia: Int, db: PostgresConnection) throws -> Existente? {
        guard let row = try db.query(
            """
            SELECT a.txre_id, s.sitl_id, a.txre_nnsha256, s.sitl_dssituacaotransmissao,
                   coalesce((SELECT string_agg(p.tred_nnsha256, ',' ORDER BY p.tred_nnsequencialarq)
                             FROM micromedicao.arquivo_texto_rota_parte p WHERE p.txre_id = a.txre_id), '')
            FROM micromedicao.arquivo_texto_rota a
            JOIN micromedicao.situacao_transmissao_leitura s ON s.sitl_id = greatest(a.sitl_id, coalesce(
                (SELECT max(p.sitl_id) FROM micromedicao.arquivo_texto_rota_parte p WHERE p.txre_id = a.txre_id), 1))
            WHERE a.rota_id = $1 AND a.txre_amreferencia = $2
            FOR UPDATE OF a
            """, [rota, referencia]
        ).first else { return nil }
        let partes = try row.decode(String.self, at: 4)
        return Existente(
            id: try row.decode(Int64.self, at: 0), situacao: try row.decode(Int.self, at: 1),
            situacaoDescricao: try row.decode(String.self, at: 3), sha256: try row.decode(String.self, at: 2),
            partes: partes.isEmpty ? [] : partes.split(separator: ",").map(String.init))
    }

    struct Linha {
        var arquivo: ArquivoMontado
        var tamanho: Int
        var sha256: String
        var gzip: [UInt8]
    }

    static func substituir(
        _ existente: Existente?, rota: CargaRota.Rota, completo: Linha, partes: [Linha], db: PostgresConnection
    ) throws {
        if let existente {
            try db.execute("DELETE FROM micromedicao.arquivo_texto_rota WHERE txre_id = $1", [existente.id])
        }
        let r = rota.arquivo
        // The phones take the parts of a split rota, so the whole file has no IMEI then.
        let id = try db.query(
            """
            INSERT INTO micromedicao.arquivo_texto_rota
                (txre_amreferencia, ftgr_id, rota_id, loca_id, txre_cdsetorcomercial, txre_cdrota, txre_qtimovel, txre_qtpartes,
                 txre_nmarquivo, txre_nntamanho, txre_nnsha256, leit_id, txre_nnimei, sitl_id, txre_artexto)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 1, $14)
            RETURNING txre_id
            """,
            [r.referencia, r.grupo, r.id, r.localidade, r.codigoSetor, r.codigo, completo.arquivo.imoveis, partes.count,
             completo.arquivo.nome, completo.tamanho, completo.sha256, rota.leiturista, partes.isEmpty ? rota.imei : nil, completo.gzip]
        )[0].decode(Int64.self, at: 0)
        for (n, parte) in partes.enumerated() {
            try db.execute(
                """
                INSERT INTO micromedicao.arquivo_texto_rota_parte
                    (txre_id, tred_nnsequencialarq, tred_qtimovel, tred_nmarquivo, tred_nntamanho, tred_nnsha256, tred_nnimei, sitl_id,
                     tred_artextoparte)
                VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8)
                """, [id, n + 1, parte.arquivo.imoveis, parte.arquivo.nome, parte.tamanho, parte.sha256, rota.imei, parte.gzip])
        }
    }
}
