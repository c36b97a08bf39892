import GSANModel
import GSANCobranca
import JobRuntime

/// Why a documentos job or command cannot go on; the description is what a person reads.
public enum ErroDocumentos: JobFailureConvertible, Sendable, Equatable, CustomStringConvertible {
    case comandoInexistente(String)
    case atividadeNaoEmiteDocumentos(Int)
    case parametrosAusentes
    case textoMensagem(String)
    case cancelamento(String)
    case arquivo(String)
    /// A value that the print-house layout cannot hold (permanent: the data must change).
    case leiaute(String)
    case numeracaoEsgotada(rota: Int, documentos: Int)

    public var description: String {
        switch self {
        case .comandoInexistente(let comando): "Comando inexistente: \(comando)."
        case .atividadeNaoEmiteDocumentos(let atividade):
            "A atividade \(atividade) não emite documentos (só SIMULAR 1 e EMITIR 2)."
        case .parametrosAusentes: "Parâmetros do sistema (cadastro.sistema_parametros) não cadastrados."
        case .textoMensagem(let mensagem), .cancelamento(let mensagem): mensagem
        case .arquivo(let mensagem): "Falha ao gravar arquivo: \(mensagem)"
        case .leiaute(let mensagem): mensagem
        case .numeracaoEsgotada(let rota, let documentos):
            "A rota \(rota) teria \(documentos) documentos: a numeração comporta até \(NumeracaoDocumento.porRota - 1) por rota e comando."
        }
    }

    /// A file share that fails may come back; everything else fails the same way again.
    public var jobFailure: JobFailure {
        if case .arquivo = self { return .retryable(description) }
        return .permanent(description)
    }
}
