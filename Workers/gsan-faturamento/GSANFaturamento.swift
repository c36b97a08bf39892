import ArgumentParser
import Contratos
import Faturamento
import JobRuntime
import WorkerSupport

/// `gsan-faturamento`: the worker of the billing family — the monthly close's own steps
/// (`fechamento.iniciar`, `faturamento.encerrar`).
@main
struct GSANFaturamento: AsyncParsableCommand {
    /// Refusals in Portuguese (``LinhaDeComando``).
    static func main() async { await LinhaDeComando.executar(Self.self) }

    static let configuration = CommandConfiguration(
        commandName: "gsan-faturamento",
        abstract: "Worker do faturamento: as etapas do encerramento do mês (fechamento).")

    @OptionGroup var worker: WorkerOptions

    func run() async throws {
        var registry = JobRegistry()
        FechamentoJobs.register(into: &registry)
        try await worker.run(registry: registry, defaultFamilies: [Familia.faturamento], label: "gsan.faturamento")
    }
}
