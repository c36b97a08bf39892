import EncerramentoRegras
import GSANDatabase
import GSANModel
import Logging
import Postgres

/// ENCERRAR OS for one rota (seed 002 §1.2.2; GSAN-FACTS §4, UC1112): every order of the action's
/// EMITIR still pending (situação 1 or 3) whose D + N business days have passed by the pass's date
/// is closed without execution, motivo 32, by the batch user of the localidade's unit, and its
/// document becomes CANCELADA PRAZO. In the job's transaction: one rota, all or nothing.
public struct DecursoPrazo {
    public var logger: Logger

    public init(logger: Logger) { self.logger = logger }

    public struct Resultado: Codable, Sendable, Hashable {
        public var rota: Int
        public var encerradas: Int
        /// Still within their term on the pass's date.
        public var noPrazo: Int
        /// Fiscalização orders left open (the parameter is 0).
        public var fiscalizacaoAbertas: Int
    }

    public func encerrar(_ ciclo: AcaoCiclo, rota: Int, tramites: IdsReservados? = nil, db: PostgresConnection) throws -> Resultado {
        var resultado = Resultado(rota: rota, encerradas: 0, noPrazo: 0, fiscalizacaoAbertas: 0)
        guard let emitir = ciclo.emitir else { return resultado }
        let ordens = try db.query(
            """
            SELECT o.orse_id, o.svtp_id, (COALESCE(o.orse_tmemissao, o.orse_tmgeracao) AT TIME ZONE '\(CivilDate.fusoHorarioDaEmpresa)')::date,
                   s.svtp_nndiasprazoexecucao
            FROM atendimentopublico.ordem_servico o
            JOIN cobranca.cobranca_documento d ON d.cbdo_id = o.cbdo_id
            JOIN cadastro.imovel m ON m.imov_id = d.imov_id
            JOIN cadastro.quadra q ON q.qdra_id = d.qdra_id
            JOIN atendimentopublico.servico_tipo s ON s.svtp_id = o.svtp_id
            WHERE d.caac_id = $1 AND o.orse_cdsituacao IN (1, 3) AND \(AcaoCiclo.rotaDoDocumento) = $2
            ORDER BY o.orse_id
            """, [emitir, rota]
        ).map { row in
            let (id, servico, emissao, dias) = try row.decode((Int64, Int, CivilDate, Int?).self)
            return (id, PrazoDecurso.Ordem(servico: servico, emissao: emissao, diasServico: dias))
        }
        guard let primeira = ordens.map(\.1.emissao).min() else { return resultado }
        let calendario = try CalendarioUteis.carregar(desde: primeira, db: db)
        let diasFiscalizacao = try db.query(
            "SELECT COALESCE(max(parm_nndiasencerrarosfiscdecursoprazo), 0)::int FROM cadastro.sistema_parametros"
        )[0].decode(Int.self, at: 0)
        var vencidas: [Int64] = []
        for (id, ordem) in ordens {
            let vencimento = PrazoDecurso.vencimento(
                ordem, recebimento: ciclo.recebimento, diasFiscalizacao: diasFiscalizacao, calendario: calendario)
            if vencimento == nil {
                resultado.fiscalizacaoAbertas += 1
            } else if PrazoDecurso.vencida(vencimento, em: ciclo.data) {
                vencidas.append(id)
            } else {
                resultado.noPrazo += 1
            }
        }
        let situacao = SituacaoAcao.aposEncerrar(motivo: PrazoDecurso.motivo, execucao: false).rawValue
        resultado.encerradas = try EncerramentoOrdens.encerrar(
            vencidas.map {
                EncerramentoOrdens.Item(
                    ordem: $0, motivo: PrazoDecurso.motivo, data: ciclo.data.iso, minutos: 0, parecer: PrazoDecurso.parecer,
                    agente: nil, situacao: situacao, unidade: nil, automatico: 1, cortar: false)
            }, origem: .batch, tramites: tramites, db: db
        ).count
        if resultado.encerradas > 0 {
            logger.info(
                "ordens encerradas por decurso de prazo",
                metadata: ["caac": "\(emitir)", "rota": "\(rota)", "encerradas": "\(resultado.encerradas)"])
        }
        return resultado
    }

    /// The rotas with orders of the action's EMITIR still open, in order.
    public static func rotas(_ ciclo: AcaoCiclo, db: PostgresConnection) throws -> [Int] {
        try abertasPorRota(ciclo, db: db).map(\.rota)
    }

    /// ``rotas(_:db:)`` with how many orders each has open.
    public static func abertasPorRota(_ ciclo: AcaoCiclo, db: PostgresConnection) throws -> [(rota: Int, abertas: Int)] {
        guard let emitir = ciclo.emitir else { return [] }
        return try db.query(
            """
            SELECT \(AcaoCiclo.rotaDoDocumento), count(*)::int
            FROM atendimentopublico.ordem_servico o
            JOIN cobranca.cobranca_documento d ON d.cbdo_id = o.cbdo_id
            JOIN cadastro.imovel m ON m.imov_id = d.imov_id
            JOIN cadastro.quadra q ON q.qdra_id = d.qdra_id
            WHERE d.caac_id = $1 AND o.orse_cdsituacao IN (1, 3)
            GROUP BY 1 ORDER BY 1
            """, [emitir]
        ).map { try $0.decode((Int, Int).self) }
    }
}
