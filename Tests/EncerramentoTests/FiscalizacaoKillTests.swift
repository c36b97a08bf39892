import EncerramentoOS
import FiscalizacaoRegras
import Foundation
import GSANModel
import Postgres
import TestSupport
import Testing

/// `gsan os fiscalizacao retorno --arquivo` SIGKILLed while its transaction is half-written (the first
/// line applied, the second waiting on the photo table): nothing of the file stays, and the same file
/// run again applies every line once.
@Suite(.serialized) struct FiscalizacaoKillTests {
    @Test func aReturnFileKilledMidwayLeavesNothingAndRunsWholeAgain() async throws {
        let amqpURL = try TestServers.amqpURL()
        try await comCompanhia(imoveis: 80) { db, url in
            let a = try RetornoFiscalizacaoTests.imovel(db, indice: 12, economias: 1, corte: "10/01/2025", consumos: [(202501, 18)])
            let b = try RetornoFiscalizacaoTests.imovel(db, indice: 13, economias: 5, corte: "10/05/2025", consumos: [(202504, 24)])
            let osA = try RetornoFiscalizacaoTests.ordemFiscalizacao(db, imovel: a)
            let osB = try RetornoFiscalizacaoTests.ordemFiscalizacao(db, imovel: b)
            let pasta = FileManager.default.temporaryDirectory.appendingPathComponent("fisc-kill-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: pasta, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: pasta) }
            try Data("%PDF-1.4 auto".utf8).write(to: pasta.appendingPathComponent("auto.pdf"))
            let arquivo = pasta.appendingPathComponent("retorno.csv")
            try Data("""
                \(ArquivoRetornoFiscalizacao.cabecalho.joined(separator: ";"))
                \(osA);2;auto;sim;;RELIGADO;;;;;;;
                \(osB);2;auto;;;;;;;;;;5:auto.pdf

                """.utf8).write(to: arquivo)
            let comando = ["os", "fiscalizacao", "retorno", "--arquivo", arquivo.path, "--usuario", "FISCAL", "--hoje", "20/06/2025"]

            // The photo table locked: the command applies line 1, then waits on line 2's photo.
            let bloqueio = try conectar(url)
            defer { bloqueio.close() }
            try bloqueio.execute("BEGIN")
            try bloqueio.execute("LOCK TABLE atendimentopublico.os_fiscalizacao_foto IN ACCESS EXCLUSIVE MODE")
            let gsan = try WorkerProcess("gsan", arguments: comando, amqpURL: amqpURL, databaseURL: url)
            let esperando = try waitUntil(timeout: 60) {
                try contar(db, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") > 0
            }
            #expect(esperando, "o comando não chegou à foto: \(gsan.log)")
            gsan.kill()
            try bloqueio.execute("ROLLBACK")

            #expect(try contar(db, "SELECT count(*) FROM atendimentopublico.os_fiscalizacao_retorno") == 0)
            #expect(try contar(db, "SELECT count(*) FROM faturamento.debito_a_cobrar WHERE orse_id IS NOT NULL") == 0)
            #expect(try contar(db, "SELECT count(*) FROM atendimentopublico.retorno_fiscalizacao_arquivo") == 0)
            #expect(try contar(db, "SELECT count(*) FROM cadastro.imovel WHERE imov_id IN ($1, $2) AND last_id = 5", [a, b]) == 2)

            let denovo = try WorkerProcess("gsan", arguments: comando, amqpURL: amqpURL, databaseURL: url)
            #expect(denovo.wait(timeout: 120) == 0, "\(denovo.log)")
            #expect(denovo.log.contains(": 2 retornos, 1 OS encerradas, 4 débitos a cobrar (R$ 495,00)."), "\(denovo.log)")
            #expect(try RetornoFiscalizacaoTests.debitos(db, os: osA) == [["4", "25.00", "2"], ["7", "245.00", "2"]])
            #expect(try RetornoFiscalizacaoTests.debitos(db, os: osB) == [["4", "100.00", "2"], ["7", "125.00", "2"]])
            #expect(try contar(db, "SELECT count(*) FROM atendimentopublico.os_fiscalizacao_foto") == 1)
            let outraVez = try WorkerProcess("gsan", arguments: comando, amqpURL: amqpURL, databaseURL: url)
            #expect(outraVez.wait(timeout: 120) == 0)
            #expect(outraVez.log.contains("Arquivo já importado"), "\(outraVez.log)")
            #expect(try contar(db, "SELECT count(*) FROM faturamento.debito_a_cobrar WHERE orse_id IS NOT NULL") == 4)
        }
    }
}
