import ArgumentParser
import Contratos
import Faturamento
import FaturamentoRegras
import Foundation
import GSANCobranca
import GSANModel
import GSANSupport
import Postgres

/// `gsan fechamento`: starts the monthly close of a billing group's reference as a chain of
/// jobs (JusCompesa pre-close → close → post-close), and with `--aguardar` follows it.
struct FechamentoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fechamento",
        abstract: "Inicia o encerramento do faturamento do mês de um grupo (cadeia de jobs) e, opcionalmente, acompanha.",
        discussion: """
            A cadeia: atualização JusCompesa antes do fechamento → encerramento da referência (faturamento das \
            contas pré-faturadas, avanço da referência, pré-faturamento da seguinte) → jobs JusCompesa de depois do \
            fechamento. Os workers gsan-faturamento e gsan-juscompesa executam; o relay dos workers (ou do \
            gsan-scheduler) publica. Iniciar de novo o mesmo fechamento não cria outra cadeia. Se um job morrer, \
            corrija a causa e use `gsan dlq replay ID`: a cadeia continua de onde parou.
            """)

    @Option(name: .customLong("grupo-faturamento"), help: "Id do grupo de faturamento.") var grupo: Int
    @Option(help: "Referência a encerrar, MM/AAAA (a referência corrente do grupo).") var referencia: String
    @Flag(help: "Acompanha a cadeia até o fim, com o progresso.") var aguardar = false
    @OptionGroup var hoje: OpcoesDeHoje
    @Option(help: "Com --aguardar: desiste após estes segundos (0 = sem limite).") var limite = 0.0

    func validate() throws {
        try Argumento.id(grupo, "--grupo-faturamento")
        guard limite == 0 || (limite > 0 && limite <= 86_400) else {
            throw ValidationError("--limite \(limite) fora de 0…86400 segundos (0 = sem limite)")
        }
    }

    func run() throws {
        let db = try OperationsSupport.openDatabase(GSANEnvironment(), command: "gsan fechamento")
        defer { db.close() }
        let alvo = try OperationsSupport.reporting { () throws -> ReferenciaDoGrupo in
            guard let mes = Referencia(mesAno: referencia) else { throw RecusaFechamento.referenciaInvalida(referencia) }
            switch try InicioFechamento.iniciar(grupo: grupo, referencia: mes, hoje: hoje.data, db: db) {
            case .iniciado(let jobID):
                print("Fechamento do grupo \(grupo) referente a \(mes) iniciado: job \(jobID)")
            case .jaIniciado(let jobID):
                print("Fechamento do grupo \(grupo) referente a \(mes) já iniciado antes: job \(jobID)")
            }
            return ReferenciaDoGrupo(grupoFaturamento: grupo, referencia: mes.amReferencia)
        }
        guard aguardar else {
            print("Acompanhe com: gsan fechamento --grupo-faturamento \(grupo) --referencia \(referencia) --aguardar")
            return
        }
        try acompanhar(alvo, db: db)
    }

    /// Prints a line whenever the chain's progress changes; returns when the close step is
    /// done, fails (exit 1) when a job of the chain is dead.
    private func acompanhar(_ alvo: ReferenciaDoGrupo, db: PostgresConnection) throws {
        let inicio = ContinuousClock.now
        let progresso = Progresso(inicio: inicio)
        var ultima = ""
        var concluidosNoInicio: Int?
        while true {
            let situacao = try OperationsSupport.reporting { try AcompanhamentoFechamento.situacao(alvo, db: db) }
            if situacao.linha != ultima {
                let jaConcluidos = concluidosNoInicio ?? situacao.concluidos
                concluidosNoInicio = jaConcluidos
                print("  " + progresso.linha(situacao.concluidos, de: situacao.total, "jobs concluídos", feitosNoInicio: jaConcluidos)
                      + situacao.detalhes)
                ultima = situacao.linha
            }
            if let resultado = situacao.resultado {
                print(
                    """
                    Fechamento concluído: \(resultado.contasFaturadas) contas faturadas (água R$ \(resultado.valorAgua), \
                    esgoto R$ \(resultado.valorEsgoto)); referência corrente do grupo agora \
                    \(Referencia(amReferencia: resultado.proximaReferencia)!), com \(resultado.contasPreFaturadas) contas \
                    pré-faturadas.
                    """)
                return
            }
            if !situacao.mortos.isEmpty {
                for morto in situacao.mortos {
                    OperationsSupport.printError("job morto: \(morto.jobID) (\(morto.kind)): \(morto.erro ?? "sem mensagem")")
                }
                OperationsSupport.printError(
                    "A cadeia parou. Corrija a causa e use: gsan dlq replay <id> — ela continua de onde parou.")
                throw ExitCode.failure
            }
            if limite > 0, ContinuousClock.now - inicio > .milliseconds(Int(limite * 1000)) {
                OperationsSupport.printError("erro: o fechamento não terminou em \(limite) s (\(situacao.linha)).")
                throw ExitCode.failure
            }
            Thread.sleep(forTimeInterval: 0.5)
        }
    }
}
