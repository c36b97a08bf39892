import ArgumentParser
import Contratos
import Foundation
import GSANDatabase
import GSANModel
import GSANSupport
import JobRuntime
import Logging
import Postgres

/// `gsan-bench medicao`: on a generated utility of N imóveis after a month of actions (one
/// visita de cobrança document and order per imóvel on its group's EMITIR of 06/2025, closed by
/// SQL: executed, justified, by decurso, some not accepted; every action's ENCERRAR realized),
/// the bulletins of every group of contract 1 through P `gsan-medicao` processes
/// (`medicao.contrato` → one `medicao.grupo` per group). Time, OS/s, peak RSS.
struct MedicaoBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "medicao", abstract: "Boletins de medição de todos os grupos de uma companhia de N imóveis, P processos gsan-medicao.")

    @Option(help: "Imóveis da companhia gerada (uma OS por imóvel).") var imoveis = 100_000
    @Option(help: "Semente do gerador.") var semente: UInt64 = 7
    @Option(help: "Processos gsan-medicao.") var processos = 2
    @Option(help: "Threads de handler por processo.") var concorrencia = 2
    @Flag(help: "Reusa a companhia gerada numa rodada anterior (mesmos --imoveis).") var reusar = false

    var base: String { "gsan_bench_med_\(imoveis)" }
    static let rodada = "gsan_bench_med"

    func validate() throws {
        guard imoveis >= 1_000, processos >= 1, concorrencia >= 1 else { throw ValidationError("--imoveis ≥ 1000, --processos ≥ 1, --concorrencia ≥ 1") }
    }

    func run() async throws {
        let environment = GSANEnvironment()
        let (adminURL, amqpURL) = (try environment.ownerDatabaseURL, try environment.amqpURL)
        let programas = try CompanhiaGerada.executaveis("gsan-medicao", "gsan")
        let opcoes = self
        try await onDedicatedThread {
            var logger = Logger(label: "gsan.bench")
            logger.logLevel = .error
            try CompanhiaGerada.garantir(
                base: opcoes.base, imoveis: opcoes.imoveis, semente: opcoes.semente, meses: 4, reusar: opcoes.reusar,
                adminURL: adminURL, gsan: programas[1], logger: logger, depoisDaSemente: Self.mesDeAcoes)
            let url = try CompanhiaGerada.rodada(Self.rodada, de: opcoes.base, adminURL: adminURL, logger: logger)
            try opcoes.medir(url: url, amqpURL: amqpURL, worker: programas[0], logger: logger)
            try DatabaseAdmin.drop(Self.rodada, adminURL: adminURL, logger: logger)
        }
    }

    /// One visita document and order per imóvel on its group's EMITIR; orders closed by a pattern
    /// (70 % executed, 10 % justified, 15 % decurso, 5 % pending; 1 in 50 justified or executed
    /// not accepted); every action of every group closed.
    static func mesDeAcoes(_ db: PostgresConnection) throws {
        try db.execute(
            """
            INSERT INTO cobranca.cobranca_documento (cbdo_nnsequenciadocumento, cbdo_tmemissao, cbdo_vldocumento, imov_id, loca_id,
                qdra_id, iper_id, last_id, lest_id, dotp_id, cbac_id, caac_id, cbct_id, empr_id, cese_id, cbdo_dtsituacaoacao)
            SELECT row_number() OVER (ORDER BY i.imov_id), '2025-06-12 10:00-03', 100 + i.imov_id % 900, i.imov_id, i.loca_id, i.qdra_id, i.iper_id,
                   i.last_id, i.lest_id, 17, 34, a.caac_id, 1, 2, 1, '2025-06-12'
            FROM cadastro.imovel i JOIN cadastro.quadra q ON q.qdra_id = i.qdra_id
            JOIN micromedicao.rota r ON r.rota_id = COALESCE(i.rota_idalternativa, q.rota_id)
            JOIN cobranca.cobranca_grupo_crg_mes m ON m.cbgr_id = r.cbgr_id AND m.cbcm_amreferencia = 202506
            JOIN cobranca.cobranca_acao_cronograma c ON c.cbcm_id = m.cbcm_id AND c.cbac_id = 34
            JOIN cobranca.cobranca_acao_ativ_crg a ON a.cbcr_id = c.cbcr_id AND a.cbat_id = 2
            ORDER BY i.imov_id
            """)
        try db.execute(
            """
            INSERT INTO atendimentopublico.ordem_servico (orse_cdsituacao, svtp_id, imov_id, cbdo_id, orse_tmgeracao, orse_tmemissao,
                orse_tmencerramento, amen_id, unid_idencerramento)
            SELECT CASE WHEN x.motivo IS NULL THEN 1 ELSE 2 END, 1011, d.imov_id, d.cbdo_id, d.cbdo_tmemissao, d.cbdo_tmemissao,
                   CASE WHEN x.motivo IS NULL THEN NULL ELSE timestamptz '2025-06-20 12:00-03' END, x.motivo,
                   CASE WHEN x.motivo IS NULL THEN NULL ELSE 2 END
            FROM cobranca.cobranca_documento d
            CROSS JOIN LATERAL (SELECT CASE WHEN d.imov_id % 20 < 14 THEN 2 WHEN d.imov_id % 20 < 16 THEN 70
                                            WHEN d.imov_id % 20 < 19 THEN 32 END AS motivo) x
            WHERE d.cbac_id = 34 ORDER BY d.cbdo_id
            """)
        try db.execute(
            """
            INSERT INTO cobranca.cob_ac_os_nao_aceitas (orse_id, caac_id, mnac_id, caon_icaceita, caon_tminformacao)
            SELECT o.orse_id, d.caac_id, 2, 2, '2025-06-25 10:00-03' FROM atendimentopublico.ordem_servico o JOIN cobranca.cobranca_documento d USING (cbdo_id)
            WHERE o.amen_id IN (2, 70) AND o.orse_id % 50 = 0
            """)
        try db.execute(
            "UPDATE cobranca.cobranca_acao_ativ_crg SET caac_tmrealizacao = COALESCE(caac_tmcomando, now()), caac_tmcomando = COALESCE(caac_tmcomando, now()) WHERE cbat_id = 3")
    }

    func medir(url: String, amqpURL: String, worker: URL, logger: Logger) throws {
        let db = try PostgresConnection(url: url, logger: logger, applicationName: "gsan-bench")
        defer { db.close() }
        let ordens = try db.query("SELECT count(*)::int FROM atendimentopublico.ordem_servico")[0].decode(Int.self, at: 0)
        let (segundos, picos) = try CompanhiaGerada.rodarJob(
            worker: worker, prefixo: "benchmed", processos: processos, concorrencia: concorrencia, amqpURL: amqpURL, url: url, db: db
        ) { familia in
            let pedido = BoletimDoContrato(
                empresa: 2, contrato: 1, referencia: 202506, data: CivilDate(year: 2025, month: 7, day: 13) ?? .init(daysSinceEpoch: 0))
            let job = MedicaoJobs.idContrato(pedido)
            try db.withTransaction { _ = try Outbox.enqueue(JobSpec(id: job, kind: MedicaoJobs.contrato.inFamily(familia), payload: pedido), on: $0) }
            return job
        }
        let (boletins, pagas, valor) = try db.query(
            """
            SELECT count(*)::int, (SELECT count(*)::int FROM cobranca.cobr_boletim_exec), COALESCE(sum(cobm_vltotal), 0)::text
            FROM cobranca.cobr_boletim_medicao
            """)[0].decode((Int, Int, String).self)
        linhaDeBench(String(
            format: "boletins de medição: %d OS, %d boletins (um por grupo), %d OS pagas, total %@; %d processos × %d threads: %.2f s (%.0f OS/s)",
            ordens, boletins, pagas, valor, processos, concorrencia, segundos, Double(ordens) / max(segundos, 0.001)))
        linhaDeBench("pico de RSS por worker: " + picos.map { String(format: "%.1f MiB", Double($0) / 1024) }.joined(separator: ", "))
    }
}
