import GSANDatabase
import GSANModel
import ParcelamentoJudicialRegras
import Postgres

/// `efetuar`: the agreement, its imóveis and items, the bills PARCELADA with the link to it, the
/// entrada's guia (118) when there is one, one guia per installment plus the custas and honorários guias, with their items — in ONE
/// transaction. The same request again (its ``PedidoParcelamento/chave``) returns the agreement
/// it made; concurrent identical requests wait on one advisory lock, so they are one agreement.
public enum EfetuarParcelamento {
    public struct Resultado: Sendable, Equatable {
        public var parcelamento: Int
        /// False when the request had already been made: nothing was written.
        public var novo: Bool
    }

    /// Crédito tipo DESCONTO PARCELAMENTO JUDICIAL (migration 0008).
    static let creditoDesconto = 50

    public static func efetuar(_ pedido: PedidoParcelamento, usuario: Int? = nil, db: PostgresConnection) throws -> (Resultado, Simulacao?) {
        let chave = pedido.chave
        do {
            return try efetuarNaTransacao(pedido, chave: chave, usuario: usuario, db: db)
        } catch let erro as PostgresError where erro.kind == .uniqueViolation && erro.constraint == "parcelamento_judicial_processo" {
            // Another request with the same process committed between our check and our insert.
            throw ErroParcelamentoJudicial.invalido(
                "Processo judicial \(pedido.negociacao.processo?.trimmingSpaces ?? "") já pertence a outro parcelamento judicial válido.")
        }
    }

    static func efetuarNaTransacao(_ pedido: PedidoParcelamento, chave: String, usuario: Int?, db: PostgresConnection) throws
        -> (Resultado, Simulacao?)
    {
        try db.withTransaction { db in
            // Two identical requests at once: the second waits here and then finds the first's.
            try db.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 1001))", [chave])
            if let existente = try db.query(
                "SELECT pjud_id FROM cobranca.parcelamento_judicial WHERE pjud_cdrequisicao = $1", [chave]
            ).first?.decode(Int.self, at: 0) {
                return (Resultado(parcelamento: existente, novo: false), nil)
            }
            let s = try SimulacaoParcelamento.simular(pedido, db: db, travar: true)
            let id = try gravar(s, chave: chave, usuario: usuario, db: db)
            return (Resultado(parcelamento: id, novo: true), s)
        }
    }

    static func gravar(_ s: Simulacao, chave: String, usuario: Int?, db: PostgresConnection) throws -> Int {
        let a = s.acordo
        let n = a.negociacao
        func pct(_ centesimos: Int) -> Centavos { Centavos(Int64(centesimos)) }  // hundredths of a percent print as numeric(5,2)
        let id = try db.query(
            """
            INSERT INTO cobranca.parcelamento_judicial (
                pjud_amreferenciafaturamento, pjud_tmparcelamento, pjud_nnprocessojudicial, pjud_nmadvogado, pjud_nnoab,
                pjud_dsobservacao, pjud_icvalorcusta, pjud_icvalorhonorario, pjud_icvalorinformavalorparc,
                pjud_icparcelamentocomjuros, pjud_icperderdesconto, pjud_icentrada, pjud_nndiasvencparcelas, pjud_nnprestacoes,
                pjud_txjuros, pjud_pccustas, pjud_pchonorario, pjud_pcdesconto, pjud_vlconta, pjud_vlacrescimos, pjud_vlacordo,
                pjud_vlcustas, pjud_vlhonorario, pjud_vlparcelado, pjud_vlentrada, pjud_arpdf, clie_idresponsavel,
                clie_idusuario, clie_idadvogado, usur_id, pcst_id, pjud_dtacordo, pjud_cdrequisicao)
            VALUES ($1, now(), $2, $3, $4, $5, $6, $7, $8, $9, $10, $30, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,
                    $22, $31, $23, $24, $25, $26, $27, 1, $28, $29)
            RETURNING pjud_id
            """,
            [
                s.referenciaFaturamento, a.processo.numero, s.nomeAdvogado.map { String($0.prefix(50)) },
                n.advogado == nil ? nil : n.oab?.trimmingSpaces, n.observacao, n.custasNoPlano ? 1 : 2, n.honorariosNoPlano ? 1 : 2,
                n.valoresParcelas == nil ? 2 : 1, n.juros == .sem ? 2 : 1, n.perdeDesconto ? 1 : 2, n.diasEntreParcelas, n.prestacoes,
                pct(n.juros.taxa), pct(a.custas.percentual), pct(a.honorarios.percentual), pct(a.desconto.percentual),
                s.debito.contas, s.debito.acrescimos, a.valorAcordo, a.custas.valor, a.honorarios.valor, a.plano.valorParcelado,
                n.anexo, n.clienteResponsavel, s.pedido.filtro.cliente, n.advogado, usuario, n.dataAcordo, chave,
                a.plano.entrada == nil ? 2 : 1, a.plano.entrada?.valor ?? .zero,
            ])[0].decode(Int.self, at: 0)
        for imovel in s.debito.imoveis {
            try db.execute(
                "INSERT INTO cobranca.parcel_judicial_imov (pjud_id, imov_id, pjim_icimovelprincipal) VALUES ($1, $2, $3)",
                [id, imovel, imovel == s.imovelPrincipal ? 1 : 2])
        }
        for item in s.debito.itens {
            try db.execute(
                "INSERT INTO cobranca.parcel_judicial_item (pjud_id, cnta_id, pjit_vlconta, pjit_vlacrescimos) VALUES ($1, $2, $3, $4)",
                [id, item.conta.id, item.conta.valor, item.acrescimos])
        }
        let contas = try db.execute(
            """
            UPDATE faturamento.conta SET dcst_idanterior = dcst_idatual, dcst_idatual = 5, pjud_id = $1
            WHERE cnta_id = ANY($2::bigint[]) AND dcst_idatual IN (0, 1, 2) AND pjud_id IS NULL
            """, [id, PostgresArray(s.debito.itens.map(\.conta.id))])
        guard contas == s.debito.itens.count else {
            throw ErroParcelamentoJudicial.invalido("As contas do parcelamento mudaram durante a operação; efetue de novo.")
        }
        if let entrada = a.plano.entrada {
            let guia = try inserirGuia(
                parcelamento: id, imovel: s.imovelPrincipal, cliente: n.clienteResponsavel, tipo: 118, emissao: n.dataAcordo,
                vencimento: entrada.vencimento, referencia: s.referenciaFaturamento, valor: entrada.valor, prestacao: 1, total: 1,
                observacao: "ENTRADA PROCESSO \(a.processo)", db: db)
            try inserirItens(guia, debitos: [(118, entrada.valor)], desconto: entrada.desconto, db: db)
        }
        let total = a.plano.parcelas.count
        for parcela in a.plano.parcelas {
            let guia = try inserirGuia(
                parcelamento: id, imovel: s.imovelPrincipal, cliente: n.clienteResponsavel, tipo: 119, emissao: n.dataAcordo,
                vencimento: parcela.vencimento, referencia: s.referenciaFaturamento, valor: parcela.valor, prestacao: parcela.numero,
                total: total, observacao: "PARCELA \(parcela.numero)/\(total) PROCESSO \(a.processo)", db: db)
            try inserirItens(
                guia, debitos: [(119, parcela.principal), (120, parcela.juros), (121, parcela.custas), (122, parcela.honorarios)],
                desconto: parcela.desconto, db: db)
        }
        for avulsa in a.plano.guiasAvulsas {
            let nome = avulsa.tipo == .custas ? "CUSTAS" : "HONORARIOS"
            let guia = try inserirGuia(
                parcelamento: id, imovel: s.imovelPrincipal, cliente: n.clienteResponsavel, tipo: avulsa.tipo.rawValue,
                emissao: n.dataAcordo, vencimento: avulsa.vencimento, referencia: s.referenciaFaturamento, valor: avulsa.valor,
                prestacao: 1, total: 1, observacao: "\(nome) PROCESSO \(a.processo)", db: db)
            try inserirItens(guia, debitos: [(avulsa.tipo.rawValue, avulsa.valor)], desconto: .zero, db: db)
        }
        return id
    }

    static func inserirGuia(
        parcelamento: Int, imovel: Int, cliente: Int?, tipo: Int, emissao: CivilDate, vencimento: CivilDate, referencia: Int,
        valor: Centavos, prestacao: Int, total: Int, observacao: String, db: PostgresConnection
    ) throws -> Int64 {
        try db.query(
            """
            INSERT INTO faturamento.guia_pagamento (imov_id, clie_id, dbtp_id, gpag_dtemissao, gpag_dtvencimento,
                gpag_amreferenciacontabil, gpag_vldebito, gpag_nnprestacaodebito, gpag_nnprestacaototal, gpag_dsobservacao, pjud_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING gpag_id
            """, [imovel, cliente, tipo, emissao, vencimento, referencia, valor, prestacao, total, String(observacao.prefix(200)), parcelamento]
        )[0].decode(Int64.self, at: 0)
    }

    static func inserirItens(_ guia: Int64, debitos: [(Int, Centavos)], desconto: Centavos, db: PostgresConnection) throws {
        for (tipo, valor) in debitos where valor > .zero {
            try db.execute("INSERT INTO faturamento.guia_pagamento_item (gpag_id, dbtp_id, gpit_vlitem) VALUES ($1, $2, $3)", [guia, tipo, valor])
        }
        if desconto > .zero {
            try db.execute(
                "INSERT INTO faturamento.guia_pagamento_item (gpag_id, crti_id, gpit_vlitem) VALUES ($1, $2, $3)",
                [guia, creditoDesconto, desconto])
        }
    }
}
