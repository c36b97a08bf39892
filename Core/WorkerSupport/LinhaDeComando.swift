import ArgumentParser
import Foundation
import GSANSupport
import Postgres

/// The `main` of every executable (the `gsan` CLI and the workers): parses and runs the root
/// command, and says every refusal in Portuguese — ArgumentParser's phrases through
/// ``TraducaoArgumentos`` (`--opcao -1` read as the option's value), a database error by its
/// SQLSTATE class (``PostgresError/explicacao``). Each `@main` type calls it from its own
/// `static func main()`. Before the command, the process-wide settings the writers read
/// (``ModoArquivos``) are read once from the environment; a malformed one is refused here.
public enum LinhaDeComando {
    public static func executar<Comando: AsyncParsableCommand>(
        _ tipo: Comando.Type, argumentos: [String] = Array(CommandLine.arguments.dropFirst())
    ) async -> Never {
        do {
            try configurarProcesso()
            var comando = try analisar(tipo, argumentos)
            if var assincrono = comando as? any AsyncParsableCommand {
                try await assincrono.run()
            } else {
                try comando.run()
            }
            exit(0)
        } catch {
            encerrar(error, tipo)
        }
    }

    /// The same for a command tree without async commands (`gsan`).
    public static func executarSincrono<Comando: ParsableCommand>(
        _ tipo: Comando.Type, argumentos: [String] = Array(CommandLine.arguments.dropFirst())
    ) -> Never {
        do {
            try configurarProcesso()
            var comando = try analisar(tipo, argumentos)
            try comando.run()
            exit(0)
        } catch {
            encerrar(error, tipo)
        }
    }

    /// The settings read once per process: the files' and folders' modes.
    static func configurarProcesso() throws {
        ModoArquivos.configurar(try GSANEnvironment().modosArquivos())
    }

    /// Plain parse first; only when it fails with "Missing value" and a negative number
    /// follows an option, again with the number joined to it.
    static func analisar<Comando: ParsableCommand>(_ tipo: Comando.Type, _ argumentos: [String]) throws
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

    /// Help on stdout with exit 0; a refusal on stderr, in Portuguese, with its exit code.
    static func encerrar<Comando: ParsableCommand>(_ error: any Error, _ tipo: Comando.Type) -> Never {
        if let erro = error as? PostgresError {
            escreverErro("erro: \(erro.explicacao)")
            exit(1)
        }
        let codigo = tipo.exitCode(for: error)
        let texto = tipo.fullMessage(for: error)
        if codigo == .success {
            if !texto.isEmpty { print(texto) }
        } else if !texto.isEmpty {
            escreverErro(TraducaoArgumentos.traduzir(texto))
        }
        exit(codigo.rawValue)
    }

    static func escreverErro(_ texto: String) {
        FileHandle.standardError.write(Data((texto.hasSuffix("\n") ? texto : texto + "\n").utf8))
    }
}
