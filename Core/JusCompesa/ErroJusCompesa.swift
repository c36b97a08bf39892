import GSANCobranca
import GSANModel
import JobRuntime

/// Why a JusCompesa job cannot run now; the description is what the job record and the
/// dead-letter headers show.
public enum ErroJusCompesa: JobFailureConvertible, Sendable, Equatable, CustomStringConvertible {
    case grupoInexistente(Int)
    case referenciaInvalida(Int)
    /// The post-close step ran before the close of the reference.
    case naoEncerrada(grupo: Int, referencia: Int, corrente: Int)
    case parametrosAusentes
    /// Another close of the same reference is still writing its remessa version.
    case remessaEmEscrita(referencia: Int, grupo: Int?, versao: Int)
    /// A localidade's job names a version that no longer exists (deleted by retention).
    case remessaInexistente(Int)

    public var description: String {
        switch self {
        case .grupoInexistente(let grupo): "Grupo de faturamento \(grupo) inexistente."
        case .referenciaInvalida(let referencia): "Referência inválida: \(referencia) (esperado AAAAMM)."
        case .naoEncerrada(let grupo, let referencia, let corrente):
            "O faturamento \(Referencia.mesAno(referencia)) do grupo \(grupo) ainda não foi encerrado (referência corrente "
                + "\(Referencia.mesAno(corrente))): a atualização do JusCompesa pós-fechamento só roda depois do encerramento."
        case .parametrosAusentes: "Parâmetros do sistema (cadastro.sistema_parametros) não cadastrados."
        case .remessaEmEscrita(let referencia, let grupo, let versao):
            "A versão \(versao) da remessa \(Referencia.mesAno(referencia))"
                + (grupo.map { " (fechamento do grupo \($0))" } ?? "")
                + " ainda está em escrita; nova tentativa quando ela for concluída."
        case .remessaInexistente(let id): "Remessa de débitos \(id) inexistente (apagada?): reinicie a etapa pós-fechamento."
        }
    }

    /// Waiting for another version is worth retrying; everything else fails the same way again.
    public var jobFailure: JobFailure {
        if case .remessaEmEscrita = self { return .retryable(description) }
        return .permanent(description)
    }
}
