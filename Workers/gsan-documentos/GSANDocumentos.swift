import ArgumentParser
import Contratos
import Documentos
import Foundation
import GSANDatabase
import GSANSupport
import JobRuntime
import ParcelamentoJudicial
import WorkerSupport

/// `gsan-documentos`: SIMULAR and EMITIR of collection actions (seed 002; docs/documentos.md).
/// Its jobs normally come from the scheduler (`documentos.atividade`); `enfileirar` runs an
/// eventual command (cobranca_acao_ativ_cmd) through the same path.
@main
struct GSANDocumentos: AsyncParsableCommand {
    /// Refusals in Portuguese (``LinhaDeComando``).
    static func main() async { await LinhaDeComando.executar(Self.self) }

    static let configuration = CommandConfiguration(
        commandName: "gsan-documentos",
        abstract: "Worker dos documentos de cobrança: seleção, emissão, ordens de serviço, PDF e arquivo da gráfica.",
        subcommands: [Work.self, Enqueue.self], defaultSubcommand: Work.self)

    struct Work: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "trabalhar", abstract: "Consome e executa os jobs.")

        @OptionGroup var worker: WorkerOptions

        func run() async throws {
            var registry = JobRegistry()
            DocumentosJobs.register(into: &registry, arquivos: DiretorioArquivos(raiz: URL(fileURLWithPath: GSANEnvironment().pastaDocumentos, isDirectory: true)))
            PerdaDescontoDiaria.register(into: &registry)
            try await worker.run(registry: registry, defaultFamilies: [Familia.documentos], label: "gsan.documentos")
        }
    }

    struct Enqueue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "enfileirar",
            abstract: "Enfileira um comando eventual de ação de cobrança (SIMULAR ou EMITIR, conforme a sua atividade).",
            discussion: "Id do job: documentos.eventual:cacm=N (enfileirar de novo o mesmo comando não faz nada).")

        @Argument(help: "Id do comando eventual (cobranca_acao_ativ_cmd.cacm_id).") var comando: Int

        func validate() throws {
            guard (1...Int(Int32.max)).contains(comando) else { throw ValidationError("COMANDO \(comando) fora de 1…\(Int32.max)") }
        }

        func run() async throws {
            let comando = self.comando
            let id = DocumentosJobs.idEventual(comando)
            let created = try await enqueueFromCommandLine(
                JobSpec(id: id, kind: DocumentosJobs.eventual, payload: ComandoDocumentos.eventual(comando)),
                applicationName: "gsan-documentos"
            ) { try ExistenciaCadastro.comandoEventual(comando, db: $0) }
            print(created ? "job \(id) enfileirado" : "job \(id) já existia: nada enfileirado")
        }
    }
}
