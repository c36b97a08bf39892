import Cronogramas
import JobRuntime
import Logging

/// The jobs of `gsan-documentos` (family `documentos`). The tree of one command (id A: the
/// scheduler's `cobranca.atividade:caac=N`, or `documentos.eventual:cacm=N`):
///
///     A  documentos.atividade | documentos.eventual
///     └─ A/selecao        documentos.selecao   one child per rota, continuation A/limite as a sibling
///        ├─ A/selecao/rota=R  documentos.rota  selection, the rota's cap, (EMITIR) the documents
///     └─ A/limite         documentos.limite    the command's cap across rotas, totals; (EMITIR) one child per rota
///        └─ A/limite/rota=R   documentos.arquivo   the rota's PDF and print-house file
///
/// A is done (and the scheduler marks the activity realized) only when the whole tree is.
public enum DocumentosJobs {
    public static let eventual = JobKind("documentos.eventual", family: "documentos")
    public static let selecao = JobKind("documentos.selecao", family: "documentos")
    public static let rota = JobKind("documentos.rota", family: "documentos", timeout: .seconds(10 * 60))
    public static let limite = JobKind("documentos.limite", family: "documentos", timeout: .seconds(10 * 60))
    public static let arquivo = JobKind("documentos.arquivo", family: "documentos", timeout: .seconds(10 * 60))

    public static func idEventual(_ cacm: Int) -> String { "documentos.eventual:cacm=\(cacm)" }

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
                id: "\(context.jobID)/selecao", kind: context.inOwnFamily(selecao), payload: comando,
                continuation: try JobContinuation(
                    id: "\(context.jobID)/limite", kind: context.inOwnFamily(limite), payload: comando, sibling: true)))
        context.logger.info(
            "comando de documentos iniciado",
            metadata: ["comando": "\(comando)", "acao": "\(contexto.acao.id)", "simular": "\(contexto.simular)"])
    }

    static func selecionar(_ comando: ComandoDocumentos, _ context: JobContext) throws {
        let contexto = try ContextoComando.carregar(comando, db: context.db)
        let partes = try contexto.rotas(db: context.db)
        for parte in partes {
            try context.enqueueChild(JobSpec(id: "\(context.jobID)/rota=\(parte.rota)", kind: context.inOwnFamily(rota), payload: parte))
        }
        struct Resultado: Encodable { var rotas: Int }
        try context.setResult(Resultado(rotas: partes.count))
    }

    static func processarRota(_ parte: ParteRota, _ context: JobContext) throws {
        let contexto = try ContextoComando.carregar(parte.comando, db: context.db)
        try context.setResult(try SelecaoRota(logger: context.logger).processar(parte, contexto: contexto, db: context.db))
    }

    static func aplicarLimite(_ comando: ComandoDocumentos, arquivos: DiretorioArquivos, _ context: JobContext) throws {
        let contexto = try ContextoComando.carregar(comando, db: context.db)
        let resultado = try LimiteComando(logger: context.logger).aplicar(contexto, db: context.db)
        if !contexto.simular {
            for total in resultado.rotas where total.documentos > 0 {
                try context.enqueueChild(
                    JobSpec(
                        id: "\(context.jobID)/rota=\(total.rota)", kind: context.inOwnFamily(arquivo),
                        payload: ParteArquivo(comando: comando, rota: total.rota)))
            }
        }
        try context.setResult(resultado)
    }
}
