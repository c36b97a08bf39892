import GSANCobranca
import GSANModel
import Postgres

/// The post-close step's reads and writes.
extension PosFechamento {
    /// The utility's acréscimos por impontualidade (migration 0012).
    public static func parametros(db: PostgresConnection) throws -> ParametrosAcrescimos {
        let row = try db.query(
            """
            SELECT (parm_pcmultaimpontualidade * 100)::int, (parm_pcjurosmoramensal * 100)::int,
                   (parm_pcatualizacaomonetariamensal * 100)::int
            FROM cadastro.sistema_parametros
            """
        ).first
        guard let row else { throw ErroJusCompesa.parametrosAusentes }
        let (multa, juros, atualizacao) = try row.decode((Int, Int, Int).self)
        return ParametrosAcrescimos(multa: multa, jurosMensais: juros, atualizacaoMensal: atualizacao)
    }

    /// The localidade's imóveis in judicial collection with their situação especial in force.
    static func imoveisJudiciais(localidade: Int, db: PostgresConnection) throws -> [ImovelJudicial] {
        try db.query(
            """
            SELECT m.imov_id, h.cbsh_amcobrancasituacaoinicio::int, h.cbsh_amcobrancasituacaofim::int, h.cbsh_nnprocessojudicial
            FROM cadastro.imovel m
            LEFT JOIN cobranca.cobranca_situacao_hist h
                   ON h.imov_id = m.imov_id AND h.cbsp_id = 1 AND h.cbsm_id = 4 AND h.cbsh_amcobrancaretirada IS NULL
            WHERE m.loca_id = $1 AND m.cbst_id = 5
            ORDER BY m.imov_id
            """, [localidade]
        ).map { row in
            let (imovel, inicial, final, processo) = try row.decode((Int, Int?, Int?, String?).self)
            let periodo = inicial.flatMap { i in final.flatMap { PeriodoReferencias(inicial: i, final: $0) } }
            return ImovelJudicial(imovel: imovel, periodo: periodo, processo: processo)
        }
    }

    private struct Periodo: Encodable { var imovel: Int; var inicial: Int; var final: Int }

    /// The situações especiais' new periods (only the ones that change).
    static func estender(_ periodos: [Int: PeriodoReferencias], db: PostgresConnection) throws -> Int {
        guard !periodos.isEmpty else { return 0 }
        let linhas = periodos.sorted { $0.key < $1.key }.map { Periodo(imovel: $0.key, inicial: $0.value.inicial, final: $0.value.final) }
        return try db.execute(
            """
            UPDATE cobranca.cobranca_situacao_hist h
            SET cbsh_amcobrancasituacaoinicio = x.inicial, cbsh_amcobrancasituacaofim = x.final
            FROM jsonb_to_recordset($1::jsonb) AS x (imovel int, inicial int, final int)
            WHERE h.imov_id = x.imovel AND h.cbsp_id = 1 AND h.cbsm_id = 4 AND h.cbsh_amcobrancaretirada IS NULL
            """, [PostgresJSON(linhas)])
    }

    private struct Linha: Encodable {
        var imovel: Int
        var processo: String?
        var contas: Int
        var inicial: Int?
        var final: Int?
        var vlcontas: String
        var vlguias: String
        var vldebitos: String
        var vlacrescimos: String
        var vltotal: String
    }

    /// The localidade's rows of the version, in one statement.
    static func gravar(_ debitos: [DebitoJudicial], remessa: Int, db: PostgresConnection) throws {
        guard !debitos.isEmpty else { return }
        let linhas = debitos.map {
            Linha(
                imovel: $0.imovel, processo: $0.processo, contas: $0.quantidadeContas, inicial: $0.periodo?.inicial,
                final: $0.periodo?.final, vlcontas: $0.contas.decimalText, vlguias: $0.guias.decimalText,
                vldebitos: $0.debitosACobrar.decimalText, vlacrescimos: $0.acrescimos.decimalText, vltotal: $0.total.decimalText)
        }
        try db.execute(
            """
            INSERT INTO juscompesa.debito_imovel
                (jcrd_id, imov_id, jcdi_nnprocessojudicial, jcdi_qtcontas, jcdi_amreferenciainicial, jcdi_amreferenciafinal,
                 jcdi_vlcontas, jcdi_vlguias, jcdi_vldebitosacobrar, jcdi_vlacrescimos, jcdi_vldebito)
            SELECT $2, x.imovel, x.processo, x.contas, x.inicial, x.final, x.vlcontas, x.vlguias, x.vldebitos, x.vlacrescimos,
                   x.vltotal
            FROM jsonb_to_recordset($1::jsonb) AS x (
                imovel int, processo text, contas int, inicial int, final int, vlcontas numeric, vlguias numeric,
                vldebitos numeric, vlacrescimos numeric, vltotal numeric)
            """, [PostgresJSON(linhas), remessa])
    }
}
