import Cronogramas
import JobRuntime
import Logging

/// The jobs of `gsan-encerramento` (family `encerramento`). Their trees (A, B: the scheduler's
/// `cobranca.atividade:caac=N` of an ENCERRAR OS and of an ENCERRAR activity):
///
///     A  encerramento.os          ENCERRAR OS: one child per rota with open orders
///     └─ A/rota=R   encerramento.rota     the rota's decurso de prazo, one transaction
///     B  encerramento.acao        ENCERRAR
///     └─ B/decurso  encerramento.decurso  a decurso pass on B's date, one child per rota (as A)
///     └─ B/resumo   encerramento.resumo   refuses while orders are pending, else the resumo das ações
///
/// A and B are done (and the scheduler marks the activity realized) only when their tree is.
public enum EncerramentoJobs {
    public static let decurso = JobKind("encerramento.decurso", family: "encerramento")
    public static let rota = JobKind("encerramento.rota", family: "encerramento", timeout: .seconds(10 * 60))
    public static let resumo = JobKind("encerramento.resumo", family: "encerramento", timeout: .seconds(10 * 60))

    /// A pass over an activity: its planned date is the pass's date.
    public struct Pedido: Codable, Sendable, Hashable {
        public var atividadeCronograma: Int
        public init(atividadeCronograma: Int) { self.atividadeCronograma = atividadeCronograma }
    }

    public struct ParteRota: Codable, Sendable, Hashable {
        public var atividadeCronograma: Int
        public var rota: Int
        public init(atividadeCronograma: Int, rota: Int) {
            self.atividadeCronograma = atividadeCronograma
            self.rota = rota
        }
    }

    public static func register(into registry: inout JobRegistry) {
        registry.register(AtividadeDespacho.encerrarOS) { (payload: AtividadeDespacho.Payload, context) in
            try distribuir(Pedido(atividadeCronograma: payload.atividadeCronograma), context)
        }
        registry.register(AtividadeDespacho.encerrarAcao) { (payload: AtividadeDespacho.Payload, context) in
            let pedido = Pedido(atividadeCronograma: payload.atividadeCronograma)
            _ = try AcaoCiclo.carregar(pedido.atividadeCronograma, db: context.db)
            try context.enqueueChild(
                JobSpec(
                    id: "\(context.jobID)/decurso", kind: context.inOwnFamily(decurso), payload: pedido,
                    continuation: try JobContinuation(
                        id: "\(context.jobID)/resumo", kind: context.inOwnFamily(resumo), payload: pedido, sibling: true)))
        }
        registry.register(decurso, distribuir)
        registry.register(rota) { (parte: ParteRota, context) in
            let ciclo = try AcaoCiclo.carregar(parte.atividadeCronograma, db: context.db)
            try context.setResult(try DecursoPrazo(logger: context.logger).encerrar(ciclo, rota: parte.rota, db: context.db))
        }
        ImportacaoRetorno.register(into: &registry)
        EncerramentoVisitas.register(into: &registry)
        registry.register(resumo) { (pedido: Pedido, context) in
            let ciclo = try AcaoCiclo.carregar(pedido.atividadeCronograma, db: context.db)
            try context.setResult(try ResumoAcao(logger: context.logger).gerar(ciclo, db: context.db))
        }
    }

    /// One child per rota with open orders of the action's EMITIR.
    static func distribuir(_ pedido: Pedido, _ context: JobContext) throws {
        let ciclo = try AcaoCiclo.carregar(pedido.atividadeCronograma, db: context.db)
        let rotas = try DecursoPrazo.rotas(ciclo, db: context.db)
        for r in rotas {
            try context.enqueueChild(
                JobSpec(
                    id: "\(context.jobID)/rota=\(r)", kind: context.inOwnFamily(rota),
                    payload: ParteRota(atividadeCronograma: pedido.atividadeCronograma, rota: r)))
        }
        struct Resultado: Encodable { var rotas: Int; var data: String }
        try context.setResult(Resultado(rotas: rotas.count, data: ciclo.data.description))
        context.logger.info("decurso de prazo distribuído", metadata: ["acao": "\(ciclo.nome)", "rotas": "\(rotas.count)"])
    }
}
