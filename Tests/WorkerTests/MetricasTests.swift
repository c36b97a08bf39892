import Foundation
import JobRuntime
import Postgres
import TestSupport
import Testing

/// A worker's /metrics, scraped during a run, against the job table (docs/metricas.md).
@Suite(.serialized) struct MetricasTests {
    @Test func theCountersOfAScrapedWorkerAgreeWithTheJobTable() async throws {
        try await WorkerHarness.run { h in
            let port = try freeLocalPort()
            // 60 slow jobs (so a scrape lands mid-run), 5 failing once, 3 refused as invalid.
            var specs = try (0..<60).map { try JobSpec(id: "lento\($0)", kind: h.kind(), payload: Efeito(n: $0, dormirMs: 150)) }
            specs += try (0..<5).map { try JobSpec(id: "falha\($0)", kind: h.kind(), payload: Efeito(n: 100 + $0, falhasAntes: 1)) }
            specs += try (0..<3).map { try JobSpec(id: "invalido\($0)", kind: h.kind(), payload: Efeito(n: 200 + $0, invalido: true)) }
            try h.enqueue(specs)
            try h.startWorker(extra: ["--metricas-porta", String(port), "--metricas-intervalo", "1"])
            let efeito = ["family": h.family, "kind": "exemplo.efeito"]

            // During the run: jobs in flight, and never more counted done than the table holds.
            var sawInFlight = false
            var midRunDone: Double = 0
            let midRun = try waitUntil(timeout: 60) {
                guard let scrape = try? httpGet(port: port, path: "/metrics"), scrape.status == 200 else { return false }
                let done = prometheusValue(scrape.body, "gsan_jobs_done_total", efeito) ?? 0
                let inFlight = prometheusValue(scrape.body, "gsan_jobs_in_flight", ["family": h.family]) ?? 0
                let tableDone = try h.jobs(.state(.done))
                #expect(done <= Double(tableDone), "a counter never runs ahead of the commits")
                if inFlight >= 1 && done > 0 && tableDone < 65 {
                    sawInFlight = true
                    midRunDone = done
                }
                return sawInFlight
            }
            #expect(midRun, "a scrape mid-run saw jobs in flight and some done: \(h.logs)")
            #expect(midRunDone > 0 && midRunDone < 65)

            #expect(try h.waitForDone(65, timeout: 120), "\(h.logs)")
            #expect(try waitUntil(timeout: 30) { try h.jobs(.state(.dead)) == 3 })
            let done = try h.jobs(.state(.done))
            let dead = try h.jobs(.state(.dead))
            let retriedEvents = try h.events("failed")
            #expect(done == 65 && dead == 3 && retriedEvents == 5)

            // At the end: each counter equals its count in the table (once the sampler has read
            // the drained outbox too).
            var last = ""
            let agrees = try waitUntil(timeout: 20) {
                last = try httpGet(port: port, path: "/metrics").body
                return prometheusValue(last, "gsan_jobs_done_total", efeito) == Double(done)
                    && prometheusValue(last, "gsan_outbox_pending") == 0
                    && prometheusValue(last, "gsan_queue_messages", ["family": h.family, "role": "work"]) == 0
            }
            #expect(agrees, "\(last)")
            #expect(prometheusValue(last, "gsan_jobs_retried_total", efeito) == Double(retriedEvents))
            #expect(prometheusValue(last, "gsan_jobs_dead_total", efeito) == Double(dead))
            #expect(prometheusValue(last, "gsan_jobs_failed_total", efeito) == Double(retriedEvents + dead))
            #expect(prometheusValue(last, "gsan_job_handler_seconds_count", efeito) == Double(done))
            #expect(prometheusValue(last, "gsan_job_latency_seconds_count", efeito) == Double(done))
            // 60 jobs slept 150 ms each in their handler.
            #expect((prometheusValue(last, "gsan_job_handler_seconds_sum", efeito) ?? 0) >= 9.0)
            #expect(prometheusValue(last, "gsan_jobs_in_flight", ["family": h.family]) == 0)
            #expect(prometheusValue(last, "gsan_queue_consumers", ["family": h.family, "role": "work"]) == 1)
            #expect(prometheusValue(last, "gsan_queue_messages", ["family": h.family, "role": "work"]) == 0)
            #expect((prometheusValue(last, "process_resident_memory_bytes") ?? 0) > 1_000_000)
            #expect(!last.contains("lento1"), "no job id in a label")
            #expect(h.workers[0].terminate() == 0, "\(h.logs)")
        }
    }

    @Test func aMetricsPortAlreadyTakenStopsTheWorkerWithTheReason() async throws {
        try await WorkerHarness.run { h in
            let port = try freeLocalPort()
            let first = try h.startWorker(extra: ["--metricas-porta", String(port)])
            #expect(try waitUntil(timeout: 30) { (try? httpGet(port: port, path: "/metrics"))?.status == 200 }, "\(h.logs)")
            let second = try h.startWorker(extra: ["--metricas-porta", String(port)])
            let status = second.wait(timeout: 30)
            #expect(status != nil && status != 0, "it exits on its own, with an error: \(h.logs)")
            #expect(second.log.contains("métricas: o servidor HTTP parou"), "\(second.log)")
            #expect(first.isRunning)
        }
    }
}
