import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A small blocking HTTP/1.1 client, as the app's HttpURLConnection talks: a POST with a raw
/// body, an explicit Content-Length, `Accept-Encoding: identity`; the answer read to its exact
/// Content-Length. Keeps the connection for the next request. One per thread.
public final class ClienteHTTP {
    public struct Erro: Error, CustomStringConvertible {
        public var description: String
    }

    public struct RespostaHTTP {
        public var status: Int
        public var cabecalhos: [String: String]
        public var corpo: [UInt8]
    }

    let host: String
    let porta: UInt16
    var socket: Int32 = -1
    var buffer: [UInt8] = []
    /// What one recv reads into, kept (zero-filling 64 KiB per answer was most of the
    /// simulated phones' CPU in the bench).
    var bloco = [UInt8](repeating: 0, count: 65536)

    public init(host: String, porta: UInt16) {
        self.host = host
        self.porta = porta
    }

    deinit { fechar() }

    public func fechar() {
        if socket >= 0 { close(socket) }
        socket = -1
        buffer = []
    }

    func conectar() throws {
        let s = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard s >= 0 else { throw Erro(description: "socket: \(errno)") }
        var endereco = sockaddr_in()
        endereco.sin_family = sa_family_t(AF_INET)
        endereco.sin_port = porta.bigEndian
        guard inet_pton(AF_INET, host, &endereco.sin_addr) == 1 else {
            close(s)
            throw Erro(description: "endereço inválido \(host)")
        }
        let r = withUnsafePointer(to: &endereco) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard r == 0 else {
            close(s)
            throw Erro(description: "conexão recusada em \(host):\(porta) (errno \(errno))")
        }
        var um: Int32 = 1
        setsockopt(s, Int32(IPPROTO_TCP), TCP_NODELAY, &um, socklen_t(MemoryLayout<Int32>.size))
        var prazo = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &prazo, socklen_t(MemoryLayout<timeval>.size))
        socket = s
    }

    /// POSTs `corpo` to `caminho`; retries once on a connection the server closed meanwhile.
    public func post(_ caminho: String, _ corpo: [UInt8], cabecalhosExtras: [String] = []) throws -> RespostaHTTP {
        do {
            return try enviar("POST", caminho, corpo, cabecalhosExtras)
        } catch {
            fechar()
            return try enviar("POST", caminho, corpo, cabecalhosExtras)
        }
    }

    public func get(_ caminho: String) throws -> RespostaHTTP {
        do { return try enviar("GET", caminho, [], []) } catch {
            fechar()
            return try enviar("GET", caminho, [], [])
        }
    }

    /// Sends raw bytes (a test's malformed request) and reads one answer.
    public func bruto(_ bytes: [UInt8]) throws -> RespostaHTTP {
        if socket < 0 { try conectar() }
        try escrever(bytes)
        return try lerResposta()
    }

    func enviar(_ metodo: String, _ caminho: String, _ corpo: [UInt8], _ extras: [String]) throws -> RespostaHTTP {
        if socket < 0 { try conectar() }
        var cabecalho = "\(metodo) \(caminho) HTTP/1.1\r\nHost: \(host):\(porta)\r\n"
        if metodo == "POST" {
            cabecalho += "Content-Type: application/octet-stream\r\nUser-Agent: Profile/MIDP-2.0 Configuration/CLDC-1.1\r\n"
            cabecalho += "Accept-Encoding: identity\r\nContent-Length: \(corpo.count)\r\n"
        }
        for e in extras { cabecalho += e + "\r\n" }
        cabecalho += "\r\n"
        try escrever(Array(cabecalho.utf8) + corpo)
        return try lerResposta()
    }

    func escrever(_ bytes: [UInt8]) throws {
        var enviados = 0
        while enviados < bytes.count {
            let n = bytes[enviados...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw Erro(description: "envio interrompido (errno \(errno))") }
            enviados += n
        }
    }

    func encher() throws {
        let n = bloco.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { throw Erro(description: "conexão fechada pelo servidor") }
        buffer.append(contentsOf: bloco[0..<n])
    }

    /// Where the header's blank line starts in `buffer`, if it came.
    func fimDoCabecalho() -> Int? {
        buffer.withUnsafeBufferPointer { b in
            guard b.count >= 4 else { return nil }
            for i in 0...(b.count - 4) where b[i] == 13 && b[i + 1] == 10 && b[i + 2] == 13 && b[i + 3] == 10 { return i }
            return nil
        }
    }

    func lerResposta() throws -> RespostaHTTP {
        var corte = fimDoCabecalho()
        while corte == nil {
            try encher()
            corte = fimDoCabecalho()
        }
        guard let corte else { throw Erro(description: "cabeçalho incompleto") }
        let cabecalho = String(decoding: buffer[0..<corte], as: UTF8.self)
        buffer.removeFirst(corte + 4)
        let linhas = cabecalho.components(separatedBy: "\r\n")
        let partes = linhas[0].split(separator: " ")
        guard partes.count >= 2, let status = Int(partes[1]) else { throw Erro(description: "linha de status inválida: \(linhas[0])") }
        var cabecalhos: [String: String] = [:]
        for l in linhas.dropFirst() {
            guard let d = l.firstIndex(of: ":") else { continue }
            cabecalhos[l[..<d].lowercased()] = l[l.index(after: d)...].trimmingCharacters(in: .whitespaces)
        }
        guard let tamanho = cabecalhos["content-length"].flatMap(Int.init) else {
            throw Erro(description: "resposta sem Content-Length (o aplicativo ignoraria os parâmetros)")
        }
        while buffer.count < tamanho { try encher() }
        let corpo = Array(buffer[0..<tamanho])
        buffer.removeFirst(tamanho)
        if cabecalhos["connection"]?.lowercased() == "close" { fechar() }
        return RespostaHTTP(status: status, cabecalhos: cabecalhos, corpo: corpo)
    }
}
