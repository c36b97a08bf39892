import Postgres
import RotasRegras

/// Which imóveis of a rota carry the bad data a load tripped on (a NULL where the file needs a
/// text: a bairro or logradouro without name, a localidade or gerência without name), named
/// record by record, so the refusal says what to fix. Read after the load failed, in the same
/// transaction.
enum CadastroInvalidoRota {
    /// Up to 10 records, `imóvel 123: bairro 45 sem nome`.
    static func registros(_ rota: CargaRota.Rota, db: PostgresConnection) throws -> [String] {
        let filtro = rota.alternativa ? "i.rota_idalternativa = $1" : "q.rota_id = $1 AND i.rota_idalternativa IS NULL"
        return try db.query(
            """
            SELECT 'imóvel ' || i.imov_id || ': ' || concat_ws(', ',
                       CASE WHEN b.bair_id IS NULL THEN 'sem bairro' WHEN b.bair_nmbairro IS NULL THEN 'bairro ' || b.bair_id || ' sem nome' END,
                       CASE WHEN lg.logr_id IS NULL THEN 'sem logradouro'
                            WHEN lg.logr_nmlogradouro IS NULL OR lg.logr_nmtipo IS NULL THEN 'logradouro ' || lg.logr_id || ' sem nome ou tipo' END,
                       CASE WHEN l.loca_nmlocalidade IS NULL THEN 'localidade ' || i.loca_id || ' sem nome' END,
                       CASE WHEN g.greg_nmregional IS NULL THEN 'gerência regional ' || l.greg_id || ' sem nome' END)
            FROM cadastro.imovel i
            JOIN cadastro.quadra q ON q.qdra_id = i.qdra_id
            LEFT JOIN cadastro.bairro b ON b.bair_id = i.bair_id
            LEFT JOIN cadastro.logradouro lg ON lg.logr_id = i.logr_id
            LEFT JOIN cadastro.localidade l ON l.loca_id = i.loca_id
            LEFT JOIN cadastro.gerencia_regional g ON g.greg_id = l.greg_id
            WHERE \(filtro) AND i.imov_icexclusao = 2
              AND (b.bair_nmbairro IS NULL OR lg.logr_nmlogradouro IS NULL OR lg.logr_nmtipo IS NULL
                   OR l.loca_nmlocalidade IS NULL OR g.greg_nmregional IS NULL)
            ORDER BY i.imov_id LIMIT 10
            """, [rota.arquivo.id]
        ).map { try $0.decode(String.self, at: 0) }
    }
}
