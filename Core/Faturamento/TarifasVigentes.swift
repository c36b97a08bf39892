import GSANDatabase
import GSANModel
import Postgres

/// One row of the tariff in force: a tarifa's values for a categoria (or one of its
/// subcategorias), with its consumption ranges.
public struct TarifaVigente: Sendable, Hashable {
    public struct Faixa: Sendable, Hashable {
        public var inicio: Int
        public var fim: Int
        public var valorM3: Centavos
    }

    public var tarifa: Int
    /// `cstf_icuso = 1`: the route file lists only tarifas in use (record 09).
    public var emUso: Bool
    public var vigencia: CivilDate
    public var categoria: Int
    /// Código da subcategoria; nil for the row of the whole categoria.
    public var subcategoria: Int?
    public var consumoMinimo: Int
    public var tarifaMinima: Centavos
    public var faixas: [Faixa]
}

/// The tariff in force on a date, defined once for the close and the route files (GSAN-FACTS
/// §2.4 record 09, CALCULO_POR_REFERENCIA: "the latest vigência ≤ 1st day of the reference
/// month"): for each tarifa, its latest vigência up to `data`, and every row of that vigência
/// (categorias and subcategorias) with its ranges. A categoria missing from that vigência has no
/// tariff (an older vigência's values do not fill it in).
public enum TarifasVigentes {
    public static func carregar(em data: CivilDate, db: PostgresConnection) throws -> [TarifaVigente] {
        var linhas: [TarifaVigente] = []
        var porId: [Int: Int] = [:]
        for row in try db.query(
            """
            SELECT c.cstc_id, v.cstf_id, t.cstf_icuso, v.cstv_dtvigencia, c.catg_id, s.scat_cdsubcategoria,
                   c.cstc_nnconsumominimo, c.cstc_vltarifaminima
            FROM faturamento.consumo_tarifa t
            JOIN LATERAL (SELECT * FROM faturamento.consumo_tarifa_vigencia v WHERE v.cstf_id = t.cstf_id AND v.cstv_dtvigencia <= $1
                          ORDER BY v.cstv_dtvigencia DESC LIMIT 1) v ON true
            JOIN faturamento.consumo_tarifa_categoria c ON c.cstv_id = v.cstv_id
            LEFT JOIN cadastro.subcategoria s ON s.scat_id = c.scat_id
            ORDER BY v.cstf_id, c.catg_id, s.scat_cdsubcategoria NULLS FIRST
            """, [data])
        {
            porId[try row.decode(Int.self, at: 0)] = linhas.count
            linhas.append(
                TarifaVigente(
                    tarifa: try row.decode(Int.self, at: 1), emUso: try row.decode(Int.self, at: 2) == 1,
                    vigencia: try row.decode(CivilDate.self, at: 3), categoria: try row.decode(Int.self, at: 4),
                    subcategoria: try row.decode(Int?.self, at: 5), consumoMinimo: try row.decode(Int.self, at: 6),
                    tarifaMinima: try row.decode(Centavos.self, at: 7), faixas: []))
        }
        for row in try db.query(
            """
            SELECT cstc_id, ctfx_nnconsumofaixainicio, ctfx_nnconsumofaixafim, ctfx_vlconsumotarifa
            FROM faturamento.consumo_tarifa_faixa WHERE cstc_id = ANY($1::int[]) ORDER BY cstc_id, ctfx_nnconsumofaixainicio
            """, [PostgresArray(porId.keys.sorted())])
        {
            guard let indice = porId[try row.decode(Int.self, at: 0)] else { continue }
            linhas[indice].faixas.append(
                TarifaVigente.Faixa(
                    inicio: try row.decode(Int.self, at: 1), fim: try row.decode(Int.self, at: 2),
                    valorM3: try row.decode(Centavos.self, at: 3)))
        }
        return linhas
    }
}
