import ArgumentParser
import Contratos
import Faturamento
import Foundation
import GSANDatabase
import GSANSupport
import JobRuntime
import Logging
import Postgres

/// The JusCompesa steps of a monthly close at scale: a utility of N imóveis (`gsan seed`) with a
/// share of them in judicial collection, `gsan-juscompesa` worker processes, and the time of
/// the post-close step (bills under review, periods extended, a complete remessa version
/// published) from the job's enqueueing to the version's conclusion.
///
/// The share is reached the way production gets there: JusCompesa requests (`imovel_informado`)
/// for extra imóveis with open bills, applied by the pre-close step, which is timed too.
struct JusCompesaBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "juscompesa",
        abstract: "JusCompesa antes e depois do fechamento de um grupo: N imóveis, X % em cobrança judicial, P workers.")

    @Option(help: "Imóveis da companhia gerada.") var imoveis = 100_000
    @Option(help: "Semente do gerador.") var semente: UInt64 = 7
    @Option(help: "Meses de histórico de contas.") var meses = 12
    @Option(help: "Percentual dos imóveis em cobrança judicial.") var judiciais = 5.0
    @Option(help: "Processos gsan-juscompesa.") var processos = 2
    @Option(help: "Threads de handler por processo.") var concorrencia = 4
    @Flag(help: "Reusa a companhia gerada numa rodada anterior (mesmos --imoveis), sem gerar de novo.") var reusar = false
    @Flag(help: "Mantém o banco da rodada (gsan_bench_jus) para inspeção.") var manter = false

    func validate() throws {
        guard imoveis >= 1_000, processos >= 1, concorrencia >= 1 else {
            throw ValidationError("--imoveis ≥ 1000, --processos ≥ 1, --concorrencia ≥ 1")
        }
        guard judiciais > 0, judiciais <= 50 else { throw ValidationError("--judiciais entre 0 e 50") }
    }

    /// The generated utility, one per size (kept: a 1,000,000-imóvel seed takes minutes), and
    /// the copy each run works on.
    var base: String { "gsan_bench_jus_\(imoveis)" }
    static let rodada = "gsan_bench_jus"

    func run() async throws {
        let environment = GSANEnvironment()
        let (adminURL, amqpURL) = (try environment.ownerDatabaseURL, try environment.amqpURL)
        let programas = try CompanhiaGerada.executaveis("gsan-juscompesa", "gsan")
        let (worker, gsan) = (programas[0], programas[1])
        let opcoes = self
        try await onDedicatedThread {
            // Only problems: the migrations' and the server's notices would bury the figures.
            var logger = Logger(label: "gsan.bench")
            logger.logLevel = .error
            try CompanhiaGerada.garantir(
                base: opcoes.base, imoveis: opcoes.imoveis, semente: opcoes.semente, meses: opcoes.meses,
                reusar: opcoes.reusar, adminURL: adminURL, gsan: gsan, logger: logger, depoisDaSemente: opcoes.informar)
            // Each run starts from the same generated utility: a copy of the base.
            let url = try CompanhiaGerada.rodada(Self.rodada, de: opcoes.base, adminURL: adminURL, logger: logger)
            try opcoes.medir(url: url, amqpURL: amqpURL, worker: worker, logger: logger)
            if !opcoes.manter { try DatabaseAdmin.drop(Self.rodada, adminURL: adminURL, logger: logger) }
        }
    }

    // MARK: The generated utility

    /// Requests for extra imóveis with open bills (spread by a hash of the id) until the
    /// share is reached, with valid CNJ numbers: the pre-close step applies them.
    func informar(_ db: PostgresConnection) throws {
        let inicio = Date()
        let alvo = Int((Double(imoveis) * judiciais / 100).rounded())
        let pedidos = try db.execute(
            """
            INSERT INTO juscompesa.imovel_informado (imov_id, jcii_cdoperacao, jcii_nnprocessojudicial)
            SELECT c.imov_id, 'I', c.numero || '-' || lpad((98 - ((c.numero || '2025817000100')::numeric % 97))::text, 2, '0')
                   || '.2025.8.17.0001'
            FROM (SELECT m.imov_id, lpad((m.imov_id % 10000000)::text, 7, '0') AS numero
                  FROM cadastro.imovel m
                  WHERE m.cbst_id IS NULL
                    AND NOT EXISTS (SELECT 1 FROM juscompesa.imovel_informado i WHERE i.imov_id = m.imov_id)
                    AND EXISTS (SELECT 1 FROM faturamento.conta c
                                WHERE c.imov_id = m.imov_id AND c.dcst_idatual = 0 AND c.cnta_vlagua > 0
                                  AND NOT EXISTS (SELECT 1 FROM arrecadacao.pagamento p WHERE p.cnta_id = c.cnta_id))
                  ORDER BY hashint4(m.imov_id), m.imov_id
                  LIMIT greatest(0, $1 - (SELECT count(*) FROM cadastro.imovel WHERE cbst_id = 5)
                                       - (SELECT count(*) FROM juscompesa.imovel_informado WHERE jcii_tmprocessamento IS NULL))
                 ) c
            """, [alvo])
        linhaDeBench(String(format: "pedidos do JusCompesa acrescentados: %d (alvo %d imóveis em cobrança judicial), %.1f s", pedidos, alvo, -inicio.timeIntervalSinceNow))
    }

    // MARK: The measured run

    func medir(url: String, amqpURL: String, worker: URL, logger: Logger) throws {
        let db = try PostgresConnection(url: url, logger: logger, applicationName: "gsan-bench")
        defer { db.close() }
        let (grupo, referencia) = try db.query(
            "SELECT ftgr_id, ftgr_amreferencia::int FROM faturamento.faturamento_grupo ORDER BY ftgr_id LIMIT 1"
        )[0].decode((Int, Int).self)
        let alvo = ReferenciaDoGrupo(grupoFaturamento: grupo, referencia: referencia)
        let familia = "benchjus\(ProcessInfo.processInfo.processIdentifier)"
        let argumentos = ["--familia", familia, "--atrasos", "1000", "--concorrencia", String(concorrencia), "--log", "warning"]
        let workers = try (0..<processos).map { _ in try JobsBench.launch(worker, argumentos, amqpURL: amqpURL, databaseURL: url) }
        defer {
            for process in workers where process.isRunning { process.terminate() }
            for process in workers { process.waitUntilExit() }
            JobsBench.deleteQueues(family: familia, amqpURL: amqpURL)
        }
        let raiz = "bench:grupo=\(grupo):ref=\(referencia)"
        linhaDeBench("grupo \(grupo), referência \(referencia % 100)/\(referencia / 100); \(processos) processos × \(concorrencia) threads")

        let pre = try executar(raiz + "/juscompesa-pre", kind: CadeiaFechamento.juscompesaPre, alvo: alvo, familia: familia, db: db, workers: workers)
        let pedidos = try contar("SELECT count(*) FROM juscompesa.imovel_informado_resultado", db)
        linhaDeBench(String(format: "pré-fechamento: %d pedidos processados em %d localidades: %.2f s", pedidos, pre.filhos, pre.segundos))

        // The close itself, as the chain's faturamento.encerrar runs it (not timed against the aim).
        let inicio = Date()
        let fechamento = try db.withTransaction { try Encerramento(logger: logger).encerrar(alvo, jobID: nil, db: $0) }
        try db.executeScript("ANALYZE faturamento.conta")
        linhaDeBench(String(
            format: "fechamento do grupo (Encerramento): %d contas faturadas, %.1f s", fechamento.contasFaturadas,
            -inicio.timeIntervalSinceNow))

        let pos = try executar(raiz + "/juscompesa-pos", kind: CadeiaFechamento.juscompesaPos, alvo: alvo, familia: familia, db: db, workers: workers)
        let (quantidade, total) = try db.query(
            "SELECT jcrd_qtimoveis, jcrd_vltotal::text FROM juscompesa.remessa_debito WHERE jcrd_tmconclusao IS NOT NULL"
        )[0].decode((Int, String).self)
        let revisao = try contar(
            "SELECT count(*) FROM faturamento.conta WHERE ftgr_id = \(grupo) AND cnta_amreferenciaconta = \(referencia) AND cmrv_id = 6",
            db)
        linhaDeBench(String(
            format: "pós-fechamento: %d imóveis em cobrança judicial (%.1f %%), %d localidades, %d contas do fechamento em revisão, "
                + "remessa de R$ %@: %.2f s (%.0f imóveis/s)",
            quantidade, Double(quantidade) * 100 / Double(imoveis), pos.filhos, revisao, total, pos.segundos,
            Double(quantidade) / pos.segundos))
    }

    /// Enqueues a group-level job and waits for it (and so for all its children); the time runs
    /// from the enqueueing commit to the commit of the transaction that finished it.
    func executar(
        _ id: String, kind: JobKind, alvo: ReferenciaDoGrupo, familia: String, db: PostgresConnection, workers: [Process]
    ) throws -> (segundos: Double, filhos: Int) {
        let spec = try JobSpec(id: id, kind: kind.inFamily(familia), payload: alvo)
        let inicio = try db.withTransaction { db in
            try Outbox.enqueue(spec, on: db)
            return try db.query("SELECT extract(epoch FROM clock_timestamp())::float8")[0].decode(Double.self, at: 0)
        }
        let prazo = Date().addingTimeInterval(20 * 60)
        while Date() < prazo {
            let registro = try JobRecords.byID(id, db: db)
            if registro?.state == .done { break }
            if let registro, registro.state == .dead { throw ValidationError("o job \(id) morreu: \(registro.lastError ?? "")") }
            guard workers.allSatisfy(\.isRunning) else { throw ValidationError("um worker terminou durante a medição") }
            Thread.sleep(forTimeInterval: 0.1)
        }
        guard let feito = try JobRecords.byID(id, db: db), feito.state == .done, let fim = feito.finishedAt else { throw ValidationError("o job \(id) não terminou em 20 minutos") }
        return (fim - inicio, feito.childrenTotal)
    }

    func contar(_ sql: String, _ db: PostgresConnection) throws -> Int { try db.query(sql)[0].decode(Int.self, at: 0) }
}
