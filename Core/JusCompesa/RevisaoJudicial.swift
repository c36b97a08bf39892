import GSANDatabase
import GSANModel
import JusCompesaRegras
import Postgres

/// Bills under review for judicial collection (motivo 6): a bill under review cannot be
/// corrected or cancelled.
enum RevisaoJudicial {
    /// Puts these bills under review on `hoje` (the close's processing date; nil: the real
    /// date), unless already under review (for any motivo).
    static func colocar(contas: [Int64], hoje: CivilDate?, db: PostgresConnection) throws -> Int {
        guard !contas.isEmpty else { return 0 }
        return try db.execute(
            """
            UPDATE faturamento.conta SET cmrv_id = \(TriagemInformado.motivoRevisaoJudicial), cnta_dtrevisao = coalesce($2::date, \(CivilDate.hojeSQL))
            WHERE cnta_id = ANY($1::bigint[]) AND cmrv_id IS NULL
            """, [PostgresArray(contas), hoje])
    }

    /// Takes the imóveis' bills of motivo 6 out of review; how many, per imóvel.
    static func retirar(imoveis: [Int], db: PostgresConnection) throws -> [Int: Int] {
        let rows = try db.query(
            """
            UPDATE faturamento.conta SET cmrv_id = NULL, cnta_dtrevisao = NULL
            WHERE imov_id = ANY($1::int[]) AND dcst_idatual NOT IN (3, 4) AND cmrv_id = \(TriagemInformado.motivoRevisaoJudicial)
            RETURNING imov_id
            """, [PostgresArray(imoveis)])
        var result: [Int: Int] = [:]
        for row in rows { result[try row.decode(Int.self, at: 0), default: 0] += 1 }
        return result
    }
}
