import Foundation
import GSANDatabase
import GSANModel
import GSANSupport
import JobRuntime
import ParcelamentoJudicial
import ParcelamentoJudicialRegras
import Postgres
import TestSupport
import Testing

/// simular, efetuar, consultar, cancelar and the guias against a generated utility: one agreement
/// for an imóvel JusCompesa put in judicial collection.
@Suite(.serialized) struct ParcelamentoTests {
    @Test func simularWritesNothingAndEfetuarWritesOnceForTheSameRequest() async throws {
        try await withUtility { db, _ in
            let alvo = try #require(try imoveisEmCobrancaJudicial(db).first, "o gerador põe imóveis em cobrança judicial")
            let p = try pedido(db, imovel: alvo.imovel, cliente: alvo.cliente, sequencial: 1)
            let antes = try linhasGravadas(db)
            let s = try db.withTransaction(readOnly: true) { try SimulacaoParcelamento.simular(p, db: $0) }
            #expect(try linhasGravadas(db) == antes)
            #expect(s.debito.itens.contains { $0.conta.motivoRevisao == 6 }, "contas em revisão por cobrança judicial entram")
            #expect(s.recusadas.allSatisfy { !$0.motivo.isEmpty })

            let (primeiro, _) = try EfetuarParcelamento.efetuar(p, db: db)
            let depois = try linhasGravadas(db)
            let (segundo, nada) = try EfetuarParcelamento.efetuar(p, db: db)
            #expect(primeiro.novo && !segundo.novo && segundo.parcelamento == primeiro.parcelamento && nada == nil)
            #expect(try linhasGravadas(db) == depois, "o mesmo pedido de novo não grava nada")
            let id = primeiro.parcelamento
            // 3 parcelas + custas + honorários; the installments add up to the acordo; the bills are PARCELADA and linked.
            #expect(depois[3] - antes[3] == 5)
            #expect(try contar(db, "SELECT (sum(gpag_vldebito) * 100)::int FROM faturamento.guia_pagamento WHERE pjud_id = $1 AND dbtp_id = 119", [id])
                == Int(s.acordo.valorAcordo.value))
            #expect(try contar(db, "SELECT count(*) FROM faturamento.conta WHERE pjud_id = $1 AND dcst_idatual = 5", [id]) == s.debito.itens.count)
            // Items kept one by one: each guia's débito items add up to its value.
            #expect(try contar(db, """
                SELECT count(*) FROM faturamento.guia_pagamento g
                WHERE g.pjud_id = $1 AND g.gpag_vldebito <> (SELECT sum(i.gpit_vlitem) FROM faturamento.guia_pagamento_item i
                                                             WHERE i.gpag_id = g.gpag_id AND i.dbtp_id IS NOT NULL)
                """, [id]) == 0)
            let c = try ConsultaParcelamento.carregar(id, db: db)
            #expect(c.processo == s.acordo.processo.numero && c.guias.count == 5 && c.desconto == s.acordo.desconto.valor)
            #expect(c.guias.filter { $0.tipo == 119 }.map { $0.situacao(hoje: CivilDate(year: 2025, month: 6, day: 26)!) }
                == ["em atraso", "em aberto", "em aberto"])
        }
    }

    /// An entrada: its guia (débito tipo 118, due on the agreement's date) with its item and its
    /// share of the discount; the installments split the rest; the agreement records it; a late
    /// entrada loses the discount like a late installment.
    @Test func aEntradaTemSuaGuia118() async throws {
        try await withUtility { db, _ in
            let alvo = try #require(try imoveisEmCobrancaJudicial(db).first)
            var p = try pedido(db, imovel: alvo.imovel, cliente: alvo.cliente, sequencial: 4)
            let acordo = try #require(p.negociacao.valorAcordo)
            let entrada = Centavos(acordo.value / 4)
            p.negociacao.entrada = entrada
            let (feito, s) = try EfetuarParcelamento.efetuar(p, db: db)
            let id = feito.parcelamento
            let plano = try #require(s?.acordo.plano)
            #expect(try contar(db, "SELECT pjud_icentrada::int FROM cobranca.parcelamento_judicial WHERE pjud_id = $1", [id]) == 1)
            #expect(try contar(db, "SELECT (pjud_vlentrada * 100)::int FROM cobranca.parcelamento_judicial WHERE pjud_id = $1", [id]) == Int(entrada.value))
            #expect(try contar(db, """
                SELECT count(*) FROM faturamento.guia_pagamento g
                WHERE g.pjud_id = $1 AND g.dbtp_id = 118 AND g.gpag_dtvencimento = $2 AND (g.gpag_vldebito * 100)::int = $3
                  AND EXISTS (SELECT 1 FROM faturamento.guia_pagamento_item i WHERE i.gpag_id = g.gpag_id AND i.dbtp_id = 118
                                AND (i.gpit_vlitem * 100)::int = $3)
                """, [id, dataAcordo, Int(entrada.value)]) == 1)
            #expect(try contar(db, "SELECT (sum(gpag_vldebito) * 100)::int FROM faturamento.guia_pagamento WHERE pjud_id = $1 AND dbtp_id = 119", [id])
                == Int((acordo - entrada).value))
            // The discount's credit items add up to the whole discount.
            #expect(try contar(db, """
                SELECT (sum(i.gpit_vlitem) * 100)::int FROM faturamento.guia_pagamento_item i JOIN faturamento.guia_pagamento g USING (gpag_id)
                WHERE g.pjud_id = $1 AND i.crti_id IS NOT NULL
                """, [id]) == Int(try #require(s?.acordo.desconto.valor).value))
            #expect(plano.entrada?.valor == entrada)
            // Unpaid the day after: the daily batch issues the lost-discount guia naming the entrada.
            _ = try db.withTransaction { try PerdaDescontoDiaria.gerar(hoje: dataAcordo.adding(days: 1), db: $0, logger: quietLogger) }
            #expect(try db.query("SELECT gpag_dsobservacao FROM faturamento.guia_pagamento WHERE pjud_id = $1 AND dbtp_id = 123", [id])
                .map { try $0.decode(String.self, at: 0) } == ["PERDA DO DESCONTO: ENTRADA EM ATRASO, PROCESSO \(s?.acordo.processo.numero ?? "")"])
        }
    }

    @Test func refusalsWriteNothing() async throws {
        try await withUtility { db, _ in
            let alvos = try imoveisEmCobrancaJudicial(db)
            let alvo = try #require(alvos.first)
            let antes = try linhasGravadas(db)
            var acima = try pedido(db, imovel: alvo.imovel, cliente: alvo.cliente, sequencial: 2)
            let debito = try db.withTransaction(readOnly: true) { try SimulacaoParcelamento.simular(acima, db: $0) }.acordo.debito
            acima.negociacao.valorAcordo = debito + Centavos(1)
            var mensagens: [String] = []
            for p in [
                acima,
                { var p = acima; p.negociacao.valorAcordo = debito; p.negociacao.processo = "0000002-00.2025.8.17.0001"; return p }(),
                { var p = acima; p.filtro.imoveis = [99_999_999]; return p }(),
                { var p = acima; p.negociacao.valorAcordo = debito; p.negociacao.advogado = 99_999_999; p.negociacao.oab = "PE1"; return p }(),
            ] {
                do {
                    _ = try EfetuarParcelamento.efetuar(p, db: db)
                    Issue.record("aceito: \(p)")
                } catch {
                    mensagens.append("\(error)")
                }
            }
            #expect(mensagens == [
                "Valor do acordo (\(debito + Centavos(1))) maior que o valor do débito (\(debito)).",
                "Número do processo judicial inválido: 0000002-00.2025.8.17.0001 (dígito verificador não confere; o correto é "
                    + "\(zeroPadded(ProcessoJudicial.digitoVerificador(sequencial: 2, ano: 2025, segmento: 8, tribunal: 17, origem: 1), 2))).",
                "Imóvel 99999999 inexistente.",
                "Advogado 99999999 não está no cadastro de clientes da companhia.",
            ])
            #expect(try linhasGravadas(db) == antes)
            // The same process in a second agreement (another imóvel) is refused.
            let (feito, _) = try EfetuarParcelamento.efetuar(try pedido(db, imovel: alvo.imovel, cliente: alvo.cliente, sequencial: 3), db: db)
            let outro = try #require(alvos.dropFirst().first)
            let depois = try linhasGravadas(db)
            #expect(throws: (any Error).self) {
                try EfetuarParcelamento.efetuar(try pedido(db, imovel: outro.imovel, cliente: outro.cliente, sequencial: 3), db: db)
            }
            do {
                _ = try EfetuarParcelamento.efetuar(try pedido(db, imovel: outro.imovel, cliente: outro.cliente, sequencial: 3), db: db)
            } catch {
                #expect("\(error)" == "Processo judicial \(ProcessoJudicial(sequencial: 3, ano: 2025, segmento: 8, tribunal: 17, origem: 1)!) "
                    + "já pertence ao parcelamento judicial \(feito.parcelamento).")
            }
            #expect(try linhasGravadas(db) == depois)
        }
    }

    @Test func cancelarPutsTheBillsBackUnlessAGuiaWasPaid() async throws {
        try await withUtility { db, _ in
            let alvos = try imoveisEmCobrancaJudicial(db)
            let (a, b) = (try #require(alvos.first), try #require(alvos.dropFirst().first))
            let situacaoAntes = try db.query(
                "SELECT cnta_id, dcst_idatual::int FROM faturamento.conta WHERE imov_id = $1 ORDER BY cnta_id", [a.imovel]
            ).map { try $0.decode((Int64, Int).self) }
            let (um, _) = try EfetuarParcelamento.efetuar(try pedido(db, imovel: a.imovel, cliente: a.cliente, sequencial: 4), db: db)
            let r = try CancelarParcelamento.cancelar(um.parcelamento, db: db)
            #expect(r.guias == 5 && r.contas > 0)
            let situacaoDepois = try db.query(
                "SELECT cnta_id, dcst_idatual::int FROM faturamento.conta WHERE imov_id = $1 ORDER BY cnta_id", [a.imovel]
            ).map { try $0.decode((Int64, Int).self) }
            #expect(situacaoDepois.map { "\($0.0):\($0.1)" } == situacaoAntes.map { "\($0.0):\($0.1)" })
            #expect(throws: (any Error).self) { try CancelarParcelamento.cancelar(um.parcelamento, db: db) }
            // Cancelled, its bills may enter a new agreement with the same process.
            _ = try EfetuarParcelamento.efetuar(try pedido(db, imovel: a.imovel, cliente: a.cliente, sequencial: 4, parcelas: 2), db: db)

            let (dois, _) = try EfetuarParcelamento.efetuar(try pedido(db, imovel: b.imovel, cliente: b.cliente, sequencial: 5), db: db)
            try db.execute(
                """
                INSERT INTO arrecadacao.pagamento (imov_id, gpag_id, pgmt_amreferenciaarrecadacao, pgmt_dtpagamento, pgmt_vlpagamento)
                SELECT imov_id, gpag_id, 202506, '2025-06-24', gpag_vldebito FROM faturamento.guia_pagamento
                WHERE pjud_id = $1 AND dbtp_id = 119 AND gpag_nnprestacaodebito = 1
                """, [dois.parcelamento])
            let antes = try linhasGravadas(db)
            do {
                _ = try CancelarParcelamento.cancelar(dois.parcelamento, db: db)
                Issue.record("cancelado com parcela paga")
            } catch {
                #expect("\(error)" == "Parcelamento judicial \(dois.parcelamento) não pode ser cancelado: a parcela 1/3 foi paga em 24/06/2025.")
            }
            #expect(try linhasGravadas(db) == antes)
        }
    }

    @Test func theGuiasPDFHasAPagePerGuiaAndTheSameBytesTwice() async throws {
        try await withUtility { db, _ in
            let alvo = try #require(try imoveisEmCobrancaJudicial(db).first)
            let (r, _) = try EfetuarParcelamento.efetuar(try pedido(db, imovel: alvo.imovel, cliente: alvo.cliente, sequencial: 6), db: db)
            let pasta = FileManager.default.temporaryDirectory.appendingPathComponent("gsan-pj-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: pasta) }
            let dir = DiretorioGuias(raiz: pasta)
            let (caminho, guias) = try GuiasPDF.gerar(parcelamento: r.parcelamento, diretorio: dir, db: db)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: caminho))
            _ = try GuiasPDF.gerar(parcelamento: r.parcelamento, diretorio: dir, db: db)
            #expect(try Data(contentsOf: URL(fileURLWithPath: caminho)) == bytes)
            #expect(guias == 5 && bytes.starts(with: Array("%PDF-".utf8)))
            // The same bytes in the database, which any machine can export (gsan arquivos).
            let guardados = try ArquivosGerados.listar(tipo: .guiasParcelamento, origem: "parcelamento-\(r.parcelamento)", db: db)
            #expect(guardados.map(\.chave) == [URL(fileURLWithPath: caminho).lastPathComponent])
            #expect(guardados.first?.sha256 == SHA256.hex(bytes) && guardados.first?.tamanho == Int64(bytes.count))
            let permissoes = try FileManager.default.attributesOfItem(atPath: caminho)[.posixPermissions] as? Int
            #expect(permissoes == 0o640)
            let uma = try #require(try ConsultaParcelamento.carregar(r.parcelamento, db: db).guias.last)
            let (so, n) = try GuiasPDF.gerar(parcelamento: r.parcelamento, guia: uma.id, diretorio: dir, db: db)
            #expect(n == 1 && so.hasSuffix("-guia-\(zeroPadded(Int(uma.id), 10)).pdf"))
            #expect(throws: (any Error).self) { try GuiasPDF.gerar(parcelamento: r.parcelamento, guia: 1, diretorio: dir, db: db) }
        }
    }

    /// The product's other CNJ check, the database's (used by JusCompesa and the table's CHECK),
    /// against the seed's formula over 10,000 random numbers and the 00/01/99 aliases.
    @Test func theDatabasesCheckAgreesWithTheSeedsFormula() async throws {
        try await withScratchDatabase(migrations: nil) { url in
            let db = try connect(url)
            defer { db.close() }
            var sorteio = SystemRandomNumberGenerator()
            var numeros: [String] = []
            var esperado: [Bool] = []
            for _ in 0..<10_000 {
                let partes = (Int.random(in: 0...9_999_999, using: &sorteio), Int.random(in: 0...9999, using: &sorteio),
                              Int.random(in: 0...9, using: &sorteio), Int.random(in: 0...99, using: &sorteio), Int.random(in: 0...9999, using: &sorteio))
                let dv = ProcessoJudicialDaSemente.dv(partes.0, partes.1, partes.2, partes.3, partes.4)
                let qualquer = Int.random(in: 0...99, using: &sorteio)
                for d in [dv, qualquer] {
                    numeros.append(ProcessoJudicialDaSemente.formatar(partes.0, d, partes.1, partes.2, partes.3, partes.4))
                    esperado.append(d == dv)
                }
            }
            let valido = try db.query("SELECT cobranca.processo_judicial_valido(n) FROM unnest($1::text[]) WITH ORDINALITY AS t(n, i) ORDER BY i",
                                      [PostgresArray(numeros)]).map { try $0.decode(Bool.self, at: 0) }
            #expect(valido == esperado)
            #expect(numeros.map(ProcessoJudicial.valido) == esperado)
        }
    }
}

/// The seed's formula, as the test reads it (see ProcessoJudicialTests).
enum ProcessoJudicialDaSemente {
    static func dv(_ n: Int, _ aaaa: Int, _ j: Int, _ tr: Int, _ oooo: Int) -> Int {
        let numero = Int128(n) * 100_000_000_000 + Int128(aaaa) * 10_000_000 + Int128(j) * 1_000_000 + Int128(tr) * 10_000 + Int128(oooo)
        return 98 - Int((numero * 100) % 97)
    }

    static func formatar(_ n: Int, _ dv: Int, _ aaaa: Int, _ j: Int, _ tr: Int, _ oooo: Int) -> String {
        "\(zeroPadded(n, 7))-\(zeroPadded(dv, 2)).\(zeroPadded(aaaa, 4)).\(j).\(zeroPadded(tr, 2)).\(zeroPadded(oooo, 4))"
    }
}
