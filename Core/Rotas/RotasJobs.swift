import Contratos
import Faturamento
import JobRuntime
import Logging
import Postgres

/// The handlers of `gsan-rotas`; kinds, payloads and ids in Core/Contratos/Rotas.swift.
extension RotasJobs {
    public static func register(into registry: inout JobRegistry, configuracao: ConfiguracaoRotas) {
        registry.register(CadeiaFechamento.rotas, grupo)
        registry.register(rota) { (parte: ParteRota, context: JobContext) in
            let resultado = try GeracaoRota(configuracao: configuracao, logger: context.logger).gerar(parte, db: context.db)
            try context.setResult(resultado)
        }
    }

    struct ResultadoGrupo: Encodable {
        var grupoFaturamento: Int
        var referencia: Int
        var rotas: Int
    }

    static func grupo(_ pedido: PedidoRotas, _ context: JobContext) throws {
        guard try Encerramento.grupo(pedido.grupoFaturamento, db: context.db) != nil else {
            throw JobFailure.permanent("Grupo de faturamento \(pedido.grupoFaturamento) inexistente.")
        }
        let rotas: [Int]
        if let rota = pedido.rota {
            rotas = [rota]  // its job says why, if it cannot have a file
        } else {
            rotas = try context.db.query(
                """
                SELECT rota_id FROM micromedicao.rota
                WHERE ftgr_id = $1 AND rota_icuso = 1 AND lttp_id IN (6, 10) ORDER BY rota_id
                """, [pedido.grupoFaturamento]
            ).map { try $0.decode(Int.self, at: 0) }
        }
        let kind = context.inOwnFamily(rota)
        for id in rotas {
            try context.enqueueChild(
                JobSpec(
                    id: idRota(context.jobID, rota: id), kind: kind,
                    payload: ParteRota(grupoFaturamento: pedido.grupoFaturamento, referencia: pedido.referencia, rota: id)))
        }
        context.logger.info("arquivos das rotas distribuídos", metadata: ["grupo": "\(pedido.grupoFaturamento)", "rotas": "\(rotas.count)"])
        try context.setResult(ResultadoGrupo(grupoFaturamento: pedido.grupoFaturamento, referencia: pedido.referencia, rotas: rotas.count))
    }
}
