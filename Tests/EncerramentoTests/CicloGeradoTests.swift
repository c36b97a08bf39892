import GSANModel
import Postgres
import Testing

/// The generated collection schedule follows the seed's gaps in business days (seed 002 §1.2.3–1.2.4):
/// in every group, whatever weekday its cycle starts on, each action's EMITIR comes at least its
/// minimum business days (`cbac_nndiasminacaoprecedente`) after its predecessor's EMITIR — the
/// fiscalização of the cut-off imóveis D + 7 business days after the corte.
@Suite(.serialized) struct CicloGeradoTests {
    @Test func cadaEmitirVemOsDiasUteisMinimosDepoisDaPredecessora() async throws {
        try await comCompanhia(imoveis: 8_000) { db, _ in  // 10 rotas, 10 grupos: the ten starting days of the generated cycles
            let feriados = Set(try db.query("SELECT data FROM feriado").map { try $0.decode(CivilDate.self, at: 0) })
            let uteis = CalendarioUteis(feriados: feriados)
            let linhas = try db.query(
                """
                SELECT m.cbgr_id, a.cbac_id, a.cbac_nndiasminacaoprecedente, e.caac_dtprevista, p.caac_dtprevista
                FROM cobranca.cobranca_acao_ativ_crg e
                JOIN cobranca.cobranca_acao_cronograma c ON c.cbcr_id = e.cbcr_id
                JOIN cobranca.cobranca_grupo_crg_mes m ON m.cbcm_id = c.cbcm_id
                JOIN cobranca.cobranca_acao a ON a.cbac_id = c.cbac_id
                JOIN cobranca.cobranca_acao_cronograma pc ON pc.cbcm_id = c.cbcm_id AND pc.cbac_id = a.cbac_idacaoprecedente
                JOIN cobranca.cobranca_acao_ativ_crg p ON p.cbcr_id = pc.cbcr_id AND p.cbat_id = 2
                WHERE e.cbat_id = 2
                ORDER BY 1, 2
                """)
            let grupos = Set(try linhas.map { try $0.decode(Int.self, at: 0) })
            #expect(grupos.count == 10 && linhas.count == grupos.count * 3, "três ações com predecessora em cada grupo: \(linhas.count)")
            for l in linhas {
                let (grupo, acao, minimo) = (try l.decode(Int.self, at: 0), try l.decode(Int.self, at: 1), try l.decode(Int.self, at: 2))
                let emitir = try l.decode(CivilDate.self, at: 3), predecessora = try l.decode(CivilDate.self, at: 4)
                #expect(uteis.somar(minimo, a: predecessora) <= emitir,
                        "grupo \(grupo), ação \(acao): EMITIR \(emitir) antes de \(predecessora) + \(minimo) dias úteis")
            }
        }
    }
}
