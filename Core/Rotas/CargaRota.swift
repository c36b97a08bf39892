import GSANDatabase
import GSANModel
import JobRuntime
import Postgres
import RotasRegras

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
                   r.rota_nndiasconsumoajuste, g.ftgr_nndialeitura, s.stcm_id, r.leit_id, l.leit_nnimei, r.rota_icalternativa,
                   l.leit_nmlogin, l.leit_dssenha
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
            dataLeitura: dataLeitura, login: try row.decode(String?.self, at: 17), senha: try row.decode(String?.self, at: 18))
        return (Rota(
            arquivo: arquivo, setorComercial: try row.decode(Int.self, at: 13), leiturista: try row.decode(Int?.self, at: 14),
            imei: try row.decode(String?.self, at: 15), alternativa: try row.decode(Int.self, at: 16) == 1), leituraTipo)
    }

    /// The rota's imóveis with everything records 01–08 need, in ONE statement streamed row by
    /// row (libpq single-row mode): one row per imóvel, its children (categorias, history,
    /// débitos, créditos, taxes, the aviso de corte's bills) pre-aggregated by PostgreSQL as
    /// numbers-only lists (``Agregado``), its meters as columns (at most one água and one poço).
    /// The texts of those children come from the catalogs (``Descricoes``), once per job.
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
        let d = apoio.descricoes
        var imoveis: [ImovelArquivo] = []
        try db.forEachRow(
            """
            SELECT i.imov_id, gr.greg_nmregional, i.loca_id, l.loca_nmlocalidade, i.stcm_id, s.stcm_cdsetorcomercial,
                   q.qdra_nnquadra, i.imov_nnlote, i.imov_nnsublote,
                   coalesce(i.imov_nmimovel, cl.clie_nmcliente, ''),
                   e.endereco,
                   coalesce(cl.clie_nncpf, cl.clie_nncnpj),
                   i.last_id, i.lest_id, las.last_icfaturamento, les.lest_icfaturamento, i.iper_id,
                   p.iper_nnvezesmediavirada::text, p.iper_nnconsumomaximovirada, i.cstf_id, t.cstf_cdtarifatipocalculo,
                   ce.icte_icemitirconta, i.imov_nnsequencialrota, i.imov_icimovelcondominio, i.imov_idimovelcondominio,
                   la.lagu_nnconsumominimoagua, le.lesg_nnconsumominimoesgoto, le.lesg_pccoleta, le.lesg_pcalternativo,
                   le.lesg_nnconsumopcalternativo, i.imov_cddebitoautomatico, la.lagu_dtcorte,
                   coalesce(la.lagu_dtreligacaoagua, la.lagu_dtligacaoagua), la.lagu_dtrestabelecimentoagua,
                   c.cnta_id, c.cnta_amreferenciaconta, c.cnta_dgverificadorconta, c.cnta_dtvencimentoconta,
                   c.cnta_dtvalidadeconta, c.cnta_pcesgoto,
                   -- 40 (02): the bill's categories when there is one, the imóvel's otherwise (a condomínio's macro)
                   CASE WHEN c.cnta_id IS NOT NULL THEN
                       (SELECT string_agg(concat(cc.catg_id, ',', cc.scat_id, ',', cc.ctcg_qteconomia), ';'
                                          ORDER BY cc.catg_id, sc.scat_cdsubcategoria)
                        FROM faturamento.conta_categoria cc JOIN cadastro.subcategoria sc ON sc.scat_id = cc.scat_id
                        WHERE cc.cnta_id = c.cnta_id)
                   ELSE
                       (SELECT string_agg(concat(sc.catg_id, ',', m.scat_id, ',', m.imsc_qteconomia), ';'
                                          ORDER BY sc.catg_id, sc.scat_cdsubcategoria)
                        FROM cadastro.imovel_subcategoria m JOIN cadastro.subcategoria sc ON sc.scat_id = m.scat_id
                        WHERE m.imov_id = i.imov_id)
                   END,
                   -- 41 (03): the last six months before the reference, the latest first in each ligação
                   (SELECT string_agg(concat(h.lgti_id, ',', h.cshi_amfaturamento, ',', h.cshi_nnconsumofaturadomes, ',',
                                             mh.ltan_idfaturamento, ',', h.csan_id, ',', h.cshi_nnconsumomedio), ';'
                                      ORDER BY h.lgti_id, h.cshi_amfaturamento DESC)
                    FROM micromedicao.consumo_historico h
                    LEFT JOIN micromedicao.medicao_historico mh
                           ON h.lgti_id = 1 AND mh.imov_id = h.imov_id AND mh.medt_id = 1 AND mh.mdhi_amleitura = h.cshi_amfaturamento
                    WHERE h.imov_id = i.imov_id AND h.cshi_amfaturamento < $2 AND h.cshi_amfaturamento >= $4),
                   -- 42 (04): débitos cobrados, parcelamentos first
                   (SELECT string_agg(concat(db.dbtp_id, ',', db.dbcb_vlprestacao, ',', db.dbcb_nnprestacao, ',',
                                             db.dbcb_nnprestacaodebito, ',', db.dbcb_amreferenciadebito, ',', (a.parc_id IS NOT NULL)::int), ';'
                                      ORDER BY (a.parc_id IS NULL), db.dbcb_id)
                    FROM faturamento.debito_cobrado db
                    LEFT JOIN faturamento.debito_a_cobrar a ON a.dbac_id = db.dbac_id
                    WHERE db.cnta_id = c.cnta_id),
                   -- 43 (05): créditos realizados
                   (SELECT string_agg(concat(r.crti_id, ',', r.crrz_vlcredito, ',', r.crrz_nnprestacao, ',', r.crrz_nnprestacaocredito,
                                             ',', r.crrz_amreferenciacredito), ';' ORDER BY r.crrz_id)
                    FROM faturamento.credito_realizado r WHERE r.cnta_id = c.cnta_id),
                   -- 44 (06): impostos retidos
                   (SELECT string_agg(concat(x.imtp_id, ',', x.cnid_pcaliquota), ';' ORDER BY x.imtp_id)
                    FROM faturamento.conta_impostos_deduzidos x WHERE x.cnta_id = c.cnta_id),
                   -- 45–47 (07): the most recent pending AVISO DE CORTE issued in the 30 days up to the reading day
                   doc.cbdo_id, doc.cbdo_tmemissao::date,
                   (SELECT string_agg(concat(k.cnta_amreferenciaconta, ',', it.cdit_vlitemcobrado, ',', k.cnta_dtvencimentoconta, ',',
                                             it.cdit_vlacrescimos), ';' ORDER BY k.cnta_amreferenciaconta, it.cdit_id)
                    FROM cobranca.cobranca_documento_item it JOIN faturamento.conta k ON k.cnta_id = it.cnta_id
                    WHERE it.cbdo_id = doc.cbdo_id),
                   -- 48–61, 62–75 (08): the água meter, then the poço's
                   \(Self.colunasMedidor("m1")), \(Self.colunasMedidor("m2")),
                   -- 78–83: órgão público; the responsável (12–14); the localidade's service address and phone (43–44)
                   i.imov_icorgaopublico, rsp.clie_id, rsp.clie_nmcliente,
                   CASE WHEN i.icte_id = 1 THEN e.endereco ELSE coalesce(rsp.clie_dsenderecocorrespondencia, e.endereco) END,
                   l.loca_dsenderecoatendimento, CASE WHEN l.loca_nnfone IS NOT NULL THEN concat(mu.muni_nnddd, l.loca_nnfone) END,
                   -- 84–86: the gerência (messages' scope); the débito automático's bank and agência (17–18)
                   l.greg_id, da.bnco_nmabreviado, da.agen_cdagencia,
                   -- 87–95: the situação especial de faturamento in force at the reference (55–59, 63–64, 08.17)
                   fs.ftst_id, fs.ftsh_nnconsumoaguamedido, fs.ftsh_nnconsumoaguanaomedido, fs.ftsh_nnvolumeesgotomedido,
                   fs.ftsh_nnvolumeesgotonaomedido, fs.ftst_icparalisacaofaturamento, fs.ftst_icparalisacaoleitura,
                   fs.ftst_icvalidoagua, fs.ftst_icvalidoesgoto,
                   -- 96–98: what the aviso de corte's barcode is built from (53)
                   doc.cbdo_vldocumento, doc.cbdo_nnsequenciadocumento, doc.dotp_id
            FROM cadastro.imovel i
            JOIN cadastro.quadra q ON q.qdra_id = i.qdra_id
            JOIN cadastro.setor_comercial s ON s.stcm_id = i.stcm_id
            JOIN cadastro.localidade l ON l.loca_id = i.loca_id
            JOIN cadastro.gerencia_regional gr ON gr.greg_id = l.greg_id
            JOIN cadastro.municipio mu ON mu.muni_id = l.muni_idprincipal
            -- The address per imóvel through the view's index: joined as a table, the view's
            -- second imovel scan made PostgreSQL hash the whole cadastro.imovel for every rota
            -- (1,000,000 rows per rota at that size). OFFSET 0 keeps the lateral a subquery run
            -- once per imóvel: as a scalar subquery it was inlined into each of the three columns
            -- that use it, each run building a hash of bairro. LEFT JOIN: an imóvel without its
            -- row gets NULL (a refusal naming it), as before; logr_id and bair_id are NOT NULL
            -- foreign keys, so every imóvel has it.
            LEFT JOIN LATERAL (SELECT v.endereco FROM cadastro.imovel_endereco v WHERE v.imov_id = i.imov_id OFFSET 0) e ON true
            JOIN atendimentopublico.ligacao_agua_situacao las ON las.last_id = i.last_id
            JOIN atendimentopublico.ligacao_esgoto_situacao les ON les.lest_id = i.lest_id
            JOIN cadastro.imovel_perfil p ON p.iper_id = i.iper_id
            JOIN faturamento.consumo_tarifa t ON t.cstf_id = i.cstf_id
            JOIN cadastro.imovel_conta_envio ce ON ce.icte_id = i.icte_id
            LEFT JOIN atendimentopublico.ligacao_agua la ON la.lagu_id = i.imov_id
            LEFT JOIN atendimentopublico.ligacao_esgoto le ON le.lesg_id = i.imov_id
            -- The laterals below end in OFFSET 0: each stays a lookup by imóvel (index), never
            -- pulled up into a join the planner may run over the whole table for every rota —
            -- at 100,000 imóveis the responsável's was a scan of all of cliente_imovel_vigente
            -- per rota (5 ms, growing with the utility) and the débito automático's a hash of all
            -- of debito_automatico (issue 22; the same bytes, the same CPU at that size).
            LEFT JOIN LATERAL (
                SELECT x.clie_nmcliente, x.clie_nncpf, x.clie_nncnpj FROM cadastro.cliente_usuario_atual u
                JOIN cadastro.cliente x ON x.clie_id = u.clie_id
                WHERE u.imov_id = i.imov_id OFFSET 0) cl ON true
            LEFT JOIN LATERAL (
                SELECT x.clie_id, x.clie_nmcliente, x.clie_dsenderecocorrespondencia FROM cadastro.cliente_imovel ci
                JOIN cadastro.cliente x ON x.clie_id = ci.clie_id
                WHERE ci.imov_id = i.imov_id AND ci.crtp_id = 3 AND ci.clim_dtrelacaofim IS NULL OFFSET 0) rsp ON true
            -- At most one (conta_imovel_referencia is unique for dcst_idatual 9).
            LEFT JOIN LATERAL (
                SELECT * FROM faturamento.conta c
                WHERE c.imov_id = i.imov_id AND c.cnta_amreferenciaconta = $2 AND c.dcst_idatual = 9 AND c.ftgr_id = $3 OFFSET 0) c ON true
            LEFT JOIN LATERAL (
                SELECT cd.cbdo_id, cd.cbdo_tmemissao, cd.cbdo_vldocumento, cd.cbdo_nnsequenciadocumento, cd.dotp_id
                FROM cobranca.cobranca_documento cd
                WHERE cd.imov_id = i.imov_id AND cd.dotp_id = 12 AND cd.cdst_id = 1
                  AND cd.cbdo_tmemissao::date BETWEEN $5::date - 30 AND $5::date
                ORDER BY cd.cbdo_tmemissao DESC, cd.cbdo_id DESC LIMIT 1) doc ON true
            LEFT JOIN LATERAL (
                SELECT b.bnco_nmabreviado, ag.agen_cdagencia FROM arrecadacao.debito_automatico d
                JOIN arrecadacao.agencia ag ON ag.agen_id = d.agen_id JOIN arrecadacao.banco b ON b.bnco_id = ag.bnco_id
                WHERE d.imov_id = i.imov_id AND d.deba_dtexclusao IS NULL OFFSET 0) da ON true
            LEFT JOIN LATERAL (
                SELECT h.ftst_id, h.ftsh_nnconsumoaguamedido, h.ftsh_nnconsumoaguanaomedido, h.ftsh_nnvolumeesgotomedido,
                       h.ftsh_nnvolumeesgotonaomedido, t.ftst_icparalisacaofaturamento, t.ftst_icparalisacaoleitura,
                       t.ftst_icvalidoagua, t.ftst_icvalidoesgoto
                FROM faturamento.faturamento_situacao_historico h
                JOIN faturamento.faturamento_situacao_tipo t ON t.ftst_id = h.ftst_id AND t.ftst_icuso = 1
                WHERE h.imov_id = i.imov_id AND h.ftsh_amfaturamentosituacaoinicio <= $2
                  AND (h.ftsh_amfaturamentosituacaofim IS NULL OR h.ftsh_amfaturamentosituacaofim >= $2)
                ORDER BY h.ftsh_amfaturamentosituacaoinicio DESC, h.ftsh_id DESC LIMIT 1) fs ON true
            \(Self.juncaoMedidor("m1", tipo: 1))
            \(Self.juncaoMedidor("m2", tipo: 2))
            WHERE \(filtro) AND i.imov_icexclusao = 2
            ORDER BY i.imov_id
            """, [rota.arquivo.id, referencia, rota.arquivo.grupo, Referencia.somar(referencia, meses: -6), rota.arquivo.dataLeitura]
        ) { row in
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
            let matricula = i.matricula
            func lista(_ coluna: Int, _ nome: String) throws -> Agregado {
                Agregado(texto: try row.decode(String?.self, at: coluna) ?? "", nome: nome, imovel: matricula)
            }
            for e in try lista(40, "categorias").itens {
                let (categoria, subcategoria) = (try e.inteiro(0), try e.inteiro(1))
                let (c, s) = (try d.categoria(categoria, imovel: matricula), try d.subcategoria(subcategoria, imovel: matricula))
                i.economias.append(EconomiaArquivo(
                    categoria: categoria, categoriaDescricao: c.descricao, categoriaAbreviada: c.abreviada, subcategoria: subcategoria,
                    codigoSubcategoria: s.codigo, subcategoriaDescricao: s.descricao, subcategoriaAbreviada: s.abreviada,
                    quantidade: try e.inteiro(2)))
            }
            for h in try lista(41, "histórico de consumo").itens {
                let ligacao = try h.inteiro(0)
                if !i.consumos.contains(where: { $0.ligacao == ligacao }) {
                    let media = try h.inteiroOpcional(5)
                    if ligacao == 1 { i.consumoMedioAgua = media } else { i.consumoMedioEsgoto = media }
                }
                i.consumos.append(ConsumoAnterior(
                    ligacao: ligacao, referencia: try h.inteiro(1), consumo: try h.inteiro(2), anormalidadeLeitura: try h.inteiroOpcional(3),
                    anormalidadeConsumo: try h.inteiroOpcional(4)))
            }
            for x in try lista(42, "débitos cobrados").itens {
                let tipo = try x.inteiro(0)
                i.debitos.append(LancamentoConta(
                    tipo: tipo, descricao: try d.texto(d.debitoTipo, tipo, "tipo de débito", imovel: matricula), valor: try x.valor(1),
                    prestacao: try x.inteiro(2), prestacoes: try x.inteiro(3), referencia: try x.inteiroOpcional(4), parcelamento: try x.inteiro(5) == 1))
            }
            for x in try lista(43, "créditos realizados").itens {
                let tipo = try x.inteiro(0)
                i.creditos.append(LancamentoConta(
                    tipo: tipo, descricao: try d.texto(d.creditoTipo, tipo, "tipo de crédito", imovel: matricula), valor: try x.valor(1),
                    prestacao: try x.inteiro(2), prestacoes: try x.inteiro(3), referencia: try x.inteiroOpcional(4)))
            }
            for x in try lista(44, "impostos").itens {
                let tipo = try x.inteiro(0)
                i.impostos.append(ImpostoConta(
                    tipo: tipo, descricao: try d.texto(d.impostoTipo, tipo, "tipo de imposto", imovel: matricula), aliquota: try x.valor(1)))
            }
            // A document without bills is no document (as the join of the bills decides).
            let itens = try lista(47, "contas do aviso de corte").itens
            if let documento = try row.decode(Int?.self, at: 45), !itens.isEmpty {
                i.documento = DocumentoCobrancaArquivo(
                    id: documento, emissao: try row.decode(CivilDate.self, at: 46),
                    itens: try itens.map {
                        DocumentoCobrancaArquivo.Item(referencia: try $0.inteiro(0), valor: try $0.valor(1), vencimento: try $0.data(2), acrescimos: try $0.valor(3))
                    },
                    valor: try row.decode(Centavos.self, at: 96), sequencial: try row.decode(Int?.self, at: 97),
                    tipo: try row.decode(Int.self, at: 98))
            }
            for inicio in [48, 48 + Self.quantidadeColunasMedidor] where try row.decode(Int?.self, at: inicio) != nil {
                let medidor = MedidorArquivo(
                    tipo: try row.decode(Int.self, at: inicio), numero: try row.decode(String.self, at: inicio + 1),
                    instalacao: try row.decode(CivilDate.self, at: inicio + 2), digitos: try row.decode(Int.self, at: inicio + 3),
                    capacidade: try row.decode(String.self, at: inicio + 4), digitosMinimo: try row.decode(Int.self, at: inicio + 5),
                    digitosMaximo: try row.decode(Int.self, at: inicio + 6), leituraAnterior: try row.decode(Int.self, at: inicio + 7),
                    dataLeituraAnterior: try row.decode(CivilDate.self, at: inicio + 8),
                    situacaoLeituraAnterior: try row.decode(Int.self, at: inicio + 9), consumoMedio: try row.decode(Int.self, at: inicio + 10),
                    localInstalacao: try row.decode(String.self, at: inicio + 11),
                    leituraAnteriorInformada: try row.decode(Int?.self, at: inicio + 12), leituraInstalacao: try row.decode(Int.self, at: inicio + 13))
                if medidor.tipo == 1, try row.decode(Int?.self, at: inicio + 14) == anterior { i.dataLeituraAnterior = medidor.dataLeituraAnterior }
                i.medidores.append(medidor)
            }
            i.orgaoPublico = try row.decode(Int.self, at: 78) == 1
            if let responsavel = try row.decode(Int?.self, at: 79) {
                i.responsavel = ResponsavelArquivo(
                    id: responsavel, nome: try row.decode(String.self, at: 80), endereco: try row.decode(String.self, at: 81))
            }
            i.enderecoAtendimento = try row.decode(String?.self, at: 82)
            i.foneAtendimento = try row.decode(String?.self, at: 83)
            i.gerenciaRegionalId = try row.decode(Int.self, at: 84)
            if let banco = try row.decode(String?.self, at: 85) {
                i.debitoAutomaticoBanco = DebitoAutomaticoArquivo(banco: banco, agencia: try row.decode(String.self, at: 86))
            }
            if let tipo = try row.decode(Int?.self, at: 87) {
                i.situacaoEspecial = SituacaoEspecialArquivo(
                    tipo: tipo, consumoAguaMedido: try row.decode(Int?.self, at: 88), consumoAguaNaoMedido: try row.decode(Int?.self, at: 89),
                    volumeEsgotoMedido: try row.decode(Int?.self, at: 90), volumeEsgotoNaoMedido: try row.decode(Int?.self, at: 91),
                    paralisaFaturamento: try row.decode(Int.self, at: 92) == 1, paralisaLeitura: try row.decode(Int.self, at: 93) == 1,
                    validoAgua: try row.decode(Int.self, at: 94) == 1, validoEsgoto: try row.decode(Int.self, at: 95) == 1)
            }
            apoio.completar(&i)
            imoveis.append(i)
        }
        return imoveis
    }

    static let quantidadeColunasMedidor = 15

    /// The 15 columns of one meter (`tipo` NULL: none of that type).
    static func colunasMedidor(_ m: String) -> String {
        """
        \(m).medt_id, \(m).hidr_nnhidrometro, \(m).hidi_dtinstalacaohidrometro, \(m).hidr_nndigitosleitura, \(m).hicp_dshidrometrocapacidade,
        \(m).hicp_nndigitosleituraminimo, \(m).hicp_nndigitosleituramaximo, \(m).leitura, \(m).data, \(m).situacao, \(m).media,
        \(m).hili_dshidrometrolocalinstalacao, \(m).mdhi_nnleituraatualinformada, \(m).hidi_nnleitinstalacaohidmt, \(m).mdhi_amleitura
        """
    }

    /// The meter of type `tipo` installed on the imóvel, with its last reading before the reference.
    static func juncaoMedidor(_ m: String, tipo: Int) -> String {
        """
        LEFT JOIN LATERAL (
            SELECT h.medt_id, hd.hidr_nnhidrometro, h.hidi_dtinstalacaohidrometro, hd.hidr_nndigitosleitura, hc.hicp_dshidrometrocapacidade,
                   hc.hicp_nndigitosleituraminimo, hc.hicp_nndigitosleituramaximo,
                   coalesce(u.mdhi_nnleituraatualfaturamento, h.hidi_nnleitinstalacaohidmt) AS leitura,
                   coalesce(u.mdhi_dtleituraatualfaturamento, h.hidi_dtinstalacaohidrometro) AS data,
                   coalesce(u.ltst_idleituraatual, 2) AS situacao, coalesce(u.mdhi_nnconsumomediohidrometro, 0) AS media,
                   li.hili_dshidrometrolocalinstalacao, u.mdhi_nnleituraatualinformada, h.hidi_nnleitinstalacaohidmt, u.mdhi_amleitura
            FROM micromedicao.hidrometro_inst_hist h
            JOIN micromedicao.hidrometro hd ON hd.hidr_id = h.hidr_id
            JOIN micromedicao.hidrometro_capacidade hc ON hc.hicp_id = hd.hicp_id
            JOIN micromedicao.hidrometro_local_instalacao li ON li.hili_id = h.hili_id
            LEFT JOIN LATERAL (
                SELECT * FROM micromedicao.medicao_historico x
                WHERE x.imov_id = h.imov_id AND x.medt_id = h.medt_id AND x.mdhi_amleitura < $2
                ORDER BY x.mdhi_amleitura DESC LIMIT 1) u ON true
            WHERE h.imov_id = i.imov_id AND h.medt_id = \(tipo) AND h.hidi_dtretiradahidrometro IS NULL) \(m) ON true
        """
    }
}

/// A list PostgreSQL aggregated for one imóvel: items separated by `;`, values by `,`, only
/// numbers, dates and amounts (never free text), an empty value for NULL.
struct Agregado {
    struct Item {
        var valores: [Substring]
        var nome: String
        var imovel: Int

        func erro(_ n: Int, _ tipo: String) -> JobFailure {
            JobFailure.permanent(
                "Imóvel \(imovel): \(nome) com valor \(n + 1) inválido (\(tipo)): \(valores.indices.contains(n) ? String(valores[n]) : "ausente").")
        }
        func inteiroOpcional(_ n: Int) throws -> Int? {
            guard valores.indices.contains(n) else { throw erro(n, "inteiro") }
            if valores[n].isEmpty { return nil }
            guard let v = Int(valores[n]) else { throw erro(n, "inteiro") }
            return v
        }
        func inteiro(_ n: Int) throws -> Int {
            guard let v = try inteiroOpcional(n) else { throw erro(n, "inteiro") }
            return v
        }
        func valor(_ n: Int) throws -> Centavos {
            guard valores.indices.contains(n), let v = Centavos(decimalText: String(valores[n])) else { throw erro(n, "valor") }
            return v
        }
        func data(_ n: Int) throws -> CivilDate {
            guard valores.indices.contains(n), let v = CivilDate(iso: String(valores[n])) else { throw erro(n, "data") }
            return v
        }
    }

    var texto: String
    var nome: String
    var imovel: Int

    /// Split on the UTF-8 bytes (the separators are ASCII): splitting on Characters was a tenth
    /// of the route worker's CPU (perf, issue 22).
    var itens: [Item] {
        texto.isEmpty
            ? []
            : texto.utf8.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false).map {
                Item(
                    valores: $0.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).map { Substring($0) }, nome: nome,
                    imovel: imovel)
            }
    }
}
