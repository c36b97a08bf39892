-- 0030 fiscalização (seed 002 §2.4.2): the size a return's photos are reduced to, and the meter
-- capacities a situação de fiscalização validates.

-- "Caso a resolução da imagem tenha parâmetro (altura, largura) superiores ao informado no sistema
-- parâmetro, o sistema faz o redimensionamento": a .jpg larger than this is reduced to fit, its
-- proportions kept; .doc and .pdf are stored as they come.
ALTER TABLE cadastro.sistema_parametros
    ADD COLUMN parm_nnlarguramaximafoto integer NOT NULL DEFAULT 1600 CHECK (parm_nnlarguramaximafoto BETWEEN 16 AND 20000),
    ADD COLUMN parm_nnalturamaximafoto integer NOT NULL DEFAULT 1200 CHECK (parm_nnalturamaximafoto BETWEEN 16 AND 20000);
COMMENT ON COLUMN cadastro.sistema_parametros.parm_nnlarguramaximafoto IS
    'Largura máxima (pixels) de uma foto .jpg do retorno da fiscalização: maior, é reduzida (seed 002 §2.4.2).';
COMMENT ON COLUMN cadastro.sistema_parametros.parm_nnalturamaximafoto IS
    'Altura máxima (pixels) de uma foto .jpg do retorno da fiscalização: maior, é reduzida (seed 002 §2.4.2).';

-- The photo as stored: a .jpg's size in pixels (after the reduction), and whether it was reduced.
-- osft_cdsha256 stays the digest of the file as informed (the same file once per OS, reduced or not).
ALTER TABLE atendimentopublico.os_fiscalizacao_foto
    ADD COLUMN osft_nnlargura integer CHECK (osft_nnlargura > 0),
    ADD COLUMN osft_nnaltura integer CHECK (osft_nnaltura > 0),
    ADD COLUMN osft_icredimensionada indicador NOT NULL DEFAULT 2,
    ADD CONSTRAINT os_fiscalizacao_foto_dimensoes CHECK ((osft_nnlargura IS NULL) = (osft_nnaltura IS NULL));
COMMENT ON COLUMN atendimentopublico.os_fiscalizacao_foto.osft_cdsha256 IS
    'SHA-256 do arquivo como foi informado (antes de uma redução): o mesmo arquivo uma vez por OS.';

-- "Validar a capacidade do hidrômetro do imóvel fiscalizado" (GSAN fiscaliz_sit_hidr_capac): the
-- capacities a situação with fzst_icvalidacapacidadehidrometro = 1 is about. The return checks the
-- meter of the tipo de medição (ligação de água or poço): without a meter, or with one of another
-- capacity, the return is recorded without its effects.
CREATE TABLE atendimentopublico.fiscaliz_sit_hidr_capac (
    fzst_id smallint NOT NULL REFERENCES atendimentopublico.fiscalizacao_situacao ON DELETE CASCADE,
    hicp_id smallint NOT NULL REFERENCES micromedicao.hidrometro_capacidade,
    PRIMARY KEY (fzst_id, hicp_id)
);
COMMENT ON TABLE atendimentopublico.fiscaliz_sit_hidr_capac IS
    'Capacidades de hidrômetro que uma situação de fiscalização com validação da capacidade admite (seed 002 §2.4.2).';
