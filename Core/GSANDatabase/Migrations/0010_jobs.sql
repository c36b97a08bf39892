-- 0010 jobs: o registro dos jobs do pipeline (outbox, inbox, histórico).
--
-- Uma linha por job, com id determinístico escolhido por quem o cria. Ela é ao mesmo
-- tempo a outbox (estado 'pending' = ainda não publicado no RabbitMQ), a inbox (estado
-- 'done' = efeito já aplicado: uma reentrega é confirmada sem rodar de novo) e o registro
-- que a operação consulta (gsan jobs, gsan job show, gsan dlq).

CREATE SCHEMA jobs;

CREATE TABLE jobs.job (
    id              text PRIMARY KEY CHECK (btrim(id) <> '' AND length(id) <= 250),
    kind            text NOT NULL CHECK (kind ~ '^[a-z0-9_.-]+$'),
    family          text NOT NULL CHECK (family ~ '^[a-z0-9_-]+$'),
    payload         jsonb NOT NULL,
    schema_version  integer NOT NULL DEFAULT 1 CHECK (schema_version >= 1),
    state           text NOT NULL DEFAULT 'pending' CHECK (state IN (
                        'pending', 'published', 'running', 'waiting', 'done', 'retrying', 'dead', 'discarded')),
    attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    max_attempts    integer NOT NULL CHECK (max_attempts >= 1),
    -- Incremented by each replay; published in a header so a stale dead-letter copy of an
    -- earlier generation is never mistaken for the current one.
    generation      integer NOT NULL DEFAULT 0 CHECK (generation >= 0),
    parent_id       text NULL REFERENCES jobs.job (id),
    continuation    jsonb NULL,
    children_total  integer NOT NULL DEFAULT 0 CHECK (children_total >= 0),
    children_done   integer NOT NULL DEFAULT 0 CHECK (children_done >= 0 AND children_done <= children_total),
    correlation_id  text NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    published_at    timestamptz NULL,
    started_at      timestamptz NULL,
    finished_at     timestamptz NULL,
    last_error      text NULL,
    last_error_at   timestamptz NULL,
    worker          text NULL,
    result          jsonb NULL
);

-- The relay's scan: only the rows still to publish.
CREATE INDEX job_outbox ON jobs.job (created_at) WHERE state = 'pending';
CREATE INDEX job_parent ON jobs.job (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX job_kind_state ON jobs.job (kind, state);

COMMENT ON TABLE jobs.job IS
    'Jobs do pipeline: outbox (pending), inbox (done) e registro de tentativas, erros, pai e filhos.';
COMMENT ON COLUMN jobs.job.state IS
    'pending: a publicar; published: na fila; running: em execução; waiting: aguardando os filhos; '
    'done: concluído; retrying: aguardando nova tentativa; dead: na fila de mortos; discarded: descartado.';
COMMENT ON COLUMN jobs.job.continuation IS
    'Job (id, kind, payload) a enfileirar quando o último filho concluir.';

-- History: every failed attempt, dead-lettering, replay and discard, never overwritten.
CREATE TABLE jobs.job_event (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id   text NOT NULL REFERENCES jobs.job (id),
    at       timestamptz NOT NULL DEFAULT now(),
    event    text NOT NULL CHECK (event IN ('failed', 'retrying', 'dead', 'replayed', 'discarded', 'done')),
    attempt  integer NOT NULL DEFAULT 0,
    message  text NULL,
    worker   text NULL
);
CREATE INDEX job_event_job ON jobs.job_event (job_id, id);
CREATE INDEX job_event_recent_failures ON jobs.job_event (at DESC) WHERE event IN ('failed', 'dead');

COMMENT ON TABLE jobs.job_event IS 'Histórico de cada job: falhas, novas tentativas, morte, reprocessamento, descarte.';
