import ArgumentParser
import Contratos
import Foundation
import GSANCobranca
import GSANModel
import GSANSupport
import JobRuntime
import Logging
import ParcelamentoJudicial
import ParcelamentoJudicialRegras
import Postgres

/// `gsan parcelamento-judicial`: judicial installment agreements (seed 001;
/// docs/parcelamento-judicial.md). The rules are ParcelamentoJudicialRegras'; the reading and
/// writing, Core/ParcelamentoJudicial's; this file reads flags and prints.
struct ParcelamentoJudicialCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parcelamento-judicial",
        abstract: "Parcelamento judicial: simular, efetuar, consultar, cancelar, guias (PDF), lote da perda do desconto.",
        subcommands: [
            PJCandidatos.self, PJSimular.self, PJEfetuar.self, PJConsultar.self, PJCancelar.self, PJGuias.self, PJPerdaDesconto.self,
        ])
}

/// The selection, the negociação and the plan, as flags.
struct OpcoesPedido: ParsableArguments {
    @Option(name: .customLong("imovel"), help: "Matrícula do imóvel (repita para vários).") var imoveis: [Int] = []
    @Option(help: "Cliente usuário: as contas dos imóveis de que era usuário no vencimento.") var cliente: Int?
    @Option(name: .customLong("imovel-responsavel"), help: "Com vários imóveis: o responsável pelo parcelamento.") var responsavel: Int?
    @Option(name: .customLong("referencia-inicial"), help: "Primeira referência das contas, MM/AAAA.") var referenciaInicial: String?
    @Option(name: .customLong("referencia-final"), help: "Última referência das contas, MM/AAAA.") var referenciaFinal: String?
    @Option(name: .customLong("valor-acordo"), help: "Valor do acordo, ex.: 1.234,56.") var valorAcordo: String?
    @Option(help: "Número do processo judicial, NNNNNNN-DD.AAAA.J.TR.OOOO.") var processo: String?
    @Option(help: "Custas: valor (150,00) ou percentual do acordo (10%).") var custas: String?
    @Option(help: "Honorários: valor (150,00) ou percentual do acordo (10%).") var honorarios: String?
    @Flag(name: .customLong("custas-no-plano"), help: "As custas entram nas parcelas (sem isso, guia própria).") var custasNoPlano = false
    @Flag(name: .customLong("honorarios-no-plano"), help: "Os honorários entram nas parcelas (sem isso, guia própria).")
    var honorariosNoPlano = false
    @Option(name: .customLong("data-acordo"), help: "Data do acordo, DD/MM/AAAA (padrão: hoje).") var dataAcordo: String?
    @Option(help: "Advogado (código de cliente da companhia), opcional.") var advogado: Int?
    @Option(help: "Número da OAB do advogado (obrigatório com --advogado).") var oab: String?
    @Option(name: .customLong("cliente-responsavel"), help: "Cliente responsável pelo pagamento.") var clienteResponsavel: Int?
    @Option(help: "Observação livre (até 400 caracteres).") var observacao: String?
    @Option(help: "PDF do acordo judicial (até 5 MB).") var anexo: String?
    @Option(help: "Quantidade de parcelas.") var parcelas: Int = 1
    @Option(name: .customLong("primeiro-vencimento"), help: "Vencimento da primeira parcela, DD/MM/AAAA.") var primeiroVencimento: String?
    @Option(name: .customLong("dias-entre-parcelas"), help: "Dias entre os vencimentos das parcelas.") var dias: Int = 30
    @Option(help: "Taxa de juros da decisão judicial, % ao mês (ex.: 1,5); sem ela, sem juros.") var juros: String?
    @Option(name: .customLong("valor-parcela"), help: "Valor de cada parcela (repita, na ordem; a soma é o acordo).") var valoresParcelas: [String] = []
    @Flag(name: .customLong("perde-desconto"), help: "Parcela em atraso faz o cliente perder o desconto (lote diário).") var perdeDesconto = false
    @Option(help: "Valor da entrada (guia de débito tipo 118, vence na data do acordo); as parcelas dividem o resto do acordo.") var entrada: String?
    @OptionGroup var hoje: OpcoesDeHoje

    /// Every argument before the database is opened (issue 15): ids within their integer
    /// columns, texts within theirs, months and dates that exist, the process number's check
    /// digits, and every rule of the negociação and the plan that does not need the débito —
    /// each refusal in Portuguese, the rule's own sentence.
    func validate() throws {
        try Argumento.faixa(imoveis, "--imovel", Argumento.idInteiro)
        try Argumento.id(cliente, "--cliente")
        try Argumento.id(responsavel, "--imovel-responsavel")
        try Argumento.id(advogado, "--advogado")
        try Argumento.id(clienteResponsavel, "--cliente-responsavel")
        let p = try pedido()
        var n = p.negociacao
        if let taxa = p.taxaJuros, taxa != 0 { n.juros = .simples(taxa: taxa) }  // the rate's range; Price or not is the database's
        do {
            try p.filtro.validar()
            try n.validarCampos()
        } catch {
            throw ValidationError(error.description)
        }
    }

    func pedido() throws -> PedidoParcelamento {
        func referencia(_ texto: String?, _ opcao: String) throws -> Int? {
            guard let texto else { return nil }
            guard let r = Referencia(mesAno: texto) else { throw ValidationError("--\(opcao): \(Referencia.mensagemInvalida): \(texto) (use MM/AAAA).") }
            return r.amReferencia
        }
        func data(_ texto: String?, _ opcao: String) throws -> CivilDate? {
            guard let texto else { return nil }
            guard let d = CivilDate(brazilian: texto) else { throw ValidationError("--\(opcao) inválida: \(texto) (use DD/MM/AAAA).") }
            return d
        }
        func valor(_ texto: String, _ opcao: String) throws -> Centavos {
            guard let v = Centavos(brasileiro: texto.trimmingSpaces) else { throw ValidationError("--\(opcao) inválido: \(texto) (use 1.234,56).") }
            return v
        }
        func custo(_ texto: String?, _ opcao: String) throws -> CustoInformado? {
            guard let texto else { return nil }
            if texto.contains("%") {
                guard let p = centesimosDePercentual(texto) else { throw ValidationError("--\(opcao) inválido: \(texto) (use 10% ou 10,5%).") }
                return .percentual(p)
            }
            return .valor(try valor(texto, opcao))
        }
        var anexoBytes: [UInt8]?
        if let anexo {
            guard let atributos = try? FileManager.default.attributesOfItem(atPath: anexo), let tamanho = atributos[.size] as? Int else {
                throw ValidationError("--anexo: arquivo \(anexo) não encontrado ou ilegível.")
            }
            guard tamanho <= Negociacao.maximoAnexo else {
                throw ValidationError("--anexo: o arquivo tem \(tamanho) bytes; o limite é \(Negociacao.maximoAnexo) (5 MB).")
            }
            guard let dados = FileManager.default.contents(atPath: anexo) else { throw ValidationError("--anexo: arquivo \(anexo) ilegível.") }
            anexoBytes = [UInt8](dados)
        }
        var taxa: Int?
        if let juros {
            guard let t = centesimosDePercentual(juros) else { throw ValidationError("--juros inválido: \(juros) (use 1,5 para 1,5 % a.m.).") }
            taxa = t
        }
        let filtro = FiltroSelecao(
            imoveis: imoveis, cliente: cliente, imovelResponsavel: responsavel,
            referenciaInicial: try referencia(referenciaInicial, "referencia-inicial"),
            referenciaFinal: try referencia(referenciaFinal, "referencia-final"))
        let negociacao = Negociacao(
            valorAcordo: try valorAcordo.map { try valor($0, "valor-acordo") }, processo: processo,
            custas: try custo(custas, "custas"), honorarios: try custo(honorarios, "honorarios"),
            dataAcordo: try data(dataAcordo, "data-acordo") ?? hoje.data, advogado: advogado, oab: oab,
            clienteResponsavel: clienteResponsavel, observacao: observacao, anexo: anexoBytes, prestacoes: parcelas,
            custasNoPlano: custasNoPlano, honorariosNoPlano: honorariosNoPlano,
            primeiroVencimento: try data(primeiroVencimento, "primeiro-vencimento"), diasEntreParcelas: dias,
            valoresParcelas: valoresParcelas.isEmpty ? nil : try valoresParcelas.map { try valor($0, "valor-parcela") },
            perdeDesconto: perdeDesconto, entrada: try entrada.map { try valor($0, "entrada") })
        return PedidoParcelamento(filtro: filtro, negociacao: negociacao, taxaJuros: taxa)
    }
}

enum SaidaParcelamento {
    static func imprimir(_ s: Simulacao) {
        let a = s.acordo
        let n = a.negociacao
        let col = OperationsSupport.aDireita
        print("Contas selecionadas (\(s.debito.itens.count)):")
        print("  imóvel     ref.  vencimento  dias atraso          valor        multa        juros  atualização     acréscimos          total")
        for item in s.debito.itens {
            let c = item.conta
            print("  " + col(String(c.imovel), 8) + "  " + Referencia.mesAno(c.referencia) + "  " + c.vencimento.description
                + col(String(max(0, n.dataAcordo - c.vencimento)), 13) + col(c.valor.description, 15) + col(item.multa.description, 13)
                + col(item.juros.description, 13) + col(item.atualizacao.description, 13) + col(item.acrescimos.description, 15)
                + col(item.total.description, 15))
        }
        let p = s.parametrosAcrescimos
        print("Acréscimos por impontualidade em \(n.dataAcordo): multa \(s.debito.multa), juros \(s.debito.juros), atualização \(s.debito.atualizacao)"
            + " (multa de \(textoPercentual(p.multa)); juros de mora de \(textoPercentual(p.jurosMensais)) a.m. e atualização de"
            + " \(textoPercentual(p.atualizacaoMensal)) a.m. pro rata die, mês de 30 dias; cada um arredondado ao centavo, metade para o par)")
        if !s.recusadas.isEmpty {
            print("Contas que não entram (\(s.recusadas.count)):")
            for (c, motivo) in s.recusadas {
                print("  " + OperationsSupport.aDireita(String(c.imovel), 8) + "  " + Referencia.mesAno(c.referencia) + "  " + motivo)
            }
        }
        print("Débito por imóvel:")
        for imovel in s.debito.imoveis {
            let d = s.debito.porImovel(imovel)
            print("  " + OperationsSupport.aDireita(String(imovel), 8) + (imovel == s.imovelPrincipal ? " (responsável)" : "              ")
                + "  \(d.quantidade) conta(s)  contas \(d.contas)  acréscimos \(d.acrescimos)  total \(d.contas + d.acrescimos)")
        }
        print("Débito total: \(s.debito.total) (contas \(s.debito.contas) + acréscimos \(s.debito.acrescimos) em \(n.dataAcordo))")
        print("Processo: \(a.processo)   data do acordo: \(n.dataAcordo)   responsável: \(n.clienteResponsavel ?? 0) \(s.nomeResponsavel)")
        if let advogado = n.advogado { print("Advogado: \(advogado) \(s.nomeAdvogado ?? "")   OAB: \(n.oab?.trimmingSpaces ?? "")") }
        print("Valor do acordo: \(a.valorAcordo)   desconto: \(a.desconto.valor) (\(textoPercentual(a.desconto.percentual)))")
        print("Custas: \(a.custas.valor) (\(textoPercentual(a.custas.percentual)))" + (n.custasNoPlano ? " nas parcelas" : " em guia própria")
            + "   honorários: \(a.honorarios.valor) (\(textoPercentual(a.honorarios.percentual)))"
            + (n.honorariosNoPlano ? " nas parcelas" : " em guia própria"))
        let juros: String =
            switch n.juros {
            case .sem: "sem juros"
            case .price(let t): "juros de \(textoPercentual(t)) a.m., tabela Price"
            case .simples(let t): "juros simples de \(textoPercentual(t)) a.m. sobre o acordo"
            }
        print("Plano: \(n.prestacoes) parcela(s), \(juros), a cada \(n.diasEntreParcelas) dia(s)"
            + (n.perdeDesconto ? "; parcela em atraso perde o desconto" : ""))
        if let e = a.plano.entrada {
            print("Entrada (guia tipo 118): \(e.valor), vencimento \(e.vencimento), desconto \(e.desconto)")
        }
        print("  parcela  vencimento       principal        juros       custas   honorários        valor     desconto")
        for p in a.plano.parcelas {
            print("  " + OperationsSupport.aDireita("\(p.numero)/\(n.prestacoes)", 7) + "  " + p.vencimento.description + OperationsSupport.aDireita(p.principal.description, 16)
                + OperationsSupport.aDireita(p.juros.description, 13) + OperationsSupport.aDireita(p.custas.description, 13) + OperationsSupport.aDireita(p.honorarios.description, 13)
                + OperationsSupport.aDireita(p.valor.description, 13) + OperationsSupport.aDireita(p.desconto.description, 13))
        }
        for g in a.plano.guiasAvulsas {
            print("  guia de \(g.tipo == .custas ? "custas" : "honorários") (tipo \(g.tipo.rawValue)): \(g.valor), vencimento \(g.vencimento)")
        }
        print("Total parcelado: \(a.plano.valorParcelado) (juros \(a.plano.juros))")
    }
}

struct PJSimular: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simular", abstract: "Mostra as contas, o débito, o desconto, as custas, os honorários e as parcelas; não grava nada.")
    @OptionGroup var opcoes: OpcoesPedido

    func run() throws {
        let pedido = try opcoes.pedido()
        let s = try OperationsSupport.comBanco("gsan parcelamento-judicial simular", recusas: ErroParcelamentoJudicial.self) { db in
            try db.withTransaction(readOnly: true) { try SimulacaoParcelamento.simular(pedido, db: $0) }
        }
        SaidaParcelamento.imprimir(s)
        print("Simulação: nada foi gravado. Para efetuar: gsan parcelamento-judicial efetuar com as mesmas opções.")
    }
}

struct PJEfetuar: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "efetuar",
        abstract: "Grava o acordo, as contas parceladas e as guias numa transação; o mesmo pedido de novo é o mesmo acordo.")
    @OptionGroup var opcoes: OpcoesPedido

    func run() throws {
        let pedido = try opcoes.pedido()
        let (resultado, simulacao) = try OperationsSupport.comBanco("gsan parcelamento-judicial efetuar", recusas: ErroParcelamentoJudicial.self) { db in
            try EfetuarParcelamento.efetuar(pedido, db: db)
        }
        if let simulacao { SaidaParcelamento.imprimir(simulacao) }
        print(resultado.novo
            ? "Parcelamento judicial \(resultado.parcelamento) efetuado."
            : "Este pedido já foi efetuado: parcelamento judicial \(resultado.parcelamento) (nada gravado de novo).")
        print("Guias em PDF: gsan parcelamento-judicial guias --parcelamento \(resultado.parcelamento)")
    }
}

struct PJConsultar: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "consultar", abstract: "Um acordo, seus imóveis e suas guias (pagas, em aberto, em atraso).")
    @Option(help: "Número do parcelamento judicial.") var parcelamento: Int
    @OptionGroup var hoje: OpcoesDeHoje

    func validate() throws { try Argumento.id(parcelamento, "--parcelamento") }

    func run() throws {
        let c = try OperationsSupport.comBanco("gsan parcelamento-judicial consultar", recusas: ErroParcelamentoJudicial.self) { db in
            try db.withTransaction(readOnly: true) { try ConsultaParcelamento.carregar(parcelamento, db: $0) }
        }
        let dir = DiretorioGuias(environment: ProcessInfo.processInfo.environment)
        print("Parcelamento judicial \(c.id) — \(c.situacao)   processo \(c.processo)")
        print("Acordo em \(c.dataAcordo?.description ?? "-"), gravado em \(c.criacao)" + (c.cancelamento.map { ", cancelado em \($0)" } ?? ""))
        print("Responsável: \(c.responsavel)" + (c.advogado.map { "   advogado: \($0), OAB \(c.oab ?? "")" } ?? ""))
        print("Imóveis: " + c.imoveis.map { "\($0.imovel)\($0.principal ? " (responsável)" : "") \($0.contas) conta(s)" }.joined(separator: ", "))
        print("Débito \(c.contas + c.acrescimos) (contas \(c.contas) + acréscimos \(c.acrescimos))   acordo \(c.acordo)   desconto \(c.desconto) (\(c.pcDesconto) %)")
        print("Custas \(c.custas)   honorários \(c.honorarios)   \(c.prestacoes) parcela(s), juros \(c.taxaJuros) % a.m., total parcelado \(c.parcelado)"
            + (c.perdeDesconto ? "   parcela em atraso perde o desconto" : ""))
        if let observacao = c.observacao { print("Observação: \(observacao)") }
        if let bytes = c.anexoBytes { print("Anexo: PDF do acordo, \(bytes) bytes") }
        print("Guias:")
        print("        guia  tipo  descrição                       parcela   emissão     vencimento           valor  situação")
        for g in c.guias {
            print(OperationsSupport.aDireita(String(g.id), 12) + "  " + String(g.tipo) + "   "
                + g.descricao.padding(toLength: 30, withPad: " ", startingAt: 0) + "  " + OperationsSupport.aDireita("\(g.prestacao)/\(g.total)", 7)
                + "   " + g.emissao.description + "  " + g.vencimento.description + OperationsSupport.aDireita(g.valor.description, 16)
                + "  " + g.situacao(hoje: hoje.data))
        }
        let todas = dir.caminho(parcelamento: c.id)
        print("PDF das guias: \(todas.path)" + (FileManager.default.fileExists(atPath: todas.path)
            ? "" : " (ainda não gerado: gsan parcelamento-judicial guias --parcelamento \(c.id))"))
    }
}

struct PJCancelar: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancelar",
        abstract: "Desfaz um acordo sem guia paga: as contas voltam à situação anterior e as guias são canceladas.")
    @Option(help: "Número do parcelamento judicial.") var parcelamento: Int

    func validate() throws { try Argumento.id(parcelamento, "--parcelamento") }

    func run() throws {
        let r = try OperationsSupport.comBanco("gsan parcelamento-judicial cancelar", recusas: ErroParcelamentoJudicial.self) { db in
            try CancelarParcelamento.cancelar(parcelamento, db: db)
        }
        print("Parcelamento judicial \(parcelamento) cancelado: \(r.contas) conta(s) voltaram à situação anterior, \(r.guias) guia(s) canceladas.")
    }
}

struct PJGuias: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "guias", abstract: "Grava as guias de um acordo em PDF (todas, ou uma com --guia); os mesmos bytes a cada vez.")
    @Option(help: "Número do parcelamento judicial.") var parcelamento: Int
    @Option(help: "Só esta guia (gpag_id).") var guia: Int64?
    @Option(help: "Pasta de saída (padrão: GSAN_PARCELAMENTO_DIR ou $GSAN_HOME/parcelamento-judicial).") var saida: String?

    func validate() throws {
        try Argumento.id(parcelamento, "--parcelamento")
        if let guia, guia <= 0 { throw ValidationError("--guia \(guia) fora de 1…\(Int64.max)") }
        if let saida {
            try Argumento.textoImprimivel(saida, "--saida")
            try Argumento.tamanho(saida, "--saida", maximo: 4_096)
        }
    }

    func run() throws {
        let dir = saida.map { DiretorioGuias(raiz: URL(fileURLWithPath: $0, isDirectory: true)) }
            ?? DiretorioGuias(environment: ProcessInfo.processInfo.environment)
        let (caminho, paginas) = try OperationsSupport.comBanco("gsan parcelamento-judicial guias", recusas: ErroParcelamentoJudicial.self) { db in
            try db.withTransaction { try GuiasPDF.gerar(parcelamento: parcelamento, guia: guia, diretorio: dir, db: $0) }
        }
        print("\(caminho) (\(paginas) guia(s), uma por página)")
    }
}

struct PJPerdaDesconto: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "perda-desconto",
        abstract: "Enfileira o lote do dia da perda do desconto (o gsan-scheduler já o faz uma vez por dia).",
        discussion: "Id do job: parcelamento.perda-desconto:dia=AAAA-MM-DD (o mesmo dia de novo não enfileira nada). Roda no gsan-documentos.")
    @OptionGroup var hoje: OpcoesDeHoje

    func validate() throws {
        let dia = hoje.data
        guard DiaPerdaDesconto.anos.contains(dia.year) else {
            throw ValidationError("--hoje \(dia) fora de 01/01/\(DiaPerdaDesconto.anos.lowerBound)…31/12/\(DiaPerdaDesconto.anos.upperBound)")
        }
    }

    func run() throws {
        let dia = hoje.data
        let novo = try OperationsSupport.comBanco("gsan parcelamento-judicial perda-desconto", recusas: ErroParcelamentoJudicial.self) { db in
            try db.withTransaction { try PerdaDescontoDiaria.enfileirarDoDia(dia, db: $0) }
        }
        print(novo ? "job \(PerdaDescontoDiaria.jobID(dia)) enfileirado" : "job \(PerdaDescontoDiaria.jobID(dia)) já existia: nada enfileirado")
    }
}

struct PJCandidatos: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "candidatos",
        abstract: "Imóveis em cobrança judicial (os que o JusCompesa informou primeiro) com contas que podem entrar num acordo.")
    @Option(help: "Quantos listar.") var limite: Int = 20

    func validate() throws {
        guard (1...10_000).contains(limite) else { throw ValidationError("--limite deve estar entre 1 e 10000.") }
    }

    func run() throws {
        let lista = try OperationsSupport.comBanco("gsan parcelamento-judicial candidatos", recusas: ErroParcelamentoJudicial.self) { db in
            try db.withTransaction(readOnly: true) { try CandidatosParcelamento.listar(limite: limite, db: $0) }
        }
        guard !lista.isEmpty else {
            print("nenhum imóvel em cobrança judicial com contas a parcelar")
            return
        }
        print("  imóvel  usuário  processo                   contas           valor")
        for c in lista {
            print(OperationsSupport.aDireita(String(c.imovel), 8) + OperationsSupport.aDireita(c.cliente.map(String.init) ?? "-", 9) + "  "
                + (c.processo ?? "-").padding(toLength: 25, withPad: " ", startingAt: 0) + OperationsSupport.aDireita(String(c.contas), 7)
                + OperationsSupport.aDireita(c.valor.description, 16))
        }
    }
}
