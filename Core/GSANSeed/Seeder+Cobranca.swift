import GSANModel
import Postgres

extension Seeder {
    /// The actions of seed 002 in cronograma order, with their activities and day offsets
    /// from the start of the group's cycle: (ação, [(atividade, dias)]).
    static let cicloCobranca: [(acao: Int, atividades: [(Int, Int)])] = [
        (1, [(1, 0), (2, 0), (3, 10)]),
        (34, [(1, 10), (2, 10), (5, 15), (3, 20)]),
        (3, [(1, 20), (2, 20), (5, 25), (3, 30)]),
        (8, [(1, 30), (2, 30), (5, 37), (3, 40)]),
    ]

    /// The minimum business days after the predecessor's EMITIR (`cbac_nndiasminacaoprecedente`, SeedCatalogs;
    /// seed 002 §1.2.3–1.2.4): the visita 6 after the aviso, the corte 5 after the visita, the fiscalização
    /// of the cut-off imóveis 7 after the corte.
    static let diasUteisAposPredecessora: [Int: (predecessora: Int, dias: Int)] = [34: (1, 6), 3: (34, 5), 8: (3, 7)]

    /// The planned dates of a group's cycle that starts on `inicio`: the offsets of ``cicloCobranca``, each
    /// action's activities moved later (all by the same days) when its EMITIR would come before the
    /// predecessor's EMITIR + its minimum business days (national holidays), so that the generated
    /// schedule follows the seed's D + N business days whatever weekday the group starts on.
    static func datasCiclo(inicio: CivilDate) -> [(acao: Int, datas: [(atividade: Int, data: CivilDate)])] {
        let uteis = CalendarioUteis(feriados: Set(((inicio.year - 1)...(inicio.year + 1)).flatMap { Feriados.nacionais(ano: $0).map(\.0) }))
        var emitir: [Int: CivilDate] = [:]
        return cicloCobranca.map { ciclo in
            var atraso = 0
            if let regra = diasUteisAposPredecessora[ciclo.acao], let anterior = emitir[regra.predecessora],
               let dias = ciclo.atividades.first(where: { $0.0 == 2 })?.1
            {
                let minimo = uteis.somar(regra.dias, a: anterior)
                atraso = max(0, minimo.daysSinceEpoch - inicio.adding(days: dias).daysSinceEpoch)
            }
            let datas = ciclo.atividades.map { (atividade: $0.0, data: inicio.adding(days: $0.1 + atraso)) }
            emitir[ciclo.acao] = datas.first(where: { $0.atividade == 2 })?.data
            return (ciclo.acao, datas)
        }
    }

    func writeCobranca(_ w: inout SeedWriter) throws {
        let l = layout
        let referencia = calendar.referenciaCorrente
        let comando = calendar.hoje.iso + " 08:00:00-03"
        try w.copy("cobranca.rota_acao_criterio", "rota_id, cbac_id, cbct_id, racc_qtmaximadocumentos") { out in
            for r in 1...l.rotas {
                for acao in Self.cicloCobranca.map(\.acao) {
                    try out.row([r, acao, acao == 8 ? 2 : 1, max(1, l.tamanho(rota: r) / (acao == 1 ? 2 : 10))])
                }
            }
        }
        // Cronograma de cobrança do mês corrente, comandado (SIMULAR, EMITIR, ENCERRAR OS e ENCERRAR).
        try w.copy("cobranca.cobranca_grupo_crg_mes", "cbcm_id, cbgr_id, cbcm_amreferencia, cbcm_tmultimaalteracao") { out in
            for g in 1...l.grupos { try out.row([g, g, referencia, comando]) }
        }
        try w.copy("cobranca.cobranca_acao_cronograma", "cbcr_id, cbcm_id, cbac_id, cese_id") { out in
            for g in 1...l.grupos {
                for (i, ciclo) in Self.cicloCobranca.enumerated() { try out.row([(g - 1) * 4 + i + 1, g, ciclo.acao, 1]) }
            }
        }
        try w.copy("cobranca.cobranca_acao_ativ_crg",
                   "cbcr_id, cbat_id, caac_dtprevista, caac_tmcomando, caac_qtmaximadocumentos") { out in
            for g in 1...l.grupos {
                let inicio = SeedCalendar.dia(referencia, 1).adding(days: (g - 1) % 10 + 1)
                for (i, (acao, datas)) in Self.datasCiclo(inicio: inicio).enumerated() {
                    for (atividade, data) in datas {
                        // Every activity commanded: SIMULAR (the demo shows its counts next to the EMITIR's),
                        // EMITIR, ENCERRAR OS and ENCERRAR (gsan-encerramento closes the cycle).
                        try out.row([(g - 1) * 4 + i + 1, atividade, data, comando,
                                     atividade == 2 && acao != 1 ? 500 * l.rotas / l.grupos + 1 : nil])
                    }
                }
            }
        }
        // Cronograma de faturamento do mês corrente: pré-faturado e arquivo gerado; leitura prevista.
        try w.copy("faturamento.faturamento_grupo_cron_mensal", "ftcm_id, ftgr_id, ftcm_amreferencia") { out in
            for g in 1...l.grupos { try out.row([g, g, referencia]) }
        }
        try w.copy("faturamento.fatur_ativ_cronograma",
                   "ftcm_id, ftat_id, ftac_dtprevista, ftac_tmcomando, ftac_tmrealizacao") { out in
            for g in 1...l.grupos {
                let leitura = SeedCalendar.leitura(referencia, grupo: g)
                let feito = calendar.hoje.adding(days: -1).iso + " 22:00:00-03"
                try out.row([g, 0, calendar.hoje.adding(days: -1), comando, feito])
                try out.row([g, 1, calendar.hoje, comando, nil])
                try out.row([g, 2, leitura, nil, nil])
                try out.row([g, 5, leitura.adding(days: 1), nil, nil])
                try out.row([g, 6, SeedCalendar.dia(referencia, SeedCalendar.diaEncerramento(grupo: g)), nil, nil])
            }
        }
        try writeJudicial(&w)
        // Feriados the company added (or an earlier seed wrote) stay; only missing ones go in.
        var feriados: [String] = []
        for ano in (calendar.referencia(0) / 100)...(referencia / 100 + 1) {
            for (data, descricao) in Feriados.nacionais(ano: ano) { feriados.append("('\(data.iso)', '\(descricao)', 'N')") }
        }
        try w.connection.executeScript(
            "INSERT INTO feriado (data, descricao, abrangencia) VALUES \(feriados.joined(separator: ", ")) "
                + "ON CONFLICT DO NOTHING")
    }

    private func writeJudicial(_ w: inout SeedWriter) throws {
        let inicio = calendar.referencia(0)
        let informado = calendar.hoje.adding(days: -3).iso + " 09:00:00-03"
        try w.copy("cadastro.imovel_cobranca_situacao", "imov_id, cbst_id, iscb_dtimplantacaocobranca") { out in
            try forEachImovel { p in
                if p.judicial { try out.row([p.id, 5, calendar.hoje.adding(days: -30)]) }
            }
        }
        try w.copy("cobranca.cobranca_situacao_hist",
                   "imov_id, cbsp_id, cbsm_id, cbsh_amcobrancasituacaoinicio, cbsh_amcobrancasituacaofim, "
                    + "cbsh_tminforma, cbsh_dsobservacaoinforma") { out in
            try forEachImovel { p in
                if p.judicial {
                    try out.row([p.id, 1, 4, inicio, Referencia.somar(calendar.referenciaCorrente, meses: -1),
                                 informado, "EM COBRANCA JUDICIAL (JUSCOMPESA)"])
                }
            }
        }
        try w.copy("juscompesa.imovel_informado",
                   "imov_id, jcii_cdoperacao, jcii_nnprocessojudicial, jcii_tminformacao") { out in
            try forEachImovel { p in
                if p.informadoJusCompesa {
                    try out.row([p.id, "I", Feriados.processoCNJ(sequencial: p.id, ano: calendar.hoje.year), informado])
                }
            }
        }
    }
}

/// National holidays (fixed dates, Good Friday from Easter) and a valid CNJ number.
enum Feriados {
    static func nacionais(ano: Int) -> [(CivilDate, String)] {
        var result: [(CivilDate, String)] = [
            (CivilDate(year: ano, month: 1, day: 1)!, "CONFRATERNIZACAO UNIVERSAL"),
            (pascoa(ano).adding(days: -2), "SEXTA-FEIRA SANTA"),
            (CivilDate(year: ano, month: 4, day: 21)!, "TIRADENTES"),
            (CivilDate(year: ano, month: 5, day: 1)!, "DIA DO TRABALHO"),
            (CivilDate(year: ano, month: 9, day: 7)!, "INDEPENDENCIA DO BRASIL"),
            (CivilDate(year: ano, month: 10, day: 12)!, "NOSSA SENHORA APARECIDA"),
            (CivilDate(year: ano, month: 11, day: 2)!, "FINADOS"),
            (CivilDate(year: ano, month: 11, day: 15)!, "PROCLAMACAO DA REPUBLICA"),
            (CivilDate(year: ano, month: 12, day: 25)!, "NATAL"),
        ]
        if ano >= 2024 { result.append((CivilDate(year: ano, month: 11, day: 20)!, "DIA DA CONSCIENCIA NEGRA")) }
        return result.sorted { $0.0 < $1.0 }
    }

    /// Easter Sunday (anonymous Gregorian algorithm).
    static func pascoa(_ y: Int) -> CivilDate {
        let a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        return CivilDate(year: y, month: month, day: (h + l - 7 * m + 114) % 31 + 1)!
    }

    /// NNNNNNN-DD.AAAA.8.17.0001 (TJPE) with the mod 97-10 check digits.
    static func processoCNJ(sequencial: Int, ano: Int) -> String {
        ProcessoJudicial(sequencial: sequencial % 10_000_000, ano: ano, segmento: 8, tribunal: 17, origem: 1)?.numero ?? ""
    }
}
