import Contratos
import DocumentosRegras
import Foundation
import Logging
import Postgres

/// Cancels a command's documents (seed 002 §2.3.6) in one transaction: the service orders and
/// their units, the messages, the items and the documents, the command's selection and totals;
/// then (after the commit, by the caller) its files. Refused, with the seed's messages, when the
/// activity is not EMITIR, the action is closed, an order was executed or a document was paid.
public struct CancelamentoDocumentos: Sendable {
    public var logger: Logger
    /// Where the command's files are (`GSAN_DOCUMENTOS_DIR`): the only place files are removed from.
    public var diretorio: DiretorioArquivos

    public init(logger: Logger, diretorio: DiretorioArquivos) {
        self.logger = logger
        self.diretorio = diretorio
    }

    public struct Resultado: Sendable, Equatable {
        public var documentos: Int
        public var itens: Int
        public var ordens: Int
        public var mensagens: Int
        /// Files the cancelled documents were rendered to; the caller deletes them after the commit.
        public var arquivos: [String]
    }

    public func cancelar(_ comando: ComandoDocumentos, db: PostgresConnection) throws -> Resultado {
        let coluna = comando.coluna
        let linha: PostgresRow?
        if let caac = comando.atividadeCronograma {
            // The row lock keeps a concurrent cancel (or the close of the action) out until the end.
            linha = try db.query(
                """
                SELECT a.cbat_id, EXISTS (SELECT 1 FROM cobranca.cobranca_acao_ativ_crg e
                                          WHERE e.cbcr_id = a.cbcr_id AND e.cbat_id = 3 AND e.caac_tmrealizacao IS NOT NULL)
                FROM cobranca.cobranca_acao_ativ_crg a WHERE a.caac_id = $1 FOR UPDATE OF a
                """, [caac]).first
        } else {
            linha = try db.query(
                "SELECT cbat_id, false FROM cobranca.cobranca_acao_ativ_cmd WHERE cacm_id = $1 FOR UPDATE", [comando.id]).first
        }
        guard let linha else { throw ErroDocumentos.comandoInexistente(comando.description) }
        let (atividade, encerrada) = try linha.decode((Int, Bool).self)
        let contagem = try db.query(
            """
            -- A selected bill had no payment: any payment of an item came after the document.
            SELECT (SELECT count(*) FROM atendimentopublico.ordem_servico o
                    JOIN cobranca.cobranca_documento d USING (cbdo_id)
                    JOIN atendimentopublico.atendimento_motivo_encerramento m ON m.amen_id = o.amen_id
                    WHERE d.\(coluna) = $1 AND o.orse_cdsituacao = 2 AND m.amen_icexecucao = 1)::int,
                   (SELECT count(*) FROM arrecadacao.pagamento p
                    JOIN cobranca.cobranca_documento_item i
                      ON p.cnta_id = i.cnta_id OR p.gpag_id = i.gpag_id OR p.dbac_id = i.dbac_id
                    JOIN cobranca.cobranca_documento d USING (cbdo_id)
                    WHERE d.\(coluna) = $1)::int
            """, [comando.id])[0]
        let situacao = RegraCancelamento.Situacao(
            atividade: atividade, acaoEncerrada: encerrada, ordensExecutadas: try contagem.decode(Int.self, at: 0),
            pagamentos: try contagem.decode(Int.self, at: 1))
        if let recusa = RegraCancelamento.verificar(situacao) { throw ErroDocumentos.cancelamento(recusa.description) }

        // Only the files this command's rotas have under the configured folder, named from ids
        // (DiretorioArquivos.caminho): never a path read from the table.
        let arquivos = try db.query(
            "SELECT rota_id FROM cobranca.documento_rota WHERE \(coluna) = $1 ORDER BY rota_id", [comando.id]
        ).flatMap { row -> [String] in
            let rota = try row.decode(Int.self, at: 0)
            return ["pdf", "txt"].map { diretorio.caminho(comando, rota: rota, extensao: $0).path }
        }
        let documentos = "SELECT cbdo_id FROM cobranca.cobranca_documento WHERE \(coluna) = $1"
        // Units go with their orders, items and messages with their documents (ON DELETE CASCADE).
        let ordens = try db.execute("DELETE FROM atendimentopublico.ordem_servico WHERE cbdo_id IN (\(documentos))", [comando.id])
        let mensagens = try db.query("SELECT count(*)::int FROM cobranca.mensagem_saida WHERE cbdo_id IN (\(documentos))", [comando.id])[0]
            .decode(Int.self, at: 0)
        let itens = try db.query("SELECT count(*)::int FROM cobranca.cobranca_documento_item WHERE cbdo_id IN (\(documentos))", [comando.id])[0]
            .decode(Int.self, at: 0)
        let removidos = try db.execute("DELETE FROM cobranca.cobranca_documento WHERE \(coluna) = $1", [comando.id])
        try db.execute("DELETE FROM cobranca.documento_selecionado WHERE \(coluna) = $1", [comando.id])
        try db.execute("DELETE FROM cobranca.documento_rota WHERE \(coluna) = $1", [comando.id])
        if let caac = comando.atividadeCronograma {
            try db.execute(
                """
                UPDATE cobranca.cobranca_acao_ativ_crg SET caac_qtdocumentos = 0, caac_qtitenscobrados = 0, caac_vldocumentos = 0,
                    caac_nnversao = caac_nnversao + 1 WHERE caac_id = $1
                """, [caac])
        } else {
            try db.execute(
                """
                UPDATE cobranca.cobranca_acao_ativ_cmd SET cacm_qtdocumentos = 0, cacm_qtitenscobrados = 0, cacm_vldocumentos = 0,
                    cacm_nnversao = cacm_nnversao + 1 WHERE cacm_id = $1
                """, [comando.id])
        }
        logger.info("documentos cancelados", metadata: ["comando": "\(comando)", "documentos": "\(removidos)", "ordens": "\(ordens)"])
        return Resultado(documentos: removidos, itens: itens, ordens: ordens, mensagens: mensagens, arquivos: arquivos)
    }

    /// After the commit: the cancelled documents' files are removed (missing ones are fine). Only
    /// regular files: a folder or a symbolic link at a derived name is left alone (never followed,
    /// never removed recursively). Returns the paths left alone, for the message.
    @discardableResult
    public static func removerArquivos(_ caminhos: [String]) -> [String] {
        var deixados: [String] = []
        for caminho in caminhos {
            var info = stat()
            guard lstat(caminho, &info) == 0 else { continue }
            guard (info.st_mode & S_IFMT) == S_IFREG else {
                deixados.append(caminho)
                continue
            }
            _ = unlink(caminho)
        }
        return deixados
    }
}
