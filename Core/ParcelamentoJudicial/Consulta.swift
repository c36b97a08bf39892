import Foundation
import GSANDatabase
import GSANModel
import ParcelamentoJudicialRegras
import Postgres

/// `consultar`: an agreement with its imóveis, bills and guias (paid, open, late, cancelled).
public struct ConsultaParcelamento: Sendable {
    public struct Guia: Sendable, Equatable {
        public var id: Int64
        public var tipo: Int
        public var descricao: String
        public var prestacao: Int
        public var total: Int
        public var emissao: CivilDate
        public var vencimento: CivilDate
        public var valor: Centavos
        public var pagamento: CivilDate?
        public var cancelada: Bool

        /// paga, cancelada, em atraso (unpaid past its due date on `hoje`) or em aberto.
        public func situacao(hoje: CivilDate) -> String {
            if cancelada { return "cancelada" }
            if let pagamento { return "paga em \(pagamento)" }
            return vencimento < hoje ? "em atraso" : "em aberto"
        }
    }

    public var id: Int
    public var processo: String
    public var situacao: String
    public var situacaoId: Int
    public var dataAcordo: CivilDate?
    public var criacao: String
    public var cancelamento: String?
    public var responsavel: String
    public var advogado: String?
    public var oab: String?
    public var observacao: String?
    public var contas: Centavos
    public var acrescimos: Centavos
    public var acordo: Centavos
    public var pcDesconto: String
    public var custas: Centavos
    public var honorarios: Centavos
    public var parcelado: Centavos
    public var prestacoes: Int
    public var taxaJuros: String
    public var perdeDesconto: Bool
    public var anexoBytes: Int?
    public var imoveis: [(imovel: Int, principal: Bool, contas: Int)]
    public var guias: [Guia]

    public var desconto: Centavos { contas + acrescimos - acordo }

    public static func carregar(_ id: Int, db: PostgresConnection) throws -> ConsultaParcelamento {
        guard let r = try db.query(
            """
            SELECT p.pjud_nnprocessojudicial, s.pcst_dsparcelamentosituacao, p.pcst_id::int, p.pjud_dtacordo,
                   to_char(p.pjud_tmparcelamento AT TIME ZONE '\(CivilDate.fusoHorarioDaEmpresa)', 'DD/MM/YYYY HH24:MI'),
                   to_char(p.pjud_tmcancelamento AT TIME ZONE '\(CivilDate.fusoHorarioDaEmpresa)', 'DD/MM/YYYY HH24:MI'),
                   r.clie_id || ' ' || r.clie_nmcliente, p.pjud_nmadvogado, p.pjud_nnoab, p.pjud_dsobservacao,
                   p.pjud_vlconta, p.pjud_vlacrescimos, p.pjud_vlacordo, replace(p.pjud_pcdesconto::text, '.', ','),
                   p.pjud_vlcustas, p.pjud_vlhonorario, p.pjud_vlparcelado, p.pjud_nnprestacoes::int,
                   replace(p.pjud_txjuros::text, '.', ','), p.pjud_icperderdesconto = 1, octet_length(p.pjud_arpdf)
            FROM cobranca.parcelamento_judicial p
            JOIN cobranca.parcelamento_situacao s USING (pcst_id)
            JOIN cadastro.cliente r ON r.clie_id = p.clie_idresponsavel
            WHERE p.pjud_id = $1
            """, [id]
        ).first else { throw ErroParcelamentoJudicial.inexistente("Parcelamento judicial \(id) inexistente.") }
        let imoveis = try db.query(
            """
            SELECT i.imov_id, i.pjim_icimovelprincipal = 1,
                   (SELECT count(*)::int FROM cobranca.parcel_judicial_item t JOIN faturamento.conta c USING (cnta_id)
                    WHERE t.pjud_id = i.pjud_id AND c.imov_id = i.imov_id)
            FROM cobranca.parcel_judicial_imov i WHERE i.pjud_id = $1 ORDER BY i.pjim_icimovelprincipal, i.imov_id
            """, [id]
        ).map { try $0.decode((Int, Bool, Int).self) }
        let guias = try db.query(
            """
            SELECT g.gpag_id, g.dbtp_id::int, t.dbtp_dsdebitotipo, g.gpag_nnprestacaodebito::int, g.gpag_nnprestacaototal::int,
                   g.gpag_dtemissao, g.gpag_dtvencimento, g.gpag_vldebito,
                   (SELECT min(p.pgmt_dtpagamento) FROM arrecadacao.pagamento p WHERE p.gpag_id = g.gpag_id), g.dcst_idatual = 3
            FROM faturamento.guia_pagamento g JOIN faturamento.debito_tipo t USING (dbtp_id)
            WHERE g.pjud_id = $1 ORDER BY g.gpag_dtvencimento, g.dbtp_id, g.gpag_nnprestacaodebito, g.gpag_id
            """, [id]
        ).map { row in
            Guia(
                id: try row.decode(Int64.self, at: 0), tipo: try row.decode(Int.self, at: 1), descricao: try row.decode(String.self, at: 2),
                prestacao: try row.decode(Int.self, at: 3), total: try row.decode(Int.self, at: 4),
                emissao: try row.decode(CivilDate.self, at: 5), vencimento: try row.decode(CivilDate.self, at: 6),
                valor: try row.decode(Centavos.self, at: 7), pagamento: try row.decode(CivilDate?.self, at: 8), cancelada: try row.decode(Bool.self, at: 9))
        }
        return ConsultaParcelamento(
            id: id, processo: try r.decode(String.self, at: 0), situacao: try r.decode(String.self, at: 1),
            situacaoId: try r.decode(Int.self, at: 2), dataAcordo: try r.decode(CivilDate?.self, at: 3),
            criacao: try r.decode(String.self, at: 4), cancelamento: try r.decode(String?.self, at: 5),
            responsavel: try r.decode(String.self, at: 6), advogado: try r.decode(String?.self, at: 7), oab: try r.decode(String?.self, at: 8),
            observacao: try r.decode(String?.self, at: 9), contas: try r.decode(Centavos.self, at: 10),
            acrescimos: try r.decode(Centavos.self, at: 11), acordo: try r.decode(Centavos.self, at: 12),
            pcDesconto: try r.decode(String.self, at: 13), custas: try r.decode(Centavos.self, at: 14),
            honorarios: try r.decode(Centavos.self, at: 15), parcelado: try r.decode(Centavos.self, at: 16),
            prestacoes: try r.decode(Int.self, at: 17), taxaJuros: try r.decode(String.self, at: 18),
            perdeDesconto: try r.decode(Bool.self, at: 19), anexoBytes: try r.decode(Int?.self, at: 20),
            imoveis: imoveis.map { (imovel: $0.0, principal: $0.1, contas: $0.2) }, guias: guias)
    }
}

/// `cancelar`: undoes an agreement with no guia paid (``CancelamentoParcelamento``): the bills go
/// back to the situação they had before (dcst_idanterior) and lose the link; its guias are
/// cancelled (situação 3); the agreement is CANCELADO with the instant. One transaction.
public enum CancelarParcelamento {
    public struct Resultado: Sendable, Equatable {
        public var contas: Int
        public var guias: Int
    }

    public static func cancelar(_ id: Int, usuario: Int? = nil, db: PostgresConnection) throws -> Resultado {
        try db.withTransaction { db in
            guard let situacao = try db.query(
                "SELECT pcst_id::int FROM cobranca.parcelamento_judicial WHERE pjud_id = $1 FOR UPDATE", [id]
            ).first?.decode(Int.self, at: 0) else { throw ErroParcelamentoJudicial.inexistente("Parcelamento judicial \(id) inexistente.") }
            let pagas = try db.query(
                """
                SELECT CASE g.dbtp_id WHEN 119 THEN 'a parcela ' || g.gpag_nnprestacaodebito || '/' || g.gpag_nnprestacaototal
                                      WHEN 118 THEN 'a guia de entrada' WHEN 121 THEN 'a guia de custas' WHEN 122 THEN 'a guia de honorários'
                                      ELSE 'a guia ' || g.gpag_id END, min(p.pgmt_dtpagamento)
                FROM faturamento.guia_pagamento g JOIN arrecadacao.pagamento p ON p.gpag_id = g.gpag_id
                WHERE g.pjud_id = $1 GROUP BY g.gpag_id ORDER BY 2, g.gpag_id
                """, [id]
            ).map { try $0.decode((String, CivilDate).self) }
            do {
                try CancelamentoParcelamento.verificar(
                    parcelamento: id, situacao: situacao, pagas: pagas.map { .init(descricao: $0.0, data: $0.1) })
            } catch let erro as ErroParcelamento { throw ErroParcelamentoJudicial.recusa(erro) }
            let contas = try db.execute(
                """
                UPDATE faturamento.conta SET dcst_idatual = COALESCE(dcst_idanterior, 0), dcst_idanterior = NULL, pjud_id = NULL
                WHERE pjud_id = $1
                """, [id])
            let guias = try db.execute(
                "UPDATE faturamento.guia_pagamento SET dcst_idatual = 3 WHERE pjud_id = $1 AND dcst_idatual <> 3", [id])
            try db.execute(
                """
                UPDATE cobranca.parcelamento_judicial SET pcst_id = 4, pjud_tmcancelamento = now(), usur_idcancelamento = $2
                WHERE pjud_id = $1
                """, [id, usuario])
            return Resultado(contas: contas, guias: guias)
        }
    }
}

/// The imóveis in judicial collection (situação de cobrança 5, as JusCompesa's pre-close step
/// leaves them) with bills that may enter an agreement and none in a valid one: the process
/// number JusCompesa gave, the current usuário, the open bills' count and value.
public enum CandidatosParcelamento {
    public struct Candidato: Sendable, Equatable {
        public var imovel: Int
        public var cliente: Int?
        public var processo: String?
        public var contas: Int
        public var valor: Centavos
    }

    public static func listar(limite: Int, db: PostgresConnection) throws -> [Candidato] {
        try db.query(
            """
            SELECT m.imov_id,
                   (SELECT u.clie_id FROM cadastro.cliente_usuario_atual u WHERE u.imov_id = m.imov_id),
                   (SELECT h.cbsh_nnprocessojudicial FROM cobranca.cobranca_situacao_hist h
                    WHERE h.imov_id = m.imov_id AND h.cbsh_nnprocessojudicial IS NOT NULL ORDER BY h.cbsh_id DESC LIMIT 1),
                   count(*)::int, sum(c.cnta_vlagua + c.cnta_vlesgoto + c.cnta_vldebitos - c.cnta_vlcreditos - c.cnta_vlimpostos)
            FROM cadastro.imovel m
            JOIN faturamento.conta c ON c.imov_id = m.imov_id AND c.dcst_idatual IN (0, 1, 2) AND c.pjud_id IS NULL
                 AND (c.cmrv_id IS NULL OR c.cmrv_id = 6)
                 AND c.cnta_vlagua + c.cnta_vlesgoto + c.cnta_vldebitos - c.cnta_vlcreditos - c.cnta_vlimpostos > 0
                 AND NOT EXISTS (SELECT 1 FROM arrecadacao.pagamento p WHERE p.cnta_id = c.cnta_id)
            WHERE m.cbst_id = 5
            GROUP BY m.imov_id ORDER BY 3 NULLS LAST, 1 LIMIT $1
            """, [limite]
        ).map { row in
            Candidato(
                imovel: try row.decode(Int.self, at: 0), cliente: try row.decode(Int?.self, at: 1), processo: try row.decode(String?.self, at: 2),
                contas: try row.decode(Int.self, at: 3), valor: try row.decode(Centavos.self, at: 4))
        }
    }
}
