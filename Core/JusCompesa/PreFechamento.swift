import Contratos
import GSANCobranca
import GSANModel
import JusCompesaRegras
import Logging
import Postgres

/// Before the close (seed 000): apply what JusCompesa reported since the last run — every
/// pending row of `juscompesa.imovel_informado`, whatever the imóvel's group — and answer each
/// row in `imovel_informado_resultado`.
///
/// The group-level job calls ``planejar(_:db:)`` (it answers the rows of unknown imóveis,
/// which have no localidade) and enqueues one ``processar(_:db:)`` per localidade with pending
/// rows. Each call runs in its job's transaction.
public struct PreFechamento: Sendable {
    public var logger: Logger

    public init(logger: Logger) { self.logger = logger }

    public struct Plano: Sendable, Equatable {
        /// Rows of imóveis that do not exist, answered (rejected) now.
        public var rejeitadasSemImovel: Int
        /// One job per localidade with pending rows.
        public var partes: [PartePreFechamento]
    }

    public struct Resumo: Codable, Sendable, Equatable {
        public var localidade: Int
        public var incluidos = 0
        public var excluidos = 0
        public var rejeitadas = 0
        public var contasPostasEmRevisao = 0
        public var contasRetiradasDeRevisao = 0

        public init(localidade: Int) { self.localidade = localidade }
    }

    public func planejar(_ alvo: ReferenciaDoGrupo, db: PostgresConnection) throws -> Plano {
        let referencia = alvo.referencia
        // The reference is where a withdrawal is recorded.
        guard Referencia(amReferencia: referencia) != nil else { throw ErroJusCompesa.referenciaInvalida(referencia) }
        let orfas = try Self.entradas(
            """
            WHERE i.jcii_tmprocessamento IS NULL
              AND NOT EXISTS (SELECT 1 FROM cadastro.imovel m WHERE m.imov_id = i.imov_id)
            ORDER BY i.jcii_id
            FOR UPDATE OF i
            """, [], db: db)
        if !orfas.isEmpty {
            let decisoes = orfas.map { ($0, TriagemInformado.decidir($0, situacao: nil)) }
            _ = try GravacaoInformados(logger: logger, referencia: referencia, hoje: alvo.hoje).gravar(decisoes, db: db)
        }
        let partes = try db.query(
            """
            SELECT m.loca_id, string_agg(i.jcii_id::text, ',' ORDER BY i.jcii_id)
            FROM juscompesa.imovel_informado i JOIN cadastro.imovel m ON m.imov_id = i.imov_id
            WHERE i.jcii_tmprocessamento IS NULL
            GROUP BY m.loca_id ORDER BY 1
            """
        ).map { row in
            let (localidade, ids) = try row.decode((Int, String).self)
            return PartePreFechamento(
                grupoFaturamento: alvo.grupoFaturamento, referencia: referencia, localidade: localidade,
                entradas: ids.split(separator: ",").compactMap { Int64($0) }, hoje: alvo.hoje)
        }
        return Plano(rejeitadasSemImovel: orfas.count, partes: partes)
    }

    /// The localidade's pending rows (those still pending of `parte.entradas`). Rows of the same
    /// imóvel are decided in arrival order, one per round, each on the state the previous one left.
    public func processar(_ parte: PartePreFechamento, db: PostgresConnection) throws -> Resumo {
        let localidade = parte.localidade
        try SQLApoio.bloquearLocalidade(localidade, db: db)
        let gravacao = GravacaoInformados(logger: logger, referencia: parte.referencia, hoje: parte.hoje)
        var resumo = Resumo(localidade: localidade)
        let ids = PostgresArray(parte.entradas)
        while true {
            let entradas = try Self.entradas(
                """
                WHERE i.jcii_tmprocessamento IS NULL AND i.jcii_id IN (
                    SELECT DISTINCT ON (p.imov_id) p.jcii_id
                    FROM juscompesa.imovel_informado p
                    WHERE p.jcii_id = ANY($1::bigint[]) AND p.jcii_tmprocessamento IS NULL
                    ORDER BY p.imov_id, p.jcii_id)
                ORDER BY i.jcii_id
                """, [ids], db: db)
            guard !entradas.isEmpty else { break }
            let situacoes = try Self.situacoes(imoveis: entradas.map(\.imovel), db: db)
            let decisoes = entradas.map { ($0, TriagemInformado.decidir($0, situacao: situacoes[$0.imovel])) }
            let totais = try gravacao.gravar(decisoes, db: db)
            resumo.incluidos += totais.incluidos
            resumo.excluidos += totais.excluidos
            resumo.rejeitadas += totais.rejeitadas
            resumo.contasPostasEmRevisao += totais.contasPostasEmRevisao
            resumo.contasRetiradasDeRevisao += totais.contasRetiradasDeRevisao
        }
        logger.info(
            "pedidos do JusCompesa processados",
            metadata: [
                "localidade": "\(localidade)", "incluidos": "\(resumo.incluidos)", "excluidos": "\(resumo.excluidos)",
                "rejeitados": "\(resumo.rejeitadas)", "contas_em_revisao": "\(resumo.contasPostasEmRevisao)",
            ])
        return resumo
    }

    private static func entradas(
        _ filtro: String, _ binds: [(any PostgresEncodable)?], db: PostgresConnection
    ) throws -> [EntradaInformada] {
        try db.query(
            """
            SELECT i.jcii_id, i.imov_id, i.jcii_cdoperacao, i.jcii_nnprocessojudicial,
                   cobranca.processo_judicial_valido(i.jcii_nnprocessojudicial)
            FROM juscompesa.imovel_informado i
            """ + "\n" + filtro, binds
        ).map { row in
            let (id, imovel, codigo, processo, valido) = try row.decode((Int64, Int, String, String?, Bool?).self)
            // The table's CHECK admits only I and E.
            guard let operacao = OperacaoInformada(rawValue: codigo) else {
                throw PostgresDecodingFailure("operação desconhecida em imovel_informado \(id): \(codigo)")
            }
            return EntradaInformada(id: id, imovel: imovel, operacao: operacao, processo: processo, processoValido: valido)
        }
    }

    /// The state the rules need; imóveis that do not exist are absent.
    private static func situacoes(imoveis: [Int], db: PostgresConnection) throws -> [Int: SituacaoImovel] {
        let contas = try CargaDebitos.contas(imoveis: imoveis, db: db)
        let rows = try db.query(
            """
            SELECT m.imov_id, m.imov_icexclusao = 1,
                   coalesce(m.cbst_id = 5, false)
                   OR EXISTS (SELECT 1 FROM cadastro.imovel_cobranca_situacao s
                              WHERE s.imov_id = m.imov_id AND s.cbst_id = 5 AND s.iscb_dtretiradacobranca IS NULL)
                   OR EXISTS (SELECT 1 FROM cobranca.cobranca_situacao_hist h
                              WHERE h.imov_id = m.imov_id AND h.cbsm_id = 4 AND h.cbsh_amcobrancaretirada IS NULL),
                   (SELECT min(h.cbsm_id)::int FROM cobranca.cobranca_situacao_hist h
                    WHERE h.imov_id = m.imov_id AND h.cbsm_id <> 4 AND h.cbsh_amcobrancaretirada IS NULL)
            FROM cadastro.imovel m WHERE m.imov_id = ANY($1::int[])
            """, [PostgresArray(imoveis)])
        var result: [Int: SituacaoImovel] = [:]
        for row in rows {
            let (imovel, excluido, judicial, outroMotivo) = try row.decode((Int, Bool, Bool, Int?).self)
            result[imovel] = SituacaoImovel(
                excluido: excluido, emCobrancaJudicial: judicial, outraSituacaoEspecial: outroMotivo,
                contas: contas[imovel] ?? [])
        }
        return result
    }
}
