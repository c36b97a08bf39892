import ArgumentParser
import Foundation
import GSANSupport
import Postgres

/// A worker executable's `main`: parses and runs `Comando`, and says every refusal in
/// Portuguese — ArgumentParser's phrases through ``TraducaoArgumentos`` (`--opcao -1` read as
/// the option's value), a database error by its SQLSTATE class. Each worker's `@main` type
/// calls it from its own `static func main()`.
public enum LinhaDeComando {
    public static func executar<Comando: AsyncParsableCommand>(
        _ tipo: Comando.Type, argumentos: [String] = Array(CommandLine.arguments.dropFirst())
    ) async -> Never {
        do {
            var comando = try analisar(tipo, argumentos)
            if var assincrono = comando as? any AsyncParsableCommand {
                try await assincrono.run()
            } else {
                try comando.run()
            }
            exit(0)
        } catch let erro as PostgresError {
            escreverErro("erro: \(erro.explicacao)")
            exit(1)
        } catch {
            let codigo = tipo.exitCode(for: error)
            let texto = tipo.fullMessage(for: error)
            if codigo == .success {
                if !texto.isEmpty { print(texto) }
            } else if !texto.isEmpty {
                escreverErro(TraducaoArgumentos.traduzir(texto))
            }
            exit(codigo.rawValue)
        }
    }

    static func analisar<Comando: AsyncParsableCommand>(_ tipo: Comando.Type, _ argumentos: [String]) throws
        -> any ParsableCommand
    {
        do {
            return try tipo.parseAsRoot(argumentos)
        } catch {
            let juntos = TraducaoArgumentos.juntandoNegativos(argumentos)
            guard juntos != argumentos, tipo.fullMessage(for: error).contains("Missing value for") else { throw error }
            return try tipo.parseAsRoot(juntos)
        }
    }

    static func escreverErro(_ texto: String) {
        FileHandle.standardError.write(Data((texto.hasSuffix("\n") ? texto : texto + "\n").utf8))
    }
}
