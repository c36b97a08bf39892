import ArgumentParser
import EncerramentoOS
import FiscalizacaoRegras
import Foundation
import GSANModel

/// `gsan motivo-nao-aceitacao`: Inserir/Manter Motivo de Não Aceitação de Encerramento de OS (seed 002 §2.5.1.2–2.5.1.3).
struct MotivoNaoAceitacaoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "motivo-nao-aceitacao",
        abstract: "Motivos de não aceitação de encerramento de OS: inserir, atualizar, remover, listar (seed 002 §2.5.1.2–2.5.1.3).",
        subcommands: [Inserir.self, Atualizar.self, Remover.self, Listar.self])

    struct Campos: ParsableArguments {
        @Option(help: "Descrição (até 40 caracteres).") var descricao: String?
        @Option(name: .customLong("multiplicador-corte"), help: "Multiplicador do valor do serviço descontado por corte ou supressão indevida (0 a 99).")
        var multiplicadorCorte: String?
        @Option(name: .customLong("multiplicador-nao-executado"),
                help: "Multiplicador do valor do serviço descontado por serviço não efetivamente executado (0 a 99).")
        var multiplicadorNaoExecutado: String?
        @Option(name: .customLong("percentual-multa"), help: "Percentual da multa por serviço não efetivamente executado (0,00 a 100,00).")
        var percentualMulta: String?
        @Option(help: "Motivo de fiscalização: sim ou nao.") var fiscalizacao: String?

        var campos: MotivoNaoAceitacao.Campos {
            .init(descricao: descricao, multiplicadorCorte: multiplicadorCorte, multiplicadorNaoExecutado: multiplicadorNaoExecutado,
                  percentualMulta: percentualMulta)
        }
        func indicador(_ texto: String?, _ rotulo: String) throws -> Bool? {
            guard let texto else { return nil }
            guard case .success(let v?) = ArquivoRetornoFiscalizacao.simNao(texto, campo: rotulo) else {
                throw ValidationError("\(rotulo) inválido: \(texto) (sim ou nao).")
            }
            return v
        }
    }

    struct Inserir: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "inserir", abstract: "Insere um motivo.")
        @OptionGroup var c: Campos
        func run() throws {
            let fiscalizacao = try c.indicador(c.fiscalizacao, "Motivo de Fiscalização") ?? false
            let id = try OperationsSupport.comBanco("gsan motivo-nao-aceitacao inserir", recusas: ErroEncerramento.self) {
                try MotivosNaoAceitacao.inserir(c.campos, fiscalizacao: fiscalizacao, db: $0)
            }
            print("Motivo de não aceitação de encerramento de O.S. \(id) inserido.")
        }
    }

    struct Atualizar: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "atualizar", abstract: "Atualiza um motivo na versão lida (listar mostra a versão).",
            discussion: "Informe todos os campos, como na tela; outro usuário que o tenha atualizado depois da versão lida recusa.")
        @Argument(help: "Código do motivo.") var codigo: String
        @Option(help: "A versão lida em `listar`.") var versao: String?
        @OptionGroup var c: Campos
        @Option(help: "Indicador de uso: ativo ou inativo.") var uso: String?
        func run() throws {
            let id = try NumeroDigitado.inteiro(codigo, campo: "Código")
            guard let versao else { throw ValidationError("Informe Versão (a de `gsan motivo-nao-aceitacao listar`).") }
            let v = try NumeroDigitado.inteiro(versao, campo: "Versão", faixa: 0...Int(Int32.max))
            var emUso: Bool?
            switch uso?.lowercased() {
            case nil: break
            case "ativo": emUso = true
            case "inativo": emUso = false
            case let outro?: throw ValidationError("Indicador de Uso inválido: \(outro) (ativo ou inativo).")
            }
            let fiscalizacao = try c.indicador(c.fiscalizacao, "Motivo de Fiscalização")
            let nova = try OperationsSupport.comBanco("gsan motivo-nao-aceitacao atualizar", recusas: ErroEncerramento.self) {
                try MotivosNaoAceitacao.atualizar(id, versao: v, c.campos, emUso: emUso, fiscalizacao: fiscalizacao, db: $0)
            }
            print("Motivo de não aceitação de encerramento de O.S. \(id) atualizado (versão \(nova)).")
        }
    }

    struct Remover: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remover", abstract: "Remove motivos: CODIGO:VERSAO, um ou mais (todos ou nenhum).")
        @Argument(help: "CODIGO:VERSAO de cada motivo (a versão de `listar`).") var itens: [String] = []
        func run() throws {
            guard !itens.isEmpty else { throw ValidationError("Informe o(s) motivo(s) a remover (CODIGO:VERSAO).") }
            let pares = try itens.map { item -> (id: Int, versao: Int) in
                let p = item.split(separator: ":", omittingEmptySubsequences: false)
                guard p.count == 2 else { throw ValidationError("Motivo inválido: \(item) (use CODIGO:VERSAO).") }
                return (try NumeroDigitado.inteiro(String(p[0]), campo: "Código"), try NumeroDigitado.inteiro(String(p[1]), campo: "Versão", faixa: 0...Int(Int32.max)))
            }
            try OperationsSupport.comBanco("gsan motivo-nao-aceitacao remover", recusas: ErroEncerramento.self) {
                try MotivosNaoAceitacao.remover(pares, db: $0)
            }
            print("\(pares.count) motivo(s) de não aceitação de encerramento de O.S. removido(s).")
        }
    }

    struct Listar: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "listar", abstract: "Os motivos cadastrados.")
        func run() throws {
            let linhas = try OperationsSupport.comBanco("gsan motivo-nao-aceitacao listar", recusas: ErroEncerramento.self) {
                try MotivosNaoAceitacao.listar(db: $0)
            }
            print("código  descrição                                 mult.corte  mult.não exec.  % multa  fiscalização  uso      versão")
            for l in linhas {
                print(String(l.id).padding(toLength: 8, withPad: " ", startingAt: 0)
                      + l.descricao.padding(toLength: 42, withPad: " ", startingAt: 0)
                      + OperationsSupport.aDireita(String(l.multiplicadorCorte), 10) + OperationsSupport.aDireita(String(l.multiplicadorNaoExecutado), 16)
                      + OperationsSupport.aDireita(l.percentual.replacingOccurrences(of: ".", with: ","), 9) + "  "
                      + (l.fiscalizacao ? "sim" : "não").padding(toLength: 14, withPad: " ", startingAt: 0)
                      + (l.emUso ? "ativo" : "inativo").padding(toLength: 9, withPad: " ", startingAt: 0) + String(l.versao))
            }
        }
    }
}

/// `gsan motivo-encerramento acoes`: Informar Motivo de Encerramento dos Atendimentos (seed 002 §2.5.1.1).
struct MotivoEncerramentoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "motivo-encerramento", abstract: "Motivos de encerramento de OS e as ações cujo pagamento decidem (seed 002 §2.5.1.1).",
        subcommands: [Acoes.self])

    struct Acoes: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "acoes",
            abstract: "Mostra ou altera os indicadores de um motivo e as ações de cobrança associadas (que pagam a OS encerrada com ele).")
        @Argument(help: "Motivo de encerramento (id).") var motivo: String
        @Option(help: "Descrição abreviada.") var abreviado: String?
        @Option(help: "Indicador de execução: sim ou nao.") var execucao: String?
        @Option(help: "Indicador de duplicidade: sim ou nao.") var duplicidade: String?
        @Option(help: "Indicador de fiscalização: sim ou nao.") var fiscalizacao: String?
        @Option(name: .customLong("visita-realizada"), help: "Indicador de visita realizada: sim ou nao.") var visitaRealizada: String?
        @Option(help: "Quantidade encerramento de OS.") var quantidade: String?
        @Option(name: .customLong("incluir-acao"), help: "Associa uma ação: ACAO[:sim|nao] (gera pagamento, padrão sim); repita.")
        var incluir: [String] = []
        @Option(name: .customLong("remover-acao"), help: "Remove a associação com uma ação; repita.") var remover: [String] = []


        func run() throws {
            let m = try NumeroDigitado.inteiro(motivo, campo: "Motivo de Encerramento")
            func sn(_ t: String?, _ r: String) throws -> Bool? {
                guard let t else { return nil }
                guard case .success(let v?) = ArquivoRetornoFiscalizacao.simNao(t, campo: r) else { throw ValidationError("\(r) inválido: \(t) (sim ou nao).") }
                return v
            }
            let i = MotivoEncerramentoAcoes.Indicadores(
                abreviado: abreviado, execucao: try sn(execucao, "Indicador de Execução"), duplicidade: try sn(duplicidade, "Indicador de Duplicidade"),
                fiscalizacao: try sn(fiscalizacao, "Indicador de Fiscalização"),
                visitaRealizada: try sn(visitaRealizada, "Indicador de Visita Realizada"),
                quantidade: try quantidade.map { try NumeroDigitado.inteiro($0, campo: "Quantidade Encerramento de OS", faixa: 0...Int(Int32.max)) })
            let inclusoes = try incluir.map { texto -> (acao: Int, geraPagamento: Bool) in
                let p = texto.split(separator: ":", omittingEmptySubsequences: false)
                guard !p[0].isEmpty else { throw ValidationError("Informe Ação de Cobrança.") }
                let acao = try NumeroDigitado.inteiro(String(p[0]), campo: "Ação de Cobrança")
                return (acao, p.count > 1 ? (try sn(String(p[1]), "Gera Pagamento") ?? true) : true)
            }
            let remocoes = try remover.map { try NumeroDigitado.inteiro($0, campo: "Ação de Cobrança") }
            let altera = i != MotivoEncerramentoAcoes.Indicadores() || !inclusoes.isEmpty || !remocoes.isEmpty
            let q = try OperationsSupport.comBanco("gsan motivo-encerramento acoes", recusas: ErroEncerramento.self) { db in
                altera ? try MotivoEncerramentoAcoes.informar(m, i, incluir: inclusoes, remover: remocoes, db: db)
                    : try MotivoEncerramentoAcoes.mostrar(m, db: db)
            }
            func sim(_ b: Bool) -> String { b ? "sim" : "não" }
            print("Motivo de encerramento \(q.motivo) \(q.descricao) (\(q.abreviado))")
            print("  execução \(sim(q.execucao)), duplicidade \(sim(q.duplicidade)), fiscalização \(sim(q.fiscalizacao)), "
                  + "visita realizada \(sim(q.visitaRealizada)), quantidade encerramento de OS \(q.quantidade.map(String.init) ?? "-")")
            if q.acoes.isEmpty { print("  nenhuma ação de cobrança associada") }
            for (id, d, paga) in q.acoes { print("  ação \(id) \(d): \(paga ? "gera pagamento" : "não gera pagamento")") }
        }
    }
}

/// `gsan os nao-aceitacao`: Informar Não Aceitação de Encerramento de O.S. (seed 002 §2.5.2.1).
struct OSNaoAceitacao: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nao-aceitacao",
        abstract: "OS encerradas sem execução cuja justificativa a companhia não aceita (descontadas no próximo boletim).",
        subcommands: [Listar.self, Informar.self])

    static func imprimir(_ linhas: [NaoAceitacaoOS.Linha]) {
        print("OS          imóvel     ciclo    encerrada   motivo de encerramento            serviço                     não aceita")
        for l in linhas {
            print(String(l.ordem).padding(toLength: 12, withPad: " ", startingAt: 0)
                  + (l.imovel.map(String.init) ?? "-").padding(toLength: 11, withPad: " ", startingAt: 0)
                  + Referencia.mesAno(l.referencia).padding(toLength: 9, withPad: " ", startingAt: 0) + l.encerramento + "  "
                  + l.motivo.padding(toLength: 34, withPad: " ", startingAt: 0) + l.servico.padding(toLength: 28, withPad: " ", startingAt: 0)
                  + (l.naoAceita ?? "-"))
        }
    }

    struct Listar: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "listar", abstract: "As OS encerradas com motivo de não execução de uma ação do grupo no período, ou uma OS.")
        @Option(name: .customLong("referencia-inicial"), help: "MM/AAAA.") var inicial: String?
        @Option(name: .customLong("referencia-final"), help: "MM/AAAA (padrão: a inicial).") var final: String?
        @Option(help: "Grupo de cobrança.") var grupo: String?
        @Option(help: "Ação de cobrança.") var acao: String?
        @Option(help: "Ou uma ordem de serviço.") var os: String?
        @OptionGroup var hoje: OpcoesDeHoje

        func run() throws {
            if let os {
                let id = try NumeroDigitado.ordem(os)
                let a = try acao.map { try NumeroDigitado.inteiro($0, campo: "Ação de Cobrança") }
                let l = try OperationsSupport.comBanco("gsan os nao-aceitacao listar", recusas: ErroEncerramento.self) {
                    try NaoAceitacaoOS.mostrar(id, acao: a, db: $0)
                }
                OSNaoAceitacao.imprimir([l])
                return
            }
            let (i, f): (Referencia, Referencia)
            switch NaoAceitacao.periodo(inicial: inicial, final: final, hoje: hoje.data) {
            case .failure(let m): throw ValidationError(m.description)
            case .success(let p): (i, f) = p
            }
            guard let grupo else { throw ValidationError("Informe Grupo de Cobrança.") }
            guard let acao else { throw ValidationError("Informe Ação de Cobrança.") }
            let g = try NumeroDigitado.inteiro(grupo, campo: "Grupo de Cobrança"), a = try NumeroDigitado.inteiro(acao, campo: "Ação de Cobrança")
            let linhas = try OperationsSupport.comBanco("gsan os nao-aceitacao listar", recusas: ErroEncerramento.self) {
                try NaoAceitacaoOS.listar(grupo: g, acao: a, de: i, ate: f, db: $0)
            }
            OSNaoAceitacao.imprimir(linhas)
            print("\(linhas.count) ordens de serviço encerradas com motivo de não execução, \(linhas.filter { $0.naoAceita != nil }.count) não aceitas.")
        }
    }

    struct Informar: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "informar", abstract: "Informa que o encerramento de uma OS não foi aceito (descontada uma vez no próximo boletim).")
        @Option(help: "A ordem de serviço.") var os: String?
        @Option(help: "Motivo de não aceitação (código).") var motivo: String?
        @Option(help: "Observação (até 200 caracteres).") var observacao: String?
        @Option(help: "A ação de cobrança selecionada (confere a OS).") var acao: String?
        @Option(help: "Login do usuário que informa.") var usuario: String?

        func validate() throws { try Argumento.tamanho(observacao, "--observacao", maximo: NaoAceitacao.observacaoMaxima) }

        func run() throws {
            guard let os else { throw ValidationError("Informe Ordem de Serviço.") }
            let id = try NumeroDigitado.ordem(os)
            guard let motivo else { throw ValidationError("Informe Motivo de Não Aceitação.") }
            let m = try NumeroDigitado.inteiro(motivo, campo: "Motivo de Não Aceitação")
            let usuario = try NumeroDigitado.login(self.usuario)
            let a = try acao.map { try NumeroDigitado.inteiro($0, campo: "Ação de Cobrança") }
            let l = try OperationsSupport.comBanco("gsan os nao-aceitacao informar", recusas: ErroEncerramento.self) {
                try NaoAceitacaoOS.informar(id, motivo: m, observacao: observacao, acao: a, usuario: usuario, db: $0)
            }
            print("Não aceitação do encerramento da Ordem de Serviço \(l.ordem) informada (\(l.naoAceita ?? "-")): descontada no próximo boletim.")
        }
    }
}
