import CampoRegras
import Foundation
import GSANDatabase
import GSANModel
import Contratos
import JobRuntime
import Postgres

/// Stores what the phones send (§3.4 step 3): per imóvel and referência, replacing what that
/// imóvel sent before, so re-sending is harmless; and, in the same transaction, marks the
/// rota's processing batch pending, enqueueing its job through the outbox when it was not.
enum GravacaoRetorno {
    /// Where an imóvel of an upload belongs: its rota (the imóvel's alternative rota, else its
    /// quadra's) and that rota's file of the referência.
    struct Destino: Hashable {
        var rota: Int
        var referencia: Int
    }

    struct Arquivo {
        var id: Int64
        var situacao: SituacaoTransmissao
        var grupo: Int
        var imoveis: Int
        var partes: Int
        var leiturista: Int?
    }

    // MARK: Rows as JSON for jsonb_to_recordset

    struct Linha1: Encodable {
        var imov: Int, medt: Int, ref: Int, rota: Int, grupo: Int, conta: Int64?, leitura: Int?, ltan: Int?, tm: String
        var sit: Int?, leitfat: Int?, medido: Int?, cobrado: Int?, rateioa: Int, rateioe: Int, cstp: Int?, csan: Int?, emissao: Int
        var geracao: Int, ltanfat: Int?, cbdo: Int?, anterior: Int?, vezes: Int?, agua: String, esgoto: String, debito: String
        var credito: String, imposto: String, x: String?, y: String?, revisao: Int, leit: Int?
    }

    struct Linha2: Encodable {
        var imov: Int, ordem: Int, catg: Int, scat: Int, va: String, ca: Int, tma: String, cma: Int, ve: String, ce: Int, tme: String, cme: Int
    }

    struct Linha3: Encodable {
        var imov: Int, cat: Int, ordem: Int, ca: Int, va: String, li: Int, lf: Int, ta: String?, te: String?, ce: Int, ve: String
    }

    struct Linha4: Encodable {
        var imov: Int, ordem: Int, tipo: Int, descr: String, aliq: String, valor: String
    }

    static func reais(_ c: Centavos) -> String { c.decimalText }

    /// The rows of `imoveis` (all of destination `d`) as the four JSON arrays of ``sqlInserir``.
    static func linhas(_ imoveis: [ImovelRetorno], destino d: Destino, arquivo: Arquivo) -> [(any PostgresEncodable)?] {
        var l1: [Linha1] = []
        var l2: [Linha2] = []
        var l3: [Linha3] = []
        var l4: [Linha4] = []
        for i in imoveis {
            for r in i.medicoes {
                l1.append(Linha1(
                    imov: r.matricula, medt: r.tipoMedicao, ref: d.referencia, rota: d.rota, grupo: arquivo.grupo,
                    conta: r.numeroConta.map(Int64.init), leitura: r.leitura, ltan: r.anormalidadeLeitura,
                    tm: r.dataHoraLeitura.description, sit: r.situacaoLeitura, leitfat: r.leituraFaturamento, medido: r.consumoMedido,
                    cobrado: r.consumoCobrado, rateioa: r.consumoRateioAgua, rateioe: r.consumoRateioEsgoto, cstp: r.tipoConsumo,
                    csan: r.anormalidadeConsumo, emissao: r.emissaoConta, geracao: r.geracaoConta, ltanfat: r.anormalidadeFaturamento,
                    cbdo: r.documentoCobranca, anterior: r.leituraAnterior, vezes: r.vezesImpressa, agua: reais(r.valorAgua),
                    esgoto: reais(r.valorEsgoto), debito: reais(r.valorDebitos), credito: reais(r.valorCreditos),
                    imposto: reais(r.valorImpostos), x: r.latitude.map { String($0.prefix(30)) }, y: r.longitude.map { String($0.prefix(30)) },
                    revisao: r.mesMotivoRevisao ?? 0, leit: arquivo.leiturista))
            }
            for (n, c) in i.categorias.enumerated() {
                let r = c.categoria
                l2.append(Linha2(
                    imov: i.matricula, ordem: n + 1, catg: r.categoria, scat: r.subcategoria, va: reais(r.valorAgua), ca: r.consumoAgua,
                    tma: reais(r.tarifaMinimaAgua), cma: r.consumoMinimoAgua, ve: reais(r.valorEsgoto), ce: r.consumoEsgoto,
                    tme: reais(r.tarifaMinimaEsgoto), cme: r.consumoMinimoEsgoto))
                for (k, f) in c.faixas.enumerated() {
                    l3.append(Linha3(
                        imov: i.matricula, cat: n + 1, ordem: k + 1, ca: f.consumoAgua, va: reais(f.valorAgua), li: f.limiteInicial,
                        lf: f.limiteFinal, ta: f.tarifaAgua.map(reais), te: f.tarifaEsgoto.map(reais), ce: f.consumoEsgoto,
                        ve: reais(f.valorEsgoto)))
                }
            }
            for (n, t) in i.impostos.enumerated() {
                l4.append(Linha4(
                    imov: i.matricula, ordem: n + 1, tipo: t.tipoImposto, descr: String(t.descricao.prefix(60)),
                    aliq: Centavos(Int64(t.aliquotaCentesimos)).decimalText, valor: reais(t.valor)))
            }
        }
        return [PostgresJSON(l1), PostgresJSON(l2), PostgresJSON(l3), PostgresJSON(l4)]
    }

    /// What the imóveis sent before goes first (their categories, bands and taxes by cascade):
    /// in its own statement, since the new rows take the same keys.
    static let sqlApagar = "DELETE FROM faturamento.mov_conta_prefaturada WHERE imov_id = ANY($1::int[]) AND mcpf_ammovimento = $2"

    /// ``sqlApagar`` for one imóvel, written so that only the (imóvel, referência, medição) key
    /// can serve it: a row comparison matches an index by its leading columns. Planned while
    /// the month's table has no statistics (a new installation's first month, the bench), the
    /// form above walked the whole month of the (rota, referência) index instead — every
    /// row's month is the same, but the planner, without statistics, takes `referência = $2`
    /// for the more selective condition (263 buffers per call on average in the bench).
    static let sqlApagarImovel = """
            DELETE FROM faturamento.mov_conta_prefaturada
            WHERE (imov_id, mcpf_ammovimento) >= ($1::int, $2::int) AND (imov_id, mcpf_ammovimento) <= ($1::int, $2::int)
            """

    /// The movement rows and, through the first movement of each imóvel, its categories, their
    /// bands and its taxes, from the four arrays of ``linhas(_:destino:arquivo:)``.
    static let sqlInserir = """
                WITH m AS (
                    INSERT INTO faturamento.mov_conta_prefaturada
                        (imov_id, medt_id, mcpf_ammovimento, rota_id, ftgr_id, cnta_id, mcpf_nnleiturahidrometro, ltan_id, mcpf_tmleitura,
                         mcpf_icsituacaoleitura, mcpf_nnleiturafaturamento, mcpf_nnconsumomedido, mcpf_nnconsumocobrado,
                         mcpf_nnconsumorateioagua, mcpf_nnconsumorateioesgoto, cstp_id, csan_id, mcpf_icemissaoconta, mcpf_icgeracaoconta,
                         ltan_idleitanormfatmt, cbdo_id, mcpf_nnleituraanterior, mcpf_nnvezesimpressa, mcpf_vlagua, mcpf_vlesgoto,
                         mcpf_vldebito, mcpf_vlcredito, mcpf_vlimposto, mcpf_nncoordenadax, mcpf_nncoordenaday, mcpf_nnmesmotivorevisao, leit_id)
                    SELECT imov, medt, ref, rota, grupo, conta, leitura, ltan, tm::timestamp, sit, leitfat, medido, cobrado, rateioa, rateioe,
                           cstp, csan, emissao, geracao, ltanfat, cbdo, anterior, vezes, agua::numeric, esgoto::numeric, debito::numeric,
                           credito::numeric, imposto::numeric, x, y, revisao, leit
                    FROM jsonb_to_recordset($1::jsonb) AS x(imov int, medt int, ref int, rota int, grupo int, conta bigint, leitura int,
                        ltan int, tm text, sit int, leitfat int, medido int, cobrado int, rateioa int, rateioe int, cstp int, csan int,
                        emissao int, geracao int, ltanfat int, cbdo bigint, anterior int, vezes int, agua text, esgoto text, debito text,
                        credito text, imposto text, x text, y text, revisao int, leit int)
                    RETURNING mcpf_id, imov_id, medt_id
                ), primeiro AS (
                    SELECT DISTINCT ON (imov_id) imov_id, mcpf_id FROM m ORDER BY imov_id, medt_id
                ), c AS (
                    INSERT INTO faturamento.mov_conta_prefat_catg
                        (mcpf_id, mcpc_nnordem, catg_id, scat_id, mcpc_vlagua, mcpc_nnconsumoagua, mcpc_vltarifaminimaagua,
                         mcpc_nnconsumominimoagua, mcpc_vlesgoto, mcpc_nnconsumoesgoto, mcpc_vltarifaminimaesgoto, mcpc_nnconsumominimoesgoto)
                    SELECT p.mcpf_id, y.ordem, y.catg, y.scat, y.va::numeric, y.ca, y.tma::numeric, y.cma, y.ve::numeric, y.ce,
                           y.tme::numeric, y.cme
                    FROM jsonb_to_recordset($2::jsonb) AS y(imov int, ordem int, catg int, scat int, va text, ca int, tma text, cma int,
                        ve text, ce int, tme text, cme int)
                    JOIN primeiro p ON p.imov_id = y.imov
                    RETURNING mcpc_id, mcpf_id, mcpc_nnordem
                ), f AS (
                    INSERT INTO faturamento.mov_conta_catg_cons_fx
                        (mcpc_id, mccc_nnordem, mccc_nnconsumoaguafaixa, mccc_vlaguafaixa, mccc_nnlimiteinicial, mccc_nnlimitefinal,
                         mccc_vltarifafaixa, mccc_vltarifaesgotofaixa, mccc_nnconsumoesgotofaixa, mccc_vlesgotofaixa)
                    SELECT c.mcpc_id, z.ordem, z.ca, z.va::numeric, z.li, z.lf, z.ta::numeric, z.te::numeric, z.ce, z.ve::numeric
                    FROM jsonb_to_recordset($3::jsonb) AS z(imov int, cat int, ordem int, ca int, va text, li int, lf int, ta text,
                        te text, ce int, ve text)
                    JOIN primeiro p ON p.imov_id = z.imov
                    JOIN c ON c.mcpf_id = p.mcpf_id AND c.mcpc_nnordem = z.cat
                    RETURNING 1
                )
                INSERT INTO faturamento.mov_conta_imposto_dedz (mcpf_id, mcir_nnordem, imtp_id, mcir_dsimposto, mcir_pcaliquota, mcir_vlimposto)
                SELECT p.mcpf_id, w.ordem, w.tipo, w.descr, w.aliq::numeric, w.valor::numeric
                FROM jsonb_to_recordset($4::jsonb) AS w(imov int, ordem int, tipo int, descr text, aliq text, valor text)
                JOIN primeiro p ON p.imov_id = w.imov
                """

    /// Replaces the rows of `imoveis` (all of destination `d`) with what they sent now.
    static func gravar(_ imoveis: [ImovelRetorno], destino d: Destino, arquivo: Arquivo, db: PostgresConnection) throws {
        try db.executePrepared(sql: sqlApagar, [PostgresArray(imoveis.map(\.matricula)), d.referencia])
        try db.executePrepared(sql: sqlInserir, linhas(imoveis, destino: d, arquivo: arquivo))
    }

    /// The key of a rota's batch lock (`pg_advisory_xact_lock*(campo, rota)`): uploads take it
    /// shared once their rows are written, the batch job exclusively at its end.
    static let chaveTrava = "hashtext('campo.rota')"

    /// Marks the rota's batch pending; when it was not, enqueues the batch's processing job in
    /// this same transaction (the outbox relays it after the commit).
    ///
    /// No upload waits for a batch being processed: the upload holds the batch's advisory lock
    /// shared (taken after its rows are written, so it waits on nothing the job holds) until it
    /// commits, and the job, before it closes the batch, takes that lock exclusively and looks
    /// again for rows it did not see (then it opens the next batch itself). So a pending batch
    /// whose job is running is one this upload may leave alone: either the job sees this
    /// upload's rows, or it waits for this commit and sees them then. `travaTomada`: the lock
    /// was taken already (with the re-read requests).
    static func marcarPendente(_ d: Destino, travaTomada: Bool, db: PostgresConnection) throws {
        if !travaTomada {
            try db.executePrepared(sql: "SELECT pg_advisory_xact_lock_shared(\(chaveTrava), $1::int)", [d.rota])
        }
        // A new statement (a new snapshot, after the lock): the batch as the last job left it.
        let lote = try db.queryPrepared(sqlPendente, [d.rota, d.referencia]).first?.decode(Int.self, at: 0)
        try enfileirar(lote, d, db: db)
    }

    /// The batch's number when this statement turned it pending (it was not), else no row.
    static let sqlPendente = sqlMarca("SELECT rtpr_nnlote FROM novo UNION ALL SELECT rtpr_nnlote FROM virou")

    /// The batch marked pending if it was not (inserted, or turned), then `fim` over the
    /// batch numbers that changed (`novo`, `virou`).
    static func sqlMarca(_ fim: String) -> String {
        """
        WITH novo AS (
            INSERT INTO micromedicao.retorno_processamento (rota_id, rtpr_amreferencia, rtpr_icpendente) VALUES ($1, $2, true)
            ON CONFLICT (rota_id, rtpr_amreferencia) DO NOTHING RETURNING rtpr_nnlote
        ), virou AS (
            UPDATE micromedicao.retorno_processamento SET rtpr_icpendente = true
            WHERE rota_id = $1 AND rtpr_amreferencia = $2 AND NOT rtpr_icpendente RETURNING rtpr_nnlote
        )
        \(fim)
        """
    }

    /// The batch's processing job, in the caller's transaction (the outbox relays it after the
    /// commit), when ``sqlPendente`` turned it pending.
    static func enfileirar(_ lote: Int?, _ d: Destino, db: PostgresConnection) throws {
        guard let lote else { return }
        let pedido = LoteRetorno(rota: d.rota, referencia: d.referencia, lote: lote)
        _ = try Outbox.enqueue(try JobSpec(id: pedido.idJob, kind: CampoJobs.processarRota, payload: pedido), on: db)
    }

    private struct Releida: Encodable { var imov: Int, leitura: Int?, anterior: Int? }

    private static func releidas(_ imoveis: [ImovelRetorno]) -> [Releida] {
        imoveis.map { Releida(imov: $0.matricula, leitura: $0.principal.leitura, anterior: $0.principal.leituraAnterior) }
    }

    /// Re-read requests (§3.4 step 5), in one statement that also takes the batch's lock shared
    /// (see ``marcarPendente(_:travaTomada:db:)``): imóveis of this upload that had been asked
    /// for are marked re-read with their new reading; the rota's requests not yet told to the
    /// phone are returned (second column) and marked told.
    static let sqlReleituras = """
            WITH trava AS (
                SELECT pg_advisory_xact_lock_shared(\(chaveTrava), $1::int)
            ), releu AS (
                UPDATE micromedicao.releitura_mobile r SET remo_icreleitura = 1, remo_tmreleitura = now(),
                    remo_nnleitura = x.leitura, remo_nnleituraanterior = x.anterior
                FROM jsonb_to_recordset($3::jsonb) AS x(imov int, leitura int, anterior int)
                WHERE r.imov_id = x.imov AND r.remo_amreferencia = $2 AND r.remo_icmsgrecebida = 1 AND r.remo_icreleitura = 2
                RETURNING 1
            ), pedidos AS (
                UPDATE micromedicao.releitura_mobile SET remo_icmsgrecebida = 1, remo_tmmsgrecebida = now()
                WHERE rota_id = $1 AND remo_amreferencia = $2 AND remo_icmsgrecebida = 2 AND remo_icreleitura = 2
                RETURNING imov_id
            )
            SELECT (SELECT count(*) FROM trava) + (SELECT count(*) FROM releu) * 0,
                   coalesce((SELECT string_agg(imov_id::text, ',') FROM pedidos), '')
            """

    /// The shared batch lock alone, for an upload with no re-read request to answer.
    static let sqlTrava = "SELECT pg_advisory_xact_lock_shared(\(chaveTrava), $1::int)"

    /// ``sqlPendente`` for an upload that read its batch as pending and sends its COMMIT right
    /// after: leaving a pending batch alone is safe (see ``marcarPendente(_:travaTomada:db:)``),
    /// but a batch closed since that read would be reopened here without its job, so then the
    /// statement fails (SQLSTATE ``loteFechado``, nothing stored) and the upload is done again.
    static let sqlAindaPendente = sqlMarca(
        "SELECT micromedicao.campo_lote_reaberto($1::int) FROM (SELECT rtpr_nnlote FROM novo UNION ALL SELECT rtpr_nnlote FROM virou) x")

    /// The SQLSTATE of ``sqlAindaPendente`` when the batch had been closed (migration 0032).
    static let loteFechado = "GSC01"

    /// Packet 1 (§3.4 step 3 and 5): replaces the imóveis' rows, answers the rota's re-read
    /// requests and marks the batch pending (enqueueing its job when it was not), in the
    /// caller's transaction — the same statements, in the same order, as ``gravar``,
    /// ``releituras`` and ``marcarPendente`` (so each still runs on its own snapshot, the batch
    /// mark after the lock), but sent in one round trip (libpq pipeline) instead of four.
    /// `releituras` false (the read found no request for the rota or these imóveis): only the
    /// batch's lock is taken. `confirmar` (the read found the batch pending): the COMMIT goes
    /// in the same round trip, behind ``sqlAindaPendente``.
    static func gravarEnvio(
        _ imoveis: [ImovelRetorno], destino d: Destino, arquivo: Arquivo, releituras: Bool, confirmar: Bool, db: PostgresConnection
    ) throws -> [Int] {
        var comandos: [PostgresConnection.PipelineStatement] = []
        if !imoveis.isEmpty {
            for m in Set(imoveis.map(\.matricula)).sorted() { comandos.append(.init(sqlApagarImovel, [m, d.referencia])) }
            comandos.append(.init(sqlInserir, linhas(imoveis, destino: d, arquivo: arquivo)))
        }
        let k = comandos.count
        comandos.append(releituras ? .init(sqlReleituras, [d.rota, d.referencia, PostgresJSON(releidas(imoveis))]) : .init(sqlTrava, [d.rota]))
        let marca = imoveis.isEmpty ? nil : comandos.count
        if marca != nil { comandos.append(.init(confirmar ? sqlAindaPendente : sqlPendente, [d.rota, d.referencia])) }
        if confirmar { comandos.append(PostgresConnection.commit) }
        comandos[comandos.count - 1].sync = true
        var resultados: [PostgresRows] = []
        for resultado in try db.pipeline(comandos) {
            switch resultado {
            case .success(let rows): resultados.append(rows)
            case .failure(let erro): throw erro  // the first failure; the rest were skipped
            }
        }
        guard resultados.count == comandos.count else {
            throw ErroPipeline(description: "o banco não devolveu o resultado de cada comando do envio")
        }
        var pedidos = ""
        if releituras {
            guard let texto = try resultados[k].first?.decode(String.self, at: 1) else {
                throw ErroPipeline(description: "o banco não devolveu o resultado das releituras do envio")
            }
            pedidos = texto
        }
        if confirmar {
            guard resultados[comandos.count - 1].commandTag == "COMMIT" else {
                throw ErroPipeline(description: "o envio não foi confirmado pelo banco")
            }
        } else if let marca {
            try enfileirar(try resultados[marca].first?.decode(Int.self, at: 0), d, db: db)
        }
        return pedidos.split(separator: ",").compactMap { Int($0) }.sorted()
    }
}

/// A pipeline that came back without the result a statement always has (never expected).
struct ErroPipeline: Error, CustomStringConvertible {
    var description: String
}
