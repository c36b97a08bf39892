import DocumentosRegras
import Postgres

/// The SMS/e-mail texts of an action (seed 002 §2.3.1): the texts and the action's rules
/// (``AcaoComMensagem``) are checked before anything is written, with the seed's messages.
public enum TextosAcao {
    /// Validates and writes, in one transaction (the action row locked while it is read).
    /// Throws ``ErroDocumentos/textoMensagem(_:)`` with every rule the request breaks.
    public static func gravar(acao id: Int, sms: String?, email: String?, tentativas: Int, db: PostgresConnection) throws {
        var erros: [String] = []
        do {
            if let sms { try TextoMensagem.validar(sms: sms) }
        } catch { erros.append(error.description) }
        do {
            if let email { try TextoMensagem.validar(email: email) }
        } catch { erros.append(error.description) }
        guard erros.isEmpty else { throw ErroDocumentos.textoMensagem(erros.joined(separator: "\n")) }
        try db.withTransaction { db in
            guard let acao = try ler(id, db: db) else { throw ErroDocumentos.acaoInexistente(id) }
            let violacoes = AcaoComMensagem.validar(acao, enviaMensagem: sms != nil || email != nil)
            guard violacoes.isEmpty else {
                throw ErroDocumentos.textoMensagem(violacoes.map(\.description).joined(separator: "\n"))
            }
            try db.execute(
                """
                UPDATE cobranca.cobranca_acao SET cbac_icenviasms = CASE WHEN $2::text IS NULL THEN cbac_icenviasms ELSE 1 END,
                    cbac_dstextosms = COALESCE($2, cbac_dstextosms),
                    cbac_icenviaemail = CASE WHEN $3::text IS NULL THEN cbac_icenviaemail ELSE 1 END,
                    cbac_dstextoemail = COALESCE($3, cbac_dstextoemail), cbac_nnmaximotentativaenvio = $4
                WHERE cbac_id = $1
                """, [id, sms, email, tentativas])
        }
    }

    /// The action as the rules see it; nil when there is none with that id.
    static func ler(_ id: Int, db: PostgresConnection) throws -> AcaoComMensagem.Acao? {
        guard let row = try db.query(
            """
            SELECT a.svtp_id, a.cbac_idacaoprecedente, COALESCE(p.cbac_icenviasms = 1 OR p.cbac_icenviaemail = 1, false),
                   a.cbac_iccompoecronograma = 1, a.cbac_nnordemrealizacao, p.cbac_nnordemrealizacao,
                   COALESCE((SELECT string_agg(s.cbac_id::text, ',' ORDER BY s.cbac_id) FROM cobranca.cobranca_acao s
                             WHERE s.cbac_idacaoprecedente = a.cbac_id), '')
            FROM cobranca.cobranca_acao a LEFT JOIN cobranca.cobranca_acao p ON p.cbac_id = a.cbac_idacaoprecedente
            WHERE a.cbac_id = $1 FOR UPDATE OF a
            """, [id]).first
        else { return nil }
        let (servico, predecessora, predecessoraEnvia, compoe, ordem, ordemPredecessora, sucessoras) =
            try row.decode((Int?, Int?, Bool, Bool, Int?, Int?, String).self)
        return AcaoComMensagem.Acao(
            id: id, servicoTipo: servico, predecessora: predecessora, predecessoraEnviaMensagem: predecessoraEnvia,
            compoeCronograma: compoe, ordem: ordem, ordemPredecessora: ordemPredecessora,
            sucessoras: sucessoras.split(separator: ",").compactMap { Int($0) })
    }
}
