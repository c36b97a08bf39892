import Contratos
import JobRuntime
import JusCompesaRegras
import Logging

/// The handlers of `gsan-juscompesa`; kinds, payloads and ids in Core/Contratos/JusCompesa.swift
/// (the close chain's steps in Core/Contratos/Fechamento.swift).
extension JusCompesaJobs {
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
                        remessa: plano.remessa.id, parametros: plano.parametros, hoje: alvo.hoje)))
        }
        try context.setResult(plano)
    }

    static func posFechamentoLocalidade(_ parte: PartePosFechamento, _ context: JobContext) throws {
        let resumo = try PosFechamento(logger: context.logger).processar(parte, db: context.db)
        try context.setResult(resumo)
    }
}
