import ArgumentParser
import Campo
import Contratos
import Foundation
import GSANCobranca
import GSANDatabase
import GSANModel
import GSANSupport
import JobRuntime
import Postgres
import Rotas

/// `gsan rotas`: the route files for the readers' phones (seed 004; worker gsan-rotas).
struct RotasCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotas",
        abstract: "Arquivos de rota para o celular (faturamento em campo, versão Android).",
        subcommands: [Gerar.self, Arquivo.self, Listar.self, Liberar.self, Situacao.self, Leiturista.self, Releitura.self, Inconsistencias.self, Leituras.self])

    struct Gerar: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Enfileira a geração dos arquivos das rotas de um grupo e referência (um job por rota).",
            discussion: """
                O worker gsan-rotas gera; um arquivo DISPONÍVEL é substituído, um já LIBERADO (ou depois) não. \
                Acompanhe com --aguardar ou com gsan rotas listar.
                """)

        @Option(name: .customLong("grupo-faturamento"), help: "Grupo de faturamento.") var grupo: Int
        @Option(help: "Referência das contas pré-faturadas, MM/AAAA.") var referencia: String
        @Option(help: "Só esta rota (rota_id).") var rota: Int?
        @Flag(help: "Espera os jobs terminarem e mostra os arquivos.") var aguardar = false
        @Option(help: "Com --aguardar: desiste após estes segundos.") var limite = 600.0

        func validate() throws {
            try Argumento.id(grupo, "--grupo-faturamento")
            try Argumento.id(rota, "--rota")
            guard Referencia(mesAno: referencia) != nil else { throw ValidationError("--referencia inválida: use MM/AAAA") }
            try Argumento.segundos(limite, "--limite")
        }

        func run() throws {
            guard let mes = Referencia(mesAno: referencia) else { throw ValidationError("--referencia inválida: use MM/AAAA") }
            let db = try OperationsSupport.openDatabase(GSANEnvironment(), command: "gsan rotas gerar")
            defer { db.close() }
            let pedido = PedidoRotas(grupoFaturamento: grupo, referencia: mes.amReferencia, rota: rota)
            let id = pedido.idAvulso(instante: Int(Date().timeIntervalSince1970))
            try OperationsSupport.reporting {
                _ = try db.withTransaction { db in
                    // A group or rota that does not exist is refused here, not left to the worker.
                    try ExistenciaCadastro.grupoFaturamento(grupo, db: db)
                    if let rota { try ExistenciaCadastro.rota(rota, grupoFaturamento: grupo, db: db) }
                    return try Outbox.enqueue(JobSpec(id: id, kind: CadeiaFechamento.rotas, payload: pedido), on: db)
                }
            }
            print("Geração dos arquivos do grupo \(grupo), referência \(mes)\(rota.map { ", rota \($0)" } ?? ""): job \(id)")
            guard aguardar else { return }
            let inicio = Date()
            var linha = Progresso()
            while true {
                let progresso = try OperationsSupport.reporting { try JobRecords.progress(id, db: db) }
                if progresso?.job.state == .done { break }
                if let job = progresso?.job, job.childrenTotal > 0, let texto = linha.seMudou(job.childrenDone, de: job.childrenTotal, "rotas geradas") {
                    print("  " + texto)
                }
                let pendentes = progresso?.childrenOpen ?? 0
                if let progresso, progresso.dead > 0 {
                    OperationsSupport.printError("erro: job(s) mortos na geração: veja gsan dlq list")
                    throw ExitCode.failure
                }
                if Date().timeIntervalSince(inicio) > limite {
                    OperationsSupport.printError("erro: a geração não terminou em \(limite) s (\(pendentes) rotas pendentes; o worker gsan-rotas está rodando?)")
                    throw ExitCode.failure
                }
                Thread.sleep(forTimeInterval: 0.5)
            }
            try Listar.imprimir(grupo: grupo, referencia: mes.amReferencia, db: db)
        }
    }

    struct Arquivo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "O que o celular recebe ao pedir o arquivo pelo IMEI: o arquivo (ou parte) disponível, ou por que não há.")

        @Option(help: "IMEI do celular do leiturista.") var imei: String
        @Option(help: "Grava o arquivo (gzip, como o celular recebe) neste caminho.") var saida: String?
        @Flag(help: "Com --saida: grava o texto descomprimido (ISO-8859-1).") var texto = false
        @Flag(help: "Com --saida: substitui um arquivo que já existe (nunca um link simbólico nem uma pasta).") var substituir = false

        func run() throws {
            let db = try OperationsSupport.openDatabase(GSANEnvironment(), command: "gsan rotas arquivo")
            defer { db.close() }
            switch try OperationsSupport.reporting({ try ConsultaArquivos.paraIMEI(imei, db: db) }) {
            case .nenhum(let motivo):
                OperationsSupport.printError(motivo)
                throw ExitCode.failure
            case .arquivo(let a):
                let parte = a.parte == 0 ? "" : ", parte \(a.parte) de \(a.partes)"
                print("\(a.nome): rota \(a.rota), grupo \(a.grupo), referência \(Referencia.mesAno(a.referencia))\(parte); "
                    + "\(a.imoveis) imóveis, \(a.tamanho) bytes (\(a.gzip.count) em gzip), SHA-256 \(a.sha256)")
                if let saida {
                    let bytes = try OperationsSupport.reporting { texto ? try Gzip.descomprimir(a.gzip) : a.gzip }
                    if let motivo = SaidaSegura.gravar(bytes, em: saida, substituir: substituir) {
                        OperationsSupport.printError("erro: \(motivo)")
                        throw ExitCode.failure
                    }
                    print("gravado em \(saida)")
                }
            }
        }
    }

    struct Listar: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Os arquivos de um grupo e referência, e as rotas recusadas.")

        @Option(name: .customLong("grupo-faturamento"), help: "Grupo de faturamento.") var grupo: Int
        @Option(help: "Referência, MM/AAAA.") var referencia: String

        func validate() throws { try Argumento.id(grupo, "--grupo-faturamento") }

        func run() throws {
            guard let mes = Referencia(mesAno: referencia) else { throw ValidationError("--referencia inválida: use MM/AAAA") }
            let db = try OperationsSupport.openDatabase(GSANEnvironment(), command: "gsan rotas listar")
            defer { db.close() }
            try Listar.imprimir(grupo: grupo, referencia: mes.amReferencia, db: db)
        }

        static func imprimir(grupo: Int, referencia: Int, db: PostgresConnection) throws {
            let (linhas, recusas) = try OperationsSupport.reporting {
                (try ConsultaArquivos.listar(grupo: grupo, referencia: referencia, db: db),
                 try ConsultaArquivos.recusas(grupo: grupo, referencia: referencia, db: db))
            }
            print("ROTA  ARQUIVO                       PARTE  IMÓVEIS      BYTES  SITUAÇÃO")
            for l in linhas {
                print(
                    String(l.rota).padding(toLength: 6, withPad: " ", startingAt: 0) + l.nome.padding(toLength: 30, withPad: " ", startingAt: 0)
                        + (l.parte == 0 ? "-" : String(l.parte)).padding(toLength: 7, withPad: " ", startingAt: 0)
                        + String(l.imoveis).padding(toLength: 9, withPad: " ", startingAt: 0)
                        + String(l.tamanho).padding(toLength: 11, withPad: " ", startingAt: 0) + l.situacao)
            }
            let rotas = Set(linhas.map(\.rota)).count
            print("\(rotas) rotas, \(linhas.filter { $0.parte == 0 }.reduce(0) { $0 + $1.imoveis }) imóveis")
            for r in recusas { print("rota \(r.rota) \(r.situacao): \(r.mensagem)") }
        }
    }
}

// MARK: The field cycle (gsan-campo; docs/campo.md)

extension RotasCommand {
    struct Liberar: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Libera os arquivos DISPONÍVEIS de um grupo e referência para os celulares (um por celular; os seguintes, na confirmação do anterior).")

        @Option(name: .customLong("grupo-faturamento"), help: "Grupo de faturamento.") var grupo: Int
        @Option(help: "Referência, MM/AAAA.") var referencia: String
        @Option(help: "Só esta rota (rota_id).") var rota: Int?

        func validate() throws {
            try Argumento.id(grupo, "--grupo-faturamento")
            try Argumento.id(rota, "--rota")
        }

        func run() throws {
            guard let mes = Referencia(mesAno: referencia) else { throw ValidationError("--referencia inválida: use MM/AAAA") }
            let db = try OperationsSupport.openDatabase(GSANEnvironment(), command: "gsan rotas liberar")
            defer { db.close() }
            let mudancas = try OperationsSupport.reporting {
                try OperacaoCampo.liberar(grupo: grupo, referencia: mes.amReferencia, rota: rota, db: db)
            }
            print("\(mudancas.count) arquivo(s) liberado(s) do grupo \(grupo), referência \(mes)")
            try Situacao.imprimir(grupo: grupo, referencia: mes.amReferencia, db: db)
        }
    }

    struct Situacao: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cada arquivo e parte de um grupo e referência: celular, imóveis recebidos, situação e quando mudou.")

        @Option(name: .customLong("grupo-faturamento"), help: "Grupo de faturamento.") var grupo: Int
        @Option(help: "Referência, MM/AAAA.") var referencia: String

        func validate() throws { try Argumento.id(grupo, "--grupo-faturamento") }

        func run() throws {
            guard let mes = Referencia(mesAno: referencia) else { throw ValidationError("--referencia inválida: use MM/AAAA") }
            let db = try OperationsSupport.openDatabase(GSANEnvironment(), command: "gsan rotas situacao")
            defer { db.close() }
            try Situacao.imprimir(grupo: grupo, referencia: mes.amReferencia, db: db)
        }

        static func imprimir(grupo: Int, referencia: Int, db: PostgresConnection) throws {
            let linhas = try OperationsSupport.reporting { try OperacaoCampo.situacao(grupo: grupo, referencia: referencia, db: db) }
            print("ROTA  PARTE  IMEI             IMÓVEIS  RECEBIDOS  SITUAÇÃO                     DESDE")
            for l in linhas {
                print(
                    String(l.rota).padding(toLength: 6, withPad: " ", startingAt: 0)
                        + (l.parte == 0 ? "-" : String(l.parte)).padding(toLength: 7, withPad: " ", startingAt: 0)
                        + (l.imei ?? "-").padding(toLength: 17, withPad: " ", startingAt: 0)
                        + String(l.imoveis).padding(toLength: 9, withPad: " ", startingAt: 0)
                        + String(l.parte == 0 ? l.recebidos : 0).padding(toLength: 11, withPad: " ", startingAt: 0)
                        + l.situacao.padding(toLength: 29, withPad: " ", startingAt: 0) + l.alteracao)
            }
        }
    }

    struct Leiturista: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "O celular (IMEI) que um leiturista leva e as rotas que lê; os arquivos ainda não em campo passam para ele.")

        @Option(help: "Leiturista (leit_id).") var leiturista: Int
        @Option(help: "IMEI do celular, 15 dígitos.") var imei: String
        @Option(help: "Nome, para cadastrar um leiturista novo com este id.") var nome: String?
        @Option(help: "Rota que passa a ser deste leiturista (repetível).") var rota: [Int] = []
        @Option(help: "Login do leiturista no celular (registro 11); a senha vem da entrada padrão (uma linha), nunca de um argumento.")
        var login: String?

        func validate() throws {
            try Argumento.id(leiturista, "--leiturista")
            try Argumento.faixa(rota, "--rota", Argumento.idInteiro)
            if let nome {
                try Argumento.textoImprimivel(nome, "--nome")
                try Argumento.tamanho(nome, "--nome", maximo: 50)
            }
        }

        func run() throws {
            // Read before connecting: a password on the command line would show in `ps`.
            let senha = login == nil ? nil : readLine(strippingNewline: true)
            let db = try OperationsSupport.openDatabase(GSANEnvironment(), command: "gsan rotas leiturista")
            defer { db.close() }
            let atual = try OperationsSupport.reporting {
                if let login { try OperacaoCampo.validarCredenciais(login: login, senha: senha ?? "") }
                let nome = try OperacaoCampo.leiturista(id: leiturista, imei: imei, nome: nome, rotas: rota, db: db)
                if let login { try OperacaoCampo.credenciais(leiturista: leiturista, login: login, senha: senha ?? "", db: db) }
                return nome
            }
            print("leiturista \(leiturista) (\(atual)): IMEI \(imei)" + (rota.isEmpty ? "" : ", rotas \(rota.map(String.init).joined(separator: ", "))")
                + (login.map { ", login \($0) (senha guardada como base64(SHA-1))" } ?? ""))
        }
    }

    struct Releitura: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Pede a releitura de um imóvel: vai ao celular na resposta ao próximo envio da rota (*imoveis=…).")

        @Option(help: "Matrícula do imóvel.") var imovel: Int

        func validate() throws { try Argumento.id(imovel, "--imovel") }

        func run() throws {
            let db = try OperationsSupport.openDatabase(GSANEnvironment(), command: "gsan rotas releitura")
            defer { db.close() }
            let (rota, referencia) = try OperationsSupport.reporting { try OperacaoCampo.releitura(imovel: imovel, db: db) }
            print("releitura do imóvel \(imovel) pedida (rota \(rota), referência \(Referencia.mesAno(referencia)))")
        }
    }

    struct Inconsistencias: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Os envios recusados dos celulares (nada gravado) e suas inconsistências.")

        @Option(help: "Só desta rota (rota_id).") var rota: Int?
        @Option(help: "Quantos relatórios, dos mais novos.") var limite = 20

        func validate() throws {
            try Argumento.id(rota, "--rota")
            try Argumento.faixa(limite, "--limite", 1...10_000)
        }

        func run() throws {
            let db = try OperationsSupport.openDatabase(GSANEnvironment(), command: "gsan rotas inconsistencias")
            defer { db.close() }
            let relatorios = try OperationsSupport.reporting { try OperacaoCampo.inconsistencias(rota: rota, limite: limite, db: db) }
            if relatorios.isEmpty { print("nenhum envio recusado") }
            for r in relatorios {
                print("#\(r.id) \(r.quando) pacote \(r.pacote)\(r.imei.map { " IMEI \($0)" } ?? "")\(r.rota.map { " rota \($0)" } ?? ""): \(r.motivo)")
                for i in r.inconsistencias { print("    \(i)") }
            }
        }
    }
}

extension RotasCommand {
    struct Leituras: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "O que voltou do campo: por rota, imóveis recebidos, processados, contas impressas em campo e ajustes; contas de exemplo.")

        @Option(name: .customLong("grupo-faturamento"), help: "Grupo de faturamento.") var grupo: Int
        @Option(help: "Referência, MM/AAAA.") var referencia: String
        @Option(help: "Contas de exemplo a mostrar.") var exemplos = 8

        func run() throws {
            guard let mes = Referencia(mesAno: referencia) else { throw ValidationError("--referencia inválida: use MM/AAAA") }
            let db = try OperationsSupport.openDatabase(GSANEnvironment(), command: "gsan rotas leituras")
            defer { db.close() }
            let (resumo, contas) = try OperationsSupport.reporting {
                try OperacaoCampo.leituras(grupo: grupo, referencia: mes.amReferencia, exemplos: exemplos, db: db)
            }
            print("ROTA  RECEBIDOS  PROCESSADOS  IMPRESSAS EM CAMPO  AJUSTES")
            for r in resumo {
                print(
                    String(r.rota).padding(toLength: 6, withPad: " ", startingAt: 0)
                        + String(r.recebidos).padding(toLength: 11, withPad: " ", startingAt: 0)
                        + String(r.processados).padding(toLength: 13, withPad: " ", startingAt: 0)
                        + String(r.impressas).padding(toLength: 20, withPad: " ", startingAt: 0) + String(r.ajustes))
            }
            guard !contas.isEmpty else { return }
            print("IMÓVEL    LEITURA  CONSUMO  TIPO DE CONSUMO        ÁGUA        ESGOTO      CONTA         ORIGEM")
            for c in contas {
                print(
                    String(c.imovel).padding(toLength: 10, withPad: " ", startingAt: 0)
                        + (c.leitura.map(String.init) ?? "-").padding(toLength: 9, withPad: " ", startingAt: 0)
                        + String(c.consumo).padding(toLength: 9, withPad: " ", startingAt: 0)
                        + c.tipoConsumo.padding(toLength: 23, withPad: " ", startingAt: 0)
                        + c.agua.description.padding(toLength: 12, withPad: " ", startingAt: 0)
                        + c.esgoto.description.padding(toLength: 12, withPad: " ", startingAt: 0)
                        + c.situacao.padding(toLength: 14, withPad: " ", startingAt: 0)
                        + (c.impressaEmCampo ? "impressa em campo" : "faturada no fechamento"))
            }
        }
    }
}
