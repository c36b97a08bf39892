import EncerramentoOS
import EncerramentoRegras
import GSANModel
import Postgres
import Testing

/// ENCERRAR OS and ENCERRAR on the visita de cobrança of a generated utility, in-process: the
/// orders close by decurso only after their D + N business days, from the receipt when recorded;
/// a second pass closes nothing; ENCERRAR refuses while orders are pending, then writes the resumo.
@Suite(.serialized) struct DecursoTests {
    static let imoveis = 1_500

    /// Aviso and visita issued; the visita's EMITIR is 12/06/2025 (Thursday), its service 1011 has 5 business days.
    static func preparar(_ db: PostgresConnection) throws -> (emitir: Int, encerrarOS: Int, encerrar: Int) {
        try emitir(db, acao: 1)
        try emitir(db, acao: 34)
        return (try atividade(db, acao: 34, atividade: 2), try atividade(db, acao: 34, atividade: 5), try atividade(db, acao: 34, atividade: 3))
    }

    static func planejar(_ db: PostgresConnection, _ caac: Int, _ dia: String) throws {
        try db.execute("UPDATE cobranca.cobranca_acao_ativ_crg SET caac_dtprevista = $2 WHERE caac_id = $1", [caac, data(dia)])
    }

    static let ordensSQL = """
        SELECT o.orse_id, o.orse_cdsituacao, o.amen_id, (o.orse_tmencerramento AT TIME ZONE 'America/Sao_Paulo')::text, o.orse_dsparecerencerramento, o.unid_idencerramento,
               d.cast_id, d.cbdo_dtsituacaoacao, (SELECT count(*) FROM atendimentopublico.ordem_servico_unidade u
                                                  WHERE u.orse_id = o.orse_id AND u.attp_id = 3)
        FROM atendimentopublico.ordem_servico o JOIN cobranca.cobranca_documento d USING (cbdo_id)
        WHERE d.caac_id = $1 ORDER BY 1
        """

    @Test func ordersCloseByDecursoOnlyAfterTheirTermAndOnce() async throws {
        try await comCompanhia(imoveis: Self.imoveis) { db, _ in
            let (emitir, encerrarOS, _) = try Self.preparar(db)
            let ordens = try contar(db, "SELECT count(*) FROM atendimentopublico.ordem_servico o JOIN cobranca.cobranca_documento d USING (cbdo_id) WHERE d.caac_id = $1", [emitir])
            #expect(ordens > 20, "o cenário deve emitir visitas")
            #expect(try db.query("SELECT caac_dtprevista FROM cobranca.cobranca_acao_ativ_crg WHERE caac_id = $1", [emitir])[0]
                .decode(CivilDate.self, at: 0) == data("12/06/2025"))
            // Three orders executed by the contractor before the pass: untouched by it.
            try db.execute(
                """
                UPDATE atendimentopublico.ordem_servico SET orse_cdsituacao = 2, amen_id = 2, orse_tmencerramento = '2025-06-13 10:00-03'
                WHERE orse_id IN (SELECT o.orse_id FROM atendimentopublico.ordem_servico o JOIN cobranca.cobranca_documento d USING (cbdo_id)
                                  WHERE d.caac_id = $1 ORDER BY 1 LIMIT 3)
                """, [emitir])

            // The last day is 19/06 (12/06 + 5 business days): on 17/06 and 19/06 nothing closes.
            for dia in ["17/06/2025", "19/06/2025"] {
                try Self.planejar(db, encerrarOS, dia)
                let r = try passarDecurso(db, atividade: encerrarOS)
                #expect(r.encerradas == 0 && r.noPrazo == ordens - 3, "\(dia): \(r)")
            }
            // The contractor received the documents on 16/06: the last day is now 23/06.
            try db.execute("UPDATE cobranca.cobranca_acao_ativ_crg SET caac_dtrecebimentocontratada = '2025-06-16' WHERE caac_id = $1", [emitir])
            try Self.planejar(db, encerrarOS, "23/06/2025")
            #expect(try passarDecurso(db, atividade: encerrarOS).encerradas == 0)
            try Self.planejar(db, encerrarOS, "24/06/2025")
            let antes = try linhas(db, Self.ordensSQL, [emitir])
            let r = try passarDecurso(db, atividade: encerrarOS)
            #expect(r.encerradas == ordens - 3 && r.noPrazo == 0)
            let depois = try linhas(db, Self.ordensSQL, [emitir])
            #expect(depois.prefix(3).map { $0[1] } == ["2", "2", "2"] && depois.prefix(3).map { $0[2] } == ["2", "2", "2"])
            #expect(Array(depois.prefix(3)) == Array(antes.prefix(3)), "as executadas não mudam")
            for o in depois.dropFirst(3) {
                // situação 2, motivo 32, the pass's date, the parecer, the company's unit (1), documento CANCELADA PRAZO, one trâmite.
                #expect(o[1] == "2" && o[2] == "32" && o[3].hasPrefix("2025-06-24 00:00:00") && o[4] == "ENCERRADA POR DECURSO DE PRAZO"
                        && o[5] == "1" && o[6] == "4" && o[7] == "2025-06-24" && o[8] == "1", "\(o)")
            }
            // Again: nothing closes twice.
            #expect(try passarDecurso(db, atividade: encerrarOS).encerradas == 0)
            #expect(try linhas(db, Self.ordensSQL, [emitir]) == depois)
        }
    }

    @Test func aStateHolidayOfTheUtilityShiftsTheTermAndAnotherStatesDoesNot() async throws {
        try await comCompanhia(imoveis: Self.imoveis) { db, _ in
            let (emitir, encerrarOS, _) = try Self.preparar(db)
            let uf = try db.query(
                "SELECT u.unfe_dsufsigla FROM cadastro.unidade_federacao u JOIN cadastro.sistema_parametros p USING (unfe_id)"
            )[0].decode(String.self, at: 0)
            try db.execute("INSERT INTO feriado (data, descricao, abrangencia, uf) VALUES ('2025-06-18', 'OUTRO ESTADO', 'E', $1)",
                           [uf == "SP" ? "RJ" : "SP"])
            try Self.planejar(db, encerrarOS, "20/06/2025")
            let pendentes = try contar(db, "SELECT count(*) FROM atendimentopublico.ordem_servico o JOIN cobranca.cobranca_documento d USING (cbdo_id) WHERE d.caac_id = $1", [emitir])
            try db.execute("BEGIN")
            try db.execute("INSERT INTO feriado (data, descricao, abrangencia, uf) VALUES ('2025-06-18', 'FERIADO ESTADUAL', 'E', $1)", [uf])
            // 13, 16, 17, 19, 20: the last day is 20/06, so the pass on 20/06 closes nothing.
            let ciclo = try AcaoCiclo.carregar(encerrarOS, db: db)
            var comFeriado = 0
            for rota in try DecursoPrazo.rotas(ciclo, db: db) {
                comFeriado += try DecursoPrazo(logger: silencio).encerrar(ciclo, rota: rota, db: db).encerradas
            }
            try db.execute("ROLLBACK")
            #expect(comFeriado == 0)
            // Without it (the other state's holiday does not count) the last day was 19/06: all close on 20/06.
            #expect(try passarDecurso(db, atividade: encerrarOS).encerradas == pendentes)
        }
    }

    @Test func encerrarRefusesWhileOrdersArePendingThenWritesTheResumo() async throws {
        try await comCompanhia(imoveis: Self.imoveis) { db, _ in
            let (emitir, _, encerrar) = try Self.preparar(db)
            try Self.planejar(db, encerrar, "18/06/2025")
            #expect(try passarDecurso(db, atividade: encerrar).encerradas == 0)
            let ciclo = try db.withTransaction { try AcaoCiclo.carregar(encerrar, db: $0) }
            do {
                _ = try db.withTransaction { try ResumoAcao(logger: silencio).gerar(ciclo, db: $0) }
                Issue.record("ENCERRAR deveria recusar com ordens pendentes")
            } catch let erro as ErroEncerramento {
                #expect(erro.description.hasPrefix("Ação VISITA DE COBRANCA (grupo 1, 06/2025) não encerrada: "), "\(erro)")
                #expect(erro.description.contains("ainda pendente(s) dentro do prazo (OS "), "\(erro)")
            }
            #expect(try contar(db, "SELECT count(*) FROM cobranca.resumo_acao_cobranca") == 0)
            // Two executed, one justified, the rest by decurso on 22/06.
            try db.execute(
                """
                UPDATE atendimentopublico.ordem_servico o SET orse_cdsituacao = 2, amen_id = x.motivo, orse_tmencerramento = '2025-06-13 10:00-03'
                FROM (SELECT o.orse_id, CASE WHEN row_number() OVER (ORDER BY o.orse_id) <= 2 THEN 2 ELSE 4 END AS motivo
                      FROM atendimentopublico.ordem_servico o JOIN cobranca.cobranca_documento d USING (cbdo_id)
                      WHERE d.caac_id = $1 ORDER BY 1 LIMIT 3) x
                WHERE o.orse_id = x.orse_id
                """, [emitir])
            try Self.planejar(db, encerrar, "22/06/2025")
            let decurso = try passarDecurso(db, atividade: encerrar)
            let cicloFinal = try db.withTransaction { try AcaoCiclo.carregar(encerrar, db: $0) }
            let resultado = try db.withTransaction { try ResumoAcao(logger: silencio).gerar(cicloFinal, db: $0) }
            let documentos = try contar(db, "SELECT count(*) FROM cobranca.cobranca_documento WHERE caac_id = $1", [emitir])
            #expect(resultado.documentos == documentos)
            let resumo = try linhas(db, "SELECT rsac_dssituacaoacao, cdst_id, rsac_qtdocumentos, cbgr_id, rsac_amreferencia, cbac_id FROM cobranca.resumo_acao_cobranca ORDER BY 1, 2")
            #expect(resumo.map { [$0[0], $0[2]] } == [
                ["CANCELADA POR DECURSO DE PRAZO", String(decurso.encerradas)], ["EXECUTADA", "2"], ["JUSTIFICADA", "1"],
            ], "\(resumo)")
            #expect(resumo.allSatisfy { $0[3] == "1" && $0[4] == "202506" && $0[5] == "34" })
            let valor = try db.query("SELECT sum(rsac_vldocumentos) = (SELECT sum(cbdo_vldocumento) FROM cobranca.cobranca_documento WHERE caac_id = $1) FROM cobranca.resumo_acao_cobranca", [emitir])[0].decode(Bool.self, at: 0)
            #expect(valor)
            // Written again: the same lines, not twice.
            _ = try db.withTransaction { try ResumoAcao(logger: silencio).gerar(cicloFinal, db: $0) }
            #expect(try linhas(db, "SELECT rsac_dssituacaoacao, cdst_id, rsac_qtdocumentos FROM cobranca.resumo_acao_cobranca ORDER BY 1, 2").count == resumo.count)
        }
    }
}
