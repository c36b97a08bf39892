-- As contas de um imóvel em qualquer situação: a seleção do parcelamento judicial
-- (ParcelamentoJudicial.carregarContas, "dcst_idatual <> 4") não pode usar conta_imovel_referencia,
-- parcial (sem as situações 3 e 4), e lia a tabela inteira a cada simulação: 90 ms por chamada a
-- 100.000 imóveis, cerca de 1 s a 1.000.000 (o gsan seed passava de 40 minutos nos acordos judiciais).
CREATE INDEX conta_imovel ON faturamento.conta (imov_id);
