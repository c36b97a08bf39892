import GSANModel
import GSANCobranca
import JobRuntime

/// A command whose documents the worker selects and issues: a scheduled activity (caac, from
/// the cronograma) or an eventual command (cacm), both SIMULAR or EMITIR.
public struct ComandoDocumentos: Codable, Sendable, Hashable, CustomStringConvertible, ValidatedPayload {
    public var atividadeCronograma: Int?
    public var comandoEventual: Int?

    /// Exactly one of the two ids, positive and within an integer column.
    public func validationProblem() -> String? {
        switch (atividadeCronograma, comandoEventual) {
        case (nil, nil): return "falta o campo atividadeCronograma ou comandoEventual (um dos dois)"
        case (.some, .some): return "atividadeCronograma e comandoEventual juntos (só um dos dois)"
        case (let caac?, nil) where !(1...Int(Int32.max)).contains(caac):
            return "atividadeCronograma \(caac) fora de 1…\(Int32.max)"
        case (nil, let cacm?) where !(1...Int(Int32.max)).contains(cacm):
            return "comandoEventual \(cacm) fora de 1…\(Int32.max)"
        default: return nil
        }
    }

    public static func cronograma(_ caac: Int) -> ComandoDocumentos { .init(atividadeCronograma: caac, comandoEventual: nil) }
    public static func eventual(_ cacm: Int) -> ComandoDocumentos { .init(atividadeCronograma: nil, comandoEventual: cacm) }

    /// The column of the document tables that names the command, and its value.
    var coluna: String { atividadeCronograma != nil ? "caac_id" : "cacm_id" }
    var id: Int { atividadeCronograma ?? comandoEventual ?? 0 }

    public var description: String {
        atividadeCronograma.map { "atividade do cronograma \($0)" } ?? "comando eventual \(comandoEventual ?? 0)"
    }

    /// For file and job names: `caac-000012`, `cacm-000003`.
    public var chave: String {
        (atividadeCronograma != nil ? "caac-" : "cacm-") + zeroPadded(id, 6)
    }
}

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
