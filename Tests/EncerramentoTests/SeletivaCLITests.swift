import Contratos
import EncerramentoOS
import FiscalizacaoRegras
import Foundation
import JobRuntime
import Postgres
import TestSupport
import Testing

/// `gsan os seletiva gerar` as the operator runs it (seed 002 §2.5.2.3): the real program prints the seed's success
/// messages — "Ordem de Fiscalização «n» para ordem de serviço informada foi gerada" with the number of the OS it wrote,
/// and, once real `gsan-encerramento` workers have created every fiscalização OS and its PDFs, "Geração das Ordens de
/// Serviço de fiscalização concluída com sucesso" with the counts the database holds. Its jobs go to the real family
/// (`encerramento`), on a vhost of this suite's own.
@Suite(.serialized) struct SeletivaCLITests {
    static let vhost = "gsan_test_fiscalizacao"

    @Test func theCommandsPrintTheSeedsSuccessMessagesForWhatTheyWrote() async throws {
        let amqpURL = try TestServers.amqpURL(vhost: Self.vhost)
        // The vhost is this suite's alone; what an earlier run left in its queues is not this database's.
        try deleteQueues(of: Topology.gsan(), amqpURL: amqpURL)
        defer { try? deleteQueues(of: Topology.gsan(), amqpURL: amqpURL) }
        let pasta = try SeletivaTests.temporaria()
        defer { try? FileManager.default.removeItem(at: pasta) }
        try await comCompanhia(imoveis: 400) { db, url in
            let (com, sem) = try SeletivaTests.preparar(db)
            try #require(com.count >= 20 && sem.count >= 10)
            let ambiente = ["GSAN_DOCUMENTOS_DIR": pasta.path]
            func gsan(_ argumentos: [String], timeout: Double = 120) throws -> (status: Int32?, log: String) {
                let comando = try WorkerProcess("gsan", arguments: argumentos, amqpURL: amqpURL, databaseURL: url, environment: ambiente)
                let status = comando.wait(timeout: timeout)
                return (status, comando.log)
            }
            func linhasDe(_ log: String) -> [String] { log.split(separator: "\n").map(String.init) }

            // One OS: the number printed is the fiscalização OS written for it (pending, service 705, referring to it).
            let informada = com[0]
            let unica = try gsan(["os", "seletiva", "gerar", "--os", "\(informada)", "--usuario", "FISCAL", "--hoje", "20/06/2025", "--aguardar", "0"])
            #expect(unica.status == 0, "\(unica.log)")
            let gerada = try contar(
                db, "SELECT orse_id FROM atendimentopublico.ordem_servico WHERE orse_idreferencia = $1 AND svtp_id = 705 AND orse_cdsituacao = 1",
                [informada])
            #expect(linhasDe(unica.log) == ["Ordem de Fiscalização \(gerada) para ordem de serviço informada foi gerada."], "\(unica.log)")
            #expect(try contar(db, "SELECT count(*) FROM atendimentopublico.ordem_servico WHERE svtp_id = 705") == 1)
            // The same OS again: the seed's refusal, nothing more written.
            let outraVez = try gsan(["os", "seletiva", "gerar", "--os", "\(informada)", "--usuario", "FISCAL", "--hoje", "20/06/2025", "--aguardar", "0"])
            #expect(outraVez.status == 1 && outraVez.log.contains("Existe ordem de fiscalização pendente para Ordem de Serviço informada."),
                    "\(outraVez.log)")
            #expect(try contar(db, "SELECT count(*) FROM atendimentopublico.ordem_servico WHERE svtp_id = 705") == 1)

            // The group, with workers on the real family: the command waits for the OS and the PDFs, then says so.
            let workers = try TestWorkers(
                "gsan-encerramento", databaseURL: url, vhost: Self.vhost, familyPrefix: "", family: Familia.encerramento, environment: ambiente)
            defer { workers.tearDown() }
            try workers.start()
            let grupo = try gsan(
                ["os", "seletiva", "gerar", "--grupo", "1", "--percentual", "10", "--semente", "7", "--usuario", "FISCAL", "--hoje", "20/06/2025",
                 "--aguardar", "300"], timeout: 360)
            #expect(grupo.status == 0, "\(grupo.log)\n\(workers.logs)")
            let geracao = try contar(db, "SELECT max(osse_id) FROM atendimentopublico.os_seletiva WHERE cbgr_id = 1")
            let (selecionadas, geradas, comConclusao, semConclusao) = try db.query(
                """
                SELECT (SELECT count(*) FROM atendimentopublico.os_seletiva_item i WHERE i.osse_id = s.osse_id),
                       (SELECT count(*) FROM atendimentopublico.os_seletiva_item i JOIN atendimentopublico.ordem_servico f ON f.orse_id = i.orse_idgerada
                        WHERE i.osse_id = s.osse_id AND f.svtp_id = 705 AND f.orse_idreferencia = i.orse_id AND f.orse_cdsituacao = 1),
                       osse_qtcomconclusao, osse_qtsemconclusao
                FROM atendimentopublico.os_seletiva s WHERE osse_id = $1
                """, [geracao])[0].decode((Int, Int, Int, Int).self)
            // The informed OS has its fiscalização already: the rest of the group, all without conclusão and 10 % of the others.
            #expect(semConclusao == sem.count && comConclusao == com.count - 1)
            #expect(selecionadas == sem.count + Seletiva.quantidade(percentual: 10, total: comConclusao) && geradas == selecionadas)
            let saida = linhasDe(grupo.log)
            #expect(saida.first == "Geração \(geracao) (semente 7): \(sem.count) OS encerradas sem conclusão do serviço (todas) e "
                    + "\(selecionadas - sem.count) de \(comConclusao) com conclusão (10%): \(selecionadas) ordens de fiscalização; job "
                    + "\(FiscalizacaoJobs.idSeletiva(geracao)).", "\(grupo.log)")
            #expect(saida.contains("Geração das Ordens de Serviço de fiscalização concluída com sucesso: \(geradas) de \(selecionadas) ordens de "
                                   + "fiscalização geradas."), "\(grupo.log)")
            let todas = OSSeletiva.Pasta(raiz: pasta.appendingPathComponent("fiscalizacao")).todas(geracao)
            #expect(saida.last?.hasPrefix("PDF com todas: \(todas.path) ") == true, "\(grupo.log)")
            #expect(FileManager.default.contents(atPath: todas.path)?.starts(with: Array("%PDF".utf8)) == true)
        }
    }
}
