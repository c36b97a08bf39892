import GSANCobranca
import JobRuntime
import Logging
import Postgres

/// The handlers of the close chain's own steps (family `faturamento`); the JusCompesa steps
/// are `gsan-juscompesa`'s.
public enum FechamentoJobs {
    public static func register(into registry: inout JobRegistry) {
        registry.register(CadeiaFechamento.iniciar, iniciar)
        registry.register(CadeiaFechamento.encerrar, encerrar)
    }

    /// Step 1: the reference must still be open (or closed by this very chain, when the step
    /// runs again after a replay); the JusCompesa pre-close update runs as its child, and the
    /// close follows as its continuation once that child is done.
    static func iniciar(_ alvo: ReferenciaDoGrupo, _ context: JobContext) throws {
        if try Encerramento.registrado(alvo, db: context.db) == nil {
            guard let grupo = try Encerramento.grupo(alvo.grupoFaturamento, db: context.db) else {
                throw JobFailure.permanent(RecusaFechamento.grupoInexistente(alvo.grupoFaturamento).description)
            }
            guard let referencia = Referencia(amReferencia: alvo.referencia) else {
                throw JobFailure.permanent(RecusaFechamento.referenciaInvalida(String(alvo.referencia)).description)
            }
            if referencia != grupo.referencia {
                let recusa: RecusaFechamento =
                    referencia < grupo.referencia
                    ? .jaEncerrada(grupo: grupo.descricao, referencia: referencia, corrente: grupo.referencia)
                    : .futura(grupo: grupo.descricao, referencia: referencia, corrente: grupo.referencia)
                throw JobFailure.permanent(recusa.description)
            }
        }
        try context.enqueueChild(
            JobSpec(id: CadeiaFechamento.idJuscompesaPre(alvo), kind: CadeiaFechamento.juscompesaPre, payload: alvo))
        context.continueWith(
            try JobContinuation(id: CadeiaFechamento.idEncerrar(alvo), kind: CadeiaFechamento.encerrar, payload: alvo))
    }

    /// Step 2: the close itself, then what follows it as children (the chain is complete when
    /// this job is done).
    static func encerrar(_ alvo: ReferenciaDoGrupo, _ context: JobContext) throws {
        let resultado: ResultadoEncerramento
        do {
            resultado = try Encerramento(logger: context.logger).encerrar(alvo, jobID: context.jobID, db: context.db)
        } catch let erro as Encerramento.Erro {
            // Bad data or a refused reference: the same attempt would fail again. The operator
            // fixes the data and replays; nothing was written.
            throw JobFailure.permanent(erro.description)
        }
        try context.setResult(resultado)
        try context.enqueueChild(
            JobSpec(id: CadeiaFechamento.idJuscompesaPos(alvo), kind: CadeiaFechamento.juscompesaPos, payload: alvo))
    }
}
