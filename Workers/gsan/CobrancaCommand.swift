import ArgumentParser
import EncerramentoOS
import Foundation
import GSANCobranca
import GSANModel
import GSANSupport
import Postgres

/// `gsan cobranca`: what the collection cycle produced. `resumo` prints the resumo das ações de
/// cobrança that each action's ENCERRAR wrote (docs/encerramento.md).
struct CobrancaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cobranca", abstract: "Ciclo de cobrança: o resumo das ações.", subcommands: [CobrancaResumo.self])
}

struct CobrancaResumo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resumo",
        abstract: "O resumo das ações de cobrança de um grupo e mês/ano (gerado pela atividade ENCERRAR de cada ação).")

    @Option(help: "Grupo de cobrança.") var grupo: Int?
    @Option(help: "Mês/ano do ciclo, MM/AAAA.") var referencia: String?

    func validate() throws { try Argumento.id(grupo, "--grupo") }

    func run() throws {
        guard let grupo else { throw ValidationError("Informe Grupo de Cobrança.") }
        guard let texto = referencia else { throw ValidationError("Informe Mês/Ano de Referência.") }
        guard let ref = Referencia(mesAno: texto) else {
            throw ValidationError("\(Referencia.mensagemInvalida): \(texto) (use MM/AAAA).")
        }
        let linhas = try OperationsSupport.comBanco("gsan cobranca resumo", recusas: ErroEncerramento.self) { db in
            try ConsultaResumo.carregar(grupo: grupo, referencia: ref.amReferencia, db: db)
        }
        print("Resumo das ações de cobrança — grupo \(grupo), \(ref)")
        print("ação                        situação da ação                débito       documentos           valor")
        var acaoAtual = ""
        var total = (0, Centavos.zero)
        func fecharAcao() {
            guard !acaoAtual.isEmpty else { return }
            print(
                "".padding(toLength: 28, withPad: " ", startingAt: 0) + "total".padding(toLength: 45, withPad: " ", startingAt: 0)
                    + OperationsSupport.aDireita(String(total.0), 10) + OperationsSupport.aDireita(total.1.description, 16))
        }
        for l in linhas {
            if l.acao != acaoAtual {
                fecharAcao()
                acaoAtual = l.acao
                total = (0, .zero)
            }
            total = (total.0 + l.quantidade, total.1 + l.valor)
            print(
                l.acao.padding(toLength: 28, withPad: " ", startingAt: 0) + l.situacao.padding(toLength: 32, withPad: " ", startingAt: 0)
                    + l.debito.padding(toLength: 13, withPad: " ", startingAt: 0) + OperationsSupport.aDireita(String(l.quantidade), 10)
                    + OperationsSupport.aDireita(l.valor.description, 16))
        }
        fecharAcao()
    }
}

