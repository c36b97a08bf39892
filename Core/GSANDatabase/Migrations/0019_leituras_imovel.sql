-- 0018 leituras compartilhadas do imóvel: o que os arquivos de rota, os documentos de cobrança e
-- o parcelamento judicial leem do imóvel, definido uma vez (antes, cada um escrevia a sua cópia da
-- condição do cliente usuário atual e da fórmula do endereço).

-- O cliente usuário atual do imóvel (cliente_relacao_tipo 2 USUÁRIO, relação sem fim): no máximo um
-- por imóvel (índice único cliente_imovel_vigente).
CREATE VIEW cadastro.cliente_usuario_atual AS
SELECT ci.imov_id, ci.clie_id, ci.clim_dtrelacaoinicio
FROM cadastro.cliente_imovel ci
WHERE ci.crtp_id = 2 AND ci.clim_dtrelacaofim IS NULL;
COMMENT ON VIEW cadastro.cliente_usuario_atual IS
    'O cliente usuário atual de cada imóvel (relação tipo 2 sem data de fim): um por imóvel, no máximo.';

-- O endereço do imóvel como o GSAN o imprime: "TIPO LOGRADOURO, NÚMERO [COMPLEMENTO] - BAIRRO".
CREATE VIEW cadastro.imovel_endereco AS
SELECT m.imov_id,
       l.logr_nmtipo || ' ' || l.logr_nmlogradouro || ', ' || m.imov_nnimovel
           || coalesce(' ' || m.imov_dscomplementoendereco, '') || ' - ' || b.bair_nmbairro AS endereco
FROM cadastro.imovel m
JOIN cadastro.logradouro l ON l.logr_id = m.logr_id
JOIN cadastro.bairro b ON b.bair_id = m.bair_id;
COMMENT ON VIEW cadastro.imovel_endereco IS
    'O endereço de cada imóvel como o GSAN o imprime (conta, arquivo de rota, documentos de cobrança).';
