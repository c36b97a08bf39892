import EncerramentoRegras
import GSANDatabase
import GSANModel
import Logging
import Postgres

/// ENCERRAR of an action in a cycle: refuses while orders of its EMITIR are still pending (the
/// decurso pass before it closed those past their term), then writes the resumo das ações de
/// cobrança of the action (seed 002 §2.6.1), replacing any earlier one.
public struct ResumoAcao {
    public var logger: Logger

    public init(logger: Logger) { self.logger = logger }

    public struct Resultado: Codable, Sendable, Hashable {
        public var documentos: Int
        public var linhas: Int
    }

    public func gerar(_ ciclo: AcaoCiclo, db: PostgresConnection) throws -> Resultado {
        guard let emitir = ciclo.emitir else { return Resultado(documentos: 0, linhas: 0) }
        let pendentes = try db.query(
            """
            SELECT count(*) OVER ()::int, o.orse_id
            FROM atendimentopublico.ordem_servico o JOIN cobranca.cobranca_documento d ON d.cbdo_id = o.cbdo_id
            WHERE d.caac_id = $1 AND o.orse_cdsituacao <> 2
            ORDER BY o.orse_id LIMIT 5
            """, [emitir])
        if let primeira = pendentes.first {
            throw ErroEncerramento.ordensPendentes(
                acao: ciclo.nome, quantidade: try primeira.decode(Int.self, at: 0),
                exemplos: try pendentes.map { try $0.decode(Int64.self, at: 1) })
        }
        var documentos: [ResumoAcoes.Documento] = []
        try db.forEachRow(
            """
            SELECT d.cbdo_vldocumento, d.cast_id, d.cdst_id, o.orse_cdsituacao, o.amen_id, COALESCE(me.amen_icexecucao = 1, false)
            FROM cobranca.cobranca_documento d
            LEFT JOIN atendimentopublico.ordem_servico o ON o.cbdo_id = d.cbdo_id
            LEFT JOIN atendimentopublico.atendimento_motivo_encerramento me ON me.amen_id = o.amen_id
            WHERE d.caac_id = $1
            """, [emitir]
        ) { row in
            let (valor, acao, debito, ordem, motivo, execucao) = try row.decode((Centavos, Int, Int, Int?, Int?, Bool).self)
            documentos.append(.init(
                valor: valor, situacaoAcao: acao, debito: debito, situacaoOrdem: ordem, motivo: motivo, motivoComExecucao: execucao))
        }
        let linhas = ResumoAcoes.linhas(documentos)
        struct Linha: Encodable { var situacao: String, debito: Int, quantidade: Int, valor: String }
        try db.execute("DELETE FROM cobranca.resumo_acao_cobranca WHERE caac_id = $1", [emitir])
        if !linhas.isEmpty {
            try db.execute(
                """
                INSERT INTO cobranca.resumo_acao_cobranca (caac_id, cbgr_id, rsac_amreferencia, cbac_id, rsac_dssituacaoacao,
                    cdst_id, rsac_qtdocumentos, rsac_vldocumentos)
                SELECT $2, $3, $4, $5, x.situacao, x.debito, x.quantidade, x.valor::numeric
                FROM jsonb_to_recordset($1::jsonb) AS x(situacao text, debito smallint, quantidade int, valor text)
                """,
                [PostgresJSON(linhas.map { Linha(situacao: $0.situacao.rawValue, debito: $0.debito.rawValue, quantidade: $0.quantidade,
                                                 valor: $0.valor.decimalText) }),
                 emitir, ciclo.grupo, ciclo.referencia, ciclo.acao])
        }
        logger.info("resumo da ação gerado", metadata: ["caac": "\(emitir)", "documentos": "\(documentos.count)"])
        return Resultado(documentos: documentos.count, linhas: linhas.count)
    }
}
