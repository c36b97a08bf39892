import ArgumentParser
import Foundation
import GSANDatabase
import GSANModel
import GSANSupport
import JobRuntime
import Medicao
import MedicaoRegras
import Postgres

/// `gsan bm`: the Boletim de Medição de Cobrança (seed 002 §2.6; docs/medicao.md).
struct BoletimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bm", abstract: "Boletim de Medição de Cobrança: gerar, mostrar, boletim de contrato (seed 002 §2.6).",
        subcommands: [BMGerar.self, BMMostrar.self, BMRelatorio.self, BMContrato.self])
}

/// `--referencia MM/AAAA (--grupo G | --empresa E --contrato C)`.
struct OpcoesBoletim: ParsableArguments {
    @Option(help: "Mês/Ano do grupo de cobrança, MM/AAAA.") var referencia: String?
    @Option(help: "Grupo de cobrança.") var grupo: String?
    @Option(help: "Ou: a empresa…") var empresa: String?
    @Option(help: "…e o contrato de cobrança.") var contrato: String?

    func ler() throws -> (PedidoBoletim.Alvo, Referencia) {
        guard let referencia, !referencia.isEmpty else { throw Campo.informe("Mês/Ano do Grupo de Cobrança") }
        guard let ref = Referencia(mesAno: referencia) else { throw CampoRecusado("Mês/Ano de Referência inválido: \(referencia) (use MM/AAAA).") }
        switch (grupo, empresa) {
        case (nil, nil): throw Campo.informe("Grupo de Cobrança ou Empresa")
        case (.some, .some): throw CampoRecusado("Informe Grupo de Cobrança ou Empresa, não os dois.")
        case (let g?, nil): return (.grupo(try Campo.numero(g, campo: "Grupo de Cobrança")), ref)
        case (nil, let e?):
            return (.contrato(empresa: try Campo.numero(e, campo: "Empresa"), contrato: try Campo.numero(contrato, campo: "Contrato de Cobrança")), ref)
        }
    }
}

struct BMGerar: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gerar",
        abstract: "Gera o boletim de medição de um grupo, ou os de um contrato (um por grupo do contrato).",
        discussion: """
            Recusa se o boletim já existe ("O Boletim já existe, utilize a funcionalidade para emissão") ou se alguma ação \
            do cronograma do grupo no mês não foi encerrada (atividade ENCERRAR, que grava o resumo das ações). O gsan-medicao \
            gera; --aguardar acompanha e imprime os totais.
            """)
    @OptionGroup var opcoes: OpcoesBoletim
    @Flag(help: "Espera o boletim e imprime os totais.") var aguardar = false
    @Option(help: "Com --aguardar: desiste após estes segundos (até 86400).") var limite = 600.0
    @OptionGroup var hoje: OpcoesDeHoje

    func validate() throws { try Argumento.segundos(limite, "--limite") }

    func run() throws {
        let (alvo, ref) = try SaidaMedicao.ler { try opcoes.ler() }
        let pedido = try SaidaMedicao.executar("gsan bm gerar") {
            try PedidoBoletim.enfileirar(alvo, referencia: ref.amReferencia, hoje: hoje.data, db: $0)
        }
        print("Geração do boletim de medição de \(ref) \(pedido.novo ? "enfileirada" : "já enfileirada antes"): job \(pedido.jobID)")
        guard aguardar else {
            print("Acompanhe com: gsan job show \(pedido.jobID) (ou gsan bm mostrar)")
            return
        }
        let inicio = Date()
        var progresso = Progresso()
        while true {
            let job = try SaidaMedicao.executar("gsan bm gerar") { try JobRecords.byID(pedido.jobID, db: $0) }
            if job?.state == .done { break }
            if let job, job.childrenTotal > 0, let linha = progresso.seMudou(job.childrenDone, de: job.childrenTotal, "partes do boletim") {
                print("  " + linha)
            }
            if let job, job.state == .dead {
                OperationsSupport.printError("Boletim não gerado: \(job.lastError ?? "job morto") (corrija e use gsan dlq replay \(pedido.jobID)).")
                throw ExitCode.failure
            }
            if Date().timeIntervalSince(inicio) > limite {
                OperationsSupport.printError("erro: o boletim não ficou pronto em \(Int(limite)) s (job \(pedido.jobID): \(job?.state.rawValue ?? "ausente")).")
                throw ExitCode.failure
            }
            Thread.sleep(forTimeInterval: 0.5)
        }
        try imprimirBoletins(alvo, ref)
    }
}

struct BMMostrar: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "mostrar", abstract: "Os totais dos boletins gerados de um grupo ou contrato.")
    @OptionGroup var opcoes: OpcoesBoletim

    func run() throws {
        let (alvo, ref) = try SaidaMedicao.ler { try opcoes.ler() }
        try imprimirBoletins(alvo, ref)
    }
}

func imprimirBoletins(_ alvo: PedidoBoletim.Alvo, _ ref: Referencia) throws {
    let resumos = try SaidaMedicao.executar("gsan bm") { db in
        try PedidoBoletim.boletins(alvo, referencia: ref.amReferencia, db: db).map { try GeracaoBoletim.resumo($0, jaExistia: true, db: db) }
    }
    guard !resumos.isEmpty else {
        OperationsSupport.printError("Nenhum boletim de medição gerado para \(ref).")
        throw ExitCode.failure
    }
    for r in resumos {
        print("Boletim \(r.boletim) — \(ref): \(r.executados) serviços executados")
        print("  serviços executados  \(OperationsSupport.aDireita(r.servicos, 16))")
        print("  taxa de sucesso    + \(OperationsSupport.aDireita(r.taxaSucesso, 16))")
        print("  descontos          − \(OperationsSupport.aDireita(r.descontos, 16))")
        print("  multas             − \(OperationsSupport.aDireita(r.multas, 16))")
        print("  total              = \(OperationsSupport.aDireita(r.total, 16))")
    }
}

struct BMContrato: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contrato", abstract: "Boletim de Medição de Contratos (seed 002 §2.6.2).", subcommands: [BMContratoGerar.self])
}

struct BMContratoGerar: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gerar",
        abstract: "Gera o boletim do contrato num mês, com os boletins de todos os seus grupos (ou o do contrato sem grupos).")
    @Option(help: "Empresa.") var empresa: String?
    @Option(help: "Contrato.") var contrato: String?
    @Option(help: "Mês/Ano de referência, MM/AAAA.") var referencia: String?
    @OptionGroup var hoje: OpcoesDeHoje

    func run() throws {
        let (e, c, ref) = try SaidaMedicao.ler { () throws -> (Int, Int, Referencia) in
            let e = try Campo.numero(empresa, campo: "Empresa"), c = try Campo.numero(contrato, campo: "Contrato")
            guard let referencia, !referencia.isEmpty else { throw Campo.informe("Mês/Ano de Referência") }
            guard let ref = Referencia(mesAno: referencia) else { throw CampoRecusado("Mês/Ano informado inválido: \(referencia).") }
            return (e, c, ref)
        }
        let r = try SaidaMedicao.executar("gsan bm contrato gerar") {
            try BoletimContrato.gerar(empresa: e, contrato: c, referencia: ref.amReferencia, hoje: hoje.data, db: $0)
        }
        print("Nº Boletim de Contrato \(r.numero) (\(ref)), contrato \(c): \(r.boletins.count) boletim(ns) de medição, total \(r.total).")
    }
}

struct BMRelatorio: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relatorio",
        abstract: "R1152 Relatório Boletim de Medição de Cobrança: PDF e CSV (seed 002 §2.6.1, Emitir Relatório; docs/medicao.md).",
        discussion: "Escreve em GSAN_MEDICAO_DIR (padrão $GSAN_HOME/medicao) R1152-AAAAMM-grupo-G.pdf/.csv ou R1152-AAAAMM-contrato-C.pdf/.csv.")
    @OptionGroup var opcoes: OpcoesBoletim
    @Option(help: "Gerência regional.") var gerencia: String?
    @Option(help: "Unidade de negócio.") var unidade: String?
    @Option(name: .customLong("localidade-inicial"), help: "Localidade inicial.") var localidadeInicial: String?
    @Option(name: .customLong("localidade-final"), help: "Localidade final.") var localidadeFinal: String?

    func run() throws {
        let (alvo, ref, filtro) = try SaidaMedicao.ler { () throws -> (PedidoBoletim.Alvo, Referencia, RelatorioBoletim.Filtro) in
            let (alvo, ref) = try opcoes.ler()
            func n(_ t: String?, _ campo: String, _ maximo: Int) throws -> Int? { try t.map { try Campo.numero($0, campo: campo, maximo: maximo) } }
            return (alvo, ref, RelatorioBoletim.Filtro(
                gerencia: try n(gerencia, "Gerência Regional", 9999), unidade: try n(unidade, "Unidade de Negócio", 9999),
                localidadeInicial: try n(localidadeInicial, "Localidade Inicial", 999), localidadeFinal: try n(localidadeFinal, "Localidade Final", 999)))
        }
        let diretorio = DiretorioMedicao(environment: ProcessInfo.processInfo.environment)
        let nome: String
        switch alvo {
        case .grupo(let g): nome = "R1152-\(ref.amReferencia)-grupo-\(g)"
        case .contrato(_, let c): nome = "R1152-\(ref.amReferencia)-contrato-\(c)"
        }
        let pdf = diretorio.raiz.appendingPathComponent(nome + ".pdf"), csv = diretorio.raiz.appendingPathComponent(nome + ".csv")
        let dados = try SaidaMedicao.executar("gsan bm relatorio") { db -> [RelatorioBoletim.Dados] in
            try RelatorioBoletim.conferir(filtro, db: db)
            let boletins = try PedidoBoletim.boletins(alvo, referencia: ref.amReferencia, db: db)
            guard !boletins.isEmpty else {
                throw ErroMedicao("Boletim de medição de \(ref) não gerado: gere-o antes (gsan bm gerar).")
            }
            let dados = try boletins.map { try RelatorioBoletim.carregar($0, filtro: filtro, db: db) }
            let companhia = try db.query("SELECT parm_nmempresa FROM cadastro.sistema_parametros").first?.decode(String.self, at: 0) ?? ""
            try RelatorioBoletim.gravar(dados, companhia: companhia, pdf: pdf, csv: csv)
            for arquivo in [pdf, csv] {  // any machine can serve them: gsan arquivos exportar --referencia --tipo medicao-boletim
                try ArquivosGerados.gravar(arquivo, tipo: .boletimMedicao, chave: arquivo.lastPathComponent, referencia: ref.amReferencia, db: db)
            }
            return dados
        }
        for d in dados { print("Boletim \(d.boletim) (\(d.referencia)): total \(d.total)") }
        print("R1152 em \(pdf.path)")
        print("CSV em \(csv.path)")
    }
}
