import Contratos
import DocumentosRegras
import JobRuntime
import Logging

/// The handlers of `gsan-documentos`; kinds, payloads and ids (and the tree of one command) in
/// Core/Contratos/Documentos.swift.
extension DocumentosJobs {
    public static func register(into registry: inout JobRegistry, arquivos: DiretorioArquivos) {
        registry.register(AtividadeDespacho.documentos) { (payload: AtividadeDespacho.Payload, context) in
            try iniciar(.cronograma(payload.atividadeCronograma), context)
        }
        registry.register(eventual) { (comando: ComandoDocumentos, context) in try iniciar(comando, context) }
        registry.register(selecao, selecionar)
        registry.register(rota, processarRota)
        registry.register(limite) { (comando: ComandoDocumentos, context) in try aplicarLimite(comando, arquivos: arquivos, context) }
        registry.register(arquivo) { (parte: ParteArquivo, context) in
            try context.setResult(try Arquivos(diretorio: arquivos, logger: context.logger).gerar(parte, db: context.db))
        }
    }

    static func iniciar(_ comando: ComandoDocumentos, _ context: JobContext) throws {
        let contexto = try ContextoComando.carregar(comando, db: context.db)
        try context.enqueueChild(
            JobSpec(
                id: idSelecao(context.jobID), kind: context.inOwnFamily(selecao), payload: comando,
                continuation: try JobContinuation(
                    id: idLimite(context.jobID), kind: context.inOwnFamily(limite), payload: comando, sibling: true)))
        context.logger.info(
            "comando de documentos iniciado",
            metadata: ["comando": "\(comando)", "acao": "\(contexto.acao.id)", "simular": "\(contexto.simular)"])
    }

    static func selecionar(_ comando: ComandoDocumentos, _ context: JobContext) throws {
        let contexto = try ContextoComando.carregar(comando, db: context.db)
        let partes = try contexto.rotasNumeradas(db: context.db)
        for parte in partes {
            try context.enqueueChild(JobSpec(id: idRota(context.jobID, rota: parte.rota), kind: context.inOwnFamily(rota), payload: parte))
        }
        struct Resultado: Encodable { var rotas: Int }
        try context.setResult(Resultado(rotas: partes.count))
    }

    static func processarRota(_ parte: RotaDoComando, _ context: JobContext) throws {
        let contexto = try ContextoComando.carregar(parte.comando, db: context.db)
        try context.setResult(try SelecaoRota(logger: context.logger).processar(parte, contexto: contexto, db: context.db))
    }

    static func aplicarLimite(_ comando: ComandoDocumentos, arquivos: DiretorioArquivos, _ context: JobContext) throws {
        let contexto = try ContextoComando.carregar(comando, db: context.db)
        let resultado = try LimiteComando(logger: context.logger).aplicar(contexto, db: context.db)
        if !contexto.simular {
            for parte in try resultado.partesArquivo(comando, db: context.db) {
                try context.enqueueChild(
                    JobSpec(id: idRota(context.jobID, rota: parte.rota), kind: context.inOwnFamily(arquivo), payload: parte))
            }
        }
        try context.setResult(resultado)
    }
}
