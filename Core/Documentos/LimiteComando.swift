import Contratos
import DocumentosRegras
import GSANModel
import Logging
import Postgres

/// The fan-in step of a command, after all its rotas: the command's Qtd. Máxima Documentos
/// across rotas (GSAN-FACTS §7), the excess cancelled, the totals per rota and of the command.
public struct LimiteComando: Sendable {
    public var logger: Logger

    public init(logger: Logger) { self.logger = logger }

    public struct TotalRota: Codable, Sendable, Equatable {
        public var rota: Int
        public var documentos: Int
        public var itens: Int
        public var valor: Centavos
    }

    /// The command's result (the activity's, `gsan job show`).
    public struct Resultado: Codable, Sendable, Equatable {
        public var simulacao: Bool
        public var selecionados: Int
        public var excedentesCancelados: Int
        public var documentos: Int
        public var itens: Int
        public var valor: Centavos
        public var rotas: [TotalRota]
    }

    public func aplicar(_ contexto: ContextoComando, db: PostgresConnection) throws -> Resultado {
        let comando = contexto.comando
        let coluna = comando.coluna
        let candidatos = try db.query(
            """
            SELECT dcsl_nnordemrota, dcsl_nnsequencia, imov_id, dcsl_vldocumento
            FROM cobranca.documento_selecionado WHERE \(coluna) = $1 AND dcsl_icexcedente = 2
            """, [comando.id]
        ).map { row in
            let (ordem, sequencia, imovel, valor) = try row.decode((Int, Int, Int, Centavos).self)
            return LimiteDocumentos.Candidato(ordemRota: ordem, sequencia: sequencia, imovel: imovel, valor: valor)
        }
        let excedentes = LimiteDocumentos.excedentes(
            candidatos, maximo: contexto.maximo, ordenarPorValor: contexto.ordenarPorValor, valorLimite: contexto.valorLimite)
        if !excedentes.isEmpty {
            let imoveis = PostgresArray(excedentes.sorted())
            try db.execute(
                "UPDATE cobranca.documento_selecionado SET dcsl_icexcedente = 1 WHERE \(coluna) = $1 AND imov_id = ANY($2::int[])",
                [comando.id, imoveis])
            if !contexto.simular {
                // As GSAN's removal of the excess: the documents go with their orders, items and messages.
                try db.execute(
                    """
                    DELETE FROM atendimentopublico.ordem_servico WHERE cbdo_id IN (
                        SELECT cbdo_id FROM cobranca.cobranca_documento WHERE \(coluna) = $1 AND imov_id = ANY($2::int[]))
                    """, [comando.id, imoveis])
                try db.execute(
                    "DELETE FROM cobranca.cobranca_documento WHERE \(coluna) = $1 AND imov_id = ANY($2::int[])",
                    [comando.id, imoveis])
            }
        }
        let rotas = try db.query(
            """
            UPDATE cobranca.documento_rota r
            SET dcrt_qtdocumentos = COALESCE(t.documentos, 0), dcrt_qtitens = COALESCE(t.itens, 0),
                dcrt_vldocumentos = COALESCE(t.valor, 0)
            FROM cobranca.documento_rota r0
            LEFT JOIN (SELECT rota_id, count(*)::int AS documentos, sum(dcsl_qtitens)::int AS itens, sum(dcsl_vldocumento) AS valor
                       FROM cobranca.documento_selecionado WHERE \(coluna) = $1 AND dcsl_icexcedente = 2 GROUP BY rota_id) t
                   ON t.rota_id = r0.rota_id
            WHERE r.dcrt_id = r0.dcrt_id AND r0.\(coluna) = $1
            RETURNING r.rota_id, r.dcrt_nnordemrota, r.dcrt_qtdocumentos, r.dcrt_qtitens, r.dcrt_vldocumentos
            """, [comando.id]
        ).map { row in
            let (rota, ordem, documentos, itens, valor) = try row.decode((Int, Int, Int, Int, Centavos).self)
            return (ordem, TotalRota(rota: rota, documentos: documentos, itens: itens, valor: valor))
        }.sorted { $0.0 < $1.0 }.map(\.1)
        let resultado = Resultado(
            simulacao: contexto.simular, selecionados: candidatos.count, excedentesCancelados: excedentes.count,
            documentos: rotas.reduce(0) { $0 + $1.documentos }, itens: rotas.reduce(0) { $0 + $1.itens },
            valor: rotas.reduce(Centavos.zero) { $0 + $1.valor }, rotas: rotas)
        if let caac = comando.atividadeCronograma {
            try db.execute(
                """
                UPDATE cobranca.cobranca_acao_ativ_crg SET caac_qtdocumentos = $2, caac_qtitenscobrados = $3,
                    caac_vldocumentos = $4, caac_nnversao = caac_nnversao + 1
                WHERE caac_id = $1
                """, [caac, resultado.documentos, resultado.itens, resultado.valor])
        } else if let cacm = comando.comandoEventual {
            try db.execute(
                """
                UPDATE cobranca.cobranca_acao_ativ_cmd SET cacm_qtdocumentos = $2, cacm_qtitenscobrados = $3,
                    cacm_vldocumentos = $4, cacm_tmrealizacao = COALESCE(cacm_tmrealizacao, now()), cacm_nnversao = cacm_nnversao + 1
                WHERE cacm_id = $1
                """, [cacm, resultado.documentos, resultado.itens, resultado.valor])
        }
        logger.info(
            "limite do comando aplicado",
            metadata: [
                "comando": "\(comando)", "selecionados": "\(candidatos.count)", "excedentes": "\(excedentes.count)",
                "documentos": "\(resultado.documentos)", "valor": "\(resultado.valor)",
            ])
        return resultado
    }
}
