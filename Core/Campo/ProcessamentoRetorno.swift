import CampoRegras
import Faturamento
import FaturamentoRegras
import Foundation
import GSANDatabase
import GSANModel
import Contratos
import JobRuntime
import Logging
import Postgres

/// What a batch did (the job's result).
public struct ResultadoLote: Codable, Sendable, Hashable {
    public var rota: Int
    public var referencia: Int
    public var lote: Int
    public var imoveis: Int
    public var medicoes: Int
    public var consumos: Int
    public var contasImpressas: Int
    public var ajustes: Int
    /// Set when nothing was processed, and why.
    public var situacao: String?
}

/// Processes a rota's stored readings (§3.4 step 4), in the job's transaction: the reading
/// history (medição histórico) of metered connections, the consumption history the close
/// bills from, the bill of each imóvel printed in the field (NORMAL, with the phone's values)
/// and the value adjustment when the phone's bill differs from the server's own calculation
/// (the shared tariff rule) by more than one centavo, the group's reading activity realized.
/// Rows are marked processed; re-processing the same rows gives the same state.
public struct ProcessamentoRetorno: Sendable {
    public var logger: Logger

    public init(logger: Logger) { self.logger = logger }

    public static func register(into registry: inout JobRegistry) {
        registry.register(CampoJobs.processarRota) { (lote: LoteRetorno, context: JobContext) in
            let resultado = try ProcessamentoRetorno(logger: context.logger).processar(lote, db: context.db)
            try context.setResult(resultado)
        }
    }

    public func processar(_ lote: LoteRetorno, db: PostgresConnection) throws -> ResultadoLote {
        var resultado = ResultadoLote(
            rota: lote.rota, referencia: lote.referencia, lote: lote.lote, imoveis: 0, medicoes: 0, consumos: 0, contasImpressas: 0,
            ajustes: 0, situacao: nil)
        guard let atual = try db.query(
            "SELECT rtpr_nnlote FROM micromedicao.retorno_processamento WHERE rota_id = $1 AND rtpr_amreferencia = $2 FOR UPDATE",
            [lote.rota, lote.referencia]
        ).first?.decode(Int.self, at: 0) else {
            throw JobFailure.permanent("Lote \(lote.lote) da rota \(lote.rota) (\(lote.referencia)) inexistente.")
        }
        guard atual == lote.lote else {
            resultado.situacao = "lote já processado (atual \(atual))"
            return resultado
        }
        let ids = try db.query(
            """
            SELECT mcpf_id FROM faturamento.mov_conta_prefaturada
            WHERE rota_id = $1 AND mcpf_ammovimento = $2 AND mcpf_icatualizarfaturamento = 2 ORDER BY mcpf_id FOR UPDATE
            """, [lote.rota, lote.referencia]
        ).map { try $0.decode(Int64.self, at: 0) }
        let grupo = try db.query(
            """
            SELECT g.ftgr_id, g.ftgr_amreferencia::int FROM micromedicao.rota r
            JOIN faturamento.faturamento_grupo g ON g.ftgr_id = r.ftgr_id WHERE r.rota_id = $1 FOR KEY SHARE OF g
            """, [lote.rota]
        ).first?.decode((Int, Int).self)
        if let grupo, grupo.1 == lote.referencia, !ids.isEmpty {
            try processarLinhas(ids, lote: lote, grupo: grupo.0, resultado: &resultado, db: db)
        } else if !ids.isEmpty {
            resultado.situacao = "grupo já faturado: leituras guardadas sem processar"
        }
        // The batch closes once no upload is between storing and committing (they hold the
        // batch's lock shared, GravacaoRetorno.marcarPendente): rows committed after this job
        // took its own are seen now, and the next batch is opened for them at once.
        _ = try db.query("SELECT pg_advisory_xact_lock(\(GravacaoRetorno.chaveTrava), $1::int)", [lote.rota])
        let resta = try db.query(
            """
            SELECT EXISTS (SELECT 1 FROM faturamento.mov_conta_prefaturada
                           WHERE rota_id = $1 AND mcpf_ammovimento = $2 AND mcpf_icatualizarfaturamento = 2 AND mcpf_id <> ALL($3::bigint[]))
            """, [lote.rota, lote.referencia, PostgresArray(ids)]
        )[0].decode(Bool.self, at: 0)
        let proximo = try db.query(
            """
            UPDATE micromedicao.retorno_processamento SET rtpr_icpendente = $3, rtpr_nnlote = rtpr_nnlote + 1, rtpr_tmultimo = now()
            WHERE rota_id = $1 AND rtpr_amreferencia = $2 RETURNING rtpr_nnlote
            """, [lote.rota, lote.referencia, resta]
        )[0].decode(Int.self, at: 0)
        if resta {
            let seguinte = LoteRetorno(rota: lote.rota, referencia: lote.referencia, lote: proximo)
            _ = try Outbox.enqueue(try JobSpec(id: seguinte.idJob, kind: CampoJobs.processarRota, payload: seguinte), on: db)
        }
        logger.info(
            "leituras processadas",
            metadata: [
                "rota": "\(lote.rota)", "referencia": "\(lote.referencia)", "lote": "\(lote.lote)", "imoveis": "\(resultado.imoveis)",
                "impressas": "\(resultado.contasImpressas)", "ajustes": "\(resultado.ajustes)",
            ])
        return resultado
    }

    private func processarLinhas(_ ids: [Int64], lote: LoteRetorno, grupo: Int, resultado: inout ResultadoLote, db: PostgresConnection) throws {
        let ids = PostgresArray(ids)
        // Reading history of metered connections: GSAN's leitura situação is NÃO REALIZADA
        // without a reading, CONFIRMADA when the phone confirmed it (outside the band), else REALIZADA.
        resultado.medicoes = try db.execute(
            """
            INSERT INTO micromedicao.medicao_historico
                (imov_id, medt_id, mdhi_amleitura, mdhi_nnleitantfatmt, mdhi_dtleitantfatmt, ltst_idleituraanterior,
                 mdhi_nnleituraatualinformada, mdhi_dtleituraatualinformada, mdhi_nnleituraatualfaturamento, mdhi_dtleituraatualfaturamento,
                 ltst_idleituraatual, mdhi_nnconsumomedidomes, mdhi_nnconsumomediohidrometro, ltan_idinformada, ltan_idfaturamento)
            SELECT m.imov_id, m.medt_id, m.mcpf_ammovimento,
                   coalesce(m.mcpf_nnleituraanterior, ant.mdhi_nnleituraatualfaturamento, 0),
                   coalesce(ant.mdhi_dtleituraatualfaturamento, m.mcpf_tmleitura::date - 30), coalesce(ant.ltst_idleituraatual, 1),
                   m.mcpf_nnleiturahidrometro, CASE WHEN m.mcpf_nnleiturahidrometro IS NOT NULL THEN m.mcpf_tmleitura::date END,
                   coalesce(m.mcpf_nnleiturafaturamento, m.mcpf_nnleiturahidrometro), m.mcpf_tmleitura::date,
                   CASE WHEN m.mcpf_nnleiturahidrometro IS NULL THEN 2 WHEN m.mcpf_icsituacaoleitura = 1 THEN 3 ELSE 1 END,
                   m.mcpf_nnconsumomedido, ant.mdhi_nnconsumomediohidrometro, m.ltan_id, coalesce(m.ltan_idleitanormfatmt, m.ltan_id)
            FROM faturamento.mov_conta_prefaturada m
            LEFT JOIN LATERAL (
                SELECT h.mdhi_nnleituraatualfaturamento, h.mdhi_dtleituraatualfaturamento, h.ltst_idleituraatual, h.mdhi_nnconsumomediohidrometro
                FROM micromedicao.medicao_historico h
                WHERE h.imov_id = m.imov_id AND h.medt_id = m.medt_id AND h.mdhi_amleitura < m.mcpf_ammovimento
                ORDER BY h.mdhi_amleitura DESC LIMIT 1
            ) ant ON true
            WHERE m.mcpf_id = ANY($1::bigint[])
              AND EXISTS (SELECT 1 FROM micromedicao.hidrometro_inst_hist i
                          WHERE i.imov_id = m.imov_id AND i.medt_id = m.medt_id AND i.hidi_dtretiradahidrometro IS NULL)
            ON CONFLICT (imov_id, medt_id, mdhi_amleitura) DO UPDATE SET
                mdhi_nnleitantfatmt = EXCLUDED.mdhi_nnleitantfatmt, mdhi_dtleitantfatmt = EXCLUDED.mdhi_dtleitantfatmt,
                mdhi_nnleituraatualinformada = EXCLUDED.mdhi_nnleituraatualinformada,
                mdhi_dtleituraatualinformada = EXCLUDED.mdhi_dtleituraatualinformada,
                mdhi_nnleituraatualfaturamento = EXCLUDED.mdhi_nnleituraatualfaturamento,
                mdhi_dtleituraatualfaturamento = EXCLUDED.mdhi_dtleituraatualfaturamento,
                ltst_idleituraatual = EXCLUDED.ltst_idleituraatual, mdhi_nnconsumomedidomes = EXCLUDED.mdhi_nnconsumomedidomes,
                ltan_idinformada = EXCLUDED.ltan_idinformada, ltan_idfaturamento = EXCLUDED.ltan_idfaturamento
            """, [ids])
        // Consumption history (água from the water record; esgoto where the bill charges it):
        // what the close bills from.
        resultado.consumos = try db.execute(
            """
            INSERT INTO micromedicao.consumo_historico
                (imov_id, lgti_id, cshi_amfaturamento, cshi_nnconsumofaturadomes, cshi_nnconsumomedio, cstp_id, csan_id)
            SELECT m.imov_id, l.lgti, m.mcpf_ammovimento, m.mcpf_nnconsumocobrado, med.media, m.cstp_id,
                   CASE WHEN l.lgti = 1 THEN m.csan_id END
            FROM faturamento.mov_conta_prefaturada m
            LEFT JOIN faturamento.conta c ON c.imov_id = m.imov_id AND c.cnta_amreferenciaconta = m.mcpf_ammovimento AND c.dcst_idatual NOT IN (3, 4)
            LEFT JOIN LATERAL (
                SELECT h.cshi_nnconsumomedio AS media FROM micromedicao.consumo_historico h
                WHERE h.imov_id = m.imov_id AND h.lgti_id = 1 AND h.cshi_amfaturamento < m.mcpf_ammovimento
                ORDER BY h.cshi_amfaturamento DESC LIMIT 1
            ) med ON true
            CROSS JOIN (VALUES (1), (2)) AS l (lgti)
            WHERE m.mcpf_id = ANY($1::bigint[]) AND m.medt_id = 1 AND m.mcpf_nnconsumocobrado IS NOT NULL AND m.cstp_id IS NOT NULL
              AND (l.lgti = 1 OR coalesce(c.cnta_pcesgoto, 0) > 0)
            ON CONFLICT (imov_id, lgti_id, cshi_amfaturamento) DO UPDATE SET
                cshi_nnconsumofaturadomes = EXCLUDED.cshi_nnconsumofaturadomes, cstp_id = EXCLUDED.cstp_id, csan_id = EXCLUDED.csan_id
            """, [ids])
        try contas(ids, lote: lote, resultado: &resultado, db: db)
        resultado.imoveis = try db.query(
            "SELECT count(DISTINCT imov_id)::int FROM faturamento.mov_conta_prefaturada WHERE mcpf_id = ANY($1::bigint[])", [ids]
        )[0].decode(Int.self, at: 0)
        try db.execute(
            "UPDATE faturamento.mov_conta_prefaturada SET mcpf_icatualizarfaturamento = 1, mcpf_tmprocessamento = now() WHERE mcpf_id = ANY($1::bigint[])",
            [ids])
        // The group's reading activity (EFETUAR LEITURA) realized with its first processed reading.
        try db.execute(
            """
            UPDATE faturamento.fatur_ativ_cronograma a SET ftac_tmrealizacao = now(), ftac_tmcomando = coalesce(a.ftac_tmcomando, now())
            FROM faturamento.faturamento_grupo_cron_mensal m
            WHERE a.ftcm_id = m.ftcm_id AND m.ftgr_id = $1 AND m.ftcm_amreferencia = $2 AND a.ftat_id = 2 AND a.ftac_tmrealizacao IS NULL
            """, [grupo, lote.referencia])
    }

    /// The bills: the server's own value for the phone's consumption (the shared tariff rule);
    /// an adjustment row when the phone's differs by more than one centavo; a bill printed in
    /// the field becomes NORMAL with the phone's values (the customer holds that bill).
    private func contas(_ ids: PostgresArray, lote: LoteRetorno, resultado: inout ResultadoLote, db: PostgresConnection) throws {
        let linhas = try db.query(
            """
            SELECT c.cnta_id, c.imov_id, c.cstf_id::int, (c.cnta_pcesgoto * 100)::int, c.dcst_idatual::int, m.mcpf_nnconsumocobrado,
                   m.mcpf_vlagua, m.mcpf_vlesgoto, m.mcpf_vldebito, m.mcpf_vlcredito, m.mcpf_vlimposto, m.mcpf_icemissaoconta::int,
                   m.mcpf_tmleitura::date,
                   (SELECT string_agg(cc.catg_id || ':' || cc.scat_id || ':' || cc.ctcg_qteconomia, ',' ORDER BY cc.scat_id)
                    FROM faturamento.conta_categoria cc WHERE cc.cnta_id = c.cnta_id)
            FROM faturamento.mov_conta_prefaturada m
            JOIN faturamento.conta c ON c.imov_id = m.imov_id AND c.cnta_amreferenciaconta = m.mcpf_ammovimento AND c.dcst_idatual IN (0, 9)
            WHERE m.mcpf_id = ANY($1::bigint[]) AND m.medt_id = 1 AND m.mcpf_nnconsumocobrado IS NOT NULL
            ORDER BY c.cnta_id
            FOR UPDATE OF c
            """, [ids])
        guard !linhas.isEmpty, let primeiroDia = Referencia(amReferencia: lote.referencia)?.dia(1) else { return }
        let tarifas = try Tarifas.vigentes(em: primeiroDia, db: db)
        // Each bill computed here (the shared tariff rule), then written in four set-based
        // statements for the whole batch — not three or more round trips per bill.
        var ajustes: [Ajuste] = []
        var semAjuste: [Int64] = []
        var impressas: [Impressa] = []
        var categorias: [CategoriaImpressa] = []
        var vistas = Set<Int64>()
        for row in linhas {
            let (conta, imovel, tarifa, esgotoPc, consumo) = try (
                row.decode(Int64.self, at: 0), row.decode(Int.self, at: 1), row.decode(Int.self, at: 2), row.decode(Int.self, at: 3),
                row.decode(Int.self, at: 5))
            // One row per bill in each set-based statement (ON CONFLICT may not touch a row twice).
            guard vistas.insert(conta).inserted else { continue }
            let (agua, esgoto, debitos, creditos, impostos) = try (
                row.decode(Centavos.self, at: 6), row.decode(Centavos.self, at: 7), row.decode(Centavos.self, at: 8),
                row.decode(Centavos.self, at: 9), row.decode(Centavos.self, at: 10))
            let (emissao, data, economias) = try (row.decode(Int.self, at: 11), row.decode(CivilDate.self, at: 12), row.decode(String?.self, at: 13))
            let linhasEconomias: [LinhaEconomias] = (economias ?? "").split(separator: ",").compactMap { item in
                let p = item.split(separator: ":").compactMap { Int($0) }
                return p.count == 3 ? LinhaEconomias(categoria: p[0], subcategoria: p[1], quantidade: p[2]) : nil
            }
            let servidor: ContaCalculada
            do {
                servidor = try CalculoConta.calcular(
                    consumo: consumo, economias: linhasEconomias, tarifa: tarifa, tarifas: tarifas[tarifa] ?? [:],
                    percentualEsgotoCentesimos: esgotoPc, esgotoLigado: esgotoPc > 0)
            } catch {
                throw JobFailure.permanent("Conta \(conta) do imóvel \(imovel): \(error)")
            }
            if abs(servidor.agua.value - agua.value) > 1 || abs(servidor.esgoto.value - esgoto.value) > 1 {
                ajustes.append(Ajuste(
                    conta: conta, imov: imovel, cc: consumo, cs: servidor.consumoAgua, ac: agua.decimalText, as: servidor.agua.decimalText,
                    ec: esgoto.decimalText, es: servidor.esgoto.decimalText))
            } else {
                semAjuste.append(conta)
            }
            guard emissao == 1 else { continue }
            // Printed in the field: the bill is what the customer holds.
            impressas.append(Impressa(
                conta: conta, consumo: consumo, agua: agua.decimalText, esgoto: esgoto.decimalText, debitos: debitos.decimalText,
                creditos: creditos.decimalText, impostos: impostos.decimalText, data: data.iso))
            for linha in servidor.linhas {
                categorias.append(CategoriaImpressa(
                    conta: conta, scat: linha.linha.subcategoria, consumo: linha.consumo, agua: linha.agua.decimalText,
                    esgoto: linha.esgoto.decimalText))
            }
        }
        resultado.ajustes += ajustes.count
        resultado.contasImpressas += impressas.count
        if !ajustes.isEmpty {
            try db.execute(
                """
                INSERT INTO faturamento.faturamento_imediato_ajuste
                    (cnta_id, imov_id, fiaj_amreferencia, fiaj_nnconsumocelular, fiaj_nnconsumoservidor, fiaj_vlaguacelular,
                     fiaj_vlaguaservidor, fiaj_vlesgotocelular, fiaj_vlesgotoservidor)
                SELECT x.conta, x.imov, $2, x.cc, x.cs, x.ac::numeric, x."as"::numeric, x.ec::numeric, x.es::numeric
                FROM jsonb_to_recordset($1::jsonb) AS x(conta bigint, imov int, cc int, cs int, ac text, "as" text, ec text, es text)
                ON CONFLICT (cnta_id) DO UPDATE SET fiaj_nnconsumocelular = EXCLUDED.fiaj_nnconsumocelular,
                    fiaj_nnconsumoservidor = EXCLUDED.fiaj_nnconsumoservidor, fiaj_vlaguacelular = EXCLUDED.fiaj_vlaguacelular,
                    fiaj_vlaguaservidor = EXCLUDED.fiaj_vlaguaservidor, fiaj_vlesgotocelular = EXCLUDED.fiaj_vlesgotocelular,
                    fiaj_vlesgotoservidor = EXCLUDED.fiaj_vlesgotoservidor, fiaj_tmregistro = now()
                """, [PostgresJSON(ajustes), lote.referencia])
        }
        if !semAjuste.isEmpty {
            try db.execute("DELETE FROM faturamento.faturamento_imediato_ajuste WHERE cnta_id = ANY($1::bigint[])", [PostgresArray(semAjuste)])
        }
        guard !impressas.isEmpty else { return }
        // Negative values (the app's malformed negatives) cannot be a bill's: they stay in the movement only.
        try db.execute(
            """
            UPDATE faturamento.conta c SET cnta_nnconsumoagua = x.consumo,
                cnta_nnconsumoesgoto = CASE WHEN c.cnta_pcesgoto > 0 THEN x.consumo ELSE 0 END,
                cnta_vlagua = greatest(x.agua::numeric, 0), cnta_vlesgoto = greatest(x.esgoto::numeric, 0),
                cnta_vldebitos = greatest(x.debitos::numeric, 0), cnta_vlcreditos = greatest(x.creditos::numeric, 0),
                cnta_vlimpostos = greatest(x.impostos::numeric, 0), cnta_dtemissao = x.data::date,
                dcst_idanterior = CASE WHEN c.dcst_idatual = 9 THEN 9 ELSE c.dcst_idanterior END, dcst_idatual = 0
            FROM jsonb_to_recordset($1::jsonb) AS x(conta bigint, consumo int, agua text, esgoto text, debitos text, creditos text,
                                                    impostos text, data text)
            WHERE c.cnta_id = x.conta
            """, [PostgresJSON(impressas)])
        if !categorias.isEmpty {
            try db.execute(
                """
                UPDATE faturamento.conta_categoria cc SET ctcg_nnconsumoagua = x.consumo, ctcg_vlagua = x.agua::numeric,
                    ctcg_vlesgoto = x.esgoto::numeric, ctcg_nnconsumoesgoto = CASE WHEN x.esgoto::numeric > 0 THEN x.consumo ELSE 0 END
                FROM jsonb_to_recordset($1::jsonb) AS x(conta bigint, scat int, consumo int, agua text, esgoto text)
                WHERE cc.cnta_id = x.conta AND cc.scat_id = x.scat
                """, [PostgresJSON(categorias)])
        }
    }

    private struct Ajuste: Encodable {
        var conta: Int64, imov: Int, cc: Int, cs: Int, ac: String, `as`: String, ec: String, es: String
    }

    private struct Impressa: Encodable {
        var conta: Int64, consumo: Int, agua: String, esgoto: String, debitos: String, creditos: String, impostos: String, data: String
    }

    private struct CategoriaImpressa: Encodable {
        var conta: Int64, scat: Int, consumo: Int, agua: String, esgoto: String
    }
}
