import Foundation
import GSANDatabase
import GSANModel
import GSANSupport
import MedicaoRegras
import PDFTexto
import Postgres

/// R1170 Relatório O.S. Situação (seed 002 §2.6.3): the service orders of the collection (a
/// group's or contract's month), of the selective inspection or of customer service, by situação;
/// analytic (one line per order, ordered by situação and number, a page per situação) or
/// synthetic (counts by situação, service type, closing motive and the inspection's return). PDF
/// (libharu) and CSV; layout in docs/medicao.md.
public enum RelatorioOSSituacao {
    public struct Filtro: Sendable, Hashable {
        public var origens: Set<OSSituacao.Origem>
        public var tipo: OSSituacao.Tipo
        public var referencia: Int?
        public var periodo: ClosedRange<CivilDate>?
        public var empresa: Int?
        public var grupo: Int?
        public var contrato: Int?
        public var situacao: OSSituacao.Situacao?
        public var gerencia: Int?
        public var unidade: Int?
        public var localidadePolo: Int?
        public var localidade: Int?
        public var servico: Int?

        public init(
            origens: Set<OSSituacao.Origem>, tipo: OSSituacao.Tipo, referencia: Int? = nil, periodo: ClosedRange<CivilDate>? = nil, empresa: Int? = nil,
            grupo: Int? = nil, contrato: Int? = nil, situacao: OSSituacao.Situacao? = nil, gerencia: Int? = nil, unidade: Int? = nil,
            localidadePolo: Int? = nil, localidade: Int? = nil, servico: Int? = nil
        ) {
            self.origens = origens
            self.tipo = tipo
            self.referencia = referencia
            self.periodo = periodo
            self.empresa = empresa
            self.grupo = grupo
            self.contrato = contrato
            self.situacao = situacao
            self.gerencia = gerencia
            self.unidade = unidade
            self.localidadePolo = localidadePolo
            self.localidade = localidade
            self.servico = servico
        }
    }

    public struct Linha: Sendable, Hashable {
        public var ordem: Int64
        public var origem: OSSituacao.Origem
        public var situacao: OSSituacao.Situacao
        public var imovel: Int?
        public var localidade: Int?
        public var servico: String
        public var geracao: CivilDate
        public var encerramento: CivilDate?
        public var motivo: String
        public var retorno: String
    }

    /// The rules of the filter screen that need no database (§2.6.3).
    public static func conferirCampos(_ f: Filtro) throws(CampoRecusado) {
        guard !f.origens.isEmpty else { throw CadastroContrato.informe("Origem da Ordem de Serviço") }
        if f.origens.contains(.cobranca) {
            guard f.referencia != nil else { throw CadastroContrato.informe("Referência de Cobrança") }
            guard f.empresa != nil else { throw CadastroContrato.informe("Empresa") }
            guard f.grupo != nil || f.contrato != nil else { throw CadastroContrato.informe("Grupo de Cobrança ou Contrato de Cobrança") }
            guard f.grupo == nil || f.contrato == nil else { throw CampoRecusado("Informe Grupo de Cobrança ou Contrato de Cobrança, não os dois.") }
        } else {
            guard f.referencia != nil || f.periodo != nil else { throw CadastroContrato.informe("Período de Geração") }
            guard f.empresa == nil, f.grupo == nil, f.contrato == nil else {
                throw CampoRecusado("Empresa, Grupo e Contrato só com a origem Cobrança.")
            }
        }
    }

    public static func conferir(_ f: Filtro, db: PostgresConnection) throws -> Bool {
        if let l = f.localidade, try db.query("SELECT 1 FROM cadastro.localidade WHERE loca_id = $1", [l]).first == nil {
            throw ErroMedicao("Localidade inexistente.")
        }
        if let l = f.localidadePolo, try db.query("SELECT 1 FROM cadastro.localidade WHERE loca_id = $1", [l]).first == nil {
            throw ErroMedicao("Localidade polo inexistente.")
        }
        if let e = f.empresa, try db.query("SELECT 1 FROM cadastro.empresa WHERE empr_id = $1", [e]).first == nil {
            throw ErroMedicao("Empresa \(e) inexistente.")
        }
        if let g = f.grupo, try db.query("SELECT 1 FROM cobranca.cobranca_grupo WHERE cbgr_id = $1", [g]).first == nil {
            throw ErroMedicao("Grupo de cobrança \(g) inexistente.")
        }
        if let c = f.contrato, let e = f.empresa,
            try db.query("SELECT 1 FROM micromedicao.contrato_empresa_servico WHERE cese_id = $1 AND empr_id = $2", [c, e]).first == nil
        {
            throw ErroMedicao("Contrato \(c) inexistente na empresa \(e).")
        }
        if let s = f.servico, try db.query("SELECT 1 FROM atendimentopublico.servico_tipo WHERE svtp_id = $1", [s]).first == nil {
            throw ErroMedicao("Tipo de Serviço \(s) inexistente.")
        }
        // With the bulletin generated, the cobrança's detailed situações.
        guard f.origens == [.cobranca], let ref = f.referencia else { return false }
        if let g = f.grupo { return try GeracaoBoletim.existente(.grupo(g), referencia: ref, db: db) != nil }
        if let c = f.contrato {
            return try db.query("SELECT 1 FROM cobranca.cobr_boletim_medicao WHERE cese_id = $1 AND cobm_amreferencia = $2", [c, ref]).first != nil
        }
        return false
    }

    public static func carregar(_ f: Filtro, detalhada: Bool, db: PostgresConnection) throws -> [Linha] {
        let fuso = CivilDate.fusoHorarioDaEmpresa
        var origens: [String] = []
        if f.origens.contains(.cobranca) {
            origens.append(
                """
                SELECT o.orse_id, 'cobranca' AS origem FROM atendimentopublico.ordem_servico o
                JOIN cobranca.cobranca_documento d ON d.cbdo_id = o.cbdo_id
                JOIN cobranca.cobranca_acao_ativ_crg a ON a.caac_id = d.caac_id
                JOIN cobranca.cobranca_acao_cronograma c ON c.cbcr_id = a.cbcr_id
                JOIN cobranca.cobranca_grupo_crg_mes m ON m.cbcm_id = c.cbcm_id
                WHERE m.cbcm_amreferencia = $1
                  AND ($2::int IS NULL OR m.cbgr_id = $2)
                  AND ($3::int IS NULL OR m.cbgr_id IN (SELECT cbgr_id FROM cobranca.cobranca_grupo WHERE cese_id = $3
                                                        UNION SELECT cbgr_id FROM cobranca.cobr_grupo_acao_contrato WHERE cese_id = $3))
                """)
        }
        let mesGeracao = "($1::int IS NULL OR to_char(o.orse_tmgeracao AT TIME ZONE '\(fuso)', 'YYYYMM')::int = $1)"
        if f.origens.contains(.seletiva) {
            origens.append("SELECT o.orse_id, 'seletiva' FROM atendimentopublico.ordem_servico o WHERE o.cbdo_id IS NULL AND o.svtp_id = 705 AND \(mesGeracao)")
        }
        if f.origens.contains(.atendimento) {
            origens.append("SELECT o.orse_id, 'atendimento' FROM atendimentopublico.ordem_servico o WHERE o.cbdo_id IS NULL AND o.svtp_id <> 705 AND \(mesGeracao)")
        }
        let sql = """
            WITH sel AS (\(origens.joined(separator: "\nUNION ALL\n")))
            SELECT o.orse_id, sel.origem, o.orse_cdsituacao = 2, COALESCE(me.amen_icexecucao = 1, false), o.amen_id = 32,
                   EXISTS (SELECT 1 FROM atendimentopublico.ordem_servico f JOIN atendimentopublico.os_fiscalizacao_retorno r ON r.orse_id = f.orse_id
                           WHERE f.orse_idreferencia = o.orse_id)
                     OR EXISTS (SELECT 1 FROM cobranca.cob_ac_os_nao_aceitas n WHERE n.orse_id = o.orse_id),
                   (SELECT cbde_cdtipo FROM cobranca.cobr_boletim_desc x WHERE x.orse_id = o.orse_id)::int,
                   o.imov_id, COALESCE(d.loca_id, i.loca_id), s.svtp_dsservicotipo,
                   (o.orse_tmgeracao AT TIME ZONE '\(fuso)')::date, (o.orse_tmencerramento AT TIME ZONE '\(fuso)')::date,
                   COALESCE(me.amen_dsmotivoencerramento, ''),
                   COALESCE((SELECT string_agg(z.fzst_dsfiscalizacaosituacao, ', ' ORDER BY z.fzst_id)
                             FROM atendimentopublico.ordem_servico f JOIN atendimentopublico.os_fiscalizacao_situacao fs ON fs.orse_id = f.orse_id
                             JOIN atendimentopublico.fiscalizacao_situacao z ON z.fzst_id = fs.fzst_id WHERE f.orse_idreferencia = o.orse_id),
                            (SELECT 'NAO ACEITA: ' || m2.mnac_dsmotivonaoaceitacao FROM cobranca.cob_ac_os_nao_aceitas n2
                             JOIN cobranca.motivo_nao_aceit_enc_os m2 ON m2.mnac_id = n2.mnac_id WHERE n2.orse_id = o.orse_id AND n2.caon_icaceita = 2 LIMIT 1),
                            '')
            FROM sel JOIN atendimentopublico.ordem_servico o ON o.orse_id = sel.orse_id
            JOIN atendimentopublico.servico_tipo s ON s.svtp_id = o.svtp_id
            LEFT JOIN atendimentopublico.atendimento_motivo_encerramento me ON me.amen_id = o.amen_id
            LEFT JOIN cobranca.cobranca_documento d ON d.cbdo_id = o.cbdo_id
            LEFT JOIN cadastro.imovel i ON i.imov_id = o.imov_id
            LEFT JOIN cadastro.localidade l ON l.loca_id = COALESCE(d.loca_id, i.loca_id)
            WHERE ($4::date IS NULL OR (o.orse_tmgeracao AT TIME ZONE '\(fuso)')::date BETWEEN $4 AND $5)
              AND ($6::int IS NULL OR l.greg_id = $6) AND ($7::int IS NULL OR l.uneg_id = $7)
              AND ($8::int IS NULL OR l.loca_id = $8) AND ($9::int IS NULL OR l.loca_id = $9)
              AND ($10::int IS NULL OR o.svtp_id = $10)
            ORDER BY o.orse_id
            """
        var linhas: [Linha] = []
        try db.forEachRow(
            sql,
            [f.referencia, f.grupo, f.contrato, f.periodo?.lowerBound.iso, f.periodo?.upperBound.iso, f.gerencia, f.unidade, f.localidadePolo,
             f.localidade, f.servico]
        ) { r in
            let (id, origem, encerrada, executada, decurso, fiscalizada, desconto, imovel, localidade, servico, geracao, encerramento, motivo, retorno) =
                try r.decode((Int64, String, Bool, Bool, Bool?, Bool, Int?, Int?, Int?, String, CivilDate, CivilDate?, String, String).self)
            let situacao = OSSituacao.situacao(
                .init(encerrada: encerrada, executada: executada, decurso: decurso ?? false, fiscalizada: fiscalizada, desconto: desconto),
                detalhada: detalhada)
            if let s = f.situacao, s != situacao { return }
            linhas.append(Linha(
                ordem: id, origem: OSSituacao.Origem(rawValue: origem) ?? .cobranca, situacao: situacao, imovel: imovel, localidade: localidade,
                servico: servico, geracao: geracao, encerramento: encerramento, motivo: motivo, retorno: retorno))
        }
        return linhas.sorted { ($0.situacao, $0.ordem) < ($1.situacao, $1.ordem) }
    }

    public static func descricao(_ f: Filtro) -> String {
        var partes = ["origem " + OSSituacao.Origem.allCases.filter { f.origens.contains($0) }.map(\.rawValue).joined(separator: ", ")]
        if let r = f.referencia, let ref = Referencia(amReferencia: r) { partes.append("referência \(ref)") }
        if let p = f.periodo { partes.append("geração de \(p.lowerBound) a \(p.upperBound)") }
        if let e = f.empresa { partes.append("empresa \(e)") }
        if let g = f.grupo { partes.append("grupo \(g)") }
        if let c = f.contrato { partes.append("contrato \(c)") }
        if let s = f.situacao { partes.append("situação \(s.rawValue)") }
        if let l = f.localidade { partes.append("localidade \(l)") }
        if let s = f.servico { partes.append("serviço \(s)") }
        return partes.joined(separator: "; ")
    }

    /// PDF: analytic or synthetic, a new page at each situação.
    public static func gravar(_ linhas: [Linha], filtro f: Filtro, companhia: String, data: CivilDate, pdf destinoPDF: URL, csv destinoCSV: URL) throws {
        let pdf = try PDFHaru(data: data, titulo: "R1170 Relatório O.S. Situação", criador: "gsan relatorio os-situacao")
        let titulo = "R1170 - RELATÓRIO O.S. SITUAÇÃO (\(f.tipo == .analitico ? "ANALÍTICO" : "SINTÉTICO"))"
        func cabecalho(_ s: OSSituacao.Situacao?) {
            pdf.novaPagina()
            pdf.linha(companhia, tamanho: 12, negrito: true)
            pdf.linha(titulo, tamanho: 12, negrito: true)
            pdf.linha("Filtro: \(descricao(f))", tamanho: 8)
            if let s { pdf.linha("Situação: \(s.rawValue)", negrito: true) }
            pdf.espaco(4)
        }
        var csv: String
        if linhas.isEmpty {
            cabecalho(nil)
            pdf.linha("Nenhuma ordem de serviço para o filtro informado.")
        }
        switch f.tipo {
        case .analitico:
            csv = "situacao;os;origem;imovel;localidade;servico;geracao;encerramento;motivo;retorno_fiscalizacao\n"
            var atual: OSSituacao.Situacao?
            for l in linhas {
                if l.situacao != atual {
                    if let atual { pdf.linha("Total \(atual.rawValue): \(linhas.filter { $0.situacao == atual }.count)", tamanho: 8, negrito: true) }
                    atual = l.situacao
                    cabecalho(l.situacao)
                    for (t, x) in [("OS", 40), ("Imóvel", 95), ("Loc.", 145), ("Serviço", 175), ("Geração", 320), ("Encerr.", 370), ("Motivo / retorno", 420)] as [(String, Float)] {
                        pdf.linha(t, tamanho: 8, negrito: true, x: x, avanca: false)
                    }
                    pdf.linha("", tamanho: 8)
                    pdf.regua()
                }
                pdf.linha(String(l.ordem), tamanho: 8, x: 40, avanca: false)
                pdf.linha(l.imovel.map(String.init) ?? "", tamanho: 8, x: 95, avanca: false)
                pdf.linha(l.localidade.map(String.init) ?? "", tamanho: 8, x: 145, avanca: false)
                pdf.linha(String(l.servico.prefix(28)), tamanho: 8, x: 175, avanca: false)
                pdf.linha(l.geracao.description, tamanho: 8, x: 320, avanca: false)
                pdf.linha(l.encerramento?.description ?? "", tamanho: 8, x: 370, avanca: false)
                pdf.linha(String((l.motivo + (l.retorno.isEmpty ? "" : " / " + l.retorno)).prefix(34)), tamanho: 8, x: 420)
                csv += [l.situacao.rawValue, String(l.ordem), l.origem.rawValue, l.imovel.map(String.init) ?? "", l.localidade.map(String.init) ?? "",
                        l.servico, l.geracao.description, l.encerramento?.description ?? "", l.motivo, l.retorno].map(campoCSV).joined(separator: ";") + "\n"
            }
            if let atual { pdf.linha("Total \(atual.rawValue): \(linhas.filter { $0.situacao == atual }.count)", tamanho: 8, negrito: true) }
        case .sintetico:
            csv = "situacao;servico;motivo;retorno_fiscalizacao;quantidade\n"
            let contagem = OSSituacao.sintetico(linhas.map { .init(situacao: $0.situacao, servico: $0.servico, motivo: $0.motivo, retorno: $0.retorno) })
            var atual: OSSituacao.Situacao?
            for (chave, n) in contagem {
                if chave.situacao != atual {
                    atual = chave.situacao
                    cabecalho(chave.situacao)
                    for (t, x) in [("Tipo de serviço", 40), ("Motivo de encerramento", 210), ("Retorno da fiscalização", 380)] as [(String, Float)] {
                        pdf.linha(t, tamanho: 8, negrito: true, x: x, avanca: false)
                    }
                    pdf.aDireita("Quantidade", x: 555, tamanho: 8, negrito: true)
                    pdf.linha("", tamanho: 8)
                    pdf.regua()
                }
                pdf.linha(String(chave.servico.prefix(32)), tamanho: 8, x: 40, avanca: false)
                pdf.linha(String(chave.motivo.prefix(32)), tamanho: 8, x: 210, avanca: false)
                pdf.linha(String(chave.retorno.prefix(30)), tamanho: 8, x: 380, avanca: false)
                pdf.aDireita(String(n), x: 555, tamanho: 8)
                pdf.linha("", tamanho: 8)
                csv += [chave.situacao.rawValue, chave.servico, chave.motivo, chave.retorno, String(n)].map(campoCSV).joined(separator: ";") + "\n"
            }
        }
        try FileManager.default.createDirectory(at: destinoPDF.deletingLastPathComponent(), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o750])
        try gravarAtomico(destinoPDF) { try pdf.salvar(em: $0.path) }
        try gravarAtomico(destinoCSV) { try Data(csv.utf8).write(to: $0) }
    }

    static func campoCSV(_ t: String) -> String {
        t.contains(";") || t.contains("\"") || t.contains("\n") ? "\"" + t.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : t
    }
}
