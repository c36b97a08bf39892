import EncerramentoOS
import EncerramentoRegras
import FiscalizacaoRegras
import Foundation
import GSANModel
import GSANSupport
import ImagemJPEG
import Postgres
import TestSupport
import Testing

/// The return of a fiscalização OS against a real database (seed 002 §2.4.2, §1.2.4): every effect in
/// one transaction, the débitos hand-computed, a second return that never charges twice, the bulk file.
@Suite struct RetornoFiscalizacaoTests {
    static let hoje = data("20/06/2025")

    /// An imóvel under a tariff of the test's own — category 1: R$ 25,00 up to 10 m³, R$ 3,00 (11–20),
    /// R$ 5,00 (21+) — cut on `corte`, with `economias` residential economias and these billed consumptions.
    static func imovel(_ db: PostgresConnection, indice: Int, economias: Int, corte: String?, consumos: [(Int, Int)]) throws -> Int {
        if try db.query("SELECT 1 FROM faturamento.consumo_tarifa WHERE cstf_id = 9").first == nil {
            try db.execute("INSERT INTO faturamento.consumo_tarifa (cstf_id, cstf_dsconsumotarifa) VALUES (9, 'TARIFA DO TESTE')")
            try db.execute("INSERT INTO faturamento.consumo_tarifa_vigencia (cstv_id, cstf_id, cstv_dtvigencia) VALUES (9, 9, '2020-01-01')")
            try db.execute(
                """
                INSERT INTO faturamento.consumo_tarifa_categoria (cstc_id, cstv_id, catg_id, cstc_nnconsumominimo, cstc_vltarifaminima)
                VALUES (901, 9, 1, 10, 25.00)
                """)
            try db.execute(
                """
                INSERT INTO faturamento.consumo_tarifa_faixa (cstc_id, ctfx_nnconsumofaixainicio, ctfx_nnconsumofaixafim, ctfx_vlconsumotarifa)
                VALUES (901, 0, 10, 0), (901, 11, 20, 3.00), (901, 21, 999999, 5.00)
                """)
        }
        let id = try db.query("SELECT imov_id FROM cadastro.imovel ORDER BY imov_id OFFSET $1 LIMIT 1", [indice])[0].decode(Int.self, at: 0)
        try db.execute("DELETE FROM cadastro.imovel_subcategoria WHERE imov_id = $1", [id])
        try db.execute("INSERT INTO cadastro.imovel_subcategoria (imov_id, scat_id, imsc_qteconomia) VALUES ($1, 1, $2)", [id, economias])
        try db.execute("UPDATE cadastro.imovel SET cstf_id = 9, last_id = 5, lest_id = 1, imov_qteconomia = $2, cbsp_id = NULL WHERE imov_id = $1",
                       [id, economias])
        try db.execute(
            """
            INSERT INTO atendimentopublico.ligacao_agua (lagu_id, lagu_dtligacaoagua, lagu_dtcorte) VALUES ($1, '2015-01-01', $2)
            ON CONFLICT (lagu_id) DO UPDATE SET lagu_dtcorte = EXCLUDED.lagu_dtcorte, lagu_dtreligacaoagua = NULL
            """, [id, corte.map(data)])
        try db.execute("DELETE FROM micromedicao.consumo_historico WHERE imov_id = $1", [id])
        for (referencia, consumo) in consumos {
            try db.execute(
                """
                INSERT INTO micromedicao.consumo_historico (imov_id, lgti_id, cshi_amfaturamento, cshi_nnconsumofaturadomes, cstp_id)
                VALUES ($1, 1, $2, $3, (SELECT min(cstp_id) FROM micromedicao.consumo_tipo))
                """, [id, referencia, consumo])
        }
        return id
    }

    /// A pending fiscalização OS (service 705) of the imóvel, emitted on 02/06/2025.
    static func ordemFiscalizacao(_ db: PostgresConnection, imovel: Int, referencia: Int64? = nil) throws -> Int64 {
        try db.query(
            """
            INSERT INTO atendimentopublico.ordem_servico (svtp_id, imov_id, orse_idreferencia, orse_tmgeracao, orse_tmemissao)
            VALUES (705, $1, $2, '2025-06-02 09:00-03', '2025-06-02 09:00-03') RETURNING orse_id
            """, [imovel, referencia])[0].decode(Int64.self, at: 0)
    }

    static func informar(_ db: PostgresConnection, _ p: RetornoFiscalizacao.Pedido, usuario: String = "FISCAL") throws -> RetornoFiscalizacaoOS.Resultado {
        try RetornoFiscalizacaoOS.informar(p, usuario: usuario, hoje: hoje, fotos: { [] }, db: db)
    }

    static func recusa(_ db: PostgresConnection, _ p: RetornoFiscalizacao.Pedido, usuario: String = "FISCAL") -> String? {
        recusaDe { _ = try informar(db, p, usuario: usuario) }
    }

    static func debitos(_ db: PostgresConnection, os: Int64) throws -> [[String]] {
        try linhas(db, "SELECT dbtp_id::text, dbac_vldebito::text, fzst_id::text FROM faturamento.debito_a_cobrar WHERE orse_id = $1 ORDER BY 1",
                   [os])
    }

    @Test func aClandestineReconnectionIsReconnectedChargedAndClosedInOneGo() async throws {
        try await comCompanhia(imoveis: 80) { db, _ in
            // Cut on 10/01/2025, inspected on 20/06/2025: 5 whole months. The average of the billed months up to the
            // cut (11/2024 20, 12/2024 16, 01/2025 18; 03/2025 after the cut does not count) is 18 m³:
            // 25,00 + 8 × 3,00 = 49,00 a month, × 5 = 245,00. One economia: multa 25,00.
            let imovel = try Self.imovel(db, indice: 3, economias: 1, corte: "10/01/2025",
                                         consumos: [(202411, 20), (202412, 16), (202501, 18), (202503, 99)])
            let os = try Self.ordemFiscalizacao(db, imovel: imovel)
            var p = RetornoFiscalizacao.Pedido(ordem: os, situacoes: [2], documento: .autoInfracao)
            p.encerrar = true
            p.parecer = "RAMAL RELIGADO SEM AUTORIZACAO"
            p.observacao = "LACRE ROMPIDO"
            let r = try Self.informar(db, p)
            #expect(r.novaAgua == "LIGADO")
            #expect(r.debitos.map(\.valor) == [Centavos(2500), Centavos(24_500)])
            #expect(r.encerrada)
            #expect(try Self.debitos(db, os: os) == [["4", "25.00", "2"], ["7", "245.00", "2"]])
            #expect(try linhas(db, """
                SELECT m.last_id::text, m.cbsp_id::text, m.imov_qtinfracoes::text, m.imov_dtultimainfracao::text, l.lagu_dtreligacaoagua::text
                FROM cadastro.imovel m JOIN atendimentopublico.ligacao_agua l ON l.lagu_id = m.imov_id WHERE m.imov_id = $1
                """, [imovel]) == [["3", "2", "1", "2025-06-20", "2025-06-20"]])
            #expect(try linhas(db, """
                SELECT cbsp_id::text, cbsm_id::text, cbsh_amcobrancasituacaoinicio::text, cbsh_amcobrancasituacaofim::text
                FROM cobranca.cobranca_situacao_hist WHERE imov_id = $1
                """, [imovel]) == [["2", "5", "202506", "202605"]])
            #expect(try linhas(db, """
                SELECT o.orse_cdsituacao::text, o.amen_id::text, o.orse_dsparecerencerramento, r.ofrt_cddocumentoentregue::text,
                       r.ofrt_dsobservacao, r.usur_id::text, (SELECT string_agg(fzst_id::text, ',') FROM atendimentopublico.os_fiscalizacao_situacao s
                                                         WHERE s.orse_id = o.orse_id)
                FROM atendimentopublico.ordem_servico o JOIN atendimentopublico.os_fiscalizacao_retorno r USING (orse_id) WHERE o.orse_id = $1
                """, [os]) == [["2", "2", "RAMAL RELIGADO SEM AUTORIZACAO", "2", "LACRE ROMPIDO", "2", "2"]])
            // Closed: a second return is refused with the situação's description.
            #expect(Self.recusa(db, p) == "Esta Ordem de Serviço está Encerrada.")
        }
    }

    /// §1.3.1: a fiscalização de serviço (generated by the seletiva: it inspects an order and has no collection
    /// document) is informed within 20 days of its emission; after that the return is refused and nothing is written.
    @Test func aServiceInspectionIsRefusedAfterTwentyDays() async throws {
        try await comCompanhia(imoveis: 80) { db, _ in
            let imovel = try Self.imovel(db, indice: 4, economias: 1, corte: "10/01/2025", consumos: [(202412, 18)])
            let inspecionada = try db.query(
                """
                INSERT INTO atendimentopublico.ordem_servico (svtp_id, imov_id, orse_tmgeracao, orse_tmemissao)
                VALUES (1011, $1, '2025-05-20 09:00-03', '2025-05-20 09:00-03') RETURNING orse_id
                """, [imovel])[0].decode(Int64.self, at: 0)
            let os = try Self.ordemFiscalizacao(db, imovel: imovel, referencia: inspecionada)  // emitted 02/06/2025
            let antes = try ChecksumTabelas.calcular(db)
            let p = RetornoFiscalizacao.Pedido(ordem: os, situacoes: [2], documento: .nenhum)
            #expect(recusaDe { _ = try RetornoFiscalizacaoOS.informar(p, usuario: "FISCAL", hoje: data("23/06/2025"), fotos: { [] }, db: db) }
                    == "Fiscalização de serviço emitida em 02/06/2025 não pode mais ser informada: o prazo de 20 dias da emissão terminou em 22/06/2025.")
            #expect(try ChecksumTabelas.calcular(db) == antes, "nada gravado")
            // On the 20th day it is still accepted.
            #expect(recusaDe { _ = try RetornoFiscalizacaoOS.informar(p, usuario: "FISCAL", hoje: data("22/06/2025"), fotos: { [] }, db: db) } == nil)
        }
    }

    @Test func theFineStopsAtFourEconomiasAndAZeroValueGeneratesNoDebito() async throws {
        try await comCompanhia(imoveis: 80) { db, _ in
            // Six economias, never billed, no cut date: multa 4 × 25,00 = 100,00; consumo fraudado 0 → no débito.
            let imovel = try Self.imovel(db, indice: 5, economias: 6, corte: nil, consumos: [])
            let os = try Self.ordemFiscalizacao(db, imovel: imovel)
            let r = try Self.informar(db, .init(ordem: os, situacoes: [2], documento: .nenhum))
            #expect(r.debitos.map(\.valor) == [Centavos(10_000)])
            #expect(r.semValor == ["CONSUMO FRAUDADO"])
            #expect(try Self.debitos(db, os: os) == [["4", "100.00", "2"]])
            // Cut eight months before with an average: capped at 6 months (3 economias share 30 m³ as 10 each → 3 × 25,00 a month).
            let outro = try Self.imovel(db, indice: 6, economias: 3, corte: "15/10/2024", consumos: [(202409, 30), (202410, 30)])
            let os2 = try Self.ordemFiscalizacao(db, imovel: outro)
            _ = try Self.informar(db, .init(ordem: os2, situacoes: [2], documento: .nenhum))
            #expect(try Self.debitos(db, os: os2) == [["4", "75.00", "2"], ["7", "450.00", "2"]])
        }
    }

    @Test func aSecondReturnKeepsWhatTheFirstDidAndNeverChargesTwice() async throws {
        try await comCompanhia(imoveis: 80) { db, _ in
            let imovel = try Self.imovel(db, indice: 7, economias: 1, corte: "10/05/2025", consumos: [(202504, 12)])
            let os = try Self.ordemFiscalizacao(db, imovel: imovel)
            _ = try Self.informar(db, .init(ordem: os, situacoes: [2], documento: .nenhum))
            let antes = try Self.debitos(db, os: os)
            #expect(antes == [["4", "25.00", "2"], ["7", "31.00", "2"]])
            #expect(Self.recusa(db, .init(ordem: os, situacoes: [6], documento: .nenhum))
                    == "Não é possível desmarcar essa situação porque a situação da ligação de água do imóvel \(imovel) já foi alterada.")
            let r = try Self.informar(db, .init(ordem: os, situacoes: [2, 6], documento: .comparecimento))
            #expect(r.debitos.isEmpty && r.novaAgua == nil)
            #expect(try Self.debitos(db, os: os) == antes)
            #expect(try linhas(db, "SELECT imov_qtinfracoes::text FROM cadastro.imovel WHERE imov_id = $1", [imovel]) == [["1"]])
            #expect(try linhas(db, """
                SELECT ofrt_nnretornos::text, ofrt_cddocumentoentregue::text,
                       (SELECT string_agg(fzst_id::text, ',' ORDER BY fzst_id) FROM atendimentopublico.os_fiscalizacao_situacao s WHERE s.orse_id = r.orse_id)
                FROM atendimentopublico.os_fiscalizacao_retorno r WHERE orse_id = $1
                """, [os]) == [["2", "1", "2,6"]])
        }
    }

    /// "Atualizar Situação da Ligação de Água/Esgoto" (§2.4.2): `nao` leaves the ligação as it is (and records that it
    /// was not updated); a later return of the same OS still open may update it, once.
    @Test func theLigacaoIsUpdatedUnlessTheReturnSaysNo() async throws {
        try await comCompanhia(imoveis: 80) { db, _ in
            let imovel = try Self.imovel(db, indice: 8, economias: 1, corte: "10/05/2025", consumos: [(202504, 12)])
            let os = try Self.ordemFiscalizacao(db, imovel: imovel)
            func ligacao() throws -> [[String]] {
                try linhas(db, """
                    SELECT m.last_id::text, COALESCE(l.lagu_dtreligacaoagua::text, '-'),
                           COALESCE((SELECT ofrt_icaguaatualizada::text FROM atendimentopublico.os_fiscalizacao_retorno WHERE orse_id = $2), '-')
                    FROM cadastro.imovel m JOIN atendimentopublico.ligacao_agua l ON l.lagu_id = m.imov_id WHERE m.imov_id = $1
                    """, [imovel, os])
            }
            var p = RetornoFiscalizacao.Pedido(ordem: os, situacoes: [2], documento: .nenhum)
            p.atualizarLigacao = false
            let r = try Self.informar(db, p)
            #expect(r.novaAgua == nil)
            #expect(try ligacao() == [["5", "-", "2"]], "CORTADO, não atualizada")
            // Informed with a situação that validates no ligação (another fiscalização of the imóvel): refused.
            var outra = RetornoFiscalizacao.Pedido(ordem: try Self.ordemFiscalizacao(db, imovel: imovel), situacoes: [9], documento: .nenhum)
            outra.atualizarLigacao = true
            #expect(Self.recusa(db, outra) == RetornoFiscalizacao.mensagemAtualizarLigacao)
            // The next return (the OS still open) updates it: LIGADO, reconnected on the day.
            var q = RetornoFiscalizacao.Pedido(ordem: os, situacoes: [2], documento: .nenhum)
            q.atualizarLigacao = true
            #expect(try Self.informar(db, q).novaAgua == "LIGADO")
            #expect(try ligacao() == [["3", "2025-06-20", "1"]])
            // Updated: the option is no longer offered.
            #expect(Self.recusa(db, q) == RetornoFiscalizacao.mensagemAtualizarLigacao)
        }
    }

    @Test func refusalsWriteNothing() async throws {
        try await comCompanhia(imoveis: 80) { db, _ in
            let imovel = try Self.imovel(db, indice: 8, economias: 2, corte: "10/05/2025", consumos: [(202504, 12)])
            let os = try Self.ordemFiscalizacao(db, imovel: imovel)
            var semDebito = RetornoFiscalizacao.Pedido(ordem: os, situacoes: [2], documento: .nenhum)
            semDebito.gerarDebito = false
            #expect(Self.recusa(db, semDebito) == "Usuário não autorizado a não inclusão de débitos.")
            #expect(Self.recusa(db, semDebito, usuario: "NINGUEM") == "Usuário NINGUEM inexistente.")
            #expect(Self.recusa(db, .init(ordem: 999_999_999, situacoes: [2], documento: .nenhum)) == "Ordem de Serviço inexistente.")
            let visita = try db.query(
                """
                INSERT INTO atendimentopublico.ordem_servico (svtp_id, imov_id, orse_tmgeracao) VALUES (1011, $1, now()) RETURNING orse_id
                """, [imovel])[0].decode(Int64.self, at: 0)
            #expect(Self.recusa(db, .init(ordem: visita, situacoes: [2], documento: .nenhum))
                    == "O serviço associado a esta Ordem de Serviço não corresponde à fiscalização de infração.")
            #expect(try contar(db, "SELECT count(*) FROM atendimentopublico.os_fiscalizacao_retorno") == 0)
            #expect(try contar(db, "SELECT count(*) FROM faturamento.debito_a_cobrar WHERE orse_id IS NOT NULL") == 0)
            #expect(try linhas(db, "SELECT last_id::text FROM cadastro.imovel WHERE imov_id = $1", [imovel]) == [["5"]])
            // With the special permission: returned, reconnected, nothing charged.
            let r = try Self.informar(db, semDebito, usuario: "ADMIN")
            #expect(r.debitos.isEmpty && r.novaAgua == "LIGADO")
            #expect(try Self.debitos(db, os: os).isEmpty)
        }
    }

    @Test func anInspectedServiceFoundNotExecutedIsNotAcceptedForTheNextBulletin() async throws {
        try await comCompanhia(imoveis: 200) { db, _ in
            try emitir(db, acao: 1)
            try emitir(db, acao: 34)
            let (visita, caac, imovel) = try db.query(
                """
                SELECT o.orse_id, d.caac_id, o.imov_id FROM atendimentopublico.ordem_servico o JOIN cobranca.cobranca_documento d USING (cbdo_id)
                WHERE d.cbac_id = 34 ORDER BY o.orse_id LIMIT 1
                """)[0].decode((Int64, Int, Int).self)
            try EncerramentoInformado.encerrar(.init(ordem: visita, motivo: 2, data: data("16/06/2025")), hoje: Self.hoje, db: db)
            let os = try Self.ordemFiscalizacao(db, imovel: imovel, referencia: visita)
            var p = RetornoFiscalizacao.Pedido(ordem: os, situacoes: [7], documento: .nenhum)
            p.encerrar = true
            let r = try Self.informar(db, p)
            #expect(r.naoAceita == visita && r.encerrada)
            #expect(try linhas(db, """
                SELECT orse_id::text, caac_id::text, mnac_id::text, caon_icaceita::text, caon_icdescontado::text, caon_dsobservacao
                FROM cobranca.cob_ac_os_nao_aceitas
                """) == [["\(visita)", "\(caac)", "2", "2", "2", "FISCALIZACAO OS \(os)"]])
        }
    }

    @Test func aFileIsCheckedWholeThenAppliedOnceWithItsPhotos() async throws {
        try await comCompanhia(imoveis: 80) { db, _ in
            let a = try Self.imovel(db, indice: 10, economias: 1, corte: "10/01/2025", consumos: [(202501, 18)])
            let b = try Self.imovel(db, indice: 11, economias: 2, corte: "10/05/2025", consumos: [])
            let osA = try Self.ordemFiscalizacao(db, imovel: a)
            let osB = try Self.ordemFiscalizacao(db, imovel: b)
            let pasta = FileManager.default.temporaryDirectory.appendingPathComponent("fisc-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: pasta, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: pasta) }
            let fachada = try Self.jpeg(largura: 40, altura: 30)
            try fachada.write(to: pasta.appendingPathComponent("fachada.jpg"))
            func ler(_ nome: String) throws -> Data {
                guard let d = FileManager.default.contents(atPath: pasta.appendingPathComponent(nome).path) else {
                    throw ErroEncerramento.recusa("Arquivo \(nome) não pode ser lido.")
                }
                return d
            }
            let cabecalho = ArquivoRetornoFiscalizacao.cabecalho.joined(separator: ";")
            let ruim = "\(cabecalho)\n\(osA);2;auto;sim;;RELIGADO;;;;;;;1:fachada.jpg\n\(osB);4;nenhum;;;;;;;;;;\n"
            guard case .recusado(let total, let rejeitadas) = try ImportacaoRetornoFiscalizacao.importar(
                nome: "r.csv", conteudo: Data(ruim.utf8), usuario: "FISCAL", hoje: Self.hoje, lerFoto: ler, db: db)
            else { Issue.record("arquivo ruim aceito"); return }
            #expect(total == 2)
            #expect(rejeitadas == [.init(linha: 3, motivo:
                "Documento Entregue deve ser Notificação de Esgoto: a situação de fiscalização indica notificação de esgoto.")])
            #expect(try contar(db, "SELECT count(*) FROM atendimentopublico.os_fiscalizacao_retorno") == 0)
            let bom = "\(cabecalho)\n\(osA);2;auto;sim;;RELIGADO;;;;;;;1:fachada.jpg\n\(osB);4;notificacao-esgoto;;;;;;;;;;\n"
            guard case .importado(_, let retornos) = try ImportacaoRetornoFiscalizacao.importar(
                nome: "r.csv", conteudo: Data(bom.utf8), usuario: "FISCAL", hoje: Self.hoje, lerFoto: ler, db: db)
            else { Issue.record("arquivo bom recusado"); return }
            #expect(retornos.map(\.ordem) == [osA, osB])
            #expect(retornos[0].debitos.map(\.valor) == [Centavos(2500), Centavos(24_500)])
            #expect(try linhas(db, "SELECT orse_id::text, fotp_id::text, osft_nmarquivo, osft_dsformato, length(osft_arquivo)::text FROM atendimentopublico.os_fiscalizacao_foto")
                    == [["\(osA)", "1", "fachada.jpg", "jpg", "\(fachada.count)"]])
            guard case .jaImportado = try ImportacaoRetornoFiscalizacao.importar(
                nome: "r.csv", conteudo: Data(bom.utf8), usuario: "FISCAL", hoje: Self.hoje, lerFoto: ler, db: db)
            else { Issue.record("o mesmo arquivo importado duas vezes"); return }
            #expect(try contar(db, "SELECT count(*) FROM faturamento.debito_a_cobrar WHERE orse_id IS NOT NULL") == 2)
        }
    }

    /// A JPEG of `largura` × `altura` pixels (a gradient), written with the library the return reduces photos with.
    static func jpeg(largura: Int, altura: Int) throws -> Data {
        var rgb = [UInt8](repeating: 0, count: largura * altura * 3)
        for y in 0..<altura {
            for x in 0..<largura {
                let o = (y * largura + x) * 3
                rgb[o] = UInt8(x * 255 / max(largura - 1, 1))
                rgb[o + 1] = UInt8(y * 255 / max(altura - 1, 1))
                rgb[o + 2] = 128
            }
        }
        return try JPEG.codificar(.init(largura: largura, altura: altura, rgb: rgb))
    }

    /// Installs a meter of capacity `capacidade` at the imóvel for the tipo de medição (1 água, 2 poço), replacing one there.
    static func instalarHidrometro(_ db: PostgresConnection, imovel: Int, medicao: Int, capacidade: Int) throws {
        try db.execute(
            """
            UPDATE micromedicao.hidrometro_inst_hist SET hidi_dtretiradahidrometro = '2025-01-02', hidi_nnleituraretirada = 0
            WHERE imov_id = $1 AND medt_id = $2 AND hidi_dtretiradahidrometro IS NULL
            """, [imovel, medicao])
        let hidrometro = try db.query(
            """
            INSERT INTO micromedicao.hidrometro (hidr_id, hidr_nnhidrometro, hicp_id, hitp_id, hidr_nndigitosleitura)
            SELECT COALESCE(max(hidr_id), 0) + 1, 'T' || (COALESCE(max(hidr_id), 0) + 1), $1, 1, 5 FROM micromedicao.hidrometro
            RETURNING hidr_id
            """, [capacidade])[0].decode(Int.self, at: 0)
        try db.execute(
            """
            INSERT INTO micromedicao.hidrometro_inst_hist (hidi_id, hidr_id, imov_id, medt_id, hili_id, hidi_dtinstalacaohidrometro,
                hidi_nnleitinstalacaohidmt)
            SELECT COALESCE(max(hidi_id), 0) + 1, $1, $2, $3, 1, '2025-01-02', 0 FROM micromedicao.hidrometro_inst_hist
            """, [hidrometro, imovel, medicao])
    }

    @Test func theSewerTheMeterAndTheDemandContract() async throws {
        try await comCompanhia(imoveis: 80) { db, _ in
            let imovel = try Self.imovel(db, indice: 14, economias: 1, corte: nil, consumos: [])
            try db.execute(
                """
                INSERT INTO cadastro.contrato_demanda (imov_id, ctdm_nncontrato, ctdm_dtinicio, ctdm_nnconsumominimo) VALUES ($1, 'CD-1', '2024-01-01', 300)
                """, [imovel])
            try db.execute("UPDATE micromedicao.hidrometro_inst_hist SET hidi_dtretiradahidrometro = '2025-01-02' WHERE imov_id = $1 AND medt_id = 2 AND hidi_dtretiradahidrometro IS NULL", [imovel])
            try db.execute(
                """
                INSERT INTO atendimentopublico.ligacao_esgoto (lesg_id, lesg_dtligacao, lesg_pcesgoto) VALUES ($1, '2015-01-01', 80)
                ON CONFLICT (lesg_id) DO UPDATE SET lesg_dtligacao = EXCLUDED.lesg_dtligacao
                """, [imovel])
            // 5 HIDROMETRO SUBDIMENSIONADO (validates the capacity: 1,5 or 3,0 m³/h; tipo de medição; suspends the demand
            // contract); 3 LIGACAO DE ESGOTO CLANDESTINA (esgoto LIGADO with the ligação's date, multa of its own tipo: 25,00).
            // No meter on the poço: the situação does not apply, the return is recorded without effects.
            let semHidrometro = try Self.ordemFiscalizacao(db, imovel: imovel)
            var p = RetornoFiscalizacao.Pedido(ordem: semHidrometro, situacoes: [5, 3], documento: .nenhum)
            p.tipoMedicao = .poco
            let nada = try Self.informar(db, p)
            #expect(nada.semEfeitos == "O imóvel \(imovel) não tem hidrômetro instalado no poço: a situação HIDROMETRO SUBDIMENSIONADO não se "
                    + "aplica e o retorno é registrado sem os seus efeitos.")
            #expect(nada.novaEsgoto == nil && nada.debitos.isEmpty && nada.dataLigacaoEsgoto == nil)
            #expect(try Self.debitos(db, os: semHidrometro).isEmpty)
            #expect(try linhas(db, "SELECT ctdm_cdsituacao::text FROM cadastro.contrato_demanda WHERE imov_id = $1", [imovel]) == [["1"]])
            #expect(try linhas(db, """
                SELECT m.lest_id::text, m.imov_qtinfracoes::text, l.lesg_dtligacao::text FROM cadastro.imovel m
                JOIN atendimentopublico.ligacao_esgoto l ON l.lesg_id = m.imov_id WHERE m.imov_id = $1
                """, [imovel]) == [["1", "0", "2015-01-01"]])
            #expect(try linhas(db, """
                SELECT (SELECT string_agg(fzst_id::text, ',' ORDER BY fzst_id) FROM atendimentopublico.os_fiscalizacao_situacao s WHERE s.orse_id = r.orse_id),
                       ofrt_icesgotoatualizado::text
                FROM atendimentopublico.os_fiscalizacao_retorno r WHERE orse_id = $1
                """, [semHidrometro]) == [["3,5", "2"]])
            // A poço meter of 10 m³/h: not a capacity of the situação — still without effects.
            try Self.instalarHidrometro(db, imovel: imovel, medicao: 2, capacidade: 4)
            var grande = RetornoFiscalizacao.Pedido(ordem: try Self.ordemFiscalizacao(db, imovel: imovel), situacoes: [5, 3], documento: .nenhum)
            grande.tipoMedicao = .poco
            #expect(try Self.informar(db, grande).semEfeitos == "O hidrômetro no poço do imóvel \(imovel) tem capacidade 10 M3/H, que não é das "
                    + "capacidades da situação HIDROMETRO SUBDIMENSIONADO: o retorno é registrado sem os seus efeitos.")
            // 3,0 m³/h: the situações act.
            try Self.instalarHidrometro(db, imovel: imovel, medicao: 2, capacidade: 2)
            let os = try Self.ordemFiscalizacao(db, imovel: imovel)
            p.ordem = os
            let r = try Self.informar(db, p)
            #expect(r.semEfeitos == nil && r.dataLigacaoEsgoto == Self.hoje)
            #expect(try linhas(db, "SELECT lesg_dtligacao::text FROM atendimentopublico.ligacao_esgoto WHERE lesg_id = $1", [imovel]) == [["2025-06-20"]])
            #expect(r.novaEsgoto == "LIGADO" && r.novaAgua == nil)
            #expect(try Self.debitos(db, os: os) == [["4", "25.00", "3"]])
            #expect(try linhas(db, "SELECT ctdm_cdsituacao::text, ctdm_dtsituacao::text, orse_idsuspensao::text FROM cadastro.contrato_demanda WHERE imov_id = $1",
                               [imovel]) == [["2", "2025-06-20", "\(os)"]])
            #expect(try linhas(db, "SELECT medt_id::text, ofrt_icesgotoatualizado::text FROM atendimentopublico.os_fiscalizacao_retorno WHERE orse_id = $1",
                               [os]) == [["2", "1"]])
            #expect(try linhas(db, "SELECT lest_id::text, imov_qtinfracoes::text FROM cadastro.imovel WHERE imov_id = $1", [imovel]) == [["3", "1"]])
        }
    }

    /// 12 LIGACAO ANTIGA SEM CADASTRO validates the ligação de água (→ LIGADO) and alters its date: the ligação's date
    /// becomes the return's day; 2 RELIGADO CLANDESTINAMENTE does not alter it (the religação has a date of its own).
    @Test func theLigacaoDateIsTheReturnsDayWhenTheSituacaoAltersIt() async throws {
        try await comCompanhia(imoveis: 80) { db, _ in
            let imovel = try Self.imovel(db, indice: 15, economias: 1, corte: "10/05/2025", consumos: [(202504, 12)])
            let r = try Self.informar(db, .init(ordem: try Self.ordemFiscalizacao(db, imovel: imovel), situacoes: [12], documento: .nenhum))
            #expect(r.novaAgua == "LIGADO" && r.dataLigacaoAgua == Self.hoje)
            #expect(try linhas(db, """
                SELECT m.last_id::text, l.lagu_dtligacaoagua::text FROM cadastro.imovel m JOIN atendimentopublico.ligacao_agua l ON l.lagu_id = m.imov_id
                WHERE m.imov_id = $1
                """, [imovel]) == [["3", "2025-06-20"]])
            let outro = try Self.imovel(db, indice: 16, economias: 1, corte: "10/05/2025", consumos: [(202504, 12)])
            let ligacao = try linhas(db, "SELECT lagu_dtligacaoagua::text FROM atendimentopublico.ligacao_agua WHERE lagu_id = $1", [outro])
            let religado = try Self.informar(db, .init(ordem: try Self.ordemFiscalizacao(db, imovel: outro), situacoes: [2], documento: .nenhum))
            #expect(religado.novaAgua == "LIGADO" && religado.dataLigacaoAgua == nil)
            #expect(try linhas(db, "SELECT lagu_dtligacaoagua::text, lagu_dtreligacaoagua::text FROM atendimentopublico.ligacao_agua WHERE lagu_id = $1",
                               [outro]) == [[ligacao.first?.first ?? "?", "2025-06-20"]])
        }
    }

    /// Seed 002 §2.4.2, "Arquivo": a .jpg larger than the system parameters' width or height is reduced to fit them, its
    /// proportions kept; one within them, and the .pdf, are stored as they came; a .jpg that is no JPEG is refused.
    @Test func aPhotoLargerThanTheParametersIsReducedToThem() async throws {
        try await comCompanhia(imoveis: 80) { db, _ in
            try db.execute("UPDATE cadastro.sistema_parametros SET parm_nnlarguramaximafoto = 800, parm_nnalturamaximafoto = 500")
            let imovel = try Self.imovel(db, indice: 17, economias: 1, corte: nil, consumos: [])
            let os = try Self.ordemFiscalizacao(db, imovel: imovel)
            let grande = try Self.jpeg(largura: 2400, altura: 1800)
            let pequena = try Self.jpeg(largura: 640, altura: 480)
            let pdf = Data("%PDF-1.4 auto de infracao".utf8)
            var p = RetornoFiscalizacao.Pedido(ordem: os, situacoes: [9], documento: .nenhum)
            p.fotos = [.init(tipo: 1, arquivo: "fachada.jpg"), .init(tipo: 2, arquivo: "hidrometro.JPG"), .init(tipo: 5, arquivo: "auto.pdf")]
            // A .jpg that is not a JPEG: refused, nothing written.
            let antes = try ChecksumTabelas.calcular(db)
            #expect(recusaDe {
                _ = try RetornoFiscalizacaoOS.informar(p, usuario: "FISCAL", hoje: Self.hoje, fotos: {
                    [.init(tipo: 1, nome: "fachada.jpg", conteudo: Data("nao sou jpeg".utf8))]
                }, db: db)
            } == "Arquivo fachada.jpg não é uma imagem JPEG válida.")
            #expect(try ChecksumTabelas.calcular(db) == antes, "nada gravado")
            let r = try RetornoFiscalizacaoOS.informar(p, usuario: "FISCAL", hoje: Self.hoje, fotos: {
                [.init(tipo: 1, nome: "fachada.jpg", conteudo: grande), .init(tipo: 2, nome: "hidrometro.JPG", conteudo: pequena),
                 .init(tipo: 5, nome: "auto.pdf", conteudo: pdf)]
            }, db: db)
            // 2400 × 1800 into 800 × 500: the height limits (500 / 1800), 2400 × 500 / 1800 = 666,7 → 667.
            #expect(r.fotos.map(\.reduzida) == [true, false, false])
            #expect(r.fotos.first?.gravada.map { [$0.largura, $0.altura] } == [667, 500])
            let gravadas = try db.query(
                """
                SELECT osft_nmarquivo, osft_arquivo, osft_cdsha256, osft_nnlargura, osft_nnaltura, osft_icredimensionada
                FROM atendimentopublico.os_fiscalizacao_foto WHERE orse_id = $1 ORDER BY fotp_id
                """, [os]).map { try $0.decode((String, Data, String, Int?, Int?, Int).self) }
            try #require(gravadas.count == 3)
            let fachada = gravadas[0]
            #expect(JPEG.dimensoes(fachada.1).map { [$0.largura, $0.altura] } == [667, 500])
            #expect(fachada.1.count < grande.count && fachada.2 == SHA256.hex(grande))
            #expect(fachada.3 == 667 && fachada.4 == 500 && fachada.5 == 1)
            #expect(gravadas[1].1 == pequena && gravadas[1].3 == 640 && gravadas[1].4 == 480 && gravadas[1].5 == 2)
            #expect(gravadas[2].1 == pdf && gravadas[2].3 == nil && gravadas[2].5 == 2)
            // The same return again stores no photo twice (the digest is the informed file's).
            var q = p
            q.situacoes = [9]
            _ = try RetornoFiscalizacaoOS.informar(q, usuario: "FISCAL", hoje: Self.hoje, fotos: {
                [.init(tipo: 1, nome: "fachada.jpg", conteudo: grande)]
            }, db: db)
            #expect(try contar(db, "SELECT count(*) FROM atendimentopublico.os_fiscalizacao_foto WHERE orse_id = $1", [os]) == 3)
        }
    }
}
