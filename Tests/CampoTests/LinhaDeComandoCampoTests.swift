import Foundation
import Testing
import TestSupport

/// gsan-campo and gsan-celular refuse a bad command line in Portuguese, as the `gsan` CLI does
/// (``LinhaDeComando``): each case runs the real program, which exits non-zero before it
/// listens, connects or sends anything, with its reason and never ArgumentParser's English.
@Suite struct LinhaDeComandoCampoTests {
    struct Caso: Sendable {
        var programa: String
        var argumentos: [String]
        /// A line of the output (exactly).
        var motivo: String
    }

    static let imei = "359881030000001"
    static let casos: [Caso] = [
        Caso(programa: "gsan-campo", argumentos: ["servir", "--porta", "abc"], motivo: "erro: o valor 'abc' é inválido para '--porta <porta>'"),
        Caso(programa: "gsan-campo", argumentos: ["servir", "--porta", "70000"], motivo: "erro: o valor '70000' é inválido para '--porta <porta>'"),
        Caso(programa: "gsan-campo", argumentos: ["servir", "--porta", "0"], motivo: "erro: --porta 0 fora de 1…65535"),
        Caso(programa: "gsan-campo", argumentos: ["servir", "--conexoes", "0"], motivo: "erro: --conexoes 0 fora de 1…256"),
        Caso(programa: "gsan-campo", argumentos: ["servir", "--conexoes", "-1"], motivo: "erro: --conexoes -1 fora de 1…256"),
        Caso(programa: "gsan-campo", argumentos: ["servir", "--fila", "0"], motivo: "erro: --fila 0 fora de 1…1000000"),
        Caso(programa: "gsan-campo", argumentos: ["servir", "--limite-corpo", "-5"], motivo: "erro: --limite-corpo -5 fora de 1…1073741824"),
        Caso(programa: "gsan-campo", argumentos: ["servir", "--pedidos-por-minuto", "0"], motivo: "erro: --pedidos-por-minuto 0 fora de 1…1000000"),
        Caso(programa: "gsan-campo", argumentos: ["servir", "--prazo", "0"], motivo: "erro: --prazo 0.0 fora de 0…3600 segundos (maior que zero)"),
        Caso(programa: "gsan-campo", argumentos: ["servir", "--endereco", "999.1.1.1"],
             motivo: "erro: --endereco 999.1.1.1 não é um endereço IPv4 (por exemplo 127.0.0.1)"),
        Caso(programa: "gsan-campo", argumentos: ["servir", "--hoje", "31/02/2025"], motivo: "erro: --hoje inválido: 31/02/2025 (use DD/MM/AAAA)"),
        Caso(programa: "gsan-campo", argumentos: ["servir", "--log", "verboso"],
             motivo: "erro: --log verboso inválido: use trace, debug, info, notice, warning, error, critical"),
        Caso(programa: "gsan-campo", argumentos: ["servir", "--desconhecida"], motivo: "erro: opção desconhecida '--desconhecida'"),
        Caso(programa: "gsan-campo", argumentos: ["servir", "--porta"], motivo: "erro: falta o valor de '--porta <porta>'"),
        Caso(programa: "gsan-celular", argumentos: [], motivo: "erro: falta o argumento obrigatório '--imei <imei>'"),
        Caso(programa: "gsan-celular", argumentos: ["--imei", imei], motivo: "erro: falta o argumento obrigatório '--data <data>'"),
        Caso(programa: "gsan-celular", argumentos: ["--imei", "123", "--data", "05/06/2025"], motivo: "erro: --imei 123 inválido: 15 dígitos"),
        Caso(programa: "gsan-celular", argumentos: ["--imei", imei, "--data", "2025-06-05"], motivo: "erro: --data inválida: 2025-06-05 (use DD/MM/AAAA)"),
        Caso(programa: "gsan-celular", argumentos: ["--imei", imei, "--data", "05/06/2025", "--semente", "-1"],
             motivo: "erro: o valor '-1' é inválido para '--semente <semente>'"),
        Caso(programa: "gsan-celular", argumentos: ["--imei", imei, "--data", "05/06/2025", "--porta", "0"], motivo: "erro: --porta 0 fora de 1…65535"),
        Caso(programa: "gsan-celular", argumentos: ["--imei", imei, "--data", "05/06/2025", "--host", "localhost:80"],
             motivo: "erro: --host localhost:80 não é um endereço IPv4 (por exemplo 127.0.0.1)"),
        Caso(programa: "gsan-celular", argumentos: ["--imei", imei, "--data", "05/06/2025", "--perder", "0"], motivo: "erro: --perder 0 fora de 1…2147483647"),
        Caso(programa: "gsan-celular", argumentos: ["--imei", imei, "--data", "05/06/2025", "sobra"], motivo: "erro: argumento inesperado 'sobra'"),
    ]

    /// ArgumentParser's English, which a refusal must never show.
    static let ingles = ["Error:", "Usage:", "Missing", "is invalid for", "Unknown option", "Unexpected argument", "Please provide"]

    @Test(arguments: casos.indices) func recusaEmPortugues(_ n: Int) throws {
        let caso = Self.casos[n]
        // Nothing is contacted: the servers named are unreachable on purpose.
        let processo = try WorkerProcess(
            caso.programa, arguments: caso.argumentos, amqpURL: "amqp://ninguem@127.0.0.1:1", databaseURL: "postgresql://ninguem@127.0.0.1:1/nada")
        let status = processo.wait(timeout: 60)
        let saida = processo.log
        let linhas = saida.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(status != nil && status != 0, "\(caso.argumentos): saiu com \(String(describing: status))\n\(saida)")
        #expect(linhas.contains(caso.motivo), "\(caso.programa) \(caso.argumentos): \(saida)")
        let achado = Self.ingles.filter { saida.contains($0) }
        #expect(achado.isEmpty, "\(caso.programa) \(caso.argumentos): inglês na saída \(achado): \(saida)")
    }
}
