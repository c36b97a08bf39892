import AMQP
import Documentos
import DocumentosRegras
import Foundation
import GSANSupport
import JobRuntime
import Postgres
import TestSupport

/// Real `gsan-documentos` processes on the vhost `gsan_test_documentos`, on a family of queues of
/// the test's own, against one scratch database and one scratch folder.
final class DocumentosWorkers: TestWorkers, @unchecked Sendable {
    let pasta: DiretorioArquivos

    init(databaseURL: String, pasta: DiretorioArquivos) throws {
        self.pasta = pasta
        try super.init(
            "gsan-documentos", databaseURL: databaseURL, vhost: "gsan_test_documentos", familyPrefix: "doc",
            environment: ["GSAN_DOCUMENTOS_DIR": pasta.raiz.path])
    }
}

/// What a command leaves in the database and on disk, without ids and timestamps that differ
/// between two runs (the rows' identities, the file folder).
struct EstadoFinal: Equatable {
    var documentos: [[String]]
    var itens: [[String]]
    var ordens: [[String]]
    var rotas: [[String]]
    var atividade: [[String]]
    var arquivos: [String: Data]
    /// The files kept in the database (gsan arquivos): `<tipo>/<caminho>` → SHA-256.
    var guardados: [String: String]

    init(_ db: PostgresConnection, pasta: DiretorioArquivos) throws {
        func linhas(_ sql: String) throws -> [[String]] {
            try db.query(sql).map { row in (0..<row.columnCount).map { row.isNull(at: $0) ? "∅" : ((try? row.decode(String.self, at: $0)) ?? "?") } }
        }
        documentos = try linhas(
            """
            SELECT caac_id, cacm_id, imov_id, cbdo_nnsequenciadocumento, cbdo_tmemissao, cbdo_vldocumento, cbdo_vlacrescimos,
                   dotp_id, cbac_id, cbct_id, empr_id, cese_id, cast_id FROM cobranca.cobranca_documento ORDER BY 4, 1, 2
            """)
        itens = try linhas(
            """
            SELECT d.cbdo_nnsequenciadocumento, d.caac_id, i.dotp_id, i.cnta_id, i.gpag_id, i.dbac_id, i.crar_id,
                   i.cdit_vlitemcobrado, i.cdit_vlacrescimos
            FROM cobranca.cobranca_documento_item i JOIN cobranca.cobranca_documento d USING (cbdo_id) ORDER BY 1, 2, 3, 4, 5, 6, 7
            """)
        ordens = try linhas(
            """
            SELECT d.cbdo_nnsequenciadocumento, d.caac_id, o.svtp_id, o.imov_id, o.orse_cdsituacao, o.orse_dtprazoencerramento,
                   o.orse_vlservico, (SELECT count(*) FROM atendimentopublico.ordem_servico_unidade u WHERE u.orse_id = o.orse_id)
            FROM atendimentopublico.ordem_servico o JOIN cobranca.cobranca_documento d USING (cbdo_id) ORDER BY 1, 2
            """)
        rotas = try linhas(
            """
            SELECT caac_id, cacm_id, rota_id, dcrt_nnordemrota, dcrt_icsimulacao, dcrt_qtavaliados, dcrt_qtselecionados,
                   dcrt_qtlimiterota, dcrt_qtdocumentos, dcrt_qtitens, dcrt_vldocumentos,
                   regexp_replace(dcrt_nmarquivopdf, '^.*/', ''), regexp_replace(dcrt_nmarquivotexto, '^.*/', '')
            FROM cobranca.documento_rota ORDER BY 1, 2, 3
            """)
        atividade = try linhas(
            "SELECT caac_id, caac_qtdocumentos, caac_qtitenscobrados, caac_vldocumentos FROM cobranca.cobranca_acao_ativ_crg ORDER BY 1")
        guardados = Dictionary(
            uniqueKeysWithValues: try linhas("SELECT argr_tipo || '/' || argr_nmchave, argr_nnsha256 FROM arquivo.arquivo_gerado").map { ($0[0], $0[1]) })
        arquivos = [:]
        let raiz = pasta.raiz
        if let enumerador = FileManager.default.enumerator(atPath: raiz.path) {
            for case let nome as String in enumerador where nome.hasSuffix(".pdf") || nome.hasSuffix(".txt") {
                arquivos[nome] = try Data(contentsOf: raiz.appendingPathComponent(nome))
            }
        }
    }

    /// Every file on disk is in the database with the same SHA-256, and the database has no other.
    var arquivosNoBanco: Bool {
        let noDisco = arquivos.map { nome, dados in
            ((nome.hasSuffix(".pdf") ? "documentos-pdf/" : "documentos-grafica/") + nome, SHA256.hex(dados))
        }
        return Dictionary(noDisco, uniquingKeysWith: { a, _ in a }) == guardados
    }

    func diferencas(_ outro: EstadoFinal) -> String {
        var partes: [String] = []
        if documentos != outro.documentos { partes.append("documentos (\(documentos.count) × \(outro.documentos.count))") }
        if itens != outro.itens { partes.append("itens (\(itens.count) × \(outro.itens.count))") }
        if ordens != outro.ordens { partes.append("ordens") }
        if rotas != outro.rotas { partes.append("rotas \(rotas) × \(outro.rotas)") }
        if atividade != outro.atividade { partes.append("atividade") }
        if guardados != outro.guardados { partes.append("arquivos no banco \(guardados.count) × \(outro.guardados.count)") }
        if arquivos != outro.arquivos {
            partes.append("arquivos \(arquivos.keys.sorted()) × \(outro.arquivos.keys.sorted()); diferentes: "
                + arquivos.keys.filter { arquivos[$0] != outro.arquivos[$0] }.sorted().joined(separator: ","))
        }
        return partes.joined(separator: ", ")
    }
}
