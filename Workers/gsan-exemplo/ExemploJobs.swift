import Foundation
import JobRuntime
import Postgres

/// The example worker's jobs: one effect row per job, with knobs to fail, sleep and fan
/// out. The reliability tests and the runtime benchmark drive real processes with them.
enum ExemploJobs {
    static let efeito = JobKind("exemplo.efeito", family: "exemplo", maxAttempts: 4, timeout: .seconds(60))
    static let lote = JobKind("exemplo.lote", family: "exemplo")
    /// A kind with a short timeout, to see an attempt abandoned.
    static let lento = JobKind("exemplo.lento", family: "exemplo", maxAttempts: 2, timeout: .seconds(1))

    struct Efeito: Codable, Sendable {
        var n: Int
        /// Fails (retryable) while its attempt is ≤ this.
        var falhasAntes: Int?
        /// Sleeps this long inside its transaction (longer than a heartbeat, past SIGTERM…).
        var dormirMs: Int?
        /// Fails (retryable) while `exemplo.defeito` holds this key.
        var defeito: String?
        /// Fails permanently: a validation error.
        var invalido: Bool?
        /// Takes the whole process down (a trap, as a force-unwrap of nil would), while this
        /// key is in `exemplo.defeito`: a poison message.
        var derrubar: String?
    }

    struct Lote: Codable, Sendable {
        var filhos: Int
        /// Enqueued once the last child is done.
        var continuacao: Bool?
        /// This child (by index) fails while `exemplo.defeito` holds `defeito`.
        var filhoComDefeito: Int?
        var defeito: String?
    }

    static func register(into registry: inout JobRegistry) {
        registry.register(efeito, run)
        registry.register(lento, run)
        registry.register(lote) { (job: Lote, context: JobContext) in
            guard job.filhos >= 0 else { throw JobFailure.permanent("quantidade de filhos negativa: \(job.filhos)") }
            let kind = context.inOwnFamily(efeito)
            for index in 0..<job.filhos {
                var child = Efeito(n: index)
                if index == job.filhoComDefeito { child.defeito = job.defeito }
                try context.enqueueChild(JobSpec(id: "\(context.jobID)/filho-\(index)", kind: kind, payload: child))
            }
            if job.continuacao == true {
                context.continueWith(try JobContinuation(id: "\(context.jobID)/continuacao", kind: kind, payload: Efeito(n: -1)))
            }
        }
    }

    static func run(_ job: Efeito, _ context: JobContext) throws {
        if job.invalido == true { throw JobFailure.permanent("número \(job.n) inválido para o exemplo") }
        if let falhas = job.falhasAntes, context.attempt <= falhas {
            throw JobFailure.retryable("falha simulada na tentativa \(context.attempt) de \(falhas)")
        }
        if let chave = job.defeito,
            let motivo = try context.db.queryPrepared("SELECT motivo FROM exemplo.defeito WHERE chave = $1", [chave]).first
        {
            throw JobFailure.retryable("defeito presente: \(try motivo.decode(String.self, at: 0))")
        }
        if let chave = job.derrubar,
            try context.db.queryPrepared("SELECT 1 FROM exemplo.defeito WHERE chave = $1", [chave]).first != nil
        {
            context.logger.critical("derrubando o processo (exemplo de mensagem venenosa)")
            fatalError("exemplo.efeito: derrubar=\(chave)")
        }
        if let dormir = job.dormirMs { Thread.sleep(forTimeInterval: Double(dormir) / 1000) }
        try context.db.executePrepared(
            sql: "INSERT INTO exemplo.efeito (job_id, n, worker) VALUES ($1, $2, $3)",
            [context.jobID, job.n, String(ProcessInfo.processInfo.processIdentifier)])
    }
}
