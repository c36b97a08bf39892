import EncerramentoOS
import EncerramentoRegras
import GSANModel
import Postgres
import Testing

/// `gsan os encerrar` and `gsan os recebimento` against a generated utility: what a closing writes
/// (the order, its trâmite, its document, the pavement, the ligação of an executed corte), and each
/// refusal leaving everything as it was.
@Suite(.serialized) struct EncerramentoInformadoTests {
    static func ordens(_ db: PostgresConnection, acao: Int) throws -> [Int64] {
        try db.query(
            """
            SELECT o.orse_id FROM atendimentopublico.ordem_servico o JOIN cobranca.cobranca_documento d USING (cbdo_id)
            WHERE d.caac_id = $1 ORDER BY 1
            """, [try atividade(db, acao: acao, atividade: 2)]
        ).map { try $0.decode(Int64.self, at: 0) }
    }

    static func recusa(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let erro as ErroEncerramento {
            return erro.description
        } catch {
            return "outro erro: \(error)"
        }
    }

    static let estadoSQL = """
        SELECT o.orse_id, o.orse_cdsituacao, o.amen_id, o.unid_idencerramento, o.orse_dsorigemencerramento, o.orse_nmagenteencerramento,
               to_char(o.orse_tmencerramento AT TIME ZONE 'America/Sao_Paulo', 'DD/MM/YYYY HH24:MI'), d.cast_id, d.cbdo_dtsituacaoacao::text,
               m.last_id, l.lagu_dtcorte::text, p.ospv_icpavimento, p.ospv_nnareacalcada::text,
               (SELECT count(*) FROM atendimentopublico.ordem_servico_unidade u WHERE u.orse_id = o.orse_id AND u.attp_id = 3)
        FROM atendimentopublico.ordem_servico o JOIN cobranca.cobranca_documento d USING (cbdo_id)
        JOIN cadastro.imovel m ON m.imov_id = o.imov_id LEFT JOIN atendimentopublico.ligacao_agua l ON l.lagu_id = m.imov_id
        LEFT JOIN atendimentopublico.ordem_servico_pavimento p ON p.orse_id = o.orse_id
        WHERE o.orse_id = $1
        """

    @Test func closingsAndTheirRefusals() async throws {
        try await comCompanhia(imoveis: 1_500) { db, _ in
            try emitir(db, acao: 1)
            try emitir(db, acao: 34)
            try executarVisitas(db, aPartirDe: 4)  // the corte goes where the visita was done
            try emitir(db, acao: 3)
            let visitas = try Self.ordens(db, acao: 34), cortes = try Self.ordens(db, acao: 3)
            #expect(visitas.count > 3 && cortes.count > 3, "o cenário deve emitir visitas e cortes")
            let hoje = data("30/06/2025")
            let v = visitas[0]

            var pedido = EncerramentoManual.Pedido(ordem: v, motivo: 2, data: data("13/06/2025"), minutos: 9 * 60 + 30,
                                                   parecer: "DEBITO NEGOCIADO NA VISITA", agente: "JOSE DA SILVA")
            #expect(Self.recusa { try EncerramentoInformado.encerrar(pedido, hoje: hoje, db: db) } == nil)
            let visita = try linhas(db, Self.estadoSQL, [v])[0]
            // Closed by the contractor's unit (CNE, 2), as reported, the document EXECUTADA, one trâmite.
            #expect(visita[1...8] == ["2", "2", "2", "OPERADOR", "JOSE DA SILVA", "13/06/2025 09:30", "2", "2025-06-13"], "\(visita)")
            #expect(visita[9] == "3" && visita[13] == "1", "a visita não corta a ligação: \(visita)")
            #expect(Self.recusa { try EncerramentoInformado.encerrar(pedido, hoje: hoje, db: db) } == "Ordem de Serviço \(v) já encerrada.")
            #expect(try linhas(db, Self.estadoSQL, [v])[0] == visita)

            // Refused: nothing written.
            let outra = visitas[1]
            let antes = try linhas(db, Self.estadoSQL, [outra])
            pedido.ordem = outra
            pedido.motivo = 69
            #expect(Self.recusa { try EncerramentoInformado.encerrar(pedido, hoje: hoje, db: db) }
                    == "Motivo de encerramento 69 não associado à ação de cobrança da Ordem de Serviço \(outra).")
            pedido.motivo = 55
            #expect(Self.recusa { try EncerramentoInformado.encerrar(pedido, hoje: hoje, db: db) } == "Motivo de encerramento 55 inexistente.")
            pedido.motivo = 2
            pedido.data = data("01/07/2025")
            #expect(Self.recusa { try EncerramentoInformado.encerrar(pedido, hoje: hoje, db: db) }
                    == "Data de encerramento 01/07/2025 posterior à data atual (30/06/2025).")
            #expect(try linhas(db, Self.estadoSQL, [outra]) == antes)
            pedido.ordem = 999_999_999
            #expect(Self.recusa { try EncerramentoInformado.encerrar(pedido, hoje: hoje, db: db) } == "Ordem de Serviço 999999999 inexistente.")

            // An executed corte: the pavement is required; then the ligação is CORTADO on the date.
            let c = cortes[0]
            var corte = EncerramentoManual.Pedido(ordem: c, motivo: 2, data: data("24/06/2025"))
            #expect(Self.recusa { try EncerramentoInformado.encerrar(corte, hoje: hoje, db: db) }
                    == "Informe Pavimento: o serviço da Ordem de Serviço \(c) exige os dados de pavimento e reposição.")
            corte.pavimento = .init(comPavimento: true, calcada: 125)
            #expect(Self.recusa { try EncerramentoInformado.encerrar(corte, hoje: hoje, db: db) } == nil)
            let cortada = try linhas(db, Self.estadoSQL, [c])[0]
            #expect(cortada[9] == "5" && cortada[10] == "2025-06-24" && cortada[11] == "1" && cortada[12] == "1.25" && cortada[7] == "2",
                    "\(cortada)")
            // Justified (motivo 69 SERVICO NAO EXECUTADO, accepted by the corte): no pavement, the ligação stays.
            let justificada = cortes[1]
            #expect(Self.recusa {
                try EncerramentoInformado.encerrar(.init(ordem: justificada, motivo: 69, data: data("24/06/2025")), hoje: hoje, db: db)
            } == nil)
            let j = try linhas(db, Self.estadoSQL, [justificada])[0]
            #expect(j[7] == "3" && j[9] == "3" && j[11] == "∅", "\(j)")

            let mostrada = try ConsultaOrdens.mostrar(c, db: db)
            #expect(mostrada.letra == "E" && mostrada.motivo == "2 CONCLUSAO DO SERVICO" && mostrada.unidade == "COBRANCA NORDESTE"
                    && mostrada.pavimento == "com pavimento: asfalto 0.00 m², paralelepípedo 0.00 m², calçada 1.25 m²", "\(mostrada)")
            let listadas = try ConsultaOrdens.listar(comando: try atividade(db, acao: 3, atividade: 5), situacao: 2, db: db)
            #expect(listadas.map(\.id) == [c, justificada])
        }
    }

    @Test func theContractorsReceiptIsRecordedOnlyForAnEmitirThatIssued() async throws {
        try await comCompanhia(imoveis: 1_500) { db, _ in
            try emitir(db, acao: 1)
            try emitir(db, acao: 34)
            let visita = try atividade(db, acao: 34, atividade: 2), hoje = data("30/06/2025")
            func registrar(_ caac: Int, _ dia: String) -> String? {
                Self.recusa { _ = try ConsultaOrdens.registrarRecebimento(comando: caac, data: data(dia), hoje: hoje, db: db) }
            }
            #expect(registrar(999_999, "16/06/2025") == "Comando 999999 inexistente (atividade do cronograma).")
            #expect(registrar(try atividade(db, acao: 34, atividade: 5), "16/06/2025")
                    == "A atividade \(try atividade(db, acao: 34, atividade: 5)) não é EMITIR: informe o comando cujos documentos a contratada recebeu (a EMITIR desta ação é \(visita)).")
            #expect(registrar(try atividade(db, acao: 3, atividade: 2), "23/06/2025")
                    == "A EMITIR \(try atividade(db, acao: 3, atividade: 2)) ainda não emitiu documentos: não há o que a contratada receber.")
            #expect(registrar(visita, "11/06/2025") == "Data de recebimento 11/06/2025 anterior à emissão dos documentos (12/06/2025).")
            #expect(registrar(visita, "01/07/2025") == "Data de recebimento 01/07/2025 posterior à data atual (30/06/2025).")
            #expect(try contar(db, "SELECT count(*) FROM cobranca.cobranca_acao_ativ_crg WHERE caac_dtrecebimentocontratada IS NOT NULL") == 0)
            #expect(registrar(visita, "16/06/2025") == nil)
            #expect(try linhas(db, "SELECT caac_dtrecebimentocontratada::text FROM cobranca.cobranca_acao_ativ_crg WHERE caac_id = $1", [visita]) == [["2025-06-16"]])
        }
    }
}
