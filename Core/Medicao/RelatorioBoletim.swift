import Foundation
import GSANDatabase
import GSANModel
import GSANSupport
import MedicaoRegras
import PDFTexto
import Postgres

/// Where the medição reports go: `GSAN_MEDICAO_DIR`, else `$GSAN_HOME/medicao` (read by the
/// executable and passed down).
public struct DiretorioMedicao: Sendable {
    public var raiz: URL
    public init(raiz: URL) { self.raiz = raiz }
    public init(environment: [String: String]) {
        if let dir = environment["GSAN_MEDICAO_DIR"], !dir.isEmpty {
            raiz = URL(fileURLWithPath: dir, isDirectory: true)
        } else {
            raiz = URL(fileURLWithPath: (environment["GSAN_HOME"] ?? "/var/lib/gsan") + "/medicao", isDirectory: true)
        }
    }
}

/// R1152 Relatório Boletim de Medição de Cobrança (seed 002 §2.6.1, Emitir Relatório; GSAN-FACTS
/// §3.3): per item of the contract the budget, the period (this bulletin) and the accumulated
/// (the contract's bulletins up to the month); each penalty line; the success fee; the totals.
/// Filters (gerência, unidade de negócio, localidade inicial/final) select the rows by the
/// order's localidade; the fines and the bulletin's total are the whole bulletin's. Layout in
/// docs/medicao.md. The PDF's creation date is the bulletin's generation date: the same bulletin
/// gives the same bytes.
public enum RelatorioBoletim {
    public struct Filtro: Sendable, Hashable {
        public var gerencia: Int?
        public var unidade: Int?
        public var localidadeInicial: Int?
        public var localidadeFinal: Int?
        public init(gerencia: Int? = nil, unidade: Int? = nil, localidadeInicial: Int? = nil, localidadeFinal: Int? = nil) {
            self.gerencia = gerencia
            self.unidade = unidade
            self.localidadeInicial = localidadeInicial
            self.localidadeFinal = localidadeFinal
        }
        var vazio: Bool { gerencia == nil && unidade == nil && localidadeInicial == nil && localidadeFinal == nil }
    }

    public struct Item: Sendable, Hashable {
        public var codigo: Int
        public var descricao: String
        public var valorUnitario: Centavos
        public var quantidadeOrcada: Centavos?
        public var valorOrcado: Centavos?
        public var quantidadePeriodo: Int
        public var valorPeriodo: Centavos
        public var quantidadeAcumulada: Int
        public var valorAcumulado: Centavos
    }

    public struct Penalidade: Sendable, Hashable {
        public var descricao: String
        public var quantidade: Int
        public var valor: Centavos
    }

    public struct Multa: Sendable, Hashable {
        public var descricao: String
        public var percentual: Centavos
        public var base: Centavos
        public var valor: Centavos
    }

    public struct Dados: Sendable, Hashable {
        public var boletim: Int
        public var referencia: Referencia
        public var geracao: CivilDate
        public var grupo: String?
        public var empresa: String
        public var contrato: String
        public var boletimContrato: Int?
        public var filtro: String
        public var itens: [Item]
        public var administracao: [Penalidade]
        public var descontos: [Penalidade]
        public var multas: [Multa]
        public var sucessoImoveis: Int
        public var recuperado: Centavos
        public var taxaSucesso: Centavos
        public var servicos: Centavos
        public var valorDescontos: Centavos
        public var valorMultas: Centavos
        public var valorTaxa: Centavos
        public var total: Centavos
    }

    /// Checks the filter against the database (the seed's "Localidade inexistente").
    public static func conferir(_ f: Filtro, db: PostgresConnection) throws {
        for l in [f.localidadeInicial, f.localidadeFinal].compactMap({ $0 })
        where try db.query("SELECT 1 FROM cadastro.localidade WHERE loca_id = $1", [l]).first == nil {
            throw ErroMedicao("Localidade inexistente: \(l).")
        }
        if let i = f.localidadeInicial, let fim = f.localidadeFinal, fim < i {
            throw ErroMedicao("Localidade Final (\(fim)) menor que a Localidade Inicial (\(i)).")
        }
        if let g = f.gerencia, try db.query("SELECT 1 FROM cadastro.gerencia_regional WHERE greg_id = $1", [g]).first == nil {
            throw ErroMedicao("Gerência Regional inexistente: \(g).")
        }
        if let u = f.unidade, try db.query("SELECT 1 FROM cadastro.unidade_negocio WHERE uneg_id = $1", [u]).first == nil {
            throw ErroMedicao("Unidade de Negócio inexistente: \(u).")
        }
    }

    /// SQL: the localidade `coluna` passes the filter ($2 gerência, $3 unidade, $4 inicial, $5 final).
    static func filtroSQL(_ coluna: String) -> String {
        """
        EXISTS (SELECT 1 FROM cadastro.localidade fl WHERE fl.loca_id = \(coluna)
                AND ($2::int IS NULL OR fl.greg_id = $2) AND ($3::int IS NULL OR fl.uneg_id = $3)
                AND ($4::int IS NULL OR fl.loca_id >= $4) AND ($5::int IS NULL OR fl.loca_id <= $5))
        """
    }

    public static func carregar(_ boletim: Int, filtro f: Filtro, db: PostgresConnection) throws -> Dados {
        guard let cab = try db.query(
            """
            SELECT b.cobm_amreferencia, b.cobm_dtgeracao, g.cbgr_id || ' ' || g.cbgr_dscobrancagrupo, e.empr_nmempresa,
                   c.cese_id || ' (nº ' || c.cese_nncontrato || ')', bc.cobc_nnboletim, b.cese_id,
                   b.cobm_vlservexec, b.cobm_vldescontos, b.cobm_vlmultas, b.cobm_vltxsucesso, b.cobm_vltotal
            FROM cobranca.cobr_boletim_medicao b
            JOIN micromedicao.contrato_empresa_servico c ON c.cese_id = b.cese_id JOIN cadastro.empresa e ON e.empr_id = c.empr_id
            LEFT JOIN cobranca.cobranca_grupo g ON g.cbgr_id = b.cbgr_id LEFT JOIN cobranca.cobr_boletim_contrato bc ON bc.cobc_id = b.cobc_id
            WHERE b.cobm_id = $1
            """, [boletim]).first
        else { throw ErroMedicao("Boletim de medição \(boletim) inexistente.") }
        let (am, geracao, grupo, empresa, contrato, numero, cese, servicos, descontos, multas, taxa, total) = try cab.decode(
            (Int, CivilDate, String?, String, String, Int?, Int, Centavos, Centavos, Centavos, Centavos, Centavos).self)
        guard let referencia = Referencia(amReferencia: am) else { throw ErroMedicao("Referência do boletim \(boletim) inválida: \(am).") }
        let binds: [(any PostgresEncodable)?] = [boletim, f.gerencia, f.unidade, f.localidadeInicial, f.localidadeFinal, cese, am]
        let itens = try db.query(
            """
            SELECT s.itse_id, s.itse_dsitemservico, i.itsc_vlitemservcontr, i.itsc_qtorcada, i.itsc_vlorcado,
                   count(x.orse_id) FILTER (WHERE x.cobm_id = $1)::int, COALESCE(sum(x.cbex_vlservico) FILTER (WHERE x.cobm_id = $1), 0),
                   count(x.orse_id)::int, COALESCE(sum(x.cbex_vlservico), 0)
            FROM micromedicao.item_servico_contrato i JOIN micromedicao.item_servico s USING (itse_id)
            LEFT JOIN (SELECT e.cobm_id, e.orse_id, e.itsc_id, e.cbex_vlservico FROM cobranca.cobr_boletim_exec e
                       JOIN cobranca.cobr_boletim_medicao b ON b.cobm_id = e.cobm_id
                       WHERE b.cese_id = $6 AND b.cobm_amreferencia <= $7 AND \(filtroSQL("e.loca_id"))) x ON x.itsc_id = i.itsc_id
            WHERE i.cese_id = $6 AND s.itse_icadministracaolocal = 2
            GROUP BY s.itse_id, s.itse_dsitemservico, i.itsc_vlitemservcontr, i.itsc_qtorcada, i.itsc_vlorcado, s.itse_cdconstantecalculo, i.itsc_id
            ORDER BY s.itse_cdconstantecalculo, i.itsc_id
            """, binds
        ).map { r in
            let (codigo, d, v, qo, vo, qp, vp, qa, va) = try r.decode((Int, String, Centavos, Centavos?, Centavos?, Int, Centavos, Int, Centavos).self)
            return Item(codigo: codigo, descricao: d, valorUnitario: v, quantidadeOrcada: qo, valorOrcado: vo, quantidadePeriodo: qp, valorPeriodo: vp,
                        quantidadeAcumulada: qa, valorAcumulado: va)
        }
        let administracao = try db.query(
            """
            SELECT s.itse_dsitemservico, a.cbal_vlservico FROM cobranca.cobr_boletim_adm_local a
            JOIN micromedicao.item_servico_contrato i ON i.itsc_id = a.itsc_id JOIN micromedicao.item_servico s ON s.itse_id = i.itse_id
            WHERE a.cobm_id = $1 ORDER BY a.itsc_id
            """, [boletim]
        ).map { r in let (d, v) = try r.decode((String, Centavos).self); return Penalidade(descricao: d, quantidade: 1, valor: v) }
        var porTipo: [Int: (Int, Centavos)] = [:]
        try db.forEachRow(
            """
            SELECT cbde_cdtipo, count(*)::int, sum(cbde_vldesconto) FROM cobranca.cobr_boletim_desc d
            WHERE d.cobm_id = $1 AND \(filtroSQL("d.loca_id")) GROUP BY 1
            """, Array(binds.prefix(5))
        ) { r in let (t, n, v) = try r.decode((Int, Int, Centavos).self); porTipo[t] = (n, v) }
        let penalidades = BoletimMedicao.TipoDesconto.allCases.map { t in
            Penalidade(descricao: t.descricao, quantidade: porTipo[t.rawValue]?.0 ?? 0, valor: porTipo[t.rawValue]?.1 ?? .zero)
        }
        let multasLidas = try db.query(
            """
            SELECT m.cbmu_cdtipo, s.itse_dsabreviado, m.cbmu_pcmulta, m.cbmu_vlbase, m.cbmu_vlmulta FROM cobranca.cobr_boletim_multa m
            LEFT JOIN micromedicao.item_servico_contrato i ON i.itsc_id = m.itsc_id LEFT JOIN micromedicao.item_servico s ON s.itse_id = i.itse_id
            WHERE m.cobm_id = $1 ORDER BY m.cbmu_cdtipo, m.itsc_id
            """, [boletim]
        ).map { r in
            let (t, item, p, b, v) = try r.decode((Int, String?, Centavos, Centavos, Centavos).self)
            let descricao = BoletimMedicao.TipoMulta(rawValue: t)?.descricao ?? "MULTA \(t)"
            return Multa(descricao: item.map { "\(descricao): \($0)" } ?? descricao, percentual: p, base: b, valor: v)
        }
        let (imoveis, recuperado, taxaFiltrada) = try db.query(
            """
            SELECT count(*)::int, COALESCE(sum(cbsu_vlrecuperado), 0), COALESCE(sum(cbsu_vltxsucesso), 0) FROM cobranca.cobr_boletim_sucesso s
            WHERE s.cobm_id = $1 AND \(filtroSQL("s.loca_id"))
            """, Array(binds.prefix(5)))[0].decode((Int, Centavos, Centavos).self)
        var filtro: [String] = []
        if let g = f.gerencia { filtro.append("gerência regional \(g)") }
        if let u = f.unidade { filtro.append("unidade de negócio \(u)") }
        if f.localidadeInicial != nil || f.localidadeFinal != nil {
            filtro.append("localidades \(f.localidadeInicial.map(String.init) ?? "…") a \(f.localidadeFinal.map(String.init) ?? "…")")
        }
        return Dados(
            boletim: boletim, referencia: referencia, geracao: geracao, grupo: grupo, empresa: empresa, contrato: contrato, boletimContrato: numero,
            filtro: filtro.isEmpty ? "todas as localidades" : filtro.joined(separator: ", "), itens: itens, administracao: administracao,
            descontos: penalidades, multas: multasLidas, sucessoImoveis: imoveis, recuperado: recuperado, taxaSucesso: taxaFiltrada,
            servicos: servicos, valorDescontos: descontos, valorMultas: multas, valorTaxa: taxa, total: total)
    }

    static func quantidade(_ c: Centavos?) -> String {
        guard let c else { return "" }
        return c.value % 100 == 0 ? Centavos(c.value).description.replacingOccurrences(of: ",00", with: "") : c.description
    }

    /// The PDF (A4 portrait, one section after the other; a new page per bulletin).
    public static func pdf(_ boletins: [Dados], companhia: String, destino: URL) throws {
        guard let primeiro = boletins.first else { throw ErroMedicao("Nenhum boletim de medição para o relatório.") }
        let pdf = try PDFHaru(data: primeiro.geracao, titulo: "R1152 Relatório Boletim de Medição de Cobrança", criador: "gsan bm relatorio")
        let direita: Float = 555
        for d in boletins {
            pdf.novaPagina()
            pdf.linha(companhia, tamanho: 12, negrito: true)
            pdf.linha("R1152 - RELATÓRIO BOLETIM DE MEDIÇÃO DE COBRANÇA", tamanho: 12, negrito: true)
            pdf.espaco(4)
            pdf.linha("Boletim \(d.boletim)   Mês/Ano: \(d.referencia)   Gerado em \(d.geracao)"
                      + (d.boletimContrato.map { "   Nº Boletim de Contrato: \($0)" } ?? ""))
            pdf.linha("Empresa: \(d.empresa)   Contrato: \(d.contrato)   " + (d.grupo.map { "Grupo de Cobrança: \($0)" } ?? "Boletim do contrato"))
            pdf.linha("Filtro: \(d.filtro)", tamanho: 9)
            pdf.espaco()
            pdf.linha("SERVIÇOS EXECUTADOS POR ITEM DE CONTRATO", negrito: true)
            pdf.linha("Item / descrição", tamanho: 8, negrito: true, avanca: false)
            for (t, x) in [("Valor unit.", 225), ("Qt. orçada", 272), ("Valor orçado", 337), ("Qt. per.", 375), ("Valor período", 440),
                           ("Qt. acum.", 482), ("Valor acumulado", direita)] as [(String, Float)] {
                pdf.aDireita(t, x: x, tamanho: 8, negrito: true)
            }
            pdf.linha("", tamanho: 8)
            pdf.regua()
            for i in d.itens {
                pdf.linha("\(i.codigo) \(i.descricao)".prefix(30).description, tamanho: 8, avanca: false)
                for (t, x) in [(i.valorUnitario.description, 225), (quantidade(i.quantidadeOrcada), 272), (i.valorOrcado?.description ?? "", 337),
                               (String(i.quantidadePeriodo), 375), (i.valorPeriodo.description, 440), (String(i.quantidadeAcumulada), 482),
                               (i.valorAcumulado.description, direita)] as [(String, Float)] {
                    pdf.aDireita(t, x: x, tamanho: 8)
                }
                pdf.linha("", tamanho: 8)
            }
            for a in d.administracao {
                pdf.linha("ADMINISTRAÇÃO LOCAL: \(a.descricao)", tamanho: 8, avanca: false)
                pdf.aDireita(a.valor.description, x: 440, tamanho: 8)
                pdf.linha("", tamanho: 8)
            }
            let periodo = d.itens.reduce(Centavos.zero) { $0 + $1.valorPeriodo } + d.administracao.reduce(Centavos.zero) { $0 + $1.valor }
            pdf.regua()
            pdf.linha("Total do período", tamanho: 8, negrito: true, avanca: false)
            pdf.aDireita(String(d.itens.reduce(0) { $0 + $1.quantidadePeriodo }), x: 375, tamanho: 8, negrito: true)
            pdf.aDireita(periodo.description, x: 440, tamanho: 8, negrito: true)
            pdf.linha("", tamanho: 8)
            pdf.espaco()
            pdf.linha("PENALIDADES (DESCONTOS)", negrito: true)
            for p in d.descontos {
                pdf.linha(p.descricao, tamanho: 9, avanca: false)
                pdf.aDireita(String(p.quantidade), x: 375, tamanho: 9)
                pdf.aDireita(p.valor.description, x: 440, tamanho: 9)
                pdf.linha("", tamanho: 9)
            }
            pdf.espaco()
            pdf.linha("MULTAS (seed 002 §1.3.1; do item de contrato, §2.1.6)", negrito: true)
            if d.multas.isEmpty { pdf.linha("nenhuma", tamanho: 9) }
            for m in d.multas {
                pdf.linha(m.descricao, tamanho: 9, avanca: false)
                pdf.aDireita("\(m.percentual) % de \(m.base)", x: 375, tamanho: 9)
                pdf.aDireita(m.valor.description, x: 440, tamanho: 9)
                pdf.linha("", tamanho: 9)
            }
            pdf.espaco()
            pdf.linha("TAXA DE SUCESSO", negrito: true)
            pdf.linha("Imóveis com débito regularizado depois da ação: \(d.sucessoImoveis)", tamanho: 9, avanca: false)
            pdf.aDireita("recuperado \(d.recuperado)", x: 375, tamanho: 9)
            pdf.aDireita(d.taxaSucesso.description, x: 440, tamanho: 9)
            pdf.linha("", tamanho: 9)
            pdf.espaco()
            pdf.regua()
            pdf.linha("RESUMO DO BOLETIM", negrito: true)
            for (rotulo, valor, negrito) in [("Serviços executados", "+ \(d.servicos)", false), ("Taxa de sucesso", "+ \(d.valorTaxa)", false),
                                             ("Descontos", "- \(d.valorDescontos)", false), ("Multas", "- \(d.valorMultas)", false),
                                             ("TOTAL A PAGAR", "= \(d.total)", true)] {
                pdf.linha(rotulo, negrito: negrito, avanca: false)
                pdf.aDireita(valor, x: 440, negrito: negrito)
                pdf.linha("")
            }
        }
        try FileManager.default.createDirectory(at: destino.deletingLastPathComponent(), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o750])
        try gravarAtomico(destino) { try pdf.salvar(em: $0.path) }
    }

    /// The PDF and the CSV, each written atomically.
    public static func gravar(_ boletins: [Dados], companhia: String, pdf destinoPDF: URL, csv destinoCSV: URL) throws {
        try pdf(boletins, companhia: companhia, destino: destinoPDF)
        try gravarAtomico(destinoCSV) { try Data(csv(boletins).utf8).write(to: $0) }
    }

    /// The same figures as CSV (`;`, values with a dot).
    public static func csv(_ boletins: [Dados]) -> String {
        var s = "boletim;referencia;secao;codigo;descricao;valor_unitario;qt_orcada;valor_orcado;qt_periodo;valor_periodo;qt_acumulada;valor_acumulado\n"
        func campo(_ t: String) -> String { t.contains(";") || t.contains("\"") ? "\"" + t.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : t }
        for d in boletins {
            let p = "\(d.boletim);\(d.referencia.amReferencia)"
            for i in d.itens {
                s += "\(p);item;\(i.codigo);\(campo(i.descricao));\(i.valorUnitario.decimalText);\(i.quantidadeOrcada?.decimalText ?? "");"
                    + "\(i.valorOrcado?.decimalText ?? "");\(i.quantidadePeriodo);\(i.valorPeriodo.decimalText);\(i.quantidadeAcumulada);\(i.valorAcumulado.decimalText)\n"
            }
            for a in d.administracao { s += "\(p);administracao_local;;\(campo(a.descricao));;;;;\(a.valor.decimalText);;\n" }
            for x in d.descontos { s += "\(p);desconto;;\(campo(x.descricao));;;;\(x.quantidade);\(x.valor.decimalText);;\n" }
            for m in d.multas { s += "\(p);multa;;\(campo(m.descricao));\(m.percentual.decimalText);;\(m.base.decimalText);;\(m.valor.decimalText);;\n" }
            s += "\(p);taxa_sucesso;;IMOVEIS \(d.sucessoImoveis) RECUPERADO \(d.recuperado.decimalText);;;;\(d.sucessoImoveis);\(d.taxaSucesso.decimalText);;\n"
            for (r, v) in [("servicos_executados", d.servicos), ("taxa_sucesso", d.valorTaxa), ("descontos", d.valorDescontos), ("multas", d.valorMultas),
                           ("total", d.total)] {
                s += "\(p);resumo;;\(r);;;;;\(v.decimalText);;\n"
            }
        }
        return s
    }
}
