import ArgumentParser
import Foundation
import GSANModel
import GSANSupport
import Medicao
import MedicaoRegras
import Postgres

/// Runs a medição command on a fresh connection: a refusal (ErroMedicao, CampoRecusado) is its
/// message on stderr and exit code 1; nothing was written.
enum SaidaMedicao {
    static func executar<T>(_ comando: String, _ corpo: (PostgresConnection) throws -> T) throws -> T {
        try OperationsSupport.comBanco(comando, recusas: ErroMedicao.self) { db in
            do {
                return try corpo(db)
            } catch let campo as CampoRecusado {
                throw ErroMedicao(campo)
            }
        }
    }

    /// Reads the typed fields before touching the database: a bad one is its message, exit 1.
    static func ler<T>(_ corpo: () throws -> T) throws -> T {
        do {
            return try corpo()
        } catch let erro as CampoRecusado {
            OperationsSupport.printError(erro.description)
            throw ExitCode.failure
        }
    }
}

typealias Campo = CadastroContrato

// MARK: - gsan empresa

struct EmpresaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "empresa", abstract: "Empresas (a contratada de cobrança): inserir, atualizar, listar (seed 002 §2.1.1).",
        subcommands: [EmpresaInserir.self, EmpresaAtualizar.self, EmpresaListar.self])
}

struct OpcoesEmpresa: ParsableArguments {
    @Option(help: "Nome (até 50 caracteres).") var nome: String?
    @Option(help: "Nome abreviado (até 10).") var abreviado: String?
    @Option(help: "E-mail.") var email: String?
    @Option(help: "CNPJ (14 dígitos, com ou sem pontuação).") var cnpj: String?
    @Option(help: "Empresa principal: sim ou não.") var principal: String?
    @Option(help: "Empresa de cobrança: sim ou não.") var cobranca: String?
    @Option(help: "Realiza leitura: sim ou não.") var leitura: String?
    @Option(name: .customLong("gestao-micromedicao"), help: "Gestão de micromedição: sim ou não.") var gestao: String?
    @Option(name: .customLong("atualiza-cadastro"), help: "Atualiza cadastro: sim ou não.") var atualiza: String?
    @Option(help: "Indicador de uso: sim (ativa) ou não.") var ativa: String?

    /// The typed fields over `base` (insert: the seed's obligatory fields have no default).
    func dados(sobre base: CadastroEmpresa.Dados?) throws -> CadastroEmpresa.Dados {
        let nomeLido: String? = nome != nil ? try Campo.texto(nome, campo: "Nome", maximo: 50) : base?.nome
        guard let nome = nomeLido else { throw Campo.informe("Nome") }
        return CadastroEmpresa.Dados(
            nome: nome,
            abreviado: abreviado != nil ? try Campo.opcional(abreviado, campo: "Nome Abreviado", maximo: 10) : base?.abreviado,
            email: email != nil ? try Campo.email(email) : base?.email,
            cnpj: cnpj != nil ? try Campo.cnpj(cnpj) : base?.cnpj,
            principal: try Campo.indicador(principal, campo: "Empresa Principal", padrao: base?.principal),
            cobranca: try Campo.indicador(cobranca, campo: "Indicador Empresa Cobrança", padrao: base?.cobranca),
            leitura: try Campo.indicador(leitura, campo: "Indicador Leitura", padrao: base?.leitura),
            gestaoMicromedicao: try Campo.indicador(gestao, campo: "Gestão Micromedição", padrao: base?.gestaoMicromedicao),
            atualizaCadastro: try Campo.indicador(atualiza, campo: "Indicador Atualiza Cadastro", padrao: base?.atualizaCadastro),
            ativa: try Campo.indicador(ativa, campo: "Indicador de Uso", padrao: base?.ativa ?? true))
    }
}

struct EmpresaInserir: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inserir",
        abstract: "Insere uma empresa. Obrigatórios: --nome, --principal, --gestao-micromedicao, --cobranca, --leitura, --atualiza-cadastro.")
    @OptionGroup var opcoes: OpcoesEmpresa

    func run() throws {
        let dados = try SaidaMedicao.ler { try opcoes.dados(sobre: nil) }
        let id = try SaidaMedicao.executar("gsan empresa inserir") { try CadastroEmpresa.inserir(dados, db: $0) }
        print("Empresa \(id) \(dados.nome) inserida.")
    }
}

struct EmpresaAtualizar: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "atualizar", abstract: "Atualiza os campos informados de uma empresa.")
    @Argument(help: "Código da empresa.") var empresa: String
    @OptionGroup var opcoes: OpcoesEmpresa

    func run() throws {
        let id = try SaidaMedicao.ler { try Campo.numero(empresa, campo: "Empresa") }
        try SaidaMedicao.executar("gsan empresa atualizar") { db in
            let lida = try CadastroEmpresa.carregar(id, db: db)
            let nova = try opcoes.dados(sobre: lida)
            try CadastroEmpresa.atualizar(id, lida: lida, para: nova, db: db)
        }
        print("Empresa \(id) atualizada.")
    }
}

struct EmpresaListar: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "listar", abstract: "Lista as empresas.")
    func run() throws {
        let linhas = try SaidaMedicao.executar("gsan empresa listar") { try CadastroEmpresa.listar(db: $0) }
        print("código  nome                                                abrev.      principal  cobrança  uso     contratos")
        for l in linhas {
            print(
                coluna(String(l.id), 8) + coluna(l.nome, 52) + coluna(l.abreviado ?? "", 12) + coluna(l.principal ? "sim" : "não", 11)
                    + coluna(l.cobranca ? "sim" : "não", 10) + coluna(l.ativa ? "ativa" : "inativa", 8) + String(l.contratos))
        }
    }
}

func coluna(_ texto: String, _ largura: Int) -> String {
    texto.count >= largura ? String(texto.prefix(largura - 1)) + " " : texto.padding(toLength: largura, withPad: " ", startingAt: 0)
}


// MARK: - gsan contrato

struct ContratoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contrato",
        abstract: "Contratos de serviço da empresa contratada, seus itens e aditivos (seed 002 §2.1.4–2.1.6).",
        subcommands: [ContratoInserir.self, ContratoAtualizar.self, ContratoListar.self, ContratoMostrar.self, ContratoItem.self,
                      ContratoAditivo.self, ItemServicoCommand.self])
}

struct OpcoesContrato: ParsableArguments {
    @Option(help: "Número do contrato (até 20 caracteres).") var numero: String?
    @Option(help: "Data de início, DD/MM/AAAA.") var inicio: String?
    @Option(help: "Data de fim, DD/MM/AAAA (opcional).") var fim: String?
    @Option(name: .customLong("valor-global"), help: "Valor global, 1.234,56 (até 12 dígitos).") var valorGlobal: String?
    @Option(name: .customLong("taxa-sucesso"), help: "Percentual da taxa de sucesso, 5,00.") var taxaSucesso: String?
    @Option(help: "Observação (até 400 caracteres).") var observacao: String?
    @Option(name: .customLong("minimo-execucao"), help: "Percentual mínimo de execução (micromedição).") var minimoExecucao: String?
    @Option(name: .customLong("servicos-rejeitados"), help: "Percentual de serviços rejeitados (micromedição).") var rejeitados: String?
    @Option(name: .customLong("administracao-local"), help: "Contrato com administração local: sim ou não.") var administracaoLocal: String?

    func dados(empresa: Int, sobre base: CadastroContratos.Contrato?) throws -> CadastroContratos.Contrato {
        let numeroLido: String? = numero != nil ? try Campo.texto(numero, campo: "Número do Contrato", maximo: 20) : base?.numero
        guard let numero = numeroLido else { throw Campo.informe("Número do Contrato") }
        let inicio = try Campo.data(inicio, campo: "Data de Inicio do Contrato", obrigatoria: base == nil) ?? base?.inicio
        guard let inicio else { throw Campo.informe("Data de Inicio do Contrato") }
        return CadastroContratos.Contrato(
            empresa: empresa, numero: numero, inicio: inicio,
            fim: fim != nil ? try Campo.data(fim, campo: "Data de Fim do Contrato", obrigatoria: false) : base?.fim,
            valorGlobal: valorGlobal != nil ? try Campo.valor(valorGlobal, campo: "Valor Global do Contrato") : base?.valorGlobal,
            taxaSucesso: taxaSucesso != nil ? try Campo.percentual(taxaSucesso, campo: "Percentual Taxa de Sucesso") : base?.taxaSucesso,
            observacao: observacao != nil ? try Campo.opcional(observacao, campo: "Observação", maximo: 400) : base?.observacao,
            minimoExecucao: minimoExecucao != nil ? try Campo.percentual(minimoExecucao, campo: "Percentual Mínimo Execução") : base?.minimoExecucao,
            servicosRejeitados: rejeitados != nil ? try Campo.percentual(rejeitados, campo: "Percentual Serviços Rejeitados") : base?.servicosRejeitados,
            administracaoLocal: try Campo.indicador(administracaoLocal, campo: "Contrato com Administração Local", padrao: base?.administracaoLocal ?? false))
    }
}

struct ContratoInserir: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inserir", abstract: "Insere um contrato de uma empresa de cobrança.")
    @Option(help: "Código da empresa.") var empresa: String?
    @OptionGroup var opcoes: OpcoesContrato

    func run() throws {
        let dados = try SaidaMedicao.ler { () throws -> CadastroContratos.Contrato in
            try opcoes.dados(empresa: try Campo.numero(empresa, campo: "Empresa"), sobre: nil)
        }
        let id = try SaidaMedicao.executar("gsan contrato inserir") { try CadastroContratos.inserir(dados, db: $0) }
        print("Contrato \(id) (número \(dados.numero), empresa \(dados.empresa)) inserido.")
    }
}

struct ContratoAtualizar: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "atualizar", abstract: "Atualiza os campos informados de um contrato.")
    @Argument(help: "Código do contrato.") var contrato: String
    @OptionGroup var opcoes: OpcoesContrato

    func run() throws {
        let id = try SaidaMedicao.ler { try Campo.numero(contrato, campo: "Contrato") }
        try SaidaMedicao.executar("gsan contrato atualizar") { db in
            let lido = try CadastroContratos.carregar(id, db: db)
            let novo = try opcoes.dados(empresa: lido.empresa, sobre: lido)
            try CadastroContratos.atualizar(id, lido: lido, para: novo, db: db)
        }
        print("Contrato \(id) atualizado.")
    }
}

struct ContratoListar: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "listar", abstract: "Lista os contratos (de uma empresa).")
    @Option(help: "Código da empresa.") var empresa: String?

    func run() throws {
        let e = try SaidaMedicao.ler { try empresa.map { v throws -> Int in try Campo.numero(v, campo: "Empresa") } }
        let linhas = try SaidaMedicao.executar("gsan contrato listar") { try CadastroContratos.listar(empresa: e, db: $0) }
        print("código  empresa                     número                início      fim          valor global  tx.suc.  itens  grupos")
        for l in linhas {
            print(
                coluna(String(l.id), 8) + coluna(l.empresa, 28) + coluna(l.numero, 22) + coluna(l.inicio.description, 12)
                    + coluna(l.fim?.description ?? "", 11) + OperationsSupport.aDireita(l.valorGlobal?.description ?? "", 14)
                    + OperationsSupport.aDireita(l.taxaSucesso.map { $0.description + "%" } ?? "", 9) + OperationsSupport.aDireita(String(l.itens), 7) + "  " + l.grupos)
        }
    }
}

struct ContratoMostrar: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "mostrar", abstract: "Mostra um contrato com itens e aditivos.")
    @Argument(help: "Código do contrato.") var contrato: String

    func run() throws {
        let id = try SaidaMedicao.ler { try Campo.numero(contrato, campo: "Contrato") }
        let (c, itens, aditivos) = try SaidaMedicao.executar("gsan contrato mostrar") { db in
            (try CadastroContratos.carregar(id, db: db), try CadastroContratos.itens(contrato: id, db: db), try CadastroContratos.aditivos(contrato: id, db: db))
        }
        print("Contrato \(id): número \(c.numero), empresa \(c.empresa)")
        print("Vigência: \(c.inicio) a \(c.fim?.description ?? "(sem fim)")")
        print("Valor global: \(c.valorGlobal?.description ?? "não informado")   Taxa de sucesso: \(c.taxaSucesso.map { Centavos(Int64($0)).description + " %" } ?? "não tem")")
        print("Administração local: \(c.administracaoLocal ? "sim" : "não")")
        if let o = c.observacao { print("Observação: \(o)") }
        print("\nItens (na ordem em que uma OS os procura: constante de cálculo)")
        print("item  descrição                       const.        valor  serviços        % não exec.  % multa   qt. orçada    valor orçado")
        for i in itens {
            print(
                coluna(String(i.itemServico), 6) + coluna(i.descricao, 32) + OperationsSupport.aDireita(String(i.constante), 6) + OperationsSupport.aDireita(i.valor.description, 13) + "  "
                    + coluna(i.servicos, 14) + OperationsSupport.aDireita(i.naoExecutados?.description ?? "", 12) + OperationsSupport.aDireita(i.multa?.description ?? "", 9)
                    + OperationsSupport.aDireita(i.quantidadeOrcada?.description ?? "", 12) + OperationsSupport.aDireita(i.valorOrcado?.description ?? "", 16))
        }
        if !aditivos.isEmpty {
            print("\nAditivos")
            for a in aditivos {
                print("a partir de \(a.inicio): \(a.valor)\(a.taxaSucesso.map { ", taxa de sucesso \($0) %" } ?? "")\(a.observacao.map { " — \($0)" } ?? "")")
            }
        }
    }
}

struct ContratoItem: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "item", abstract: "Itens de um contrato.", subcommands: [ContratoItemAdicionar.self, ContratoItemRemover.self])
}

struct ContratoItemAdicionar: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "adicionar", abstract: "Adiciona um item ao contrato, com os tipos de serviço que ele paga.")
    @Option(help: "Código do contrato.") var contrato: String?
    @Option(help: "Item de contrato (tabela básica: gsan contrato item-servico listar).") var item: String?
    @Option(help: "Valor do item, 1.234,56.") var valor: String?
    @Option(help: "Tipos de serviço que o item paga, separados por vírgula (1012,1013).") var servicos: String?
    @Option(name: .customLong("pc-nao-executados"), help: "% de serviços não executados / não aceitos para aplicação de multa.") var naoExecutados: String?
    @Option(name: .customLong("pc-multa"), help: "% da multa quando o percentual acima for atingido.") var multa: String?
    @Option(name: .customLong("qt-orcada"), help: "Quantidade orçada (até 8 dígitos, duas casas).") var quantidade: String?
    @Option(name: .customLong("valor-orcado"), help: "Valor orçado (até 10 dígitos, duas casas).") var orcado: String?

    func run() throws {
        let (c, dados) = try SaidaMedicao.ler { () throws -> (Int, CadastroContratos.Item) in
            let c = try Campo.numero(contrato, campo: "Contrato")
            let i = try Campo.numero(item, campo: "Item de Contrato", maximo: 99_999)
            guard let v = try Campo.valor(valor, campo: "Valor do Item") else { throw Campo.informe("Valor do Item") }
            return (c, CadastroContratos.Item(
                itemServico: i, valor: v, servicos: try Campo.servicos(servicos),
                naoExecutados: try Campo.percentual(
                    naoExecutados, campo: "Percentual de Serviços Não Executados / Não Aceitos para Aplicação de Multa", digitos: 4),
                multa: try Campo.percentual(multa, campo: "Percentual da Multa a Ser Aplicada Quando o Percentual Acima For Atingido", digitos: 4),
                quantidadeOrcada: try Campo.quantidade(quantidade, campo: "Quantidade Orçada para o Item de Contrato"),
                valorOrcado: try Campo.valor(orcado, campo: "Valor Orçado para o Item de Contrato", digitos: 10)))
        }
        try SaidaMedicao.executar("gsan contrato item adicionar") { _ = try CadastroContratos.adicionarItem(contrato: c, dados, db: $0) }
        print("Item \(dados.itemServico) adicionado ao contrato \(c) (serviços \(dados.servicos.map(String.init).joined(separator: ","))).")
    }
}

struct ContratoItemRemover: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remover", abstract: "Remove um item nunca usado num boletim.")
    @Option(help: "Código do contrato.") var contrato: String?
    @Option(help: "Item de contrato.") var item: String?

    func run() throws {
        let (c, i) = try SaidaMedicao.ler { (try Campo.numero(contrato, campo: "Contrato"), try Campo.numero(item, campo: "Item de Contrato", maximo: 99_999)) }
        try SaidaMedicao.executar("gsan contrato item remover") { try CadastroContratos.removerItem(contrato: c, itemServico: i, db: $0) }
        print("Item \(i) removido do contrato \(c).")
    }
}

struct ContratoAditivo: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "aditivo", abstract: "Inclui um aditivo ao contrato (a partir de uma data).")
    @Option(help: "Código do contrato.") var contrato: String?
    @Option(help: "Data de início do aditivo, DD/MM/AAAA.") var inicio: String?
    @Option(help: "Valor do aditivo, 1.234,56.") var valor: String?
    @Option(name: .customLong("taxa-sucesso"), help: "Taxa de sucesso a partir do aditivo, 5,00.") var taxa: String?
    @Option(help: "Observação (até 400).") var observacao: String?

    func run() throws {
        let (c, d, v, t, o) = try SaidaMedicao.ler { () throws -> (Int, CivilDate, Centavos, Int?, String?) in
            let c = try Campo.numero(contrato, campo: "Contrato")
            guard let d = try Campo.data(inicio, campo: "Data de Início do Aditivo", obrigatoria: true) else { throw Campo.informe("Data de Início do Aditivo") }
            guard let v = try Campo.valor(valor, campo: "Valor do Aditivo") else { throw Campo.informe("Valor do Aditivo") }
            return (c, d, v, try Campo.percentual(taxa, campo: "Percentual Taxa de Sucesso"), try Campo.opcional(observacao, campo: "Observação", maximo: 400))
        }
        try SaidaMedicao.executar("gsan contrato aditivo") {
            try CadastroContratos.adicionarAditivo(contrato: c, inicio: d, valor: v, taxaSucesso: t, observacao: o, db: $0)
        }
        print("Aditivo do contrato \(c) a partir de \(d) incluído.")
    }
}

struct ItemServicoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "item-servico", abstract: "Itens de contrato, a tabela básica com a constante de cálculo (seed 002 §2.1.4).",
        subcommands: [ItemServicoInserir.self, ItemServicoListar.self])
}

struct ItemServicoInserir: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inserir", abstract: "Insere um item de contrato.")
    @Option(help: "Descrição (até 100).") var descricao: String?
    @Option(help: "Descrição abreviada (até 30).") var abreviada: String?
    @Option(help: "Código constante de cálculo (1 a 9999; 1–26 são as fórmulas do boletim).") var constante: String?
    @Option(help: "Código do item (até 11 dígitos).") var codigo: String?
    @Option(name: .customLong("administracao-local"), help: "Administração local: sim ou não.") var administracaoLocal: String?

    func run() throws {
        let (d, a, k, c, l) = try SaidaMedicao.ler { () throws -> (String, String, Int, Int64?, Bool) in
            (try Campo.texto(descricao, campo: "Descrição", maximo: 100), try Campo.texto(abreviada, campo: "Descrição Abreviada", maximo: 30),
             try Campo.constante(constante), try Campo.codigoItem(codigo),
             try Campo.indicador(administracaoLocal, campo: "Administração Local", padrao: false))
        }
        let id = try SaidaMedicao.executar("gsan contrato item-servico inserir") {
            try CadastroContratos.inserirItemServico(descricao: d, abreviada: a, constante: k, codigo: c, administracaoLocal: l, db: $0)
        }
        print("Item de contrato \(id) \(d) inserido (constante \(k)).")
    }
}

struct ItemServicoListar: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "listar", abstract: "Lista os itens de contrato.")
    func run() throws {
        let linhas = try SaidaMedicao.executar("gsan contrato item-servico listar") { try CadastroContratos.itensServico(db: $0) }
        print("item  descrição                                 abreviada                 constante  adm. local")
        for l in linhas {
            print(coluna(String(l.id), 6) + coluna(l.descricao, 42) + coluna(l.abreviada, 26) + OperationsSupport.aDireita(String(l.constante), 9) + "  " + (l.administracaoLocal ? "sim" : "não"))
        }
    }
}

// MARK: - gsan grupo-cobranca contrato

struct GrupoCobrancaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grupo-cobranca", abstract: "Grupos de cobrança: o contrato que o boletim de medição paga.",
        subcommands: [GrupoContrato.self])
}

struct GrupoContrato: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contrato",
        abstract: "O contrato de um grupo, ou a empresa/contrato por ação de cobrança de um grupo sem contrato (seed 002 §2.2, §2.2.3).",
        subcommands: [GrupoContratoMostrar.self, GrupoContratoDefinir.self, GrupoContratoAcao.self, GrupoContratoRemover.self],
        defaultSubcommand: GrupoContratoMostrar.self)
}

struct GrupoContratoMostrar: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "mostrar", abstract: "O contrato do grupo e os de cada ação.")
    @Option(help: "Grupo de cobrança.") var grupo: String?

    func run() throws {
        let g = try SaidaMedicao.ler { try Campo.numero(grupo, campo: "Grupo de Cobrança") }
        let s = try SaidaMedicao.executar("gsan grupo-cobranca contrato") { try ContratoDoGrupo.situacao(grupo: g, db: $0) }
        print("Grupo \(s.grupo) \(s.descricao) — execução automática: \(s.automatica ? "sim" : "não")")
        if let c = s.contrato, let e = s.empresa {
            print("Contrato do grupo: \(c) (empresa \(e)): todos os itens do boletim vão para ele.")
        } else {
            print("Sem contrato do grupo.")
            for a in s.porAcao { print("  ação \(a.acao) \(a.descricao): empresa \(a.empresa), contrato \(a.contrato)") }
            for f in s.faltando { print("  \(f)") }
        }
    }
}

struct OpcoesEmpresaContrato: ParsableArguments {
    @Option(help: "Grupo de cobrança.") var grupo: String?
    @Option(help: "Empresa.") var empresa: String?
    @Option(help: "Contrato (código).") var contrato: String?
}

struct GrupoContratoDefinir: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "definir", abstract: "Informa o contrato do grupo (todos os itens do boletim vão para ele).")
    @OptionGroup var o: OpcoesEmpresaContrato

    func run() throws {
        let (g, e, c) = try SaidaMedicao.ler {
            (try Campo.numero(o.grupo, campo: "Grupo de Cobrança"), try Campo.numero(o.empresa, campo: "Empresa"), try Campo.numero(o.contrato, campo: "Contrato de Cobrança"))
        }
        try SaidaMedicao.executar("gsan grupo-cobranca contrato definir") { try ContratoDoGrupo.definir(grupo: g, empresa: e, contrato: c, db: $0) }
        print("Grupo \(g): contrato \(c) da empresa \(e).")
    }
}

struct GrupoContratoAcao: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "acao", abstract: "Informa a empresa e o contrato de uma ação de cobrança num grupo sem contrato (seed 002 §2.2.3).")
    @OptionGroup var o: OpcoesEmpresaContrato
    @Option(help: "Ação de cobrança.") var acao: String?

    func run() throws {
        let (g, a, e, c) = try SaidaMedicao.ler {
            (try Campo.numero(o.grupo, campo: "Grupo de Cobrança"), try Campo.numero(acao, campo: "Ação de Cobrança", maximo: 999),
             try Campo.numero(o.empresa, campo: "Empresa"), try Campo.numero(o.contrato, campo: "Contrato"))
        }
        try SaidaMedicao.executar("gsan grupo-cobranca contrato acao") { try ContratoDoGrupo.informarAcao(grupo: g, acao: a, empresa: e, contrato: c, db: $0) }
        print("Grupo \(g), ação \(a): contrato \(c) da empresa \(e).")
    }
}

struct GrupoContratoRemover: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remover", abstract: "Remove o contrato do grupo, ou o de uma ação (--acao).")
    @Option(help: "Grupo de cobrança.") var grupo: String?
    @Option(help: "Ação de cobrança.") var acao: String?

    func run() throws {
        let (g, a) = try SaidaMedicao.ler {
            (try Campo.numero(grupo, campo: "Grupo de Cobrança"), try acao.map { v throws -> Int in try Campo.numero(v, campo: "Ação de Cobrança", maximo: 999) })
        }
        try SaidaMedicao.executar("gsan grupo-cobranca contrato remover") { try ContratoDoGrupo.remover(grupo: g, acao: a, db: $0) }
        print(a.map { "Grupo \(g): empresa/contrato da ação \($0) removido." } ?? "Grupo \(g): contrato removido.")
    }
}
