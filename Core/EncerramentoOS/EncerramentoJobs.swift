import Contratos
import GSANDatabase
import GSANModel
import JobRuntime
import Logging

/// The handlers of `gsan-encerramento`; kinds, payloads, ids and the trees in
/// Core/Contratos/Encerramento.swift.
extension EncerramentoJobs {
    /// - Parameter fiscalizacao: where the OS seletiva's forms go (the executable reads it once).
    public static func register(into registry: inout JobRegistry, fiscalizacao: OSSeletiva.Pasta) {
        registry.register(AtividadeDespacho.encerrarOS) { (payload: AtividadeDespacho.Payload, context) in
            try distribuir(PedidoEncerramento(atividadeCronograma: payload.atividadeCronograma), context)
        }
        registry.register(AtividadeDespacho.encerrarAcao) { (payload: AtividadeDespacho.Payload, context) in
            let pedido = PedidoEncerramento(atividadeCronograma: payload.atividadeCronograma)
            _ = try AcaoCiclo.carregar(pedido.atividadeCronograma, db: context.db)
            try context.enqueueChild(
                JobSpec(
                    id: idDecurso(context.jobID), kind: context.inOwnFamily(decurso), payload: pedido,
                    continuation: try JobContinuation(
                        id: idResumo(context.jobID), kind: context.inOwnFamily(resumo), payload: pedido, sibling: true)))
        }
        registry.register(decurso, distribuir)
        registry.register(rota) { (parte: ParteDecurso, context) in
            let ciclo = try AcaoCiclo.carregar(parte.atividadeCronograma, db: context.db)
            try context.setResult(
                try DecursoPrazo(logger: context.logger).encerrar(ciclo, rota: parte.rota, tramites: parte.tramites, db: context.db))
        }
        registry.register(resumo) { (pedido: PedidoEncerramento, context) in
            let ciclo = try AcaoCiclo.carregar(pedido.atividadeCronograma, db: context.db)
            try context.setResult(try ResumoAcao(logger: context.logger).gerar(ciclo, db: context.db))
        }
        ImportacaoRetorno.register(into: &registry)
        EncerramentoVisitas.register(into: &registry)
        OSSeletiva.register(into: &registry, pasta: fiscalizacao)
        SeletivaAutomatica.register(into: &registry)
        FiscalizacaoDecurso.register(into: &registry)
    }

    /// One child per rota with open orders of the action's EMITIR.
    static func distribuir(_ pedido: PedidoEncerramento, _ context: JobContext) throws {
        let ciclo = try AcaoCiclo.carregar(pedido.atividadeCronograma, db: context.db)
        let rotas = try DecursoPrazo.abertasPorRota(ciclo, db: context.db)
        // A closing trâmite per open order, its id reserved here in rota order (ReservaIds).
        let tramites = try ReservaIds.reservar(
            tabela: "atendimentopublico.ordem_servico_unidade", coluna: "osun_id", quantidades: rotas.map(\.abertas), db: context.db)
        for (r, ids) in zip(rotas, tramites) {
            try context.enqueueChild(
                JobSpec(
                    id: idRota(context.jobID, rota: r.rota), kind: context.inOwnFamily(rota),
                    payload: ParteDecurso(atividadeCronograma: pedido.atividadeCronograma, rota: r.rota, tramites: ids)))
        }
        struct Resultado: Encodable { var rotas: Int; var data: String }
        try context.setResult(Resultado(rotas: rotas.count, data: ciclo.data.description))
        context.logger.info("decurso de prazo distribuído", metadata: ["acao": "\(ciclo.nome)", "rotas": "\(rotas.count)"])
    }
}
