import ArgumentParser
import CelularSimulado
import Foundation
import GSANModel
import ProtocoloCampo
import WorkerSupport

/// `gsan-celular`: a simulated reader's phone against gsan-campo (download, read, upload, finalize).
@main
struct GSANCelular: ParsableCommand {
    /// Refusals in Portuguese (``LinhaDeComando``).
    static func main() { LinhaDeComando.executarSincrono(Self.self) }

    static let configuration = CommandConfiguration(
        commandName: "gsan-celular",
        abstract: "Celular simulado: baixa o arquivo pelo IMEI, lê os imóveis (semente), envia cada um e finaliza a rota.")

    @Option(help: "IMEI do celular (15 dígitos).") var imei: String
    @Option(help: "Servidor gsan-campo.") var host = "127.0.0.1"
    @Option(help: "Porta do servidor.") var porta: UInt16 = 8080
    @Option(help: "Semente das leituras.") var semente: UInt64 = 1
    @Option(help: "Dia das leituras, DD/MM/AAAA.") var data: String
    @Option(help: "Imóveis que o celular deixa de enviar no pacote 1 (reenviados na finalização código 7).") var perder: [Int] = []
    @Flag(help: "Lê todos os arquivos que o servidor liberar para o celular, um depois do outro.") var todos = false

    /// Every refusal before the first request, in Portuguese (``LinhaDeComando`` says it).
    func validate() throws {
        guard IMEI.numero(imei) != nil else { throw ValidationError("--imei \(imei) inválido: 15 dígitos") }
        guard CivilDate(brazilian: data) != nil else { throw ValidationError("--data inválida: \(data) (use DD/MM/AAAA)") }
        guard porta > 0 else { throw ValidationError("--porta 0 fora de 1…65535") }
        var ip = in_addr()
        guard inet_pton(AF_INET, host, &ip) == 1 else {
            throw ValidationError("--host \(host) não é um endereço IPv4 (por exemplo 127.0.0.1)")
        }
        for m in perder where !(1...Int(Int32.max)).contains(m) {
            throw ValidationError("--perder \(m) fora de 1…2147483647")
        }
    }

    func run() throws {
        guard let numero = IMEI.numero(imei), let dia = CivilDate(brazilian: data) else { throw ValidationError("--imei ou --data inválidos") }
        var config = Celular.Configuracao(imei: numero, semente: semente, dataLeitura: dia)
        config.perder = Set(perder)
        do {
            let relatorios = todos
                ? try Celular.executarTodos(host: host, portas: [porta], config: config)
                : [try Celular(host: host, porta: porta, config: config).executar()]
            for r in relatorios {
                print("celular \(imei): arquivo de \(r.arquivo) bytes, \(r.imoveis) imóveis, \(r.enviados) enviados, "
                    + "\(r.releituras) releituras, \(r.reenviosCodigo7) reenvio(s) código 7, finalizado: \(r.finalizado ? "sim" : "não")")
            }
            if relatorios.isEmpty { print("celular \(imei): nenhum arquivo liberado") }
        } catch {
            print("celular \(imei): \(error)")
            throw ExitCode.failure
        }
    }
}
