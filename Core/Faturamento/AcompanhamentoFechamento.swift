import Contratos
import FaturamentoRegras
import Foundation
import JobRuntime
import Postgres

/// Where a close chain stands, from the job record: every job of the chain has an id under
/// ``CadeiaFechamento/id(_:)``.
public struct SituacaoFechamento: Sendable, Equatable {
    public struct Falha: Sendable, Equatable {
        public var jobID: String
        public var kind: String
        public var erro: String?
    }

    public var iniciada: Bool
    /// Jobs by state.
    public var estados: [JobState: Int]
    /// Kinds of the jobs running right now.
    public var emExecucao: [String]
    /// Dead jobs: the chain waits for their replay.
    public var mortos: [Falha]
    /// The close step's result once the whole chain is done.
    public var resultado: ResultadoEncerramento?

    public var total: Int { estados.values.reduce(0, +) }
    public var concluidos: Int { estados[.done, default: 0] }
    public var concluida: Bool { resultado != nil }

    /// One progress line for `gsan fechamento --aguardar`.
    public var linha: String { "\(concluidos)/\(total) jobs concluídos" + detalhes }

    /// What runs, waits and died, after the counts ("; em execução: …").
    public var detalhes: String {
        var texto = ""
        if !emExecucao.isEmpty { texto += "; em execução: " + emExecucao.joined(separator: ", ") }
        let esperando = estados[.waiting, default: 0]
        if esperando > 0 { texto += "; aguardando filhos: \(esperando)" }
        if !mortos.isEmpty { texto += "; mortos: \(mortos.count)" }
        return texto
    }
}

public enum AcompanhamentoFechamento {
    public static func situacao(_ alvo: ReferenciaDoGrupo, db: PostgresConnection) throws -> SituacaoFechamento {
        let raiz = CadeiaFechamento.id(alvo)
        let jobs = try JobRecords.tree(root: raiz, db: db)
        var situacao = SituacaoFechamento(iniciada: !jobs.isEmpty, estados: [:], emExecucao: [], mortos: [], resultado: nil)
        for job in jobs {
            let (id, kind, state, erro, resultado) = (job.id, job.kind, job.state, job.lastError, job.result)
            situacao.estados[state, default: 0] += 1
            if state == .running { situacao.emExecucao.append(kind) }
            if state == .dead { situacao.mortos.append(.init(jobID: id, kind: kind, erro: erro)) }
            if id == CadeiaFechamento.idEncerrar(alvo), state == .done, let resultado {
                situacao.resultado = try JSONDecoder().decode(ResultadoEncerramento.self, from: Data(resultado.utf8))
            }
        }
        return situacao
    }
}
