import Contratos
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
            _ = try Encerramento.aberta(alvo, db: context.db)
        }
        try context.enqueueChild(
            JobSpec(id: CadeiaFechamento.idJuscompesaPre(alvo), kind: CadeiaFechamento.juscompesaPre, payload: alvo))
        context.continueWith(
            try JobContinuation(id: CadeiaFechamento.idEncerrar(alvo), kind: CadeiaFechamento.encerrar, payload: alvo))
    }

    /// Step 2: the close itself, then what follows it as children — the JusCompesa post-close
    /// update and the route files of the next reference (`gsan-rotas`); the chain is complete
    /// when this job is done.
    static func encerrar(_ alvo: ReferenciaDoGrupo, _ context: JobContext) throws {
        let resultado = try Encerramento(logger: context.logger).encerrar(alvo, jobID: context.jobID, db: context.db)
        try context.setResult(resultado)
        try context.enqueueChild(
            JobSpec(id: CadeiaFechamento.idJuscompesaPos(alvo), kind: CadeiaFechamento.juscompesaPos, payload: alvo))
        // The route files of the next reading cycle: the close just pre-billed its bills.
        try context.enqueueChild(
            JobSpec(
                id: CadeiaFechamento.idRotas(alvo), kind: CadeiaFechamento.rotas,
                payload: PedidoRotas(grupoFaturamento: alvo.grupoFaturamento, referencia: resultado.proximaReferencia)))
    }
}
