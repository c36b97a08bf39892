import ArgumentParser
import EncerramentoOS
import Cronogramas
import Foundation
import GSANCobranca
import GSANModel
import GSANSupport
import Postgres

/// `gsan cronograma`: Inserir / Manter Cronograma de Cobrança (seed 002 §2.3.4, seed 003) from the
/// command line. The rules are GSANCobranca's; this file only reads flags and prints outcomes.
struct CronogramaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cronograma",
        abstract: "Cronogramas de cobrança: inserir, atualizar, remover, listar, mostrar, relatório.",
        discussion: """
            Ações e atividades são informadas por id ou descrição (veja `listar` e `mostrar`), no formato \
            AÇÃO/ATIVIDADE, p.ex. 1/2 ou "AVISO DE CORTE/EMITIR". Regras recusadas saem uma por linha na saída \
            de erros, nada é gravado e o código de saída é 1; quando só faltam confirmações ("Confirma …?"), \
            o código é 2 e repetir o comando com --confirmar as aceita.
            """,
        subcommands: [
            CronogramaInserir.self, CronogramaAtualizar.self, CronogramaRemover.self, CronogramaListar.self,
            CronogramaMostrar.self, CronogramaRelatorio.self,
        ])
}

struct CronogramaInserir: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inserir",
        abstract: "Insere o cronograma de cobrança de um grupo num mês/ano.",
        discussion: """
            Grupo com execução automática: informe --inicio; as datas de todas as atividades são calculadas e \
            todas ficam comandadas (as ações são as que compõem o cronograma, ou as de --acao). Demais grupos: \
            informe a data de cada atividade com --data; as ações são as citadas em --data e --acao.
            """)

    @Option(name: .long, help: "Grupo de cobrança (id ou descrição).") var grupo: String
    @Option(name: .long, help: "Mês/ano do cronograma, MM/AAAA.") var referencia: String
    @Option(name: .long, help: "Início do ciclo, DD/MM/AAAA (só grupos com execução automática).") var inicio: String?
    @Option(name: .customLong("acao"), help: "Ação do cronograma (repetível).") var acoes: [String] = []
    @Option(name: .customLong("data"), help: "Data prevista: AÇÃO/ATIVIDADE=DD/MM/AAAA (repetível).") var datas:
        [String] = []
    @Option(name: .long, help: "Comanda a atividade: AÇÃO/ATIVIDADE (repetível).") var comandar: [String] = []
    @Option(name: .customLong("qtd-maxima"), help: "Qtd máxima de documentos: AÇÃO/ATIVIDADE=N (repetível).")
    var qtdMaxima: [String] = []
    @Flag(name: .long, help: "Aceita as confirmações (\"Confirma …?\").") var confirmar = false
    @OptionGroup var opcoes: OpcoesDeHoje

    func run() throws {
        let pedido = PedidoInclusao(
            grupo: grupo, referencia: referencia, inicio: inicio, acoes: acoes, datas: datas, comandar: comandar,
            qtdMaxima: qtdMaxima, confirmado: confirmar)
        try SaidaCronograma.executar("gsan cronograma inserir") { db in
            try ManterCronograma(db: db, hoje: opcoes.data).inserir(pedido)
        }
    }
}

struct CronogramaAtualizar: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "atualizar",
        abstract: "Atualiza o cronograma de cobrança de um grupo (não os de grupos automáticos).",
        discussion: """
            Lê o cronograma, aplica as alterações e grava na versão lida; com --versao N (a de `mostrar`), uma \
            alteração feita por outro usuário depois disso é recusada. Atividades realizadas ou já despachadas \
            para execução não mudam.
            """)

    @Option(name: .long, help: "Grupo de cobrança (id ou descrição).") var grupo: String
    @Option(name: .long, help: "Mês/ano do cronograma, MM/AAAA.") var referencia: String
    @Option(name: .long, help: "A versão consultada em `mostrar`.") var versao: Int?
    @Option(name: .customLong("data"), help: "Data prevista: AÇÃO/ATIVIDADE=DD/MM/AAAA (repetível).") var datas:
        [String] = []
    @Option(name: .long, help: "Comanda a atividade: AÇÃO/ATIVIDADE (repetível).") var comandar: [String] = []
    @Option(name: .long, help: "Retira o comando da atividade: AÇÃO/ATIVIDADE (repetível).") var descomandar: [String] =
        []
    @Option(name: .customLong("qtd-maxima"), help: "Qtd máxima de documentos: AÇÃO/ATIVIDADE=N (repetível).")
    var qtdMaxima: [String] = []
    @Option(name: .customLong("adicionar-acao"), help: "Adiciona a ação ao cronograma (repetível).") var adicionar:
        [String] = []
    @Option(name: .customLong("remover-acao"), help: "Remove a ação do cronograma (repetível).") var remover: [String] =
        []
    @Flag(name: .long, help: "Aceita as confirmações (\"Confirma …?\").") var confirmar = false
    @OptionGroup var opcoes: OpcoesDeHoje

    func validate() throws {
        try Argumento.faixa(versao, "--versao", 0...Int(Int32.max))
    }

    func run() throws {
        let pedido = PedidoAlteracao(
            grupo: grupo, referencia: referencia, versao: versao, datas: datas, comandar: comandar,
            descomandar: descomandar, qtdMaxima: qtdMaxima, adicionarAcoes: adicionar, removerAcoes: remover,
            confirmado: confirmar)
        try SaidaCronograma.executar("gsan cronograma atualizar") { db in
            try ManterCronograma(db: db, hoje: opcoes.data).atualizar(pedido)
        }
    }
}

struct CronogramaRemover: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remover",
        abstract: "Remove um ou mais cronogramas de cobrança (todos ou nenhum).",
        discussion: """
            Pares --grupo/--referencia na ordem dada; um só --grupo vale para todas as --referencia. Pede \
            confirmação ("Confirma exclusão?"): repita com --confirmar.
            """)

    @Option(name: .long, help: "Grupo de cobrança (id ou descrição), repetível.") var grupo: [String]
    @Option(name: .long, help: "Mês/ano do cronograma, MM/AAAA, repetível.") var referencia: [String]
    @Flag(name: .long, help: "Confirma a exclusão.") var confirmar = false
    @OptionGroup var opcoes: OpcoesDeHoje

    func validate() throws {
        guard !grupo.isEmpty, !referencia.isEmpty else { throw ValidationError("informe --grupo e --referencia.") }
        guard grupo.count == 1 || grupo.count == referencia.count else {
            throw ValidationError("informe um --grupo para cada --referencia, ou um só --grupo para todas.")
        }
    }

    func run() throws {
        let alvos = referencia.enumerated().map {
            (grupo: grupo.count == 1 ? grupo[0] : grupo[$0.offset], referencia: $0.element)
        }
        try SaidaCronograma.executar("gsan cronograma remover") { db in
            try ManterCronograma(db: db, hoje: opcoes.data).remover(alvos, confirmado: confirmar)
        }
    }
}

struct CronogramaListar: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "listar", abstract: "Lista os cronogramas de cobrança (filtro por grupo e mês/ano).")

    @Option(name: .long, help: "Grupo de cobrança (id ou descrição).") var grupo: String?
    @Option(name: .long, help: "Mês/ano, MM/AAAA.") var referencia: String?

    func run() throws {
        let texto = try SaidaCronograma.consultar("gsan cronograma listar") { db in
            ListagemCronogramas.render(
                try ConsultaCronograma(db: db).cronogramas(grupo: grupo, referencia: referencia).1)
        }
        print(texto)
    }
}

struct CronogramaMostrar: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mostrar",
        abstract: "Mostra um cronograma: ações, atividades, datas, comando, realização e a situação de cada job.",
        discussion: "Um job que FALHOU aparece com o id, para `gsan job show ID` e `gsan dlq replay ID`.")

    @Option(name: .long, help: "Grupo de cobrança (id ou descrição).") var grupo: String
    @Option(name: .long, help: "Mês/ano do cronograma, MM/AAAA.") var referencia: String

    func run() throws {
        let texto = try SaidaCronograma.consultar("gsan cronograma mostrar") { db in
            let (catalogo, painel) = try ConsultaCronograma(db: db).painel(grupo: grupo, referencia: referencia)
            let recebimentos = try ConsultaOrdens.recebimentos(
                grupo: painel.gravado.cronograma.grupo.id, referencia: painel.gravado.cronograma.referencia.amReferencia, db: db)
            guard !recebimentos.isEmpty else { return painel.render(catalogo: catalogo) }
            // The start of the decurso de prazo of each EMITIR that issued service orders (docs/encerramento.md).
            return painel.render(catalogo: catalogo) + "\n\nRecebimento dos documentos pela contratada (início do D + N do decurso de prazo):\n"
                + recebimentos.map { r in
                    "  \(r.acao): " + (r.data.map { $0.description } ?? "não informado — o prazo das OS conta da emissão (\(r.emissao))")
                }.joined(separator: "\n")
        }
        print(texto)
    }
}

struct CronogramaRelatorio: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relatorio",
        abstract: "Imprime o relatório \"Cronogramas de Cobrança Cadastrados\" (texto de largura fixa).")

    @Option(name: .long, help: "Grupo de cobrança (id ou descrição).") var grupo: String?
    @Option(name: .long, help: "Mês/ano, MM/AAAA.") var referencia: String?
    @Option(name: .customLong("linhas-por-pagina"), help: "Linhas por página.") var linhasPorPagina = 60

    func validate() throws {
        guard linhasPorPagina >= 10 else { throw ValidationError("--linhas-por-pagina deve ser ao menos 10.") }
    }

    func run() throws {
        let texto = try SaidaCronograma.consultar("gsan cronograma relatorio") { db in
            let (catalogo, cronogramas) = try ConsultaCronograma(db: db).cronogramas(
                grupo: grupo, referencia: referencia)
            return RelatorioCronogramas.render(
                cronogramas, catalogo: catalogo, emissao: Date(), linhasPorPagina: linhasPorPagina)
        }
        print(texto, terminator: "")
    }
}

/// How the schedule commands talk to the operator: success on stdout; refusals one per line on
/// stderr, confirmations marked with how to accept them; exit 1 for errors, 2 when only
/// confirmations are missing.
enum SaidaCronograma {
    static let dicaConfirmacao = "Confirmação (repita com --confirmar para aceitar): "

    static func executar(_ comando: String, _ corpo: (PostgresConnection) throws -> ResultadoManutencao) throws {
        let resultado = try consultar(comando, corpo)
        switch resultado {
        case .gravado(let mensagem):
            print(mensagem)
        case .recusado(let violacoes):
            for violacao in violacoes {
                OperationsSupport.printError(
                    (violacao.gravidade == .confirmacao ? dicaConfirmacao : "") + violacao.mensagem)
            }
            throw ExitCode(violacoes.erros.isEmpty ? 2 : 1)
        }
    }

    /// Runs `corpo` on a fresh connection; a request it cannot read is one line on stderr.
    static func consultar<T>(_ comando: String, _ corpo: (PostgresConnection) throws -> T) throws -> T {
        let db = try OperationsSupport.openDatabase(GSANEnvironment(), command: comando)
        defer { db.close() }
        return try OperationsSupport.reporting {
            do {
                return try corpo(db)
            } catch let pedido as PedidoInvalido {
                OperationsSupport.printError(pedido.description)
                throw ExitCode.failure
            }
        }
    }
}
