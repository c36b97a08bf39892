import GSANModel
import Postgres

extension Seeder {
    /// What the bills carry besides consumption (the route file's 01.17–18, 46–48, 55–59, 80 and
    /// records 16 and 18): débitos automáticos, the reference's messages and notices, imóveis in a
    /// situação especial de faturamento. Chosen from the matrícula alone, never from the random
    /// stream, so everything generated before keeps its bytes.
    func writeDadosConta(_ connection: PostgresConnection) throws {
        let r = calendar.referenciaCorrente
        let seguinte = Referencia.somar(r, meses: 1)
        let anterior2 = Referencia.somar(r, meses: -2)
        let anterior = Referencia.somar(r, meses: -1)
        try connection.executeScript(
            """
            INSERT INTO arrecadacao.banco VALUES
                (1, 'BANCO DO BRASIL S.A.', 'BANCO DO BRASIL'), (104, 'CAIXA ECONOMICA FEDERAL', 'CAIXA'),
                (237, 'BANCO BRADESCO S.A.', 'BRADESCO');
            INSERT INTO arrecadacao.agencia (agen_id, bnco_id, agen_cdagencia, agen_nmagencia) VALUES
                (1, 1, '3234', 'AG. BOA VISTA'), (2, 1, '1597', 'AG. CAXANGA'), (3, 104, '0047', 'AG. RECIFE'),
                (4, 237, '2110', 'AG. DERBY');
            -- One imóvel in 17 (not a condomínio's macro) pays by débito automático.
            INSERT INTO arrecadacao.debito_automatico
                (imov_id, agen_id, deba_nnidentificacaoclientebanco, deba_dtopcaodebitoautomatico)
            SELECT imov_id, imov_id % 4 + 1, lpad(imov_id::text, 9, '0'), DATE '\(calendar.hoje.iso)' - 90 - imov_id % 300
            FROM cadastro.imovel WHERE imov_id % 17 = 3 AND imov_icimovelcondominio = 2;
            UPDATE cadastro.imovel i SET imov_icdebitoconta = 1, imov_cddebitoautomatico = lpad(i.imov_id::text, 9, '0')
            FROM arrecadacao.debito_automatico d WHERE d.imov_id = i.imov_id;
            -- A former option, closed: not in force, not in the file.
            INSERT INTO arrecadacao.debito_automatico
                (imov_id, agen_id, deba_nnidentificacaoclientebanco, deba_dtopcaodebitoautomatico, deba_dtexclusao)
            SELECT imov_id, 3, lpad(imov_id::text, 9, '0'), DATE '\(calendar.hoje.iso)' - 400, DATE '\(calendar.hoje.iso)' - 100
            FROM cadastro.imovel WHERE imov_id % 17 = 9;

            -- Bill messages of this reference and the next: every imóvel, then more specific ones.
            INSERT INTO faturamento.conta_mensagem
                (cmsg_amreferenciafaturamento, ftgr_id, greg_id, loca_id, stcm_id, cmsg_dscontamensagem01, cmsg_dscontamensagem02,
                 cmsg_dscontamensagem03)
            SELECT ref, NULL::integer, NULL::integer, NULL::integer, NULL::integer, 'ECONOMIZE AGUA: FECHE A TORNEIRA AO ESCOVAR OS DENTES',
                   'PAGUE EM DIA E EVITE O CORTE', 'ATENDIMENTO 0800 081 0195'
            FROM unnest(ARRAY[\(r), \(seguinte)]) ref
            UNION ALL
            SELECT ref, g.ftgr_id, NULL, NULL, NULL, 'GRUPO 2: A LEITURA MUDOU DE DATA NESTE MES', NULL, NULL
            FROM unnest(ARRAY[\(r), \(seguinte)]) ref, faturamento.faturamento_grupo g WHERE g.ftgr_id = 2
            UNION ALL
            SELECT ref, NULL, 1, NULL, NULL, 'GERENCIA REGIONAL 1: NOVA LOJA DE ATENDIMENTO', 'RUA DA AURORA, 100', NULL
            FROM unnest(ARRAY[\(r), \(seguinte)]) ref
            UNION ALL
            SELECT ref, NULL, NULL, s.loca_id, s.stcm_id, 'SETOR ' || s.stcm_cdsetorcomercial || ': OBRAS NA REDE ATE O DIA 20',
                   'PODE HAVER FALTA DE AGUA A NOITE', NULL
            FROM unnest(ARRAY[\(r), \(seguinte)]) ref, cadastro.setor_comercial s WHERE s.stcm_id % 5 = 2
            ORDER BY 1, 2 NULLS FIRST, 3 NULLS FIRST, 4 NULLS FIRST, 5 NULLS FIRST;

            -- Bill notices: the localidade 1's (two lines) and group 3's (when there is a group 3).
            INSERT INTO faturamento.conta_comunicado (ccom_amreferencia, ftgr_id, loca_id, stcm_id, ccom_dscomunicado)
            SELECT ref, NULL::integer, 1, NULL::integer, E'COMUNICADO: A PARTIR DO PROXIMO MES A CONTA\\r\\nPODE SER RECEBIDA POR E-MAIL'
            FROM unnest(ARRAY[\(r), \(seguinte)]) ref
            UNION ALL
            SELECT ref, g.ftgr_id, NULL, NULL, 'COMUNICADO: RECADASTRAMENTO DA TARIFA SOCIAL ATE O FIM DO MES'
            FROM unnest(ARRAY[\(r), \(seguinte)]) ref, faturamento.faturamento_grupo g WHERE g.ftgr_id = 3
            ORDER BY 1, 2 NULLS FIRST;

            -- Situações especiais de faturamento, and one imóvel in 29 in one of them (every other
            -- of those since two months ago and still in force; the rest ended last month).
            INSERT INTO faturamento.faturamento_situacao_tipo VALUES
                (1, 'PARALISAR FATURAMENTO', 1, 2, 1, 1, 2, 2, 1, 1, 1),
                (2, 'PARALISAR LEITURA - FATURAR A MEDIA', 2, 1, 1, 2, 3, 3, 2, 2, 1),
                (3, 'FATURAR CONSUMO INFORMADO', 2, 2, 1, 1, 3, 5, 2, 3, 1),
                (4, 'PARALISAR LEITURA E FATURAMENTO (DESATIVADA)', 1, 1, 1, 1, 2, 2, 1, 1, 2);
            INSERT INTO faturamento.faturamento_situacao_historico
                (imov_id, ftst_id, ftsh_amfaturamentosituacaoinicio, ftsh_amfaturamentosituacaofim, ftsh_nnconsumoaguamedido,
                 ftsh_nnconsumoaguanaomedido, ftsh_nnvolumeesgotomedido, ftsh_nnvolumeesgotonaomedido)
            SELECT imov_id, (imov_id / 29) % 3 + 1, \(anterior2), CASE WHEN imov_id % 58 = 7 THEN NULL ELSE \(anterior) END,
                   CASE WHEN (imov_id / 29) % 3 = 2 THEN 10 + imov_id % 20 END, CASE WHEN (imov_id / 29) % 3 = 2 THEN 10 END,
                   CASE WHEN (imov_id / 29) % 3 = 2 THEN 8 + imov_id % 16 END, CASE WHEN (imov_id / 29) % 3 = 2 THEN 8 END
            FROM cadastro.imovel WHERE imov_id % 29 = 7 ORDER BY imov_id;
            """)
    }
}
