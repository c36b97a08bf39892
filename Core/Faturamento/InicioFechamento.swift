import Contratos
import FaturamentoRegras
import GSANCobranca
import GSANModel
import JobRuntime
import Postgres

/// Starting a close, for `gsan fechamento` and the scheduler alike: validate the request,
/// then enqueue the chain's first job through the outbox (the relays publish it).
public enum InicioFechamento {
    public enum Resultado: Sendable, Equatable {
        /// The chain's first job was enqueued now.
        case iniciado(jobID: String)
        /// This close was started before (by a person or the scheduler): one chain, ever.
        case jaIniciado(jobID: String)
    }

    /// Throws ``RecusaFechamento`` for an unknown group, a closed or future reference. A chain
    /// that already exists is reported as such (and not validated again: its reference may
    /// have been closed by it).
    public static func iniciar(
        grupo id: Int, referencia: Referencia, hoje: CivilDate, db: PostgresConnection
    ) throws -> Resultado {
        try db.withTransaction { db in
            guard let grupo = try Encerramento.grupo(id, db: db) else { throw RecusaFechamento.grupoInexistente(id) }
            let alvo = ReferenciaDoGrupo(grupoFaturamento: grupo.id, referencia: referencia.amReferencia)
            let jobID = CadeiaFechamento.id(alvo)
            if try JobRecords.exists(jobID, db: db) { return .jaIniciado(jobID: jobID) }
            if let recusa = ValidacaoFechamento.validar(referencia: referencia, grupo: grupo, hoje: hoje) { throw recusa }
            let spec = try JobSpec(id: jobID, kind: CadeiaFechamento.iniciar, payload: alvo, correlationID: jobID)
            return try Outbox.enqueue(spec, on: db) ? .iniciado(jobID: jobID) : .jaIniciado(jobID: jobID)
        }
    }

    /// The groups whose calendar close date for their open reference has come (`hoje` on or
    /// after day `ftgr_nndiaencerramento` of the reference's month) and whose close has not
    /// started: what the scheduler starts on its own.
    public static func devidos(hoje: CivilDate, db: PostgresConnection) throws -> [(grupo: Int, referencia: Referencia)] {
        let rows = try db.query(
            """
            SELECT ftgr_id, ftgr_amreferencia::int FROM faturamento.faturamento_grupo
            WHERE ftgr_icuso = 1
              AND make_date(ftgr_amreferencia / 100, ftgr_amreferencia % 100, ftgr_nndiaencerramento) <= $1::date
            ORDER BY ftgr_id
            """, [hoje])
        let alvos = try rows.map { row in
            let (grupo, referencia) = try row.decode((Int, Int).self)
            return ReferenciaDoGrupo(grupoFaturamento: grupo, referencia: referencia)
        }
        // Without the ones whose chain exists (ids from CadeiaFechamento, the one place that names them).
        let iniciados = try JobRecords.byID(alvos.map(CadeiaFechamento.id), db: db)
        return alvos.filter { iniciados[CadeiaFechamento.id($0)] == nil }
            .map { ($0.grupoFaturamento, Referencia(amReferencia: $0.referencia)!) }
    }
}
