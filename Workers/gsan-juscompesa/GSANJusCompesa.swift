import ArgumentParser
import Contratos
import GSANCobranca
import GSANDatabase
import GSANModel
import GSANSupport
import JobRuntime
import JusCompesa
import Logging
import Postgres
import WorkerSupport

/// `gsan-juscompesa`: the JusCompesa exchange around the monthly close (seed 000, contract in
/// docs/juscompesa.md). Its jobs normally come from the close chain; `enfileirar` runs a step
/// on its own (a reprocessing, a test) under ids of its own.
@main
struct GSANJusCompesa: AsyncParsableCommand {
    /// Refusals in Portuguese (``LinhaDeComando``).
    static func main() async { await LinhaDeComando.executar(Self.self) }

    static let configuration = CommandConfiguration(
        commandName: "gsan-juscompesa",
        abstract: "Worker da integração JusCompesa: pedidos antes do fechamento, remessa de débitos depois.",
        subcommands: [Work.self, Enqueue.self, Resumo.self], defaultSubcommand: Work.self)

    struct Work: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "trabalhar", abstract: "Consome e executa os jobs.")

        @OptionGroup var worker: WorkerOptions

        func run() async throws {
            var registry = JobRegistry()
            JusCompesaJobs.register(into: &registry)
            try await worker.run(registry: registry, defaultFamilies: [Familia.juscompesa], label: "gsan.juscompesa")
        }
    }

    struct Enqueue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "enfileirar",
            abstract: "Enfileira uma etapa avulsa (fora da cadeia do fechamento) para um grupo e referência.",
            discussion: """
                pre: processa os pedidos pendentes do JusCompesa. pos: estende os períodos e publica a remessa do \
                fechamento já feito do grupo (se já publicada, não faz nada). Id do job: juscompesa:<etapa>:grupo=G:ref=AAAAMM.
                """)

        enum Etapa: String, ExpressibleByArgument, CaseIterable { case pre, pos }

        @Argument(help: "pre ou pos.") var etapa: Etapa
        @Option(help: "Grupo de faturamento.") var grupo: Int
        @Option(help: "Referência, MM/AAAA.") var referencia: String

        func validate() throws {
            guard (1...Int(Int32.max)).contains(grupo) else { throw ValidationError("--grupo \(grupo) fora de 1…\(Int32.max)") }
            guard Referencia(mesAno: referencia) != nil else { throw ValidationError("--referencia inválida: use MM/AAAA") }
        }

        func run() async throws {
            let grupo = self.grupo
            let alvo = ReferenciaDoGrupo(grupoFaturamento: grupo, referencia: Referencia(mesAno: referencia)!.amReferencia)
            let kind = etapa == .pre ? CadeiaFechamento.juscompesaPre : CadeiaFechamento.juscompesaPos
            let id = "juscompesa:\(etapa.rawValue):grupo=\(alvo.grupoFaturamento):ref=\(alvo.referencia)"
            let created = try await enqueueFromCommandLine(
                JobSpec(id: id, kind: kind, payload: alvo), applicationName: "gsan-juscompesa"
            ) { try ExistenciaCadastro.grupoFaturamento(grupo, db: $0) }
            print(created ? "job \(id) enfileirado" : "job \(id) já existia: nada enfileirado")
        }
    }

    struct Resumo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "resumo",
            abstract: "Mostra os pedidos do JusCompesa e o que o GSAN respondeu, e as versões da remessa de uma referência.")

        @Option(help: "Referência da remessa, MM/AAAA.") var referencia: String

        func validate() throws {
            guard Referencia(mesAno: referencia) != nil else { throw ValidationError("--referencia inválida: use MM/AAAA") }
        }

        func run() async throws {
            let mes = Referencia(mesAno: referencia)!
            let url = try GSANEnvironment().databaseURL
            let resumo = try await onDedicatedThread {
                let db = try PostgresConnection(url: url, logger: Logger(label: "gsan.juscompesa"), applicationName: "gsan-juscompesa")
                defer { db.close() }
                return try ResumoJusCompesa.consultar(referencia: mes, db: db)
            }
            print("Pedidos do JusCompesa: \(resumo.informados) informados, \(resumo.pendentes) pendentes")
            print("  processados: \(resumo.processados) (contas em revisão ou retiradas dela: \(resumo.contasEmRevisao))")
            print("  rejeitados:  \(resumo.rejeitados)")
            for rejeicao in resumo.rejeicoes { print("    \(rejeicao.quantidade) × \(rejeicao.motivo)") }
            print("Imóveis em cobrança judicial: \(resumo.imoveisEmCobrancaJudicial)")
            guard !resumo.versoes.isEmpty else {
                print("Remessa de débitos \(mes): nenhuma versão publicada")
                return
            }
            print("Remessa de débitos \(mes):")
            for v in resumo.versoes {
                let grupo = v.grupo.map { "fechamento do grupo \($0)" } ?? "avulsa"
                let estado = v.concluida
                    ? "concluída"
                    : "em escrita (\(v.localidadesGravadas) de \(v.localidades) localidades)"
                print("  versão \(v.versao), \(grupo): \(estado), \(v.imoveis) imóveis, valor da causa total R$ \(v.total)")
            }
        }
    }
}
