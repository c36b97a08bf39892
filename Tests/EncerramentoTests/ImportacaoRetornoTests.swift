import EncerramentoOS
import EncerramentoRegras
import Foundation
import GSANModel
import Postgres
import Testing

/// `gsan os retorno` against a generated utility: a file with every kind of bad line writes
/// nothing; with `parcial` the good lines close; the same file again changes nothing; another file
/// with the same closings counts them as done.
@Suite(.serialized) struct ImportacaoRetornoTests {
    static let cabecalho = ArquivoRetorno.cabecalho.joined(separator: ";")

    static func ordens(_ db: PostgresConnection, acao: Int) throws -> [Int64] {
        try EncerramentoInformadoTests.ordens(db, acao: acao)
    }

    static func fechadas(_ db: PostgresConnection) throws -> [[String]] {
        try linhas(db, """
            SELECT orse_id, amen_id, orse_tmencerramento::text, orse_dsorigemencerramento, orse_nmagenteencerramento
            FROM atendimentopublico.ordem_servico WHERE orse_cdsituacao = 2 ORDER BY 1
            """)
    }

    @Test func badLinesWriteNothingParcialWritesTheGoodOnesAndTheSameFileOnce() async throws {
        try await comCompanhia(imoveis: 1_500) { db, _ in
            try emitir(db, acao: 1)
            try emitir(db, acao: 34)
            try executarVisitas(db, aPartirDe: 8)  // the corte goes where the visita was done
            try emitir(db, acao: 3)
            let v = try Self.ordens(db, acao: 34), c = try Self.ordens(db, acao: 3)
            #expect(v.count >= 8 && c.count >= 2)
            // One visita closed by the operator already; one of another contract.
            try EncerramentoInformado.encerrar(.init(ordem: v[7], motivo: 4, data: data("13/06/2025")), hoje: data("30/06/2025"), db: db)
            try db.execute(
                """
                INSERT INTO micromedicao.contrato_empresa_servico (cese_id, empr_id, cese_nncontrato, cese_dtiniciocontrato,
                    cese_dtfimcontrato, cese_vlglobal, cese_pctaxasucesso)
                SELECT 2, empr_id, '002/2024', cese_dtiniciocontrato, cese_dtfimcontrato, cese_vlglobal, cese_pctaxasucesso
                FROM micromedicao.contrato_empresa_servico WHERE cese_id = 1
                """)
            try db.execute(
                "UPDATE cobranca.cobranca_documento SET cese_id = 2 WHERE cbdo_id = (SELECT cbdo_id FROM atendimentopublico.ordem_servico WHERE orse_id = $1)",
                [v[6]])
            let boas = [
                "\(v[0]);13/06/2025;09:30;2;;;;;DEBITO NEGOCIADO;JOSE", "\(v[1]);16/06/2025;10:00;4;;;;;;ANA",
                "\(c[0]);24/06/2025;14:05;2;COM;0;0;1,25;CORTE NO RAMAL;MARIA",
            ]
            let ruins = [
                "999999999;13/06/2025;;2;;;;;;",  // inexistente
                "\(v[7]);13/06/2025;;2;;;;;;",  // já encerrada
                "\(v[6]);13/06/2025;;2;;;;;;",  // outro contrato
                "\(v[2]);11/06/2025;;2;;;;;;",  // antes da emissão
                "\(v[3]);01/07/2025;;2;;;;;;",  // futura
                "\(v[4]);13/06/2025;;69;;;;;;",  // motivo não associado
                "\(c[1]);24/06/2025;;2;;;;;;",  // sem pavimento
                "\(v[0]);14/06/2025;;2;;;;;;",  // repetida
                "\(v[5]);13/06/2025;;2;;;",  // campos
            ]
            let arquivo = Data(([Self.cabecalho] + boas + ruins).joined(separator: "\n").utf8)
            let hoje = data("30/06/2025")
            let antes = try Self.fechadas(db)
            guard case .recusado(let total, let rejeitadas) = try ImportacaoRetorno.importar(
                nome: "ret.csv", conteudo: arquivo, contrato: 1, parcial: false, hoje: hoje, db: db)
            else { Issue.record("o arquivo deveria ser recusado"); return }
            #expect(total == 12)
            #expect(rejeitadas.map { "\($0.linha): \($0.motivo)" } == [
                "5: Ordem de Serviço 999999999 inexistente.", "6: Ordem de Serviço \(v[7]) já encerrada.", "7: OS \(v[6]) não é do contrato 1",
                "8: Data de encerramento 11/06/2025 anterior à emissão da Ordem de Serviço (12/06/2025).",
                "9: Data de encerramento 01/07/2025 posterior à data atual (30/06/2025).",
                "10: Motivo de encerramento 69 não associado à ação de cobrança da Ordem de Serviço \(v[4]).",
                "11: Informe Pavimento: o serviço da Ordem de Serviço \(c[1]) exige os dados de pavimento e reposição.",
                "12: OS \(v[0]) repetida no arquivo (também na linha 2)", "13: 7 campos, esperados 10 (separados por ;)",
            ])
            #expect(try Self.fechadas(db) == antes, "nada gravado")
            #expect(try contar(db, "SELECT count(*) FROM atendimentopublico.retorno_contratada") == 0)

            guard case .importado(_, _, let encerradas, let ja, let rej, let job) = try ImportacaoRetorno.importar(
                nome: "ret.csv", conteudo: arquivo, contrato: 1, parcial: true, hoje: hoje, db: db)
            else { Issue.record("com --parcial o arquivo deveria ser importado"); return }
            #expect(encerradas == 3 && ja == 0 && rej.count == 9 && job == nil)
            let depois = try Self.fechadas(db)
            #expect(depois.count == antes.count + 3)
            #expect(try linhas(db, "SELECT orse_dsorigemencerramento, count(*) FROM atendimentopublico.ordem_servico WHERE orse_id = ANY($1::bigint[]) GROUP BY 1",
                               [PostgresArray([v[0], v[1], c[0]])]) == [["RETORNO", "3"]])

            guard case .jaImportado = try ImportacaoRetorno.importar(
                nome: "outro-nome.csv", conteudo: arquivo, contrato: 1, parcial: true, hoje: hoje, db: db)
            else { Issue.record("o mesmo conteúdo deveria ser reconhecido"); return }
            // Another file with the same closings: done already, nothing changes.
            let outro = Data(([Self.cabecalho] + boas).joined(separator: "\r\n").utf8)
            guard case .importado(_, _, let e2, let ja2, let rej2, _) = try ImportacaoRetorno.importar(
                nome: "ret2.csv", conteudo: outro, contrato: 1, parcial: false, hoje: hoje, db: db)
            else { Issue.record("o segundo arquivo deveria ser aceito"); return }
            #expect(e2 == 0 && ja2 == 3 && rej2.isEmpty)
            #expect(try Self.fechadas(db) == depois)
        }
    }
}
