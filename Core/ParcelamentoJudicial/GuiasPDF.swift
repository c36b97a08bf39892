import Foundation
import GSANDatabase
import GSANModel
import GSANSupport
import PDFTexto
import Postgres

/// Where `gsan parcelamento-judicial guias` writes by default: `GSAN_PARCELAMENTO_DIR`, else
/// `$GSAN_HOME/parcelamento-judicial`. Read by the executable and passed down.
public struct DiretorioGuias: Sendable {
    public var raiz: URL

    public init(raiz: URL) { self.raiz = raiz }

    public init(environment: [String: String]) {
        if let dir = environment["GSAN_PARCELAMENTO_DIR"], !dir.isEmpty {
            raiz = URL(fileURLWithPath: dir, isDirectory: true)
        } else {
            raiz = URL(fileURLWithPath: (environment["GSAN_HOME"] ?? "/var/lib/gsan") + "/parcelamento-judicial", isDirectory: true)
        }
    }

    /// `parcelamento-judicial-NNNNNN.pdf` (every guia) or `…-guia-GGGGGGGGGG.pdf` (one).
    public func caminho(parcelamento: Int, guia: Int64? = nil) -> URL {
        raiz.appendingPathComponent(
            "parcelamento-judicial-" + zeroPadded(parcelamento, 6) + (guia.map { "-guia-" + zeroPadded(Int($0), 10) } ?? "") + ".pdf")
    }
}

/// The guias of an agreement as a PDF, one page per guia (libharu through the shared renderer).
/// The content depends only on the database and the creation date is the agreement's, so the
/// same guias give the same bytes.
public enum GuiasPDF {
    struct Item { var descricao: String; var valor: Centavos; var credito: Bool }

    /// Writes the file (all guias, or only `guia`) atomically; returns its path and page count.
    public static func gerar(parcelamento id: Int, guia: Int64? = nil, diretorio: DiretorioGuias, db: PostgresConnection) throws -> (String, Int) {
        let consulta = try ConsultaParcelamento.carregar(id, db: db)
        let guias = consulta.guias.filter { guia == nil || $0.id == guia }
        if let guia, guias.isEmpty {
            throw ErroParcelamentoJudicial.inexistente("Guia \(guia) não pertence ao parcelamento judicial \(id).")
        }
        guard !guias.isEmpty else { throw ErroParcelamentoJudicial.inexistente("Parcelamento judicial \(id) sem guias.") }
        let empresa = (try db.query("SELECT parm_nmempresa FROM cadastro.sistema_parametros").first?.decode(String.self, at: 0)) ?? ""
        let principal = consulta.imoveis.first { $0.principal }?.imovel ?? 0
        let pdf = try PDFHaru(
            data: consulta.dataAcordo ?? guias[0].emissao, titulo: "Guias do parcelamento judicial \(id)", criador: "gsan parcelamento-judicial")
        for g in guias {
            let itens = try db.query(
                """
                SELECT COALESCE(d.dbtp_dsdebitotipo, c.crti_dscreditotipo), i.gpit_vlitem, i.crti_id IS NOT NULL
                FROM faturamento.guia_pagamento_item i
                LEFT JOIN faturamento.debito_tipo d ON d.dbtp_id = i.dbtp_id LEFT JOIN faturamento.credito_tipo c ON c.crti_id = i.crti_id
                WHERE i.gpag_id = $1 ORDER BY i.crti_id NULLS FIRST, i.dbtp_id
                """, [g.id]
            ).map { row in let (d, v, c) = try row.decode((String, Centavos, Bool).self); return Item(descricao: d, valor: v, credito: c) }
            let observacao = try db.query("SELECT gpag_dsobservacao FROM faturamento.guia_pagamento WHERE gpag_id = $1", [g.id])
                .first?.decode(String?.self, at: 0) ?? nil
            pdf.novaPagina()
            pdf.linha(empresa, tamanho: 14, negrito: true)
            pdf.linha("GUIA DE PAGAMENTO  Nº \(zeroPadded(Int(g.id), 10))", tamanho: 12, negrito: true)
            pdf.espaco()
            pdf.linha("Parcelamento judicial: \(id)        Processo: \(consulta.processo)")
            pdf.linha("Imóvel (matrícula): \(principal)")
            pdf.linha("Cliente responsável: \(consulta.responsavel)")
            pdf.linha("Débito: \(g.descricao)" + (g.tipo == 119 ? "  -  parcela \(g.prestacao)/\(g.total)" : ""))
            pdf.espaco()
            pdf.linha("Emissão: \(g.emissao)        Vencimento: \(g.vencimento)", negrito: true)
            pdf.espaco()
            pdf.linha("Itens", negrito: true)
            for item in itens {
                let valor = (item.credito ? "(" : "") + "R$ \(item.valor)" + (item.credito ? ")" : "")
                pdf.linha(item.descricao + (item.credito ? " (concedido, não cobrado)" : ""), x: PDFHaru.margem + 10, avanca: false)
                pdf.linha(valor, x: 420)
            }
            pdf.espaco()
            pdf.linha("VALOR A PAGAR: R$ \(g.valor)", tamanho: 13, negrito: true)
            if let observacao { pdf.linha(observacao, tamanho: 9) }
            if g.cancelada { pdf.linha("GUIA CANCELADA", tamanho: 12, negrito: true) }
        }
        let destino = diretorio.caminho(parcelamento: id, guia: guia)
        try FileManager.default.createDirectory(at: diretorio.raiz, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o750])
        try gravarAtomico(destino) { try pdf.salvar(em: $0.path) }  // 0640: guias carry people's names
        // Kept in the database too, so any machine can serve it (gsan arquivos exportar).
        try ArquivosGerados.gravar(
            destino, tipo: .guiasParcelamento, chave: destino.lastPathComponent,
            referencia: consulta.dataAcordo.map { $0.year * 100 + $0.month }, origem: "parcelamento-\(id)", db: db)
        return (destino.path, guias.count)
    }
}
