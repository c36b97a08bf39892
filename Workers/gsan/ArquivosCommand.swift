import ArgumentParser
import Foundation
import GSANDatabase
import GSANModel
import GSANSupport
import Postgres

/// `gsan arquivos`: the generated files kept in the database (migration 0026), listed and
/// written out on any machine — the workers' local folders are only a cache of them.
struct ArquivosCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "arquivos",
        abstract: "Arquivos gerados (PDFs, arquivos da gráfica, guias, relatórios) guardados no banco: listar e exportar.",
        subcommands: [ArquivosListar.self, ArquivosExportar.self])
}

/// Which files: a command, an agreement or any origin, and/or a month and a kind.
struct FiltroArquivos: ParsableArguments {
    @Option(help: "Tipo: \(TipoArquivoGerado.allCases.map(\.rawValue).joined(separator: ", ")).") var tipo: String?
    @Option(help: "Mês/ano dos arquivos, MM/AAAA.") var referencia: String?
    @Option(help: "Atividade de cronograma (caac) cujos documentos foram emitidos.") var comando: Int?
    @Option(help: "Comando eventual (cacm) cujos documentos foram emitidos.") var eventual: Int?
    @Option(help: "Parcelamento judicial cujas guias foram geradas.") var parcelamento: Int?
    @Option(help: "Geração de OS seletiva cujos formulários de fiscalização foram gerados.") var seletiva: Int?

    func validate() throws {
        try Argumento.id(comando, "--comando")
        try Argumento.id(eventual, "--eventual")
        try Argumento.id(parcelamento, "--parcelamento")
        try Argumento.id(seletiva, "--seletiva")
        guard [comando, eventual, parcelamento, seletiva].compactMap({ $0 }).count <= 1 else {
            throw ValidationError("informe só um de --comando, --eventual, --parcelamento e --seletiva")
        }
        if let tipo, TipoArquivoGerado(rawValue: tipo) == nil {
            throw ValidationError(
                "--tipo \(tipo) inexistente; os tipos são \(TipoArquivoGerado.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let referencia, Referencia(mesAno: referencia) == nil {
            throw ValidationError("\(Referencia.mensagemInvalida): \(referencia) (use MM/AAAA).")
        }
    }

    var vazio: Bool { tipo == nil && referencia == nil && origem == nil }

    var origem: String? {
        if let comando { return "caac-" + zeroPadded(comando, 6) }
        if let eventual { return "cacm-" + zeroPadded(eventual, 6) }
        if let seletiva { return "seletiva-\(seletiva)" }
        return parcelamento.map { "parcelamento-\($0)" }
    }

    func listar(_ db: PostgresConnection) throws -> [ArquivoGerado] {
        try ArquivosGerados.listar(
            tipo: tipo.flatMap(TipoArquivoGerado.init(rawValue:)),
            referencia: referencia.flatMap { Referencia(mesAno: $0)?.amReferencia }, origem: origem, db: db)
    }
}

struct ArquivosListar: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "listar", abstract: "Os arquivos gerados guardados no banco.")

    @OptionGroup var filtro: FiltroArquivos

    func run() throws {
        let arquivos = try OperationsSupport.comBanco("gsan arquivos listar", recusas: ArquivosGerados.Erro.self) {
            try filtro.listar($0)
        }
        print("tipo                    arquivo                                                  bytes  sha-256")
        for a in arquivos {
            print(
                a.tipo.padding(toLength: 24, withPad: " ", startingAt: 0) + a.chave.padding(toLength: 50, withPad: " ", startingAt: 0)
                    + OperationsSupport.aDireita(String(a.tamanho), 12) + "  " + a.sha256.prefix(16) + "…")
        }
        print("\(arquivos.count) arquivo(s), \(arquivos.reduce(Int64(0)) { $0 + $1.tamanho }) bytes")
    }
}

struct ArquivosExportar: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exportar",
        abstract: "Escreve os arquivos gerados em DESTINO/<tipo>/<arquivo> (pastas 0750, arquivos 0640), conferindo o SHA-256 de cada um.")

    @OptionGroup var filtro: FiltroArquivos
    @Option(help: "Pasta de destino (criada se não existir).") var destino: String?

    func validate() throws {
        guard let destino, !destino.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ValidationError("Informe a pasta de destino (--destino).")
        }
        try Argumento.textoImprimivel(destino, "--destino")
        guard !filtro.vazio else {
            throw ValidationError("Informe quais arquivos: --comando, --eventual, --parcelamento, --seletiva ou --referencia (com ou sem --tipo).")
        }
    }

    func run() throws {
        let raiz = URL(fileURLWithPath: destino ?? ".", isDirectory: true)
        let (quantidade, bytes) = try OperationsSupport.comBanco("gsan arquivos exportar", recusas: ArquivosGerados.Erro.self) { db in
            let arquivos = try filtro.listar(db)
            guard !arquivos.isEmpty else { throw ArquivosGerados.Erro.nenhum }
            var bytes: Int64 = 0
            for a in arquivos {
                print(try ArquivosGerados.exportar(a, para: raiz, db: db).path)
                bytes += a.tamanho
            }
            return (arquivos.count, bytes)
        }
        print("\(quantidade) arquivo(s) exportado(s), \(bytes) bytes, SHA-256 conferidos.")
    }
}
