import ArgumentParser
import Contratos
import EncerramentoOS
import EncerramentoRegras
import Foundation
import GSANModel
import GSANSupport
import Postgres

/// `gsan os`: the service orders of the collection actions (seed 002 §2.4; docs/encerramento.md).
/// The rules are EncerramentoRegras'; this file reads flags and prints outcomes.
struct OSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "os",
        abstract: "Ordens de serviço das ações de cobrança: encerrar, mostrar, listar, recebimento dos documentos.",
        subcommands: [OSEncerrar.self, OSMostrar.self, OSListar.self, OSRecebimento.self, OSRetorno.self, OSEncerrarVisitas.self,
                      OSFiscalizacao.self, OSNaoAceitacao.self, OSSeletivaCommand.self])
}

/// The EMITIR an option names: `--comando CAAC`, or `--grupo G --referencia MM/AAAA --acao A`.
struct OpcoesDoComando: ParsableArguments {
    @Option(help: "A atividade do cronograma (caac_id).") var comando: String?
    @Option(help: "Ou: o grupo de cobrança…") var grupo: String?
    @Option(help: "…o mês/ano do ciclo, MM/AAAA…") var referencia: String?
    @Option(help: "…e a ação (id): a sua EMITIR.") var acao: String?

    func caac(_ db: PostgresConnection) throws -> Int {
        if let comando { return try NumeroDigitado.inteiro(comando, campo: "Comando") }
        guard let grupo, let referencia, let acao else { throw ErroEncerramento.recusa("Informe Comando (ou --grupo, --referencia e --acao).") }
        let g = try NumeroDigitado.inteiro(grupo, campo: "Grupo"), a = try NumeroDigitado.inteiro(acao, campo: "Ação")
        guard let ref = Referencia(mesAno: referencia) else { throw ErroEncerramento.recusa("\(Referencia.mensagemInvalida): \(referencia) (use MM/AAAA).") }
        return try AcaoCiclo.emitir(grupo: g, referencia: ref.amReferencia, acao: a, db: db)
    }

    func validate() throws {
        if comando == nil && (grupo == nil || referencia == nil || acao == nil) {
            throw ValidationError("Informe Comando (ou --grupo, --referencia e --acao).")
        }
        // The ranges and the month, before the database is opened.
        if let comando { _ = try NumeroDigitado.inteiro(comando, campo: "Comando") }
        if let grupo { _ = try NumeroDigitado.inteiro(grupo, campo: "Grupo") }
        if let acao { _ = try NumeroDigitado.inteiro(acao, campo: "Ação") }
        if let referencia, Referencia(mesAno: referencia) == nil {
            throw ValidationError("\(Referencia.mensagemInvalida): \(referencia) (use MM/AAAA).")
        }
    }
}

/// Numbers typed by a person, with the message in Portuguese (never the parser's).
enum NumeroDigitado {
    static func ordem(_ texto: String) throws -> Int64 {
        guard !texto.isEmpty, texto.count <= 19, texto.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int64(texto), n > 0 else {
            throw ValidationError("Número da Ordem de Serviço inválido: \(texto) (um inteiro de 1 a \(Int64.max)).")
        }
        return n
    }

    /// An id or a count of an integer column: by default 1…2147483647 (ids are positive); the range
    /// is in the refusal, which comes before anything is read or written.
    static func inteiro(_ texto: String, campo: String, faixa: ClosedRange<Int> = Argumento.idInteiro) throws -> Int {
        guard !texto.isEmpty, texto.count <= 10, texto.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(texto), faixa.contains(n) else {
            throw ValidationError("\(campo) inválido: \(texto) (um inteiro de \(faixa.lowerBound) a \(faixa.upperBound)).")
        }
        return n
    }

    /// A login (`usur_nmlogin varchar(20)`), not blank.
    static func login(_ texto: String?) throws -> String {
        guard let texto, !texto.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("Informe Usuário.") }
        try Argumento.tamanho(texto, "--usuario", maximo: 20)
        return texto
    }

    static func data(_ texto: String?, campo: String) throws -> CivilDate {
        guard let texto else { throw ValidationError("Informe \(campo).") }
        guard let data = CivilDate(brazilian: texto) else { throw ValidationError("\(campo) inválida: \(texto) (use DD/MM/AAAA).") }
        return data
    }
}

struct OSEncerrar: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encerrar",
        abstract: "Encerra uma ordem de serviço pendente ou em execução (seed 002 §2.4).",
        discussion: """
            O motivo deve estar associado à ação de cobrança da OS. Serviços com pavimento (corte, religação, supressão, \
            restabelecimento, nova ligação; svtp_icpavimento = 1) executados exigem --pavimento e, com pavimento, a área \
            reposta. Encerrar executada uma ordem de corte deixa a ligação de água CORTADO na data.
            """)

    @Argument(help: "Número da ordem de serviço.") var numero: String
    @Option(help: "Motivo de encerramento (ex.: 2 conclusão do serviço, 4 desistência do usuário).") var motivo: String?
    @Option(help: "Data do encerramento, DD/MM/AAAA.") var data: String?
    @Option(help: "Hora do encerramento, HH:MM (padrão 00:00).") var hora: String?
    @Option(help: "Parecer (até 400 caracteres).") var parecer: String?
    @Option(help: "com ou sem pavimento.") var pavimento: String?
    @Option(help: "Área de asfalto reposta, m².") var asfalto: String?
    @Option(help: "Área de paralelepípedo reposta, m².") var paralelepipedo: String?
    @Option(help: "Área de calçada reposta, m².") var calcada: String?
    @Option(help: "Agente de campo que executou.") var agente: String?
    @OptionGroup var hoje: OpcoesDeHoje

    func validate() throws {
        try Argumento.tamanho(parecer, "--parecer", maximo: EncerramentoManual.parecerMaximo)
        try Argumento.tamanho(agente, "--agente", maximo: EncerramentoManual.agenteMaximo)
    }

    func run() throws {
        let ordem = try NumeroDigitado.ordem(numero)
        guard let motivo else { throw ValidationError("Informe Motivo de Encerramento.") }
        var pedido = EncerramentoManual.Pedido(
            ordem: ordem, motivo: try NumeroDigitado.inteiro(motivo, campo: "Motivo de Encerramento"),
            data: try NumeroDigitado.data(data, campo: "Data de Encerramento"), parecer: parecer, agente: agente)
        if let hora {
            guard let minutos = EncerramentoManual.hora(hora) else { throw ValidationError("Hora de Encerramento inválida: \(hora) (use HH:MM).") }
            pedido.minutos = minutos
        }
        pedido.pavimento = try lerPavimento()
        try OperationsSupport.comBanco("gsan os encerrar", recusas: ErroEncerramento.self) { db in
            try EncerramentoInformado.encerrar(pedido, hoje: hoje.data, db: db)
        }
        print("Ordem de Serviço \(ordem) encerrada (motivo \(pedido.motivo), \(pedido.data)).")
    }

    private func lerPavimento() throws -> EncerramentoManual.Pavimento? {
        func area(_ texto: String?, _ nome: String) throws -> Int {
            guard let texto else { return 0 }
            guard let valor = EncerramentoManual.area(texto) else {
                throw ValidationError("Área de \(nome) inválida: \(texto) (m², até duas casas decimais).")
            }
            return valor
        }
        let areas = (try area(asfalto, "asfalto"), try area(paralelepipedo, "paralelepípedo"), try area(calcada, "calçada"))
        let informouArea = asfalto != nil || paralelepipedo != nil || calcada != nil
        let com: Bool
        switch pavimento?.lowercased() {
        case nil:
            guard informouArea else { return nil }
            com = true
        case "com": com = true
        case "sem": com = false
        case let outro?: throw ValidationError("Pavimento inválido: \(outro) (com ou sem).")
        }
        return .init(comPavimento: com, asfalto: areas.0, paralelepipedo: areas.1, calcada: areas.2)
    }
}

struct OSMostrar: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "mostrar", abstract: "Uma ordem de serviço, com a letra da sua situação.")

    @Argument(help: "Número da ordem de serviço.") var numero: String

    func run() throws {
        let id = try NumeroDigitado.ordem(numero)
        let o = try OperationsSupport.comBanco("gsan os mostrar", recusas: ErroEncerramento.self) { try ConsultaOrdens.mostrar(id, db: $0) }
        let linhas: [(String, String?)] = [
            ("Ordem de Serviço", "\(o.id)"), ("Situação", "\(o.letra) (\(EncerramentoManual.descricao(situacao: o.situacao)))"),
            ("Tipo de Serviço", o.servico), ("Imóvel", o.imovel.map(String.init)),
            ("Documento de Cobrança", o.documento.map(String.init)), ("OS de Referência", o.referencia.map(String.init)),
            ("Emissão", o.emissao.description), ("Prazo", o.prazo?.description), ("Motivo de Encerramento", o.motivo),
            ("Encerramento", o.encerramento), ("Parecer", o.parecer), ("Unidade de Encerramento", o.unidade),
            ("Agente", o.agente), ("Informado por", o.origem), ("Pavimento", o.pavimento),
        ]
        for (rotulo, valor) in linhas {
            guard let valor else { continue }
            print(rotulo.padding(toLength: 24, withPad: " ", startingAt: 0) + valor)
        }
    }
}

struct OSListar: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "listar", abstract: "As ordens de serviço da EMITIR de uma ação (o comando é qualquer atividade da ação no ciclo).")

    @OptionGroup var alvo: OpcoesDoComando
    @Option(help: "Só as desta situação: P, E, A ou L.") var situacao: String?

    func run() throws {
        var codigo: Int?
        if let situacao {
            guard let c = (1...4).first(where: { EncerramentoManual.letra(situacao: $0) == situacao.uppercased() }) else {
                throw ValidationError("Situação inválida: \(situacao) (P, E, A ou L).")
            }
            codigo = c
        }
        let ordens = try OperationsSupport.comBanco("gsan os listar", recusas: ErroEncerramento.self) {
            try ConsultaOrdens.listar(comando: try alvo.caac($0), situacao: codigo, db: $0)
        }
        guard !ordens.isEmpty else {
            print("Nenhuma Ordem de Serviço selecionada para o filtro encontrado.")
            return
        }
        print("OS          S  imóvel     documento     emissão     prazo       motivo                              encerramento")
        for o in ordens {
            print(
                String(o.id).padding(toLength: 12, withPad: " ", startingAt: 0) + o.letra + "  "
                    + (o.imovel.map(String.init) ?? "-").padding(toLength: 11, withPad: " ", startingAt: 0)
                    + (o.documento.map(String.init) ?? "-").padding(toLength: 14, withPad: " ", startingAt: 0)
                    + o.emissao.description + "  " + (o.prazo?.description ?? "-").padding(toLength: 12, withPad: " ", startingAt: 0)
                    + (o.motivo ?? "-").padding(toLength: 36, withPad: " ", startingAt: 0) + (o.encerramento ?? "-"))
        }
        let porSituacao = Dictionary(grouping: ordens, by: \.letra).mapValues(\.count)
        print("\(ordens.count) ordens: " + porSituacao.keys.sorted().map { "\($0) \(porSituacao[$0] ?? 0)" }.joined(separator: ", "))
    }
}

struct OSRecebimento: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recebimento",
        abstract: "Registra quando a contratada recebeu os documentos de uma EMITIR (início do D + N do decurso de prazo).",
        discussion: "Enquanto não é registrado, o prazo das OS conta da data de emissão.")

    @OptionGroup var alvo: OpcoesDoComando
    @Option(help: "Data do recebimento, DD/MM/AAAA.") var data: String?
    @OptionGroup var hoje: OpcoesDeHoje

    func run() throws {
        let dia = try NumeroDigitado.data(data, campo: "Data de Recebimento")
        let (ciclo, anterior) = try OperationsSupport.comBanco("gsan os recebimento", recusas: ErroEncerramento.self) {
            try ConsultaOrdens.registrarRecebimento(comando: try alvo.caac($0), data: dia, hoje: hoje.data, db: $0)
        }
        print("Recebimento dos documentos de \(ciclo.nome) pela contratada: \(dia)"
              + (anterior.map { " (antes \($0))" } ?? "") + ". O prazo das OS conta a partir desta data.")
    }
}

struct OSRetorno: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retorno",
        abstract: "Importa o arquivo de retorno da contratada (uma OS por linha; leiaute em docs/encerramento.md).",
        discussion: """
            O arquivo inteiro é validado antes: cada linha ruim sai com o número e o motivo, e com qualquer linha ruim \
            nada é gravado, a não ser com --parcial (grava as boas e escreve as rejeitadas, com o motivo, em \
            ARQUIVO.rejeitadas). O mesmo arquivo importado de novo não muda nada. Arquivos com mais de 1.000 OS são \
            encerrados pelo gsan-encerramento em partes; o comando mostra o progresso.
            """)

    @Option(help: "O arquivo de retorno.") var arquivo: String?
    @Option(help: "O contrato da contratada (cese_id): OS de outro contrato são rejeitadas.") var contrato: String?
    @Flag(help: "Grava as linhas boas mesmo havendo linhas ruins.") var parcial = false
    @Option(help: "Segundos esperando as partes de um arquivo grande (0: não espera).") var aguardar = 600
    func validate() throws { try Argumento.faixa(aguardar, "--aguardar", 0...86_400) }
    @OptionGroup var hoje: OpcoesDeHoje

    func run() throws {
        guard let arquivo else { throw ValidationError("Informe Arquivo.") }
        guard let contrato else { throw ValidationError("Informe Contrato.") }
        let cese = try NumeroDigitado.inteiro(contrato, campo: "Contrato")
        let url = URL(fileURLWithPath: arquivo)
        let conteudo: Data
        do {
            conteudo = try Data(contentsOf: url)
        } catch {
            throw ValidationError("Arquivo \(arquivo) não pode ser lido.")
        }
        let resultado = try OperationsSupport.comBanco("gsan os retorno", recusas: ErroEncerramento.self) { db in
            try ImportacaoRetorno.importar(
                nome: url.lastPathComponent, conteudo: conteudo, contrato: cese, parcial: parcial, hoje: hoje.data, db: db)
        }
        switch resultado {
        case .jaImportado(let retorno, let em, let encerradas):
            print("Arquivo já importado em \(em) (retorno \(retorno), \(encerradas) OS encerradas): nada a fazer.")
        case .recusado(let linhas, let rejeitadas):
            for r in rejeitadas { OperationsSupport.printError("linha \(r.linha): \(r.motivo)") }
            OperationsSupport.printError(
                "Arquivo recusado: \(rejeitadas.count) de \(linhas) linhas com erro; nada foi gravado (use --parcial para gravar as boas).")
            throw ExitCode.failure
        case .importado(let retorno, let linhas, let encerradas, let jaEncerradas, let rejeitadas, let job):
            for r in rejeitadas { OperationsSupport.printError("linha \(r.linha): \(r.motivo)") }
            if !rejeitadas.isEmpty { try escreverRejeitadas(rejeitadas, ao: url) }
            if let job {
                print("Retorno \(retorno): \(linhas) linhas, \(rejeitadas.count) rejeitadas; encerramento em partes pelo job \(job).")
                try acompanhar(retorno)
            } else {
                print("Retorno \(retorno): \(linhas) linhas, \(encerradas) OS encerradas, \(jaEncerradas) já encerradas antes por retorno, "
                      + "\(rejeitadas.count) rejeitadas.")
            }
        }
    }

    /// Beside the input, readable by its owner only (people's data).
    private func escreverRejeitadas(_ rejeitadas: [ArquivoRetorno.Rejeicao], ao url: URL) throws {
        let destino = url.appendingPathExtension("rejeitadas")
        var texto = ArquivoRetorno.cabecalho.joined(separator: ";") + ";linha;motivo_rejeicao\n"
        for r in rejeitadas { texto += r.texto + ";\(r.linha);" + ArquivoRetorno.campo(r.motivo) + "\n" }
        guard FileManager.default.createFile(atPath: destino.path, contents: Data(texto.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw ValidationError("Não foi possível escrever \(destino.path).")
        }
        print("Linhas rejeitadas, com o motivo, em \(destino.path)")
    }

    private func acompanhar(_ retorno: Int64) throws {
        guard aguardar > 0 else { return }
        let limite = Date().addingTimeInterval(Double(aguardar))
        var progresso = Progresso()
        while Date() < limite {
            let (processadas, aceitas, encerradas) = try OperationsSupport.comBanco("gsan os retorno", recusas: ErroEncerramento.self) {
                try ImportacaoRetorno.progresso(retorno, db: $0)
            }
            if let linha = progresso.seMudou(processadas, de: aceitas, "linhas processadas") {
                print("  " + linha + "; \(encerradas) OS encerradas")
            }
            if processadas >= aceitas { return }
            Thread.sleep(forTimeInterval: 1)
        }
        print("O encerramento continua no gsan-encerramento (acompanhe com gsan jobs).")
    }
}

struct OSEncerrarVisitas: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encerrar-visitas",
        abstract: "Encerra em lote as ordens de visita de cobrança pendentes de um grupo e ciclo (seed 002 §2.5.2.2).",
        discussion: """
            Sem --confirmar mostra quantas serão encerradas; com --confirmar enfileira o processo batch \
            (gsan-encerramento), que as encerra com o motivo 2 CONCLUSÃO DO SERVIÇO.
            """)

    @Option(help: "Grupo de cobrança.") var grupo: String?
    @Option(help: "Ciclo de cobrança, MM/AAAA.") var ciclo: String?
    @Flag(help: "Confirma o encerramento.") var confirmar = false
    @OptionGroup var hoje: OpcoesDeHoje

    func run() throws {
        guard let grupo else { throw ValidationError("Informe Grupo.") }
        guard let ciclo else { throw ValidationError("Informe Ciclo de Cobrança.") }
        let g = try NumeroDigitado.inteiro(grupo, campo: "Grupo")
        guard let ref = Referencia(mesAno: ciclo) else { throw ValidationError("\(Referencia.mensagemInvalida): \(ciclo) (use MM/AAAA).") }
        let pedido = PedidoVisitas(grupo: g, referencia: ref.amReferencia, data: hoje.data)
        let (quantidade, enfileirado) = try OperationsSupport.comBanco("gsan os encerrar-visitas", recusas: ErroEncerramento.self) { db in
            try db.withTransaction { db -> (Int, Bool?) in
                let n = try EncerramentoVisitas.contar(grupo: g, referencia: ref.amReferencia, db: db)
                guard n > 0, confirmar else { return (n, nil) }
                return (n, try EncerramentoVisitas.enfileirar(pedido, db: db))
            }
        }
        guard quantidade > 0 else {
            OperationsSupport.printError("Nenhuma Ordem de Serviço selecionada para o filtro encontrado.")
            throw ExitCode.failure
        }
        switch enfileirado {
        case nil:
            print("\(quantidade) Ordens de Serviço de visita de cobrança pendentes no grupo \(g), ciclo \(ref), serão encerradas. "
                  + "Para confirmar: --confirmar.")
        case true?:
            print("\(quantidade) Ordens de Serviço de visita de cobrança: processo batch enfileirado (job \(EncerramentoJobs.idVisitas(pedido))).")
        case false?:
            print("O encerramento das visitas do grupo \(g), ciclo \(ref), em \(hoje.data) já foi enfileirado (job \(EncerramentoJobs.idVisitas(pedido))).")
        }
    }
}
