import ArgumentParser
import Foundation
import GSANModel
import GSANSeed
import GSANSupport
import Logging
import ParcelamentoJudicial
import Postgres

/// `gsan seed`: gera uma companhia coerente e determinística no banco de GSAN_DATABASE_URL.
struct SeedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Gera uma companhia de teste determinística (mesmos parâmetros, mesmos dados).",
        discussion: """
            Cria gerências, localidades, setores, quadras, rotas (200 a 1.500 imóveis), grupos com calendários, \
            imóveis, clientes com CPF/CNPJ válidos, hidrômetros de 4 a 7 dígitos, --meses de contas, consumos e \
            pagamentos, parcelamentos (com entrada, prestações e guias), as contas pré-faturadas do mês corrente, tarifas, anormalidades, as ações de cobrança da \
            Nova Sistemática com critérios e o cronograma comandado do mês, a empresa contratada com contrato e \
            itens, feriados nacionais e alguns imóveis em cobrança judicial. Tudo numa transação, por COPY; depois, \
            parcelamentos judiciais para metade dos imóveis em cobrança judicial (pelo gsan parcelamento-judicial). \
            "Hoje" vem de --hoje (padrão 02/06/2025), nunca do relógio: o mês de --hoje é a referência corrente.
            """)

    @Option(name: .long, help: "Quantidade de imóveis.")
    var imoveis: Int

    @Option(name: .long, help: "Semente do gerador (mesma semente e mesmos parâmetros = mesmos dados).")
    var seed: UInt64

    @Option(name: .long, help: "Meses de histórico antes da referência corrente.")
    var meses = 12

    @Option(name: .long, help: "Data de \"hoje\" dos dados, DD/MM/AAAA (padrão 02/06/2025).")
    var hoje: String?

    @Flag(name: .long, help: "Apaga os dados gerados antes (sem isto, um banco com dados é recusado).")
    var substituir = false

    func run() throws {
        var date = SeedOptions.hojePadrao
        if let hoje {
            guard let parsed = CivilDate(brazilian: hoje) ?? CivilDate(iso: hoje) else {
                throw ValidationError("--hoje inválida: \(hoje) (use DD/MM/AAAA).")
            }
            date = parsed
        }
        let logger = Logger(label: "gsan.seed")
        let options = SeedOptions(imoveis: imoveis, seed: seed, meses: meses, hoje: date, substituir: substituir)
        let seeder = try Seeder(options: options, logger: logger)
        let connection = try PostgresConnection(
            url: try GSANEnvironment().ownerDatabaseURL, logger: logger, applicationName: "gsan seed")
        defer { connection.close() }
        let started = ContinuousClock.now
        let counts = try seeder.run(connection: connection)
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let total = counts.reduce(0) { $0 + $1.linhas }
        let width = counts.map(\.tabela.count).max() ?? 0
        for (tabela, linhas) in counts {
            print("  " + tabela.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + String(linhas).leftPadded(to: 10))
        }
        print("Companhia gerada: \(imoveis) imóveis, semente \(seed), \(meses) meses, referência "
              + "\(String(format: "%02d", date.month))/\(date.year); \(total) linhas em \(counts.count) tabelas, "
              + String(format: "%.1f s.", seconds))
        // Judicial agreements through the product's own path (docs/parcelamento-judicial.md).
        let inicioAcordos = ContinuousClock.now
        let acordos = try AcordosGerados.gerar(hoje: date, db: connection)
        let duracaoAcordos = ContinuousClock.now - inicioAcordos
        print("Parcelamentos judiciais: \(acordos.acordos) dos imóveis em cobrança judicial, \(acordos.atrasados) com parcela em atraso; "
              + String(format: "%.1f s.", Double(duracaoAcordos.components.seconds) + Double(duracaoAcordos.components.attoseconds) / 1e18))
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
