/// SQL around the generated tables: what `--substituir` empties and the identity
/// sequences moved past the explicit ids the generator wrote.
enum SeedTables {
    /// Everything the generator fills. Catalog tables whose ids are fixed by GSAN (and
    /// inserted by the migrations) are not emptied; the generator extends them idempotently.
    static let truncate = """
        TRUNCATE cadastro.municipio, cadastro.bairro, cadastro.logradouro, cadastro.gerencia_regional,
            cadastro.unidade_negocio, cadastro.localidade, cadastro.setor_comercial, cadastro.empresa,
            cadastro.empresa_cobranca_faixa, cadastro.unidade_federacao, faturamento.faturamento_grupo,
            faturamento.faturamento_grupo_cron_mensal, faturamento.fatur_ativ_cronograma, cobranca.cobranca_grupo,
            micromedicao.leiturista, micromedicao.rota, cadastro.quadra, cadastro.categoria, cadastro.subcategoria,
            cadastro.imovel_perfil, faturamento.consumo_tarifa, faturamento.consumo_tarifa_vigencia,
            faturamento.consumo_tarifa_categoria, faturamento.consumo_tarifa_faixa, cadastro.imovel,
            cadastro.imovel_endereco_alternativo, cadastro.imovel_subcategoria, cadastro.imovel_cobranca_situacao,
            atendimentopublico.ligacao_agua, atendimentopublico.ligacao_esgoto, micromedicao.hidrometro_capacidade,
            micromedicao.hidrometro_tipo, micromedicao.hidrometro_local_instalacao, micromedicao.hidrometro,
            micromedicao.hidrometro_inst_hist, cadastro.cliente, cadastro.cliente_imovel,
            micromedicao.leitura_anormalidade, micromedicao.consumo_anormalidade, micromedicao.consumo_anormalidade_acao,
            micromedicao.medicao_historico, micromedicao.consumo_historico, cobranca.parcelamento, faturamento.conta,
            faturamento.conta_categoria, faturamento.conta_impostos_deduzidos, faturamento.debito_a_cobrar,
            faturamento.credito_a_realizar, faturamento.debito_cobrado, faturamento.credito_realizado,
            faturamento.guia_pagamento, cobranca.parcelamento_item, arrecadacao.pagamento,
            cadastro.unidade_organizacional, atendimentopublico.fiscalizacao_situacao,
            cobranca.rota_acao_criterio, cobranca.atend_mot_enc_acao_cobr,
            cobranca.cobranca_grupo_crg_mes, cobranca.cobranca_acao_cronograma, cobranca.cobranca_acao_ativ_crg,
            cobranca.cobranca_acao_ativ_cmd, cobranca.cobranca_documento, cobranca.cobranca_documento_item,
            cobranca.cobranca_situacao_hist, atendimentopublico.ordem_servico, micromedicao.contrato_empresa_servico,
            micromedicao.item_servico, micromedicao.item_servico_contrato, micromedicao.item_contrato_servico_tipo,
            cobranca.motivo_nao_aceit_enc_os, juscompesa.imovel_informado, juscompesa.remessa_debito,
            cobranca.parcelamento_judicial, cadastro.sistema_parametros, arquivo.arquivo_gerado, arrecadacao.banco,
            arrecadacao.agencia, arrecadacao.debito_automatico, faturamento.conta_mensagem, faturamento.conta_comunicado,
            faturamento.faturamento_situacao_tipo, faturamento.faturamento_situacao_historico
        RESTART IDENTITY CASCADE;
        -- Ações and critérios are deleted, not truncated: a TRUNCATE CASCADE reaching
        -- cobranca_acao would also empty cobranca_atividade, a GSAN catalog that points to it.
        UPDATE cobranca.cobranca_atividade SET cbac_id = NULL WHERE cbac_id IS NOT NULL;
        DELETE FROM cobranca.cobranca_acao;
        DELETE FROM cobranca.cobranca_criterio;
        SELECT setval(pg_get_serial_sequence('cobranca.cobranca_criterio_linha', 'cbcl_id'), 1, false);
        """

    /// Every identity sequence of the GSAN schemas set past its column's largest value.
    static let ajustarSequencias = """
        DO $$
        DECLARE c record;
        BEGIN
            FOR c IN SELECT table_schema, table_name, column_name FROM information_schema.columns
                     WHERE is_identity = 'YES' AND table_schema IN ('cadastro', 'micromedicao', 'faturamento',
                         'cobranca', 'atendimentopublico', 'arrecadacao', 'juscompesa')
            LOOP
                EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, %L), coalesce(max(%I), 0) + 1, false) FROM %I.%I',
                    c.table_schema || '.' || c.table_name, c.column_name, c.column_name, c.table_schema, c.table_name);
            END LOOP;
        END
        $$;
        """

    /// Drops the foreign keys among the GSAN schemas for the load, remembering them in a
    /// temporary table: checked row by row during COPY they cost more than the load itself;
    /// ``recriarChavesEstrangeiras`` adds them back and PostgreSQL validates each in one
    /// pass. Both run in the seed's transaction, so no one ever sees the tables without them.
    static let removerChavesEstrangeiras = """
        CREATE TEMP TABLE seed_chave_estrangeira ON COMMIT DROP AS
            SELECT c.conrelid::regclass::text AS tabela, c.conname AS nome, pg_get_constraintdef(c.oid) AS definicao
            FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
            WHERE c.contype = 'f' AND n.nspname IN (\(esquemasGSAN));
        DO $$
        DECLARE c record;
        BEGIN
            FOR c IN SELECT tabela, nome FROM seed_chave_estrangeira LOOP
                EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', c.tabela, c.nome);
            END LOOP;
        END
        $$;
        """

    static let recriarChavesEstrangeiras = """
        DO $$
        DECLARE c record;
        BEGIN
            FOR c IN SELECT tabela, nome, definicao FROM seed_chave_estrangeira ORDER BY tabela, nome LOOP
                EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.tabela, c.nome, c.definicao);
            END LOOP;
        END
        $$;
        """

    /// Planner statistics of the GSAN schemas' tables (not the system catalogs, which the
    /// owner role may not analyze).
    static let analisar = """
        DO $$
        DECLARE t record;
        BEGIN
            FOR t IN SELECT schemaname, tablename FROM pg_tables WHERE schemaname IN (\(esquemasGSAN)) ORDER BY 1, 2 LOOP
                EXECUTE format('ANALYZE %I.%I', t.schemaname, t.tablename);
            END LOOP;
        END
        $$;
        """

    private static let esquemasGSAN = esquemas.filter { $0 != "public" }.map { "'\($0)'" }.joined(separator: ", ")

    /// Schemas whose tables `checksums` covers.
    static let esquemas = ["public", "cadastro", "micromedicao", "faturamento", "cobranca", "atendimentopublico",
                           "arrecadacao", "juscompesa"]
}
