import GSANModel
import Postgres

/// Deterministic numbering of the rows that parallel children write (docs/operacao.md, "Numeração
/// determinística"): the parent job, in its own transaction and in the children's fixed order (rota
/// order), takes from a table's sequence the ids each child will use, and passes them in the
/// child's payload. The ids come from the sequence itself (`nextval`), so they never collide with
/// rows that other paths number from it; a retried child reuses its payload's ids (idempotent).
public enum ReservaIds {
    /// Reserves `quantidades[i]` ids of `tabela.coluna`'s sequence for the i-th child, in order. Reservers of
    /// one sequence take turns (an advisory lock until the caller's commit), so the runs are consecutive
    /// unless another path draws from the sequence at the same moment (then a reservation has more runs).
    public static func reservar(tabela: String, coluna: String, quantidades: [Int], db: PostgresConnection) throws -> [IdsReservados] {
        let total = quantidades.reduce(0) { $0 + max($1, 0) }
        guard total > 0 else { return quantidades.map { _ in .nenhum } }
        let sequencia = "\(tabela).\(coluna)"
        _ = try db.query("SELECT pg_advisory_xact_lock(hashtext('gsan-reserva-ids ' || $1))", [sequencia])
        let faixas = try db.query(
            """
            WITH v AS (SELECT nextval(pg_get_serial_sequence($1, $2)) AS id FROM generate_series(1, $3::int)),
                 g AS (SELECT id, id - row_number() OVER (ORDER BY id) AS grupo FROM v)
            SELECT min(id), count(*)::int FROM g GROUP BY grupo ORDER BY 1
            """, [tabela, coluna, total]
        ).map { IdsReservados.Faixa(inicio: try $0.decode(Int64.self, at: 0), quantidade: try $0.decode(Int.self, at: 1)) }
        return IdsReservados.repartir(faixas, em: quantidades)
    }

    /// The SQL expression of a row's id: the `posicao`-th (from 1) element of the bigint[] parameter
    /// `parametro` (the reserved ids), else the table's sequence.
    public static func expressao(tabela: String, coluna: String, parametro: String, posicao: String) -> String {
        "COALESCE((\(parametro)::bigint[])[\(posicao)], \(proximo(tabela: tabela, coluna: coluna)))"
    }

    /// The SQL expression of the table's sequence's next value (for a row without a reserved id).
    public static func proximo(tabela: String, coluna: String) -> String {
        "nextval(pg_get_serial_sequence('\(tabela)', '\(coluna)'))"
    }
}
