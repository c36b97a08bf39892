import ArgumentParser

@main
struct GSAN: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gsan",
        abstract: "Operações do GSAN batch: servidores, migrações, jobs.",
        subcommands: [])
}
