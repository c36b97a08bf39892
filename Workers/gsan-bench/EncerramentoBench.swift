import ArgumentParser
import Contratos
import EncerramentoOS
import Foundation
import GSANDatabase
import GSANModel
import GSANSeed
import GSANSupport
import JobRuntime
import Logging
import Postgres

/// `gsan-bench encerramento`: on a generated utility of N imóveis with one pending visita de
/// cobrança order per imóvel (group 1's EMITIR of 12/06/2025, written straight by SQL), through P
/// `gsan-encerramento` processes: (1) ENCERRAR OS closing every order by decurso de prazo, rota by
/// rota; (2) on a fresh copy, `gsan os retorno` of the simulated contractor's file for all of them
/// (validation and staging in this process, the parts in the workers). Time, OS/s, peak RSS.
struct EncerramentoBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encerramento",
        abstract: "Decurso de prazo e arquivo de retorno sobre N OS pendentes, P processos gsan-encerramento.")

    @Option(help: "Imóveis da companhia gerada (uma OS pendente por imóvel).") var imoveis = 100_000
    @Option(help: "Semente do gerador.") var semente: UInt64 = 7
    @Option(help: "Processos gsan-encerramento.") var processos = 2
    @Option(help: "Threads de handler por processo.") var concorrencia = 2
    @Flag(help: "Reusa a companhia gerada numa rodada anterior (mesmos --imoveis).") var reusar = false

    var base: String { "gsan_bench_enc_\(imoveis)" }
    static let rodada = "gsan_bench_enc"

    func validate() throws {
        guard imoveis >= 1_000, processos >= 1, concorrencia >= 1 else { throw ValidationError("--imoveis ≥ 1000, --processos ≥ 1, --concorrencia ≥ 1") }
    }

    func run() async throws {
        let environment = GSANEnvironment()
        let (adminURL, amqpURL) = (try environment.ownerDatabaseURL, try environment.amqpURL)
        let programas = try CompanhiaGerada.executaveis("gsan-encerramento", "gsan")
        let opcoes = self
        try await onDedicatedThread {
            var logger = Logger(label: "gsan.bench")
            logger.logLevel = .error
            try CompanhiaGerada.garantir(
                base: opcoes.base, imoveis: opcoes.imoveis, semente: opcoes.semente, meses: 4, reusar: opcoes.reusar,
                adminURL: adminURL, gsan: programas[1], logger: logger, depoisDaSemente: Self.ordensPendentes)
            for fase in ["decurso", "retorno"] {
                let url = try CompanhiaGerada.rodada(Self.rodada, de: opcoes.base, adminURL: adminURL, logger: logger)
                try opcoes.medir(fase, url: url, amqpURL: amqpURL, worker: programas[0], logger: logger)
            }
            try DatabaseAdmin.drop(Self.rodada, adminURL: adminURL, logger: logger)
        }
    }

    /// Every rota in group 1; one visita document and pending order per imóvel on its EMITIR.
    static func ordensPendentes(_ db: PostgresConnection) throws {
        let caac = try AcaoCiclo.emitir(grupo: 1, referencia: 202506, acao: 34, db: db)
        try db.execute("UPDATE micromedicao.rota SET cbgr_id = 1")
        try db.execute(
            """
            INSERT INTO cobranca.cobranca_documento (cbdo_nnsequenciadocumento, cbdo_tmemissao, cbdo_vldocumento, imov_id, loca_id,
                qdra_id, iper_id, last_id, lest_id, dotp_id, cbac_id, caac_id, cbct_id, empr_id, cese_id, cbdo_dtsituacaoacao)
            SELECT row_number() OVER (ORDER BY imov_id), '2025-06-12 00:00-03', 100 + imov_id % 900, imov_id, loca_id, qdra_id, iper_id,
                   last_id, lest_id, 17, 34, $1, 1, 2, 1, '2025-06-12'
            FROM cadastro.imovel ORDER BY imov_id
            """, [caac])
        try db.execute(
            """
            INSERT INTO atendimentopublico.ordem_servico (svtp_id, imov_id, cbdo_id, orse_tmgeracao, orse_tmemissao,
                orse_dtprazoencerramento, unid_idatual, orse_vlservico)
            SELECT 1011, imov_id, cbdo_id, cbdo_tmemissao, cbdo_tmemissao, '2025-06-19', 2, 12.50
            FROM cobranca.cobranca_documento WHERE caac_id = $1 ORDER BY cbdo_id
            """, [caac])
        try db.execute(
            "UPDATE cobranca.cobranca_acao_ativ_crg SET caac_dtprevista = '2025-06-24' WHERE caac_id = $1",
            [try db.query(
                """
                SELECT a.caac_id FROM cobranca.cobranca_acao_ativ_crg a JOIN cobranca.cobranca_acao_ativ_crg e
                ON e.cbcr_id = a.cbcr_id AND e.caac_id = $1 WHERE a.cbat_id = 5
                """, [caac])[0].decode(Int.self, at: 0)])
    }

    func medir(_ fase: String, url: String, amqpURL: String, worker: URL, logger: Logger) throws {
        let db = try PostgresConnection(url: url, logger: logger, applicationName: "gsan-bench")
        defer { db.close() }
        let familia = "benchenc\(ProcessInfo.processInfo.processIdentifier)"
        let argumentos = ["--familia", familia, "--atrasos", "1000", "--concorrencia", String(concorrencia), "--log", "warning"]
        let workers = try (0..<processos).map { _ in try JobsBench.launch(worker, argumentos, amqpURL: amqpURL, databaseURL: url) }
        defer {
            for process in workers where process.isRunning { process.terminate() }
            for process in workers { process.waitUntilExit() }
            JobsBench.deleteQueues(family: familia, amqpURL: amqpURL)
        }
        let caac = try AcaoCiclo.emitir(grupo: 1, referencia: 202506, acao: 34, db: db)
        let pendentes = try db.query(
            "SELECT count(*)::int FROM atendimentopublico.ordem_servico WHERE orse_cdsituacao = 1")[0].decode(Int.self, at: 0)
        let relogio = ContinuousClock()
        let inicio = relogio.now
        var preparo: Duration = .zero
        let job: String
        if fase == "decurso" {
            let encerrarOS = try db.query(
                "SELECT a.caac_id FROM cobranca.cobranca_acao_ativ_crg a JOIN cobranca.cobranca_acao_ativ_crg e ON e.cbcr_id = a.cbcr_id AND e.caac_id = $1 WHERE a.cbat_id = 5",
                [caac])[0].decode(Int.self, at: 0)
            job = "bench-enc:caac=\(encerrarOS)"
            try db.withTransaction {
                _ = try Outbox.enqueue(
                    JobSpec(id: job, kind: AtividadeDespacho.encerrarOS.inFamily(familia),
                            payload: AtividadeDespacho.Payload(atividadeCronograma: encerrarOS, acao: 34, atividade: 5, grupo: 1,
                                                               referencia: 202506, simular: false)), on: $0)
            }
        } else {
            let (texto, linhas) = try ContratadaSimulada.retorno(
                emitir: caac, seed: 1, hoje: CivilDate(year: 2025, month: 6, day: 30) ?? .init(daysSinceEpoch: 0),
                perfil: .init(executadas: 90, justificadas: 10), db: db)
            let gerado = relogio.now
            let resultado = try ImportacaoRetorno.importar(
                nome: "bench.csv", conteudo: Data(texto.utf8), contrato: 1, parcial: false,
                hoje: CivilDate(year: 2025, month: 6, day: 30) ?? .init(daysSinceEpoch: 0), db: db, familia: familia)
            guard case .importado(_, _, _, _, let rejeitadas, let id?) = resultado, rejeitadas.isEmpty else {
                throw ValidationError("importação inesperada: \(resultado)")
            }
            job = id
            preparo = relogio.now - gerado
            linhaDeBench(String(format: "arquivo de retorno: %d linhas, %.1f MiB; validação e preparo neste processo: %.2f s",
                         linhas, Double(texto.utf8.count) / 1_048_576, Double(preparo.components.seconds) + Double(preparo.components.attoseconds) / 1e18))
        }
        let picos = try CompanhiaGerada.aguardar(job, workers: workers, db: db)
        let total = relogio.now - inicio
        let segundos = Double(total.components.seconds) + Double(total.components.attoseconds) / 1e18
        let encerradas = try db.query(
            "SELECT count(*)::int FROM atendimentopublico.ordem_servico WHERE orse_cdsituacao = 2")[0].decode(Int.self, at: 0)
        let filhos = try JobRecords.byID(job, db: db)?.childrenTotal ?? 0
        linhaDeBench(String(
            format: "%@: %d OS pendentes, %d encerradas, %d jobs filhos, %d processos × %d threads: %.2f s (%.0f OS/s)",
            fase == "decurso" ? "decurso de prazo (ENCERRAR OS)" : "retorno da contratada (gsan os retorno)", pendentes, encerradas,
            filhos, processos, concorrencia, segundos, Double(encerradas) / segundos))
        for (pid, pico) in picos.sorted(by: { $0.key < $1.key }) {
            linhaDeBench(String(format: "  gsan-encerramento pid %d: pico de RSS %.1f MiB", pid, Double(pico) / 1024))
        }
        if fase == "retorno" {
            linhaDeBench(String(format: "  gsan-bench (validação e preparo): pico de RSS %.1f MiB",
                                Double(CompanhiaGerada.picoRSS(ProcessInfo.processInfo.processIdentifier)) / 1024))
        }
    }
}
