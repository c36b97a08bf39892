import ArgumentParser
import Foundation
import GSANSupport
import WorkerSupport

struct GSAN: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gsan",
        abstract: "Operações do GSAN batch: servidores, migrações, jobs.",
        discussion: """
            Servidores: GSAN_AMQP_URL e GSAN_DATABASE_URL (o papel da aplicação), GSAN_DATABASE_OWNER_URL (o dono do \
            esquema, para migrate e seed), ou as credenciais que ops/up grava.

            Todo comando desiste depois de um prazo, com a mensagem do último problema e saída 124: --prazo SEGUNDOS \
            (em qualquer posição). Padrão: 60 s; seed 2 h; migrate 30 min; com --aguardar, o --limite do comando \
            mais 60 s (1 h se não houver limite; o mesmo com --acompanhar); jobs limpar 6 h.
            """,
        subcommands: [
            DoctorCommand.self, MigrateCommand.self, SeedCommand.self, JobsCommand.self, JobCommand.self, DLQCommand.self,
            FechamentoCommand.self, CronogramaCommand.self, CicloCommand.self,
            RotasCommand.self, ComandoCommand.self, ParcelamentoJudicialCommand.self, CobrancaCommand.self, OSCommand.self,
            MotivoNaoAceitacaoCommand.self, MotivoEncerramentoCommand.self,
            EmpresaCommand.self, ContratoCommand.self, GrupoCobrancaCommand.self, BoletimCommand.self, RelatorioCommand.self,
            ArquivosCommand.self,
        ])

    /// ArgumentParser's own refusals start with this instead of "Error: ".
    static var _errorPrefix: String { "erro: " }
}

/// `gsan`: the deadline first (``Prazo``), then the command.
@main
enum GSANMain {
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        let explicit: Double?
        switch Prazo.extrair(&arguments) {
        case .success(let value): explicit = value
        case .failure(let error):
            FileHandle.standardError.write(Data("erro: \(error)\n".utf8))
            exit(64)
        }
        let help = arguments.contains { $0 == "--help" || $0 == "-h" || $0 == "help" }
        if !help { Prazo.iniciar(explicit ?? defaultDeadline(arguments), programa: "gsan " + (arguments.first ?? "")) }
        // Refusals in Portuguese, database errors by their SQLSTATE class (LinhaDeComando).
        LinhaDeComando.executarSincrono(GSAN.self, argumentos: arguments)
    }

    /// The default deadline of a command line (see the root command's discussion).
    static func defaultDeadline(_ arguments: [String]) -> Double {
        switch arguments.first {
        case "seed": return 7_200
        case "migrate": return 1_800
        case "jobs" where arguments.dropFirst().first == "limpar": return 21_600
        default: break
        }
        guard arguments.contains("--aguardar") || arguments.contains("--acompanhar") else { return Prazo.padrao }
        if let index = arguments.firstIndex(of: "--limite"), index + 1 < arguments.count,
            let limit = Double(arguments[index + 1]), limit > 0
        {
            return limit + 60
        }
        return 3_600 + 60
    }
}
