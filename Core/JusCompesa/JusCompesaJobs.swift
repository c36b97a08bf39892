import Faturamento
import JobRuntime
import Logging

/// The jobs of `gsan-juscompesa` (family `juscompesa`): the two steps of the close chain
/// (``CadeiaFechamento/juscompesaPre`` and ``CadeiaFechamento/juscompesaPos``, payload
/// ``ReferenciaDoGrupo``) and their per-localidade children, `<parent id>/loca=N`. A parent
/// is done when its last child is; the close (or the chain's end) waits for it.
public enum JusCompesaJobs {
    public static let preLocalidade = JobKind(
        "juscompesa.pre-fechamento.localidade", family: "juscompesa", timeout: .seconds(10 * 60))
    public static let posLocalidade = JobKind(
        "juscompesa.pos-fechamento.localidade", family: "juscompesa", timeout: .seconds(10 * 60))

    /// The child of `pai` for one localidade: deterministic, so enqueueing it twice is one job.
    public static func idParte(_ pai: String, localidade: Int) -> String { "\(pai)/loca=\(localidade)" }

    public static func register(into registry: inout JobRegistry) {
        registry.register(CadeiaFechamento.juscompesaPre, preFechamento)
        registry.register(preLocalidade, preFechamentoLocalidade)
        registry.register(CadeiaFechamento.juscompesaPos, posFechamento)
        registry.register(posLocalidade, posFechamentoLocalidade)
    }

    // MARK: Before the close

    /// What the group-level pre-close job records (`gsan job show`).
    struct ResultadoPreFechamento: Encodable {
        var rejeitadasSemImovel: Int
        var localidades: Int
        var pedidos: Int
    }

    static func preFechamento(_ alvo: ReferenciaDoGrupo, _ context: JobContext) throws {
        let plano = try PreFechamento(logger: context.logger).planejar(alvo, db: context.db)
        for parte in plano.partes {
            try context.enqueueChild(
                JobSpec(id: idParte(context.jobID, localidade: parte.localidade), kind: context.inOwnFamily(preLocalidade), payload: parte))
        }
        let resultado = ResultadoPreFechamento(
            rejeitadasSemImovel: plano.rejeitadasSemImovel, localidades: plano.partes.count,
            pedidos: plano.partes.reduce(0) { $0 + $1.entradas.count })
        context.logger.info(
            "pré-fechamento JusCompesa: pedidos pendentes distribuídos",
            metadata: [
                "localidades": "\(resultado.localidades)", "pedidos": "\(resultado.pedidos)",
                "sem_imovel": "\(resultado.rejeitadasSemImovel)",
            ])
        try context.setResult(resultado)
    }

    static func preFechamentoLocalidade(_ parte: PartePreFechamento, _ context: JobContext) throws {
        let resumo = try PreFechamento(logger: context.logger).processar(parte, db: context.db)
        try context.setResult(resumo)
    }

    // MARK: After the close

    static func posFechamento(_ alvo: ReferenciaDoGrupo, _ context: JobContext) throws {
        let plano = try PosFechamento(logger: context.logger).planejar(alvo, db: context.db)
        for localidade in plano.localidades {
            try context.enqueueChild(
                JobSpec(
                    id: idParte(context.jobID, localidade: localidade), kind: context.inOwnFamily(posLocalidade),
                    payload: PartePosFechamento(
                        grupoFaturamento: alvo.grupoFaturamento, referencia: alvo.referencia, localidade: localidade,
                        remessa: plano.remessa.id, parametros: plano.parametros)))
        }
        try context.setResult(plano)
    }

    static func posFechamentoLocalidade(_ parte: PartePosFechamento, _ context: JobContext) throws {
        let resumo = try PosFechamento(logger: context.logger).processar(parte, db: context.db)
        try context.setResult(resumo)
    }
}
