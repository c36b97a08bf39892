import CampoRegras
import GSANDatabase
import Postgres

/// The route files as the phones see them: by IMEI, with their situação, and the changes of
/// the life cycle applied (migrations 0014, 0018).
public enum ArquivosCelular {
    /// Every file and part of `imei`, locked for the caller's transaction (whole files first,
    /// then parts: the same order everywhere, so two transactions never wait on each other).
    static func doCelular(_ imei: String, db: PostgresConnection) throws -> [ArquivoCiclo] {
        let inteiros = try db.query(
            """
            SELECT a.txre_id, a.sitl_id, a.txre_amreferencia * 10000 + coalesce(r.rota_nnsequencialeiturista, 0) % 10000
            FROM micromedicao.arquivo_texto_rota a JOIN micromedicao.rota r ON r.rota_id = a.rota_id
            WHERE a.txre_nnimei = $1 OR a.txre_id IN (SELECT txre_id FROM micromedicao.arquivo_texto_rota_parte WHERE tred_nnimei = $1)
            ORDER BY a.txre_id
            FOR UPDATE OF a
            """, [imei])
        var principal: [Int64: (SituacaoTransmissao, Int, Bool)] = [:]
        var arquivos: [ArquivoCiclo] = []
        let partes = try db.query(
            """
            SELECT p.txre_id, p.tred_nnsequencialarq, p.sitl_id FROM micromedicao.arquivo_texto_rota_parte p
            WHERE p.tred_nnimei = $1 ORDER BY p.txre_id, p.tred_nnsequencialarq FOR UPDATE
            """, [imei])
        let comPartes = Set(try partes.map { try $0.decode(Int64.self, at: 0) })
        for row in inteiros {
            let (id, sitl, seq) = try row.decode((Int64, Int, Int).self)
            let s = SituacaoTransmissao(rawValue: sitl) ?? .disponivel
            principal[id] = (s, seq, comPartes.contains(id))
            if !comPartes.contains(id) { arquivos.append(ArquivoCiclo(arquivo: id, parte: 0, situacao: s, sequencia: seq)) }
        }
        for row in partes {
            let (id, parte, sitl) = try row.decode((Int64, Int, Int).self)
            guard let p = principal[id] else { continue }
            arquivos.append(ArquivoCiclo(
                arquivo: id, parte: parte, situacao: SituacaoTransmissao(rawValue: sitl) ?? .disponivel, sequencia: p.1,
                situacaoPrincipal: p.0))
        }
        return arquivos
    }

    static func aplicar(_ mudancas: [MudancaSituacao], db: PostgresConnection) throws {
        for m in mudancas {
            if m.parte == 0 {
                try db.execute(
                    "UPDATE micromedicao.arquivo_texto_rota SET sitl_id = $2, txre_tmultimaalteracao = now() WHERE txre_id = $1 AND sitl_id = $3",
                    [m.arquivo, m.para.rawValue, m.de.rawValue])
            } else {
                try db.execute(
                    """
                    UPDATE micromedicao.arquivo_texto_rota_parte SET sitl_id = $3, tred_tmultimaalteracao = now()
                    WHERE txre_id = $1 AND tred_nnsequencialarq = $2 AND sitl_id = $4
                    """, [m.arquivo, m.parte, m.para.rawValue, m.de.rawValue])
            }
        }
    }

    /// Packet 13: the LIBERADO file of `imei` GSAN serves — a part first (lowest sequence), else a
    /// whole file (lowest reference and sequence); the gzip bytes as stored. Only to the phone
    /// of an active reader (`leiturista` with that IMEI and `leit_icuso` 1): a whole file only
    /// when it is that reader's (`leit_id`, the rota's reader when it was generated or the one
    /// `gsan rotas leiturista` gave it); a part, which GSAN assigns by IMEI alone, when its IMEI
    /// is that reader's. The app sends no other identity (FIELD-APP-PROTOCOL.md §2.2, §6.4).
    public static func liberado(_ imei: String, db: PostgresConnection) throws -> (nome: String, gzip: [UInt8])? {
        let row = try db.queryPrepared(
            """
            SELECT nome, bytes FROM micromedicao.leiturista l CROSS JOIN LATERAL (
                SELECT 0 AS ordem, a.txre_amreferencia AS ref, p.tred_nnsequencialarq AS seq, p.tred_nmarquivo AS nome,
                       p.tred_artextoparte AS bytes
                FROM micromedicao.arquivo_texto_rota_parte p JOIN micromedicao.arquivo_texto_rota a ON a.txre_id = p.txre_id
                WHERE p.tred_nnimei = l.leit_nnimei AND p.sitl_id = 2
                UNION ALL
                SELECT 1, a.txre_amreferencia, coalesce(r.rota_nnsequencialeiturista, 0), a.txre_nmarquivo, a.txre_artexto
                FROM micromedicao.arquivo_texto_rota a JOIN micromedicao.rota r ON r.rota_id = a.rota_id
                WHERE a.txre_nnimei = l.leit_nnimei AND a.leit_id = l.leit_id AND a.sitl_id = 2
            ) x
            WHERE l.leit_nnimei = $1 AND l.leit_icuso = 1
            ORDER BY ordem, ref, seq LIMIT 1
            """, [imei]
        ).first
        guard let row else { return nil }
        return (try row.decode(String.self, at: 0), try row.decode([UInt8].self, at: 1))
    }

    /// Why packet 13 found nothing for `imei`, for the log (only on a refusal).
    public static func semArquivo(_ imei: String, db: PostgresConnection) throws -> String {
        guard let leitor = try db.query(
            "SELECT leit_id, leit_icuso FROM micromedicao.leiturista WHERE leit_nnimei = $1", [imei]
        ).first?.decode((Int, Int).self) else {
            return "o IMEI \(imei) não é o celular de nenhum leiturista"
        }
        guard leitor.1 == 1 else { return "o leiturista \(leitor.0) do IMEI \(imei) não está em uso" }
        let deOutro = try db.query(
            "SELECT count(*)::int FROM micromedicao.arquivo_texto_rota WHERE txre_nnimei = $1 AND sitl_id = 2 AND leit_id IS DISTINCT FROM $2",
            [imei, leitor.0]
        )[0].decode(Int.self, at: 0)
        return deOutro > 0
            ? "\(deOutro) arquivo(s) LIBERADO(s) com o IMEI \(imei) são de outro leiturista que não o \(leitor.0)"
            : "nenhum arquivo LIBERADO para o IMEI \(imei) (leiturista \(leitor.0))"
    }

    /// Packet 10: the life cycle's changes for `imei`, applied in the caller's transaction.
    /// Nil when the phone has no LIBERADO file and none EM CAMPO (a resend of packet 10 after
    /// its answer was lost finds its file EM CAMPO and changes nothing).
    public static func rotaCarregada(_ imei: String, db: PostgresConnection) throws -> [MudancaSituacao]? {
        let arquivos = try doCelular(imei, db: db)
        guard arquivos.contains(where: { $0.situacao == .liberado }) else {
            return arquivos.contains(where: { $0.situacao == .emCampo }) ? [] : nil
        }
        let mudancas = CicloSituacao.rotaCarregada(arquivos)
        try aplicar(mudancas, db: db)
        return mudancas
    }
}
