import JobRuntime

/// A job's state as `gsan cronograma mostrar` needs it (from the runtime's `JobRecords`).
public struct EstadoJob: Hashable, Sendable {
    public var id: String
    public var estado: JobState
    public var tentativas: Int
    public var maximoTentativas: Int
    public var ultimoErro: String?

    public init(id: String, estado: JobState, tentativas: Int, maximoTentativas: Int = 1, ultimoErro: String? = nil) {
        self.id = id
        self.estado = estado
        self.tentativas = tentativas
        self.maximoTentativas = maximoTentativas
        self.ultimoErro = ultimoErro
    }
}

/// Where a schedule's activity is on its way to being realized: what the operator watching the
/// cycle needs, and what to run when it failed.
public enum SituacaoDespacho: Hashable, Sendable {
    case naoComandada
    /// Commanded; the scheduler creates its job when the planned date comes.
    case aguardandoData
    /// The job exists and is queued or running (its state in `estado`).
    case emExecucao(job: String, estado: JobState)
    /// An attempt failed; the job will be retried by itself.
    case emRetentativa(job: String, tentativas: Int, erro: String?)
    /// The job exhausted its attempts and sits in the dead-letter queue: `gsan dlq replay`.
    case falhou(job: String, tentativas: Int, erro: String?)
    /// The operator discarded the dead job: the activity will not be realized by it.
    case descartada(job: String)
    case concluida(job: String)
    /// Realized with no job on record (e.g. data loaded before the pipeline).
    case realizada

    public static func de(comandada: Bool, realizada: Bool, job: EstadoJob?) -> SituacaoDespacho {
        guard let job else {
            if realizada { return .realizada }
            return comandada ? .aguardandoData : .naoComandada
        }
        switch job.estado {
        case .done: return .concluida(job: job.id)
        case .dead: return .falhou(job: job.id, tentativas: job.tentativas, erro: job.ultimoErro)
        case .retrying: return .emRetentativa(job: job.id, tentativas: job.tentativas, erro: job.ultimoErro)
        case .discarded: return .descartada(job: job.id)
        default: return .emExecucao(job: job.id, estado: job.estado)
        }
    }

    /// The job's id, once the scheduler created it.
    public var job: String? {
        switch self {
        case .naoComandada, .aguardandoData, .realizada: nil
        case .emExecucao(let job, _), .emRetentativa(let job, _, _), .falhou(let job, _, _), .descartada(let job),
            .concluida(let job):
            job
        }
    }

    /// The short text of the table's column.
    public var rotulo: String {
        switch self {
        case .naoComandada: "não comandada"
        case .aguardandoData: "aguardando despacho"
        case .emExecucao(_, let estado):
            switch estado {
            case .pending: "na fila (a publicar)"
            case .published: "na fila"
            case .running: "executando"
            case .waiting: "aguardando rotas"
            default: estado.rawValue
            }
        case .emRetentativa(_, let tentativas, _): "retentativa (\(tentativas) falha(s))"
        case .falhou: "FALHOU"
        case .descartada: "DESCARTADA"
        case .concluida: "concluída"
        case .realizada: "realizada"
        }
    }
}
