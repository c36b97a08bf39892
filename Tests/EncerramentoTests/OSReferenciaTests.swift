import EncerramentoOS
import EncerramentoRegras
import GSANModel
import Postgres
import Testing

/// Closing an order that refers to another (GSAN-FACTS §4, `atualizarParmsOSReferencia`): the referred
/// order still open — waiting for the referring one (situação 4, "Aguardando OS de Referência") or
/// pending — is closed with the referring order's motivo; one already closed (the order a fiscalização
/// inspects) keeps its own motivo.
@Suite(.serialized) struct OSReferenciaTests {
    static func ordem(_ db: PostgresConnection, servico: Int, imovel: Int, situacao: Int = 1, referencia: Int64? = nil) throws -> Int64 {
        try db.query(
            """
            INSERT INTO atendimentopublico.ordem_servico (svtp_id, imov_id, orse_idreferencia, orse_cdsituacao, orse_tmgeracao, orse_tmemissao)
            VALUES ($1, $2, $3, $4, '2025-06-02 09:00-03', '2025-06-02 09:00-03') RETURNING orse_id
            """, [servico, imovel, referencia, situacao])[0].decode(Int64.self, at: 0)
    }

    static func estado(_ db: PostgresConnection, _ id: Int64) throws -> [String] {
        try linhas(db,
                   """
                   SELECT orse_cdsituacao::text, amen_id::text,
                          to_char(orse_tmencerramento AT TIME ZONE 'America/Sao_Paulo', 'DD/MM/YYYY HH24:MI')
                   FROM atendimentopublico.ordem_servico WHERE orse_id = $1
                   """, [id])[0]
    }

    @Test func theReferredOrderWaitingIsClosedWithTheReferringOrdersMotivo() async throws {
        try await comCompanhia(imoveis: 60) { db, _ in
            let imovel = try contar(db, "SELECT min(imov_id) FROM cadastro.imovel")
            let hoje = data("30/06/2025")
            let aguardando = try Self.ordem(db, servico: 1011, imovel: imovel, situacao: 4)
            let referente = try Self.ordem(db, servico: 1011, imovel: imovel, referencia: aguardando)
            // The waiting one cannot be closed by itself.
            #expect(recusaDe { try EncerramentoInformado.encerrar(.init(ordem: aguardando, motivo: 4, data: data("13/06/2025")), hoje: hoje, db: db) }
                    == "Ordem de Serviço \(aguardando) aguardando OS de referência: não pode ser encerrada.")
            #expect(try Self.estado(db, aguardando) == ["4", "∅", "∅"])
            // Closing the referring one closes it, with the same motivo and instant.
            var pedido = EncerramentoManual.Pedido(ordem: referente, motivo: 4, data: data("13/06/2025"))
            pedido.minutos = 10 * 60 + 15
            #expect(recusaDe { try EncerramentoInformado.encerrar(pedido, hoje: hoje, db: db) } == nil)
            #expect(try Self.estado(db, referente) == ["2", "4", "13/06/2025 10:15"])
            #expect(try Self.estado(db, aguardando) == ["2", "4", "13/06/2025 10:15"])

            // A pending referred order is closed too; a closed one (the inspected order) keeps its closing.
            let pendente = try Self.ordem(db, servico: 1011, imovel: imovel)
            let outra = try Self.ordem(db, servico: 1011, imovel: imovel, referencia: pendente)
            let fiscalizada = try Self.ordem(db, servico: 1011, imovel: imovel)
            #expect(recusaDe { try EncerramentoInformado.encerrar(.init(ordem: fiscalizada, motivo: 2, data: data("10/06/2025")), hoje: hoje, db: db) } == nil)
            let fiscalizacao = try Self.ordem(db, servico: 705, imovel: imovel, referencia: fiscalizada)
            for ordem in [outra, fiscalizacao] {
                #expect(recusaDe { try EncerramentoInformado.encerrar(.init(ordem: ordem, motivo: 4, data: data("20/06/2025")), hoje: hoje, db: db) } == nil)
            }
            #expect(try Self.estado(db, pendente) == ["2", "4", "20/06/2025 00:00"])
            #expect(try Self.estado(db, fiscalizada) == ["2", "2", "10/06/2025 00:00"], "a OS fiscalizada guarda o seu encerramento")
            // Again: refused, nothing changes.
            #expect(recusaDe { try EncerramentoInformado.encerrar(.init(ordem: outra, motivo: 2, data: data("21/06/2025")), hoje: hoje, db: db) }
                    == "Ordem de Serviço \(outra) já encerrada.")
            #expect(try Self.estado(db, pendente) == ["2", "4", "20/06/2025 00:00"])
        }
    }
}
