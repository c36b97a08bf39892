-- 0029 jobs: os ids dos jobs comparados byte a byte (collation "C").
--
-- Uma árvore de jobs é lida pelo prefixo do id: a continuação de uma cadeia é uma raiz nova
-- chamada `raiz/…`, e as linhas do mês (`gsan ciclo mostrar`) casam padrões como
-- `campo.rota:rota=7:ref=202507:lote=%`. Com a collation do banco (en_US num PostgreSQL de
-- imagem oficial) o índice da chave primária não serve para prefixos e cada leitura varria a
-- tabela inteira: com 10 milhões de jobs, segundos por `gsan job show`. Em "C" o índice da chave
-- responde `id LIKE 'prefixo%'` e `id >= 'raiz/' AND id < 'raiz0'` por faixa. A igualdade não muda;
-- muda só a ordem, que nada além dessas faixas usa. Só os índices que usam as colunas são refeitos
-- (a tabela não é reescrita).
ALTER TABLE jobs.job
    ALTER COLUMN id TYPE text COLLATE "C",
    ALTER COLUMN parent_id TYPE text COLLATE "C";
ALTER TABLE jobs.job_event ALTER COLUMN job_id TYPE text COLLATE "C";
ALTER TABLE jobs.job_removido ALTER COLUMN id TYPE text COLLATE "C";
