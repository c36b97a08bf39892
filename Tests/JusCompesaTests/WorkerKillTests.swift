import Contratos
import Foundation
import GSANModel
import JobRuntime
import JusCompesa
import Postgres
import TestSupport
import Testing

/// The chain's two JusCompesa steps through real worker processes, one of them SIGKILLed in
/// the middle of a localidade's post-close transaction: the job is redelivered to another
/// process and the end state is the one of an uninterrupted run on an identical utility.
@Suite(.serialized) struct WorkerKillTests {
    static let imoveis = 20_000

    @Test func aWorkerKilledMidRunLeavesTheSameEndStateAsAnUninterruptedRun() async throws {
        let semInterrupcao = try await withUtility(imoveis: Self.imoveis) { db, _ in
            try Self.pedidoDesconhecido(db)
            try executarPreFechamento(db, alvoGrupo1)
            try encerrar(db, alvoGrupo1)
            try executarPosFechamento(db, alvoGrupo1)
            return try EstadoFinal(db)
        }
        let (comInterrupcao, tentativas, localidades, log) = try await withUtility(imoveis: Self.imoveis) { db, url in
            let workers = try JusCompesaWorkers(databaseURL: url)
            defer { workers.tearDown() }
            try Self.pedidoDesconhecido(db)
            let primeiro = try workers.start()
            let pre = CadeiaFechamento.idJuscompesaPre(alvoGrupo1)
            try workers.enqueue(JobSpec(id: pre, kind: workers.kind(CadeiaFechamento.juscompesaPre), payload: alvoGrupo1))
            #expect(try workers.waitForDone(pre), "\(workers.logs)")
            try encerrar(db, alvoGrupo1)

            // Hold the situation row of an imóvel whose period the close extends: its
            // localidade's job blocks there, after putting the new bills under review.
            let (imovel, localidade) = try db.query(
                """
                SELECT c.imov_id, m.loca_id FROM faturamento.conta c JOIN cadastro.imovel m USING (imov_id)
                WHERE c.ftgr_id = 1 AND c.cnta_amreferenciaconta = $1 AND c.dcst_idatual = 0 AND m.cbst_id = 5
                ORDER BY 1 LIMIT 1
                """, [referenciaSeed])[0].decode((Int, Int).self)
            let bloqueio = try connect(url)
            defer { bloqueio.close() }
            try bloqueio.execute("BEGIN")
            try bloqueio.execute(
                "SELECT 1 FROM cobranca.cobranca_situacao_hist WHERE imov_id = $1 AND cbsh_amcobrancaretirada IS NULL FOR UPDATE",
                [imovel])

            let pos = CadeiaFechamento.idJuscompesaPos(alvoGrupo1)
            let parte = JusCompesaJobs.idParte(pos, localidade: localidade)
            try workers.enqueue(JobSpec(id: pos, kind: workers.kind(CadeiaFechamento.juscompesaPos), payload: alvoGrupo1))
            let preso = try waitUntil(timeout: 60) {
                try workers.state(of: parte).state == "running"
                    && contar(db, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") > 0
            }
            #expect(preso, "o job da localidade \(localidade) deveria estar bloqueado no meio da transação\n\(workers.logs)")
            #expect(try contar(db, "SELECT count(*) FROM juscompesa.debito_imovel") < contar(db, "SELECT count(*) FROM cadastro.imovel WHERE cbst_id = 5"))
            primeiro.kill()
            try bloqueio.execute("ROLLBACK")

            try workers.start()
            #expect(try workers.waitForDone(pos), "\(workers.logs)")
            let localidades = try inteiros(db, "SELECT DISTINCT loca_id FROM cadastro.imovel WHERE cbst_id = 5")
            return (try EstadoFinal(db), try workers.state(of: parte).attempts, localidades.count, workers.logs)
        }
        #expect(localidades >= 2, "o cenário deve dividir o trabalho em mais de uma localidade")
        #expect(tentativas == 2, "a localidade interrompida roda de novo, uma vez")
        #expect(log.contains("Imóvel 99999999 inexistente."), "o motivo da rejeição vai ao log do job")
        #expect(comInterrupcao.remessas.count == 1 && comInterrupcao.debitos.count > 10)
        #expect(comInterrupcao == semInterrupcao, "\(comInterrupcao.diferencas(semInterrupcao))")
    }

    static func pedidoDesconhecido(_ db: PostgresConnection) throws {
        try informar(db, imovel: 99_999_999, processo: processoCNJ(99))
    }
}

/// What the JusCompesa steps leave in the database, without timestamps.
struct EstadoFinal: Equatable {
    var revisao: [[String]]
    var situacoes: [[String]]
    var imoveis: [[String]]
    var resultados: [[String]]
    var remessas: [[String]]
    var debitos: [LinhaDebito]

    init(_ db: PostgresConnection) throws {
        func linhas(_ sql: String) throws -> [[String]] {
            try db.query(sql).map { row in (0..<row.columnCount).map { row.isNull(at: $0) ? "∅" : ((try? row.decode(String.self, at: $0)) ?? "?") } }
        }
        revisao = try linhas("SELECT cnta_id, cmrv_id, cnta_dtrevisao IS NOT NULL FROM faturamento.conta WHERE cmrv_id IS NOT NULL ORDER BY 1")
        situacoes = try linhas(
            """
            SELECT imov_id, cbsm_id, cbsh_amcobrancasituacaoinicio, cbsh_amcobrancasituacaofim, cbsh_amcobrancaretirada,
                   cbsh_nnprocessojudicial FROM cobranca.cobranca_situacao_hist ORDER BY 1, 2
            """)
        imoveis = try linhas(
            """
            SELECT imov_id, cbst_id, cbsp_id, imov_icparcelamentobloqueado FROM cadastro.imovel
            WHERE cbst_id IS NOT NULL OR imov_icparcelamentobloqueado = 1 ORDER BY 1
            """)
        resultados = try linhas(
            """
            SELECT jcii_id, jcir_cdresultado, jcir_dsmotivo, jcir_amreferenciainicial, jcir_amreferenciafinal, jcir_qtcontasrevisao
            FROM juscompesa.imovel_informado_resultado ORDER BY 1
            """)
        remessas = try linhas(
            """
            SELECT jcrd_amreferencia, jcrd_nnversao, ftgr_id, jcrd_tmconclusao IS NOT NULL, jcrd_qtimoveis, jcrd_vltotal,
                   jcrd_dtcalculo, jcrd_qtlocalidades, (SELECT count(*) FROM juscompesa.remessa_localidade l WHERE l.jcrd_id = r.jcrd_id)
            FROM juscompesa.remessa_debito r ORDER BY 1, 2
            """)
        debitos = try linhasDaRemessa(db, versao: 1)
    }

    /// Which parts differ, for the failure message.
    func diferencas(_ outro: EstadoFinal) -> String {
        var partes: [String] = []
        if revisao != outro.revisao { partes.append("revisao (\(revisao.count) × \(outro.revisao.count))") }
        if situacoes != outro.situacoes { partes.append("situacoes") }
        if imoveis != outro.imoveis { partes.append("imoveis") }
        if resultados != outro.resultados { partes.append("resultados") }
        if remessas != outro.remessas { partes.append("remessas \(remessas) × \(outro.remessas)") }
        if debitos != outro.debitos { partes.append("debitos") }
        return partes.joined(separator: ", ")
    }
}
