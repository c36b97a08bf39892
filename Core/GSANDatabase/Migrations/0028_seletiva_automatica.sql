-- 0028 a OS seletiva automática (seed 002 §1.3.1): depois do encerramento de cada ciclo de cobrança
-- (todas as ações do cronograma do grupo com o ENCERRAR realizado), o scheduler enfileira uma geração da
-- OS seletiva do grupo (2 %, a janela do parâmetro). A geração fica ligada ao ciclo: uma só por grupo e
-- referência, qualquer que seja o número de passagens do scheduler ou de reentregas do job.
ALTER TABLE atendimentopublico.os_seletiva
    ADD COLUMN osse_amreferenciaciclo integer
        CHECK (osse_amreferenciaciclo IS NULL OR (cbgr_id IS NOT NULL AND osse_amreferenciaciclo % 100 BETWEEN 1 AND 12));
CREATE UNIQUE INDEX os_seletiva_automatica ON atendimentopublico.os_seletiva (cbgr_id, osse_amreferenciaciclo)
    WHERE osse_amreferenciaciclo IS NOT NULL;
COMMENT ON COLUMN atendimentopublico.os_seletiva.osse_amreferenciaciclo IS
    'A referência (AAAAMM) do ciclo de cobrança cuja geração automática (§1.3.1) esta é; nula nas gerações pedidas pelo operador.';
