import ArgumentParser
import Campo
import CampoRegras
import FlyingFox
import FlyingSocks
import Foundation
import GSANModel
import GSANSupport
import JobRuntime
import Logging
import Postgres
import ProtocoloCampo
import WorkerSupport

/// `gsan-campo`: the server the field-billing app (ISC) talks to, unchanged
/// (research/FIELD-APP-PROTOCOL.md §6; docs/campo.md), and the worker that processes what it
/// stores. Run as many server processes as needed behind a load balancer: they keep nothing
/// in memory another one needs (a per-process rate limit only).
@main
struct GSANCampo: AsyncParsableCommand {
    /// Refusals in Portuguese (``LinhaDeComando``).
    static func main() async { await LinhaDeComando.executar(Self.self) }

    static let configuration = CommandConfiguration(
        commandName: "gsan-campo",
        abstract: "Servidor do aplicativo de faturamento em campo (Impressão Simultânea, Android) e o worker das leituras.",
        subcommands: [Servir.self, Trabalhar.self], defaultSubcommand: Servir.self)

    struct Trabalhar: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "trabalhar", abstract: "Consome os jobs campo.rota: as leituras de cada rota processadas nos históricos e nas contas.")

        @OptionGroup var worker: WorkerOptions

        func run() async throws {
            var registry = JobRegistry()
            ProcessamentoRetorno.register(into: &registry)
            try await worker.run(registry: registry, defaultFamilies: ["campo"], label: "gsan.campo")
        }
    }
}

struct Servir: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "servir",
        abstract: "Atende o aplicativo em POST \(ServidorCampo.caminho) e a saúde em GET /saude.",
        discussion: "O aplicativo fala HTTP simples com um endereço fixo: ponha TLS na frente (docs/campo.md).")

    @Option(help: "Endereço IPv4 em que escutar.") var endereco = "127.0.0.1"
    @Option(help: "Porta.") var porta: UInt16 = 8080
    @Option(help: "Conexões ao PostgreSQL (threads dedicadas).") var conexoes = 8
    @Option(help: "Pedidos esperando o banco além dos quais o servidor responde # na hora.") var fila = 1024
    @Option(name: .customLong("limite-corpo"), help: "Tamanho máximo do corpo de um pedido, em bytes.") var limiteCorpo = 16 << 20
    @Option(name: .customLong("pedidos-por-minuto"), help: "Pedidos por minuto por IMEI (ou por endereço, nos pacotes sem IMEI).")
    var pedidosPorMinuto = 600
    @Option(help: "Segundos para atender um pedido (tempo de leitura do corpo incluído).") var prazo = 30.0
    @Option(help: "Data do servidor para a checagem das datas de leitura (DD/MM/AAAA; padrão: hoje).") var hoje: String?
    @Option(name: .customLong("log"), help: "Nível de log.") var logLevel = "info"
    @OptionGroup var metrics: MetricsOptions

    /// Every refusal before anything starts, in Portuguese (``LinhaDeComando`` says it).
    func validate() throws {
        var ip = in_addr()
        guard inet_pton(AF_INET, endereco, &ip) == 1 else {
            throw ValidationError("--endereco \(endereco) não é um endereço IPv4 (por exemplo 127.0.0.1)")
        }
        guard porta > 0 else { throw ValidationError("--porta 0 fora de 1…65535") }
        try Self.faixa(conexoes, "--conexoes", 1...256)
        try Self.faixa(fila, "--fila", 1...1_000_000)
        try Self.faixa(limiteCorpo, "--limite-corpo", 1...(1 << 30))
        try Self.faixa(pedidosPorMinuto, "--pedidos-por-minuto", 1...1_000_000)
        guard prazo.isFinite, prazo > 0, prazo <= 3_600 else {
            throw ValidationError("--prazo \(prazo) fora de 0…3600 segundos (maior que zero)")
        }
        if let hoje, CivilDate(brazilian: hoje) == nil {
            throw ValidationError("--hoje inválido: \(hoje) (use DD/MM/AAAA)")
        }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log \(logLevel) inválido: use \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    static func faixa(_ valor: Int, _ opcao: String, _ faixa: ClosedRange<Int>) throws {
        guard !faixa.contains(valor) else { return }
        throw ValidationError("\(opcao) \(valor) fora de \(faixa.lowerBound)…\(faixa.upperBound)")
    }

    func run() async throws {
        bootstrapLogging(level: Logger.Level(rawValue: logLevel) ?? .info)
        let logger = Logger(label: "gsan.campo")
        // Its own process and the phones' requests; the fleet's queues are the workers' to report.
        let endpoint = metrics.endpoint(fleet: nil, logger: logger)
        if endpoint != nil { MetricsEndpoint.bootstrap() }
        let metricas = endpoint.map { endpoint in Task { try await endpoint.run() } }
        defer { metricas?.cancel() }
        let ambiente = GSANEnvironment()
        let url = try ambiente.databaseURL
        let dataFixa = hoje.flatMap { CivilDate(brazilian: $0) }
        let pool = PoolConexoes(url: url, conexoes: conexoes, limiteFila: fila, logger: logger, aplicacao: "gsan-campo")
        let versao: String
        do {
            versao = try await pool.executar { db in
                try db.query("SELECT parm_dsversaoandroid FROM cadastro.sistema_parametros LIMIT 1").first?.decode(String.self, at: 0)
                    ?? "1.0.0.0"
            }
        } catch {
            logger.critical("gsan-campo: banco indisponível: \(error)")
            pool.encerrar()
            throw ExitCode.failure
        }
        let fixa = dataFixa
        let atendimento = AtendimentoCampo(versaoAplicativo: versao, logger: logger, hoje: { fixa ?? CivilDate.hoje() })
        let servidor = ServidorCampo(
            pool: pool, atendimento: atendimento, limiteCorpo: limiteCorpo,
            limitador: LimitadorPedidos(porMinuto: pedidosPorMinuto), logger: logger)
        let http = HTTPServer(
            config: HTTPServer.Configuration(
                address: try sockaddr_in.inet(ip4: endereco, port: porta), timeout: prazo,
                pool: PoolSemAtraso(base: HTTPServer.defaultPool()), logger: .disabled))
        await http.appendRoute(HTTPRoute(method: .POST, path: ServidorCampo.caminho)) { try await servidor.atender($0) }
        await http.appendRoute("GET /saude") { _ in await servidor.saude() }
        let parando = Trava(false)
        let sinais = Sinais {
            parando.withLock { $0 = true }
            Task { await http.stop(timeout: 5) }
        }
        logger.info("gsan-campo escutando", metadata: ["endereco": "\(endereco):\(porta)", "conexoes": "\(conexoes)", "versao": "\(versao)"])
        do {
            try await http.run()
        } catch {
            // Stopping closes the listening socket under the server: not an error then.
            if !parando.withLock({ $0 }) { logger.error("gsan-campo: \(error)") }
        }
        sinais.cancelar()
        pool.encerrar()
        logger.info("gsan-campo parado")
    }
}

/// SIGTERM and SIGINT stop the server gracefully.
final class Sinais: @unchecked Sendable {
    private let fontes: [any DispatchSourceSignal]

    init(_ acao: @escaping @Sendable () -> Void) {
        var fontes: [any DispatchSourceSignal] = []
        for s in [SIGTERM, SIGINT] {
            signal(s, SIG_IGN)
            let fonte = DispatchSource.makeSignalSource(signal: s, queue: .global())
            fonte.setEventHandler(handler: acao)
            fonte.resume()
            fontes.append(fonte)
        }
        self.fontes = fontes
    }

    func cancelar() { for f in fontes { f.cancel() } }
}
