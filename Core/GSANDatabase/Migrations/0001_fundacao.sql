-- 0001 fundação: o calendário de dias úteis.
-- Os prazos em dias úteis (encerramento por decurso de prazo, vencimentos) saem de um só
-- calendário: fins de semana mais os feriados desta tabela, nacionais (N), estaduais (E,
-- com a UF) e municipais (M, com a UF e o município), que cada companhia mantém.

CREATE TABLE feriado (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    data        date NOT NULL,
    descricao   text NOT NULL CHECK (btrim(descricao) <> ''),
    abrangencia char(1) NOT NULL CHECK (abrangencia IN ('N', 'E', 'M')),
    uf          char(2) NULL CHECK (uf ~ '^[A-Z]{2}$'),
    municipio   text NULL CHECK (btrim(municipio) <> ''),
    CONSTRAINT feriado_local_conforme_abrangencia CHECK (
        (abrangencia = 'N' AND uf IS NULL AND municipio IS NULL)
        OR (abrangencia = 'E' AND uf IS NOT NULL AND municipio IS NULL)
        OR (abrangencia = 'M' AND uf IS NOT NULL AND municipio IS NOT NULL))
);

-- Um feriado por dia e local; coalesce porque NULL não colide com NULL num índice único.
CREATE UNIQUE INDEX feriado_unico ON feriado (data, abrangencia, coalesce(uf, ''), coalesce(municipio, ''));

COMMENT ON TABLE feriado IS 'Feriados nacionais (N), estaduais (E) e municipais (M) do calendário de dias úteis.';
COMMENT ON COLUMN feriado.abrangencia IS 'N = nacional, E = estadual (uf), M = municipal (uf e municipio).';
