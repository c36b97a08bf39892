/// The utility's configuration, the same for every N: categorias, perfis, tarifa, meters,
/// anomalies and their actions, the collection actions of seed 002 with criteria, the
/// contractor with its contrato and items, motivos, parâmetros. Catalog rows the
/// migrations already insert (ids fixed by GSAN) are extended with ON CONFLICT DO NOTHING.
enum SeedCatalogs {
    static func sql(hoje: String, referencia: Int) -> String {
        """
        INSERT INTO cadastro.unidade_federacao VALUES (26, 'PE', 'PERNAMBUCO');
        INSERT INTO cadastro.categoria VALUES
            (1, 'RESIDENCIAL', 'RES', 10, 200, 5.0, 60, 2.0, 5, 50.00, 999, 1),
            (2, 'COMERCIAL', 'COM', 10, 400, 5.0, 120, 2.0, 5, 50.00, 1999, 1),
            (3, 'INDUSTRIAL', 'IND', 10, 800, 5.0, 300, 2.0, 10, 50.00, 4999, 1),
            (4, 'PUBLICA', 'PUB', 10, 600, 5.0, 200, 2.0, 10, 50.00, 2999, 1);
        INSERT INTO cadastro.subcategoria (scat_id, catg_id, scat_cdsubcategoria, scat_dssubcategoria, scat_dsabreviado,
                                           scat_icsazonalidade) VALUES
            (1, 1, 1, 'RESIDENCIAL PADRAO', 'RES PADRAO', 2), (2, 1, 2, 'RESIDENCIAL SOCIAL', 'RES SOCIAL', 2),
            (3, 2, 1, 'COMERCIAL', 'COMERCIAL', 2), (4, 3, 1, 'INDUSTRIAL', 'INDUSTRIAL', 2),
            (5, 4, 1, 'PUBLICA', 'PUBLICA', 2), (6, 1, 3, 'RESIDENCIAL VERANEIO', 'RES VERANEIO', 1);
        INSERT INTO cadastro.imovel_perfil VALUES
            (1, 'NORMAL', 2.0, 200, 1), (2, 'GRANDE CLIENTE', 3.0, 2000, 1), (3, 'CORPORATIVO', 3.0, 5000, 1);
        INSERT INTO faturamento.consumo_tarifa (cstf_id, cstf_dsconsumotarifa) VALUES (1, 'TARIFA NORMAL');
        INSERT INTO faturamento.consumo_tarifa_vigencia (cstv_id, cstf_id, cstv_dtvigencia) VALUES (1, 1, '2020-01-01');
        INSERT INTO micromedicao.hidrometro_capacidade VALUES
            (1, '1,5 M3/H', 4, 5, 1), (2, '3,0 M3/H', 4, 6, 1), (3, '5,0 M3/H', 5, 7, 1), (4, '10 M3/H', 6, 7, 1);
        INSERT INTO micromedicao.hidrometro_tipo VALUES (1, 'VELOCIMETRICO'), (2, 'VOLUMETRICO');
        INSERT INTO micromedicao.hidrometro_local_instalacao VALUES (1, 'MURETA'), (2, 'CALCADA'), (3, 'CAIXA DE PROTECAO');
        INSERT INTO micromedicao.leitura_anormalidade VALUES
            (1, 'HIDROMETRO PARADO', 'HPA', 2, 3, 3, 2, 2, NULL, NULL, 1, 1, 2, 1),
            (2, 'IMOVEL FECHADO', 'IFE', 2, 3, 3, 2, 2, NULL, NULL, 1, 2, 2, 1),
            (3, 'HIDROMETRO QUEBRADO', 'HQU', 2, 3, 3, 2, 2, NULL, NULL, 1, 1, 2, 1),
            (4, 'LEITURA CONFIRMADA', 'LCO', 3, 5, 5, 3, 3, NULL, NULL, 1, 2, 2, 1),
            (5, 'HIDROMETRO SUBSTITUIDO', 'HSU', 3, 4, 4, 3, 3, NULL, NULL, 1, 1, 2, 1);
        INSERT INTO micromedicao.consumo_anormalidade (csan_id, csan_dsconsumoanormalidade, csan_dsabreviado,
                                                       csan_dsmensagemconta) VALUES
            (1, 'BAIXO CONSUMO', 'BXC', 'DETECTAMOS UM BAIXO CONSUMO NESTA FATURA'),
            (2, 'ESTOURO DE CONSUMO', 'EST', 'SUA FATURA FOI RETIDA PARA ANALISE DO CONSUMO'),
            (3, 'ALTO CONSUMO', 'ALT', 'ALTO CONSUMO REGISTRADO NESTA FATURA, VERIFIQUE VAZAMENTOS'),
            (4, 'LEITURA MENOR QUE ANTERIOR', 'LMA', NULL),
            (5, 'VIRADA DE HIDROMETRO', 'VIR', NULL),
            (6, 'CONSUMO NAO MEDIDO', 'CNM', NULL);
        INSERT INTO micromedicao.consumo_anormalidade_acao (csan_id, lacs_idmes1, lacs_idmes2, lacs_idmes3,
            csac_dsmensagemcontames1, csac_dsmensagemcontames2, csac_dsmensagemcontames3, csac_icgeracartames3,
            csac_iccobrarconsumonormal) VALUES
            (1, 5, 5, 5, 'BAIXO CONSUMO: SEU IMOVEL PASSARA POR VISTORIA', 'BAIXO CONSUMO: VISTORIA PROGRAMADA',
             'BAIXO CONSUMO: ORDEM DE SERVICO EMITIDA', 1, 2),
            (2, 3, 3, 5, 'FATURA RETIDA PARA ANALISE', 'FATURA RETIDA PARA ANALISE', 'CONSUMO CONFIRMADO', 1, 1),
            (3, 6, 6, 5, 'ALTO CONSUMO: VERIFIQUE VAZAMENTOS', 'ALTO CONSUMO PERSISTENTE', 'CONSUMO COBRADO INTEGRAL', 1, 1);
        INSERT INTO faturamento.debito_tipo (dbtp_id, dbtp_dsdebitotipo, dbtp_dsabreviado, dbtp_cdconstante,
                                             dbtp_icincideimposto) VALUES
            (1, 'RELIGACAO DE AGUA', 'RELIGACAO', 'RELIG', 1), (2, 'TAXA DE SEGUNDA VIA', '2A VIA', '2VIA', 1),
            (3, 'PARCELAMENTO DE DEBITOS', 'PARCELAMENTO', 'PARC', 2), (4, 'MULTA POR INFRACAO', 'MULTA', 'MULTA', 1),
            (5, 'JUROS DE MORA', 'JUROS', 'JUROS', 2), (6, 'ENTRADA DE PARCELAMENTO', 'ENTRADA PARC', 'ENTPAR', 2)
            ON CONFLICT DO NOTHING;
        INSERT INTO faturamento.credito_tipo (crti_id, crti_dscreditotipo, crti_dsabreviado, crti_cdconstante) VALUES
            (1, 'DEV PAGTOS DUPLICIDADE', 'DEV DUPLIC', 'DEVDUP'), (2, 'DESCONTO CONCEDIDO', 'DESCONTO', 'DESC')
            ON CONFLICT DO NOTHING;
        INSERT INTO atendimentopublico.servico_tipo (svtp_id, svtp_dsservicotipo, svtp_dsabreviado, svtp_vlservico,
                                                      svtp_nndiasprazoexecucao, dbtp_id, svtp_icpavimento) VALUES
            (1012, 'CORTE DE LIGACAO DE AGUA', 'CORTE', 35.00, 5, NULL, 1),
            (1013, 'RELIGACAO DE AGUA', 'RELIGACAO', 45.00, 2, 1, 1) ON CONFLICT DO NOTHING;
        INSERT INTO atendimentopublico.atendimento_motivo_encerramento (amen_id, amen_dsmotivoencerramento,
            amen_dsabreviado, amen_icexecucao, amen_icvisitarealizada, amen_icfiscalizacao) VALUES
            (70, 'IMOVEL NAO LOCALIZADO', 'NAO LOCAL', 2, 1, 1), (71, 'CLIENTE IMPEDIU A EXECUCAO', 'IMPEDIU', 2, 1, 1)
            ON CONFLICT DO NOTHING;
        INSERT INTO atendimentopublico.fiscalizacao_situacao (fzst_id, fzst_dsfiscalizacaosituacao,
            fzst_icvalidaligacaoagua, fzst_icautoinfracao, fzst_icgeradebito, last_idnova, dbtp_id) VALUES
            (1, 'CORTE CONFIRMADO', 1, 2, 2, NULL, NULL),
            (2, 'RELIGADO CLANDESTINAMENTE', 1, 1, 1, 3, 4);
        INSERT INTO cadastro.empresa (empr_id, empr_nmempresa, empr_nmabreviado, empr_nncnpj, empr_icempresaprincipal,
            empr_icleitura) VALUES (1, 'COMPANHIA DE SANEAMENTO', 'CIA', '11222333000181', 1, 1);
        -- The contractor has an alphanumeric CNPJ (Receita Federal, July 2026; the Receita's own example).
        INSERT INTO cadastro.empresa (empr_id, empr_nmempresa, empr_nmabreviado, empr_nncnpj, empr_icempresacobranca,
            empr_icleitura, empr_dtiniciocontratocobranca, empr_pcpagamentocontascobradas) VALUES
            (2, 'COBRANCA NORDESTE LTDA', 'CNE', '12ABC34501DE35', 1, 1, DATE '\(hoje)' - 365, 5.00);
        INSERT INTO micromedicao.contrato_empresa_servico (cese_id, empr_id, cese_nncontrato, cese_dtiniciocontrato,
            cese_dtfimcontrato, cese_vlglobal, cese_pctaxasucesso) VALUES
            (1, 2, '001/\(referencia / 100 - 1)', DATE '\(hoje)' - 365, DATE '\(hoje)' + 365, 2400000.00, 5.00);
        INSERT INTO micromedicao.item_servico (itse_id, itse_dsitemservico, itse_dsabreviado, itse_cdconstantecalculo)
            VALUES (1, 'VISITA DE COBRANCA', 'VISITA', 1), (2, 'CORTE DE LIGACAO DE AGUA', 'CORTE', 3),
                   (3, 'RELIGACAO DE AGUA', 'RELIGACAO', 5);
        INSERT INTO micromedicao.item_servico_contrato (itsc_id, cese_id, itse_id, itsc_vlitemservcontr,
            itsc_pcservnaoexec, itsc_pcmulta, itsc_qtorcada, itsc_vlorcado) VALUES
            (1, 1, 1, 12.50, 5.00, 2.00, 60000, 750000.00), (2, 1, 2, 35.00, 5.00, 2.00, 30000, 1050000.00),
            (3, 1, 3, 45.00, 5.00, 2.00, 13333, 599985.00);
        INSERT INTO micromedicao.item_contrato_servico_tipo VALUES (1, 1, 1011), (2, 1, 1012), (3, 1, 1013);
        INSERT INTO cobranca.motivo_nao_aceit_enc_os VALUES
            (1, 'CORTE INDEVIDO', 2, 0, 2.00, 1, 1), (2, 'SERVICO NAO EXECUTADO', 0, 2, 2.00, 1, 1);
        INSERT INTO cobranca.cobranca_criterio (cbct_id, cbct_dscobrancacriterio, cbct_dtiniciovigencia,
            cbct_icemsimvparalisacao) VALUES (1, 'CRITERIO PADRAO', '2020-01-01', 2), (2, 'CRITERIO CORTADOS', '2020-01-01', 2);
        INSERT INTO cobranca.cobranca_criterio_linha (cbct_id, iper_id, catg_id, cbcl_vlminimodebito, cbcl_vlmaximodebito,
            cbcl_qtminimacontas, cbcl_qtmaximacontas)
            SELECT c, p, g, CASE WHEN c = 1 THEN 30.00 ELSE 0.01 END, 9999999.99, 1, 999
            FROM generate_series(1, 2) c, generate_series(1, 3) p, generate_series(1, 4) g;
        INSERT INTO cobranca.criterio_situacao_ligacao_agua VALUES (1, 3), (2, 5);
        INSERT INTO cobranca.criterio_situacao_ligacao_esgoto VALUES (1, 1), (1, 3), (2, 1), (2, 3);
        -- Dias mínimos após a predecessora, em dias úteis (seed 002 §1.2.3–1.2.4): a visita 6 após o
        -- aviso (o ciclo gerado a põe 10 dias corridos depois, que têm de 6 a 8 úteis), o corte 5 após
        -- a visita (só onde a visita foi executada), a fiscalização dos cortados 7 após o corte.
        INSERT INTO cobranca.cobranca_acao (cbac_id, cbac_dscobrancaacao, cbac_nndiasvalidade, cbac_idacaoprecedente,
            cbac_nndiasminacaoprecedente, dotp_id, cbac_dstextopersonalizado, last_id, cbct_id, svtp_id,
            cbac_iccompoecronograma, cbac_nnordemrealizacao, cbac_icobrigatoria, cbac_icsuspensaoabastecimento,
            cbac_icordmaiorvlr, cbac_icusaordenamentocron, cbac_icboletim) VALUES
            (1, 'AVISO DE DEBITO', 30, NULL, NULL, 12, 'EVITE A SUSPENSAO DO FORNECIMENTO: PAGUE SEUS DEBITOS.', 3, 1,
             NULL, 1, 1, 1, 2, 2, 2, 2),
            (34, 'VISITA DE COBRANCA', 20, 1, 6, 17, NULL, 3, 1, 1011, 1, 2, 1, 2, 1, 1, 1),
            (3, 'ORDEM DE CORTE', 30, 34, 5, 18, NULL, 3, 1, 1012, 1, 3, 1, 1, 1, 1, 1),
            (8, 'FISCALIZACAO DE CORTADOS', 30, 3, 7, 16, NULL, 5, 2, 705, 1, 4, 2, 2, 2, 2, 1);
        INSERT INTO cobranca.atend_mot_enc_acao_cobr VALUES (2, 34, 1), (3, 34, 1), (4, 34, 1), (2, 3, 1), (69, 3, 2),
            (2, 8, 1);
        INSERT INTO cadastro.unidade_organizacional (unid_id, unid_dsunidade, unid_sgunidade, empr_id) VALUES
            (1, 'COMPANHIA - SEDE', 'SEDE', 1), (2, 'COBRANCA NORDESTE', 'CNE', 2);
        INSERT INTO micromedicao.leiturista (leit_id, leit_nmleiturista, empr_id, leit_cdddd, leit_nnfone, leit_nnimei)
            VALUES (1, 'LEITURISTA PADRAO', 2, 81, '999990000', '359881030000001');
        INSERT INTO cadastro.usuario (usur_id, usur_nmlogin, usur_nmusuario, unid_id, usur_icnaoinclusaodebito) VALUES
            (1, 'ADMIN', 'ADMINISTRADOR DO SISTEMA', 1, 1), (2, 'FISCAL', 'FISCAL DA COMPANHIA', 1, 2);
        -- Fiscalização (seed 002 §1.2.4, §2.4.2): the clandestine reconnection charges the multa and the
        -- consumo fraudado, counts as a reincidência and puts the imóvel under a situação especial; the
        -- other situações carry each of the screen's indicators.
        INSERT INTO faturamento.debito_tipo (dbtp_id, dbtp_dsdebitotipo, dbtp_dsabreviado, dbtp_cdconstante,
                                             dbtp_icincideimposto) VALUES
            (7, 'CONSUMO FRAUDADO', 'CONS FRAUDADO', 'FRAUDE', 1) ON CONFLICT DO NOTHING;
        INSERT INTO cobranca.cobranca_situacao_tipo VALUES (2, 'RELIGACAO CLANDESTINA EM COBRANCA', 1, 1) ON CONFLICT DO NOTHING;
        INSERT INTO cobranca.cobranca_situacao_motivo VALUES (5, 'RELIGADO CLANDESTINAMENTE (FISCALIZACAO)', 1) ON CONFLICT DO NOTHING;
        UPDATE atendimentopublico.fiscalizacao_situacao SET fzst_icreincidencia = 1, cbsp_id = 2, cbsm_id = 5, amen_id = 2
            WHERE fzst_id = 2;
        UPDATE atendimentopublico.fiscalizacao_situacao SET amen_id = 2 WHERE fzst_id = 1;
        INSERT INTO atendimentopublico.fiscalizacao_situacao_debito VALUES (2, 4, 1), (2, 7, 2);
        INSERT INTO atendimentopublico.fiscalizacao_situacao (fzst_id, fzst_dsfiscalizacaosituacao, fzst_icvalidaligacaoagua,
            fzst_icvalidaligacaoesgoto, fzst_icalteradataligacao, fzst_icvalidacapacidadehidrometro, fzst_icautoinfracao,
            fzst_icnotificacaoesgoto, fzst_icinformartipomedicao, fzst_icgeradebito, fzst_icreincidencia,
            fzst_icsuspendecontratodemanda, last_idnova, lest_idnova, amen_id, dbtp_id, mnac_id) VALUES
            (3, 'LIGACAO DE ESGOTO CLANDESTINA', 2, 1, 1, 2, 2, 2, 2, 1, 1, 2, NULL, 3, 2, 4, NULL),
            (4, 'ESGOTO LANCADO NA REDE PLUVIAL', 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, NULL, NULL, 2, NULL, NULL),
            (5, 'HIDROMETRO SUBDIMENSIONADO', 2, 2, 2, 1, 2, 2, 1, 2, 2, 1, NULL, NULL, 2, NULL, NULL),
            (6, 'DATA DE LIGACAO DIVERGENTE', 2, 2, 1, 2, 2, 2, 2, 2, 2, 2, NULL, NULL, 2, NULL, NULL),
            (7, 'SERVICO NAO EXECUTADO', 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, NULL, NULL, 2, NULL, 2),
            (8, 'CORTE INDEVIDO', 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, NULL, 2, NULL, 1),
            (9, 'SERVICO EXECUTADO CONFORME', 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, NULL, NULL, 2, NULL, NULL),
            (10, 'FRAUDE NO HIDROMETRO', 2, 2, 2, 2, 1, 2, 2, 1, 1, 2, NULL, NULL, 2, 4, NULL),
            (11, 'ESGOTO DESATIVADO PELO CLIENTE', 2, 1, 2, 2, 2, 2, 2, 2, 2, 2, NULL, 5, 2, NULL, NULL),
            (12, 'LIGACAO ANTIGA SEM CADASTRO', 1, 2, 1, 2, 2, 2, 2, 2, 2, 2, 3, NULL, 2, NULL, NULL),
            (13, 'HIDROMETRO SUPERDIMENSIONADO', 2, 2, 2, 1, 2, 2, 1, 2, 2, 2, NULL, NULL, 2, NULL, NULL);
        -- The meter capacities each situação that validates them is about: subdimensionado the small
        -- ones (1,5 and 3,0 m³/h), superdimensionado the large ones (5,0 and 10 m³/h).
        INSERT INTO atendimentopublico.fiscaliz_sit_hidr_capac (fzst_id, hicp_id) VALUES (5, 1), (5, 2), (13, 3), (13, 4);
        """
    }

    /// After the localidades: the sede is município 1.
    static func parametros(referencia: Int) -> String {
        """
        INSERT INTO cadastro.sistema_parametros (parm_nmempresa, parm_nmabreviadoempresa, parm_nncnpjempresa,
            parm_cdempresafebraban, parm_nn0800, unfe_id, muni_idsede, parm_amreferenciafaturamento,
            parm_amreferenciaarrecadacao, parm_nndiasvencimentocobranca, parm_qtdediasencerraosfiscalizacao,
            parm_qtdediasvalidadeosfiscalizacao, parm_nndiasencerrarosfiscdecursoprazo, parm_vlminimoemissaoconta)
            VALUES ('COMPANHIA DE SANEAMENTO', 'CIA', '11222333000181', 1234, '08000810195', 26, 1, \(referencia),
                    \(referencia), 5, 60, 20, 20, 5.00);
        """
    }
}
