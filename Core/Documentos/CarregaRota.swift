import DocumentosRegras
import Foundation
import GSANDatabase
import GSANModel
import Postgres

/// Reads what the selection rules need about a rota's imóveis: the imóvel, its open debts, the
/// critério and the predecessor's documents. Read-only; a few set-based queries per rota.
enum CarregaRota {
    /// The rota's imóveis (its quadras', or those that name it as their alternative rota) in rota order.
    static func imoveis(rota: Int, db: PostgresConnection) throws -> [ImovelAvaliado] {
        var imoveis: [ImovelAvaliado] = []
        var indice: [Int: Int] = [:]
        try db.forEachRow(
            """
            SELECT m.imov_id, COALESCE(m.imov_nnsequencialrota, 0), m.iper_id, m.last_id, m.lest_id, m.cbst_id,
                   COALESCE(t.cbsp_icemitedoccobranca = 2, false),
                   (SELECT string_agg(DISTINCT s.catg_id::text, ',') FROM cadastro.imovel_subcategoria i
                      JOIN cadastro.subcategoria s USING (scat_id) WHERE i.imov_id = m.imov_id),
                   (SELECT COALESCE(c.clie_nncpf, c.clie_nncnpj) FROM cadastro.cliente_usuario_atual u
                      JOIN cadastro.cliente c USING (clie_id) WHERE u.imov_id = m.imov_id)
            FROM cadastro.imovel m
            JOIN cadastro.quadra q ON q.qdra_id = m.qdra_id
            LEFT JOIN cobranca.cobranca_situacao_tipo t ON t.cbsp_id = m.cbsp_id
            WHERE m.imov_icexclusao = 2 AND COALESCE(m.rota_idalternativa, q.rota_id) = $1
              -- The candidates by index (the rota's quadras, the imóveis naming it): an OR across
              -- the join read every imóvel of the utility for each rota (0.9 s at 1,000,000).
              AND m.imov_id IN (SELECT i.imov_id FROM cadastro.quadra r
                                JOIN cadastro.imovel i ON i.qdra_id = r.qdra_id AND i.imov_icexclusao = 2 WHERE r.rota_id = $1
                                UNION ALL
                                SELECT a.imov_id FROM cadastro.imovel a WHERE a.rota_idalternativa = $1)
            ORDER BY 2, 1
            """, [rota]
        ) { row in
            let (id, sequencia, perfil, agua, esgoto) = (
                try row.decode(Int.self, at: 0), try row.decode(Int.self, at: 1), try row.decode(Int.self, at: 2),
                try row.decode(Int.self, at: 3), try row.decode(Int.self, at: 4)
            )
            var imovel = ImovelAvaliado(
                id: id, sequencia: sequencia, perfil: perfil,
                categorias: Set((try row.decode(String?.self, at: 7) ?? "").split(separator: ",").compactMap { Int($0) }),
                situacaoAgua: agua, situacaoEsgoto: esgoto)
            imovel.situacaoCobranca = try row.decode(Int?.self, at: 5)
            imovel.paralisado = try row.decode(Bool.self, at: 6)
            imovel.cpfCnpj = try row.decode(String?.self, at: 8)
            indice[id] = imoveis.count
            imoveis.append(imovel)
        }
        guard !imoveis.isEmpty else { return [] }
        let ids = PostgresArray(imoveis.map(\.id))
        /// The position of an imóvel the children's rows name (asked by id among the rota's).
        func posicao(_ imovel: Int, _ oQue: String) throws -> Int {
            guard let posicao = indice[imovel] else {
                throw ErroDocumentos.dadoInconsistente(
                    "Rota \(rota): \(oQue) do imóvel \(imovel), que não está entre os imóveis lidos da rota.")
            }
            return posicao
        }
        // Open bills: normal, retificada or incluída, not paid.
        try db.forEachRow(
            """
            SELECT c.imov_id, c.cnta_id, c.cnta_amreferenciaconta, c.cnta_dtvencimentoconta,
                   c.cnta_vlagua + c.cnta_vlesgoto + c.cnta_vldebitos - c.cnta_vlcreditos - c.cnta_vlimpostos,
                   c.cmrv_id IS NOT NULL
            FROM faturamento.conta c
            WHERE c.imov_id = ANY($1::int[]) AND c.dcst_idatual IN (0, 1, 2)
              AND NOT EXISTS (SELECT 1 FROM arrecadacao.pagamento p WHERE p.cnta_id = c.cnta_id)
            ORDER BY c.imov_id, c.cnta_dtvencimentoconta, c.cnta_id
            """, [ids]
        ) { row in
            let (imovel, id, referencia, vencimento, valor, revisao) = try row.decode(
                (Int, Int64, Int, CivilDate, Centavos, Bool).self)
            imoveis[try posicao(imovel, "conta")].contas.append(
                .init(id: id, referencia: referencia, vencimento: vencimento, valor: valor, emRevisao: revisao))
        }
        try db.forEachRow(
            """
            SELECT g.imov_id, g.gpag_id, g.gpag_dtvencimento, g.gpag_vldebito
            FROM faturamento.guia_pagamento g
            WHERE g.imov_id = ANY($1::int[]) AND g.dcst_idatual = 0
              -- Unpaid: probed per guia by index. As NOT EXISTS, the planner merged against the
              -- whole pagamento_guia index (it misjudges the partial index's size): 16 ms a rota.
              AND (SELECT p.pgmt_id FROM arrecadacao.pagamento p WHERE p.gpag_id = g.gpag_id LIMIT 1) IS NULL
            ORDER BY 1, 3, 2
            """, [ids]
        ) { row in
            let (imovel, id, vencimento, valor) = try row.decode((Int, Int64, CivilDate, Centavos).self)
            imoveis[try posicao(imovel, "guia de pagamento")].guias.append(.init(id: id, referencia: 0, vencimento: vencimento, valor: valor))
        }
        // What is still to be charged (débitos) or granted (créditos) of each installment plan.
        try db.forEachRow(
            """
            SELECT imov_id, dbac_id, round(dbac_vldebito * (dbac_nnprestacaodebito - dbac_nnprestacaocobradas)
                                           / dbac_nnprestacaodebito, 2), true
            FROM faturamento.debito_a_cobrar
            WHERE imov_id = ANY($1::int[]) AND dcst_idatual = 0 AND dbac_nnprestacaocobradas < dbac_nnprestacaodebito
            UNION ALL
            SELECT imov_id, crar_id, round(crar_vlcredito * (crar_nnprestacaocredito - crar_nnprestacaorealizadas)
                                           / crar_nnprestacaocredito, 2) + crar_vlresidualmesanterior, false
            FROM faturamento.credito_a_realizar
            WHERE imov_id = ANY($1::int[]) AND dcst_idatual = 0
            ORDER BY 1, 4, 2
            """, [ids]
        ) { row in
            let (imovel, id, valor, debito) = try row.decode((Int, Int64, Centavos, Bool).self)
            if debito {
                imoveis[try posicao(imovel, "débito a cobrar")].debitosACobrar.append(.init(id: id, valor: valor))
            } else {
                imoveis[try posicao(imovel, "crédito a realizar")].creditosARealizar.append(.init(id: id, valor: valor))
            }
        }
        return imoveis
    }

    /// Per rota, at most how many documents (its imóveis, as ``imoveis(rota:db:)`` reads them) and items
    /// (their open debts of any kind, paid or not) an EMITIR can write: what the selection job reserves ids for.
    static func limites(rotas: [Int], db: PostgresConnection) throws -> [Int: (imoveis: Int, itens: Int)] {
        guard !rotas.isEmpty else { return [:] }
        var limites: [Int: (imoveis: Int, itens: Int)] = [:]
        try db.forEachRow(
            """
            WITH m AS (
                SELECT m.imov_id, COALESCE(m.rota_idalternativa, q.rota_id) AS rota
                FROM cadastro.imovel m JOIN cadastro.quadra q ON q.qdra_id = m.qdra_id
                WHERE m.imov_icexclusao = 2 AND COALESCE(m.rota_idalternativa, q.rota_id) = ANY($1::int[])),
            d AS (
                SELECT imov_id FROM faturamento.conta WHERE dcst_idatual IN (0, 1, 2) AND imov_id IN (SELECT imov_id FROM m)
                UNION ALL SELECT imov_id FROM faturamento.guia_pagamento WHERE dcst_idatual = 0 AND imov_id IN (SELECT imov_id FROM m)
                UNION ALL SELECT imov_id FROM faturamento.debito_a_cobrar WHERE dcst_idatual = 0 AND imov_id IN (SELECT imov_id FROM m)
                UNION ALL SELECT imov_id FROM faturamento.credito_a_realizar WHERE dcst_idatual = 0 AND imov_id IN (SELECT imov_id FROM m)),
            n AS (SELECT imov_id, count(*) AS itens FROM d GROUP BY imov_id)
            SELECT m.rota, count(*)::int, COALESCE(sum(n.itens), 0)::int FROM m LEFT JOIN n USING (imov_id) GROUP BY m.rota
            """, [PostgresArray(rotas)]
        ) { row in
            let (rota, imoveis, itens) = try row.decode((Int, Int, Int).self)
            limites[rota] = (imoveis, itens)
        }
        return limites
    }

    static func criterio(_ id: Int, acao: AcaoDocumentos, db: PostgresConnection) throws -> CriterioDocumentos {
        guard let row = try db.query(
            """
            SELECT c.cbct_icemsimvsitcob = 1, c.cbct_icemsimvparalisacao = 1, c.cbct_iccpfcnpjvalido = 1,
                   c.cbct_icemissaoimovelsemdebito = 1,
                   ARRAY(SELECT last_id FROM cobranca.criterio_situacao_ligacao_agua WHERE cbct_id = $1)::text,
                   ARRAY(SELECT lest_id FROM cobranca.criterio_situacao_ligacao_esgoto WHERE cbct_id = $1)::text,
                   ARRAY(SELECT cbst_id FROM cobranca.criterio_situacao_cobranca WHERE cbct_id = $1)::text,
                   a.last_id, a.lest_id
            FROM cobranca.cobranca_criterio c LEFT JOIN cobranca.cobranca_acao a ON a.cbac_id = $2
            WHERE c.cbct_id = $1
            """, [id, acao.id]).first
        else { throw ErroDocumentos.comandoInexistente("critério de cobrança \(id)") }
        func conjunto(_ i: Int) throws -> Set<Int> {
            Set(try row.decode(String.self, at: i).trimmingCharacters(in: ["{", "}"]).split(separator: ",").compactMap { Int($0) })
        }
        let linhas = try db.query(
            """
            SELECT iper_id, catg_id, cbcl_vlminimodebito, cbcl_vlmaximodebito, cbcl_qtminimacontas, cbcl_qtmaximacontas
            FROM cobranca.cobranca_criterio_linha WHERE cbct_id = $1 ORDER BY cbcl_id
            """, [id]
        ).map { row in
            let (perfil, categoria, minimo, maximo, contasMin, contasMax) = try row.decode(
                (Int, Int, Centavos, Centavos, Int, Int).self)
            return CriterioDocumentos.Linha(perfil: perfil, categoria: categoria, valor: minimo...maximo, contas: contasMin...contasMax)
        }
        // Without situações in the critério, the action's own (GSAN-FACTS §7).
        var agua = try conjunto(4), esgoto = try conjunto(5)
        if agua.isEmpty, let last = try row.decode(Int?.self, at: 7) { agua = [last] }
        if esgoto.isEmpty, let lest = try row.decode(Int?.self, at: 8) { esgoto = [lest] }
        var criterio = CriterioDocumentos(id: id, linhas: linhas, situacoesAgua: agua, situacoesEsgoto: esgoto)
        criterio.emiteEmSituacaoCobranca = try row.decode(Bool.self, at: 0)
        criterio.emiteEmParalisacao = try row.decode(Bool.self, at: 1)
        criterio.somenteCPFCNPJValido = try row.decode(Bool.self, at: 2)
        criterio.imovelSemDebito = try row.decode(Bool.self, at: 3)
        criterio.situacoesCobranca = try conjunto(6)
        return criterio
    }

    /// The predecessor's documents of each imóvel (its document type), with the bills they charged
    /// and whether their service order was executed.
    static func documentosPredecessora(
        _ predecessora: AcaoDocumentos.Predecessora, imoveis: [Int], db: PostgresConnection
    ) throws -> [Int: [RegraPredecessora.DocumentoAnterior]] {
        var resultado: [Int: [RegraPredecessora.DocumentoAnterior]] = [:]
        try db.forEachRow(
            """
            SELECT d.imov_id, (d.cbdo_tmemissao AT TIME ZONE '\(CivilDate.fusoHorarioDaEmpresa)')::date, d.cast_id IN (3, 4),
                   COALESCE((SELECT string_agg(i.cnta_id::text, ',') FROM cobranca.cobranca_documento_item i
                             WHERE i.cbdo_id = d.cbdo_id AND i.cnta_id IS NOT NULL), ''),
                   EXISTS (SELECT 1 FROM atendimentopublico.ordem_servico o
                           JOIN atendimentopublico.atendimento_motivo_encerramento m ON m.amen_id = o.amen_id
                           WHERE o.cbdo_id = d.cbdo_id AND o.orse_cdsituacao = 2 AND m.amen_icexecucao = 1)
            FROM cobranca.cobranca_documento d
            WHERE d.imov_id = ANY($1::int[]) AND d.dotp_id = $2
            """, [PostgresArray(imoveis), predecessora.documentoTipo]
        ) { row in
            let (imovel, emissao, cancelado, contas, executado) = try row.decode((Int, CivilDate, Bool, String, Bool).self)
            resultado[imovel, default: []].append(
                .init(emissao: emissao, cancelado: cancelado, contas: Set(contas.split(separator: ",").compactMap { Int64($0) }),
                      executado: executado))
        }
        return resultado
    }
}
