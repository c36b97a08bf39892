import Contratos
import Foundation
import JobRuntime
import Postgres

/// The handlers of the example worker (`gsan-exemplo`); kinds and payloads in
/// Core/Contratos/Exemplo.swift.
extension ExemploJobs {
    public static func register(into registry: inout JobRegistry) {
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
