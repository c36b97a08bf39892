import ArgumentParser

@main
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gsan-bench",
        abstract: "Medições de desempenho (build release): cliente AMQP, COPY do PostgreSQL, jobs de ponta a ponta.",
        subcommands: [CampoBench.self, SeletivaBench.self, MedicaoBench.self, AMQPBench.self, CopyBench.self, JobsBench.self, HistoricoJobsBench.self, JusCompesaBench.self, RotasBench.self,
                      DocumentosBench.self, ContratadaBench.self, EncerramentoBench.self, MesBench.self])
}
