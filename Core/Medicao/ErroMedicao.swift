import JobRuntime
import MedicaoRegras

/// A refusal of the medição area: the message a person reads (Portuguese, the seed's where it has
/// one); in a job it is permanent (the same data refuses the same way).
public struct ErroMedicao: Error, JobFailureConvertible, Sendable, Hashable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
    public init(_ campo: CampoRecusado) { self.description = campo.description }
    public var jobFailure: JobFailure { .permanent(description) }

    /// Seed 002 §2.2.2: the row changed or vanished under the operation.
    public static let concorrencia = ErroMedicao(
        "Esse(s) registro(s) foi(ram) atualizado(s) ou removido(s) por outro usuário durante a operação. Realize uma nova manutenção.")
}
