-- 0013 Encerramento do faturamento do mês: o registro de cada referência encerrada por grupo.
--
-- O encerramento (job faturamento.encerrar) fatura as contas pré-faturadas do grupo na
-- referência, avança a referência do grupo e pré-fatura a seguinte, numa só transação; esta
-- linha é gravada na mesma transação e é o que torna o job idempotente: uma referência
-- com linha aqui já foi encerrada, e encerrar de novo não muda nada.

CREATE TABLE faturamento.faturamento_encerramento (
    ftgr_id               integer NOT NULL REFERENCES faturamento.faturamento_grupo,
    ften_amreferencia     referencia NOT NULL,
    ften_tmencerramento   timestamptz NOT NULL,
    ften_dtencerramento   date NOT NULL,
    ften_qtcontas         integer NOT NULL CHECK (ften_qtcontas >= 0),
    ften_vlagua           valor_nao_negativo NOT NULL,
    ften_vlesgoto         valor_nao_negativo NOT NULL,
    ften_qtcontasprefaturadas integer NOT NULL CHECK (ften_qtcontasprefaturadas >= 0),
    -- O job que encerrou (para ir do registro ao histórico do job).
    ften_idjob            text,
    PRIMARY KEY (ftgr_id, ften_amreferencia)
);
COMMENT ON TABLE faturamento.faturamento_encerramento IS
    'Referências encerradas por grupo de faturamento: contas faturadas e valores, contas pré-faturadas da '
    'referência seguinte, quando e por qual job.';
