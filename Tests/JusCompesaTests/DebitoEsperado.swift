import Foundation
import GSANModel
import JusCompesaRegras
import Postgres

/// A row of the remessa as the test compares it.
struct LinhaDebito: Equatable, CustomStringConvertible {
    var imovel: Int
    var processo: String?
    var quantidade: Int
    var inicial: Int?
    var final: Int?
    var contas: Centavos
    var guias: Centavos
    var debitos: Centavos
    var acrescimos: Centavos
    var total: Centavos

    var description: String {
        "\(imovel) \(processo ?? "-") \(quantidade) \(inicial ?? 0)-\(final ?? 0) c=\(contas) g=\(guias) d=\(debitos) a=\(acrescimos) t=\(total)"
    }
}

func linhasDaRemessa(_ db: PostgresConnection, versao: Int) throws -> [LinhaDebito] {
    try db.query(
        """
        SELECT d.imov_id, d.jcdi_nnprocessojudicial, d.jcdi_qtcontas, d.jcdi_amreferenciainicial::int, d.jcdi_amreferenciafinal::int,
               d.jcdi_vlcontas, d.jcdi_vlguias, d.jcdi_vldebitosacobrar, d.jcdi_vlacrescimos, d.jcdi_vldebito
        FROM juscompesa.debito_imovel d JOIN juscompesa.remessa_debito r USING (jcrd_id)
        WHERE r.jcrd_nnversao = $1 ORDER BY d.imov_id
        """, [versao]
    ).map { row in
        let v = try row.decode((Int, String?, Int, Int?, Int?, Centavos, Centavos, Centavos, Centavos, Centavos).self)
        return LinhaDebito(
            imovel: v.0, processo: v.1, quantidade: v.2, inicial: v.3, final: v.4, contas: v.5, guias: v.6, debitos: v.7,
            acrescimos: v.8, total: v.9)
    }
}

/// The debt of each imóvel recomputed from the bills, guias and débitos a cobrar, with its own
/// arithmetic (Decimal, banker's rounding): multa 2 %, juros 1 % a month pro rata die.
func debitosEsperados(_ db: PostgresConnection, imoveis: [Int], dataBase: CivilDate) throws -> [LinhaDebito] {
    func acrescimo(_ valor: Centavos, _ vencimento: CivilDate) -> Centavos {
        let dias = dataBase - vencimento
        guard dias > 0 else { return .zero }
        let multa = Centavos(reais: Decimal(valor.value) * 2 / 10_000, rounding: .bankers)
        let juros = Centavos(reais: Decimal(valor.value * Int64(dias)) / 300_000, rounding: .bankers)
        return multa + juros
    }
    var linhas: [Int: LinhaDebito] = [:]
    for row in try db.query(
        """
        SELECT m.imov_id, h.cbsh_nnprocessojudicial FROM cadastro.imovel m
        LEFT JOIN cobranca.cobranca_situacao_hist h ON h.imov_id = m.imov_id AND h.cbsm_id = 4 AND h.cbsh_amcobrancaretirada IS NULL
        WHERE m.imov_id = ANY($1::int[])
        """, [lista(imoveis)])
    {
        let (imovel, processo) = try row.decode((Int, String?).self)
        linhas[imovel] = LinhaDebito(
            imovel: imovel, processo: processo, quantidade: 0, contas: .zero, guias: .zero, debitos: .zero, acrescimos: .zero,
            total: .zero)
    }
    for row in try db.query(
        """
        SELECT imov_id, cnta_amreferenciaconta::int, cnta_vlagua + cnta_vlesgoto + cnta_vldebitos - cnta_vlcreditos - cnta_vlimpostos,
               cnta_dtvencimentoconta
        FROM faturamento.conta WHERE cnta_id IN (\(contasEmAbertoSQL))
        """, [lista(imoveis)])
    {
        let (imovel, referencia, valor, vencimento) = try row.decode((Int, Int, Centavos, CivilDate).self)
        linhas[imovel]!.quantidade += 1
        linhas[imovel]!.inicial = min(linhas[imovel]!.inicial ?? referencia, referencia)
        linhas[imovel]!.final = max(linhas[imovel]!.final ?? referencia, referencia)
        linhas[imovel]!.contas = linhas[imovel]!.contas + valor
        linhas[imovel]!.acrescimos = linhas[imovel]!.acrescimos + acrescimo(valor, vencimento)
    }
    for row in try db.query(
        """
        SELECT imov_id, gpag_vldebito, gpag_dtvencimento FROM faturamento.guia_pagamento g
        WHERE imov_id = ANY($1::int[]) AND dcst_idatual = 0
          AND gpag_id NOT IN (SELECT gpag_id FROM arrecadacao.pagamento WHERE gpag_id IS NOT NULL)
        """, [lista(imoveis)])
    {
        let (imovel, valor, vencimento) = try row.decode((Int, Centavos, CivilDate).self)
        linhas[imovel]!.guias = linhas[imovel]!.guias + valor
        linhas[imovel]!.acrescimos = linhas[imovel]!.acrescimos + acrescimo(valor, vencimento)
    }
    for row in try db.query(
        """
        SELECT imov_id, dbac_vldebito, dbac_nnprestacaodebito::int, dbac_nnprestacaocobradas::int FROM faturamento.debito_a_cobrar
        WHERE imov_id = ANY($1::int[]) AND dcst_idatual = 0
        """, [lista(imoveis)])
    {
        let (imovel, valor, prestacoes, cobradas) = try row.decode((Int, Centavos, Int, Int).self)
        let prestacao = valor.value / Int64(prestacoes)
        linhas[imovel]!.debitos = linhas[imovel]!.debitos + Centavos(valor.value - prestacao * Int64(cobradas))
    }
    return linhas.values.sorted { $0.imovel < $1.imovel }.map { linha in
        var linha = linha
        linha.total = linha.contas + linha.guias + linha.debitos + linha.acrescimos
        return linha
    }
}
