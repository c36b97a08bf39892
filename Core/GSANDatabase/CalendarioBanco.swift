import GSANModel
import Postgres

extension CalendarioUteis {
    /// The utility's business-day calendar from `desde` on (about a year and a month): national
    /// holidays, the state's of the utility (its UF) and the municipal ones of its seat.
    public static func carregar(desde: CivilDate, db: PostgresConnection) throws -> CalendarioUteis {
        let feriados = try db.query(
            """
            SELECT f.data FROM feriado f
            LEFT JOIN cadastro.sistema_parametros p ON true
            LEFT JOIN cadastro.unidade_federacao u ON u.unfe_id = p.unfe_id
            LEFT JOIN cadastro.municipio m ON m.muni_id = p.muni_idsede
            WHERE f.data BETWEEN $1 AND $1::date + 400
              AND (f.abrangencia = 'N' OR (f.abrangencia = 'E' AND f.uf = u.unfe_dsufsigla)
                   OR (f.abrangencia = 'M' AND f.uf = u.unfe_dsufsigla AND upper(f.municipio) = upper(m.muni_nmmunicipio)))
            """, [desde]
        ).map { try $0.decode(CivilDate.self, at: 0) }
        return CalendarioUteis(feriados: Set(feriados))
    }
}
