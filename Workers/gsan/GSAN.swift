import ArgumentParser

@main
struct GSAN: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gsan",
        abstract: "Operações do GSAN batch: servidores, migrações, jobs.",
        discussion: "Servidores: GSAN_AMQP_URL e GSAN_DATABASE_URL, ou as credenciais que ops/up grava.",
        subcommands: [
            DoctorCommand.self, MigrateCommand.self, SeedCommand.self, JobsCommand.self, JobCommand.self, DLQCommand.self,
            FechamentoCommand.self, CronogramaCommand.self,
            RotasCommand.self, ComandoCommand.self, ParcelamentoJudicialCommand.self, CobrancaCommand.self, OSCommand.self,
        ])
}
