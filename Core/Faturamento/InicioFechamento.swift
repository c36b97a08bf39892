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
            let alvo = ReferenciaDoGrupo(grupoFaturamento: grupo.id, referencia: referencia.amReferencia, hoje: hoje)
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

extension InicioFechamento {
    /// A close of the billing calendar not finished yet, on its calendar date.
    public struct Pendente: Sendable, Hashable {
        public var grupo: Int
        public var referencia: Referencia
        /// Day `ftgr_nndiaencerramento` of the reference's month (its last day when shorter).
        public var data: CivilDate
        /// Its chain exists (started by the calendar or by a person) and has not finished.
        public var iniciado: Bool
    }

    /// The closes whose calendar date has come and that have not finished: the due ones not
    /// started (``devidos(hoje:db:)``) and the started ones whose chain — the close step with its
    /// children, the JusCompesa post-close and the route files — is not done. A chain that
    /// died stays pending until a person replays or discards it. The scheduler dispatches
    /// nothing due after the earliest of these dates (docs/cronograma.md, "Dia a dia").
    public static func pendentes(hoje: CivilDate, db: PostgresConnection) throws -> [Pendente] {
        let grupos = try db.query(
            "SELECT ftgr_id, ftgr_amreferencia::int, ftgr_nndiaencerramento FROM faturamento.faturamento_grupo WHERE ftgr_icuso = 1 ORDER BY ftgr_id"
        ).map { try $0.decode((Int, Int, Int).self) }
        func data(_ referencia: Referencia, dia: Int) -> CivilDate? {
            referencia.dia(min(dia, CivilDate.daysInMonth(year: referencia.ano, month: referencia.mes)))
        }
        // The open reference, and the one before it: its close moves the group on to the next
        // reference before the chain's last steps end.
        var candidatos: [(pendente: Pendente, aberta: Bool)] = []
        for (grupo, am, dia) in grupos {
            guard let aberta = Referencia(amReferencia: am) else { continue }
            for referencia in [aberta.anterior, aberta] {
                guard let quando = data(referencia, dia: dia), quando <= hoje else { continue }
                candidatos.append((Pendente(grupo: grupo, referencia: referencia, data: quando, iniciado: false), referencia == aberta))
            }
        }
        func alvo(_ p: Pendente) -> ReferenciaDoGrupo {
            ReferenciaDoGrupo(grupoFaturamento: p.grupo, referencia: p.referencia.amReferencia)
        }
        let jobs = try JobRecords.byID(
            candidatos.flatMap { [CadeiaFechamento.id(alvo($0.pendente)), CadeiaFechamento.idEncerrar(alvo($0.pendente))] }, db: db)
        return candidatos.compactMap { candidato, aberta in
            let alvo = alvo(candidato)
            guard let inicio = jobs[CadeiaFechamento.id(alvo)] else {
                // Not started: pending when it is the open reference (the one before it was
                // closed before this system had chains).
                return aberta ? candidato : nil
            }
            if inicio.state == .discarded { return nil }
            if let encerrar = jobs[CadeiaFechamento.idEncerrar(alvo)], encerrar.state == .done || encerrar.state == .discarded {
                return nil
            }
            var iniciado = candidato
            iniciado.iniciado = true
            return iniciado
        }
    }
}
