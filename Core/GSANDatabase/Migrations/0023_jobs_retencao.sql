-- 0023 jobs: retenção da tabela de jobs e leituras da operação (gsan doctor, métricas).
--
-- `gsan jobs limpar` e a limpeza diária do scheduler apagam árvores de jobs inteiras já
-- terminadas (todos done ou discarded) e os seus eventos. Da raiz de cada árvore apagada fica
-- só o id, aqui: um id determinístico (o fechamento de um grupo e referência, a atividade de um
-- comando, o lote do dia) continua "já enfileirado, uma vez na vida", e uma entrega atrasada
-- desse job não o recria nem o roda de novo.

CREATE TABLE jobs.job_removido (
    id           text PRIMARY KEY,
    kind         text NOT NULL,
    state        text NOT NULL CHECK (state IN ('done', 'discarded')),
    finished_at  timestamptz NULL,
    removed_at   timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE jobs.job_removido IS
    'Raízes de árvores de jobs apagadas pela retenção: o id continua conhecido (não se enfileira de novo).';

-- The retention's scan: finished roots, oldest first.
CREATE INDEX job_retencao ON jobs.job (finished_at, id)
    WHERE parent_id IS NULL AND state IN ('done', 'discarded');

-- What is still to run, per family and state (doctor, metrics): small whatever the table's size.
CREATE INDEX job_ativo ON jobs.job (family, state)
    WHERE state IN ('pending', 'published', 'running', 'retrying', 'waiting', 'dead');

-- A removed root's id is never inserted again (the outbox's enqueue, a worker rebuilding the
-- record of a message that came without one): the insert is skipped, as if the id existed.
CREATE FUNCTION jobs.recusa_id_removido() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM jobs.job_removido WHERE id = NEW.id) THEN
        RETURN NULL;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER job_id_removido BEFORE INSERT ON jobs.job
    FOR EACH ROW EXECUTE FUNCTION jobs.recusa_id_removido();
