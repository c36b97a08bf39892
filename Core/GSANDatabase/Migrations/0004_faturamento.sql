-- 0004 faturamento: anormalidades de leitura e de consumo com suas ações, históricos de
-- medição e de consumo, a conta (com categorias, impostos, débitos cobrados e créditos
-- realizados), débitos a cobrar, créditos a realizar, guias de pagamento, parcelamentos e
-- pagamentos.

-- MARK: Catálogos

CREATE TABLE faturamento.debito_credito_situacao (
    dcst_id  smallint PRIMARY KEY,
    dcst_dsdebitocreditosituacao varchar(30) NOT NULL UNIQUE
);
COMMENT ON TABLE faturamento.debito_credito_situacao IS
    'Situação de conta, guia, débito a cobrar e crédito a realizar. 9 = pré-faturada (conta do ciclo de leitura '
    'corrente, levada no arquivo da rota e completada pelo leiturista).';
INSERT INTO faturamento.debito_credito_situacao VALUES
    (0, 'NORMAL'), (1, 'RETIFICADA'), (2, 'INCLUIDA'), (3, 'CANCELADA'), (4, 'CANCELADA POR RETIFICACAO'),
    (5, 'PARCELADA'), (8, 'DEBITO PRESCRITO'), (9, 'PRE-FATURADA');

CREATE TABLE faturamento.conta_motivo_revisao (
    cmrv_id smallint PRIMARY KEY,
    cmrv_dsmotivorevisaoconta varchar(40) NOT NULL UNIQUE,
    cmrv_icuso indicador NOT NULL DEFAULT 1
);
COMMENT ON TABLE faturamento.conta_motivo_revisao IS
    'Motivos de conta em revisão (ids do GSAN, ContaMotivoRevisao.java); 6 = em cobrança judicial.';
INSERT INTO faturamento.conta_motivo_revisao (cmrv_id, cmrv_dsmotivorevisaoconta) VALUES
    (6, 'EM COBRANCA JUDICIAL'), (91, 'ESTOURO DE CONSUMO'), (98, 'PAGAMENTO COMPROVADO'), (100, 'BAIXO CONSUMO'),
    (101, 'ENTRADA DE PARCELAMENTO'), (102, 'ANTIGUIDADE'), (105, 'CONTRATO DE PARCELAMENTO'),
    (106, 'CONTRATO DE PARCELAMENTO CLIENTE');

CREATE TABLE faturamento.imposto_tipo (
    imtp_id  smallint PRIMARY KEY,
    imtp_dsimposto varchar(15) NOT NULL UNIQUE,
    imtp_pcaliquota percentual NOT NULL
);
COMMENT ON TABLE faturamento.imposto_tipo IS 'Impostos retidos na fonte das contas de órgãos públicos (registro 06).';
INSERT INTO faturamento.imposto_tipo VALUES (1, 'IR', 4.80), (2, 'CSLL', 1.00), (3, 'COFINS', 3.00), (4, 'PIS/PASEP', 0.65);

CREATE TABLE faturamento.debito_tipo (
    dbtp_id            smallint PRIMARY KEY,
    dbtp_dsdebitotipo  varchar(30) NOT NULL UNIQUE,
    dbtp_dsabreviado   varchar(18) NOT NULL,
    dbtp_cdconstante   varchar(6),
    -- 2 nos tipos de financiamento (juros, parcelamentos): não incidem no cálculo dos impostos.
    dbtp_icincideimposto indicador NOT NULL DEFAULT 1,
    dbtp_icuso         indicador NOT NULL DEFAULT 1
);
COMMENT ON TABLE faturamento.debito_tipo IS 'Tipos de débito (serviços, multas, parcelamentos...) cobrados em conta ou guia.';

CREATE TABLE faturamento.credito_tipo (
    crti_id            smallint PRIMARY KEY,
    crti_dscreditotipo varchar(30) NOT NULL UNIQUE,
    crti_dsabreviado   varchar(18) NOT NULL,
    crti_cdconstante   varchar(6),
    crti_icuso         indicador NOT NULL DEFAULT 1
);
COMMENT ON TABLE faturamento.credito_tipo IS 'Tipos de crédito (devoluções, descontos) realizados nas contas.';

-- MARK: Anormalidades e suas ações

CREATE TABLE micromedicao.consumo_tipo (
    cstp_id  smallint PRIMARY KEY,
    cstp_dsconsumotipo varchar(30) NOT NULL UNIQUE,
    cstp_icuso indicador NOT NULL DEFAULT 1
);
COMMENT ON TABLE micromedicao.consumo_tipo IS 'Como o consumo faturado foi obtido (registro 17 do arquivo Android).';
INSERT INTO micromedicao.consumo_tipo (cstp_id, cstp_dsconsumotipo) VALUES
    (1, 'REAL'), (2, 'ESTIMADO'), (3, 'MEDIA DO HIDROMETRO'), (4, 'MEDIA DO IMOVEL'), (5, 'CONSUMO MINIMO'),
    (6, 'NAO MEDIDO'), (7, 'INFORMADO'), (8, 'SEM CONSUMO');

CREATE TABLE micromedicao.leitura_situacao (
    ltst_id  smallint PRIMARY KEY,
    ltst_dsleiturasituacao varchar(20) NOT NULL UNIQUE
);
COMMENT ON TABLE micromedicao.leitura_situacao IS 'Situação da leitura: 1 realizada, 2 não realizada, 3 confirmada.';
INSERT INTO micromedicao.leitura_situacao VALUES (1, 'REALIZADA'), (2, 'NAO REALIZADA'), (3, 'CONFIRMADA');

CREATE TABLE micromedicao.leitura_anormalidade_consumo (
    lacs_id  smallint PRIMARY KEY,
    lacs_dsconsumoacobrar varchar(40) NOT NULL UNIQUE
);
COMMENT ON TABLE micromedicao.leitura_anormalidade_consumo IS
    'Consumo a cobrar quando há anormalidade de leitura (sem consumo, média, mínimo, normal...).';
INSERT INTO micromedicao.leitura_anormalidade_consumo VALUES
    (1, 'NAO OCORRE'), (2, 'SEM CONSUMO'), (3, 'CONSUMO MEDIO'), (4, 'CONSUMO MINIMO'), (5, 'CONSUMO NORMAL'),
    (6, 'MAIOR ENTRE CONSUMO MEDIO E REAL'), (7, 'MENOR ENTRE CONSUMO MEDIO E REAL');

CREATE TABLE micromedicao.leitura_anormalidade_leitura (
    lalt_id  smallint PRIMARY KEY,
    lalt_dsleituraafaturar varchar(40) NOT NULL UNIQUE
);
COMMENT ON TABLE micromedicao.leitura_anormalidade_leitura IS
    'Leitura a faturar quando há anormalidade de leitura (anterior, anterior + consumo, informada...).';
INSERT INTO micromedicao.leitura_anormalidade_leitura VALUES
    (1, 'ANTERIOR'), (2, 'ANTERIOR MAIS CONSUMO'), (3, 'INFORMADA');

CREATE TABLE micromedicao.leitura_anormalidade (
    ltan_id                    smallint PRIMARY KEY CHECK (ltan_id BETWEEN 1 AND 999),
    ltan_dsleituraanormalidade varchar(25) NOT NULL UNIQUE,
    ltan_dsabreviado           varchar(5),
    -- 1 = aceita leitura, 2 = não aceita, 3 = obriga a leitura.
    ltan_icaceitaleitura       smallint NOT NULL CHECK (ltan_icaceitaleitura IN (1, 2, 3)),
    lacs_idconsumocobrarcomleitura smallint NOT NULL REFERENCES micromedicao.leitura_anormalidade_consumo,
    lacs_idconsumocobrarsemleitura smallint NOT NULL REFERENCES micromedicao.leitura_anormalidade_consumo,
    lalt_idleiturafaturarcomleitura smallint NOT NULL REFERENCES micromedicao.leitura_anormalidade_leitura,
    lalt_idleiturafaturarsemleitura smallint NOT NULL REFERENCES micromedicao.leitura_anormalidade_leitura,
    ltan_nnfatorsemleitura     numeric(4, 2) CHECK (ltan_nnfatorsemleitura >= 0),
    ltan_nnfatorcomleitura     numeric(4, 2) CHECK (ltan_nnfatorcomleitura >= 0),
    ltan_icimpressaosimultanea indicador NOT NULL DEFAULT 1,
    ltan_icfotoobrigatoria     indicador NOT NULL DEFAULT 2,
    ltan_icnaoimprimirconta    indicador NOT NULL DEFAULT 2,
    ltan_icuso                 indicador NOT NULL DEFAULT 1
);
COMMENT ON TABLE micromedicao.leitura_anormalidade IS
    'Anormalidades de leitura informadas pelo leiturista, com o consumo e a leitura a faturar (registro 14).';

CREATE TABLE micromedicao.consumo_anormalidade (
    csan_id                   smallint PRIMARY KEY CHECK (csan_id BETWEEN 1 AND 99),
    csan_dsconsumoanormalidade varchar(30) NOT NULL UNIQUE,
    csan_dsabreviado          varchar(5),
    csan_dsmensagemconta      varchar(120),
    csan_icregraimovelcondominio indicador NOT NULL DEFAULT 2,
    csan_icfotoobrigatoria    indicador NOT NULL DEFAULT 2,
    csan_icuso                indicador NOT NULL DEFAULT 1
);
COMMENT ON TABLE micromedicao.consumo_anormalidade IS
    'Anormalidades de consumo (baixo, alto, estouro, virada, leitura menor que a anterior...), registro 13.';

CREATE TABLE micromedicao.consumo_anormalidade_acao (
    csac_id           integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    csan_id           smallint NOT NULL REFERENCES micromedicao.consumo_anormalidade,
    catg_id           smallint REFERENCES cadastro.categoria,
    iper_id           smallint REFERENCES cadastro.imovel_perfil,
    lacs_idmes1       smallint NOT NULL REFERENCES micromedicao.leitura_anormalidade_consumo,
    lacs_idmes2       smallint NOT NULL REFERENCES micromedicao.leitura_anormalidade_consumo,
    lacs_idmes3       smallint NOT NULL REFERENCES micromedicao.leitura_anormalidade_consumo,
    csac_nnfatorconsumomes1 numeric(4, 2) CHECK (csac_nnfatorconsumomes1 >= 0),
    csac_nnfatorconsumomes2 numeric(4, 2) CHECK (csac_nnfatorconsumomes2 >= 0),
    csac_nnfatorconsumomes3 numeric(4, 2) CHECK (csac_nnfatorconsumomes3 >= 0),
    csac_dsmensagemcontames1 varchar(120),
    csac_dsmensagemcontames2 varchar(120),
    csac_dsmensagemcontames3 varchar(120),
    csac_icgeracartames1 indicador NOT NULL DEFAULT 2,
    csac_icgeracartames2 indicador NOT NULL DEFAULT 2,
    csac_icgeracartames3 indicador NOT NULL DEFAULT 2,
    csac_iccobrarconsumonormal indicador NOT NULL DEFAULT 2,
    csac_icuso        indicador NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX consumo_anormalidade_acao_unica
    ON micromedicao.consumo_anormalidade_acao (csan_id, coalesce(catg_id, 0), coalesce(iper_id, 0));
COMMENT ON TABLE micromedicao.consumo_anormalidade_acao IS
    'Ação tomada no 1º, 2º e 3º mês de uma anormalidade de consumo, por categoria e perfil (registro 12).';

-- MARK: Históricos de medição e consumo

CREATE TABLE micromedicao.medicao_historico (
    mdhi_id                        bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    imov_id                        integer NOT NULL REFERENCES cadastro.imovel,
    medt_id                        smallint NOT NULL REFERENCES micromedicao.medicao_tipo,
    mdhi_amleitura                 referencia NOT NULL,
    mdhi_nnleitantfatmt            integer NOT NULL CHECK (mdhi_nnleitantfatmt BETWEEN 0 AND 9999999),
    mdhi_dtleitantfatmt            date NOT NULL,
    ltst_idleituraanterior         smallint NOT NULL REFERENCES micromedicao.leitura_situacao,
    mdhi_nnleituraatualinformada   integer CHECK (mdhi_nnleituraatualinformada BETWEEN 0 AND 9999999),
    mdhi_dtleituraatualinformada   date,
    mdhi_nnleituraatualfaturamento integer CHECK (mdhi_nnleituraatualfaturamento BETWEEN 0 AND 9999999),
    mdhi_dtleituraatualfaturamento date,
    ltst_idleituraatual            smallint REFERENCES micromedicao.leitura_situacao,
    mdhi_nnconsumomedidomes        integer CHECK (mdhi_nnconsumomedidomes >= 0),
    mdhi_nnconsumomediohidrometro  integer CHECK (mdhi_nnconsumomediohidrometro >= 0),
    ltan_idinformada               smallint REFERENCES micromedicao.leitura_anormalidade,
    ltan_idfaturamento             smallint REFERENCES micromedicao.leitura_anormalidade,
    UNIQUE (imov_id, medt_id, mdhi_amleitura)
);
COMMENT ON TABLE micromedicao.medicao_historico IS
    'Leituras por imóvel, tipo de medição e mês: anterior e atual (informada e de faturamento), consumo medido, '
    'média do hidrômetro, anormalidade de leitura.';

CREATE TABLE micromedicao.consumo_historico (
    cshi_id                  bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    imov_id                  integer NOT NULL REFERENCES cadastro.imovel,
    -- Ligação tipo: 1 água, 2 esgoto.
    lgti_id                  smallint NOT NULL CHECK (lgti_id IN (1, 2)),
    cshi_amfaturamento       referencia NOT NULL,
    cshi_nnconsumofaturadomes integer NOT NULL CHECK (cshi_nnconsumofaturadomes >= 0),
    cshi_nnconsumomedio      integer CHECK (cshi_nnconsumomedio >= 0),
    cshi_nnconsumorateio     integer,
    cstp_id                  smallint NOT NULL REFERENCES micromedicao.consumo_tipo,
    csan_id                  smallint REFERENCES micromedicao.consumo_anormalidade,
    UNIQUE (imov_id, lgti_id, cshi_amfaturamento)
);
COMMENT ON TABLE micromedicao.consumo_historico IS
    'Consumo faturado por imóvel, ligação (1 água, 2 esgoto) e mês, com tipo e anormalidade (registro 03).';

-- MARK: Parcelamento (cabeçalho antes da conta, que o aponta)

CREATE TABLE cobranca.parcelamento_situacao (
    pcst_id  smallint PRIMARY KEY,
    pcst_dsparcelamentosituacao varchar(20) NOT NULL UNIQUE
);
COMMENT ON TABLE cobranca.parcelamento_situacao IS 'Situação do parcelamento: 1 normal, 2 desfeito, 3 concluído, 4 cancelado.';
INSERT INTO cobranca.parcelamento_situacao VALUES (1, 'NORMAL'), (2, 'DESFEITO'), (3, 'CONCLUIDO'), (4, 'CANCELADO');

CREATE TABLE cobranca.parcelamento (
    parc_id                     integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    imov_id                     integer NOT NULL REFERENCES cadastro.imovel,
    clie_id                     integer REFERENCES cadastro.cliente,
    pcst_id                     smallint NOT NULL DEFAULT 1 REFERENCES cobranca.parcelamento_situacao,
    parc_tmparcelamento         timestamptz NOT NULL,
    parc_amreferenciafaturamento referencia NOT NULL,
    parc_vlconta                valor_nao_negativo NOT NULL DEFAULT 0,
    parc_vlguia                 valor_nao_negativo NOT NULL DEFAULT 0,
    parc_vldebitoacobrar        valor_nao_negativo NOT NULL DEFAULT 0,
    parc_vlcreditoarealizar     valor_nao_negativo NOT NULL DEFAULT 0,
    parc_vlacrescimos           valor_nao_negativo NOT NULL DEFAULT 0,
    parc_vldescontoacrescimos   valor_nao_negativo NOT NULL DEFAULT 0,
    parc_vldebitoatualizado     valor_nao_negativo NOT NULL,
    parc_vlentrada              valor_nao_negativo NOT NULL DEFAULT 0,
    parc_vljurosparcelamento    valor_nao_negativo NOT NULL DEFAULT 0,
    parc_nnprestacoes           smallint NOT NULL CHECK (parc_nnprestacoes BETWEEN 1 AND 999),
    parc_vlprestacao            valor_nao_negativo NOT NULL,
    parc_txjuros                numeric(5, 2) NOT NULL DEFAULT 0 CHECK (parc_txjuros >= 0),
    CHECK (parc_vlentrada <= parc_vldebitoatualizado)
);
CREATE INDEX parcelamento_imovel ON cobranca.parcelamento (imov_id);
COMMENT ON TABLE cobranca.parcelamento IS
    'Parcelamentos de débitos: contas, guias e débitos a cobrar parcelados, entrada e prestações (cobradas como '
    'débito a cobrar nas contas seguintes).';

-- MARK: Conta

CREATE TABLE faturamento.conta (
    cnta_id                   bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    imov_id                   integer NOT NULL REFERENCES cadastro.imovel,
    cnta_amreferenciaconta    referencia NOT NULL,
    cnta_amreferenciacontabil referencia NOT NULL,
    -- Inscrição do imóvel no momento do faturamento.
    loca_id                   integer NOT NULL REFERENCES cadastro.localidade,
    qdra_id                   integer NOT NULL REFERENCES cadastro.quadra,
    cnta_cdsetorcomercial     smallint NOT NULL CHECK (cnta_cdsetorcomercial BETWEEN 0 AND 999),
    cnta_nnquadra             smallint NOT NULL CHECK (cnta_nnquadra BETWEEN 0 AND 9999),
    cnta_nnlote               smallint NOT NULL CHECK (cnta_nnlote BETWEEN 0 AND 9999),
    cnta_nnsublote            smallint NOT NULL CHECK (cnta_nnsublote BETWEEN 0 AND 999),
    cnta_dgverificadorconta   smallint NOT NULL CHECK (cnta_dgverificadorconta BETWEEN 0 AND 9),
    last_id                   smallint NOT NULL REFERENCES atendimentopublico.ligacao_agua_situacao,
    lest_id                   smallint NOT NULL REFERENCES atendimentopublico.ligacao_esgoto_situacao,
    ftgr_id                   integer NOT NULL REFERENCES faturamento.faturamento_grupo,
    rota_id                   integer NOT NULL REFERENCES micromedicao.rota,
    iper_id                   smallint NOT NULL REFERENCES cadastro.imovel_perfil,
    cstf_id                   smallint NOT NULL REFERENCES faturamento.consumo_tarifa,
    cnta_nnconsumoagua        integer NOT NULL DEFAULT 0 CHECK (cnta_nnconsumoagua >= 0),
    cnta_nnconsumoesgoto      integer NOT NULL DEFAULT 0 CHECK (cnta_nnconsumoesgoto >= 0),
    cnta_vlagua               valor_nao_negativo NOT NULL DEFAULT 0,
    cnta_vlesgoto             valor_nao_negativo NOT NULL DEFAULT 0,
    cnta_vldebitos            valor_nao_negativo NOT NULL DEFAULT 0,
    cnta_vlcreditos           valor_nao_negativo NOT NULL DEFAULT 0,
    cnta_vlimpostos           valor_nao_negativo NOT NULL DEFAULT 0,
    cnta_pcesgoto             percentual NOT NULL DEFAULT 0,
    cnta_dtemissao            date,
    cnta_dtvencimentoconta    date NOT NULL,
    cnta_dtvalidadeconta      date NOT NULL,
    -- Conta em revisão: motivo e data andam juntos; em revisão a conta não se retifica nem cancela.
    cnta_dtrevisao            date,
    cmrv_id                   smallint REFERENCES faturamento.conta_motivo_revisao,
    dcst_idatual              smallint NOT NULL REFERENCES faturamento.debito_credito_situacao,
    dcst_idanterior           smallint REFERENCES faturamento.debito_credito_situacao,
    parc_id                   integer REFERENCES cobranca.parcelamento,
    CHECK ((cnta_dtrevisao IS NULL) = (cmrv_id IS NULL)),
    CHECK (cnta_dtvalidadeconta >= cnta_dtvencimentoconta),
    CHECK (dcst_idatual <> 5 OR parc_id IS NOT NULL)
);
-- Uma conta viva por imóvel e referência (as canceladas ficam ao lado, para o histórico).
CREATE UNIQUE INDEX conta_imovel_referencia
    ON faturamento.conta (imov_id, cnta_amreferenciaconta) WHERE dcst_idatual NOT IN (3, 4);
CREATE INDEX conta_rota_referencia ON faturamento.conta (rota_id, cnta_amreferenciaconta);
CREATE INDEX conta_grupo_referencia ON faturamento.conta (ftgr_id, cnta_amreferenciaconta) WHERE dcst_idatual = 9;
COMMENT ON TABLE faturamento.conta IS
    'Contas mensais: valores de água, esgoto, débitos, créditos e impostos (total = água + esgoto + débitos − '
    'créditos − impostos), vencimento, situação (9 = pré-faturada), revisão com motivo e data.';

CREATE TABLE faturamento.conta_categoria (
    cnta_id          bigint NOT NULL REFERENCES faturamento.conta ON DELETE CASCADE,
    scat_id          integer NOT NULL REFERENCES cadastro.subcategoria,
    catg_id          smallint NOT NULL REFERENCES cadastro.categoria,
    ctcg_qteconomia  smallint NOT NULL CHECK (ctcg_qteconomia > 0),
    ctcg_vlagua      valor_nao_negativo NOT NULL DEFAULT 0,
    ctcg_vlesgoto    valor_nao_negativo NOT NULL DEFAULT 0,
    ctcg_nnconsumoagua integer NOT NULL DEFAULT 0 CHECK (ctcg_nnconsumoagua >= 0),
    ctcg_nnconsumoesgoto integer NOT NULL DEFAULT 0 CHECK (ctcg_nnconsumoesgoto >= 0),
    PRIMARY KEY (cnta_id, scat_id)
);
COMMENT ON TABLE faturamento.conta_categoria IS 'Economias e valores da conta por subcategoria (registro 02 quando há conta).';

CREATE TABLE faturamento.conta_impostos_deduzidos (
    cnid_id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    cnta_id          bigint NOT NULL REFERENCES faturamento.conta ON DELETE CASCADE,
    imtp_id          smallint NOT NULL REFERENCES faturamento.imposto_tipo,
    cnid_vlbasecalculo valor_nao_negativo NOT NULL,
    cnid_pcaliquota  percentual NOT NULL,
    cnid_vlimposto   valor_nao_negativo NOT NULL,
    UNIQUE (cnta_id, imtp_id)
);
COMMENT ON TABLE faturamento.conta_impostos_deduzidos IS 'Impostos retidos de uma conta (soma = cnta_vlimpostos), registro 06.';

-- MARK: Débitos a cobrar, créditos a realizar

CREATE TABLE faturamento.debito_a_cobrar (
    dbac_id                  bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    imov_id                  integer NOT NULL REFERENCES cadastro.imovel,
    dbtp_id                  smallint NOT NULL REFERENCES faturamento.debito_tipo,
    dbac_tmgeracao           timestamptz NOT NULL,
    dbac_amreferenciadebito  referencia,
    dbac_amcobranca          referencia NOT NULL,
    dbac_vldebito            valor_nao_negativo NOT NULL CHECK (dbac_vldebito > 0),
    dbac_nnprestacaodebito   smallint NOT NULL CHECK (dbac_nnprestacaodebito BETWEEN 1 AND 999),
    dbac_nnprestacaocobradas smallint NOT NULL DEFAULT 0,
    dcst_idatual             smallint NOT NULL DEFAULT 0 REFERENCES faturamento.debito_credito_situacao,
    parc_id                  integer REFERENCES cobranca.parcelamento,
    CHECK (dbac_nnprestacaocobradas BETWEEN 0 AND dbac_nnprestacaodebito)
);
CREATE INDEX debito_a_cobrar_imovel ON faturamento.debito_a_cobrar (imov_id);
COMMENT ON TABLE faturamento.debito_a_cobrar IS
    'Débitos a cobrar nas próximas contas, em prestações (serviços, multas, parcelas de parcelamento).';

CREATE TABLE faturamento.credito_a_realizar (
    crar_id                  bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    imov_id                  integer NOT NULL REFERENCES cadastro.imovel,
    crti_id                  smallint NOT NULL REFERENCES faturamento.credito_tipo,
    crar_tmgeracao           timestamptz NOT NULL,
    crar_amreferenciacredito referencia,
    crar_vlcredito           valor_nao_negativo NOT NULL CHECK (crar_vlcredito > 0),
    crar_vlresidualmesanterior valor_nao_negativo NOT NULL DEFAULT 0,
    crar_nnprestacaocredito  smallint NOT NULL CHECK (crar_nnprestacaocredito BETWEEN 1 AND 999),
    crar_nnprestacaorealizadas smallint NOT NULL DEFAULT 0,
    dcst_idatual             smallint NOT NULL DEFAULT 0 REFERENCES faturamento.debito_credito_situacao,
    parc_id                  integer REFERENCES cobranca.parcelamento,
    CHECK (crar_nnprestacaorealizadas BETWEEN 0 AND crar_nnprestacaocredito)
);
CREATE INDEX credito_a_realizar_imovel ON faturamento.credito_a_realizar (imov_id);
COMMENT ON TABLE faturamento.credito_a_realizar IS 'Créditos a abater nas próximas contas, em prestações.';

CREATE TABLE faturamento.debito_cobrado (
    dbcb_id                bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    cnta_id                bigint NOT NULL REFERENCES faturamento.conta ON DELETE CASCADE,
    dbtp_id                smallint NOT NULL REFERENCES faturamento.debito_tipo,
    dbac_id                bigint REFERENCES faturamento.debito_a_cobrar,
    dbcb_amreferenciadebito referencia,
    dbcb_vlprestacao       valor_nao_negativo NOT NULL,
    dbcb_nnprestacao       smallint NOT NULL CHECK (dbcb_nnprestacao >= 1),
    dbcb_nnprestacaodebito smallint NOT NULL CHECK (dbcb_nnprestacaodebito >= 1),
    CHECK (dbcb_nnprestacao <= dbcb_nnprestacaodebito)
);
CREATE INDEX debito_cobrado_conta ON faturamento.debito_cobrado (cnta_id);
COMMENT ON TABLE faturamento.debito_cobrado IS 'Débitos cobrados numa conta (soma = cnta_vldebitos), registro 04.';

CREATE TABLE faturamento.credito_realizado (
    crrz_id                bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    cnta_id                bigint NOT NULL REFERENCES faturamento.conta ON DELETE CASCADE,
    crti_id                smallint NOT NULL REFERENCES faturamento.credito_tipo,
    crar_id                bigint REFERENCES faturamento.credito_a_realizar,
    crrz_amreferenciacredito referencia,
    crrz_vlcredito         valor_nao_negativo NOT NULL,
    crrz_nnprestacao       smallint NOT NULL CHECK (crrz_nnprestacao >= 1),
    crrz_nnprestacaocredito smallint NOT NULL CHECK (crrz_nnprestacaocredito >= 1),
    CHECK (crrz_nnprestacao <= crrz_nnprestacaocredito)
);
CREATE INDEX credito_realizado_conta ON faturamento.credito_realizado (cnta_id);
COMMENT ON TABLE faturamento.credito_realizado IS 'Créditos realizados numa conta (soma = cnta_vlcreditos), registro 05.';

-- MARK: Guia de pagamento, itens do parcelamento, pagamento

CREATE TABLE faturamento.guia_pagamento (
    gpag_id                 bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    imov_id                 integer REFERENCES cadastro.imovel,
    clie_id                 integer REFERENCES cadastro.cliente,
    dbtp_id                 smallint NOT NULL REFERENCES faturamento.debito_tipo,
    gpag_dtemissao          date NOT NULL,
    gpag_dtvencimento       date NOT NULL,
    gpag_amreferenciacontabil referencia NOT NULL,
    gpag_vldebito           valor_nao_negativo NOT NULL CHECK (gpag_vldebito > 0),
    gpag_nnprestacaodebito  smallint NOT NULL DEFAULT 1 CHECK (gpag_nnprestacaodebito >= 1),
    gpag_nnprestacaototal   smallint NOT NULL DEFAULT 1,
    gpag_dsobservacao       varchar(200),
    dcst_idatual            smallint NOT NULL DEFAULT 0 REFERENCES faturamento.debito_credito_situacao,
    parc_id                 integer REFERENCES cobranca.parcelamento,
    CHECK (imov_id IS NOT NULL OR clie_id IS NOT NULL),
    CHECK (gpag_dtvencimento >= gpag_dtemissao),
    CHECK (gpag_nnprestacaodebito <= gpag_nnprestacaototal)
);
CREATE INDEX guia_pagamento_imovel ON faturamento.guia_pagamento (imov_id);
COMMENT ON TABLE faturamento.guia_pagamento IS 'Guias de pagamento: débitos cobrados fora da conta mensal.';

CREATE TABLE cobranca.parcelamento_item (
    pcit_id  bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    parc_id  integer NOT NULL REFERENCES cobranca.parcelamento ON DELETE CASCADE,
    cnta_id  bigint REFERENCES faturamento.conta,
    gpag_id  bigint REFERENCES faturamento.guia_pagamento,
    dbac_id  bigint REFERENCES faturamento.debito_a_cobrar,
    crar_id  bigint REFERENCES faturamento.credito_a_realizar,
    pcit_vlitem valor_nao_negativo NOT NULL,
    CHECK (num_nonnulls(cnta_id, gpag_id, dbac_id, crar_id) = 1)
);
CREATE INDEX parcelamento_item_parcelamento ON cobranca.parcelamento_item (parc_id);
COMMENT ON TABLE cobranca.parcelamento_item IS 'Itens de um parcelamento: cada conta, guia, débito ou crédito que ele absorveu.';

CREATE TABLE arrecadacao.pagamento (
    pgmt_id                     bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    imov_id                     integer REFERENCES cadastro.imovel,
    cnta_id                     bigint REFERENCES faturamento.conta,
    gpag_id                     bigint REFERENCES faturamento.guia_pagamento,
    dbac_id                     bigint REFERENCES faturamento.debito_a_cobrar,
    pgmt_amreferenciapagamento  referencia,
    pgmt_amreferenciaarrecadacao referencia NOT NULL,
    pgmt_dtpagamento            date NOT NULL,
    pgmt_vlpagamento            valor_nao_negativo NOT NULL CHECK (pgmt_vlpagamento > 0),
    CHECK (num_nonnulls(cnta_id, gpag_id, dbac_id) <= 1),
    CHECK (imov_id IS NOT NULL OR cnta_id IS NOT NULL OR gpag_id IS NOT NULL)
);
CREATE INDEX pagamento_conta ON arrecadacao.pagamento (cnta_id) WHERE cnta_id IS NOT NULL;
CREATE INDEX pagamento_guia ON arrecadacao.pagamento (gpag_id) WHERE gpag_id IS NOT NULL;
CREATE INDEX pagamento_imovel ON arrecadacao.pagamento (imov_id);
COMMENT ON TABLE arrecadacao.pagamento IS
    'Pagamentos recebidos pela arrecadação, classificados para uma conta, guia ou débito a cobrar '
    '(ou só o imóvel, quando não identificados).';
