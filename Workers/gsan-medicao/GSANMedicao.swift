import ArgumentParser
import Contratos
import JobRuntime
import Medicao
import WorkerSupport

/// `gsan-medicao`: the Boletim de Medição de Cobrança (seed 002 §2.6; docs/medicao.md) — per
/// group (`medicao.grupo`) and per contract (`medicao.contrato`), enqueued by `gsan bm gerar`.
@main
struct GSANMedicao: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gsan-medicao",
        abstract: "Worker da medição: o boletim de medição de cobrança por grupo e por contrato.",
        subcommands: [Work.self], defaultSubcommand: Work.self)

    struct Work: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "trabalhar", abstract: "Consome e executa os jobs.")

        @OptionGroup var worker: WorkerOptions

        func run() async throws {
            var registry = JobRegistry()
            MedicaoJobs.register(into: &registry)
            try await worker.run(registry: registry, defaultFamilies: [Familia.medicao], label: "gsan.medicao")
        }
    }
}
