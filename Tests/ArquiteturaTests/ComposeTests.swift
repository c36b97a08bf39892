import Foundation
import Testing

/// compose/ against the project (no Docker engine runs here): the YAML parses, every program it
/// runs is an executable of Package.swift, every flag and environment variable it passes exists
/// in the code, every worker family has a service, Prometheus scrapes every program on the port
/// it serves, and the dashboard asks only for documented metrics.
@Suite struct ComposeTests {
    static let raiz = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func texto(_ caminho: String) throws -> String {
        try String(contentsOf: raiz.appendingPathComponent(caminho), encoding: .utf8)
    }

    /// YAML → JSON through Python's yaml (PyYAML, on the machines this project builds on):
    /// a file that does not parse fails here.
    static func yaml(_ caminho: String) throws -> [String: Any] {
        let processo = Process()
        processo.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        processo.arguments = [
            "python3", "-c", "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))",
            raiz.appendingPathComponent(caminho).path,
        ]
        let saida = Pipe()
        let erro = Pipe()
        processo.standardOutput = saida
        processo.standardError = erro
        try processo.run()
        let dados = saida.fileHandleForReading.readDataToEndOfFile()
        let mensagem = String(decoding: erro.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        processo.waitUntilExit()
        guard processo.terminationStatus == 0 else {
            throw Falha("\(caminho) não foi lido como YAML (python3 com PyYAML): \(mensagem)")
        }
        guard let objeto = try JSONSerialization.jsonObject(with: dados) as? [String: Any] else {
            throw Falha("\(caminho): o YAML não é um mapa")
        }
        return objeto
    }

    struct Falha: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    static func capturas(_ padrao: String, em texto: String) throws -> [String] {
        let regex = try NSRegularExpression(pattern: padrao)
        return regex.matches(in: texto, range: NSRange(texto.startIndex..., in: texto)).compactMap {
            Range($0.range(at: 1), in: texto).map { String(texto[$0]) }
        }
    }

    /// Every Swift source of Core/ and Workers/, concatenated.
    static func fontes() throws -> String {
        var tudo = ""
        for pasta in ["Core", "Workers"] {
            let base = raiz.appendingPathComponent(pasta)
            guard let arquivos = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in arquivos where url.pathExtension == "swift" {
                tudo += (try? String(contentsOf: url, encoding: .utf8)) ?? ""
            }
        }
        return tudo
    }

    static func lista(_ valor: Any?) -> [String] { (valor as? [Any])?.compactMap { $0 as? String } ?? [] }

    @Test func theComposeFileRunsOnlyWhatTheProjectHasAndEveryFamily() throws {
        let compose = try Self.yaml("compose/docker-compose.yml")
        let servicos = try #require(compose["services"] as? [String: [String: Any]])
        let executaveis = Set(try Self.capturas(#"\.executable\(name: "([^"]+)""#, em: try Self.texto("Package.swift")))
        let catalogo = try Self.texto("Core/Contratos/Catalogo.swift")
        let familias = try Self.capturas(
            #"public static let \w+ = "([a-z0-9_-]+)""#,
            em: String(catalogo[catalogo.range(of: "enum Familia")!.lowerBound...].prefix { $0 != "}" }))
        #expect(familias.count >= 7)
        let fontes = try Self.fontes()
        let variaveisDoEnv = Set(try Self.capturas(#"(?m)^([A-Z_]+)="#, em: try Self.texto("compose/env.example")))
        #expect(variaveisDoEnv.contains("GSAN_AMQP_PASSWORD"))

        var programas: [String: [String]] = [:]  // service → entrypoint + command
        for (nome, servico) in servicos {
            let linha = Self.lista(servico["entrypoint"]) + Self.lista(servico["command"])
            guard let programa = linha.first, programa.hasPrefix("gsan") else { continue }
            programas[nome] = linha
            #expect(executaveis.contains(programa), "\(nome): \(programa) não é um executável de Package.swift")
            for flag in linha where flag.hasPrefix("--") {
                // `.customLong("x-y")`, or an option named after its property (`var xY`).
                let partes = flag.dropFirst(2).split(separator: "-").map(String.init)
                let propriedade = (partes.first ?? "") + partes.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
                #expect(
                    fontes.contains("customLong(\"\(flag.dropFirst(2))\")") || fontes.contains("var \(propriedade) ")
                        || fontes.contains("var \(propriedade):"),
                    "\(nome): a opção \(flag) não existe no código")
            }
            for variavel in (servico["environment"] as? [String: Any] ?? [:]).keys where variavel.hasPrefix("GSAN_") {
                #expect(fontes.contains("\"\(variavel)\""), "\(nome): a variável \(variavel) não é lida pelo código")
            }
        }
        for familia in familias {
            let servico = programas.first { _, linha in
                linha.first == "gsan-\(familia)" && (familia != "campo" || linha.contains("trabalhar"))
            }
            #expect(servico != nil, "a família \(familia) não tem serviço (gsan-\(familia)) em compose/docker-compose.yml")
        }
        #expect(programas.values.contains { $0.first == "gsan-scheduler" })
        #expect(programas.values.contains { $0.first == "gsan-campo" && $0.contains("servir") })
        #expect((servicos["gsan-scheduler"]?["deploy"] as? [String: Any])?["replicas"] as? Int == 2, "two schedulers: one leads")

        // Every ${VAR} the file interpolates is in env.example (or has a default).
        let texto = try Self.texto("compose/docker-compose.yml")
        for variavel in try Self.capturas(#"\$\{([A-Z_]+)(?::?\?[^}]*)?\}"#, em: texto) {
            #expect(variaveisDoEnv.contains(variavel), "\(variavel) falta em compose/env.example")
        }

        // Prometheus scrapes every program that serves metrics, on the port it serves them.
        let prometheus = try Self.yaml("compose/prometheus/prometheus.yml")
        let alvos = ((prometheus["scrape_configs"] as? [[String: Any]]) ?? []).flatMap {
            ($0["dns_sd_configs"] as? [[String: Any]]) ?? []
        }
        // Every long-running program (not the one-shot CLI: migrate, gsan …).
        for (nome, linha) in programas where linha.first != "gsan" {
            guard let indice = linha.firstIndex(of: "--metricas-porta"), indice + 1 < linha.count else {
                Issue.record("\(nome) não serve métricas (--metricas-porta)")
                continue
            }
            let porta = Int(linha[indice + 1])
            #expect(
                alvos.contains { Self.lista($0["names"]).contains(nome) && $0["port"] as? Int == porta },
                "o Prometheus não coleta \(nome) na porta \(linha[indice + 1])")
            #expect(linha.contains("--metricas-endereco") && linha.contains("0.0.0.0"), "\(nome): métricas só em 127.0.0.1 no contêiner")
        }
        for alvo in alvos.flatMap({ Self.lista($0["names"]) }) {
            #expect(servicos[alvo] != nil, "o Prometheus procura \(alvo), que não é um serviço")
        }
    }

    @Test func theDashboardAsksOnlyForDocumentedMetrics() throws {
        let dados = try #require(try Self.texto("compose/grafana/dashboards/gsan.json").data(using: .utf8))
        let painel = try #require(try JSONSerialization.jsonObject(with: dados) as? [String: Any])
        let paineis = try #require(painel["panels"] as? [[String: Any]])
        #expect(paineis.count >= 10)
        let documentadas = try Self.texto("docs/metricas.md")
        var usadas = Set<String>()
        for p in paineis {
            for alvo in (p["targets"] as? [[String: Any]]) ?? [] {
                let expressao = try #require(alvo["expr"] as? String)
                for nome in try Self.capturas(#"\b((?:gsan|process)_[a-z_]+)"#, em: expressao) {
                    var base = nome
                    for sufixo in ["_bucket", "_sum", "_count"] where base.hasSuffix(sufixo) { base = String(base.dropLast(sufixo.count)) }
                    usadas.insert(base)
                }
            }
        }
        for nome in usadas {
            #expect(documentadas.contains("`\(nome)`"), "o painel usa \(nome), que docs/metricas.md não documenta")
        }
        #expect(usadas.contains("gsan_jobs_done_total") && usadas.contains("gsan_queue_messages"))
    }
}
