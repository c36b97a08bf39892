import ArgumentParser
import EncerramentoOS
import EncerramentoRegras
import FiscalizacaoRegras
import Foundation
import GSANModel
import Postgres

/// `gsan os fiscalizacao`: the return of a fiscalização OS (seed 002 §2.4.2; docs/fiscalizacao.md).
/// The rules are FiscalizacaoRegras'; this file reads flags and files and prints outcomes.
struct OSFiscalizacao: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fiscalizacao", abstract: "Ordens de serviço de fiscalização: o retorno da fiscalização.",
        subcommands: [OSFiscalizacaoRetorno.self])
}

struct OSFiscalizacaoRetorno: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retorno",
        abstract: "Informa o retorno de uma OS de fiscalização (seed 002 §2.4.2), ou de um arquivo com várias.",
        discussion: """
            Numa transação: as situações encontradas (na OS e no seu documento, substituídas), as situações das ligações de \
            água e esgoto, a situação especial de cobrança, os débitos a cobrar (multa por infração, consumo fraudado), a \
            reincidência, o contrato de demanda, a não aceitação da OS fiscalizada e o encerramento pedido. Com --arquivo, \
            o arquivo inteiro é validado antes (leiaute em docs/fiscalizacao.md) e o mesmo arquivo não é importado duas vezes.
            """)

    @Argument(help: "Número da ordem de serviço de fiscalização.") var numero: String?
    @Option(help: "Situação da fiscalização encontrada (id; repita para várias).") var situacao: [String] = []
    @Option(name: .customLong("documento-entregue"), help: "comparecimento, auto, nenhum ou notificacao-esgoto.") var documento: String?
    @Flag(help: "Encerra a OS (com --motivo e --parecer).") var encerrar = false
    @Option(help: "Motivo de encerramento (padrão: o das situações encontradas).") var motivo: String?
    @Option(help: "Parecer de encerramento (até 400 caracteres).") var parecer: String?
    @Option(name: .customLong("gerar-debito"), help: "sim ou nao (nao exige a permissão especial do usuário).") var gerarDebito: String?
    @Option(name: .customLong("tipo-medicao"), help: "agua ou poco (situações que pedem o tipo de medição).") var tipoMedicao: String?
    @Option(name: .customLong("atualizar-ligacao"), help: "sim (padrão) ou nao: atualiza a situação da ligação de água/esgoto (só com uma situação que a valide, ainda não atualizada).") var atualizarLigacao: String?
    @Option(name: .customLong("auto-infracao"), help: "Número do auto de infração.") var autoInfracao: String?
    @Option(name: .customLong("data-auto"), help: "Data do auto de infração, DD/MM/AAAA.") var dataAuto: String?
    @Option(help: "Observação (até 200 caracteres).") var observacao: String?
    @Option(help: "Foto: TIPO:ARQUIVO (.doc, .jpg ou .pdf; repita para várias).") var foto: [String] = []
    @Option(help: "Arquivo com os retornos (em vez de uma OS).") var arquivo: String?
    @Option(help: "Login do usuário que informa.") var usuario: String?
    @OptionGroup var hoje: OpcoesDeHoje

    func validate() throws {
        try Argumento.tamanho(parecer, "--parecer", maximo: RetornoFiscalizacao.parecerMaximo)
        try Argumento.tamanho(observacao, "--observacao", maximo: RetornoFiscalizacao.observacaoMaxima)
        try Argumento.tamanho(autoInfracao, "--auto-infracao", maximo: RetornoFiscalizacao.autoMaximo)
    }

    func run() throws {
        let usuario = try NumeroDigitado.login(self.usuario)
        if let arquivo {
            guard numero == nil else { throw ValidationError("Informe a Ordem de Serviço ou o arquivo, não os dois.") }
            try importar(arquivo, usuario: usuario)
            return
        }
        guard let numero else { throw ValidationError("Informe Ordem de Serviço.") }
        let pedido = try lerPedido(ordem: try NumeroDigitado.ordem(numero))
        let fotos = pedido.fotos
        let r = try OperationsSupport.comBanco("gsan os fiscalizacao retorno", recusas: ErroEncerramento.self) { db in
            try RetornoFiscalizacaoOS.informar(
                pedido, usuario: usuario, hoje: hoje.data,
                fotos: { try fotos.map { try Self.lerFoto($0, pasta: nil) } }, db: db)
        }
        Self.imprimir(r)
    }

    private func lerPedido(ordem: Int64) throws -> RetornoFiscalizacao.Pedido {
        var situacoes: [Int] = []
        for s in situacao { situacoes.append(try NumeroDigitado.inteiro(s, campo: "Situação da Fiscalização")) }
        guard let documento else { throw ValidationError("Informe Documento Entregue.") }
        guard let doc = RetornoFiscalizacao.Documento(texto: documento) else {
            throw ValidationError("Documento Entregue inválido: \(documento) (comparecimento, auto, nenhum ou notificacao-esgoto).")
        }
        var p = RetornoFiscalizacao.Pedido(ordem: ordem, situacoes: situacoes, documento: doc)
        p.encerrar = encerrar
        p.motivo = try motivo.map { try NumeroDigitado.inteiro($0, campo: "Motivo Encerramento") }
        p.parecer = parecer
        if let gerarDebito {
            guard case .success(let v?) = ArquivoRetornoFiscalizacao.simNao(gerarDebito, campo: "Gerar Débito a Cobrar") else {
                throw ValidationError("Gerar Débito a Cobrar inválido: \(gerarDebito) (sim ou nao).")
            }
            p.gerarDebito = v
        }
        if let tipoMedicao {
            guard let t = RetornoFiscalizacao.TipoMedicao(texto: tipoMedicao) else {
                throw ValidationError("Tipo de Medição inválido: \(tipoMedicao) (agua ou poco).")
            }
            p.tipoMedicao = t
        }
        if let atualizarLigacao {
            guard case .success(let v?) = ArquivoRetornoFiscalizacao.simNao(atualizarLigacao, campo: "Atualizar Situação da Ligação") else {
                throw ValidationError("Atualizar Situação da Ligação inválido: \(atualizarLigacao) (sim ou nao).")
            }
            p.atualizarLigacao = v
        }
        p.autoNumero = autoInfracao
        p.autoData = try dataAuto.map { try NumeroDigitado.data($0, campo: "Data do Auto de Infração") }
        p.observacao = observacao
        p.fotos = foto.map(ArquivoRetornoFiscalizacao.foto)
        return p
    }

    /// A photo's bytes (relative paths from the return file's folder).
    static func lerFoto(_ f: RetornoFiscalizacao.Foto, pasta: URL?) throws -> RetornoFiscalizacaoOS.ConteudoFoto {
        let nome = f.arquivo ?? ""
        return .init(tipo: f.tipo ?? 0, nome: URL(fileURLWithPath: nome).lastPathComponent, conteudo: try lerArquivo(nome, pasta: pasta))
    }

    static func lerArquivo(_ nome: String, pasta: URL?) throws -> Data {
        let url = nome.hasPrefix("/") || pasta == nil ? URL(fileURLWithPath: nome) : URL(fileURLWithPath: nome, relativeTo: pasta)
        let atributos = try? FileManager.default.attributesOfItem(atPath: url.path)
        if let tamanho = atributos?[.size] as? Int, tamanho > RetornoFiscalizacaoOS.fotoMaxima {
            throw ErroEncerramento.recusa("Arquivo \(nome) com \(tamanho) bytes: o máximo é \(RetornoFiscalizacaoOS.fotoMaxima / 1024 / 1024) MiB.")
        }
        guard let dados = FileManager.default.contents(atPath: url.path) else {
            throw ErroEncerramento.recusa("Arquivo \(nome) não pode ser lido.")
        }
        return dados
    }

    static func imprimir(_ r: RetornoFiscalizacaoOS.Resultado) {
        var partes = ["Retorno da fiscalização da Ordem de Serviço \(r.ordem) informado"]
        if let imovel = r.imovel { partes.append("imóvel \(imovel)") }
        print(partes.joined(separator: ", ") + ".")
        if let motivo = r.semEfeitos { print("  " + motivo) }
        if let a = r.novaAgua { print("  Ligação de água: \(a)" + (r.dataLigacaoAgua.map { ", data da ligação \($0)" } ?? "")) }
        if let e = r.novaEsgoto { print("  Ligação de esgoto: \(e)" + (r.dataLigacaoEsgoto.map { ", data da ligação \($0)" } ?? "")) }
        for d in r.debitos { print("  Débito a cobrar: \(d.descricao) R$ \(d.valor)") }
        for s in r.semValor { print("  \(s): valor não maior que zero, débito não gerado") }
        if let n = r.naoAceita { print("  Não aceitação registrada para a OS fiscalizada \(n) (descontada no próximo boletim)") }
        for f in r.fotos {
            if f.reduzida, let o = f.original, let g = f.gravada {
                print("  Foto \(f.nome): \(o.largura) × \(o.altura) pixels, reduzida para \(g.largura) × \(g.altura)")
            } else {
                print("  Foto \(f.nome) gravada")
            }
        }
        if r.encerrada { print("  Ordem de Serviço \(r.ordem) encerrada.") }
    }

    private func importar(_ arquivo: String, usuario: String) throws {
        let url = URL(fileURLWithPath: arquivo)
        guard let conteudo = FileManager.default.contents(atPath: url.path) else { throw ValidationError("Arquivo \(arquivo) não pode ser lido.") }
        let pasta = url.deletingLastPathComponent()
        let resultado = try OperationsSupport.comBanco("gsan os fiscalizacao retorno", recusas: ErroEncerramento.self) { db in
            try ImportacaoRetornoFiscalizacao.importar(
                nome: url.lastPathComponent, conteudo: conteudo, usuario: usuario, hoje: hoje.data,
                lerFoto: { try Self.lerArquivo($0, pasta: pasta) }, db: db)
        }
        switch resultado {
        case .jaImportado(let id, let em):
            print("Arquivo já importado em \(em) (arquivo \(id)): nada a fazer.")
        case .recusado(let linhas, let rejeitadas):
            for r in rejeitadas { OperationsSupport.printError("linha \(r.linha): \(r.motivo)") }
            OperationsSupport.printError("Arquivo recusado: \(rejeitadas.count) de \(linhas) linhas com erro; nada foi gravado.")
            throw ExitCode.failure
        case .importado(let id, let retornos):
            for r in retornos { Self.imprimir(r) }
            let debitos = retornos.flatMap(\.debitos)
            let total = debitos.reduce(Centavos.zero) { $0 + $1.valor }
            print("Arquivo \(id): \(retornos.count) retornos, \(retornos.filter(\.encerrada).count) OS encerradas, "
                  + "\(debitos.count) débitos a cobrar (R$ \(total)).")
        }
    }
}
