import Campo
import FlyingFox
import FlyingSocks
import Foundation
import GSANSupport
import Logging
import Postgres
import ProtocoloCampo
import WorkerSupport

/// The HTTP side: reads the raw body whatever the Content-Type (bounded), decodes the packet,
/// hands the database work to the pool, and answers 200 with the exact bytes, an exact
/// Content-Length and no compression (§1.3, §6). Nothing escapes as anything but `#`.
struct ServidorCampo: Sendable {
    static let caminho = "/gsan/processarRequisicaoDipositivoMovelImpressaoSimultaneaAndroidAction.do"

    let pool: PoolConexoes
    let atendimento: AtendimentoCampo
    let limiteCorpo: Int
    let limitador: LimitadorPedidos
    let logger: Logger

    func atender(_ request: HTTPRequest) async throws -> HTTPResponse {
        let inicio = ContinuousClock.now
        let origem = request.remoteIPAddress ?? "?"
        // The body, bounded: a declared length over the limit is refused before reading it.
        if let declarado = request.headers[.contentLength].flatMap(Int.init), declarado > limiteCorpo {
            logger.warning("campo: corpo grande demais", metadata: ["origem": "\(origem)", "bytes": "\(declarado)"])
            // The app writes its whole body before reading the answer: read and drop it (4 KiB
            // at a time) so the phone gets its `#`; past the drain limit the connection is
            // closed on it.
            if declarado <= max(limiteCorpo * 4, 64 << 20) {
                do { for try await _ in request.bodySequence {} } catch {}
            }
            return resposta(Resposta.erroSimples, fechar: true)
        }
        var corpo: [UInt8] = []
        do {
            for try await parte in request.bodySequence {
                corpo += parte
                if corpo.count > limiteCorpo {
                    logger.warning("campo: corpo grande demais", metadata: ["origem": "\(origem)", "bytes": "> \(limiteCorpo)"])
                    return resposta(Resposta.erroSimples, fechar: true)
                }
            }
        } catch {
            logger.warning("campo: corpo truncado", metadata: ["origem": "\(origem)", "erro": "\(error)"])
            return resposta(Resposta.erroSimples, fechar: true)
        }
        let pedido: Pedido
        do {
            pedido = try CodecPedido.decodificar(corpo)
        } catch {
            logger.warning("campo: pedido inválido", metadata: ["origem": "\(origem)", "motivo": "\(error)", "bytes": "\(corpo.count)"])
            CampoMetricas.registrar(pacote: "invalido", ok: false, duracao: ContinuousClock.now - inicio)
            return resposta(Resposta.erroSimples)
        }
        let chave = pedido.imei.map { "imei:\($0)" } ?? "ip:\(origem)"
        guard limitador.permitir(chave) else {
            logger.warning("campo: limite de pedidos", metadata: ["chave": "\(chave)", "pacote": "\(pedido.codigo.rawValue)"])
            return resposta(Resposta.erroSimples)
        }
        if case .ping = pedido { return resposta(Resposta.okSimples) }
        let atendimento = self.atendimento
        do {
            let atendido = try await pool.executar { db in try atendimento.atender(pedido, db: db) }
            let ms = (ContinuousClock.now - inicio).components.attoseconds / 1_000_000_000_000_000
                + (ContinuousClock.now - inicio).components.seconds * 1000
            let nivel: Logger.Level = atendido.corpo.first == Resposta.ok ? .info : .warning
            CampoMetricas.registrar(
                pacote: String(pedido.codigo.rawValue), ok: atendido.corpo.first == Resposta.ok, duracao: ContinuousClock.now - inicio)
            logger.log(
                level: nivel, "campo: pacote \(pedido.codigo.rawValue)",
                metadata: ["imei": "\(pedido.imei.map(String.init) ?? "-")", "origem": "\(origem)", "evento": "\(atendido.evento)", "ms": "\(ms)"])
            return resposta(atendido.corpo)
        } catch is PoolConexoes.Lotado {
            logger.warning("campo: servidor ocupado", metadata: ["pacote": "\(pedido.codigo.rawValue)"])
            return resposta(Resposta.erroSimples)
        } catch {
            logger.error("campo: erro ao atender", metadata: ["pacote": "\(pedido.codigo.rawValue)", "erro": "\(error)"])
            return resposta(Resposta.erroSimples)
        }
    }

    func resposta(_ corpo: [UInt8], fechar: Bool = false) -> HTTPResponse {
        var headers: HTTPHeaders = [.contentType: "application/octet-stream"]
        if fechar { headers[.connection] = "close" }
        return HTTPResponse(statusCode: .ok, headers: headers, body: Data(corpo))
    }

    func saude() async -> HTTPResponse {
        do {
            _ = try await pool.executar { db in try db.query("SELECT 1").count }
            return HTTPResponse(statusCode: .ok, headers: [.contentType: "text/plain"], body: Data("ok\n".utf8))
        } catch {
            return HTTPResponse(statusCode: .serviceUnavailable, headers: [.contentType: "text/plain"], body: Data("banco indisponível\n".utf8))
        }
    }
}

/// A per-key token bucket (a minute's allowance, refilled continuously), per process.
final class LimitadorPedidos: Sendable {
    private let porMinuto: Double
    private let baldes = Trava<[String: (fichas: Double, instante: Double)]>([:])

    init(porMinuto: Int) { self.porMinuto = Double(max(1, porMinuto)) }

    func permitir(_ chave: String) -> Bool {
        let agora = ProcessInfo.processInfo.systemUptime
        return baldes.withLock { b in
            if b.count > 100_000 { b = b.filter { agora - $0.value.instante < 60 } }
            var balde = b[chave] ?? (porMinuto, agora)
            balde.fichas = min(porMinuto, balde.fichas + (agora - balde.instante) * porMinuto / 60)
            balde.instante = agora
            guard balde.fichas >= 1 else {
                b[chave] = balde
                return false
            }
            balde.fichas -= 1
            b[chave] = balde
            return true
        }
    }
}

/// FlyingFox writes a response's header and body in two writes; with Nagle's algorithm on,
/// the body waits for the client's delayed ACK of the header (40 ms per answer on a kept-alive
/// connection). This pool sets TCP_NODELAY on each connection the first time it waits on it.
struct PoolSemAtraso: AsyncSocketPool {
    let base: any AsyncSocketPool

    func prepare() async throws { try await base.prepare() }
    func run() async throws { try await base.run() }

    func suspendSocket(_ socket: Socket, untilReadyFor events: Socket.Events) async throws {
        var um: Int32 = 1
        _ = setsockopt(socket.file.rawValue, Int32(IPPROTO_TCP), TCP_NODELAY, &um, socklen_t(MemoryLayout<Int32>.size))
        try await base.suspendSocket(socket, untilReadyFor: events)
    }
}
