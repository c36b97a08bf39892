public import JobRuntime

/// The worker families: each has its queues (``Topology``) and one worker executable that
/// consumes them.
public enum Familia {
    public static let faturamento = "faturamento"
    public static let juscompesa = "juscompesa"
    public static let rotas = "rotas"
    public static let documentos = "documentos"
    /// The readings the phones send back (gsan-campo trabalhar).
    public static let campo = "campo"
    /// The service orders after EMITIR and the action's closing (seed 002): `gsan-encerramento`.
    public static let encerramento = "encerramento"
    /// The Boletim de Medição of the collection contractor (seed 002 §2.6): `gsan-medicao`.
    public static let medicao = "medicao"
    public static let exemplo = "exemplo"
}

/// One job contract: the kind (name, family, attempts, timeout) and the payload it carries.
public struct Contrato: Sendable, CustomStringConvertible {
    public let kind: JobKind
    public let payload: any PayloadJob.Type

    public init(_ kind: JobKind, _ payload: any PayloadJob.Type) {
        self.kind = kind
        self.payload = payload
    }

    public var nome: String { kind.name }
    public var familia: String { kind.family }
    public var description: String { "\(kind.name) (\(kind.family), \(String(describing: payload)))" }
}

/// The one catalogue of job contracts: every kind a producer may enqueue, with its payload and
/// family. The kinds, payloads and id builders themselves are declared next to each other in
/// this module (Fechamento, Rotas, JusCompesa, Documentos, ParcelamentoJudicial, Cobranca, Encerramento, Medicao, Exemplo); producers (the
/// scheduler, the CLI, a parent job) and workers both import them from here, so an area never
/// imports another area just to name a job. The queue topology's families come from here too.
/// ContratosTests checks that every kind is handled by exactly one worker executable.
public enum Catalogo {
    public static let contratos: [Contrato] = [
        Contrato(CadeiaFechamento.iniciar, ReferenciaDoGrupo.self),
        Contrato(CadeiaFechamento.encerrar, ReferenciaDoGrupo.self),
        Contrato(CadeiaFechamento.juscompesaPre, ReferenciaDoGrupo.self),
        Contrato(CadeiaFechamento.juscompesaPos, ReferenciaDoGrupo.self),
        Contrato(JusCompesaJobs.preLocalidade, PartePreFechamento.self),
        Contrato(JusCompesaJobs.posLocalidade, PartePosFechamento.self),
        Contrato(CadeiaFechamento.rotas, PedidoRotas.self),
        Contrato(RotasJobs.rota, ParteRota.self),
        Contrato(AtividadeDespacho.documentos, AtividadeDespacho.Payload.self),
        Contrato(DocumentosJobs.eventual, ComandoDocumentos.self),
        Contrato(DocumentosJobs.selecao, ComandoDocumentos.self),
        Contrato(DocumentosJobs.rota, RotaDoComando.self),
        Contrato(DocumentosJobs.limite, ComandoDocumentos.self),
        Contrato(DocumentosJobs.arquivo, ParteArquivo.self),
        Contrato(ParcelamentoJudicialJobs.perdaDesconto, DiaPerdaDesconto.self),
        Contrato(AtividadeDespacho.encerrarOS, AtividadeDespacho.Payload.self),
        Contrato(AtividadeDespacho.encerrarAcao, AtividadeDespacho.Payload.self),
        Contrato(CampoJobs.processarRota, LoteRetorno.self),
        Contrato(EncerramentoJobs.decurso, PedidoEncerramento.self),
        Contrato(EncerramentoJobs.rota, ParteDecurso.self),
        Contrato(EncerramentoJobs.resumo, PedidoEncerramento.self),
        Contrato(EncerramentoJobs.retorno, PedidoRetorno.self),
        Contrato(EncerramentoJobs.retornoParte, ParteRetorno.self),
        Contrato(EncerramentoJobs.visitas, PedidoVisitas.self),
        Contrato(EncerramentoJobs.visitasRota, ParteVisitas.self),
        Contrato(FiscalizacaoJobs.seletiva, PedidoSeletiva.self),
        Contrato(FiscalizacaoJobs.seletivaRota, ParteSeletiva.self),
        Contrato(FiscalizacaoJobs.seletivaRotaPDF, ParteSeletiva.self),
        Contrato(FiscalizacaoJobs.seletivaPDF, PedidoSeletiva.self),
        Contrato(FiscalizacaoJobs.seletivaTodasPDF, PedidoSeletiva.self),
        Contrato(FiscalizacaoJobs.seletivaAutomatica, CicloSeletiva.self),
        Contrato(FiscalizacaoJobs.decursoPrazo, DiaDecursoFiscalizacao.self),
        Contrato(MedicaoJobs.grupo, BoletimDoGrupo.self),
        Contrato(MedicaoJobs.contrato, BoletimDoContrato.self),
        Contrato(ExemploJobs.efeito, ExemploJobs.Efeito.self),
        Contrato(ExemploJobs.lento, ExemploJobs.Efeito.self),
        Contrato(ExemploJobs.lote, ExemploJobs.Lote.self),
    ]

    /// The contract of a kind, by name.
    public static func contrato(_ nome: String) -> Contrato? { contratos.first { $0.nome == nome } }

    /// Every family that has a kind, in a stable order: the queues the topology declares.
    public static var familias: [String] { Array(Set(contratos.map(\.familia))).sorted() }
}

extension Topology {
    /// The pipeline's topology: one set of queues per family of the catalogue.
    public static func gsan(retryDelays: [Int] = Topology.defaultRetryDelays) -> Topology {
        Topology(families: Catalogo.familias, retryDelays: retryDelays)
    }
}
