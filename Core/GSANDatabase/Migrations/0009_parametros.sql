-- 0009 parâmetros do sistema: uma linha só (parm_id = 1) com o que as regras consultam —
-- dias para considerar uma conta vencida, limites da fiscalização de OS, dados da empresa
-- para o arquivo da rota, faixa falsa, tabela Price, UF e município para os feriados.

CREATE TABLE cadastro.sistema_parametros (
    parm_id                          smallint PRIMARY KEY DEFAULT 1 CHECK (parm_id = 1),
    parm_nmempresa                   varchar(50) NOT NULL,
    parm_nmabreviadoempresa          varchar(10) NOT NULL,
    parm_nncnpjempresa               char(14) NOT NULL CHECK (cadastro.cnpj_valido(parm_nncnpjempresa)),
    parm_nninscricaoestadual         varchar(20),
    parm_cdempresafebraban           smallint NOT NULL CHECK (parm_cdempresafebraban BETWEEN 0 AND 9999),
    parm_nn0800                      varchar(12),
    unfe_id                          smallint NOT NULL REFERENCES cadastro.unidade_federacao,
    muni_idsede                      integer REFERENCES cadastro.municipio,
    parm_amreferenciafaturamento     referencia NOT NULL,
    parm_amreferenciaarrecadacao     referencia NOT NULL,
    -- Cobrança: dias depois do vencimento para a conta contar como débito.
    parm_nndiasvencimentocobranca    smallint NOT NULL CHECK (parm_nndiasvencimentocobranca >= 0),
    -- Fiscalização de OS (seed 002 §2.5.2.3, GSAN-FACTS §4-5).
    parm_qtdediasencerraosfiscalizacao smallint NOT NULL CHECK (parm_qtdediasencerraosfiscalizacao > 0),
    parm_qtdediasvalidadeosfiscalizacao smallint NOT NULL CHECK (parm_qtdediasvalidadeosfiscalizacao > 0),
    parm_nndiasencerrarosfiscdecursoprazo smallint NOT NULL DEFAULT 0 CHECK (parm_nndiasencerrarosfiscdecursoprazo >= 0),
    parm_pcminimoosseletiva          percentual NOT NULL DEFAULT 2,
    parm_icautoinfracao              indicador NOT NULL DEFAULT 2,
    -- Faturamento e arquivo da rota.
    parm_nnmesesmediaconsumo         smallint NOT NULL DEFAULT 6 CHECK (parm_nnmesesmediaconsumo BETWEEN 1 AND 12),
    parm_vlminimoemissaoconta        valor_nao_negativo NOT NULL DEFAULT 0,
    parm_pctoleranciarateio          percentual NOT NULL DEFAULT 0,
    parm_nndecrementomaximoconsumo   integer NOT NULL DEFAULT 0 CHECK (parm_nndecrementomaximoconsumo >= 0),
    parm_nnincrementomaximoconsumo   integer NOT NULL DEFAULT 0 CHECK (parm_nnincrementomaximoconsumo >= 0),
    parm_ictarifacategoria           indicador NOT NULL DEFAULT 1,
    parm_icnaomedidotarifa           indicador NOT NULL DEFAULT 2,
    -- Faixa falsa: 1 = sempre, 2 = nunca, 3 = conforme a rota.
    parm_icusofaixafalsa             smallint NOT NULL DEFAULT 2 CHECK (parm_icusofaixafalsa IN (1, 2, 3)),
    parm_pcfaixafalsa                percentual,
    parm_nndiasbloqueiocelular       smallint NOT NULL DEFAULT 30 CHECK (parm_nndiasbloqueiocelular >= 0),
    parm_cdmodulodigitoverificador   smallint NOT NULL DEFAULT 10 CHECK (parm_cdmodulodigitoverificador IN (10, 11)),
    parm_dsaliquotaimposto           varchar(30),
    parm_vlaliquotaimposto           percentual,
    -- Parcelamento: 1 = tabela Price, 2 = juros simples sobre o acordo.
    parm_ictabelaprice               smallint NOT NULL DEFAULT 1 CHECK (parm_ictabelaprice IN (1, 2)),
    CHECK (parm_icusofaixafalsa = 2 OR parm_pcfaixafalsa IS NOT NULL)
);
COMMENT ON TABLE cadastro.sistema_parametros IS
    'Parâmetros do sistema (uma linha): referências correntes, dias para considerar débito, limites da '
    'fiscalização de OS, dados da empresa para o arquivo da rota, faixa falsa, tabela Price, UF dos feriados.';
COMMENT ON COLUMN cadastro.sistema_parametros.parm_nndiasvencimentocobranca IS
    'Dias após o vencimento para a conta ser considerada vencida pela cobrança.';
COMMENT ON COLUMN cadastro.sistema_parametros.parm_qtdediasencerraosfiscalizacao IS
    'Limite de dias desde o encerramento para uma OS poder receber OS seletiva de fiscalização.';
