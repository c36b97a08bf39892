import Contratos
import DocumentosRegras
import Foundation
import GSANSupport
import GSANDatabase
import GSANModel
import Logging
import PDFTexto
import Postgres

/// Where the PDFs and print-house files go; the executable reads it once
/// (`GSANEnvironment.pastaDocumentos`) and passes it down.
public struct DiretorioArquivos: Sendable {
    public var raiz: URL

    public init(raiz: URL) { self.raiz = raiz }

    /// `<raiz>/<caac-NNNNNN|cacm-NNNNNN>/rota-NNNNNN.pdf` (and `.txt`): the same names on every run.
    public func caminho(_ comando: ComandoDocumentos, rota: Int, extensao: String) -> URL {
        raiz.appendingPathComponent(comando.chave, isDirectory: true)
            .appendingPathComponent("rota-" + zeroPadded(rota, 6) + "." + extensao)
    }
}

/// One rota's documents rendered: a PDF with a page per document (for people) and the fixed-width
/// file (for the print house, docs/documentos.md). Each is written to a temporary name in its
/// folder and renamed into place; the content depends only on the database, so a rerun writes
/// the same bytes.
public struct Arquivos: Sendable {
    public var diretorio: DiretorioArquivos
    public var logger: Logger

    public init(diretorio: DiretorioArquivos, logger: Logger) {
        self.diretorio = diretorio
        self.logger = logger
    }

    public struct Resumo: Codable, Sendable, Equatable {
        public var rota: Int
        public var documentos: Int
        public var pdf: String
        public var texto: String
    }

    struct DocumentoImpresso {
        var numero: Int64
        var imovel: Int
        var inscricao: Inscricao
        var cliente: String
        var endereco: String
        var documentoTipo: Int
        var descricaoTipo: String
        var emissao: CivilDate
        var valor: Centavos
        var acrescimos: Centavos
        var servico: Int?
        var descricaoServico: String?
        var prazo: CivilDate?
        var itens: [DebitoSelecionado.Item] = []
        var total: Centavos { valor + acrescimos }
    }

    public func gerar(_ parte: ParteArquivo, db: PostgresConnection) throws -> Resumo {
        let contexto = try ContextoComando.carregar(parte.comando, db: db)
        let documentos = try carregar(parte, db: db)
        let pdf = diretorio.caminho(parte.comando, rota: parte.rota, extensao: "pdf")
        let texto = diretorio.caminho(parte.comando, rota: parte.rota, extensao: "txt")
        do {
            try ModoArquivos.criarPastas(pdf.deletingLastPathComponent().path)
        } catch {
            throw ErroDocumentos.arquivo("\(error)")
        }
        try gravarAtomico(pdf) { temporario in
            try renderizarPDF(documentos, contexto: contexto, rota: parte.rota).salvar(em: temporario.path)
        }
        let impressao: String
        do {
            impressao = try Self.textoImpressao(documentos, rota: parte.rota)
        } catch {
            throw ErroDocumentos.leiaute("\(error)")
        }
        try gravarAtomico(texto) { temporario in try Data(impressao.utf8).write(to: temporario) }
        // In the job's transaction, with the rows that name them: any machine can serve them (gsan arquivos).
        let mes = contexto.dataBase.year * 100 + contexto.dataBase.month
        do {
            for (n, (arquivo, tipo)) in [(pdf, TipoArquivoGerado.documentosPDF), (texto, .documentosGrafica)].enumerated() {
                try ArquivosGerados.gravar(
                    arquivo, tipo: tipo, chave: parte.comando.chave + "/" + arquivo.lastPathComponent, referencia: mes,
                    origem: parte.comando.chave, id: parte.arquivos?.id(n), db: db)
            }
        } catch let erro as ArquivosGerados.Erro {
            throw ErroDocumentos.arquivo("\(erro)")
        }
        try db.execute(
            """
            UPDATE cobranca.documento_rota SET dcrt_nmarquivopdf = $3, dcrt_nmarquivotexto = $4
            WHERE \(parte.comando.coluna) = $1 AND rota_id = $2
            """, [parte.comando.id, parte.rota, pdf.path, texto.path])
        return Resumo(rota: parte.rota, documentos: documentos.count, pdf: pdf.path, texto: texto.path)
    }

    private func gravarAtomico(_ destino: URL, _ escrever: (URL) throws -> Void) throws {
        do {
            try GSANSupport.gravarAtomico(destino, escrever)
        } catch let erro as ErroDocumentos {
            throw erro
        } catch {
            throw ErroDocumentos.arquivo("\(destino.path): \(error)")
        }
    }

    func carregar(_ parte: ParteArquivo, db: PostgresConnection) throws -> [DocumentoImpresso] {
        var documentos: [DocumentoImpresso] = []
        var indice: [Int64: Int] = [:]
        try db.forEachRow(
            """
            SELECT d.cbdo_id, d.cbdo_nnsequenciadocumento, d.imov_id,
                   d.loca_id,
                   COALESCE((SELECT c.clie_nmcliente FROM cadastro.cliente_usuario_atual u JOIN cadastro.cliente c USING (clie_id)
                             WHERE u.imov_id = d.imov_id), ''),
                   e.endereco,
                   d.dotp_id, t.dotp_dsdocumentotipo, (d.cbdo_tmemissao AT TIME ZONE '\(CivilDate.fusoHorarioDaEmpresa)')::date,
                   d.cbdo_vldocumento, d.cbdo_vlacrescimos, o.svtp_id, st.svtp_dsservicotipo, o.orse_dtprazoencerramento,
                   s.stcm_cdsetorcomercial, q.qdra_nnquadra, m.imov_nnlote, m.imov_nnsublote
            FROM cobranca.cobranca_documento d
            JOIN cadastro.imovel m ON m.imov_id = d.imov_id
            JOIN cadastro.quadra q ON q.qdra_id = m.qdra_id
            JOIN cadastro.setor_comercial s ON s.stcm_id = m.stcm_id
            JOIN cadastro.imovel_endereco e ON e.imov_id = m.imov_id
            JOIN cobranca.documento_tipo t ON t.dotp_id = d.dotp_id
            LEFT JOIN atendimentopublico.ordem_servico o ON o.cbdo_id = d.cbdo_id
            LEFT JOIN atendimentopublico.servico_tipo st ON st.svtp_id = o.svtp_id
            WHERE d.\(parte.comando.coluna) = $1 AND d.cbdo_nnsequenciadocumento / \(NumeracaoDocumento.porRota) = $2
            ORDER BY d.cbdo_nnsequenciadocumento
            """, [parte.comando.id, parte.rota]
        ) { row in
            let id = try row.decode(Int64.self, at: 0)
            indice[id] = documentos.count
            documentos.append(
                DocumentoImpresso(
                    numero: try row.decode(Int64.self, at: 1), imovel: try row.decode(Int.self, at: 2),
                    inscricao: Inscricao(
                        localidade: try row.decode(Int.self, at: 3), setorComercial: try row.decode(Int.self, at: 14),
                        quadra: try row.decode(Int.self, at: 15), lote: try row.decode(Int.self, at: 16),
                        sublote: try row.decode(Int.self, at: 17)),
                    cliente: try row.decode(String.self, at: 4),
                    endereco: try row.decode(String.self, at: 5), documentoTipo: try row.decode(Int.self, at: 6),
                    descricaoTipo: try row.decode(String.self, at: 7), emissao: try row.decode(CivilDate.self, at: 8),
                    valor: try row.decode(Centavos.self, at: 9), acrescimos: try row.decode(Centavos.self, at: 10),
                    servico: try row.decode(Int?.self, at: 11), descricaoServico: try row.decode(String?.self, at: 12),
                    prazo: try row.decode(CivilDate?.self, at: 13)))
        }
        guard !documentos.isEmpty else { return [] }
        try db.forEachRow(
            """
            SELECT i.cbdo_id, i.dotp_id, COALESCE(i.cnta_id, i.gpag_id, i.dbac_id, i.crar_id), i.cdit_vlitemcobrado,
                   i.cdit_vlacrescimos, COALESCE(c.cnta_dtvencimentoconta, g.gpag_dtvencimento), c.cnta_amreferenciaconta
            FROM cobranca.cobranca_documento_item i
            LEFT JOIN faturamento.conta c ON c.cnta_id = i.cnta_id
            LEFT JOIN faturamento.guia_pagamento g ON g.gpag_id = i.gpag_id
            WHERE i.cbdo_id = ANY($1::bigint[])
            ORDER BY i.cbdo_id, COALESCE(c.cnta_dtvencimentoconta, g.gpag_dtvencimento), i.dotp_id, 3
            """, [PostgresArray(indice.keys.sorted())]
        ) { row in
            let (documento, tipo, id, valor, acrescimos) = (
                try row.decode(Int64.self, at: 0), try row.decode(Int.self, at: 1), try row.decode(Int64.self, at: 2),
                try row.decode(Centavos.self, at: 3), try row.decode(Centavos.self, at: 4)
            )
            guard let posicao = indice[documento] else {
                throw ErroDocumentos.dadoInconsistente("Item do documento de cobrança \(documento), que não está entre os documentos lidos.")
            }
            documentos[posicao].itens.append(
                .init(tipo: DebitoSelecionado.Tipo(rawValue: tipo) ?? .conta, id: id, valor: valor, acrescimos: acrescimos,
                      vencimento: try row.decode(CivilDate?.self, at: 5), referencia: try row.decode(Int?.self, at: 6)))
        }
        return documentos
    }

    func renderizarPDF(_ documentos: [DocumentoImpresso], contexto: ContextoComando, rota: Int) throws -> PDFHaru {
        let pdf = try PDFHaru(data: contexto.dataBase, titulo: "\(contexto.acao.descricao) - rota \(rota)", criador: "gsan-documentos")
        for documento in documentos {
            pdf.novaPagina()
            pdf.linha(documento.descricaoTipo, tamanho: 16, negrito: true)
            pdf.linha("\(contexto.acao.descricao) - documento nº \(documento.numero) - emitido em \(documento.emissao)")
            pdf.espaco()
            pdf.linha("Matrícula: \(documento.imovel)    Inscrição: \(documento.inscricao.formatada)", negrito: true)
            pdf.linha("Cliente: \(documento.cliente)")
            pdf.linha("Endereço: \(documento.endereco)")
            if let servico = documento.servico {
                pdf.linha("Ordem de serviço: \(servico) \(documento.descricaoServico ?? "") - prazo \(documento.prazo?.description ?? "")")
            }
            pdf.espaco()
            pdf.linha("Débitos", negrito: true)
            pdf.linha("Item                 Referência   Vencimento        Valor     Acréscimos")
            // One page per document: items past what the page holds are summed up in one line.
            let cabem = 40
            for item in documento.itens.prefix(cabem) {
                let descricao = switch item.tipo {
                case .conta: "Conta"
                case .guia: "Guia de pagamento"
                case .debitoACobrar: "Débito a cobrar"
                case .creditoARealizar: "Crédito a realizar"
                }
                let referencia = item.referencia.map(Referencia.mesAno) ?? "-"
                pdf.linha(
                    descricao.padding(toLength: 20, withPad: " ", startingAt: 0) + " " + referencia.padding(toLength: 12, withPad: " ", startingAt: 0)
                        + " " + (item.vencimento?.description ?? "-").padding(toLength: 12, withPad: " ", startingAt: 0)
                        + " R$ " + item.valor.description + "    R$ " + item.acrescimos.description)
            }
            if documento.itens.count > cabem {
                let resto = documento.itens.dropFirst(cabem)
                pdf.linha("... e mais \(resto.count) itens: R$ \(resto.reduce(Centavos.zero) { $0 + $1.valor })")
            }
            pdf.espaco()
            pdf.linha("Valor do débito: R$ \(documento.valor)    Acréscimos: R$ \(documento.acrescimos)")
            pdf.linha("Total: R$ \(documento.total)", tamanho: 12, negrito: true)
            if let texto = contexto.acao.textoPersonalizado {
                pdf.espaco()
                pdf.linha(texto, negrito: true)
            }
        }
        return pdf
    }

    /// The print-house file (layout in ``LayoutImpressao`` and docs/documentos.md).
    static func textoImpressao(_ documentos: [DocumentoImpresso], rota: Int) throws -> String {
        var saida = ""
        var itens = 0
        var total = Centavos.zero
        for d in documentos {
            saida += try LayoutImpressao.registro(LayoutImpressao.registro01, [
                .numero(1), .numero(d.numero), .numero(Int64(d.imovel)), .texto(d.inscricao.formatada), .texto(d.cliente),
                .texto(d.endereco), .numero(Int64(d.documentoTipo)), .numero(LayoutImpressao.data(d.emissao)),
                .numero(Int64(d.itens.count)), .numero(d.valor.value), .numero(d.acrescimos.value), .numero(d.total.value),
                .numero(Int64(d.servico ?? 0)), .numero(LayoutImpressao.data(d.prazo)),
            ])
            for item in d.itens {
                saida += try LayoutImpressao.registro(LayoutImpressao.registro02, [
                    .numero(2), .numero(d.numero), .numero(Int64(item.tipo.rawValue)), .numero(Int64(item.referencia ?? 0)),
                    .numero(LayoutImpressao.data(item.vencimento)), .numero(item.valor.value), .numero(item.acrescimos.value),
                ])
            }
            itens += d.itens.count
            total = total + d.total
        }
        saida += try LayoutImpressao.registro(LayoutImpressao.registro09, [
            .numero(9), .numero(Int64(rota)), .numero(Int64(documentos.count)), .numero(Int64(itens)), .numero(total.value),
        ])
        return saida
    }
}
