import Foundation

/// Where the programs find the servers: environment variables first, then the
/// credentials file that `ops/up` writes, so that every default works against the
/// local servers without a password in code.
///
/// Keys: `GSAN_AMQP_URL`, `GSAN_DATABASE_URL` (and `GSAN_TEST_AMQP_URL`,
/// `GSAN_TEST_DATABASE_URL` for the tests). `GSAN_HOME` moves the credentials file
/// (default `/var/lib/gsan/credentials`, or `GSAN_CREDENTIALS_FILE`).
public struct GSANEnvironment: Sendable {
    public var variables: [String: String]
    public var credentialsFile: String

    public init(variables: [String: String] = ProcessInfo.processInfo.environment) {
        self.variables = variables
        let home = variables["GSAN_HOME"] ?? "/var/lib/gsan"
        self.credentialsFile = variables["GSAN_CREDENTIALS_FILE"] ?? home + "/credentials"
    }

    /// The value of `key` from the environment, else from the credentials file.
    public func value(_ key: String) -> String? {
        if let value = variables[key], !value.isEmpty { return value }
        return Self.readKeyValueFile(credentialsFile)[key]
    }

    /// Like ``value(_:)`` but says what to do when the key is nowhere.
    public func required(_ key: String) throws -> String {
        guard let value = value(key) else {
            throw ConfigurationError(
                "\(key) não definido: nem no ambiente nem em \(credentialsFile). "
                    + "Rode ops/up para iniciar os servidores locais, ou exporte \(key).")
        }
        return value
    }

    public var amqpURL: String { get throws { try required("GSAN_AMQP_URL") } }
    /// The application's database role (ops/up: `gsan_app`, rows only, no DDL): workers, the
    /// scheduler and the CLI.
    public var databaseURL: String { get throws { try required("GSAN_DATABASE_URL") } }

    // MARK: The areas' settings, read here once by the executables and passed down as values

    /// Where `gsan-rotas` writes the route files: `GSAN_ROTAS_DIR` (default `/var/lib/gsan/rotas`).
    public var pastaRotas: String { value("GSAN_ROTAS_DIR") ?? "/var/lib/gsan/rotas" }

    /// The route files' forms, `GSAN_ROTAS_FORMATOS`: `gz`, `txt` or `gz,txt` (default: both —
    /// the `.gz` GSAN serves, the `.txt` for a person to read).
    public func formatosRotas() throws -> (gzip: Bool, texto: Bool) {
        let formatos = Set(
            (value("GSAN_ROTAS_FORMATOS") ?? "gz,txt").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        guard !formatos.isEmpty, formatos.isSubset(of: ["gz", "txt"]) else {
            throw ConfigurationError("GSAN_ROTAS_FORMATOS deve ser gz, txt ou gz,txt")
        }
        return (formatos.contains("gz"), formatos.contains("txt"))
    }

    /// Where `gsan-documentos` writes the PDFs and print-house files: `GSAN_DOCUMENTOS_DIR`, else
    /// `$GSAN_HOME/documentos` (`/var/lib/gsan/documentos`).
    public var pastaDocumentos: String {
        if let pasta = variables["GSAN_DOCUMENTOS_DIR"], !pasta.isEmpty { return pasta }
        return (variables["GSAN_HOME"] ?? "/var/lib/gsan") + "/documentos"
    }

    /// The modes of the files with people's data and of their folders: `GSAN_MODO_ARQUIVOS`,
    /// `GSAN_MODO_PASTAS` in octal (default 640 and 750). A value that is not octal or is wider
    /// than 777 is refused, not silently replaced by the default.
    public func modosArquivos() throws -> ModoArquivos.Modos {
        func modo(_ chave: String, _ padrao: mode_t) throws -> mode_t {
            guard let texto = variables[chave]?.trimmingCharacters(in: .whitespaces), !texto.isEmpty else { return padrao }
            guard texto.count <= 4, let valor = mode_t(texto, radix: 8), valor <= 0o777 else {
                throw ConfigurationError(
                    "\(chave) = \"\(texto.prefix(12))\": informe um modo octal entre 0 e 777 (ex.: 640)")
            }
            return valor
        }
        return try ModoArquivos.Modos(
            arquivo: modo("GSAN_MODO_ARQUIVOS", ModoArquivos.Modos.padrao.arquivo),
            pasta: modo("GSAN_MODO_PASTAS", ModoArquivos.Modos.padrao.pasta))
    }

    /// Another folder of SQL migrations, `GSAN_MIGRATIONS_DIR`; nil: the ones built into `gsan`.
    public var pastaMigracoes: URL? {
        guard let pasta = variables["GSAN_MIGRATIONS_DIR"], !pasta.isEmpty else { return nil }
        return URL(fileURLWithPath: pasta, isDirectory: true)
    }

    /// Where this process's log goes in a deployment's own words, `GSAN_LOG_LOCAL` (named in the
    /// reason of a job that took the worker down); nil: found from the standard error.
    public var localDoLog: String? {
        guard let local = variables["GSAN_LOG_LOCAL"]?.trimmingCharacters(in: .whitespaces), !local.isEmpty else { return nil }
        return local
    }

    /// The schema owner's URL (ops/up: `gsan`): migrations (`gsan migrate`), the generator
    /// (`gsan seed`), the benchmarks' databases. `GSAN_DATABASE_OWNER_URL`; when only
    /// `GSAN_DATABASE_URL` is exported (a deployment with one URL of its own), that one; else
    /// the credentials file's owner URL.
    public var ownerDatabaseURL: String {
        get throws {
            if let url = variables["GSAN_DATABASE_OWNER_URL"], !url.isEmpty { return url }
            if let url = variables["GSAN_DATABASE_URL"], !url.isEmpty { return url }
            if let url = Self.readKeyValueFile(credentialsFile)["GSAN_DATABASE_OWNER_URL"] { return url }
            return try databaseURL
        }
    }

    /// `KEY=VALUE` lines; `#` comments and blank lines ignored. A missing file is empty.
    static func readKeyValueFile(_ path: String) -> [String: String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        var result: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.hasPrefix("#"), let eq = trimmed.firstIndex(of: "=") else { continue }
            result[String(trimmed[..<eq])] = String(trimmed[trimmed.index(after: eq)...])
        }
        return result
    }
}

/// A configuration value is missing or malformed; the message says which and what to do.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A connection string with its secrets replaced by `***`, for logs and messages:
/// `scheme://user:secret@host/...` → `scheme://user:***@host/...`, a `password=` query
/// parameter of a URL, and a libpq conninfo's `password=…` (`host=h password=s` or
/// `password='s p'`).
public func redactingPassword(_ url: String) -> String {
    var text = url
    if let schemeEnd = text.range(of: "://") {
        let authorityEnd = text[schemeEnd.upperBound...].firstIndex(where: { $0 == "/" || $0 == "?" }) ?? text.endIndex
        if let at = text[schemeEnd.upperBound..<authorityEnd].lastIndex(of: "@"),
            let colon = text[schemeEnd.upperBound..<at].firstIndex(of: ":")
        {
            text = String(text[..<text.index(after: colon)]) + "***" + String(text[at...])
        }
        // Query parameters: password=…, sslpassword=… up to the next &.
        return text.replacingOccurrences(
            of: #"([?&](ssl)?password=)[^&#]*"#, with: "$1***", options: [.regularExpression, .caseInsensitive])
    }
    // A conninfo: key = value pairs, values bare or single-quoted (with \' and \\ escapes).
    return text.replacingOccurrences(
        of: #"(\b(ssl)?password\s*=\s*)('(\\.|[^'\\])*'?|[^\s]*)"#, with: "$1***",
        options: [.regularExpression, .caseInsensitive])
}
