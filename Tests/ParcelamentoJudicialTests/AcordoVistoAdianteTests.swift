import Contratos
import Documentos
import Faturamento
import Foundation
import GSANModel
import JusCompesa
import ParcelamentoJudicial
import ParcelamentoJudicialRegras
import Postgres
import Rotas
import RotasRegras
import TestSupport
import Testing

/// What an agreement makes is what the rest of the system sees (issue 19, "Data" and the daily
/// batch): the bills that went into it are PARCELADA and leave every later reading of the
/// imóvel's debt; its guias (installments, custas, honorários, the lost-discount guia) take their
/// place. Each downstream step runs as its worker runs it, against the real database:
/// - JusCompesa's remessa (pre-close, the group's close, post-close): the imóvel's row counts
///   the agreement's unpaid guias and none of its bills;
/// - the collection documents (an aviso de corte's EMITIR): the document charges the bills left
///   out of the agreement and the agreement's overdue guias (the lost-discount guia too), never
///   its bills;
/// - the route file (seed 004): like GSAN, its records list bills only (07: the aviso's bills;
///   04: the pre-billed bill's débitos) — the agreement's bills are not among them, and its guias
///   reach the file through the aviso's value, the barcode of 01.53.
/// Expected amounts are recomputed here from the tables with the test's own arithmetic.
@Suite(.serialized) struct AcordoVistoAdianteTests {
    /// The acréscimos of an item at `data`, written independently of the shared rule with the
    /// seed's parameters (multa 2 %, juros 1 % a month pro rata die, no atualização): each part
    /// rounded to the centavo, a half to the even centavo.
    static func acrescimo(_ valor: Centavos, _ vencimento: CivilDate, _ data: CivilDate) -> Int64 {
        let dias = Int64(data - vencimento)
        guard dias > 0, valor.value > 0 else { return 0 }
        func meioPar(_ n: Int64, _ d: Int64) -> Int64 {
            let (q, r) = n.quotientAndRemainder(dividingBy: d)
            return 2 * r > d || (2 * r == d && q % 2 == 1) ? q + 1 : q
        }
        return meioPar(valor.value * 200, 10_000) + meioPar(valor.value * dias, 3_000)
    }

    /// A request for every bill of the imóvel up to `referenciaFinal`, for 90 % of its débito:
    /// `parcelas` installments every 30 days from `primeiro`, custas of 10 % and honorários of
    /// R$ 50,00 in guias of their own (due with the first), losing the discount when late.
    static func pedido(
        _ db: PostgresConnection, imovel: Int, cliente: Int, sequencial: Int, data: CivilDate, primeiro: CivilDate,
        referenciaFinal: Int? = nil, parcelas: Int = 3
    ) throws -> PedidoParcelamento {
        let processo = ProcessoJudicial(sequencial: sequencial, ano: 2025, segmento: 8, tribunal: 17, origem: 1)?.numero
        var p = PedidoParcelamento(
            filtro: FiltroSelecao(imoveis: [imovel], cliente: nil, imovelResponsavel: nil, referenciaInicial: nil, referenciaFinal: referenciaFinal),
            negociacao: Negociacao(
                valorAcordo: Centavos(1), processo: processo, custas: .percentual(1_000), honorarios: .valor(Centavos(5_000)),
                dataAcordo: data, clienteResponsavel: cliente, prestacoes: parcelas, primeiroVencimento: primeiro, perdeDesconto: true),
            taxaJuros: nil)
        var sonda = p
        (sonda.negociacao.custas, sonda.negociacao.honorarios, sonda.negociacao.prestacoes) = (nil, nil, 1)
        let debito = try db.withTransaction(readOnly: true) { try SimulacaoParcelamento.simular(sonda, db: $0) }.debito.total
        p.negociacao.valorAcordo = Centavos(debito.value * 9 / 10)
        return p
    }

    /// Unpaid NORMAL guias of the imóvel: id → (valor, vencimento).
    static func guiasEmAberto(_ db: PostgresConnection, _ imovel: Int) throws -> [Int64: (Centavos, CivilDate)] {
        var r: [Int64: (Centavos, CivilDate)] = [:]
        for row in try db.query(
            """
            SELECT g.gpag_id, g.gpag_vldebito, g.gpag_dtvencimento FROM faturamento.guia_pagamento g
            WHERE g.imov_id = $1 AND g.dcst_idatual = 0 AND NOT EXISTS (SELECT 1 FROM arrecadacao.pagamento p WHERE p.gpag_id = g.gpag_id)
            """, [imovel])
        {
            let (id, valor, vencimento) = try row.decode((Int64, Centavos, CivilDate).self)
            r[id] = (valor, vencimento)
        }
        return r
    }

    /// Open bills of the imóvel (NORMAL, RETIFICADA, INCLUÍDA; positive; unpaid): id → (referência, valor, vencimento, revisão).
    static func contasEmAberto(_ db: PostgresConnection, _ imovel: Int) throws -> [Int64: (Int, Centavos, CivilDate, Bool)] {
        var r: [Int64: (Int, Centavos, CivilDate, Bool)] = [:]
        for row in try db.query(
            """
            SELECT c.cnta_id, c.cnta_amreferenciaconta::int, c.cnta_vlagua + c.cnta_vlesgoto + c.cnta_vldebitos - c.cnta_vlcreditos - c.cnta_vlimpostos,
                   c.cnta_dtvencimentoconta, c.cmrv_id IS NOT NULL
            FROM faturamento.conta c
            WHERE c.imov_id = $1 AND c.dcst_idatual IN (0, 1, 2)
              AND c.cnta_vlagua + c.cnta_vlesgoto + c.cnta_vldebitos - c.cnta_vlcreditos - c.cnta_vlimpostos > 0
              AND NOT EXISTS (SELECT 1 FROM arrecadacao.pagamento p WHERE p.cnta_id = c.cnta_id)
            """, [imovel])
        {
            let (id, referencia, valor, vencimento, revisao) = try row.decode((Int64, Int, Centavos, CivilDate, Bool).self)
            r[id] = (referencia, valor, vencimento, revisao)
        }
        return r
    }

    static func contasDoAcordo(_ db: PostgresConnection, _ id: Int) throws -> Set<Int64> {
        Set(try db.query("SELECT cnta_id FROM faturamento.conta WHERE pjud_id = $1 AND dcst_idatual = 5", [id]).map { try $0.decode(Int64.self, at: 0) })
    }

    static func guiasDoAcordo(_ db: PostgresConnection, _ id: Int) throws -> [Int64: (tipo: Int, prestacao: Int)] {
        var r: [Int64: (tipo: Int, prestacao: Int)] = [:]
        for row in try db.query("SELECT gpag_id, dbtp_id::int, gpag_nnprestacaodebito::int FROM faturamento.guia_pagamento WHERE pjud_id = $1", [id]) {
            let (guia, tipo, prestacao) = try row.decode((Int64, Int, Int).self)
            r[guia] = (tipo, prestacao)
        }
        return r
    }

    /// JusCompesa's remessa after the imóvel's group closes: the agreement's bills are gone from
    /// its row, the agreement's guias (the lost-discount guia included) are in it, with
    /// acréscimos on those overdue at the remessa's date.
    @Test func aRemessaDoJusCompesaContaAsGuiasDoAcordoENaoSuasContas() async throws {
        try await withUtility(imoveis: 3_000) { db, _ in
            let referencia = 202506
            // An imóvel in judicial collection, with its group's pre-billed bill of the reference.
            var escolhido: (imovel: Int, cliente: Int, grupo: Int)?
            for alvo in try imoveisEmCobrancaJudicial(db) {
                if let grupo = try db.query(
                    "SELECT ftgr_id FROM faturamento.conta WHERE imov_id = $1 AND cnta_amreferenciaconta = $2 AND dcst_idatual = 9",
                    [alvo.imovel, referencia]
                ).first?.decode(Int.self, at: 0) {
                    escolhido = (alvo.imovel, alvo.cliente, grupo)
                    break
                }
            }
            let (imovel, cliente, grupo) = try #require(escolhido, "o gerador põe imóveis em cobrança judicial com conta pré-faturada")
            let antes = try Self.contasEmAberto(db, imovel)
            let guiasAntes = try Self.guiasEmAberto(db, imovel)

            // The agreement on 10/05/2025, first installment due 20/05; unpaid, so the daily batch of
            // 01/06 issues the lost-discount guia.
            let p = try Self.pedido(
                db, imovel: imovel, cliente: cliente, sequencial: 31, data: CivilDate(year: 2025, month: 5, day: 10)!,
                primeiro: CivilDate(year: 2025, month: 5, day: 20)!)
            let (feito, _) = try EfetuarParcelamento.efetuar(p, db: db)
            let id = feito.parcelamento
            let lote = try db.withTransaction { try PerdaDescontoDiaria.gerar(hoje: CivilDate(year: 2025, month: 6, day: 1)!, db: $0, logger: quietLogger) }
            #expect(lote.guias.count == 1)
            let parceladas = try Self.contasDoAcordo(db, id)
            let guiasAcordo = try Self.guiasDoAcordo(db, id)
            #expect(!parceladas.isEmpty && parceladas.isSubset(of: Set(antes.keys)), "as contas do acordo estavam em aberto")
            // 3 installments, custas, honorários, and the lost-discount guia.
            #expect(guiasAcordo.values.map(\.tipo).sorted() == [119, 119, 119, 121, 122, 123])

            // The chain around the group's close, each step as its job runs it.
            let alvo = ReferenciaDoGrupo(grupoFaturamento: grupo, referencia: referencia)
            let pre = PreFechamento(logger: quietLogger)
            let planoPre = try db.withTransaction { try pre.planejar(alvo, db: $0) }
            for parte in planoPre.partes { _ = try db.withTransaction { try pre.processar(parte, db: $0) } }
            _ = try db.withTransaction { try Encerramento(logger: quietLogger).encerrar(alvo, jobID: nil, db: $0) }
            let pos = PosFechamento(logger: quietLogger)
            let plano = try db.withTransaction { try pos.planejar(alvo, db: $0) }
            for localidade in plano.localidades {
                _ = try db.withTransaction { db in
                    try pos.processar(
                        PartePosFechamento(
                            grupoFaturamento: grupo, referencia: referencia, localidade: localidade, remessa: plano.remessa.id,
                            parametros: plano.parametros), db: db)
                }
            }

            let linha = try #require(try db.query(
                """
                SELECT d.jcdi_qtcontas, d.jcdi_amreferenciainicial::int, d.jcdi_vlcontas, d.jcdi_vlguias, d.jcdi_vlacrescimos,
                       d.jcdi_vldebito, r.jcrd_dtcalculo
                FROM juscompesa.debito_imovel d JOIN juscompesa.remessa_debito r USING (jcrd_id)
                WHERE r.jcrd_id = $1 AND d.imov_id = $2
                """, [plano.remessa.id, imovel]).first, "o imóvel tem sua linha na remessa")
            let (quantidade, inicial, contas, guias, acrescimos, total, data) = try linha.decode(
                (Int, Int?, Centavos, Centavos, Centavos, Centavos, CivilDate).self)

            // Bills: none of the agreement's; those open now (the close's new bill among them).
            let abertas = try Self.contasEmAberto(db, imovel)
            #expect(parceladas.isDisjoint(with: abertas.keys))
            #expect(quantidade == abertas.count && contas.value == abertas.values.reduce(0) { $0 + $1.1.value })
            #expect(abertas.values.contains { $0.0 == referencia }, "a conta do fechamento está na remessa")
            #expect(inicial == abertas.values.map(\.0).min())
            #expect(antes.keys.filter { !parceladas.contains($0) }.allSatisfy { abertas[$0] != nil }, "só as contas do acordo saíram")

            // Guias: those the imóvel had, plus every guia of the agreement, none paid.
            let guiasAgora = try Self.guiasEmAberto(db, imovel)
            #expect(Set(guiasAgora.keys) == Set(guiasAntes.keys).union(guiasAcordo.keys))
            #expect(guias.value == guiasAgora.values.reduce(0) { $0 + $1.0.value })
            let doAcordo = guiasAcordo.keys.compactMap { guiasAgora[$0]?.0.value }.reduce(0, +)
            #expect(doAcordo > 0 && guias.value == guiasAntes.values.reduce(0) { $0 + $1.0.value } + doAcordo)

            // Acréscimos at the remessa's date on every overdue bill and guia (the first installment,
            // custas and honorários, due 20/05, are overdue; the rest is not due yet).
            let esperados = abertas.values.map { Self.acrescimo($0.1, $0.2, data) }.reduce(0, +)
                + guiasAgora.values.map { Self.acrescimo($0.0, $0.1, data) }.reduce(0, +)
            #expect(acrescimos.value == esperados)
            #expect(guiasAcordo.keys.contains { guiasAgora[$0].map { Self.acrescimo($0.0, $0.1, data) > 0 } ?? false })
            #expect(total == contas + guias + acrescimos, "sem débitos a cobrar: o acordo não os gera (GSAN-FACTS §8: guias)")
        }
    }

    /// An aviso de corte issued after the agreement, then the route file of the imóvel's rota.
    @Test func oAvisoDeCorteEOArquivoDaRotaVeemAsGuiasDoAcordoENaoSuasContas() async throws {
        try await withUtility(imoveis: 3_000) { db, _ in
            // The aviso (ação 1) charging guias too (cbac_icnotapromissoria; the seed's aviso charges
            // bills only, as GSAN's does), and no quantity limit (not what this test is about).
            try db.execute("UPDATE cobranca.cobranca_acao SET cbac_icnotapromissoria = 1 WHERE cbac_id = 1")
            try db.execute("UPDATE cobranca.rota_acao_criterio SET racc_qtmaximadocumentos = NULL")
            try db.execute("UPDATE cobranca.cobranca_acao_ativ_crg SET caac_qtmaximadocumentos = NULL")
            let emitir = try db.query(
                """
                SELECT a.caac_id, a.caac_dtprevista, m.cbgr_id FROM cobranca.cobranca_acao_ativ_crg a
                JOIN cobranca.cobranca_acao_cronograma c USING (cbcr_id) JOIN cobranca.cobranca_grupo_crg_mes m USING (cbcm_id)
                WHERE m.cbgr_id = 1 AND c.cbac_id = 1 AND a.cbat_id = 2
                """)[0]
            let (caac, dataBase, _) = try emitir.decode((Int, CivilDate, Int).self)
            let diasVencimento = try contar(db, "SELECT parm_nndiasvencimentocobranca::int FROM cadastro.sistema_parametros")
            let limite = dataBase.adding(days: -diasVencimento)  // due before this: overdue for the aviso
            // An imóvel of rota 1 (faturamento and cobrança group 1) the aviso's critério admits, with
            // a current usuário, bills overdue before the agreement and its 05/2025 bill overdue too.
            let (imovel, cliente) = try #require(try db.query(
                """
                SELECT m.imov_id, u.clie_id FROM cadastro.imovel m JOIN cadastro.quadra q ON q.qdra_id = m.qdra_id
                JOIN cadastro.cliente_imovel u ON u.imov_id = m.imov_id AND u.crtp_id = 2 AND u.clim_dtrelacaofim IS NULL
                WHERE COALESCE(m.rota_idalternativa, q.rota_id) = 1 AND q.rota_id = 1 AND m.last_id = 3 AND m.lest_id IN (1, 3)
                  AND m.cbst_id IS NULL AND m.cbsp_id IS NULL AND m.imov_icexclusao = 2
                  AND (SELECT count(*) FROM faturamento.conta c WHERE c.imov_id = m.imov_id AND c.dcst_idatual IN (0, 1, 2)
                         AND c.cmrv_id IS NULL AND c.cnta_amreferenciaconta <= 202503 AND c.cnta_dtvencimentoconta < $1
                         AND NOT EXISTS (SELECT 1 FROM arrecadacao.pagamento p WHERE p.cnta_id = c.cnta_id)) >= 2
                  AND EXISTS (SELECT 1 FROM faturamento.conta c WHERE c.imov_id = m.imov_id AND c.dcst_idatual IN (0, 1, 2)
                         AND c.cmrv_id IS NULL AND c.cnta_amreferenciaconta = 202505 AND c.cnta_dtvencimentoconta < $2
                         AND NOT EXISTS (SELECT 1 FROM arrecadacao.pagamento p WHERE p.cnta_id = c.cnta_id))
                ORDER BY m.imov_id LIMIT 1
                """, [CivilDate(year: 2025, month: 3, day: 20)!, limite]
            ).first?.decode((Int, Int).self))
            let guiasAntes = try Self.guiasEmAberto(db, imovel)

            // The agreement on 20/03/2025 over the bills up to 03/2025: installments due 25/03, 24/04
            // and 24/05, custas and honorários due 25/03; none paid, so the daily batch of 27/03 issues
            // the lost-discount guia, due 26/04.
            let p = try Self.pedido(
                db, imovel: imovel, cliente: cliente, sequencial: 41, data: CivilDate(year: 2025, month: 3, day: 20)!,
                primeiro: CivilDate(year: 2025, month: 3, day: 25)!, referenciaFinal: 202503)
            let id = try EfetuarParcelamento.efetuar(p, db: db).0.parcelamento
            let lote = try db.withTransaction { try PerdaDescontoDiaria.gerar(hoje: CivilDate(year: 2025, month: 3, day: 27)!, db: $0, logger: quietLogger) }
            #expect(lote.guias.count == 1)
            let parceladas = try Self.contasDoAcordo(db, id)
            let guiasAcordo = try Self.guiasDoAcordo(db, id)
            #expect(parceladas.count >= 2)

            // The aviso's EMITIR, as the documentos worker runs it.
            let contexto = try db.withTransaction { try ContextoComando.carregar(.cronograma(caac), db: $0) }
            for parte in try db.withTransaction({ try contexto.rotas(db: $0) }) {
                _ = try db.withTransaction { try SelecaoRota(logger: quietLogger).processar(parte, contexto: contexto, db: $0) }
            }
            _ = try db.withTransaction { try LimiteComando(logger: quietLogger).aplicar(contexto, db: $0) }
            let (documento, valorDocumento) = try #require(try db.query(
                "SELECT cbdo_id, cbdo_vldocumento FROM cobranca.cobranca_documento WHERE caac_id = $1 AND imov_id = $2",
                [caac, imovel]).first?.decode((Int64, Centavos).self), "o aviso de corte do imóvel")
            let itens = try db.query(
                "SELECT cnta_id, gpag_id, cdit_vlitemcobrado FROM cobranca.cobranca_documento_item WHERE cbdo_id = $1", [documento]
            ).map { try $0.decode((Int64?, Int64?, Centavos).self) }
            let contasItens = Set(itens.compactMap(\.0))
            let guiasItens = Set(itens.compactMap(\.1))
            // Bills: the overdue ones outside the agreement (04 and 05/2025), none of the agreement's.
            let abertas = try Self.contasEmAberto(db, imovel)
            let esperadas = Set(abertas.filter { !$0.value.3 && $0.value.2 < limite }.keys)
            #expect(contasItens == esperadas && !esperadas.isEmpty && contasItens.isDisjoint(with: parceladas))
            // Guias: the imóvel's overdue ones — every guia of the agreement, overdue by more than the
            // parameter's days at the aviso's date, the lost-discount guia included.
            let guiasAgora = try Self.guiasEmAberto(db, imovel)
            #expect(guiasItens == Set(guiasAgora.filter { $0.value.1 < limite }.keys))
            let cobradasDoAcordo = guiasItens.intersection(guiasAcordo.keys).compactMap { guiasAcordo[$0] }
            #expect(cobradasDoAcordo.map(\.tipo).sorted() == [119, 119, 119, 121, 122, 123])
            #expect(cobradasDoAcordo.filter { $0.tipo == 119 }.map(\.prestacao).sorted() == [1, 2, 3])
            #expect(Set(guiasAgora.keys) == Set(guiasAntes.keys).union(guiasAcordo.keys))
            #expect(valorDocumento == itens.reduce(Centavos.zero) { $0 + $1.2 })

            // The route file of rota 1 for 06/2025 (group 1 reads on the 3rd; the aviso is from the 30
            // days before): the imóvel's 07 lines are the aviso's bills, none of the agreement's, and
            // its 01.53 barcode carries the aviso's value, the agreement's guias (the lost-discount
            // guia too) included.
            let pasta = NSTemporaryDirectory() + "gsan-pj-rotas-" + UUID().uuidString
            defer { try? FileManager.default.removeItem(atPath: pasta) }
            let r = try db.withTransaction { db in
                try GeracaoRota(configuracao: ConfiguracaoRotas(pasta: pasta), logger: quietLogger)
                    .gerar(ParteRota(grupoFaturamento: 1, referencia: 202506, rota: 1), db: db)
            }
            #expect(r.situacao == .gerado, "\(r)")
            var registros: [[String]] = []
            for row in try db.query(
                """
                SELECT a.txre_artexto FROM micromedicao.arquivo_texto_rota a WHERE a.rota_id = 1 AND NOT EXISTS
                    (SELECT 1 FROM micromedicao.arquivo_texto_rota_parte p WHERE p.txre_id = a.txre_id)
                UNION ALL
                SELECT p.tred_artextoparte FROM micromedicao.arquivo_texto_rota_parte p
                JOIN micromedicao.arquivo_texto_rota a USING (txre_id) WHERE a.rota_id = 1
                """)
            {
                let texto = MontagemArquivo.texto(try Gzip.descomprimir(row.decode([UInt8].self, at: 0)))
                registros += texto.split(separator: "\n").map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
            }
            let matricula = String(imovel)
            let um = try #require(registros.first { $0.first == "01" && $0.count > 53 && $0[1] == matricula }, "o registro 01 do imóvel")
            #expect(um[51] == String(documento), "01.52: o aviso de corte")
            // 01.53: 48 digits, 4 blocks of 11 + check digit; the value is positions 5–15 of the 44.
            let codigo = um[52].enumerated().filter { ($0.offset + 1) % 12 != 0 }.map(\.element)
            #expect(codigo.count == 44 && Int64(String(codigo[4..<15])) == valorDocumento.value, "\(um[52]) \(valorDocumento)")
            let referenciasDoAcordo = Set(try db.query(
                "SELECT cnta_amreferenciaconta::int FROM faturamento.conta WHERE cnta_id = ANY($1::bigint[])", [PostgresArray(Array(parceladas))]
            ).map { String(try $0.decode(Int.self, at: 0)) })
            let sete = registros.filter { $0.first == "07" && $0.count > 2 && $0[1] == matricula }.map { $0[2] }
            let referenciasCobradas = Set(abertas.filter { contasItens.contains($0.key) }.values.map { String($0.0) })
            #expect(Set(sete) == referenciasCobradas && sete.count == contasItens.count, "\(sete)")
            #expect(referenciasDoAcordo.isDisjoint(with: sete))
        }
    }
}
