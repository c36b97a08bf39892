import AMQP
import ArgumentParser
import Contratos
import Foundation
import GSANDatabase
import GSANModel
import GSANSupport
import JobRuntime
import Logging
import Postgres

/// `gsan doctor`: can this machine reach both servers, which versions answer, is the
/// schema current, is the queue topology in place? Non-zero exit when anything fails,
/// with the server, the address and the command that starts it.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Verifica RabbitMQ, PostgreSQL, a versão do esquema e a topologia de filas.")

    @Flag(help: "Declara a topologia de filas se estiver faltando (como os workers fazem ao iniciar).")
    var declarar = false

    @Flag(help: "Sai com status 2 quando houver avisos (trabalho parado, mortos), não só com falhas.")
    var estrito = false

    @Option(name: .customLong("limite-publicado"), help: "Minutos de um job publicado com a fila vazia antes do aviso.")
    var limitePublicado = 10.0

    @Option(name: .customLong("limite-outbox"), help: "Minutos do job mais antigo da outbox antes do aviso.")
    var limiteOutbox = 5.0

    @Option(name: .customLong("dias-certificado"), help: "Dias antes do vencimento de um certificado TLS para o aviso.")
    var diasCertificado = 30

    func validate() throws {
        guard (1...3650).contains(diasCertificado) else { throw ValidationError("--dias-certificado: de 1 a 3650 dias") }
        guard limitePublicado > 0, limitePublicado <= 10_080 else { throw ValidationError("--limite-publicado: de 0 a 10080 minutos") }
        guard limiteOutbox > 0, limiteOutbox <= 10_080 else { throw ValidationError("--limite-outbox: de 0 a 10080 minutos") }
    }

    func run() throws {
        let environment = GSANEnvironment()
        var failures = 0
        let hint = "Para iniciar os servidores locais: ops/up (ou defina GSAN_AMQP_URL / GSAN_DATABASE_URL)."

        // PostgreSQL and the schema.
        do {
            let url = try environment.databaseURL
            print("PostgreSQL  \(redactingPassword(url))")
            do {
                let logger = Logger(label: "gsan.doctor")
                let db = try PostgresConnection(url: url, logger: logger, applicationName: "gsan doctor")
                defer { db.close() }
                print("  ok        PostgreSQL \(db.serverVersion), banco \(db.database)")
                let statuses = try Migrator(directory: environment.pastaMigracoes, logger: logger).status(connection: db)
                let applied = statuses.filter(\.isApplied)
                let pending = statuses.filter { !$0.isApplied && $0.checksum != nil }
                let broken = statuses.filter { $0.isModified || ($0.isApplied && $0.checksum == nil) }
                let version = try Migrator(directory: environment.pastaMigracoes, logger: logger).currentVersion(connection: db)
                print("  esquema   versão \(version): \(applied.count) migrações aplicadas, \(pending.count) pendentes")
                if !pending.isEmpty {
                    failures += 1
                    print("  FALHA     migrações pendentes: \(pending.map(\.name).joined(separator: ", ")). Rode: gsan migrate")
                }
                for migration in broken {
                    failures += 1
                    print("  FALHA     migração \(migration.name) alterada ou ausente desde que foi aplicada")
                }
            } catch {
                failures += 1
                print("  FALHA     \(error)")
                print("            \(hint)")
            }
        } catch {
            failures += 1
            print("PostgreSQL  FALHA: \(error)")
        }

        // RabbitMQ and the topology.
        do {
            let configuration = try AMQPConfiguration(url: try environment.amqpURL)
            print("RabbitMQ    \(configuration.redactedURL)")
            do {
                let connection = try AMQPConnection(configuration: configuration)
                defer { connection.close() }
                let product = connection.serverProperties["product"]?.stringValue ?? "RabbitMQ"
                print(
                    "  ok        \(product) \(connection.serverVersion), heartbeat \(connection.negotiatedHeartbeat) s, "
                        + "frame \(connection.negotiatedFrameMax) B")
                let topology = Topology.gsan()
                if declarar { try topology.declare(on: try connection.openChannel()) }
                let queues = try topology.inspect(connection: connection)
                let delays = topology.retryDelays.map { Topology.describe(milliseconds: $0) }.joined(separator: ", ")
                print("  topologia exchanges \(Topology.workExchange) e \(Topology.deadExchange); esperas de \(delays)")
                print("            família        trabalho (msgs/consumidores)  em espera  mortos")
                var missing = 0
                for family in topology.families {
                    let mine = queues.filter { $0.family == family }
                    missing += mine.filter { $0.info == nil }.count
                    func cell(_ matches: (QueueRole) -> Bool) -> String {
                        let selected = mine.filter { matches($0.role) }
                        guard selected.allSatisfy({ $0.info != nil }) else { return "ausente" }
                        return String(selected.reduce(0) { $0 + $1.info!.messageCount })
                    }
                    let work = mine.first { $0.role == .work }?.info
                    let workCell = work.map { "\($0.messageCount) / \($0.consumerCount)" } ?? "ausente"
                    print(
                        "            \(family.padding(toLength: 15, withPad: " ", startingAt: 0))"
                            + "\(workCell.padding(toLength: 30, withPad: " ", startingAt: 0))"
                            + "\(cell(\.isDelay).padding(toLength: 11, withPad: " ", startingAt: 0))\(cell { $0 == .dead })")
                }
                if missing > 0 {
                    print("  aviso     \(missing) filas ausentes: os workers as declaram ao iniciar (ou: gsan doctor --declarar)")
                }
                // Dead-letter copies the record does not hold as dead: invisible to gsan dlq list.
                if let url = try? environment.databaseURL,
                    let db = try? PostgresConnection(url: url, logger: Logger(label: "gsan.doctor"), applicationName: "gsan doctor")
                {
                    defer { db.close() }
                    let unknown = try JobAdmin.unrecordedDeadLetters(families: topology.families, connection: connection, db: db)
                    if unknown.isEmpty {
                        print("  mortos    toda mensagem nas filas de mortos tem seu registro morto no banco")
                    } else {
                        failures += 1
                        print("  FALHA     \(unknown.count) mensagem(ns) nas filas de mortos que o banco não registra como mortas:")
                        for item in unknown.prefix(20) {
                            let state = item.recordedState.map { "estado \($0)" } ?? "sem registro"
                            print("            \(item.queue)  \(item.jobID)  (\(state)): \(item.reason)")
                        }
                        print("            Para registrá-las (gsan dlq list/show/replay/discard as verão): gsan dlq registrar")
                    }
                }
            } catch {
                failures += 1
                print("  FALHA     \(error)")
                print("            \(hint)")
            }
        } catch {
            failures += 1
            print("RabbitMQ    FALHA: \(error)")
        }

        // TLS certificates: what the servers present and the files the URLs name.
        let certificados = CertificadosTLS.verificar(environment, dias: diasCertificado)
        failures += certificados.falhas

        // Work that does not move: waiting with nobody to take it, lost, stuck, dead.
        var warnings: [FleetHealth.Warning] = []
        print("Trabalho")
        do {
            let db = try PostgresConnection(
                url: try environment.databaseURL, logger: Logger(label: "gsan.doctor"), applicationName: "gsan doctor")
            defer { db.close() }
            var depths: [JobAdmin.QueueDepths]?
            if let connection = try? AMQPConnection(url: try environment.amqpURL, connectionName: "gsan doctor") {
                defer { connection.close() }
                depths = try? JobAdmin.queueDepths(Topology.gsan().inspect(connection: connection))
            }
            warnings = FleetHealth.warnings(
                queued: try FleetHealth.queued(db: db), queues: depths, outbox: try FleetHealth.outbox(db: db),
                overdue: try FleetHealth.runningPastTimeout(
                    grace: .seconds(60), timeout: { Catalogo.contrato($0)?.kind.timeout }, db: db),
                dead: try JobAdmin.deadCount(db: db),
                thresholds: FleetHealth.Thresholds(
                    published: .seconds(Int(limitePublicado * 60)), outbox: .seconds(Int(limiteOutbox * 60))))
            if depths == nil { print("  aviso     filas do RabbitMQ não lidas: sem o broker, só o que o banco diz") }
            if warnings.isEmpty { print("  ok        nada parado: toda família com jobs na fila tem consumidor, a outbox anda, nenhum job vencido ou morto") }
            for warning in warnings { print("  AVISO     \(warning.message)") }
        } catch {
            failures += 1
            print("  FALHA     não foi possível ler a tabela de jobs: \(error)")
        }

        let avisos = warnings.count + certificados.avisos
        if failures > 0 {
            print("\(failures) problema(s) encontrado(s)" + (avisos == 0 ? "." : " e \(avisos) aviso(s)."))
            throw ExitCode(1)
        }
        if avisos > 0 {
            print("\(avisos) aviso(s); servidores e esquema em ordem.")
            if estrito { throw ExitCode(2) }
            return
        }
        print("Tudo certo.")
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}

/// The doctor's look at TLS: the certificate each server presents (PostgreSQL unless the URL
/// says `sslmode=disable`; RabbitMQ when the URL is `amqps://`) and the certificate files the
/// URLs name (`sslrootcert`, `sslcert`; `cacertfile`, `certfile`). Expired is a failure; within
/// `dias` days, a warning.
enum CertificadosTLS {
    struct Certificado {
        var nome: String
        var dias: () throws -> Int
    }

    static func certificados(_ environment: GSANEnvironment) -> [Certificado] {
        var lista: [Certificado] = []
        if let url = try? environment.databaseURL, let partes = URLComponents(string: url),
            partes.scheme == "postgresql" || partes.scheme == "postgres"
        {
            let parametros = Dictionary(
                (partes.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, ultimo in ultimo })
            let host = partes.host ?? "localhost"
            let porta = partes.port ?? 5432
            if parametros["sslmode"] != "disable" && !host.hasPrefix("/") {
                lista.append(Certificado(nome: "servidor PostgreSQL \(host):\(porta)") {
                    try ValidadeCertificado.servidor(host: host, porta: porta, postgres: true)
                })
            }
            for chave in ["sslrootcert", "sslcert"] {
                if let caminho = parametros[chave], !caminho.isEmpty, caminho != "system" {
                    lista.append(Certificado(nome: "PostgreSQL \(chave) \(caminho)") { try ValidadeCertificado.arquivo(caminho) })
                }
            }
        }
        if let url = try? environment.amqpURL, let configuracao = try? AMQPConfiguration(url: url), let tls = configuracao.tls {
            let (host, porta) = (configuracao.host, configuracao.port)
            lista.append(Certificado(nome: "servidor RabbitMQ \(host):\(porta)") {
                try ValidadeCertificado.servidor(host: host, porta: porta, postgres: false)
            })
            for (chave, caminho) in [("cacertfile", tls.caCertificatePath), ("certfile", tls.clientCertificatePath)] {
                if let caminho, !caminho.isEmpty {
                    lista.append(Certificado(nome: "RabbitMQ \(chave) \(caminho)") { try ValidadeCertificado.arquivo(caminho) })
                }
            }
        }
        return lista
    }

    /// Prints one line per certificate; returns the failures (expired, unreadable) and the warnings.
    static func verificar(_ environment: GSANEnvironment, dias limite: Int) -> (falhas: Int, avisos: Int) {
        print("Certificados TLS")
        let lista = certificados(environment)
        if lista.isEmpty { print("  aviso     nenhuma conexão usa TLS: as senhas atravessam a rede em claro") }
        var (falhas, avisos) = (0, lista.isEmpty ? 1 : 0)
        for certificado in lista {
            do {
                let dias = try certificado.dias()
                let vencimento = CivilDate.hoje().adding(days: dias)
                if dias < 0 {
                    falhas += 1
                    print("  FALHA     \(certificado.nome): vencido desde \(vencimento)")
                } else if dias <= limite {
                    avisos += 1
                    print("  AVISO     \(certificado.nome): vence em \(dias) dia(s), \(vencimento) — renove (docs/operacao.md)")
                } else {
                    print("  ok        \(certificado.nome): válido até \(vencimento) (\(dias) dias)")
                }
            } catch {
                falhas += 1
                print("  FALHA     \(certificado.nome): \(error)")
            }
        }
        return (falhas, avisos)
    }
}
