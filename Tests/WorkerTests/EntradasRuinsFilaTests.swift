import AMQP
import Contratos
import Foundation
import GSANSeed
import JobRuntime
import Postgres
import TestSupport
import Testing

/// The catalogue of bad queue messages (docs/seguranca.md): each one, put straight on its
/// worker's queue, is dead at once with its Portuguese reason, no worker falls, and no table
/// outside the job record changes (a checksum of every table, before and after).
@Suite(.serialized) struct EntradasRuinsFilaTests {
    struct Caso: Sendable {
        var id: String
        var worker: String
        var corpo: [UInt8]
        /// The dead record's reason (exactly).
        var motivo: String
        /// The record the reason is found under, when not `id` (an invalid message's).
        var registro: String?
    }

    static func mensagem(_ id: String, _ kind: String, _ payload: String) -> [UInt8] {
        Array(#"{"id":"\#(id)","kind":"\#(kind)","payload":\#(payload)}"#.utf8)
    }

    static func caso(_ id: String, _ worker: String, _ kind: String, _ payload: String, _ motivo: String) -> Caso {
        Caso(id: id, worker: worker, corpo: mensagem(id, kind, payload), motivo: "payload inválido para \(kind): \(motivo)")
    }

    static let referencia13 = "referencia 202513 inválida (AAAAMM, mês de 01 a 12)"
    static let casos: [Caso] = [
        caso("q01", "gsan-rotas", "rotas.rota", #"{"grupoFaturamento":1,"referencia":202513,"rota":1}"#, referencia13),
        caso("q02", "gsan-rotas", "rotas.rota", #"{"grupoFaturamento":1,"referencia":-202506,"rota":1}"#, "referencia -202506 inválida (AAAAMM, mês de 01 a 12)"),
        caso("q03", "gsan-rotas", "rotas.rota", #"{"grupoFaturamento":1,"referencia":99999999,"rota":1}"#, "referencia 99999999 inválida (AAAAMM, mês de 01 a 12)"),
        caso("q04", "gsan-rotas", "rotas.rota", #"{"grupoFaturamento":1,"referencia":0,"rota":1}"#, "referencia 0 inválida (AAAAMM, mês de 01 a 12)"),
        caso("q05", "gsan-rotas", "rotas.rota", #"{"grupoFaturamento":0,"referencia":202506,"rota":1}"#, "grupoFaturamento 0 fora de 1…2147483647"),
        caso("q06", "gsan-rotas", "rotas.rota", #"{"grupoFaturamento":3000000000,"referencia":202506,"rota":1}"#, "grupoFaturamento 3000000000 fora de 1…2147483647"),
        caso("q07", "gsan-rotas", "rotas.rota", #"{"grupoFaturamento":1,"referencia":202506,"rota":-4}"#, "rota -4 fora de 1…2147483647"),
        caso("q08", "gsan-rotas", "rotas.rota", #"{"grupoFaturamento":1,"referencia":202506}"#, "falta o campo rota"),
        caso("q09", "gsan-rotas", "rotas.rota", #"{"grupoFaturamento":1,"referencia":202506,"rota":"um"}"#, "campo rota com tipo errado (esperado um número inteiro)"),
        caso("q10", "gsan-rotas", "rotas.rota", #"{"grupoFaturamento":1,"referencia":202506,"rota":1e30}"#, "um campo com valor inválido (número fora do intervalo do campo ou texto malformado)"),
        caso("q11", "gsan-rotas", "rotas.rota", #"{"grupoFaturamento":null,"referencia":202506,"rota":1}"#, "campo grupoFaturamento nulo (esperado um número inteiro)"),
        caso("q12", "gsan-rotas", "rotas.grupo", #"{"grupoFaturamento":1,"referencia":202500}"#, "referencia 202500 inválida (AAAAMM, mês de 01 a 12)"),
        caso("q13", "gsan-rotas", "rotas.grupo", #"{"grupoFaturamento":1,"referencia":202506,"rota":0}"#, "rota 0 fora de 1…2147483647"),
        caso("q14", "gsan-documentos", "documentos.eventual", "{}", "falta o campo atividadeCronograma ou comandoEventual (um dos dois)"),
        caso("q15", "gsan-documentos", "documentos.eventual", #"{"atividadeCronograma":1,"comandoEventual":2}"#, "atividadeCronograma e comandoEventual juntos (só um dos dois)"),
        caso("q16", "gsan-documentos", "documentos.eventual", #"{"comandoEventual":-3}"#, "comandoEventual -3 fora de 1…2147483647"),
        caso("q17", "gsan-documentos", "documentos.eventual", #"{"comandoEventual":2147483648}"#, "comandoEventual 2147483648 fora de 1…2147483647"),
        caso("q18", "gsan-documentos", "documentos.limite", #"{"atividadeCronograma":0}"#, "atividadeCronograma 0 fora de 1…2147483647"),
        caso("q19", "gsan-documentos", "documentos.atividade",
             #"{"atividadeCronograma":1,"acao":0,"atividade":1,"grupo":1,"referencia":202506,"simular":true}"#, "acao 0 fora de 1…2147483647"),
        caso("q20", "gsan-documentos", "documentos.atividade",
             #"{"atividadeCronograma":1,"acao":1,"atividade":1,"grupo":1,"referencia":202613,"simular":true}"#, "referencia 202613 inválida (AAAAMM, mês de 01 a 12)"),
        caso("q21", "gsan-documentos", "documentos.atividade",
             #"{"atividadeCronograma":1,"acao":1,"atividade":1,"grupo":1,"referencia":202506}"#, "falta o campo simular"),
        caso("q22", "gsan-documentos", "documentos.rota",
             #"{"comando":{"comandoEventual":1},"rota":0,"ordemRota":1,"criterio":1}"#, "rota 0 fora de 1…2147483647"),
        caso("q23", "gsan-documentos", "documentos.rota",
             #"{"comando":{"comandoEventual":1},"rota":1,"ordemRota":-1,"criterio":1}"#, "ordemRota -1 fora de 0…2147483647"),
        caso("q24", "gsan-documentos", "documentos.rota",
             #"{"comando":{"comandoEventual":1},"rota":1,"ordemRota":1,"criterio":0}"#, "criterio 0 fora de 1…2147483647"),
        caso("q25", "gsan-documentos", "documentos.rota",
             #"{"comando":{"comandoEventual":1},"rota":1,"ordemRota":1,"criterio":1,"quantidade":-1}"#, "quantidade -1 fora de 0…2147483647"),
        caso("q26", "gsan-documentos", "documentos.rota",
             #"{"comando":{},"rota":1,"ordemRota":1,"criterio":1}"#, "falta o campo atividadeCronograma ou comandoEventual (um dos dois)"),
        caso("q27", "gsan-documentos", "documentos.arquivo", #"{"comando":{"comandoEventual":5},"rota":-2}"#, "rota -2 fora de 1…2147483647"),
        caso("q28", "gsan-documentos", "parcelamento.perda-desconto", #"{"dia":"2025-02-30"}"#, "campo dia com valor inválido: data inválida: 2025-02-30"),
        caso("q46", "gsan-documentos", "parcelamento.perda-desconto", #"{"dia":"9999-12-31"}"#, "dia 9999-12-31 fora de 2000-01-01…2199-12-31"),
        caso("q47", "gsan-documentos", "parcelamento.perda-desconto", "{}", "falta o campo dia"),
        caso("q48", "gsan-documentos", "parcelamento.perda-desconto", #"{"dia":"01/06/2025"}"#, "campo dia com valor inválido: data inválida: 01/06/2025"),
        caso("q29", "gsan-juscompesa", "juscompesa.pre-fechamento", #"{"grupoFaturamento":0,"referencia":202506}"#, "grupoFaturamento 0 fora de 1…2147483647"),
        caso("q30", "gsan-juscompesa", "juscompesa.pos-fechamento", #"{"grupoFaturamento":1,"referencia":202500}"#, "referencia 202500 inválida (AAAAMM, mês de 01 a 12)"),
        caso("q31", "gsan-juscompesa", "juscompesa.pre-fechamento.localidade",
             #"{"grupoFaturamento":1,"referencia":202506,"localidade":0,"entradas":[]}"#, "localidade 0 fora de 1…2147483647"),
        caso("q32", "gsan-juscompesa", "juscompesa.pre-fechamento.localidade",
             #"{"grupoFaturamento":1,"referencia":202506,"localidade":1,"entradas":[5,-1]}"#, "entradas: id -1 não positivo"),
        caso("q33", "gsan-juscompesa", "juscompesa.pos-fechamento.localidade",
             #"{"grupoFaturamento":1,"referencia":202506,"localidade":1,"remessa":1,"parametros":{"multa":-1,"jurosMensais":100,"atualizacaoMensal":0}}"#,
             "parametros.multa -1 fora de 0…10000 (centésimos de ponto percentual: 0,00 % a 100,00 %)"),
        caso("q34", "gsan-juscompesa", "juscompesa.pos-fechamento.localidade",
             #"{"grupoFaturamento":1,"referencia":202506,"localidade":1,"remessa":0,"parametros":{"multa":200,"jurosMensais":100,"atualizacaoMensal":0}}"#,
             "remessa 0 fora de 1…2147483647"),
        caso("q35", "gsan-faturamento", "fechamento.iniciar", #"{"grupoFaturamento":-1,"referencia":202506}"#, "grupoFaturamento -1 fora de 1…2147483647"),
        caso("q36", "gsan-faturamento", "faturamento.encerrar", #"{"grupoFaturamento":1,"referencia":199913}"#, "referencia 199913 inválida (AAAAMM, mês de 01 a 12)"),
        caso("q37", "gsan-exemplo", "exemplo.lote", #"{"filhos":-1}"#, "filhos -1 fora de 0…100000"),
        caso("q38", "gsan-exemplo", "exemplo.efeito", #"{"n":1,"dormirMs":-5}"#, "dormirMs -5 fora de 0…600000"),
        caso("q39", "gsan-exemplo", "exemplo.efeito", #"{"n":"x"}"#, "campo n com tipo errado (esperado um número inteiro)"),
        // gsan-campo trabalhar: the batch job an upload enqueues (campo.rota).
        caso("q49", "gsan-campo", "campo.rota", #"{"rota":0,"referencia":202506,"lote":1}"#, "rota 0 fora de 1…2147483647"),
        caso("q50", "gsan-campo", "campo.rota", #"{"rota":3000000000,"referencia":202506,"lote":1}"#, "rota 3000000000 fora de 1…2147483647"),
        caso("q51", "gsan-campo", "campo.rota", #"{"rota":1,"referencia":202513,"lote":1}"#, referencia13),
        caso("q52", "gsan-campo", "campo.rota", #"{"rota":1,"referencia":-202506,"lote":1}"#, "referencia -202506 inválida (AAAAMM, mês de 01 a 12)"),
        caso("q53", "gsan-campo", "campo.rota", #"{"rota":1,"referencia":202506,"lote":0}"#, "lote 0 fora de 1…2147483647"),
        caso("q54", "gsan-campo", "campo.rota", #"{"rota":1,"referencia":202506,"lote":-7}"#, "lote -7 fora de 1…2147483647"),
        caso("q55", "gsan-campo", "campo.rota", #"{"rota":1,"referencia":202506}"#, "falta o campo lote"),
        caso("q56", "gsan-campo", "campo.rota", #"{"rota":"1","referencia":202506,"lote":1}"#, "campo rota com tipo errado (esperado um número inteiro)"),
        caso("q57", "gsan-campo", "campo.rota", #"{"rota":null,"referencia":202506,"lote":1}"#, "campo rota nulo (esperado um número inteiro)"),
        caso("q58", "gsan-campo", "campo.rota", #"{"rota":1,"referencia":1e30,"lote":1}"#, "um campo com valor inválido (número fora do intervalo do campo ou texto malformado)"),
        caso("q59", "gsan-campo", "campo.rota", "[1,202506,1]", "campo (raiz) com tipo errado (esperado um objeto)"),
        // Well formed, but no such batch was ever opened (nothing stored for that rota).
        Caso(id: "q60", worker: "gsan-campo", corpo: mensagem("q60", "campo.rota", #"{"rota":1,"referencia":202506,"lote":3}"#),
             motivo: "Lote 3 da rota 1 (202506) inexistente."),
        Caso(id: "q40", worker: "gsan-exemplo", corpo: Array("isto não é json".utf8),
             motivo: "mensagem malformada: o corpo não é um objeto JSON"),
        Caso(id: "q41", worker: "gsan-exemplo", corpo: Array(#"{"id":"   ","kind":"exemplo.efeito","payload":{"n":1}}"#.utf8),
             motivo: "mensagem malformada: id vazio ou só de espaços"),
        Caso(id: "q42", worker: "gsan-exemplo", corpo: Array(#"{"id":"q42","kind":"EXEMPLO; DROP","payload":{"n":1}}"#.utf8),
             motivo: "mensagem malformada: kind inválido (só letras minúsculas, dígitos, '.', '_' e '-', até 100 caracteres)"),
        Caso(id: "q43", worker: "gsan-exemplo", corpo: Array(#"{"id":"q43","kind":"exemplo.efeito","payload":{"n":1,"defeito":"a\u0000"}}"#.utf8),
             motivo: "mensagem malformada: o payload contém o caractere NUL (U+0000), que o banco não guarda"),
        Caso(id: "q44", worker: "gsan-exemplo", corpo: mensagem("q44", "exemplo.inexistente", #"{"n":1}"#),
             motivo: "tipo de job desconhecido: exemplo.inexistente"),
        Caso(id: "q45", worker: "gsan-exemplo", corpo: Array(#"{"id":"q45","kind":"exemplo.efeito","schemaVersion":0,"payload":{"n":1}}"#.utf8),
             motivo: "mensagem malformada: schemaVersion fora de 1…1000"),
    ]

    @Test func cadaMensagemRuimMorreComSeuMotivoSemTocarOsDados() async throws {
        // Run on a thread of its own (libpq, processes); the expectations after, in the test's context.
        let (resultados, caidos, antes, depois, vivos, proximoBom) = try await withScratchDatabase(migrations: nil) { url in
            try await onDedicatedThread { () throws -> ([(String, Bool, String?)], [String], [String: String], [String: String], Int, (Bool, String)) in
                let db = try PostgresConnection(url: url, logger: quietLogger)
                defer { db.close() }
                try Seeder(options: SeedOptions(imoveis: 300, seed: 11, meses: 2), logger: quietLogger).run(connection: db)
                let antes = try ChecksumTabelas.calcular(db, excluindo: ["jobs"])
                let produtos = Array(Set(Self.casos.map(\.worker))).sorted()
                var frotas: [String: TestWorkers] = [:]
                defer { for frota in frotas.values { frota.tearDown() } }
                for produto in produtos {
                    // gsan-campo's default subcommand serves the phones; its worker is `trabalhar`.
                    let frota = try TestWorkers(
                        produto, databaseURL: url, familyPrefix: "ruim", subcommand: produto == "gsan-campo" ? ["trabalhar"] : [])
                    try frota.start()
                    frotas[produto] = frota
                }
                for caso in Self.casos {
                    guard let frota = frotas[caso.worker] else { continue }
                    try frota.publishRaw(caso.corpo)
                }
                var resultados: [(String, Bool, String?)] = []
                for caso in Self.casos {
                    let registro = caso.registro ?? registroDe(caso)
                    let morto = try waitUntil(timeout: 90) {
                        try JobRecords.byID(registro, db: db)?.state == .dead
                    }
                    let motivo = try JobRecords.byID(registro, db: db)?.lastError
                    resultados.append((caso.id, morto, motivo))
                }
                let caidos = frotas.filter { !$0.value.processes.allSatisfy { $0.isRunning } }.map { "\($0.key)\n\($0.value.logs)" }
                let depois = try ChecksumTabelas.calcular(db, excluindo: ["jobs"])
                let vivos = try JobRecords.count(JobFilter(excludingStates: [.dead]), db: db)
                // After its bad messages, the field family's worker still takes a good batch
                // (one opened for rota 1, with nothing stored: it closes and opens the next).
                var proximoBom = (false, "ausente")
                if let campo = frotas["gsan-campo"] {
                    try db.execute("INSERT INTO micromedicao.retorno_processamento (rota_id, rtpr_amreferencia, rtpr_icpendente) VALUES (1, 202506, true)")
                    let bom = LoteRetorno(rota: 1, referencia: 202506, lote: 1)
                    try campo.enqueue(try JobSpec(id: "q-bom-campo", kind: campo.kind(CampoJobs.processarRota), payload: bom))
                    let feito = try campo.waitForDone("q-bom-campo", timeout: 60)
                    let lote = try db.query("SELECT rtpr_nnlote FROM micromedicao.retorno_processamento WHERE rota_id = 1").first?.decode(Int.self, at: 0)
                    proximoBom = (feito && lote == 2, try campo.state(of: "q-bom-campo").state)
                }
                return (resultados, caidos, antes, depois, vivos, proximoBom)
            }
        }
        #expect(resultados.count == Self.casos.count)
        for (caso, resultado) in zip(Self.casos, resultados) {
            #expect(resultado.1 && resultado.2 == caso.motivo, "\(caso.id): \(String(describing: resultado.2))")
        }
        #expect(caidos.isEmpty, "\(caidos)")
        #expect(antes.count > 100 && depois == antes, "nenhuma tabela fora de jobs mudou")
        #expect(vivos == 0)
        #expect(proximoBom.0 && proximoBom.1 == "done", "o worker de campo ainda atende o próximo job bom: \(proximoBom.0) \(proximoBom.1)")
    }

    /// The record a bad message is dead under: its own id, or the invalid message's.
    func registroDe(_ caso: Caso) -> String {
        if let envelope = try? JobEnvelope.decode(caso.corpo) { return envelope.id }
        return "mensagem-invalida:" + SHA256.hex(caso.corpo).prefix(24)
    }
}
