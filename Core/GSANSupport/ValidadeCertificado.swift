internal import CCrypto
import Foundation

/// How long a TLS certificate is still valid: the files the configuration names (a CA, a client
/// certificate) and the certificate a server presents in its handshake. `gsan doctor` warns when
/// one of them expires within 30 days (docs/operacao.md, "Certificados TLS e senhas").
public enum ValidadeCertificado {
    public struct Erro: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// Whole days until the certificate stops being valid; negative once it has expired
    /// (a certificate with less than a day left is 0).
    public static func arquivo(_ caminho: String) throws -> Int {
        var dias: Int32 = 0
        var segundos: Int32 = 0
        let resultado = gsan_pem_ate_expirar(caminho, &dias, &segundos)
        switch resultado {
        case 0: return diasInteiros(dias, segundos)
        case -1: throw Erro(description: "não foi possível abrir \(caminho)")
        case -2: throw Erro(description: "\(caminho) não contém um certificado PEM")
        default: throw Erro(description: "data de validade ilegível em \(caminho)")
        }
    }

    /// The certificate the server at `host`:`porta` presents; `postgres` for PostgreSQL's
    /// SSLRequest before the handshake. Only the date is read: the clients verify the chain.
    public static func servidor(host: String, porta: Int, postgres: Bool, limiteSegundos: Int = 5) throws -> Int {
        var dias: Int32 = 0
        var segundos: Int32 = 0
        let resultado = gsan_tls_ate_expirar(host, String(porta), postgres ? 1 : 0, Int32(limiteSegundos), &dias, &segundos)
        let servidor = "\(host):\(porta)"
        switch resultado {
        case 0: return diasInteiros(dias, segundos)
        case -4: throw Erro(description: "endereço \(servidor) não encontrado")
        case -5: throw Erro(description: "sem conexão com \(servidor)")
        case -6: throw Erro(description: "o PostgreSQL em \(servidor) não aceita TLS")
        case -7: throw Erro(description: "o handshake TLS com \(servidor) falhou")
        case -8: throw Erro(description: "\(servidor) não apresentou certificado")
        default: throw Erro(description: "data de validade ilegível no certificado de \(servidor)")
        }
    }

    static func diasInteiros(_ dias: Int32, _ segundos: Int32) -> Int {
        // ASN1_TIME_diff gives both parts with the same sign.
        Int(dias) + (segundos < 0 && dias == 0 ? -1 : 0)
    }
}
