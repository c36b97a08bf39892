import AMQP
import Foundation
import JobRuntime
import Postgres
import TestSupport
import Testing

/// Messages a broken or hostile producer puts on a queue: none is lost from sight (each is a
/// dead record `gsan dlq` lists, shows and discards, with its raw bytes and headers), none runs
/// as a job it is not, and none keeps crashing the family's workers.
@Suite(.serialized) struct PoisonMessageTests {
    /// The six messages the worker's own bookkeeping could not record, which it rejected to
    /// the broker unrecorded: each is now a dead record, and the dead queue holds nothing else.
    @Test func messagesTheTableCannotHoldAreRecordedDeadWithTheirRawBytes() async throws {
        try await WorkerHarness.run { h in
            let worker = try h.startWorker()
            try h.enqueue(try h.efeitos(5))
            #expect(try h.waitForDone(5, timeout: 60), "\(h.logs)")
            let decomposed = String(repeating: "e\u{301}", count: 250)  // 250 characters, 500 code points
            let bodies: [(String, [UInt8])] = [
                ("id de espaços", Array(#"{"id":"   ","kind":"exemplo.efeito","payload":{"n":1}}"#.utf8)),
                ("NUL no payload", Array(#"{"id":"nul-payload","kind":"exemplo.efeito","payload":{"n":1,"defeito":"a\u0000b"}}"#.utf8)),
                ("NUL no kind", Array(#"{"id":"nul-kind","kind":"exemplo.efeito\u0000","payload":{"n":1}}"#.utf8)),
                ("bytes NUL no corpo", [0x7b, 0x00, 0x00, 0x22, 0x69, 0x64, 0x00, 0x7d, 0xff, 0xfe]),
                ("id de 500 pontos de código", Array(#"{"id":"\#(decomposed)","kind":"exemplo.efeito","payload":{"n":1}}"#.utf8)),
                ("família inválida", Array(#"{"id":"familia-ruim","kind":"exemplo.efeito","family":"EXEMPLO; DROP","payload":{"n":1}}"#.utf8)),
            ]
            for (_, body) in bodies { try h.publishRaw(body, headers: ["x-origem": "teste-hostil"]) }
            let expected = [
                "mensagem malformada: id vazio ou só de espaços",
                "mensagem malformada: o payload contém o caractere NUL (U+0000), que o banco não guarda",
                "mensagem malformada: kind inválido (só letras minúsculas, dígitos, '.', '_' e '-', até 100 caracteres)",
                "mensagem malformada: o corpo não é um objeto JSON",
                "mensagem malformada: id longo demais (500 pontos de código; máximo 250)",
                "mensagem malformada: family inválida (só letras minúsculas, dígitos, '_' e '-', até 100 caracteres)",
            ]
            #expect(try waitUntil(timeout: 30) { try h.jobs(.state(.dead)) == 6 }, "\(h.logs)")
            let db = try h.connect()
            let dead = try JobAdmin.deadJobs(limit: 50, db: db)
            #expect(Set(dead.map { $0.lastError ?? "" }) == Set(expected))
            #expect(dead.allSatisfy { $0.kind == JobAdmin.invalidKind && $0.family == h.family })
            // Each record keeps the exact bytes and the headers.
            for (index, (_, body)) in bodies.enumerated() {
                let id = "mensagem-invalida:" + SHA256.hex(body).prefix(24)
                let shown = try JobAdmin.show(id, db: db)
                #expect(shown.payload.contains(Data(body).base64EncodedString()), "caso \(index)")
                #expect(shown.payload.contains("teste-hostil"), "caso \(index): \(shown.payload)")
            }
            // The dead-letter queue holds exactly the recorded ones, each naming its record.
            #expect(try waitUntil(timeout: 10) { try h.deadLetterCopies().count == 6 })
            let copies = try h.deadLetterCopies()
            #expect(Set(copies.map(JobExecutor.jobID(of:))) == Set(dead.map(\.id)))
            // Discarding them empties the queue.
            let outcome = try JobAdmin.discard(
                dead.map(\.id), reason: "lixo de teste", operator: "teste", db: db, broker: { try AMQPConnection(url: h.amqpURL) })
            #expect(outcome.affected.count == 6 && outcome.brokerCopiesRemoved == 6)
            #expect(try h.deadLetterCopies().isEmpty)
            #expect(worker.isRunning, "\(h.logs)")
        }
    }

    /// A message naming an existing job with another kind or payload runs nothing: it is a
    /// dead record of its own with the reason; the job itself finishes with its own payload.
    @Test func aDeliveryThatIsNotTheJobItNamesRunsNothing() async throws {
        try await WorkerHarness.run { h in
            let db = try h.connect()
            try db.execute("INSERT INTO exemplo.defeito (chave, motivo) VALUES ('segura', 'aguardando o teste')")
            try h.startWorker()
            var original = Efeito(n: 7)
            original.defeito = "segura"
            try h.enqueue([try JobSpec(id: "alvo", kind: h.kind(), payload: original)])
            #expect(try waitUntil(timeout: 30) { try h.state(of: "alvo").state == "retrying" }, "\(h.logs)")
            try h.publishRaw(#"{"id":"alvo","kind":"exemplo.efeito","family":"\#(h.family)","payload":{"n":999}}"#)
            try h.publishRaw(#"{"id":"alvo","kind":"exemplo.lote","family":"\#(h.family)","payload":{"filhos":5}}"#)
            #expect(try waitUntil(timeout: 30) { try h.jobs(JobFilter(kind: "invalida")) == 2 }, "\(h.logs)")
            let reasons = try h.jobList(JobFilter(kind: "invalida")).map { $0.lastError ?? "" }.sorted()
            #expect(reasons == [
                "mensagem recusada: diz ser o job alvo, mas o payload não confere com o registro do job; nada foi executado",
                "mensagem recusada: diz ser o job alvo, mas o tipo (exemplo.lote; registrado: exemplo.efeito) não confere com o registro do job; nada foi executado",
            ])
            try db.execute("DELETE FROM exemplo.defeito")
            #expect(try waitUntil(timeout: 30) { try h.state(of: "alvo").state == "done" }, "\(h.logs)")
            #expect(try h.count("SELECT count(*) FROM exemplo.efeito WHERE n = 999") == 0)
            #expect(try h.count("SELECT count(*) FROM exemplo.efeito WHERE job_id = 'alvo' AND n = 7") == 1)
            #expect(try h.jobs(JobFilter(parentID: "alvo")) == 0, "no forged children")
        }
    }

    /// A job that crashes its process: the next attempt runs alone, and when it crashes alone
    /// again it is dead with the worker, the machine and the log named. The jobs that were
    /// beside it lose at most an attempt per crash; later workers are not crashed by it.
    @Test func aJobThatCrashesItsWorkerDiesNamingTheWorkerAndDoesNotBlockTheFamily() async throws {
        try await WorkerHarness.run { h in
            let db = try h.connect()
            try db.execute("INSERT INTO exemplo.defeito (chave, motivo) VALUES ('veneno', 'derruba')")
            var poison = Efeito(n: -1)
            poison.derrubar = "veneno"
            poison.dormirMs = 0
            var specs = [try JobSpec(id: "veneno", kind: h.kind(maxAttempts: 5), payload: poison)]
            for index in 0..<30 {
                var slow = Efeito(n: index)
                slow.dormirMs = 50
                specs.append(try JobSpec(id: "vizinho-\(index)", kind: h.kind(), payload: slow))
            }
            try h.enqueue(specs)
            var crashes = 0
            let deadline = Date().addingTimeInterval(120)
            while try h.state(of: "veneno").state != "dead" && Date() < deadline {
                if !h.workers.contains(where: \.isRunning) {
                    if !h.workers.isEmpty { crashes += 1 }
                    try h.startWorker(concurrency: 4)
                }
                Thread.sleep(forTimeInterval: 0.1)
            }
            let record = try h.state(of: "veneno")
            #expect(record.state == "dead", "\(h.logs)")
            #expect(crashes <= 3, "o veneno derrubou \(crashes) workers")
            let reason = record.lastError ?? ""
            #expect(reason.hasPrefix("o job derrubou o worker 2 vezes rodando sozinho; a última: o worker "), "\(reason)")
            #expect(reason.contains("(máquina \(ProcessInfo.processInfo.hostName), pid "), "\(reason)")
            #expect(reason.contains("log: \(h.workers[crashes - 1].logURL.path)") || reason.contains("log: /"), "\(reason)")
            // The history names each interrupted attempt's worker.
            #expect(try h.events("failed", jobID: "veneno", messageLike: "o worker %") >= 2)
            // A fresh worker finishes the rest and stays up.
            let fresh = try h.startWorker()
            #expect(try waitUntil(timeout: 60) {
                try h.jobs(.state(.done, idLike: "vizinho-%")) == 30
            }, "\(h.logs)")
            #expect(try h.jobs(JobFilter(idLike: "vizinho-%", minAttempts: 2 + crashes)) == 0)
            try h.enqueue(try h.efeitos(5, prefix: "depois"))
            #expect(try waitUntil(timeout: 60) { try h.jobs(.state(.done, idLike: "depois%")) == 5 })
            #expect(fresh.isRunning, "\(h.logs)")
        }
    }

    /// Copies the broker dead-lettered by itself (past x-delivery-limit, or a worker that could
    /// not record them): `gsan doctor` sees them, `gsan dlq registrar` records them, and from
    /// then on they are dead jobs like any other.
    @Test func deadLetterCopiesTheRecordDoesNotKnowAreReportedAndRecorded() async throws {
        try await WorkerHarness.run { h in
            let db = try h.connect()
            // A job the record still shows published, whose message the broker gave up on.
            try h.enqueue([try JobSpec(id: "desistido", kind: h.kind(), payload: Efeito(n: 5))])
            try JobRecordsDrill.overwriteState("desistido", to: .published, db: db)
            let connection = try AMQPConnection(url: h.amqpURL)
            defer { connection.close() }
            let channel = try connection.openChannel()
            try Topology(families: [h.family], retryDelays: h.retryDelays).declare(on: channel)
            try channel.confirmSelect()
            let envelope = #"{"id":"desistido","kind":"exemplo.efeito","family":"\#(h.family)","generation":0,"payload":{"n":5}}"#
            _ = try channel.publish(OutgoingMessage(
                exchange: Topology.deadExchange, routingKey: h.family, body: Array(envelope.utf8),
                properties: AMQPProperties(
                    headers: ["x-first-death-reason": "delivery_limit", "x-delivery-count": .int64(50), "x-gsan-geracao": .int64(0)],
                    persistent: true, messageId: "desistido"), mandatory: true))
            // A message with no record at all.
            _ = try channel.publish(OutgoingMessage(
                exchange: Topology.deadExchange, routingKey: h.family, body: [0x00, 0x01, 0x02],
                properties: AMQPProperties(headers: ["x-first-death-reason": "rejected"], persistent: true), mandatory: true))
            #expect(try channel.waitForConfirms(timeout: 10))

            let unknown = try JobAdmin.unrecordedDeadLetters(families: [h.family], connection: connection, db: db)
            #expect(unknown.count == 2, "\(unknown)")
            #expect(unknown.contains { $0.jobID == "desistido" && $0.recordedState == "published" && $0.reason.contains("(x-delivery-limit)") })
            // (The broker puts the read copies back asynchronously.)
            _ = try waitUntil(timeout: 10) { try h.deadLetterCopies().count == 2 }
            let recorded = try JobAdmin.recordDeadLetters(families: [h.family], operator: "teste", connection: connection, db: db)
            #expect(recorded.count == 2)
            _ = try waitUntil(timeout: 10) { try h.deadLetterCopies().count == 2 }
            #expect(try JobAdmin.unrecordedDeadLetters(families: [h.family], connection: connection, db: db).isEmpty)
            #expect(try h.state(of: "desistido").state == "dead")
            let invalid = "mensagem-invalida:" + SHA256.hex([0x00, 0x01, 0x02]).prefix(24)
            #expect(try h.state(of: invalid).state == "dead")
            // From here on an ordinary dead job: replayed, it runs once; the invalid one is discarded.
            try h.startWorker()
            try h.replay(["desistido"])
            #expect(try waitUntil(timeout: 30) { try h.state(of: "desistido").state == "done" }, "\(h.logs)")
            let outcome = try JobAdmin.discard(
                [invalid], reason: "lixo", operator: "teste", db: db, broker: { try AMQPConnection(url: h.amqpURL) })
            #expect(outcome.affected.count == 1)
            #expect(try h.deadLetterCopies().isEmpty)
        }
    }
}
