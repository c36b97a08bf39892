import ArgumentParser
import Contratos
import Foundation
import GSANCobranca
import GSANDatabase
import GSANModel
import GSANSupport
import JobRuntime
import Rotas
import WorkerSupport

/// `gsan-rotas`: the route files for the Android field-billing app (seed 004, docs/rotas.md).
/// Its jobs come from the monthly close (the next reading cycle) or from `gsan rotas gerar`;
/// `enfileirar` does the same from here.
@main
struct GSANRotas: AsyncParsableCommand {
    /// Refusals in Portuguese (``LinhaDeComando``).
    static func main() async { await LinhaDeComando.executar(Self.self) }

    static let configuration = CommandConfiguration(
        commandName: "gsan-rotas",
        abstract: "Worker dos arquivos de rota para o celular (faturamento em campo, versão Android).",
        discussion: """
            Arquivos em GSAN_ROTAS_DIR/AAAAMM (padrão /var/lib/gsan/rotas), GSAN_ROTAS_FORMATOS=gz,txt (padrão: os dois).
            """,
        subcommands: [Work.self, Enqueue.self], defaultSubcommand: Work.self)

    struct Work: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "trabalhar", abstract: "Consome e executa os jobs.")

        @OptionGroup var worker: WorkerOptions

        func run() async throws {
            var registry = JobRegistry()
            let ambiente = GSANEnvironment()
            let formatos = try ambiente.formatosRotas()
            let configuracao = ConfiguracaoRotas(pasta: ambiente.pastaRotas, gzip: formatos.gzip, texto: formatos.texto)
            RotasJobs.register(into: &registry, configuracao: configuracao)
            try await worker.run(registry: registry, defaultFamilies: [Familia.rotas], label: "gsan.rotas")
        }
    }

    struct Enqueue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "enfileirar", abstract: "Enfileira a geração dos arquivos de um grupo e referência (ou de uma rota).")

        @OptionGroup var pedido: OpcoesPedidoRotas

        func run() async throws {
            let (id, spec) = try pedido.job()
            let (grupo, rota) = (pedido.grupo, pedido.rota)
            let created = try await enqueueFromCommandLine(spec, applicationName: "gsan-rotas") { db in
                try ExistenciaCadastro.grupoFaturamento(grupo, db: db)
                if let rota { try ExistenciaCadastro.rota(rota, grupoFaturamento: grupo, db: db) }
            }
            print(created ? "job \(id) enfileirado" : "job \(id) já existia: nada enfileirado")
        }
    }
}

/// `--grupo-faturamento G --referencia MM/AAAA [--rota R] [--id ID]`.
struct OpcoesPedidoRotas: ParsableArguments {
    @Option(name: .customLong("grupo-faturamento"), help: "Grupo de faturamento.") var grupo: Int
    @Option(help: "Referência das contas pré-faturadas, MM/AAAA.") var referencia: String
    @Option(help: "Só esta rota (rota_id).") var rota: Int?
    @Option(help: "Id do job (padrão: rotas:grupo=G:ref=AAAAMM[:rota=R]:<instante>, um novo pedido a cada chamada).") var id: String?

    func validate() throws {
        guard (1...Int(Int32.max)).contains(grupo) else {
            throw ValidationError("--grupo-faturamento \(grupo) fora de 1…\(Int32.max)")
        }
        if let rota, !(1...Int(Int32.max)).contains(rota) { throw ValidationError("--rota \(rota) fora de 1…\(Int32.max)") }
        guard Referencia(mesAno: referencia) != nil else { throw ValidationError("--referencia inválida: use MM/AAAA") }
        if let id, let problema = JobEnvelope.identifierProblem(id) { throw ValidationError("--id inválido: \(problema)") }
    }

    func job() throws -> (String, JobSpec) {
        let pedido = PedidoRotas(grupoFaturamento: grupo, referencia: Referencia(mesAno: referencia)!.amReferencia, rota: rota)
        let id = id ?? pedido.idAvulso(instante: Int(Date().timeIntervalSince1970))
        return (id, try JobSpec(id: id, kind: CadeiaFechamento.rotas, payload: pedido))
    }
}
