import GSANDatabase
import GSANModel
import JusCompesaRegras
import Logging
import Postgres

/// Applies the decisions on a batch of reported entries (each imóvel at most once in the
/// batch) and records one result per entry, set-based, in the caller's transaction: effects,
/// `imovel_informado_resultado` and `jcii_tmprocessamento` commit together or not at all.
struct GravacaoInformados {
    let logger: Logger
    /// The reference a withdrawal is recorded at (`cbsh_amcobrancaretirada`): the one whose
    /// close is about to run.
    let referencia: Int
    /// The close's processing date (implantação, retirada, revisão); nil: the real date.
    let hoje: CivilDate?

    struct Totais: Sendable, Equatable {
        var incluidos = 0
        var excluidos = 0
        var rejeitadas = 0
        var contasPostasEmRevisao = 0
        var contasRetiradasDeRevisao = 0
    }

    private struct Resultado: Encodable {
        var id: Int64
        var resultado: Int
        var motivo: String?
        var inicial: Int?
        var final: Int?
        var contas: Int
    }

    private struct Inclusao: Encodable {
        var imovel: Int
        var inicial: Int
        var final: Int
        var processo: String?
    }

    func gravar(_ decisoes: [(EntradaInformada, DecisaoInformado)], db: PostgresConnection) throws -> Totais {
        var totais = Totais()
        let inclusoes = decisoes.compactMap { entrada, decisao -> (EntradaInformada, PeriodoReferencias, [Int64])? in
            guard case .incluir(let periodo, let contas) = decisao else { return nil }
            return (entrada, periodo, contas)
        }
        let exclusoes = decisoes.compactMap { entrada, decisao in decisao == .excluir ? entrada.imovel : nil }
        if !inclusoes.isEmpty {
            totais.contasPostasEmRevisao = try incluir(inclusoes, db: db)
        }
        var retiradas: [Int: (contas: Int, periodo: PeriodoReferencias?)] = [:]
        if !exclusoes.isEmpty {
            retiradas = try excluir(exclusoes, db: db)
            totais.contasRetiradasDeRevisao = retiradas.values.reduce(0) { $0 + $1.contas }
        }

        var resultados: [Resultado] = []
        resultados.reserveCapacity(decisoes.count)
        for (entrada, decisao) in decisoes {
            switch decisao {
            case .incluir(let periodo, let contas):
                totais.incluidos += 1
                resultados.append(
                    Resultado(id: entrada.id, resultado: 1, inicial: periodo.inicial, final: periodo.final, contas: contas.count))
            case .excluir:
                totais.excluidos += 1
                let retirada = retiradas[entrada.imovel]
                resultados.append(
                    Resultado(
                        id: entrada.id, resultado: 1, inicial: retirada?.periodo?.inicial, final: retirada?.periodo?.final,
                        contas: retirada?.contas ?? 0))
            case .rejeitar(let motivo):
                totais.rejeitadas += 1
                logger.notice(
                    "entrada do JusCompesa rejeitada",
                    metadata: [
                        "jcii_id": "\(entrada.id)", "imovel": "\(entrada.imovel)", "operacao": "\(entrada.operacao.rawValue)",
                        "motivo": "\(motivo)",
                    ])
                resultados.append(Resultado(id: entrada.id, resultado: 2, motivo: motivo.description, contas: 0))
            }
        }
        try db.execute(
            """
            INSERT INTO juscompesa.imovel_informado_resultado
                (jcii_id, jcir_cdresultado, jcir_dsmotivo, jcir_amreferenciainicial, jcir_amreferenciafinal,
                 jcir_qtcontasrevisao, jcir_tmprocessamento)
            SELECT r.id, r.resultado, r.motivo, r.inicial, r.final, r.contas, now()
            FROM jsonb_to_recordset($1::jsonb) AS r (id bigint, resultado smallint, motivo text, inicial int, final int, contas int)
            """, [PostgresJSON(resultados)])
        try db.execute(
            "UPDATE juscompesa.imovel_informado SET jcii_tmprocessamento = now() WHERE jcii_id = ANY($1::bigint[])",
            [PostgresArray(decisoes.map(\.0.id))])
        return totais
    }

    /// Situação de cobrança 5, situação especial "paralisar ações" with motivo 4 over the debt
    /// period (with the process number), parcelamento bloqueado, and the open bills under
    /// review with motivo 6. Returns how many bills went under review.
    private func incluir(_ inclusoes: [(EntradaInformada, PeriodoReferencias, [Int64])], db: PostgresConnection) throws -> Int {
        let imoveis = PostgresArray(inclusoes.map(\.0.imovel))
        try db.execute(
            """
            UPDATE cadastro.imovel SET cbst_id = 5, cbsp_id = 1, imov_icparcelamentobloqueado = 1
            WHERE imov_id = ANY($1::int[])
            """, [imoveis])
        try db.execute(
            """
            INSERT INTO cadastro.imovel_cobranca_situacao (imov_id, cbst_id, iscb_dtimplantacaocobranca)
            SELECT imovel, 5, coalesce($2::date, \(CivilDate.hojeSQL)) FROM unnest($1::int[]) AS imovel
            """, [imoveis, hoje])
        let linhas = inclusoes.map { Inclusao(imovel: $0.0.imovel, inicial: $0.1.inicial, final: $0.1.final, processo: $0.0.processo) }
        try db.execute(
            """
            INSERT INTO cobranca.cobranca_situacao_hist
                (imov_id, cbsp_id, cbsm_id, cbsh_amcobrancasituacaoinicio, cbsh_amcobrancasituacaofim, cbsh_tminforma,
                 cbsh_dsobservacaoinforma, cbsh_nnprocessojudicial)
            SELECT x.imovel, 1, 4, x.inicial, x.final, now(), 'INCLUIDO PELO JUSCOMPESA', x.processo
            FROM jsonb_to_recordset($1::jsonb) AS x (imovel int, inicial int, final int, processo text)
            """, [PostgresJSON(linhas)])
        return try RevisaoJudicial.colocar(contas: inclusoes.flatMap(\.2), hoje: hoje, db: db)
    }

    /// The withdrawal: situations closed, parcelamento unblocked, the bills of motivo 6 out of
    /// review. Returns, per imóvel, how many bills left review and the period withdrawn.
    private func excluir(_ imoveis: [Int], db: PostgresConnection) throws -> [Int: (contas: Int, periodo: PeriodoReferencias?)] {
        let lista = PostgresArray(imoveis)
        var result: [Int: (contas: Int, periodo: PeriodoReferencias?)] = [:]
        for imovel in imoveis { result[imovel] = (0, nil) }
        let periodos = try db.query(
            """
            UPDATE cobranca.cobranca_situacao_hist
            SET cbsh_amcobrancaretirada = $2, cbsh_tmretira = now(), cbsh_dsobservacaoretira = 'RETIRADO PELO JUSCOMPESA'
            WHERE imov_id = ANY($1::int[]) AND cbsp_id = 1 AND cbsm_id = 4 AND cbsh_amcobrancaretirada IS NULL
            RETURNING imov_id, cbsh_amcobrancasituacaoinicio::int, cbsh_amcobrancasituacaofim::int
            """, [lista, referencia])
        for row in periodos {
            let (imovel, inicial, final) = try row.decode((Int, Int, Int).self)
            result[imovel]?.periodo = PeriodoReferencias(inicial: inicial, final: final)
        }
        try db.execute(
            """
            UPDATE cadastro.imovel_cobranca_situacao SET iscb_dtretiradacobranca = greatest(coalesce($2::date, \(CivilDate.hojeSQL)), iscb_dtimplantacaocobranca)
            WHERE imov_id = ANY($1::int[]) AND cbst_id = 5 AND iscb_dtretiradacobranca IS NULL
            """, [lista, hoje])
        try db.execute(
            """
            UPDATE cadastro.imovel
            SET cbst_id = CASE WHEN cbst_id = 5 THEN NULL ELSE cbst_id END, cbsp_id = NULL, imov_icparcelamentobloqueado = 2
            WHERE imov_id = ANY($1::int[])
            """, [lista])
        for (imovel, contas) in try RevisaoJudicial.retirar(imoveis: imoveis, db: db) { result[imovel]?.contas = contas }
        return result
    }
}
