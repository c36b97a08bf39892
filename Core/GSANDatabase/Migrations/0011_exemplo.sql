-- 0011 exemplo: o efeito observável dos jobs do worker de exemplo (gsan-exemplo).
--
-- Os testes de confiabilidade e o benchmark do runtime de jobs contam aqui quantas vezes
-- cada job produziu seu efeito: sem chave única de propósito, para que uma duplicação
-- apareça em vez de ser absorvida pelo banco.

CREATE SCHEMA exemplo;

CREATE TABLE exemplo.efeito (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id  text NOT NULL,
    n       integer NOT NULL,
    worker  text NULL,
    em      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX efeito_job ON exemplo.efeito (job_id);

-- Uma causa de falha que persiste até alguém removê-la: um job que a encontra falha
-- (com nova tentativa) enquanto a linha existir.
CREATE TABLE exemplo.defeito (
    chave   text PRIMARY KEY,
    motivo  text NOT NULL
);

COMMENT ON TABLE exemplo.efeito IS 'Efeitos do worker de exemplo: um por execução concluída de exemplo.efeito.';
COMMENT ON TABLE exemplo.defeito IS 'Defeitos simulados: exemplo.efeito falha enquanto o seu existir.';
