import ArgumentParser
import EncerramentoOS
import Foundation
import GSANModel
import GSANSeed
import GSANSupport
import Logging
import Postgres

/// `gsan-bench contratada`: the simulated contractor's return file for the open service orders of
/// an EMITIR (GSANSeed.ContratadaSimulada; deterministic from the seed), for the demo, the tests and
/// the benchmark of `gsan os retorno`. Not a production path.
struct ContratadaBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contratada",
        abstract: "Escreve o arquivo de retorno de uma contratada simulada para as OS abertas de uma EMITIR.")

    @Option(help: "A EMITIR (caac_id).") var comando: Int?
    @Option(help: "Ou: o grupo de cobrança…") var grupo: Int?
    @Option(help: "…o mês/ano do ciclo, MM/AAAA…") var referencia: String?
    @Option(help: "…e a ação (id): a sua EMITIR.") var acao: Int?
    @Option(help: "Semente (mesma semente, mesmo arquivo).") var semente: UInt64 = 1
    @Option(help: "Data de hoje, DD/MM/AAAA: nenhum retorno depois dela.") var hoje: String
    @Option(help: "Percentual de OS executadas.") var executadas: Double = 70
    @Option(help: "Percentual de OS justificadas (as demais não voltam e encerram por decurso).") var justificadas: Double = 15
    @Option(help: "Arquivo a escrever.") var saida: String

    func run() throws {
        guard let dia = CivilDate(brazilian: hoje) else { throw ValidationError("--hoje inválida: \(hoje) (use DD/MM/AAAA).") }
        guard executadas >= 0, justificadas >= 0, executadas + justificadas <= 100 else {
            throw ValidationError("--executadas e --justificadas: percentuais que somam no máximo 100.")
        }
        let db = try PostgresConnection(url: try GSANEnvironment().databaseURL, logger: Logger(label: "gsan.bench"), applicationName: "gsan-bench")
        defer { db.close() }
        let emitir: Int
        if let comando {
            emitir = comando
        } else if let grupo, let referencia, let acao, let ref = Referencia(mesAno: referencia) {
            emitir = try AcaoCiclo.emitir(grupo: grupo, referencia: ref.amReferencia, acao: acao, db: db)
        } else {
            throw ValidationError("informe --comando, ou --grupo, --referencia MM/AAAA e --acao.")
        }
        let (texto, linhas) = try ContratadaSimulada.retorno(
            emitir: emitir, seed: semente, hoje: dia, perfil: .init(executadas: executadas, justificadas: justificadas), db: db)
        guard FileManager.default.createFile(atPath: saida, contents: Data(texto.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw ValidationError("não foi possível escrever \(saida)")
        }
        print("\(saida): \(linhas) OS retornadas")
    }
}
