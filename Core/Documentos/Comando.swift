import DocumentosRegras
import GSANCobranca
import GSANModel
import JobRuntime

/// Why a documentos job or command cannot go on; the description is what a person reads.
public enum ErroDocumentos: JobFailureConvertible, Sendable, Equatable, CustomStringConvertible {
    case comandoInexistente(String)
    case acaoInexistente(Int)
    case grupoCobrancaInexistente(Int)
    case criterioInexistente(Int)
    case atividadeNaoEmiteDocumentos(Int)
    case parametrosAusentes
    case textoMensagem(String)
    case cancelamento(String)
    case arquivo(String)
    /// A value that the print-house layout cannot hold (permanent: the data must change).
    case leiaute(String)
    case numeracaoEsgotada(rota: Int, documentos: Int)
    /// Rows the database returned that do not match what the same job read before (permanent:
    /// this rota's job fails with the message; the others go on).
    case dadoInconsistente(String)

    public var description: String {
        switch self {
        case .comandoInexistente(let comando): "Comando inexistente: \(comando)."
        case .acaoInexistente(let id): "Ação de Cobrança \(id) inexistente."
        case .grupoCobrancaInexistente(let id): "Grupo de Cobrança \(id) inexistente."
        // The seed's words (Inserir Ação de Cobrança, Critério de Cobrança).
        case .criterioInexistente: "Critério de Cobrança inexistente."
        case .atividadeNaoEmiteDocumentos(let atividade):
            "A atividade \(atividade) não emite documentos (só SIMULAR 1 e EMITIR 2)."
        case .parametrosAusentes: "Parâmetros do sistema (cadastro.sistema_parametros) não cadastrados."
        case .textoMensagem(let mensagem), .cancelamento(let mensagem): mensagem
        case .arquivo(let mensagem): "Falha ao gravar arquivo: \(mensagem)"
        case .leiaute(let mensagem), .dadoInconsistente(let mensagem): mensagem
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
