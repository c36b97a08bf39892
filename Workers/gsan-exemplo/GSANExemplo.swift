import ArgumentParser
import JobRuntime
import WorkerSupport

/// `gsan-exemplo`: the example worker (family `exemplo`). It exists to exercise the job
/// runtime end to end — the reliability tests kill and restart it, the benchmark times it.
@main
struct GSANExemplo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gsan-exemplo",
        abstract: "Worker de exemplo: um efeito por job, com falhas, esperas e lotes sob encomenda.")

    @OptionGroup var worker: WorkerOptions

    func run() async throws {
        var registry = JobRegistry()
        ExemploJobs.register(into: &registry)
        try await worker.run(registry: registry, defaultFamilies: ["exemplo"], label: "gsan.exemplo")
    }
}
