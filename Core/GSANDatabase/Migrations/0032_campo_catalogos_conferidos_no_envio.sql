-- 0032 campo (docs/campo.md, Benchmark): the rows a phone's upload stores no longer check the
-- lookup tables row by row. Each of those foreign-key checks takes a FOR KEY SHARE row lock,
-- WAL-logged, on a row every upload shares (the measurement type, the rota, the group, the
-- reader, the consumption type, the category…): under 200 phones at once that was most of the
-- upload's insert, and a MultiXact per shared row. The upload checks these codes itself, in the
-- one read it already makes before storing anything (ConsultaEnvio, ValidacaoRetorno: FS0001,
-- FS0003, FS0005, FS0010–FS0012 and the consumption type), and refuses the whole upload with its
-- inconsistencies — nothing stored — as before; the rota, the group and the reader are the
-- ones that read found (the imóvel's rota, its file's group and reader), never the phone's.
-- The foreign keys between business rows stay: the imóvel, and each child row's movement.
ALTER TABLE faturamento.mov_conta_prefaturada
    DROP CONSTRAINT mov_conta_prefaturada_medt_id_fkey,
    DROP CONSTRAINT mov_conta_prefaturada_rota_id_fkey,
    DROP CONSTRAINT mov_conta_prefaturada_ftgr_id_fkey,
    DROP CONSTRAINT mov_conta_prefaturada_ltan_id_fkey,
    DROP CONSTRAINT mov_conta_prefaturada_ltan_idleitanormfatmt_fkey,
    DROP CONSTRAINT mov_conta_prefaturada_cstp_id_fkey,
    DROP CONSTRAINT mov_conta_prefaturada_csan_id_fkey,
    DROP CONSTRAINT mov_conta_prefaturada_leit_id_fkey;
ALTER TABLE faturamento.mov_conta_prefat_catg DROP CONSTRAINT mov_conta_prefat_catg_catg_id_fkey;
ALTER TABLE faturamento.mov_conta_imposto_dedz DROP CONSTRAINT mov_conta_imposto_dedz_imtp_id_fkey;

COMMENT ON COLUMN faturamento.mov_conta_prefaturada.medt_id IS
    'Tipo de medição (1 água, 2 poço), conferido pelo envio (FS0003); sem chave estrangeira (0032).';
COMMENT ON COLUMN faturamento.mov_conta_prefaturada.cstp_id IS
    'micromedicao.consumo_tipo, conferido pela leitura do envio antes de gravar; sem chave estrangeira (0032).';
COMMENT ON COLUMN faturamento.mov_conta_prefaturada.ltan_id IS
    'micromedicao.leitura_anormalidade, conferida pelo envio (FS0005); sem chave estrangeira (0032).';
COMMENT ON COLUMN faturamento.mov_conta_prefaturada.csan_id IS
    'micromedicao.consumo_anormalidade, conferida pelo envio (FS0012); sem chave estrangeira (0032).';
COMMENT ON COLUMN faturamento.mov_conta_prefat_catg.catg_id IS
    'cadastro.categoria, conferida pelo envio (FS0011); sem chave estrangeira (0032).';
COMMENT ON COLUMN faturamento.mov_conta_imposto_dedz.imtp_id IS
    'faturamento.imposto_tipo, conferido pelo envio (FS0010); sem chave estrangeira (0032).';

-- An upload that read its rota's batch as pending sends its COMMIT in the same round trip as
-- its rows (docs/campo.md, Uploads). If the batch's job closed the batch meanwhile, the upload's
-- mark would reopen it and owes the batch's job to the outbox in the same transaction: it calls
-- this instead, so the transaction (and the COMMIT sent after it) fails, nothing is stored, and
-- the server does the upload again the long way (mark, job, then COMMIT).
CREATE FUNCTION micromedicao.campo_lote_reaberto(rota integer) RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'lote da rota % fechado durante o envio: o envio é refeito', rota USING ERRCODE = 'GSC01';
END
$$;
COMMENT ON FUNCTION micromedicao.campo_lote_reaberto(integer) IS
    'Desfaz um envio do celular que encontrou o lote da rota fechado depois de tê-lo lido pendente (SQLSTATE GSC01): o servidor o refaz.';
