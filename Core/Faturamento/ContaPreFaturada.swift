import FaturamentoRegras
import GSANCobranca
import GSANDatabase
import GSANModel
import Postgres

/// How the billed consumption was obtained (`micromedicao.consumo_tipo`).
public enum TipoConsumo: Int, Sendable {
    case real = 1
    case mediaDoImovel = 4
    case consumoMinimo = 5
}

/// A pre-billed conta with what billing it needs.
struct ContaPreFaturada: Sendable {
    var id: Int64
    var imovel: Int
    var tarifa: Int
    var percentualEsgotoCentesimos: Int
    var consumo: Int
    var tipoConsumo: TipoConsumo
    /// The imóvel's average, carried to the consumption history.
    var media: Int?
    var economias: [LinhaEconomias]

    /// The group's PRÉ-FATURADA contas of the reference, in id order.
    static func carregar(grupo: Int, referencia: Referencia, db: PostgresConnection) throws -> [ContaPreFaturada] {
        let rows = try db.query(
            """
            SELECT c.cnta_id, c.imov_id, c.cstf_id::int, (c.cnta_pcesgoto * 100)::int, h.cshi_nnconsumofaturadomes, m.media,
                   string_agg(cc.catg_id || ':' || cc.scat_id || ':' || cc.ctcg_qteconomia, ',' ORDER BY cc.scat_id)
            FROM faturamento.conta c
            LEFT JOIN faturamento.conta_categoria cc ON cc.cnta_id = c.cnta_id
            LEFT JOIN micromedicao.consumo_historico h
                ON h.imov_id = c.imov_id AND h.lgti_id = 1 AND h.cshi_amfaturamento = c.cnta_amreferenciaconta
            LEFT JOIN LATERAL (
                SELECT cshi_nnconsumomedio AS media FROM micromedicao.consumo_historico
                WHERE imov_id = c.imov_id AND lgti_id = 1 AND cshi_amfaturamento < c.cnta_amreferenciaconta
                ORDER BY cshi_amfaturamento DESC LIMIT 1
            ) m ON true
            WHERE c.ftgr_id = $1 AND c.cnta_amreferenciaconta = $2 AND c.dcst_idatual = 9
            GROUP BY c.cnta_id, c.imov_id, h.cshi_nnconsumofaturadomes, m.media
            ORDER BY c.cnta_id
            """, [grupo, referencia.amReferencia])
        return try rows.map { row in
            let (id, imovel, tarifa, esgoto, lido, media, economias) = try row.decode(
                (Int64, Int, Int, Int, Int?, Int?, String?).self)
            let tipo: TipoConsumo = lido != nil ? .real : media != nil ? .mediaDoImovel : .consumoMinimo
            return ContaPreFaturada(
                id: id, imovel: imovel, tarifa: tarifa, percentualEsgotoCentesimos: esgoto, consumo: lido ?? media ?? 0,
                tipoConsumo: tipo, media: media, economias: try parse(economias ?? "", conta: id))
        }
    }

    private static func parse(_ texto: String, conta: Int64) throws -> [LinhaEconomias] {
        try texto.split(separator: ",").map { item in
            let partes = item.split(separator: ":").compactMap { Int($0) }
            guard partes.count == 3 else { throw CalculoConta.Erro.semEconomias }
            return LinhaEconomias(categoria: partes[0], subcategoria: partes[1], quantidade: partes[2])
        }
    }
}

/// The tariffs in force on a date, by tariff and category: the rows of the whole categoria of
/// the one definition (``TarifasVigentes``), which the route files use too.
public enum Tarifas {
    public static func vigentes(em data: CivilDate, db: PostgresConnection) throws -> [Int: [Int: TarifaCategoria]] {
        var resultado: [Int: [Int: TarifaCategoria]] = [:]
        for linha in try TarifasVigentes.carregar(em: data, db: db) where linha.subcategoria == nil {
            resultado[linha.tarifa, default: [:]][linha.categoria] = TarifaCategoria(
                consumoMinimo: linha.consumoMinimo, tarifaMinima: linha.tarifaMinima,
                faixas: linha.faixas.map { TarifaCategoria.Faixa(inicio: $0.inicio, fim: $0.fim, valorM3: $0.valorM3) })
        }
        return resultado
    }
}

/// The group's billing calendar (`faturamento_grupo_cron_mensal`, `fatur_ativ_cronograma`)
/// around a close: FATURAR GRUPO of the closed reference is realized now, and the next
/// reference's calendar is created with PRÉ-FATURAR realized and the rest planned from the
/// group's days.
enum CalendarioFaturamento {
    static func registrar(grupo: GrupoFaturamento, encerrada: Referencia, hoje: CivilDate?, db: PostgresConnection) throws {
        try db.execute(
            """
            UPDATE faturamento.fatur_ativ_cronograma a
            SET ftac_tmcomando = coalesce(a.ftac_tmcomando, now()), ftac_tmrealizacao = now()
            FROM faturamento.faturamento_grupo_cron_mensal m
            WHERE a.ftcm_id = m.ftcm_id AND m.ftgr_id = $1 AND m.ftcm_amreferencia = $2 AND a.ftat_id = 5
              AND a.ftac_tmrealizacao IS NULL
            """, [grupo.id, encerrada.amReferencia])
        let proxima = encerrada.seguinte
        let leitura = CivilDate(year: proxima.ano, month: proxima.mes, day: grupo.diaLeitura)!
        try db.execute(
            """
            WITH mes AS (
                INSERT INTO faturamento.faturamento_grupo_cron_mensal (ftgr_id, ftcm_amreferencia) VALUES ($1, $2)
                ON CONFLICT (ftgr_id, ftcm_amreferencia) DO UPDATE SET ftcm_nnversao = faturamento_grupo_cron_mensal.ftcm_nnversao + 1
                RETURNING ftcm_id
            )
            INSERT INTO faturamento.fatur_ativ_cronograma (ftcm_id, ftat_id, ftac_dtprevista, ftac_tmcomando, ftac_tmrealizacao)
            SELECT mes.ftcm_id, a.ftat_id, a.prevista, a.comando, a.realizacao
            FROM mes, (VALUES
                (0::smallint, coalesce($5::date, \(CivilDate.hojeSQL)), now(), now()),
                (1::smallint, $3::date - 1, NULL::timestamptz, NULL::timestamptz),
                (2::smallint, $3::date, NULL, NULL),
                (5::smallint, $3::date + 1, NULL, NULL),
                (6::smallint, $4::date, NULL, NULL)
            ) AS a (ftat_id, prevista, comando, realizacao)
            ON CONFLICT (ftcm_id, ftat_id) DO NOTHING
            """,
            [grupo.id, proxima.amReferencia, leitura, grupo.dataEncerramento(proxima), hoje])
    }
}
