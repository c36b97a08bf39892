-- 0025 medição: a collection group with no contract of its own pays by company and contract per
-- action (seed 002 §2.2.3), and its actions may be in different contracts: one bulletin per group,
-- contract and month (was one per group and month, 0007).
DROP INDEX cobranca.cobr_boletim_medicao_grupo;
CREATE UNIQUE INDEX cobr_boletim_medicao_grupo
    ON cobranca.cobr_boletim_medicao (cbgr_id, cese_id, cobm_amreferencia) WHERE cbgr_id IS NOT NULL;
COMMENT ON INDEX cobranca.cobr_boletim_medicao_grupo IS
    'Um boletim por grupo, contrato e referência: o grupo sem contrato próprio tem um por contrato das suas ações (seed 002 §2.2.3).';
