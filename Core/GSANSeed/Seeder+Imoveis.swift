import GSANModel
import Postgres

extension Seeder {
    /// Calls `body` with each imóvel's plan, in id order (one plan in memory at a time).
    func forEachImovel(_ body: (ImovelPlan) throws -> Void) rethrows {
        for id in 1...options.imoveis {
            try body(ImovelPlan(id: id, seed: options.seed, layout: layout, calendar: calendar))
        }
    }

    /// Date the imóvel got connected: a few years before the first generated month.
    func dataLigacao(_ p: ImovelPlan) -> CivilDate {
        SeedCalendar.dia(calendar.referencia(0), 1).adding(days: -(p.id * 7919 % 3650) - 30)
    }

    func writeImoveis(_ w: inout SeedWriter) throws {
        let n = options.imoveis
        let seed = options.seed
        try w.copy("cadastro.cliente", "clie_id, clie_nmcliente, clie_nncpf, clie_nncnpj, clie_nnfone") { out in
            try forEachImovel { p in
                for clienteId in p.usuarioAnterior ? [p.id, n + p.id] : [p.id] {
                    var r = SeedRandom(seed: seed, stream: Stream.cliente.rawValue, index: UInt64(clienteId))
                    let nome = SeedNomes.nome(&r, pessoaFisica: p.pessoaFisica)
                    if p.pessoaFisica {
                        var base = r.int(1...999_999_998)
                        if base % 111_111_111 == 0 { base += 1 }  // 111.111.111-xx: all-equal digits
                        try out.row([clienteId, nome, Documento.cpf(base: base).digitos, nil, "819\(r.int(10_000_000...99_999_999))"])
                    } else {
                        let base = r.int(10_000_000...99_999_998) * 10_000 + 1
                        // Half of the former users (not in the route files, whose bytes the tests pin) get an
                        // alphanumeric CNPJ (issued from July 2026): a raiz of letters and digits, ordem 0001.
                        var cnpj = Documento.cnpj(base: base)
                        if clienteId > n, r.chance(50) {
                            let simbolos = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
                            let raiz = String((0..<8).map { _ in simbolos[r.int(0...(simbolos.count - 1))] })
                            cnpj = Documento.cnpj(alfanumerico: raiz + "0001") ?? cnpj
                        }
                        try out.row([clienteId, nome, nil, cnpj.digitos, nil])
                    }
                }
            }
        }
        try w.copy("cadastro.imovel",
                   "imov_id, loca_id, stcm_id, qdra_id, imov_nnlote, imov_nnsublote, imov_nnsequencialrota, last_id, "
                    + "lest_id, iper_id, cstf_id, icte_id, imov_qteconomia, logr_id, bair_id, imov_nnimovel, imov_cdcep, "
                    + "imov_icorgaopublico, cbst_id, cbsp_id, imov_icparcelamentobloqueado") { out in
            try forEachImovel { p in
                let setor = layout.setor(rota: p.rota)
                // Sequencial de leitura: the imóvel's position in its rota, in steps of 10.
                try out.row([
                    p.id, layout.localidade(setor: setor), setor, p.quadra, p.lote, 0,
                    (p.id - layout.inicioRota[p.rota - 1] + 1) * 10, p.situacaoAguaAtual,
                    p.ligacaoEsgoto, p.perfil, 1, p.orgaoPublico ? 3 : 1, p.quantidadeEconomias, p.quadra, setor,
                    String(p.lote * 10), "5\(String(100_0000 + p.quadra % 1_000_000).suffix(7))",
                    p.orgaoPublico ? 1 : 2, p.judicial ? 5 : nil, p.judicial ? 1 : nil, p.judicial ? 1 : 2,
                ])
            }
        }
        try w.copy("cadastro.imovel_subcategoria", "imov_id, scat_id, imsc_qteconomia") { out in
            try forEachImovel { p in
                for e in p.economias { try out.row([p.id, e.subcategoria, e.quantidade]) }
            }
        }
        try w.copy("cadastro.cliente_imovel",
                   "clie_id, imov_id, crtp_id, clim_dtrelacaoinicio, clim_dtrelacaofim, clim_icnomeconta") { out in
            try forEachImovel { p in
                let ligacao = dataLigacao(p)
                if p.usuarioAnterior {
                    let troca = ligacao.adding(days: 400)
                    try out.row([n + p.id, p.id, 2, ligacao, troca.adding(days: -1), 1])
                    try out.row([p.id, p.id, 2, troca, nil, 1])
                } else {
                    try out.row([p.id, p.id, 2, ligacao, nil, 1])
                }
                try out.row([p.id, p.id, 1, ligacao, nil, 2])
            }
        }
        try w.copy("atendimentopublico.ligacao_agua", "lagu_id, lagu_dtligacaoagua, lagu_dtcorte, lagu_nnconsumominimoagua") { out in
            try forEachImovel { p in
                guard p.ligado else { return }
                var corte: CivilDate?
                if case .cortado(_, let mes) = p.pagador {
                    corte = SeedCalendar.dia(calendar.referencia(mes), 1).adding(days: p.id % 20)
                }
                try out.row([p.id, dataLigacao(p), corte, SeedTarifa.consumoMinimo * p.quantidadeEconomias])
            }
        }
        try w.copy("atendimentopublico.ligacao_esgoto", "lesg_id, lesg_dtligacao, lesg_pccoleta, lesg_pcesgoto") { out in
            try forEachImovel { p in
                guard p.esgotoLigado else { return }
                try out.row([p.id, dataLigacao(p).adding(days: 30), "100.00", "80.00"])
            }
        }
        // Hidrômetro ids: the imóvel's id for água, N + id for poço.
        try w.copy("micromedicao.hidrometro",
                   "hidr_id, hidr_nnhidrometro, hicp_id, hitp_id, hidr_nndigitosleitura, hidr_nnanofabricacao") { out in
            try forEachImovel { p in
                if p.digitos > 0 {
                    let capacidade = [4: 1, 5: 1, 6: 2, 7: 3][p.digitos]!
                    try out.row([p.id, "A" + zeroPadded(p.id, 10), capacidade, p.digitos >= 6 ? 2 : 1, p.digitos,
                                 dataLigacao(p).year])
                }
                if p.digitosPoco > 0 {
                    try out.row([n + p.id, "P" + zeroPadded(p.id, 10), 2, 1, p.digitosPoco, dataLigacao(p).year])
                }
            }
        }
        try w.copy("micromedicao.hidrometro_inst_hist",
                   "hidi_id, hidr_id, imov_id, medt_id, hili_id, hidi_dtinstalacaohidrometro, hidi_nnleitinstalacaohidmt"
        ) { out in
            try forEachImovel { p in
                if p.digitos > 0 {
                    try out.row([p.id, p.id, p.id, 1, p.id % 3 + 1, dataLigacao(p), p.leituraInicial])
                }
                if p.digitosPoco > 0 {
                    try out.row([n + p.id, n + p.id, p.id, 2, 1, dataLigacao(p), 0])
                }
            }
        }
    }
}


/// Deterministic Brazilian-looking names.
enum SeedNomes {
    static let nomes = ["MARIA", "JOSE", "ANA", "JOAO", "FRANCISCA", "ANTONIO", "FRANCISCO", "ADRIANA", "CARLOS",
                        "JULIANA", "PAULO", "MARCIA", "PEDRO", "FERNANDA", "LUCAS", "PATRICIA", "RAIMUNDO", "ALINE"]
    static let sobrenomes = ["SILVA", "SANTOS", "OLIVEIRA", "SOUZA", "LIMA", "PEREIRA", "FERREIRA", "COSTA",
                             "RODRIGUES", "ALMEIDA", "NASCIMENTO", "CARVALHO", "ARAUJO", "RIBEIRO", "BARBOSA"]
    static let ramos = ["COMERCIO", "PADARIA", "MERCADINHO", "FARMACIA", "INDUSTRIA", "SERVICOS", "DISTRIBUIDORA"]

    static func nome(_ r: inout SeedRandom, pessoaFisica: Bool) -> String {
        if pessoaFisica {
            return nomes[r.int(0...nomes.count - 1)] + " " + sobrenomes[r.int(0...sobrenomes.count - 1)] + " "
                + sobrenomes[r.int(0...sobrenomes.count - 1)]
        }
        return ramos[r.int(0...ramos.count - 1)] + " " + sobrenomes[r.int(0...sobrenomes.count - 1)] + " LTDA"
    }
}
