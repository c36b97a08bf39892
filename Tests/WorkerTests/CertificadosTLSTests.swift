import Foundation
import GSANSupport
import TestSupport
import Testing

/// The doctor's TLS check (issue 21): the days left on a certificate file and on the certificate
/// a server presents, a warning within the limit, a failure once expired.
@Suite struct CertificadosTLSTests {
    /// A self-signed certificate valid for `dias` (-1: expired yesterday), made by the openssl CLI.
    static func certificado(dias: Int, em pasta: URL) throws -> String {
        let chave = pasta.appendingPathComponent("k.pem").path
        let pedido = pasta.appendingPathComponent("c.csr").path
        let saida = pasta.appendingPathComponent("cert-\(dias).pem").path
        for argumentos in [
            ["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=teste", "-keyout", chave, "-out", pedido],
            ["x509", "-req", "-in", pedido, "-signkey", chave, "-days", String(dias), "-out", saida],
        ] {
            let processo = Process()
            processo.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
            processo.arguments = argumentos
            processo.standardOutput = FileHandle.nullDevice
            processo.standardError = FileHandle.nullDevice
            try processo.run()
            processo.waitUntilExit()
            #expect(processo.terminationStatus == 0, "openssl \(argumentos)")
        }
        return saida
    }

    @Test func aFileSaysHowManyDaysAreLeftAndAnExpiredOneIsNegative() throws {
        let pasta = FileManager.default.temporaryDirectory.appendingPathComponent("gsan-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: pasta, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: pasta) }
        let dez = try ValidadeCertificado.arquivo(try Self.certificado(dias: 10, em: pasta))
        #expect(dez == 9 || dez == 10, "\(dez)")
        #expect(try ValidadeCertificado.arquivo(try Self.certificado(dias: -1, em: pasta)) == -1)
        let texto = pasta.appendingPathComponent("texto.pem")
        try Data("não é um certificado\n".utf8).write(to: texto)
        #expect(throws: ValidadeCertificado.Erro.self) { try ValidadeCertificado.arquivo(texto.path) }
        do {
            _ = try ValidadeCertificado.arquivo(pasta.appendingPathComponent("nenhum.pem").path)
            Issue.record("um arquivo inexistente deveria ser recusado")
        } catch let erro as ValidadeCertificado.Erro {
            #expect(erro.description == "não foi possível abrir \(pasta.path)/nenhum.pem")
        }
    }

    @Test func theTestServersPostgreSQLPresentsItsCertificateAndAClosedPortIsAClearError() throws {
        let url = try #require(URLComponents(string: try TestServers.databaseURL()))
        let host = url.host ?? "127.0.0.1"
        let porta = try #require(url.port)
        // ops/up's server certificate is valid for 3650 days.
        let dias = try ValidadeCertificado.servidor(host: host, porta: porta, postgres: true)
        #expect(dias > 3000, "\(dias)")
        // Port 1, where nothing here listens: a Portuguese error, no crash.
        do {
            _ = try ValidadeCertificado.servidor(host: "127.0.0.1", porta: 1, postgres: true, limiteSegundos: 2)
            Issue.record("a porta 1 não deveria responder")
        } catch let erro as ValidadeCertificado.Erro {
            #expect(erro.description == "sem conexão com 127.0.0.1:1")
        }
    }

    @Test func theDoctorWarnsWithinTheLimitAndListsEveryCertificate() throws {
        let databaseURL = try TestServers.databaseURL()
        let doutor = try WorkerProcess("gsan", arguments: ["doctor", "--dias-certificado", "3650"], amqpURL: try TestServers.amqpURL(),
                                       databaseURL: databaseURL)
        _ = doutor.wait(timeout: 120)
        let linhas = doutor.log.split(separator: "\n").map(String.init)
        let certificados = linhas.drop { $0 != "Certificados TLS" }.dropFirst().prefix { $0.hasPrefix("  ") }
        // With a limit of 3650 days, the server's certificate (3650 days from ops/up) and the CA are warned about.
        #expect(certificados.contains { $0.hasPrefix("  AVISO     servidor PostgreSQL ") && $0.contains("vence em") }, "\(doutor.log)")
        #expect(certificados.contains { $0.hasPrefix("  AVISO     PostgreSQL sslrootcert ") }, "\(doutor.log)")
        #expect(!certificados.contains { $0.contains("FALHA") }, "\(doutor.log)")
    }
}
