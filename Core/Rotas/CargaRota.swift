import GSANDatabase
import GSANModel
import JobRuntime
import Postgres

/// Reads what one rota's file needs, in a few set-based statements (never one per imóvel).
enum CargaRota {
    struct Rota {
        var arquivo: RotaArquivo
        var setorComercial: Int
        var leiturista: Int?
        var imei: String?
        var alternativa: Bool
    }

    /// The rota, if it exists in the group and is read with the Android app (leitura tipo 6 or 10).
    static func rota(_ id: Int, grupo: Int, referencia: Int, db: PostgresConnection) throws -> (rota: Rota?, leituraTipo: Int?) {
        guard let row = try db.query(
            """
            SELECT r.rota_id, r.ftgr_id, s.loca_id, s.stcm_cdsetorcomercial, r.rota_cdrota, r.rota_nnlimiteimoveis, r.lttp_id,
                   r.rota_dtleituraajuste, r.rota_icconsumoajuste, r.rota_ictransmissaooffline, r.rota_icseqleitura,
                   r.rota_nndiasconsumoajuste, g.ftgr_nndialeitura, s.stcm_id, r.leit_id, l.leit_nnimei, r.rota_icalternativa
            FROM micromedicao.rota r
            JOIN cadastro.setor_comercial s ON s.stcm_id = r.stcm_id
            JOIN faturamento.faturamento_grupo g ON g.ftgr_id = r.ftgr_id
            LEFT JOIN micromedicao.leiturista l ON l.leit_id = r.leit_id
            WHERE r.rota_id = $1 AND r.ftgr_id = $2
            """, [id, grupo]
        ).first else { return (nil, nil) }
        let leituraTipo = try row.decode(Int.self, at: 6)
        guard leituraTipo == 6 || leituraTipo == 10 else { return (nil, leituraTipo) }
        let dia = try row.decode(Int.self, at: 12)
        guard let dataLeitura = CivilDate(year: referencia / 100, month: referencia % 100, day: dia) else {
            throw JobFailure.permanent(
                "Dia de leitura \(dia) do grupo \(grupo) não existe em \(referencia % 100)/\(referencia / 100) "
                    + "(faturamento_grupo.ftgr_nndialeitura ou referência \(referencia) inválidos).")
        }
        let arquivo = RotaArquivo(
            id: try row.decode(Int.self, at: 0), grupo: try row.decode(Int.self, at: 1), localidade: try row.decode(Int.self, at: 2),
            codigoSetor: try row.decode(Int.self, at: 3), codigo: try row.decode(Int.self, at: 4),
            referencia: referencia, limiteImoveis: try row.decode(Int?.self, at: 5), leituraTipo: leituraTipo,
            dataAjusteLeitura: try row.decode(CivilDate?.self, at: 7), ajusteConsumo: try row.decode(Int.self, at: 8),
            transmissaoOffline: try row.decode(Int.self, at: 9), sequencialLeitura: try row.decode(Int.self, at: 10),
            diasConsumo: try row.decode(Int?.self, at: 11),
            dataLeitura: dataLeitura)
        return (Rota(
            arquivo: arquivo, setorComercial: try row.decode(Int.self, at: 13), leiturista: try row.decode(Int?.self, at: 14),
            imei: try row.decode(String?.self, at: 15), alternativa: try row.decode(Int.self, at: 16) == 1), leituraTipo)
    }

    /// The rota's imóveis with everything records 01–08 need.
    static func imoveis(_ rota: Rota, apoio: Apoio, db: PostgresConnection) throws -> [ImovelArquivo] {
        let referencia = rota.arquivo.referencia
        let anterior = Referencia.somar(referencia, meses: -1)
        // Without a reading last month, the day the calendar set for it.
        // (The reading day clamped to the previous month's length: day 31 after a 30-day month.)
        let (anoAnterior, mesAnterior) = (anterior / 100, anterior % 100)
        guard (1...12).contains(mesAnterior),
            let leituraAnterior = CivilDate(
                year: anoAnterior, month: mesAnterior,
                day: min(rota.arquivo.dataLeitura.day, CivilDate.daysInMonth(year: anoAnterior, month: mesAnterior)))
        else { throw JobFailure.permanent("Referência \(referencia) inválida para a rota \(rota.arquivo.id).") }
        let filtro = rota.alternativa ? "i.rota_idalternativa = $1" : "q.rota_id = $1 AND i.rota_idalternativa IS NULL"
        var imoveis = try db.query(
            """
            SELECT i.imov_id, gr.greg_nmregional, i.loca_id, l.loca_nmlocalidade, i.stcm_id, s.stcm_cdsetorcomercial,
                   q.qdra_nnquadra, i.imov_nnlote, i.imov_nnsublote,
                   coalesce(i.imov_nmimovel, cl.clie_nmcliente, ''),
                   lg.logr_nmtipo || ' ' || lg.logr_nmlogradouro || ', ' || i.imov_nnimovel
                       || coalesce(' ' || i.imov_dscomplementoendereco, '') || ' - ' || b.bair_nmbairro,
                   coalesce(cl.clie_nncpf, cl.clie_nncnpj),
                   i.last_id, i.lest_id, las.last_icfaturamento, les.lest_icfaturamento, i.iper_id,
                   p.iper_nnvezesmediavirada::text, p.iper_nnconsumomaximovirada, i.cstf_id, t.cstf_cdtarifatipocalculo,
                   ce.icte_icemitirconta, i.imov_nnsequencialrota, i.imov_icimovelcondominio, i.imov_idimovelcondominio,
                   la.lagu_nnconsumominimoagua, le.lesg_nnconsumominimoesgoto, le.lesg_pccoleta, le.lesg_pcalternativo,
                   le.lesg_nnconsumopcalternativo, i.imov_cddebitoautomatico, la.lagu_dtcorte,
                   coalesce(la.lagu_dtreligacaoagua, la.lagu_dtligacaoagua), la.lagu_dtrestabelecimentoagua,
                   c.cnta_id, c.cnta_amreferenciaconta, c.cnta_dgverificadorconta, c.cnta_dtvencimentoconta,
                   c.cnta_dtvalidadeconta, c.cnta_pcesgoto
            FROM cadastro.imovel i
            JOIN cadastro.quadra q ON q.qdra_id = i.qdra_id
            JOIN cadastro.setor_comercial s ON s.stcm_id = i.stcm_id
            JOIN cadastro.localidade l ON l.loca_id = i.loca_id
            JOIN cadastro.gerencia_regional gr ON gr.greg_id = l.greg_id
            JOIN cadastro.logradouro lg ON lg.logr_id = i.logr_id
            JOIN cadastro.bairro b ON b.bair_id = i.bair_id
            JOIN atendimentopublico.ligacao_agua_situacao las ON las.last_id = i.last_id
            JOIN atendimentopublico.ligacao_esgoto_situacao les ON les.lest_id = i.lest_id
            JOIN cadastro.imovel_perfil p ON p.iper_id = i.iper_id
            JOIN faturamento.consumo_tarifa t ON t.cstf_id = i.cstf_id
            JOIN cadastro.imovel_conta_envio ce ON ce.icte_id = i.icte_id
            LEFT JOIN atendimentopublico.ligacao_agua la ON la.lagu_id = i.imov_id
            LEFT JOIN atendimentopublico.ligacao_esgoto le ON le.lesg_id = i.imov_id
            LEFT JOIN LATERAL (
                SELECT x.clie_nmcliente, x.clie_nncpf, x.clie_nncnpj FROM cadastro.cliente_imovel ci
                JOIN cadastro.cliente x ON x.clie_id = ci.clie_id
                WHERE ci.imov_id = i.imov_id AND ci.crtp_id = 2 AND ci.clim_dtrelacaofim IS NULL
                ORDER BY ci.clim_dtrelacaoinicio DESC, ci.clim_id DESC LIMIT 1) cl ON true
            LEFT JOIN faturamento.conta c
                   ON c.imov_id = i.imov_id AND c.cnta_amreferenciaconta = $2 AND c.dcst_idatual = 9 AND c.ftgr_id = $3
            WHERE \(filtro) AND i.imov_icexclusao = 2
            ORDER BY i.imov_id
            """, [rota.arquivo.id, referencia, rota.arquivo.grupo]
        ).map { row in
            var i = ImovelArquivo(matricula: try row.decode(Int.self, at: 0))
            i.dataLeituraAnterior = leituraAnterior
            i.gerenciaRegional = try row.decode(String.self, at: 1)
            i.localidade = try row.decode(Int.self, at: 2)
            i.localidadeNome = try row.decode(String.self, at: 3)
            i.setorComercial = try row.decode(Int.self, at: 4)
            i.codigoSetor = try row.decode(Int.self, at: 5)
            i.numeroQuadra = try row.decode(Int.self, at: 6)
            i.lote = try row.decode(Int.self, at: 7)
            i.sublote = try row.decode(Int.self, at: 8)
            i.nome = try row.decode(String.self, at: 9)
            i.endereco = try row.decode(String.self, at: 10)
            i.cpfCnpj = try row.decode(String?.self, at: 11)
            i.ligacaoAguaSituacao = try row.decode(Int.self, at: 12)
            i.ligacaoEsgotoSituacao = try row.decode(Int.self, at: 13)
            i.faturaAgua = try row.decode(Int.self, at: 14) == 1
            i.faturaEsgoto = try row.decode(Int.self, at: 15) == 1
            i.perfil = try row.decode(Int.self, at: 16)
            i.viradaVezesMedia = try row.decode(String.self, at: 17)
            i.viradaConsumoMaximo = try row.decode(Int.self, at: 18)
            i.tarifa = try row.decode(Int.self, at: 19)
            i.tarifaTipoCalculo = try row.decode(Int.self, at: 20)
            i.emitirConta = try row.decode(Int.self, at: 21) == 1
            i.sequencialRota = try row.decode(Int?.self, at: 22)
            i.macro = try row.decode(Int.self, at: 23) == 1
            i.condominio = try row.decode(Int?.self, at: 24)
            i.consumoMinimoAgua = try row.decode(Int?.self, at: 25)
            i.consumoMinimoEsgoto = try row.decode(Int?.self, at: 26)
            i.percentualColeta = try row.decode(Centavos?.self, at: 27)
            i.percentualAlternativo = try row.decode(Centavos?.self, at: 28)
            i.consumoPercentualAlternativo = try row.decode(Int?.self, at: 29)
            i.debitoAutomatico = try row.decode(String?.self, at: 30)
            i.dataCorte = try row.decode(CivilDate?.self, at: 31)
            i.dataLigacaoAgua = try row.decode(CivilDate?.self, at: 32)
            i.dataRestabelecimento = try row.decode(CivilDate?.self, at: 33)
            if let conta = try row.decode(Int?.self, at: 34) {
                i.conta = ContaArquivo(
                    id: conta, referencia: try row.decode(Int.self, at: 35), digitoVerificador: try row.decode(Int.self, at: 36),
                    vencimento: try row.decode(CivilDate.self, at: 37), validade: try row.decode(CivilDate.self, at: 38),
                    percentualEsgoto: try row.decode(Centavos.self, at: 39))
            }
            return i
        }
        guard !imoveis.isEmpty else { return [] }
        let ids = PostgresArray(imoveis.map(\.matricula))
        let contas = PostgresArray(imoveis.compactMap { $0.conta?.id })
        var indice: [Int: Int] = [:]
        for (n, i) in imoveis.enumerated() { indice[i.matricula] = n }
        func cada(_ sql: String, _ binds: [(any PostgresEncodable)?], _ body: (inout ImovelArquivo, PostgresRow) throws -> Void) throws {
            for row in try db.query(sql, binds) {
                let id = try row.decode(Int.self, at: 0)
                if let n = indice[id] { try body(&imoveis[n], row) }
            }
        }

        // 02: the bill's categories when there is one, the imóvel's otherwise (a condomínio's macro).
        try cada(
            """
            SELECT x.imov_id, x.catg_id, c.catg_dscategoria, c.catg_dsabreviado, x.scat_id, s.scat_cdsubcategoria,
                   s.scat_dssubcategoria, s.scat_dsabreviado, x.qt
            FROM (SELECT k.imov_id, cc.catg_id, cc.scat_id, cc.ctcg_qteconomia AS qt
                  FROM faturamento.conta_categoria cc JOIN faturamento.conta k ON k.cnta_id = cc.cnta_id
                  WHERE cc.cnta_id = ANY($2::bigint[])
                  UNION ALL
                  SELECT m.imov_id, s2.catg_id, m.scat_id, m.imsc_qteconomia
                  FROM cadastro.imovel_subcategoria m JOIN cadastro.subcategoria s2 ON s2.scat_id = m.scat_id
                  WHERE m.imov_id = ANY($1::int[])) x
            JOIN cadastro.categoria c ON c.catg_id = x.catg_id
            JOIN cadastro.subcategoria s ON s.scat_id = x.scat_id
            ORDER BY x.imov_id, x.catg_id, s.scat_cdsubcategoria
            """, [PostgresArray(imoveis.filter { $0.conta == nil }.map(\.matricula)), contas]
        ) { i, row in
            i.economias.append(EconomiaArquivo(
                categoria: try row.decode(Int.self, at: 1), categoriaDescricao: try row.decode(String.self, at: 2),
                categoriaAbreviada: try row.decode(String.self, at: 3), subcategoria: try row.decode(Int.self, at: 4),
                codigoSubcategoria: try row.decode(Int.self, at: 5), subcategoriaDescricao: try row.decode(String.self, at: 6),
                subcategoriaAbreviada: try row.decode(String.self, at: 7), quantidade: try row.decode(Int.self, at: 8)))
        }
        // 03: the last six months before the reference; the latest average of each ligação.
        try cada(
            """
            SELECT h.imov_id, h.lgti_id, h.cshi_amfaturamento, h.cshi_nnconsumofaturadomes, m.ltan_idfaturamento, h.csan_id,
                   h.cshi_nnconsumomedio
            FROM micromedicao.consumo_historico h
            LEFT JOIN micromedicao.medicao_historico m
                   ON h.lgti_id = 1 AND m.imov_id = h.imov_id AND m.medt_id = 1 AND m.mdhi_amleitura = h.cshi_amfaturamento
                  -- the same bounds on both sides, or the planner hashes the whole history
                  AND m.imov_id = ANY($1::int[]) AND m.mdhi_amleitura < $2 AND m.mdhi_amleitura >= $3
            WHERE h.imov_id = ANY($1::int[]) AND h.cshi_amfaturamento < $2 AND h.cshi_amfaturamento >= $3
            ORDER BY h.imov_id, h.lgti_id, h.cshi_amfaturamento DESC
            """, [ids, referencia, Referencia.somar(referencia, meses: -6)]
        ) { i, row in
            let ligacao = try row.decode(Int.self, at: 1)
            let consumo = ConsumoAnterior(
                ligacao: ligacao, referencia: try row.decode(Int.self, at: 2), consumo: try row.decode(Int.self, at: 3),
                anormalidadeLeitura: try row.decode(Int?.self, at: 4), anormalidadeConsumo: try row.decode(Int?.self, at: 5))
            if !i.consumos.contains(where: { $0.ligacao == ligacao }) {
                let media = try row.decode(Int?.self, at: 6)
                if ligacao == 1 { i.consumoMedioAgua = media } else { i.consumoMedioEsgoto = media }
            }
            i.consumos.append(consumo)
        }
        let comConta = imoveis.contains { $0.conta != nil }
        // 04, 05, 06: the bill's débitos, créditos and taxes.
        if comConta { try cada(
            """
            SELECT k.imov_id, d.dbtp_id, t.dbtp_dsdebitotipo, d.dbcb_vlprestacao, d.dbcb_nnprestacao, d.dbcb_nnprestacaodebito,
                   d.dbcb_amreferenciadebito, (a.parc_id IS NOT NULL)
            FROM faturamento.debito_cobrado d
            JOIN faturamento.conta k ON k.cnta_id = d.cnta_id
            JOIN faturamento.debito_tipo t ON t.dbtp_id = d.dbtp_id
            LEFT JOIN faturamento.debito_a_cobrar a ON a.dbac_id = d.dbac_id
            WHERE d.cnta_id = ANY($1::bigint[])
            ORDER BY k.imov_id, (a.parc_id IS NULL), d.dbcb_id
            """, [contas]
        ) { i, row in
            i.debitos.append(LancamentoConta(
                tipo: try row.decode(Int.self, at: 1), descricao: try row.decode(String.self, at: 2), valor: try row.decode(Centavos.self, at: 3),
                prestacao: try row.decode(Int.self, at: 4), prestacoes: try row.decode(Int.self, at: 5),
                referencia: try row.decode(Int?.self, at: 6), parcelamento: try row.decode(Bool.self, at: 7)))
        }
        try cada(
            """
            SELECT k.imov_id, r.crti_id, t.crti_dscreditotipo, r.crrz_vlcredito, r.crrz_nnprestacao, r.crrz_nnprestacaocredito,
                   r.crrz_amreferenciacredito
            FROM faturamento.credito_realizado r
            JOIN faturamento.conta k ON k.cnta_id = r.cnta_id
            JOIN faturamento.credito_tipo t ON t.crti_id = r.crti_id
            WHERE r.cnta_id = ANY($1::bigint[])
            ORDER BY k.imov_id, r.crrz_id
            """, [contas]
        ) { i, row in
            i.creditos.append(LancamentoConta(
                tipo: try row.decode(Int.self, at: 1), descricao: try row.decode(String.self, at: 2), valor: try row.decode(Centavos.self, at: 3),
                prestacao: try row.decode(Int.self, at: 4), prestacoes: try row.decode(Int.self, at: 5), referencia: try row.decode(Int?.self, at: 6)))
        }
        try cada(
            """
            SELECT k.imov_id, x.imtp_id, t.imtp_dsimposto, x.cnid_pcaliquota
            FROM faturamento.conta_impostos_deduzidos x
            JOIN faturamento.conta k ON k.cnta_id = x.cnta_id
            JOIN faturamento.imposto_tipo t ON t.imtp_id = x.imtp_id
            WHERE x.cnta_id = ANY($1::bigint[])
            ORDER BY k.imov_id, x.imtp_id
            """, [contas]
        ) { i, row in
            i.impostos.append(ImpostoConta(
                tipo: try row.decode(Int.self, at: 1), descricao: try row.decode(String.self, at: 2), aliquota: try row.decode(Centavos.self, at: 3)))
        }
        }
        let leitura = rota.arquivo.dataLeitura
        // The most recent pending AVISO DE CORTE issued in the 30 days up to the reading day.
        try cada(
            """
            SELECT d.imov_id, d.cbdo_id, d.cbdo_tmemissao::date, k.cnta_amreferenciaconta, i.cdit_vlitemcobrado,
                   k.cnta_dtvencimentoconta, i.cdit_vlacrescimos
            FROM (SELECT DISTINCT ON (imov_id) imov_id, cbdo_id, cbdo_tmemissao FROM cobranca.cobranca_documento
                  WHERE imov_id = ANY($1::int[]) AND dotp_id = 12 AND cdst_id = 1
                    AND cbdo_tmemissao::date BETWEEN $2::date - 30 AND $2::date
                  ORDER BY imov_id, cbdo_tmemissao DESC, cbdo_id DESC) d
            JOIN cobranca.cobranca_documento_item i ON i.cbdo_id = d.cbdo_id
            JOIN faturamento.conta k ON k.cnta_id = i.cnta_id
            ORDER BY d.imov_id, k.cnta_amreferenciaconta, i.cdit_id
            """, [ids, leitura]
        ) { i, row in
            let item = DocumentoCobrancaArquivo.Item(
                referencia: try row.decode(Int.self, at: 3), valor: try row.decode(Centavos.self, at: 4),
                vencimento: try row.decode(CivilDate.self, at: 5), acrescimos: try row.decode(Centavos.self, at: 6))
            if i.documento == nil {
                i.documento = DocumentoCobrancaArquivo(id: try row.decode(Int.self, at: 1), emissao: try row.decode(CivilDate.self, at: 2), itens: [])
            }
            i.documento!.itens.append(item)
        }
        // 08: each installed meter with its last reading before the reference.
        try cada(
            """
            SELECT h.imov_id, h.medt_id, d.hidr_nnhidrometro, h.hidi_dtinstalacaohidrometro, d.hidr_nndigitosleitura,
                   c.hicp_dshidrometrocapacidade, c.hicp_nndigitosleituraminimo, c.hicp_nndigitosleituramaximo,
                   coalesce(m.mdhi_nnleituraatualfaturamento, h.hidi_nnleitinstalacaohidmt),
                   coalesce(m.mdhi_dtleituraatualfaturamento, h.hidi_dtinstalacaohidrometro),
                   coalesce(m.ltst_idleituraatual, 2), coalesce(m.mdhi_nnconsumomediohidrometro, 0), li.hili_dshidrometrolocalinstalacao,
                   m.mdhi_nnleituraatualinformada, h.hidi_nnleitinstalacaohidmt, m.mdhi_amleitura
            FROM micromedicao.hidrometro_inst_hist h
            JOIN micromedicao.hidrometro d ON d.hidr_id = h.hidr_id
            JOIN micromedicao.hidrometro_capacidade c ON c.hicp_id = d.hicp_id
            JOIN micromedicao.hidrometro_local_instalacao li ON li.hili_id = h.hili_id
            LEFT JOIN LATERAL (
                SELECT * FROM micromedicao.medicao_historico x
                WHERE x.imov_id = h.imov_id AND x.medt_id = h.medt_id AND x.mdhi_amleitura < $2
                ORDER BY x.mdhi_amleitura DESC LIMIT 1) m ON true
            WHERE h.imov_id = ANY($1::int[]) AND h.hidi_dtretiradahidrometro IS NULL
            ORDER BY h.imov_id, h.medt_id
            """, [ids, rota.arquivo.referencia]
        ) { i, row in
            let medidor = MedidorArquivo(
                tipo: try row.decode(Int.self, at: 1), numero: try row.decode(String.self, at: 2), instalacao: try row.decode(CivilDate.self, at: 3),
                digitos: try row.decode(Int.self, at: 4), capacidade: try row.decode(String.self, at: 5),
                digitosMinimo: try row.decode(Int.self, at: 6), digitosMaximo: try row.decode(Int.self, at: 7),
                leituraAnterior: try row.decode(Int.self, at: 8), dataLeituraAnterior: try row.decode(CivilDate.self, at: 9),
                situacaoLeituraAnterior: try row.decode(Int.self, at: 10), consumoMedio: try row.decode(Int.self, at: 11),
                localInstalacao: try row.decode(String.self, at: 12), leituraAnteriorInformada: try row.decode(Int?.self, at: 13),
                leituraInstalacao: try row.decode(Int.self, at: 14))
            if medidor.tipo == 1, try row.decode(Int?.self, at: 15) == anterior { i.dataLeituraAnterior = medidor.dataLeituraAnterior }
            i.medidores.append(medidor)
        }
        for n in imoveis.indices { apoio.completar(&imoveis[n]) }
        return imoveis
    }
}
