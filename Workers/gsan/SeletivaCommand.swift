import ArgumentParser
import EncerramentoOS
import FiscalizacaoRegras
import Foundation
import GSANModel
import GSANSupport
import Postgres

/// `gsan os seletiva`: Gerar O.S. Seletiva de Fiscalização (seed 002 §2.5.2.3, §1.3.1; docs/fiscalizacao.md).
struct OSSeletivaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seletiva", abstract: "OS seletiva de fiscalização: pesquisar a população, gerar as ordens de fiscalização.",
        subcommands: [Pesquisar.self, Gerar.self, Listar.self])

    struct Filtro: ParsableArguments {
        @Option(help: "Grupo de cobrança.") var grupo: String?
        @Option(help: "Gerência regional.") var gerencia: String?
        @Option(help: "Unidade de negócio.") var unidade: String?
        @Option(name: .customLong("localidade-inicial"), help: "Localidade inicial (até 3 dígitos).") var localidadeInicial: String?
        @Option(name: .customLong("localidade-final"), help: "Localidade final.") var localidadeFinal: String?
        @Option(name: .customLong("tipo-servico"), help: "Tipo de serviço (até 4 dígitos).") var tipoServico: String?
        @Option(name: .customLong("dias-encerramento"), help: "Encerradas nos últimos N dias (padrão: o parâmetro do sistema).")
        var dias: String?

        func filtro(diasPadrao: Int) throws -> Seletiva.Filtro {
            guard let grupo else { throw ValidationError("Informe Grupo de Cobrança.") }
            func n(_ t: String?, _ campo: String, _ digitos: Int) throws -> Int? {
                guard let t else { return nil }
                guard t.count <= digitos else { throw ValidationError("\(campo) inválido: \(t) (até \(digitos) dígitos).") }
                return try NumeroDigitado.inteiro(t, campo: campo)
            }
            return Seletiva.Filtro(
                grupo: try NumeroDigitado.inteiro(grupo, campo: "Grupo de Cobrança"), gerencia: try n(gerencia, "Gerência Regional", 4),
                unidadeNegocio: try n(unidade, "Unidade de Negócio", 4), localidadeInicial: try n(localidadeInicial, "Localidade Inicial", 3),
                localidadeFinal: try n(localidadeFinal, "Localidade Final", 3), servico: try n(tipoServico, "Tipo de Serviço", 4),
                dias: try n(dias, "Quantidade de Dias de Encerramento da OS", 4) ?? diasPadrao)
        }
    }

    static func diasPadrao() throws -> Int {
        try OperationsSupport.comBanco("gsan os seletiva", recusas: ErroEncerramento.self) { try OSSeletiva.parametros(db: $0).diasLimite }
    }

    struct Pesquisar: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pesquisar", abstract: "As quantidades de OS encerradas com e sem conclusão do serviço que o filtro seleciona.")
        @OptionGroup var filtro: Filtro
        @OptionGroup var hoje: OpcoesDeHoje

        func run() throws {
            let f = try filtro.filtro(diasPadrao: try diasPadrao())
            let (com, sem) = try OperationsSupport.comBanco("gsan os seletiva pesquisar", recusas: ErroEncerramento.self) {
                try OSSeletiva.pesquisar(f, hoje: hoje.data, db: $0)
            }
            print("Quantidade de OS Encerradas Sem Conclusão do Serviço: \(sem)")
            print("Quantidade de OS Encerradas Com Conclusão do Serviço: \(com)")
            print("Percentual de OS Encerradas c/Conclusão do Serviço para Fiscalizar: \(Seletiva.percentualPadrao)% "
                  + "(\(Seletiva.quantidade(percentual: Seletiva.percentualPadrao, total: com)) OS; gerar --percentual P, de 2 a 100)")
        }
    }

    struct Gerar: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "gerar",
            abstract: "Gera as OS de fiscalização: todas as encerradas sem conclusão e P % das com conclusão (sorteio reproduzível).",
            discussion: """
                Registra a geração (com a semente do sorteio; --semente repete-o sobre a mesma população) e enfileira os jobs do \
                gsan-encerramento: um por rota cria as OS de fiscalização, depois um PDF por OS e um PDF com todas. Com --os N, \
                gera a ordem de fiscalização de uma OS.
                """)
        @OptionGroup var filtro: Filtro
        @Option(help: "Percentual das OS encerradas com conclusão a fiscalizar (2 a 100; padrão 2).") var percentual: String?
        @Option(help: "Semente do sorteio (a de uma geração anterior repete-a).") var semente: String?
        @Option(help: "Ou: uma ordem de serviço.") var os: String?
        @Option(help: "Login do usuário.") var usuario: String?
        @Option(help: "Segundos esperando as OS e os PDFs (0: não espera).") var aguardar = 300
        func validate() throws { try Argumento.faixa(aguardar, "--aguardar", 0...86_400) }
        @OptionGroup var hoje: OpcoesDeHoje

        func run() throws {
            let usuario = try NumeroDigitado.login(self.usuario)
            let pasta = OSSeletiva.Pasta(raiz: URL(fileURLWithPath: GSANEnvironment().pastaDocumentos, isDirectory: true).appendingPathComponent("fiscalizacao"))
            if let os {
                guard filtro.grupo == nil, percentual == nil, semente == nil else {
                    throw ValidationError("Com --os, os filtros, o percentual e a semente não se aplicam.")
                }
                let id = try NumeroDigitado.ordem(os)
                let g = try OperationsSupport.comBanco("gsan os seletiva gerar", recusas: ErroEncerramento.self) {
                    try OSSeletiva.gerarUnica(id, hoje: hoje.data, usuario: usuario, db: $0)
                }
                print("Ordem de Fiscalização \(g.gerada.map(String.init) ?? "-") para ordem de serviço informada foi gerada.")
                try acompanhar(g, pasta: pasta)
                return
            }
            let f = try filtro.filtro(diasPadrao: try diasPadrao())
            let p = try percentual.map { try NumeroDigitado.inteiro($0, campo: "Percentual", faixa: 0...Int(Int32.max)) } ?? Seletiva.percentualPadrao
            var s: Int64?
            if let semente {
                guard !semente.isEmpty, semente.count <= 18, semente.allSatisfy({ $0.isASCII && $0.isNumber }), let v = Int64(semente) else {
                    throw ValidationError("Semente inválida: \(semente) (um inteiro de 0 a \(Int64.max)).")
                }
                s = v
            }
            let g = try OperationsSupport.comBanco("gsan os seletiva gerar", recusas: ErroEncerramento.self) {
                try OSSeletiva.gerar(f, percentual: p, semente: s, hoje: hoje.data, usuario: usuario, db: $0)
            }
            print("Geração \(g.id) (semente \(g.semente)): \(g.semConclusao) OS encerradas sem conclusão do serviço (todas) e "
                  + "\(g.selecionadas - g.semConclusao) de \(g.comConclusao) com conclusão (\(p)%): \(g.selecionadas) ordens de fiscalização; job \(g.job).")
            try acompanhar(g, pasta: pasta)
        }

        private func acompanhar(_ g: OSSeletiva.Geracao, pasta: OSSeletiva.Pasta) throws {
            guard aguardar > 0 else { return }
            let limite = Date().addingTimeInterval(Double(aguardar))
            var progresso = Progresso()
            while Date() < limite {
                let (selecionadas, geradas, pdf) = try OperationsSupport.comBanco("gsan os seletiva gerar", recusas: ErroEncerramento.self) {
                    try OSSeletiva.progresso(g.id, db: $0)
                }
                if !pdf, let linha = progresso.seMudou(geradas, de: selecionadas, "ordens de fiscalização geradas") {
                    print("  " + linha)
                }
                if pdf {
                    print(Seletiva.mensagemSucesso + ": \(geradas) de \(selecionadas) ordens de fiscalização geradas.")
                    print("PDF com todas: \(pasta.todas(g.id).path) (um por OS em \(pasta.geracao(g.id).path))")
                    return
                }
                Thread.sleep(forTimeInterval: 0.5)
            }
            print("A geração continua no gsan-encerramento (acompanhe com gsan job show \(g.job)).")
        }
    }

    struct Listar: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "listar", abstract: "As ordens de fiscalização de uma geração e as OS que fiscalizam.")
        @Option(help: "A geração (o número que gerar mostra).") var geracao: String?

        func run() throws {
            guard let geracao else { throw ValidationError("Informe Geração.") }
            let id = try NumeroDigitado.inteiro(geracao, campo: "Geração")
            let (semente, percentual, itens) = try OperationsSupport.comBanco("gsan os seletiva listar", recusas: ErroEncerramento.self) {
                try OSSeletiva.listar(id, db: $0)
            }
            print("fiscalização  OS fiscalizada  imóvel     rota    encerrada              serviço")
            for i in itens {
                print((i.fiscalizacao.map(String.init) ?? "-").padding(toLength: 14, withPad: " ", startingAt: 0)
                      + String(i.fiscalizada).padding(toLength: 16, withPad: " ", startingAt: 0)
                      + (i.imovel.map(String.init) ?? "-").padding(toLength: 11, withPad: " ", startingAt: 0)
                      + String(i.rota).padding(toLength: 8, withPad: " ", startingAt: 0)
                      + (i.comConclusao ? "com conclusão" : "sem conclusão").padding(toLength: 23, withPad: " ", startingAt: 0) + i.servico)
            }
            print("Geração \(id) (semente \(semente), \(percentual)%): \(itens.count) ordens, \(itens.filter { $0.fiscalizacao != nil }.count) geradas.")
        }
    }
}
