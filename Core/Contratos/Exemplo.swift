public import JobRuntime

/// The example worker's jobs (`gsan-exemplo`, family `exemplo`): one effect row per job, with
/// knobs to fail, sleep and fan out. The reliability tests and the runtime benchmark drive real
/// processes with them. Handlers: Core/Exemplo/ExemploJobs.swift.
public enum ExemploJobs {
    public static let efeito = JobKind("exemplo.efeito", family: Familia.exemplo, maxAttempts: 4, timeout: .seconds(60))
    public static let lote = JobKind("exemplo.lote", family: Familia.exemplo)
    /// A kind with a short timeout, to see an attempt abandoned.
    public static let lento = JobKind("exemplo.lento", family: Familia.exemplo, maxAttempts: 2, timeout: .seconds(1))

    public struct Efeito: PayloadJob {
        public var n: Int
        /// Fails (retryable) while its attempt is ≤ this.
        public var falhasAntes: Int?
        /// Sleeps this long inside its transaction (longer than a heartbeat, past SIGTERM…).
        public var dormirMs: Int?
        /// Fails (retryable) while `exemplo.defeito` holds this key.
        public var defeito: String?
        /// Fails permanently: a validation error.
        public var invalido: Bool?
        /// Takes the whole process down (a trap, as a force-unwrap of nil would) while
        /// `exemplo.defeito` holds this key: a poison message.
        public var derrubar: String?

        public init(
            n: Int, falhasAntes: Int? = nil, dormirMs: Int? = nil, defeito: String? = nil, invalido: Bool? = nil,
            derrubar: String? = nil
        ) {
            self.n = n
            self.falhasAntes = falhasAntes
            self.dormirMs = dormirMs
            self.defeito = defeito
            self.invalido = invalido
            self.derrubar = derrubar
        }

        public func validate() throws {
            if let falhasAntes, !(0...1_000).contains(falhasAntes) { throw InvalidPayload("falhasAntes \(falhasAntes) fora de 0…1000") }
            if let dormirMs, !(0...600_000).contains(dormirMs) { throw InvalidPayload("dormirMs \(dormirMs) fora de 0…600000") }
        }
    }

    public struct Lote: PayloadJob {
        public var filhos: Int
        /// Enqueued once the last child is done.
        public var continuacao: Bool?
        /// This child (by index) fails while `exemplo.defeito` holds `defeito`.
        public var filhoComDefeito: Int?
        public var defeito: String?

        public init(filhos: Int, continuacao: Bool? = nil, filhoComDefeito: Int? = nil, defeito: String? = nil) {
            self.filhos = filhos
            self.continuacao = continuacao
            self.filhoComDefeito = filhoComDefeito
            self.defeito = defeito
        }

        public func validate() throws {
            guard (0...100_000).contains(filhos) else { throw InvalidPayload("filhos \(filhos) fora de 0…100000") }
        }
    }
}
