-- 0012 JusCompesa, execução: o que o worker gsan-juscompesa precisa além do contrato de 0008.
--
-- * Acréscimos por impontualidade nos parâmetros do sistema (multa, juros de mora e
--   atualização monetária), usados no valor da causa da remessa de débitos.
-- * O número do processo judicial na situação especial de cobrança que o JusCompesa pediu,
--   para a remessa levá-lo sem reler o histórico de pedidos.
-- * Na remessa: o fechamento (grupo e referência) que gerou cada versão, que é também a chave
--   que torna a publicação idempotente; a data base dos acréscimos; e as partes (uma por
--   localidade) que cada worker escreve, para a versão se concluir sozinha quando a última
--   parte é gravada.
-- * Um índice parcial para achar depressa os imóveis em cobrança judicial de uma localidade.

-- MARK: Acréscimos por impontualidade

ALTER TABLE cadastro.sistema_parametros
    ADD COLUMN parm_pcmultaimpontualidade percentual NOT NULL DEFAULT 2.00,
    ADD COLUMN parm_pcjurosmoramensal percentual NOT NULL DEFAULT 1.00,
    ADD COLUMN parm_pcatualizacaomonetariamensal percentual NOT NULL DEFAULT 0.00;
COMMENT ON COLUMN cadastro.sistema_parametros.parm_pcmultaimpontualidade IS
    'Multa por impontualidade: % sobre o valor vencido, uma vez (padrão 2,00, o teto do CDC).';
COMMENT ON COLUMN cadastro.sistema_parametros.parm_pcjurosmoramensal IS
    'Juros de mora: % ao mês, pro rata die (mês de 30 dias), juros simples (padrão 1,00).';
COMMENT ON COLUMN cadastro.sistema_parametros.parm_pcatualizacaomonetariamensal IS
    'Atualização monetária: % ao mês, pro rata die, simples; 0,00 (padrão) quando a companhia não a aplica.';

-- MARK: Processo judicial na situação especial de cobrança

ALTER TABLE cobranca.cobranca_situacao_hist ADD COLUMN cbsh_nnprocessojudicial varchar(25);
COMMENT ON COLUMN cobranca.cobranca_situacao_hist.cbsh_nnprocessojudicial IS
    'Processo judicial (CNJ) informado pelo JusCompesa ao incluir o imóvel em cobrança judicial.';

-- MARK: Remessa de débitos: origem, data base, partes

ALTER TABLE juscompesa.remessa_debito
    ADD COLUMN ftgr_id integer REFERENCES faturamento.faturamento_grupo,
    ADD COLUMN jcrd_dtcalculo date,
    ADD COLUMN jcrd_qtlocalidades integer CHECK (jcrd_qtlocalidades >= 0);
COMMENT ON COLUMN juscompesa.remessa_debito.ftgr_id IS
    'Grupo de faturamento cujo fechamento da referência gerou esta versão (uma versão por fechamento).';
COMMENT ON COLUMN juscompesa.remessa_debito.jcrd_dtcalculo IS
    'Data base dos acréscimos por impontualidade: o dia de encerramento do grupo na referência.';
COMMENT ON COLUMN juscompesa.remessa_debito.jcrd_qtlocalidades IS
    'Partes (localidades) que a versão espera; ela se conclui quando a última é gravada.';
-- Publicar de novo o mesmo fechamento não cria outra versão.
CREATE UNIQUE INDEX remessa_debito_fechamento
    ON juscompesa.remessa_debito (jcrd_amreferencia, ftgr_id) WHERE ftgr_id IS NOT NULL;

CREATE TABLE juscompesa.remessa_localidade (
    jcrd_id          integer NOT NULL REFERENCES juscompesa.remessa_debito ON DELETE CASCADE,
    loca_id          integer NOT NULL REFERENCES cadastro.localidade,
    jcrl_qtimoveis   integer NOT NULL CHECK (jcrl_qtimoveis >= 0),
    jcrl_tmgravacao  timestamptz NOT NULL,
    PRIMARY KEY (jcrd_id, loca_id)
);
COMMENT ON TABLE juscompesa.remessa_localidade IS
    'Partes gravadas de uma versão da remessa (uma por localidade, cada uma na transação do seu job): '
    'acompanhamento da escrita; a última parte conclui a remessa.';

-- MARK: Imóveis em cobrança judicial por localidade

CREATE INDEX imovel_cobranca_judicial ON cadastro.imovel (loca_id, imov_id) WHERE cbst_id = 5;
