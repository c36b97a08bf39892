import ArgumentParser

@main
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gsan-bench",
        abstract: "Medições de desempenho (build release): cliente AMQP, COPY do PostgreSQL.",
        subcommands: [AMQPBench.self, CopyBench.self])
}
