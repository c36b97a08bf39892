import GSANDatabase
import GSANModel
import ParcelamentoJudicialRegras
import Postgres

/// Judicial agreements for a generated utility (`gsan seed`), made through ``EfetuarParcelamento``
/// like an operator's: every other imóvel in judicial collection with bills to settle (in
/// matrícula order), deterministic in the data alone. Each agreement is made 45 days before the
/// data's today for 85 % of the débito, 6 to 12 installments every 30 days from the 10th day, a
/// third with the court's 1 % a month, custas of 10 % (in the plan for the odd matrículas),
/// honorários of R$ 100,00 in a guia of their own, and the discount lost on a late installment.
/// The installments already due are paid on their due date, except in every third agreement:
/// those are late, and the first daily batch charges their discount.
/// Rerunning makes nothing: once the first run has parcelled their bills the candidates are
/// other imóveis, so a data set that already has agreements gets none and the summary of those
/// it has (each request is idempotent and each payment inserted once besides).
public enum AcordosGerados {
    public struct Resumo: Sendable, Equatable {
        public var acordos: Int
        public var atrasados: Int
    }

    public static func gerar(hoje: CivilDate, db: PostgresConnection) throws -> Resumo {
        if let existentes = try resumoExistente(hoje: hoje, db: db) { return existentes }
        let candidatos = try db.withTransaction(readOnly: true) { try CandidatosParcelamento.listar(limite: 1_000_000, db: $0) }
            .sorted { $0.imovel < $1.imovel }.enumerated().filter { $0.offset % 2 == 0 }.map(\.element).filter { $0.cliente != nil }
        let data = hoje.adding(days: -45)
        var resumo = Resumo(acordos: 0, atrasados: 0)
        for c in candidatos {
            guard let cliente = c.cliente else { continue }
            let processo = c.processo
                ?? ProcessoJudicial(sequencial: c.imovel % 10_000_000, ano: data.year, segmento: 8, tribunal: 17, origem: 1)?.numero
            var pedido = PedidoParcelamento(
                filtro: FiltroSelecao(imoveis: [c.imovel], cliente: nil, imovelResponsavel: nil, referenciaInicial: nil, referenciaFinal: nil),
                negociacao: Negociacao(
                    valorAcordo: Centavos(1), processo: processo, dataAcordo: data, clienteResponsavel: cliente, prestacoes: 1,
                    primeiroVencimento: data.adding(days: 10), diasEntreParcelas: 30, perdeDesconto: true),
                taxaJuros: nil)
            // Only bills already due on the agreement's day (the rest are the utility's current month).
            let debito: Centavos
            do {
                debito = try db.withTransaction(readOnly: true) { try SimulacaoParcelamento.simular(pedido, db: $0) }.debito.total
            } catch is ErroParcelamentoJudicial {
                continue
            }
            guard debito.value >= 1_200 else { continue }
            pedido.negociacao.valorAcordo = Centavos(debito.value * 85 / 100)
            pedido.negociacao.prestacoes = 6 + c.imovel % 7
            pedido.negociacao.custas = .percentual(1_000)
            pedido.negociacao.custasNoPlano = c.imovel % 2 == 1
            pedido.negociacao.honorarios = .valor(Centavos(10_000))
            pedido.taxaJuros = c.imovel % 3 == 1 ? 100 : nil
            let resultado: EfetuarParcelamento.Resultado
            do {
                resultado = try EfetuarParcelamento.efetuar(pedido, db: db).0
            } catch is ErroParcelamentoJudicial {
                continue
            }
            resumo.acordos += 1
            if resumo.acordos % 3 == 1 {
                resumo.atrasados += 1
                continue
            }
            _ = try db.withTransaction { db in
                try db.execute(
                    """
                    INSERT INTO arrecadacao.pagamento (imov_id, gpag_id, pgmt_amreferenciaarrecadacao, pgmt_dtpagamento, pgmt_vlpagamento)
                    SELECT g.imov_id, g.gpag_id, (extract(year FROM g.gpag_dtvencimento) * 100 + extract(month FROM g.gpag_dtvencimento))::int,
                           g.gpag_dtvencimento, g.gpag_vldebito
                    FROM faturamento.guia_pagamento g
                    WHERE g.pjud_id = $1 AND g.gpag_dtvencimento < $2
                      AND NOT EXISTS (SELECT 1 FROM arrecadacao.pagamento p WHERE p.gpag_id = g.gpag_id)
                    """, [resultado.parcelamento, hoje])
            }
        }
        return resumo
    }

    /// The agreements the data already has (nil when none): those valid, and those with a guia
    /// of the plan (entrada, installment, custas, honorários) unpaid before `hoje`.
    static func resumoExistente(hoje: CivilDate, db: PostgresConnection) throws -> Resumo? {
        let (acordos, atrasados) = try db.query(
            """
            SELECT count(*)::int,
                   (count(*) FILTER (WHERE EXISTS (
                       SELECT 1 FROM faturamento.guia_pagamento g
                       WHERE g.pjud_id = p.pjud_id AND g.dbtp_id IN (118, 119, 121, 122) AND g.dcst_idatual = 0
                         AND g.gpag_dtvencimento < $1
                         AND NOT EXISTS (SELECT 1 FROM arrecadacao.pagamento x WHERE x.gpag_id = g.gpag_id))))::int
            FROM cobranca.parcelamento_judicial p WHERE p.pcst_id = 1
            """, [hoje]
        )[0].decode((Int, Int).self)
        return acordos == 0 ? nil : Resumo(acordos: acordos, atrasados: atrasados)
    }
}
