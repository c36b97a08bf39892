import ArgumentParser
import Foundation
import GSANSupport
import EncerramentoOS
import Contratos
import JobRuntime
import WorkerSupport

/// `gsan-encerramento`: the service orders' life after EMITIR (seed 002 §1.2–1.3, §2.4;
/// docs/encerramento.md) — ENCERRAR OS (decurso de prazo per rota) and ENCERRAR (the action's
/// resumo). Its jobs come from the scheduler (`encerramento.os`, `encerramento.acao`).
@main
struct GSANEncerramento: AsyncParsableCommand {
    /// Refusals in Portuguese (``LinhaDeComando``).
    static func main() async { await LinhaDeComando.executar(Self.self) }

    static let configuration = CommandConfiguration(
        commandName: "gsan-encerramento",
        abstract: "Worker do encerramento: ordens de serviço por decurso de prazo, encerramento da ação e o resumo das ações.",
        subcommands: [Work.self], defaultSubcommand: Work.self)

    struct Work: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "trabalhar", abstract: "Consome e executa os jobs.")

        @OptionGroup var worker: WorkerOptions

        func run() async throws {
            var registry = JobRegistry()
            let pasta = URL(fileURLWithPath: GSANEnvironment().pastaDocumentos, isDirectory: true).appendingPathComponent("fiscalizacao")
            EncerramentoJobs.register(into: &registry, fiscalizacao: OSSeletiva.Pasta(raiz: pasta))
            try await worker.run(registry: registry, defaultFamilies: [Familia.encerramento], label: "gsan.encerramento")
        }
    }
}
