import GSANModel
import Postgres

extension Seeder {
    func writeTarifa(_ w: inout SeedWriter) throws {
        try w.copy("faturamento.consumo_tarifa_categoria",
                   "cstc_id, cstv_id, catg_id, cstc_nnconsumominimo, cstc_vltarifaminima") { out in
            for categoria in 1...4 {
                try out.row([categoria, 1, categoria, SeedTarifa.consumoMinimo, Centavos(SeedTarifa.minima[categoria]!)])
            }
        }
        try w.copy("faturamento.consumo_tarifa_faixa",
                   "cstc_id, ctfx_nnconsumofaixainicio, ctfx_nnconsumofaixafim, ctfx_vlconsumotarifa") { out in
            for categoria in 1...4 {
                for faixa in SeedTarifa.faixas[categoria]! {
                    try out.row([categoria, faixa.inicio, faixa.fim, Centavos(faixa.valor)])
                }
            }
        }
    }

    func writeLocalizacao(_ w: inout SeedWriter) throws {
        let l = layout
        try w.copy("cadastro.municipio", "muni_id, muni_nmmunicipio, unfe_id, muni_cdibge, muni_nnddd") { out in
            for m in 1...l.localidades { try out.row([m, "MUNICIPIO \(m)", 26, 2_600_000 + m, 81]) }
        }
        try w.copy("cadastro.gerencia_regional", "greg_id, greg_nmregional, greg_nmabreviado") { out in
            for g in 1...l.gerencias { try out.row([g, "GERENCIA REGIONAL \(g)", "G\(g % 100)"]) }
        }
        try w.copy("cadastro.unidade_negocio", "uneg_id, uneg_nmunidadenegocio, uneg_nmabreviado, greg_id") { out in
            for u in 1...l.unidades { try out.row([u, "UNIDADE DE NEGOCIO \(u)", "UN\(u % 1000)", l.gerencia(unidade: u)]) }
        }
        try w.copy("cadastro.localidade",
                   "loca_id, loca_nmlocalidade, greg_id, uneg_id, muni_idprincipal, loca_nnfone, loca_dsenderecoatendimento"
        ) { out in
            for c in 1...l.localidades {
                let u = l.unidade(localidade: c)
                try out.row([c, "LOCALIDADE \(c)", l.gerencia(unidade: u), u, c, "32020000", "AV PRINCIPAL, \(c) - CENTRO"])
            }
        }
        try w.copy("cadastro.setor_comercial",
                   "stcm_id, stcm_cdsetorcomercial, stcm_nmsetorcomercial, loca_id, muni_id") { out in
            for s in 1...l.setores {
                let c = l.localidade(setor: s)
                try out.row([s, l.codigo(setor: s), "SETOR \(l.codigo(setor: s))", c, c])
            }
        }
        try w.copy("cadastro.bairro", "bair_id, muni_id, bair_nmbairro") { out in
            for s in 1...l.setores { try out.row([s, l.localidade(setor: s), "BAIRRO \(s)"]) }
        }
        try w.copy("faturamento.faturamento_grupo",
                   "ftgr_id, ftgr_dsfaturamentogrupo, ftgr_dsabreviado, ftgr_amreferencia, ftgr_nndialeitura, "
                    + "ftgr_nndiavencimento, ftgr_nndiaencerramento, ftgr_icvencimentomesfaturamento") { out in
            for g in 1...l.grupos {
                try out.row([g, "GRUPO \(g)", "G\(g)", calendar.referenciaCorrente, SeedCalendar.diaLeitura(grupo: g),
                             SeedCalendar.diaVencimento(grupo: g), SeedCalendar.diaEncerramento(grupo: g),
                             SeedCalendar.venceNoMesDaLeitura(grupo: g) ? 1 : 2])
            }
        }
        try w.copy("cobranca.cobranca_grupo",
                   "cbgr_id, cbgr_dscobrancagrupo, cbgr_dsabreviado, cbgr_amreferencia, cbgr_icexecucaoautomatica, "
                    + "empr_id, cese_id") { out in
            for g in 1...l.grupos {
                try out.row([g, "GRUPO COBRANCA \(g)", "C\(g)", calendar.referenciaCorrente, 1, 2, 1])
            }
        }
        try w.copy("micromedicao.rota",
                   "rota_id, rota_cdrota, stcm_id, ftgr_id, cbgr_id, lttp_id, empr_id, empr_idcobranca, leit_id, "
                    + "rota_nnlimiteimoveis") { out in
            for r in 1...l.rotas {
                let g = l.grupo(rota: r)
                // Every fourth rota is split for the phones at 300 imóveis.
                try out.row([r, l.codigo(rota: r), l.setor(rota: r), g, g, 10, 2, 2, 1, r % 4 == 0 ? 300 : nil])
            }
        }
        try w.copy("cadastro.quadra", "qdra_id, qdra_nnquadra, stcm_id, rota_id, bair_id") { out in
            for q in 1...l.quadras {
                let r = l.rota(quadra: q)
                try out.row([q, l.numero(quadra: q), l.setor(rota: r), r, l.setor(rota: r)])
            }
        }
        try w.copy("cadastro.logradouro", "logr_id, muni_id, logr_nmtipo, logr_nmlogradouro") { out in
            for q in 1...l.quadras {
                let s = l.setor(rota: l.rota(quadra: q))
                try out.row([q, l.localidade(setor: s), q % 5 == 0 ? "AV" : "RUA", "LOGRADOURO \(q)"])
            }
        }
    }
}
