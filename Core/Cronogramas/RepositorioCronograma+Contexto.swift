import GSANCobranca
import GSANModel
import Postgres

/// What the validation needs from the rest of the database (`ContextoValidacao`).
extension RepositorioCronograma {
    public func contexto(grupo: GrupoCobranca, hoje: CivilDate, catalogo: CatalogoCobranca) throws -> ContextoValidacao
    {
        ContextoValidacao(
            hoje: hoje, catalogo: catalogo.acoesDoCronograma, rotasSemCriterio: try rotasSemCriterio(grupo: grupo),
            ultimoFaturamento: try ultimoFaturamento(grupo: grupo))
    }

    /// Seed 003 "Verifica existência critério para o conjunto rotas": for each action that may
    /// compose a schedule, the group's rotas in use with no `rota_acao_criterio` row for it.
    public func rotasSemCriterio(grupo: GrupoCobranca) throws -> [Int: Set<Int>] {
        var faltas: [Int: Set<Int>] = [:]
        for row in try db.query(
            """
            SELECT a.cbac_id, r.rota_id
            FROM micromedicao.rota r CROSS JOIN cobranca.cobranca_acao a
            WHERE r.cbgr_id = $1 AND r.rota_icuso = 1 AND a.cbac_iccompoecronograma = 1
              AND NOT EXISTS (SELECT 1 FROM cobranca.rota_acao_criterio c
                              WHERE c.rota_id = r.rota_id AND c.cbac_id = a.cbac_id)
            """, [grupo.id])
        {
            let (acao, rota) = try row.decode((Int, Int).self)
            faltas[acao, default: []].insert(rota)
        }
        return faltas
    }

    /// Seed 003 "Verifica ação sem predecessora": the billing group "correspondente ao grupo de
    /// cobrança". Reading: a rota belongs to one billing and one collection group, so the billing
    /// group is the one of the collection group's rotas (in use); when they split among several,
    /// the one with most rotas (then the lowest id). Its cycle is `ftgr_amreferencia`; nil when
    /// the group has no rota.
    public func ultimoFaturamento(grupo: GrupoCobranca) throws -> UltimoFaturamento? {
        guard
            let row = try db.query(
                """
                SELECT f.ftgr_amreferencia, f.ftgr_nndiavencimento, f.ftgr_icvencimentomesfaturamento = 1
                FROM micromedicao.rota r JOIN faturamento.faturamento_grupo f ON f.ftgr_id = r.ftgr_id
                WHERE r.cbgr_id = $1 AND r.rota_icuso = 1
                GROUP BY f.ftgr_id
                ORDER BY count(*) DESC, f.ftgr_id
                LIMIT 1
                """, [grupo.id]
            ).first
        else { return nil }
        let (am, dia, venceNoMes) = try row.decode((Int, Int, Bool).self)
        guard let referencia = Referencia(amReferencia: am) else { return nil }
        let dias =
            try db.query("SELECT parm_nndiasvencimentocobranca FROM cadastro.sistema_parametros").first
            .map { try $0.decode(Int.self, at: 0) } ?? 0
        return UltimoFaturamento(
            referencia: referencia,
            vencimento: VencimentoFaturamento.vencimento(referencia: referencia, dia: dia, venceNoMes: venceNoMes),
            diasParaConsiderarDebito: dias)
    }
}

/// The due date of a billing cycle's bills (pure).
public enum VencimentoFaturamento {
    /// Day `dia` (`ftgr_nndiavencimento`, 1…28) of the reference's month when the bills fall due
    /// in it (`ftgr_icvencimentomesfaturamento = 1`), else of the next month.
    public static func vencimento(referencia: Referencia, dia: Int, venceNoMes: Bool) -> CivilDate {
        let (ano, mes) =
            venceNoMes
            ? (referencia.ano, referencia.mes)
            : (referencia.mes == 12 ? (referencia.ano + 1, 1) : (referencia.ano, referencia.mes + 1))
        let ultimo = CivilDate.daysInMonth(year: ano, month: mes)
        return CivilDate(year: ano, month: mes, day: min(max(dia, 1), ultimo))!
    }
}
