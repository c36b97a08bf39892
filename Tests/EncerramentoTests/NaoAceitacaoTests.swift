import EncerramentoOS
import EncerramentoRegras
import FiscalizacaoRegras
import Foundation
import GSANModel
import Postgres
import TestSupport
import Testing

/// Motivos de não aceitação with optimistic versions, the motivos de encerramento's actions, and the não
/// aceitação of a closed OS against a real database (seed 002 §2.5.1–2.5.2.1).
@Suite struct NaoAceitacaoTests {
    @Test func motivosAreInsertedUpdatedAtTheirVersionAndRemovedWithoutLinks() async throws {
        try await comCompanhia(imoveis: 40) { db, _ in
            let campos = MotivoNaoAceitacao.Campos(descricao: "imovel nao localizado", multiplicadorCorte: "1", multiplicadorNaoExecutado: "3",
                                                   percentualMulta: "1,5")
            let id = try MotivosNaoAceitacao.inserir(campos, fiscalizacao: false, db: db)
            #expect(id == 3)
            #expect(recusaDe { _ = try MotivosNaoAceitacao.inserir(campos, fiscalizacao: false, db: db) }
                    == "Motivo de não aceitação IMOVEL NAO LOCALIZADO já existente.")
            var semDescricao = campos
            semDescricao.descricao = nil
            #expect(recusaDe { _ = try MotivosNaoAceitacao.inserir(semDescricao, fiscalizacao: false, db: db) } == "Informe Descrição.")
            let lido = try #require(try MotivosNaoAceitacao.listar(db: db).first { $0.id == id })
            #expect(lido.descricao == "IMOVEL NAO LOCALIZADO" && lido.multiplicadorNaoExecutado == 3 && lido.percentual == "1.50" && lido.versao == 0)
            var novos = campos
            novos.percentualMulta = "3"
            #expect(try MotivosNaoAceitacao.atualizar(id, versao: 0, novos, emUso: false, fiscalizacao: nil, db: db) == 1)
            // A second person who read version 0 is refused.
            #expect(recusaDe { _ = try MotivosNaoAceitacao.atualizar(id, versao: 0, campos, emUso: nil, fiscalizacao: nil, db: db) }
                    == MotivoNaoAceitacao.mensagemOutroUsuario)
            #expect(try linhas(db, "SELECT mnac_pcmultaservnaoexec::text, mnac_icuso::text FROM cobranca.motivo_nao_aceit_enc_os WHERE mnac_id = $1",
                               [id]) == [["3.00", "2"]])
            // Motivo 1 (CORTE INDEVIDO) is the não aceitação of a situação de fiscalização: linked.
            #expect(recusaDe { try MotivosNaoAceitacao.remover([(1, 0), (id, 1)], db: db) } == MotivoNaoAceitacao.mensagemVinculos)
            #expect(recusaDe { try MotivosNaoAceitacao.remover([(id, 0)], db: db) } == MotivoNaoAceitacao.mensagemOutroUsuario)
            try MotivosNaoAceitacao.remover([(id, 1)], db: db)
            #expect(try contar(db, "SELECT count(*) FROM cobranca.motivo_nao_aceit_enc_os") == 2)
        }
    }

    @Test func aMotivoDeEncerramentoPaysTheActionsItIsAssociatedWith() async throws {
        try await comCompanhia(imoveis: 40) { db, _ in
            #expect(try MotivoEncerramentoAcoes.mostrar(2, db: db).acoes.map(\.0) == [3, 8, 34])
            #expect(recusaDe { _ = try MotivoEncerramentoAcoes.informar(2, .init(), incluir: [(34, true)], remover: [], db: db) }
                    == "Ação de Cobrança já existente para o motivo de encerramento: VISITA DE COBRANCA.")
            let q = try MotivoEncerramentoAcoes.informar(
                69, .init(fiscalizacao: true, quantidade: 2), incluir: [(34, false)], remover: [3], db: db)
            #expect(q.acoes.map(\.0) == [34] && q.acoes.first?.2 == false && q.fiscalizacao && q.quantidade == 2)
            #expect(recusaDe { _ = try MotivoEncerramentoAcoes.informar(69, .init(abreviado: " "), incluir: [], remover: [], db: db) }
                    == "Informe Descrição Abreviada.")
            #expect(recusaDe { _ = try MotivoEncerramentoAcoes.mostrar(999, db: db) } == "Motivo de encerramento 999 inexistente.")
        }
    }

    @Test func aJustifiedOrderIsNotAcceptedOnceForTheNextBulletin() async throws {
        try await comCompanhia(imoveis: 200) { db, _ in
            try emitir(db, acao: 1)
            try emitir(db, acao: 34)
            let ordens = try db.query(
                """
                SELECT o.orse_id FROM atendimentopublico.ordem_servico o JOIN cobranca.cobranca_documento d USING (cbdo_id)
                WHERE d.cbac_id = 34 ORDER BY o.orse_id LIMIT 4
                """).map { try $0.decode(Int64.self, at: 0) }
            try #require(ordens.count == 4)
            let (justificada, executada, pendente, decurso) = (ordens[0], ordens[1], ordens[2], ordens[3])
            let hoje = data("20/06/2025")
            try EncerramentoInformado.encerrar(.init(ordem: justificada, motivo: 4, data: data("16/06/2025")), hoje: hoje, db: db)
            try EncerramentoInformado.encerrar(.init(ordem: executada, motivo: 2, data: data("16/06/2025")), hoje: hoje, db: db)
            try db.execute(
                "UPDATE atendimentopublico.ordem_servico SET orse_cdsituacao = 2, amen_id = 32, orse_tmencerramento = now() WHERE orse_id = $1",
                [decurso])
            let lista = try NaoAceitacaoOS.listar(grupo: 1, acao: 34, de: Referencia(mesAno: "06/2025")!, ate: Referencia(mesAno: "06/2025")!, db: db)
            #expect(lista.map(\.ordem) == [justificada])
            #expect(recusaDe { _ = try NaoAceitacaoOS.listar(grupo: 1, acao: 3, de: Referencia(mesAno: "06/2025")!,
                                                                ate: Referencia(mesAno: "06/2025")!, db: db) } == NaoAceitacao.mensagemNenhuma)
            func informar(_ os: Int64, acao: Int? = 34, motivo: Int = 2) -> String? {
                recusaDe { _ = try NaoAceitacaoOS.informar(os, motivo: motivo, observacao: "VIZINHO CONFIRMA", acao: acao, usuario: "FISCAL", db: db) }
            }
            #expect(informar(999_999_999) == "Ordem de Serviço inexistente.")
            #expect(informar(pendente) == "Ordem de serviço informada não está encerrada.")
            #expect(informar(executada) == NaoAceitacao.mensagemNenhuma)
            #expect(informar(decurso) == "Ordem de Serviço encerrada por Decurso de Prazo.")
            #expect(informar(justificada, acao: 3) == "Ordem de Serviço não é da ação de cobrança selecionada.")
            #expect(informar(justificada, motivo: 9) == "Motivo de não aceitação 9 inexistente.")
            #expect(informar(justificada) == nil)
            #expect(informar(justificada) == "Não aceitação do encerramento da Ordem de Serviço \(justificada) já informada.")
            #expect(try linhas(db, """
                SELECT n.orse_id::text, n.mnac_id::text, n.caon_icaceita::text, n.caon_icdescontado::text, n.caon_dsobservacao, n.usur_id::text,
                       (n.caac_id = d.caac_id)::text
                FROM cobranca.cob_ac_os_nao_aceitas n JOIN atendimentopublico.ordem_servico o USING (orse_id)
                JOIN cobranca.cobranca_documento d ON d.cbdo_id = o.cbdo_id
                """) == [["\(justificada)", "2", "2", "2", "VIZINHO CONFIRMA", "2", "true"]])
            #expect(try NaoAceitacaoOS.mostrar(justificada, acao: 34, db: db).naoAceita == "SERVICO NAO EXECUTADO")
        }
    }
}
