import EncerramentoRegras
import GSANDatabase
import GSANModel
import Postgres

/// Closings the contractor reports (seed 002 §2.4): one order by `gsan os encerrar`, or the lines
/// of a return file. Reads what the rules need, checks each with ``EncerramentoManual``, writes
/// through ``EncerramentoOrdens``.
public enum EncerramentoInformado {
    /// The order as the rules read it, and what closing it touches.
    public struct Estado: Sendable {
        public var ordem: EncerramentoManual.Ordem
        /// Its action suspends the supply (ordem de corte): executing it cuts the ligação.
        public var suspendeAbastecimento: Bool
        /// The unit of the contract's empresa: the contractor's, which closes what it reports.
        public var unidadeContrato: Int?
        /// The contract of the order's document (`cese_id`).
        public var contrato: Int?
        /// How a closed order was closed: motivo, day, and whether by a return file.
        public var encerramento: (motivo: Int, data: CivilDate, porRetorno: Bool)?
    }

    public static func estados(_ ids: [Int64], db: PostgresConnection) throws -> [Int64: Estado] {
        guard !ids.isEmpty else { return [:] }
        var estados: [Int64: Estado] = [:]
        try db.forEachRow(
            """
            SELECT o.orse_id, o.orse_cdsituacao,
                   (COALESCE(o.orse_tmemissao, o.orse_tmgeracao) AT TIME ZONE '\(CivilDate.fusoHorarioDaEmpresa)')::date,
                   s.svtp_icpavimento = 1, d.cbac_id IS NOT NULL, COALESCE(x.cbac_icsuspensaoabastecimento = 1, false),
                   (SELECT string_agg(m.amen_id::text, ',') FROM cobranca.atend_mot_enc_acao_cobr m WHERE m.cbac_id = d.cbac_id),
                   ce.empr_id,
                   (SELECT min(u.unid_id) FROM cadastro.unidade_organizacional u WHERE u.empr_id = ce.empr_id AND u.unid_icuso = 1),
                   d.cese_id, o.amen_id, (o.orse_tmencerramento AT TIME ZONE '\(CivilDate.fusoHorarioDaEmpresa)')::date,
                   COALESCE(o.orse_dsorigemencerramento = 'RETORNO', false)
            FROM atendimentopublico.ordem_servico o
            JOIN atendimentopublico.servico_tipo s ON s.svtp_id = o.svtp_id
            LEFT JOIN cobranca.cobranca_documento d ON d.cbdo_id = o.cbdo_id
            LEFT JOIN cobranca.cobranca_acao x ON x.cbac_id = d.cbac_id
            LEFT JOIN micromedicao.contrato_empresa_servico ce ON ce.cese_id = d.cese_id
            WHERE o.orse_id = ANY($1::bigint[])
            """, [PostgresArray(ids)]
        ) { row in
            let (id, situacao, emissao) = (try row.decode(Int64.self, at: 0), try row.decode(Int.self, at: 1), try row.decode(CivilDate.self, at: 2))
            let (pavimento, deAcao, suspende) = (try row.decode(Bool.self, at: 3), try row.decode(Bool.self, at: 4), try row.decode(Bool.self, at: 5))
            let motivos = try row.decode(String?.self, at: 6).map { Set($0.split(separator: ",").compactMap { Int($0) }) }
            estados[id] = Estado(
                ordem: .init(
                    situacao: situacao, emissao: emissao, exigePavimento: pavimento,
                    motivosDaAcao: deAcao && motivos?.isEmpty == false ? motivos : nil, empresaContrato: try row.decode(Int?.self, at: 7)),
                suspendeAbastecimento: suspende, unidadeContrato: try row.decode(Int?.self, at: 8),
                contrato: try row.decode(Int?.self, at: 9),
                encerramento: try {
                    guard let motivo = try row.decode(Int?.self, at: 10), let data = try row.decode(CivilDate?.self, at: 11) else { return nil }
                    return (motivo, data, try row.decode(Bool.self, at: 12))
                }())
        }
        return estados
    }

    public static func motivos(db: PostgresConnection) throws -> [Int: EncerramentoManual.Motivo] {
        var motivos: [Int: EncerramentoManual.Motivo] = [:]
        for row in try db.query(
            "SELECT amen_id, amen_icexecucao = 1, amen_icuso = 1 FROM atendimentopublico.atendimento_motivo_encerramento")
        {
            let (id, execucao, uso) = try row.decode((Int, Bool, Bool).self)
            motivos[id] = .init(id: id, execucao: execucao, emUso: uso)
        }
        return motivos
    }

    /// The write of an accepted request.
    static func item(_ p: EncerramentoManual.Pedido, estado: Estado, motivo: EncerramentoManual.Motivo) -> EncerramentoOrdens.Item {
        func m2(_ centesimos: Int) -> String { "\(centesimos / 100).\(zeroPadded(centesimos % 100, 2))" }
        return EncerramentoOrdens.Item(
            ordem: p.ordem, motivo: p.motivo, data: p.data.iso, minutos: p.minutos, parecer: p.parecer, agente: p.agente,
            situacao: SituacaoAcao.aposEncerrar(motivo: p.motivo, execucao: motivo.execucao).rawValue,
            unidade: estado.unidadeContrato, automatico: 2, cortar: motivo.execucao && estado.suspendeAbastecimento,
            pavimento: p.pavimento.map { $0.comPavimento ? 1 : 2 }, asfalto: p.pavimento.map { m2($0.asfalto) },
            paralelepipedo: p.pavimento.map { m2($0.paralelepipedo) }, calcada: p.pavimento.map { m2($0.calcada) })
    }

    /// `gsan os encerrar`: checks the request against the order as it stands (locked) and closes it.
    /// - Throws: ``ErroEncerramento/recusa(_:)`` with the rule's message; nothing is written.
    public static func encerrar(_ pedido: EncerramentoManual.Pedido, hoje: CivilDate, db: PostgresConnection) throws {
        try db.withTransaction { db in
            _ = try db.query("SELECT 1 FROM atendimentopublico.ordem_servico WHERE orse_id = $1 FOR UPDATE", [pedido.ordem])
            let estado = try estados([pedido.ordem], db: db)[pedido.ordem]
            let motivo = try motivos(db: db)[pedido.motivo]
            if let recusa = EncerramentoManual.recusa(pedido, ordem: estado?.ordem, motivo: motivo, hoje: hoje) {
                throw ErroEncerramento.recusa(recusa)
            }
            guard let estado, let motivo else { throw ErroEncerramento.recusa("Ordem de Serviço \(pedido.ordem) inexistente.") }
            let encerradas = try EncerramentoOrdens.encerrar([item(pedido, estado: estado, motivo: motivo)], origem: .operador, db: db)
            guard encerradas == [pedido.ordem] else { throw ErroEncerramento.recusa("Ordem de Serviço \(pedido.ordem) já encerrada.") }
        }
    }
}
