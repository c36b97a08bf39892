import ArgumentParser
import Contratos
import Exemplo
import JobRuntime
import WorkerSupport

/// `gsan-exemplo`: the example worker (family `exemplo`). It exists to exercise the job
/// runtime end to end — the reliability tests kill and restart it, the benchmark times
/// it, the demo shows a fan-out through it.
@main
struct GSANExemplo: AsyncParsableCommand {
    /// Refusals in Portuguese (``LinhaDeComando``).
    static func main() async { await LinhaDeComando.executar(Self.self) }

    static let configuration = CommandConfiguration(
        commandName: "gsan-exemplo",
        abstract: "Worker de exemplo: um efeito por job, com falhas, esperas e lotes sob encomenda.",
        subcommands: [Work.self, Enqueue.self], defaultSubcommand: Work.self)

    struct Work: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "trabalhar", abstract: "Consome e executa os jobs.")

        @OptionGroup var worker: WorkerOptions

        func run() async throws {
            var registry = JobRegistry()
            ExemploJobs.register(into: &registry)
            try await worker.run(registry: registry, defaultFamilies: [Familia.exemplo], label: "gsan.exemplo")
        }
    }

    struct Enqueue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "enfileirar", abstract: "Enfileira um lote de exemplo (um job pai com N filhos e uma continuação).")

        @Option(help: "Id do job pai (determinístico: enfileirar de novo o mesmo id não cria outro).") var id: String
        @Option(help: "Quantidade de filhos.") var filhos = 100

        func validate() throws {
            guard (0...100_000).contains(filhos) else { throw ValidationError("--filhos deve estar entre 0 e 100000") }
            if let problema = JobEnvelope.identifierProblem(id) { throw ValidationError("--id inválido: \(problema)") }
        }

        func run() async throws {
            let spec = try JobSpec(id: id, kind: ExemploJobs.lote, payload: ExemploJobs.Lote(filhos: filhos, continuacao: true))
            let created = try await enqueueFromCommandLine(spec, applicationName: "gsan-exemplo")
            print(created ? "lote \(id) enfileirado (\(filhos) filhos)" : "lote \(id) já existia: nada enfileirado")
        }
    }
}
