import GSANModel
import JusCompesaRegras
import Postgres

/// Loads the open items of a set of imóveis (the few hundred of one localidade), for the rules.
enum CargaDebitos {
    /// Open bills: NORMAL, RETIFICADA or INCLUÍDA (not pre-billed, installed, cancelled or
    /// prescribed), with a positive total and no payment classified to them.
    static func contas(imoveis: [Int], db: PostgresConnection) throws -> [Int: [ContaEmAberto]] {
        let rows = try db.query(
            """
            SELECT c.cnta_id, c.imov_id, c.cnta_amreferenciaconta::int, c.total, c.cnta_dtvencimentoconta, c.cmrv_id::int
            FROM (SELECT c.*, c.cnta_vlagua + c.cnta_vlesgoto + c.cnta_vldebitos - c.cnta_vlcreditos - c.cnta_vlimpostos AS total
                  FROM faturamento.conta c
                  WHERE c.imov_id = ANY($1::int[]) AND c.dcst_idatual IN (0, 1, 2)) c
            WHERE c.total > 0
              AND NOT EXISTS (SELECT 1 FROM arrecadacao.pagamento p WHERE p.cnta_id = c.cnta_id)
            ORDER BY c.imov_id, c.cnta_amreferenciaconta
            """, [PostgresArray(imoveis)])
        var result: [Int: [ContaEmAberto]] = [:]
        for row in rows {
            let (id, imovel, referencia, valor, vencimento, motivo) = try row.decode(
                (Int64, Int, Int, Centavos, CivilDate, Int?).self)
            result[imovel, default: []].append(
                ContaEmAberto(
                    id: id, imovel: imovel, referencia: referencia, valor: valor, vencimento: vencimento,
                    motivoRevisao: motivo))
        }
        return result
    }

    /// Guias de pagamento still NORMAL and unpaid.
    static func guias(imoveis: [Int], db: PostgresConnection) throws -> [Int: [GuiaEmAberto]] {
        let rows = try db.query(
            """
            SELECT g.imov_id, g.gpag_vldebito, g.gpag_dtvencimento
            FROM faturamento.guia_pagamento g
            WHERE g.imov_id = ANY($1::int[]) AND g.dcst_idatual = 0
              AND NOT EXISTS (SELECT 1 FROM arrecadacao.pagamento p WHERE p.gpag_id = g.gpag_id)
            ORDER BY g.imov_id, g.gpag_id
            """, [PostgresArray(imoveis)])
        var result: [Int: [GuiaEmAberto]] = [:]
        for row in rows {
            let (imovel, valor, vencimento) = try row.decode((Int, Centavos, CivilDate).self)
            result[imovel, default: []].append(GuiaEmAberto(imovel: imovel, valor: valor, vencimento: vencimento))
        }
        return result
    }

    /// Débitos a cobrar still NORMAL with installments left to charge.
    static func debitosACobrar(imoveis: [Int], db: PostgresConnection) throws -> [Int: [DebitoACobrar]] {
        let rows = try db.query(
            """
            SELECT d.imov_id, d.dbac_vldebito, d.dbac_nnprestacaodebito::int, d.dbac_nnprestacaocobradas::int
            FROM faturamento.debito_a_cobrar d
            WHERE d.imov_id = ANY($1::int[]) AND d.dcst_idatual = 0
              AND d.dbac_nnprestacaocobradas < d.dbac_nnprestacaodebito
            ORDER BY d.imov_id, d.dbac_id
            """, [PostgresArray(imoveis)])
        var result: [Int: [DebitoACobrar]] = [:]
        for row in rows {
            let (imovel, valor, prestacoes, cobradas) = try row.decode((Int, Centavos, Int, Int).self)
            result[imovel, default: []].append(
                DebitoACobrar(imovel: imovel, valor: valor, prestacoes: prestacoes, cobradas: cobradas))
        }
        return result
    }
}
