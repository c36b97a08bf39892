import GSANCobranca
import GSANModel
import Postgres

/// The read-only commands (`listar`, `mostrar`, `relatorio`): the filter as typed, resolved and
/// loaded; rendering is left to the pure types.
public struct ConsultaCronograma {
    public let db: PostgresConnection

    public init(db: PostgresConnection) { self.db = db }

    private var repositorio: RepositorioCronograma { RepositorioCronograma(db) }

    /// The schedules matching the filter screen's Grupo and Mês/Ano (both optional).
    public func cronogramas(grupo: String?, referencia: String?) throws -> (CatalogoCobranca, [CronogramaGravado]) {
        let catalogo = try repositorio.catalogo()
        let grupos = try grupo.map { [try repositorio.grupo($0)] }
        let mes = try referencia.map { texto in
            guard let mes = Referencia(mesAno: texto) else {
                throw PedidoInvalido(Violacao.referenciaInvalida.mensagem)
            }
            return mes
        }
        return (catalogo, try repositorio.cronogramas(grupos: grupos, referencia: mes, catalogo: catalogo))
    }

    /// One schedule with the state of its activities' jobs.
    public func painel(grupo: String, referencia: String) throws -> (CatalogoCobranca, PainelCronograma) {
        let (catalogo, encontrados) = try cronogramas(grupo: grupo, referencia: referencia)
        guard let gravado = encontrados.first else {
            let nome = try repositorio.grupo(grupo).descricao
            throw PedidoInvalido("Cronograma de Cobrança do \(nome) referente a \(referencia) inexistente")
        }
        let jobs = try repositorio.jobs(gravado.registros.values.map(\.jobID))
        return (catalogo, PainelCronograma(gravado, jobs: jobs))
    }
}
