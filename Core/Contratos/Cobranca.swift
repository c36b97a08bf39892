public import JobRuntime

/// The job each collection activity becomes (seed 002 §2.3.5; activity ids of migration 0005),
/// enqueued by the scheduler (`gsan-scheduler`, Core/Cronogramas).
public enum AtividadeDespacho {
    /// Handled by `gsan-documentos`.
    public static let documentos = JobKind("documentos.atividade", family: Familia.documentos)
    /// Handled by `gsan-encerramento` (the decurso de prazo per rota).
    public static let encerrarOS = JobKind("encerramento.os", family: Familia.encerramento)
    /// Handled by `gsan-encerramento` (a decurso pass, then the resumo das ações).
    public static let encerrarAcao = JobKind("encerramento.acao", family: Familia.encerramento)

    /// SIMULAR (1) and EMITIR (2) issue documents; ENCERRAR OS (5, process 242) closes
    /// service orders; ENCERRAR (3) closes the action.
    public static func kind(atividade: Int) -> JobKind? {
        switch atividade {
        case 1, 2: documentos
        case 5: encerrarOS
        case 3: encerrarAcao
        default: nil
        }
    }

    /// One job per scheduled activity, ever: the id is the activity's row.
    public static func jobID(atividadeCronograma: Int) -> String { "cobranca.atividade:caac=\(atividadeCronograma)" }

    public struct Payload: PayloadJob, Equatable {
        public var atividadeCronograma: Int
        public var acao: Int
        public var atividade: Int
        public var grupo: Int
        public var referencia: Int
        public var simular: Bool

        public init(atividadeCronograma: Int, acao: Int, atividade: Int, grupo: Int, referencia: Int, simular: Bool) {
            self.atividadeCronograma = atividadeCronograma
            self.acao = acao
            self.atividade = atividade
            self.grupo = grupo
            self.referencia = referencia
            self.simular = simular
        }

        public func validate() throws {
            try InvalidPayload.checkID(atividadeCronograma, "atividadeCronograma")
            try InvalidPayload.checkID(acao, "acao")
            try InvalidPayload.checkID(atividade, "atividade")
            try InvalidPayload.checkID(grupo, "grupo")
            try InvalidPayload.checkReferencia(referencia)
        }
    }
}
