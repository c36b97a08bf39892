import AMQP
import Foundation
import JobRuntime
import Postgres
import TestSupport
import Testing

/// The reliability contract, against the real servers and real `gsan-exemplo` processes.
@Suite(.serialized) struct WorkerProcessTests {
    @Test func tenThousandJobsThroughThreeWorkersEachTakeEffectOnce() async throws {
        try await WorkerHarness.run { h in
            try h.enqueue(try h.efeitos(10_000))
            for _ in 0..<3 { try h.startWorker() }
            #expect(try h.waitForDone(10_000, timeout: 240), "\(h.logs)")
            let anomalies = try h.effectAnomalies(expected: 10_000)
            #expect(anomalies.missingOrDoubled == 0)
            #expect(anomalies.effects == 10_000 && anomalies.distinct == 10_000)
            #expect(try h.count("SELECT count(DISTINCT worker) FROM exemplo.efeito") == 3, "the three processes share the work")
            for worker in h.workers { #expect(worker.terminate() == 0, "\(h.logs)") }
        }
    }

    @Test func workersKilledEveryFewHundredMillisecondsStillTakeEachEffectOnce() async throws {
        try await WorkerHarness.run { h in
            try h.enqueue(try h.efeitos(10_000))
            var workers = try (0..<3).map { _ in try h.startWorker() }
            var kills = 0
            let deadline = Date().addingTimeInterval(300)
            while try h.jobs(.state(.done)) < 10_000 && Date() < deadline {
                Thread.sleep(forTimeInterval: Double.random(in: 0.2...0.5))
                let victim = Int.random(in: 0..<workers.count)
                workers[victim].kill()
                kills += 1
                workers[victim] = try h.startWorker()
            }
            #expect(try h.waitForDone(10_000, timeout: 60), "\(h.logs)")
            #expect(kills >= 5, "the run lasted long enough to kill workers mid-flight")
            let anomalies = try h.effectAnomalies(expected: 10_000)
            #expect(anomalies.missingOrDoubled == 0 && anomalies.effects == 10_000, "kills: \(kills)")
            #expect(try h.jobs(JobFilter(excludingStates: [.done])) == 0)
        }
    }

    @Test func aJobThatFailsTwiceThenSucceedsIsDoneWithThreeAttempts() async throws {
        try await WorkerHarness.run { h in
            try h.enqueue([try JobSpec(id: "duas-falhas", kind: h.kind(), payload: Efeito(n: 1, falhasAntes: 2))])
            try h.startWorker()
            #expect(try h.waitForDone(1, timeout: 60), "\(h.logs)")
            let job = try h.state(of: "duas-falhas")
            #expect(job.state == "done" && job.attempts == 3)
            #expect(try h.events("failed", jobID: "duas-falhas") == 2)
            #expect(try h.count("SELECT count(*) FROM exemplo.efeito WHERE job_id = 'duas-falhas'") == 1)
        }
    }

    @Test func aJobThatAlwaysFailsDiesAfterTheLimitAndReplayFinishesItOnceFixed() async throws {
        try await WorkerHarness.run { h in
            try h.connect().execute("INSERT INTO exemplo.defeito VALUES ('disco', 'pasta de saída sem permissão')")
            try h.enqueue([try JobSpec(id: "sempre-falha", kind: h.kind(maxAttempts: 3), payload: Efeito(n: 1, defeito: "disco"))])
            try h.startWorker()
            #expect(try waitUntil(timeout: 60) { try h.state(of: "sempre-falha").state == "dead" }, "\(h.logs)")
            let dead = try h.state(of: "sempre-falha")
            #expect(dead.attempts == 3)
            #expect(dead.lastError?.contains("pasta de saída sem permissão") == true)
            #expect(try waitUntil(timeout: 10) { try h.deadLetterCopies().contains { JobExecutor.jobID(of: $0) == "sempre-falha" } })
            let copy = try #require(try h.deadLetterCopies().first)
            #expect(copy.properties.headers["x-gsan-erro"]?.stringValue?.contains("defeito presente") == true)
            #expect(copy.properties.headers["x-gsan-tentativas"]?.int64Value == 3)

            try h.connect().execute("DELETE FROM exemplo.defeito")
            try h.replay(["sempre-falha"])
            #expect(try waitUntil(timeout: 60) { try h.state(of: "sempre-falha").state == "done" }, "\(h.logs)")
            #expect(try h.count("SELECT count(*) FROM exemplo.efeito WHERE job_id = 'sempre-falha'") == 1)
            #expect(try h.events("replayed", jobID: "sempre-falha") == 1)
        }
    }

    @Test func aMalformedMessageAndAnUnknownKindAreDeadLetteredWithTheReasonAndTheWorkerGoesOn() async throws {
        try await WorkerHarness.run { h in
            try h.startWorker()
            try h.enqueue(try h.efeitos(20))
            #expect(try h.waitForDone(20, timeout: 60), "\(h.logs)")  // the queues exist now
            try h.publishRaw("isto não é json")
            try h.publishRaw(#"{"id":"misterio-1","kind":"exemplo.desconhecido","payload":{"n":1}}"#, type: "exemplo.desconhecido")
            try h.publishRaw(#"{"id":"sem-payload","kind":"exemplo.efeito"}"#)
            try h.enqueue(try h.efeitos(20, prefix: "depois"))
            #expect(try h.waitForDone(40, timeout: 60), "\(h.logs)")
            #expect(try waitUntil(timeout: 20) { try h.jobs(.state(.dead)) == 3 })
            let unknown = try h.state(of: "misterio-1")
            #expect(unknown.state == "dead" && unknown.lastError == "tipo de job desconhecido: exemplo.desconhecido")
            let malformed = try h.jobList(JobFilter(kind: "invalida")).map { $0.lastError ?? "" }.sorted()
            #expect(malformed == ["mensagem malformada: falta o campo payload", "mensagem malformada: o corpo não é um objeto JSON"])
            #expect(try waitUntil(timeout: 10) { try h.deadLetterCopies().count == 3 })
            #expect(h.workers[0].isRunning)
        }
    }

    @Test func sigtermDuringAJobExitsZeroWithTheJobDoneOnce() async throws {
        try await WorkerHarness.run { h in
            let worker = try h.startWorker()
            try h.enqueue([try JobSpec(id: "longo", kind: h.kind(), payload: Efeito(n: 1, dormirMs: 2_500))])
            #expect(try waitUntil(timeout: 30) { try h.state(of: "longo").state == "running" }, "\(h.logs)")
            #expect(worker.terminate() == 0, "\(h.logs)")
            #expect(try h.state(of: "longo").state == "done")
            #expect(try h.count("SELECT count(*) FROM exemplo.efeito WHERE job_id = 'longo'") == 1)
            #expect(worker.log.contains("worker parado"))
        }
    }

    @Test func sigtermPastTheGraceLeavesTheJobToTheNextWorkerAndItRunsOnce() async throws {
        try await WorkerHarness.run { h in
            let first = try h.startWorker(extra: ["--prazo-parada", "0.5"])
            try h.enqueue([try JobSpec(id: "muito-longo", kind: h.kind(), payload: Efeito(n: 1, dormirMs: 4_000))])
            #expect(try waitUntil(timeout: 30) { try h.state(of: "muito-longo").state == "running" }, "\(h.logs)")
            #expect(first.terminate() == 0, "\(h.logs)")
            #expect(try h.count("SELECT count(*) FROM exemplo.efeito") == 0, "the interrupted attempt committed nothing")
            try h.startWorker()
            #expect(try waitUntil(timeout: 60) { try h.state(of: "muito-longo").state == "done" }, "\(h.logs)")
            #expect(try h.count("SELECT count(*) FROM exemplo.efeito WHERE job_id = 'muito-longo'") == 1)
        }
    }

    @Test func aJobLongerThanTheHeartbeatKeepsTheConnection() async throws {
        try await WorkerHarness.run { h in
            // One-second heartbeats: the broker drops a silent connection after ~2 s.
            let url = h.amqpURL + (h.amqpURL.contains("?") ? "&" : "?") + "heartbeat=1"
            let worker = try h.startWorker(amqpURL: url)
            try h.enqueue([try JobSpec(id: "longo", kind: h.kind(), payload: Efeito(n: 1, dormirMs: 5_000))])
            #expect(try waitUntil(timeout: 60) { try h.state(of: "longo").state == "done" }, "\(h.logs)")
            #expect(try h.state(of: "longo").attempts == 1)
            #expect(!worker.log.contains("conexão com o RabbitMQ perdida"), "\(h.logs)")
        }
    }

    @Test func aJobPastItsKindsTimeoutIsAbandonedAndRetriedThenDies() async throws {
        try await WorkerHarness.run { h in
            try h.enqueue([try JobSpec(id: "lento", kind: h.kind("exemplo.lento", maxAttempts: 2), payload: Efeito(n: 1, dormirMs: 1_500))])
            try h.startWorker()
            #expect(try waitUntil(timeout: 60) { try h.state(of: "lento").state == "dead" }, "\(h.logs)")
            let job = try h.state(of: "lento")
            #expect(job.attempts == 2 && job.lastError == "tempo limite do job esgotado")
            #expect(try h.count("SELECT count(*) FROM exemplo.efeito") == 0, "a timed-out attempt commits nothing")
        }
    }

    @Test func aParentIsDoneWhenItsLastChildIsAndThenItsContinuationRuns() async throws {
        try await WorkerHarness.run { h in
            try h.enqueue([try JobSpec(id: "lote", kind: h.kind("exemplo.lote"), payload: Lote(filhos: 200, continuacao: true))])
            for _ in 0..<3 { try h.startWorker() }
            #expect(try waitUntil(timeout: 120) { try h.state(of: "lote/continuacao").state == "done" }, "\(h.logs)")
            let parent = try #require(try h.jobList(JobFilter(id: "lote")).first)
            let counts = (parent.state.rawValue, parent.childrenTotal, parent.childrenDone)
            #expect(counts == ("done", 200, 200))
            #expect(try h.count("SELECT count(*) FROM exemplo.efeito") == 201)
            #expect(try h.jobs(JobFilter(correlationLike: "lote")) == 201)
        }
    }

    @Test func aDeadChildBlocksItsParentVisiblyAndReplayingItFinishesTheParent() async throws {
        try await WorkerHarness.run { h in
            try h.connect().execute("INSERT INTO exemplo.defeito VALUES ('rota-7', 'rota sem imóveis')")
            try h.enqueue([
                try JobSpec(
                    id: "lote", kind: h.kind("exemplo.lote"),
                    payload: Lote(filhos: 10, continuacao: true, filhoComDefeito: 7, defeito: "rota-7"))
            ])
            try h.startWorker()
            #expect(try waitUntil(timeout: 60) { try h.state(of: "lote/filho-7").state == "dead" }, "\(h.logs)")
            #expect(try h.waitForDone(9, timeout: 30))
            #expect(try h.state(of: "lote").state == "waiting")
            #expect(try h.jobList(JobFilter(id: "lote")).first?.childrenDone == 9)
            #expect(try h.jobs(JobFilter(id: "lote/continuacao")) == 0)

            try h.connect().execute("DELETE FROM exemplo.defeito")
            try h.replay(["lote/filho-7"])
            #expect(try waitUntil(timeout: 60) { try h.state(of: "lote/continuacao").state == "done" }, "\(h.logs)")
            #expect(try h.state(of: "lote").state == "done")
            #expect(try h.count("SELECT count(*) FROM exemplo.efeito") == 11)
        }
    }
}
