-- 0021 medição: what the Boletim de Medição (gsan-medicao; seed 002 §1.4, §2.6; GSAN-FACTS §3.2)
-- needs beyond 0007.

-- Um tipo de serviço pode estar em mais de um item do mesmo contrato: as variantes de pavimento do
-- GSAN (corte sem pavimento, com pavimento, reposição de asfalto…) pagam o mesmo serviço por itens
-- diferentes; a OS entra no primeiro item que a seleciona (pela constante de cálculo).
ALTER TABLE micromedicao.item_contrato_servico_tipo DROP CONSTRAINT item_contrato_servico_tipo_cese_id_svtp_id_key;
CREATE INDEX item_contrato_servico_tipo_servico ON micromedicao.item_contrato_servico_tipo (cese_id, svtp_id);

-- Descontos: 4 = corte/supressão indevida (não aceitação cujo motivo tem o multiplicador de corte).
ALTER TABLE cobranca.cobr_boletim_desc DROP CONSTRAINT cobr_boletim_desc_cbde_cdtipo_check;
ALTER TABLE cobranca.cobr_boletim_desc ADD CONSTRAINT cobr_boletim_desc_cbde_cdtipo_check CHECK (cbde_cdtipo IN (1, 2, 3, 4));
ALTER TABLE cobranca.cobr_boletim_desc ADD COLUMN itsc_id integer REFERENCES micromedicao.item_servico_contrato;
COMMENT ON COLUMN cobranca.cobr_boletim_desc.cbde_cdtipo IS
    '1 decurso de prazo (motivo 32), 2 justificativa não aceita, 3 serviço não efetivamente executado, 4 corte/supressão indevida.';

-- Administração local (seed 002 §2.1.5): o item pago a cada boletim na proporção do boletim sobre o valor global.
CREATE TABLE cobranca.cobr_boletim_adm_local (
    cobm_id        integer NOT NULL REFERENCES cobranca.cobr_boletim_medicao ON DELETE CASCADE,
    itsc_id        integer NOT NULL REFERENCES micromedicao.item_servico_contrato,
    cbal_vlservico valor_nao_negativo NOT NULL,
    PRIMARY KEY (cobm_id, itsc_id)
);
COMMENT ON TABLE cobranca.cobr_boletim_adm_local IS
    'Administração local paga num boletim: valor orçado do item × serviços medidos / valor global do contrato.';

-- O número "Nº Boletim de Contrato" é por contrato; o boletim de contrato sabe quando foi gerado.
ALTER TABLE cobranca.cobr_boletim_contrato ADD COLUMN cobc_tmgeracao timestamptz NOT NULL DEFAULT now();
