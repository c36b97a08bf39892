import EncerramentoRegras
import GSANDatabase
import GSANModel
import Postgres

/// The stored resumo das ações de cobrança of a group's cycle, as `gsan cobranca resumo` prints it.
public enum ConsultaResumo {
    public struct Linha: Sendable, Hashable {
        public var acao: String
        public var situacao: String
        public var debito: String
        public var quantidade: Int
        public var valor: Centavos
    }

    /// - Throws: ``ErroEncerramento/recusa(_:)`` for an unknown group or a cycle without resumo.
    public static func carregar(grupo: Int, referencia: Int, db: PostgresConnection) throws -> [Linha] {
        guard try db.query("SELECT 1 FROM cobranca.cobranca_grupo WHERE cbgr_id = $1", [grupo]).first != nil else {
            throw ErroEncerramento.recusa("Grupo de cobrança \(grupo) inexistente.")
        }
        let linhas = try db.query(
            """
            SELECT x.cbac_dscobrancaacao, r.rsac_dssituacaoacao, s.cdst_dscobrancadebitosituacao, r.rsac_qtdocumentos,
                   r.rsac_vldocumentos
            FROM cobranca.resumo_acao_cobranca r
            JOIN cobranca.cobranca_acao x ON x.cbac_id = r.cbac_id
            JOIN cobranca.cobranca_debito_situacao s ON s.cdst_id = r.cdst_id
            WHERE r.cbgr_id = $1 AND r.rsac_amreferencia = $2
            ORDER BY COALESCE(x.cbac_nnordemrealizacao, 999), x.cbac_id, r.cdst_id
            """, [grupo, referencia]
        ).enumerated().map { posicao, row in
            let (acao, situacao, debito, quantidade, valor) = try row.decode((String, String, String, Int, Centavos).self)
            return (posicao, Linha(acao: acao, situacao: situacao, debito: debito, quantidade: quantidade, valor: valor))
        }
        // Within an action, in the resumo's order of situações (stable: the débito order stays).
        .sorted { a, b in
            guard a.1.acao == b.1.acao else { return a.0 < b.0 }
            let sa = ResumoAcoes.Situacao(rawValue: a.1.situacao), sb = ResumoAcoes.Situacao(rawValue: b.1.situacao)
            if sa != sb, let sa, let sb { return sa < sb }
            return a.0 < b.0
        }
        .map(\.1)
        guard !linhas.isEmpty else {
            throw ErroEncerramento.recusa(
                "Resumo das ações de cobrança não gerado para o grupo \(grupo) em \(zeroPadded(referencia % 100, 2))/\(referencia / 100): "
                    + "nenhuma ação encerrada (atividade ENCERRAR) no ciclo.")
        }
        return linhas
    }
}
