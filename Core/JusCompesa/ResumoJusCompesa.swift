import GSANCobranca
import GSANModel
import JusCompesaRegras
import Postgres

/// What the exchange tables hold, for an operator (`gsan-juscompesa resumo`): the requests
/// JusCompesa wrote and what GSAN answered, and the remessa versions of one reference.
/// Read-only; every figure comes from the tables of docs/juscompesa.md.
public struct ResumoJusCompesa: Sendable, Equatable {
    public struct Rejeicao: Sendable, Equatable {
        /// The rejection reason with the imóvel's number (and any other digits) as `N`, so
        /// equal reasons group together.
        public var motivo: String
        public var quantidade: Int

        public init(motivo: String, quantidade: Int) {
            self.motivo = motivo
            self.quantidade = quantidade
        }
    }

    public struct Versao: Sendable, Equatable {
        public var versao: Int
        public var grupo: Int?
        public var localidades: Int
        public var localidadesGravadas: Int
        /// False while the version is being written (JusCompesa does not see it yet).
        public var concluida: Bool
        public var imoveis: Int
        public var total: Centavos

        public init(
            versao: Int, grupo: Int?, localidades: Int, localidadesGravadas: Int, concluida: Bool, imoveis: Int,
            total: Centavos
        ) {
            self.versao = versao
            self.grupo = grupo
            self.localidades = localidades
            self.localidadesGravadas = localidadesGravadas
            self.concluida = concluida
            self.imoveis = imoveis
            self.total = total
        }
    }

    public var informados: Int
    public var pendentes: Int
    public var processados: Int
    /// Bills put under review (or taken out of it, for `E`) by the processed requests.
    public var contasEmRevisao: Int
    public var rejeicoes: [Rejeicao]
    public var imoveisEmCobrancaJudicial: Int
    public var versoes: [Versao]

    public var rejeitados: Int { rejeicoes.reduce(0) { $0 + $1.quantidade } }

    public static func consultar(referencia: Referencia, db: PostgresConnection) throws -> ResumoJusCompesa {
        let pedidos = try db.query(
            """
            SELECT count(*)::int,
                   count(*) FILTER (WHERE i.jcii_tmprocessamento IS NULL)::int,
                   count(r.jcii_id) FILTER (WHERE r.jcir_cdresultado = 1)::int,
                   coalesce(sum(r.jcir_qtcontasrevisao) FILTER (WHERE r.jcir_cdresultado = 1), 0)::int,
                   (SELECT count(*)::int FROM cadastro.imovel WHERE cbst_id = 5)
            FROM juscompesa.imovel_informado i
            LEFT JOIN juscompesa.imovel_informado_resultado r USING (jcii_id)
            """)
        let (informados, pendentes, processados, contas, judiciais) = try pedidos[0].decode((Int, Int, Int, Int, Int).self)
        let rejeicoes = try db.query(
            """
            SELECT regexp_replace(jcir_dsmotivo, '[0-9]+', 'N', 'g') AS motivo, count(*)::int
            FROM juscompesa.imovel_informado_resultado
            WHERE jcir_cdresultado = 2
            GROUP BY 1 ORDER BY 2 DESC, 1
            """
        ).map { row in
            let (motivo, quantidade) = try row.decode((String, Int).self)
            return Rejeicao(motivo: motivo, quantidade: quantidade)
        }
        let versoes = try db.query(
            """
            SELECT d.jcrd_nnversao::int, d.ftgr_id, coalesce(d.jcrd_qtlocalidades, 0),
                   (SELECT count(*)::int FROM juscompesa.remessa_localidade l WHERE l.jcrd_id = d.jcrd_id),
                   d.jcrd_tmconclusao IS NOT NULL,
                   coalesce(d.jcrd_qtimoveis, (SELECT count(*)::int FROM juscompesa.debito_imovel i WHERE i.jcrd_id = d.jcrd_id)),
                   coalesce(d.jcrd_vltotal, (SELECT coalesce(sum(i.jcdi_vldebito), 0) FROM juscompesa.debito_imovel i WHERE i.jcrd_id = d.jcrd_id))
            FROM juscompesa.remessa_debito d
            WHERE d.jcrd_amreferencia = $1
            ORDER BY d.jcrd_nnversao
            """, [referencia.amReferencia]
        ).map { row in
            let (versao, grupo, localidades, gravadas, concluida, imoveis, total) = try row.decode(
                (Int, Int?, Int, Int, Bool, Int, Centavos).self)
            return Versao(
                versao: versao, grupo: grupo, localidades: localidades, localidadesGravadas: gravadas,
                concluida: concluida, imoveis: imoveis, total: total)
        }
        return ResumoJusCompesa(
            informados: informados, pendentes: pendentes, processados: processados, contasEmRevisao: contas,
            rejeicoes: rejeicoes, imoveisEmCobrancaJudicial: judiciais, versoes: versoes)
    }
}
