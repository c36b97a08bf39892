import GSANModel
import Postgres

extension Seeder {
    var mesesPorImovel: Int { calendar.meses + 1 }

    func contaId(_ p: ImovelPlan, _ index: Int) -> Int { (p.id - 1) * mesesPorImovel + index + 1 }

    /// Impostos retidos (IR, CSLL, COFINS, PIS) of a public-body conta, in centavos.
    static let aliquotas: [(tipo: Int, centesimos: Int64)] = [(1, 480), (2, 100), (3, 300), (4, 65)]

    func impostos(_ base: Centavos) -> [Int64] {
        Self.aliquotas.map { (base.value * $0.centesimos + 5_000) / 10_000 }
    }

    func writeFaturamento(_ w: inout SeedWriter) throws {
        let atual = calendar.meses
        let revisao = calendar.hoje.adding(days: -30)
        try w.copy("cobranca.parcelamento",
                   "parc_id, imov_id, clie_id, pcst_id, parc_tmparcelamento, parc_amreferenciafaturamento, parc_vlconta, "
                    + "parc_vlacrescimos, parc_vldescontoacrescimos, parc_vldebitoatualizado, parc_vlentrada, "
                    + "parc_vljurosparcelamento, parc_nnprestacoes, parc_vlprestacao, parc_txjuros") { out in
            try forEachImovel { p in
                guard let pc = parcelamento(p) else { return }
                try out.row([parcelamentoId(p), p.id, p.id, 1, pc.instante, calendar.referencia(pc.mes), pc.valorContas,
                             pc.acrescimos, pc.desconto, pc.debitoAtualizado, pc.entrada, pc.juros, pc.prestacoes,
                             pc.prestacao, Centavos(Int64(pc.taxa))])
            }
        }
        try w.copy("faturamento.debito_a_cobrar",
                   "dbac_id, imov_id, dbtp_id, dbac_tmgeracao, dbac_amcobranca, dbac_vldebito, dbac_nnprestacaodebito, "
                    + "dbac_nnprestacaocobradas, parc_id") { out in
            try forEachImovel { p in
                if p.debitoACobrar {
                    try out.row([p.id, p.id, 1, calendar.hoje.adding(days: -20).iso + " 10:00:00-03",
                                 calendar.referenciaCorrente, Centavos(4500), 3, 1, nil])
                }
                // The parcelamento's prestações, charged from the conta after the agreement on.
                if let pc = parcelamento(p) {
                    try out.row([debitoParcelamentoId(p), p.id, Self.debitoTipoParcelamento, pc.instante,
                                 calendar.referencia(pc.mes + 1), pc.valorParcelado, pc.prestacoes, atual - pc.mes,
                                 parcelamentoId(p)])
                }
            }
        }
        try w.copy("faturamento.credito_a_realizar",
                   "crar_id, imov_id, crti_id, crar_tmgeracao, crar_vlcredito, crar_nnprestacaocredito, "
                    + "crar_nnprestacaorealizadas") { out in
            try forEachImovel { p in
                guard p.credito else { return }
                try out.row([p.id, p.id, 1, calendar.hoje.adding(days: -25).iso + " 10:00:00-03", Centavos(1000), 1, 1])
            }
        }
        try w.copy("faturamento.conta",
                   "cnta_id, imov_id, cnta_amreferenciaconta, cnta_amreferenciacontabil, loca_id, qdra_id, "
                    + "cnta_cdsetorcomercial, cnta_nnquadra, cnta_nnlote, cnta_nnsublote, cnta_dgverificadorconta, "
                    + "last_id, lest_id, ftgr_id, rota_id, iper_id, cstf_id, cnta_nnconsumoagua, cnta_nnconsumoesgoto, "
                    + "cnta_vlagua, cnta_vlesgoto, cnta_vldebitos, cnta_vlcreditos, cnta_vlimpostos, cnta_pcesgoto, "
                    + "cnta_dtemissao, cnta_dtvencimentoconta, cnta_dtvalidadeconta, cnta_dtrevisao, cmrv_id, dcst_idatual, "
                    + "dcst_idanterior, parc_id"
        ) { out in
            try forEachImovel { p in
                let setor = layout.setor(rota: p.rota)
                let grupo = layout.grupo(rota: p.rota)
                let meses = p.meses(seed: options.seed, calendar: calendar, tarifa: tarifa)
                let pc = parcelamento(p, meses: meses)
                for (index, mes) in meses.enumerated() where mes.faturado {
                    let corrente = index == atual
                    let vencimento = SeedCalendar.vencimento(mes.referencia, grupo: grupo)
                    let pago = corrente ? nil : p.pagamento(mes: index, vencimento: vencimento, calendar: calendar)
                    let emRevisao = p.judicial && !corrente && pago == nil
                    var debitos = corrente && p.debitoACobrar ? Centavos(1500) : .zero
                    if let pc, let prestacao = pc.prestacaoCobrada(noMes: index) {
                        debitos = debitos + pc.valorPrestacao(prestacao)
                    }
                    // A conta the parcelamento absorbed: PARCELADA (5), it was NORMAL (0).
                    let parcelada = pc?.parcela(index) ?? false
                    let creditos = corrente && p.credito ? Centavos(1000) : .zero
                    let impostos = p.orgaoPublico ? Centavos(impostos(mes.agua + mes.esgoto).reduce(0, +)) : .zero
                    try out.row([
                        contaId(p, index), p.id, mes.referencia, mes.referencia, layout.localidade(setor: setor),
                        p.quadra, layout.codigo(setor: setor), layout.numero(quadra: p.quadra), p.lote, 0,
                        (p.id + mes.referencia) % 10, 3, p.ligacaoEsgoto, grupo, p.rota, p.perfil, 1, mes.consumo,
                        p.esgotoLigado ? mes.consumo : 0, mes.agua, mes.esgoto, debitos, creditos, impostos,
                        p.esgotoLigado ? "80.00" : "0.00",
                        corrente ? nil : SeedCalendar.leitura(mes.referencia, grupo: grupo), vencimento,
                        vencimento.adding(days: 60), emRevisao ? revisao : nil, emRevisao ? 6 : nil,
                        corrente ? 9 : parcelada ? 5 : 0, parcelada ? 0 : nil, parcelada ? parcelamentoId(p) : nil,
                    ])
                }
            }
        }
        try w.copy("faturamento.conta_categoria",
                   "cnta_id, scat_id, catg_id, ctcg_qteconomia, ctcg_vlagua, ctcg_vlesgoto, ctcg_nnconsumoagua") { out in
            try forEachImovel { p in
                for (index, mes) in p.meses(seed: options.seed, calendar: calendar, tarifa: tarifa).enumerated()
                where mes.faturado {
                    // Values go to the first economia line; the others carry their economias.
                    for (linha, e) in p.economias.enumerated() {
                        try out.row([contaId(p, index), e.subcategoria, e.categoria, e.quantidade,
                                     linha == 0 ? mes.agua : .zero, linha == 0 ? mes.esgoto : .zero,
                                     linha == 0 ? mes.consumo : 0])
                    }
                }
            }
        }
        try w.copy("faturamento.conta_impostos_deduzidos",
                   "cnta_id, imtp_id, cnid_vlbasecalculo, cnid_pcaliquota, cnid_vlimposto") { out in
            try forEachImovel { p in
                guard p.orgaoPublico else { return }
                for (index, mes) in p.meses(seed: options.seed, calendar: calendar, tarifa: tarifa).enumerated()
                where mes.faturado {
                    let base = mes.agua + mes.esgoto
                    for (aliquota, valor) in zip(Self.aliquotas, impostos(base)) {
                        try out.row([contaId(p, index), aliquota.tipo, base, Centavos(aliquota.centesimos), Centavos(valor)])
                    }
                }
            }
        }
        try w.copy("faturamento.debito_cobrado",
                   "cnta_id, dbtp_id, dbac_id, dbcb_vlprestacao, dbcb_nnprestacao, dbcb_nnprestacaodebito") { out in
            try forEachImovel { p in
                guard p.debitoACobrar, p.ligacaoAgua == 3, !isCortadoNoMes(p, atual) else { return }
                try out.row([contaId(p, atual), 1, p.id, Centavos(1500), 1, 3])
            }
            // Second pass: the prestações of the parcelamentos, in every conta after the
            // agreement (the pré-faturada one included). After the first pass so that the
            // generated ids of the rows above stay the same.
            try forEachImovel { p in
                guard let pc = parcelamento(p) else { return }
                for index in (pc.mes + 1)...atual {
                    let prestacao = pc.prestacaoCobrada(noMes: index)!
                    try out.row([contaId(p, index), Self.debitoTipoParcelamento, debitoParcelamentoId(p),
                                 pc.valorPrestacao(prestacao), prestacao, pc.prestacoes])
                }
            }
        }
        try w.copy("faturamento.credito_realizado",
                   "cnta_id, crti_id, crar_id, crrz_vlcredito, crrz_nnprestacao, crrz_nnprestacaocredito") { out in
            try forEachImovel { p in
                guard p.credito, p.ligacaoAgua == 3, !isCortadoNoMes(p, atual) else { return }
                try out.row([contaId(p, atual), 1, p.id, Centavos(1000), 1, 1])
            }
        }
        try w.copy("faturamento.guia_pagamento",
                   "gpag_id, imov_id, dbtp_id, gpag_dtemissao, gpag_dtvencimento, gpag_amreferenciacontabil, gpag_vldebito, "
                    + "gpag_nnprestacaodebito, gpag_nnprestacaototal, gpag_dsobservacao, dcst_idatual, parc_id") { out in
            try forEachImovel { p in
                if let pc = parcelamento(p) {
                    try out.row([guiaEntradaId(p), p.id, Self.debitoTipoEntradaParcelamento, pc.data, pc.vencimentoEntrada,
                                 Self.referencia(pc.data), pc.entrada, 1, 1, "ENTRADA DO PARCELAMENTO \(parcelamentoId(p))",
                                 0, parcelamentoId(p)])
                }
                if let g = guiaServico(p) {
                    try out.row([guiaServicoId(p), p.id, g.debitoTipo, g.emissao, g.vencimento, Self.referencia(g.emissao),
                                 g.valor, 1, 1, g.observacao, 0, nil])
                }
            }
        }
        try w.copy("cobranca.parcelamento_item", "pcit_id, parc_id, cnta_id, pcit_vlitem") { out in
            try forEachImovel { p in
                guard let pc = parcelamento(p) else { return }
                for item in pc.itens {
                    try out.row([contaId(p, item.mes), parcelamentoId(p), contaId(p, item.mes), item.valor])
                }
            }
        }
        try w.copy("micromedicao.medicao_historico",
                   "imov_id, medt_id, mdhi_amleitura, mdhi_nnleitantfatmt, mdhi_dtleitantfatmt, ltst_idleituraanterior, "
                    + "mdhi_nnleituraatualinformada, mdhi_dtleituraatualinformada, mdhi_nnleituraatualfaturamento, "
                    + "mdhi_dtleituraatualfaturamento, ltst_idleituraatual, mdhi_nnconsumomedidomes, "
                    + "mdhi_nnconsumomediohidrometro, ltan_idinformada, ltan_idfaturamento") { out in
            try forEachImovel { p in
                guard p.digitos > 0 else { return }
                let grupo = layout.grupo(rota: p.rota)
                for (index, mes) in p.meses(seed: options.seed, calendar: calendar, tarifa: tarifa).enumerated()
                where mes.faturado && index < atual {
                    let data = SeedCalendar.leitura(mes.referencia, grupo: grupo)
                    let anterior = SeedCalendar.leitura(Referencia.somar(mes.referencia, meses: -1), grupo: grupo)
                    let lida = mes.leituraAnormalidade == nil
                    try out.row([p.id, 1, mes.referencia, mes.leituraAnterior, anterior, 1,
                                 lida ? mes.leituraAtual : nil, lida ? data : nil, mes.leituraAtual, data, lida ? 1 : 2,
                                 mes.consumo, p.consumoMedio, mes.leituraAnormalidade, mes.leituraAnormalidade])
                }
            }
        }
        try w.copy("micromedicao.consumo_historico",
                   "imov_id, lgti_id, cshi_amfaturamento, cshi_nnconsumofaturadomes, cshi_nnconsumomedio, cstp_id, csan_id"
        ) { out in
            try forEachImovel { p in
                for (index, mes) in p.meses(seed: options.seed, calendar: calendar, tarifa: tarifa).enumerated()
                where mes.faturado && index < atual {
                    let tipo = p.digitos == 0 ? 6 : (mes.leituraAnormalidade == nil ? 1 : 4)
                    try out.row([p.id, 1, mes.referencia, mes.consumo, p.consumoMedio, tipo, mes.consumoAnormalidade])
                    if p.esgotoLigado {
                        try out.row([p.id, 2, mes.referencia, mes.consumo, p.consumoMedio, tipo, nil])
                    }
                }
            }
        }
        try w.copy("arrecadacao.pagamento",
                   "pgmt_id, imov_id, cnta_id, pgmt_amreferenciapagamento, pgmt_amreferenciaarrecadacao, "
                    + "pgmt_dtpagamento, pgmt_vlpagamento, gpag_id") { out in
            try forEachImovel { p in
                let grupo = layout.grupo(rota: p.rota)
                let meses = p.meses(seed: options.seed, calendar: calendar, tarifa: tarifa)
                for (index, mes) in meses.enumerated() where mes.faturado && index < atual {
                    let vencimento = SeedCalendar.vencimento(mes.referencia, grupo: grupo)
                    guard let data = p.pagamento(mes: index, vencimento: vencimento, calendar: calendar) else { continue }
                    let total = valorContaFechada(p, mes)
                    guard total > .zero else { continue }
                    try out.row([contaId(p, index), p.id, contaId(p, index), mes.referencia, Self.referencia(data),
                                 data, total, nil])
                }
                // Paid guias: a parcelamento's entrada, a service.
                if let pc = parcelamento(p, meses: meses), let data = pc.pagamentoEntrada {
                    try out.row([pagamentoGuiaId(guiaEntradaId(p)), p.id, nil, nil, Self.referencia(data), data, pc.entrada,
                                 guiaEntradaId(p)])
                }
                if let g = guiaServico(p), let data = g.pagamento {
                    try out.row([pagamentoGuiaId(guiaServicoId(p)), p.id, nil, nil, Self.referencia(data), data, g.valor,
                                 guiaServicoId(p)])
                }
            }
        }
    }

    func isCortadoNoMes(_ p: ImovelPlan, _ index: Int) -> Bool {
        if case .cortado(_, let corte) = p.pagador { return index >= corte }
        return false
    }
}
