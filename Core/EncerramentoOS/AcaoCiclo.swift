import GSANDatabase
import GSANModel
import JobRuntime
import Postgres

/// An activity of an action in a group's collection cycle (ENCERRAR OS or ENCERRAR), with the
/// action's EMITIR whose documents and service orders it closes.
public struct AcaoCiclo: Sendable, Hashable {
    /// The activity's row (caac): its planned date is the pass's date.
    public var atividade: Int
    public var tipoAtividade: Int
    /// The EMITIR of the same action in the same cycle (nil when the cycle has none).
    public var emitir: Int?
    public var acao: Int
    public var descricaoAcao: String
    public var grupo: Int
    public var referencia: Int
    /// The day the pass closes on: the activity's planned date (reruns close the same orders).
    public var data: CivilDate
    /// When the contractor received the EMITIR's documents (`gsan os recebimento`).
    public var recebimento: CivilDate?

    public static func carregar(_ caac: Int, db: PostgresConnection) throws -> AcaoCiclo {
        guard let row = try db.query(
            """
            SELECT a.cbat_id, e.caac_id, c.cbac_id, x.cbac_dscobrancaacao, m.cbgr_id, m.cbcm_amreferencia::int,
                   a.caac_dtprevista, e.caac_dtrecebimentocontratada
            FROM cobranca.cobranca_acao_ativ_crg a
            JOIN cobranca.cobranca_acao_cronograma c ON c.cbcr_id = a.cbcr_id
            JOIN cobranca.cobranca_acao x ON x.cbac_id = c.cbac_id
            JOIN cobranca.cobranca_grupo_crg_mes m ON m.cbcm_id = c.cbcm_id
            LEFT JOIN cobranca.cobranca_acao_ativ_crg e ON e.cbcr_id = a.cbcr_id AND e.cbat_id = 2
            WHERE a.caac_id = $1
            """, [caac]).first
        else { throw ErroEncerramento.atividadeInexistente(caac) }
        let (tipo, emitir, acao, descricao, grupo, referencia, data, recebimento) = try row.decode(
            (Int, Int?, Int, String, Int, Int, CivilDate, CivilDate?).self)
        return AcaoCiclo(
            atividade: caac, tipoAtividade: tipo, emitir: emitir, acao: acao, descricaoAcao: descricao, grupo: grupo,
            referencia: referencia, data: data, recebimento: recebimento)
    }

    /// The EMITIR (caac) of an action in a group's cycle, as a person names it.
    /// - Throws: ``ErroEncerramento/recusa(_:)`` when the cycle has no such EMITIR.
    public static func emitir(grupo: Int, referencia: Int, acao: Int, db: PostgresConnection) throws -> Int {
        guard let row = try db.query(
            """
            SELECT a.caac_id FROM cobranca.cobranca_acao_ativ_crg a
            JOIN cobranca.cobranca_acao_cronograma c ON c.cbcr_id = a.cbcr_id
            JOIN cobranca.cobranca_grupo_crg_mes m ON m.cbcm_id = c.cbcm_id
            WHERE m.cbgr_id = $1 AND m.cbcm_amreferencia = $2 AND c.cbac_id = $3 AND a.cbat_id = 2
            """, [grupo, referencia, acao]).first
        else {
            throw ErroEncerramento.recusa(
                "A ação \(acao) não tem EMITIR no cronograma do grupo \(grupo) em \(zeroPadded(referencia % 100, 2))/\(referencia / 100).")
        }
        return try row.decode(Int.self, at: 0)
    }

    /// `VISITA DE COBRANCA (grupo 1, 06/2025)`.
    public var nome: String {
        "\(descricaoAcao) (grupo \(grupo), \(zeroPadded(referencia % 100, 2))/\(referencia / 100))"
    }

    /// The SQL that gives an imóvel's rota for collection (its quadra's, or its alternative one): the rota of its
    /// collection documents, and the one the OS seletiva draws it under (`m` the imóvel, `q` its quadra).
    static let rotaDoDocumento = "COALESCE(m.rota_idalternativa, q.rota_id)"
}

/// Why an encerramento job or command cannot go on; the description is what a person reads.
public enum ErroEncerramento: JobFailureConvertible, Sendable, Equatable, CustomStringConvertible {
    case atividadeInexistente(Int)
    case ordensPendentes(acao: String, quantidade: Int, exemplos: [Int64])
    case recusa(String)

    public var description: String {
        switch self {
        case .atividadeInexistente(let caac): "Atividade do cronograma inexistente: \(caac)."
        case .ordensPendentes(let acao, let quantidade, let exemplos):
            "Ação \(acao) não encerrada: \(quantidade) ordem(ns) de serviço ainda pendente(s) dentro do prazo (OS "
                + exemplos.map(String.init).joined(separator: ", ") + (quantidade > exemplos.count ? ", …" : "")
                + "). Encerre-as (gsan os encerrar, gsan os retorno) e reprocesse o job (gsan dlq replay)."
        case .recusa(let mensagem): mensagem
        }
    }

    /// Every refusal fails the same way until a person changes the data.
    public var jobFailure: JobFailure { .permanent(description) }
}
