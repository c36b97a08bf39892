import Foundation
import GSANSupport
import Logging
import Postgres

/// A bounded pool of dedicated threads, each owning its own PostgreSQL connection, that the
/// HTTP handlers hand their database work to: libpq blocks, so it never runs on Swift's
/// cooperative pool. A full queue refuses at once (the phone gets `#` and tries again) instead
/// of piling requests up.
public final class PoolConexoes: Sendable {
    public struct Lotado: Error, CustomStringConvertible {
        public var description: String { "servidor ocupado: fila do banco cheia" }
    }

    public struct SemConexao: Error, CustomStringConvertible {
        public var description: String { "sem conexão com o PostgreSQL" }
    }

    private struct Tarefa: @unchecked Sendable {
        var executar: (PostgresConnection?) -> Void
    }

    private let estado: Trava<(fila: [Tarefa], inicio: Int, encerrado: Bool)>
    private let sinal = DispatchSemaphore(value: 0)
    private let limiteFila: Int
    private let threads: [DedicatedThread]
    /// How long a connection keeps its plans before making them again.
    static let replanejar = Duration.seconds(10)

    /// `conexoes` threads (each connects lazily, and again after losing its connection).
    public init(url: String, conexoes: Int, limiteFila: Int, logger: Logger, aplicacao: String) {
        let estado = Trava<(fila: [Tarefa], inicio: Int, encerrado: Bool)>(([], 0, false))
        let sinal = self.sinal
        self.estado = estado
        self.limiteFila = limiteFila
        var threads: [DedicatedThread] = []
        for n in 0..<max(1, conexoes) {
            threads.append(DedicatedThread(name: "\(aplicacao)-db-\(n)") {
                var conexao: PostgresConnection?
                var planejados = ContinuousClock.now
                while true {
                    sinal.wait()
                    let proxima: Tarefa? = estado.withLock { e in
                        guard e.inicio < e.fila.count else { return nil }
                        let t = e.fila[e.inicio]
                        e.inicio += 1
                        if e.inicio > 1024 && e.inicio * 2 > e.fila.count {
                            e.fila.removeFirst(e.inicio)
                            e.inicio = 0
                        }
                        return t
                    }
                    guard let proxima else { return }  // woken to stop
                    if conexao?.isOpen != true {
                        conexao?.close()
                        conexao = try? PostgresConnection(url: url, logger: logger, applicationName: aplicacao)
                        if conexao == nil { logger.error("campo: sem conexão com o PostgreSQL") }
                        planejados = .now
                        // The server runs the same few prepared statements all day: plan them
                        // once. Left to choose, PostgreSQL kept re-planning the upload's
                        // statements on every call (GetCachedPlan ~10 % of its CPU under the
                        // campo bench, docs/campo.md). Every statement of this pool is a lookup
                        // by key: no scan of a whole table where an index serves, whatever the
                        // statistics say (a table ANALYZEd empty — the month's movement table at
                        // its start — costs every path at zero). Without them the server still
                        // works.
                        do {
                            try conexao?.executeScript("SET plan_cache_mode = force_generic_plan; SET enable_seqscan = off")
                        } catch {
                            logger.warning("campo: plan_cache_mode não ajustado", metadata: ["erro": "\(error)"])
                        }
                    } else if ContinuousClock.now - planejados > Self.replanejar {
                        // A plan made while a table was small is not the plan for it grown: made
                        // when the month's movement table was empty, the upload's DELETE walked
                        // the whole month's index (and fetched each row) on every call as the
                        // table grew. Plans (the statements' and the foreign-key checks' kept
                        // per connection) are made again from time to time; the statements stay
                        // prepared.
                        planejados = .now
                        do {
                            try conexao?.executeScript("DISCARD PLANS")
                        } catch {
                            logger.warning("campo: planos não refeitos", metadata: ["erro": "\(error)"])
                        }
                    }
                    proxima.executar(conexao)
                }
            })
        }
        self.threads = threads
    }

    /// Runs `trabalho` on one of the pool's threads with its connection.
    public func executar<T: Sendable>(_ trabalho: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<T, any Error>) in
            let tarefa = Tarefa { conexao in
                guard let conexao else {
                    c.resume(throwing: SemConexao())
                    return
                }
                c.resume(with: Result { try trabalho(conexao) })
            }
            let aceita = estado.withLock { e -> Bool in
                guard !e.encerrado, e.fila.count - e.inicio < limiteFila else { return false }
                e.fila.append(tarefa)
                return true
            }
            if aceita { sinal.signal() } else { c.resume(throwing: Lotado()) }
        }
    }

    /// Lets queued work finish, then stops the threads.
    public func encerrar() {
        estado.withLock { $0.encerrado = true }
        for _ in threads { sinal.signal() }
        for t in threads { t.join(until: .now() + 10) }
    }
}

/// A value behind a lock (Foundation's NSLock; `Synchronization.Mutex` needs macOS 15).
public final class Trava<Value>: @unchecked Sendable {
    private var valor: Value
    private let lock = NSLock()

    public init(_ valor: Value) { self.valor = valor }

    public func withLock<R>(_ corpo: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try corpo(&valor)
    }
}
