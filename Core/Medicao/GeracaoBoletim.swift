import Foundation
import GSANDatabase
import GSANModel
import Logging
import MedicaoRegras
import Postgres

/// Gerar Boletim de Medição (seed 002 §2.6.1; GSAN-FACTS §3.2): reads what the bulletin of a
/// group (or of a contract with no group) needs, computes it with ``BoletimMedicao`` and writes
/// it in the caller's transaction — the job's: a process killed midway leaves nothing, and the
/// redelivered job computes the same bulletin. The group row is locked first, so two
/// generations of the same group never run at once, and an existing bulletin is returned as is.
public struct GeracaoBoletim {
    public var logger: Logger
    public init(logger: Logger) { self.logger = logger }

    /// The seed's message when some action of the group and month was not closed.
    public static let acoesNaoEncerradas =
        "Todas as ações de cobrança do grupo selecionado, no mês/ano informado, devem ter sido encerradas através do processo Gerar Resumo das Ações de Cobrança"
    public static let boletimExiste = "O Boletim já existe, utilize a funcionalidade para emissão."

    public struct Resultado: Codable, Sendable, Hashable {
        public var boletim: Int
        public var jaExistia: Bool
        public var executados: Int
        public var servicos: String
        public var descontos: String
        public var multas: String
        public var taxaSucesso: String
        public var total: String
    }

    /// The scope of a bulletin: a group (by its documents' schedule) or a contract with no group.
    public enum Escopo: Sendable, Hashable {
        case grupo(Int)
        case contrato(Int)
    }

    // MARK: - Conferências (antes de enfileirar e de novo no job)

    /// Every action of the group's schedule in the month closed (ENCERRAR realized: the resumo
    /// das ações written); refuses with the seed's message and the first pending action.
    public static func conferirAcoesEncerradas(grupo: Int, referencia: Int, db: PostgresConnection) throws {
        let acoes = try db.query(
            """
            SELECT a.cbac_dscobrancaacao,
                   EXISTS (SELECT 1 FROM cobranca.cobranca_acao_ativ_crg x WHERE x.cbcr_id = c.cbcr_id AND x.cbat_id = 3 AND x.caac_tmrealizacao IS NOT NULL)
            FROM cobranca.cobranca_grupo_crg_mes m JOIN cobranca.cobranca_acao_cronograma c ON c.cbcm_id = m.cbcm_id
            JOIN cobranca.cobranca_acao a ON a.cbac_id = c.cbac_id
            WHERE m.cbgr_id = $1 AND m.cbcm_amreferencia = $2 ORDER BY a.cbac_nnordemrealizacao NULLS LAST, a.cbac_id
            """, [grupo, referencia]
        ).map { try $0.decode((String, Bool).self) }
        guard !acoes.isEmpty else {
            throw ErroMedicao("Não há cronograma de cobrança do grupo \(grupo) em \(Referencia(amReferencia: referencia)?.description ?? String(referencia)).")
        }
        let pendentes = acoes.filter { !$0.1 }.map(\.0)
        guard pendentes.isEmpty else {
            throw ErroMedicao("\(acoesNaoEncerradas) (não encerrada: \(pendentes.joined(separator: ", "))).")
        }
    }

    /// The bulletin of the scope and month; for a group, of `contrato` (nil: its first — a group's
    /// bulletins, one per contract it pays by, are written in one transaction, all or none).
    public static func existente(_ escopo: Escopo, referencia: Int, contrato: Int? = nil, db: PostgresConnection) throws -> Int? {
        switch escopo {
        case .grupo(let g):
            try db.query(
                "SELECT cobm_id FROM cobranca.cobr_boletim_medicao WHERE cbgr_id = $1 AND cobm_amreferencia = $2 AND ($3::int IS NULL OR cese_id = $3) ORDER BY cese_id LIMIT 1",
                [g, referencia, contrato]
            ).first?.decode(Int.self, at: 0)
        case .contrato(let c):
            try db.query("SELECT cobm_id FROM cobranca.cobr_boletim_medicao WHERE cbgr_id IS NULL AND cese_id = $1 AND cobm_amreferencia = $2", [c, referencia]).first?.decode(Int.self, at: 0)
        }
    }

    /// The groups whose bulletin pays by a contract.
    public static func gruposDoContrato(_ contrato: Int, db: PostgresConnection) throws -> [Int] {
        try db.query(
            """
            SELECT cbgr_id FROM cobranca.cobranca_grupo WHERE cese_id = $1
            UNION SELECT cbgr_id FROM cobranca.cobr_grupo_acao_contrato WHERE cese_id = $1 ORDER BY 1
            """, [contrato]
        ).map { try $0.decode(Int.self, at: 0) }
    }

    // MARK: - Carga

    /// The contract as the rule reads it.
    public static func contrato(_ id: Int, db: PostgresConnection) throws -> BoletimMedicao.Contrato {
        guard let c = try db.query("SELECT cese_pctaxasucesso, cese_vlglobal FROM micromedicao.contrato_empresa_servico WHERE cese_id = $1", [id]).first else {
            throw ErroMedicao("Contrato \(id) inexistente.")
        }
        let (taxa, global) = try c.decode((Centavos?, Centavos?).self)
        let itens = try db.query(
            """
            SELECT i.itsc_id, s.itse_cdconstantecalculo, i.itsc_vlitemservcontr, s.itse_icadministracaolocal = 1, i.itsc_vlorcado,
                   COALESCE((SELECT array_to_string(array_agg(t.svtp_id ORDER BY t.svtp_id), ',') FROM micromedicao.item_contrato_servico_tipo t
                             WHERE t.itsc_id = i.itsc_id), ''),
                   i.itsc_pcservnaoexec, i.itsc_pcmulta
            FROM micromedicao.item_servico_contrato i JOIN micromedicao.item_servico s USING (itse_id)
            WHERE i.cese_id = $1
            """, [id]
        ).map { r in
            let (itsc, k, v, adm, orcado, servicos, limite, multa) = try r.decode((Int, Int, Centavos, Bool, Centavos?, String, Centavos?, Centavos?).self)
            return BoletimMedicao.Item(
                id: itsc, constante: k, valor: v, servicos: Set(servicos.split(separator: ",").compactMap { Int($0) }), administracaoLocal: adm,
                valorOrcado: orcado,
                multa: limite.flatMap { l in multa.map { BoletimMedicao.MultaDoItem(limiteCentesimos: Int(l.value), multaCentesimos: Int($0.value)) } })
        }
        // Os aditivos (percentuais lidos como centavos: 5,00 % = 500 centésimos).
        let aditivos = try db.query(
            "SELECT cead_dtinicio, cead_vladitivo, cead_pctaxasucesso FROM micromedicao.contrato_empresa_aditivo WHERE cese_id = $1 ORDER BY cead_dtinicio",
            [id]
        ).map { r in
            let (inicio, valor, taxa) = try r.decode((CivilDate, Centavos, Centavos?).self)
            return BoletimMedicao.Aditivo(inicio: inicio, valor: valor, taxaSucessoCentesimos: taxa.map { Int($0.value) })
        }
        return BoletimMedicao.Contrato(itens: itens, taxaSucessoCentesimos: taxa.map { Int($0.value) }, valorGlobal: global, aditivos: aditivos)
    }

    /// The candidate orders of the scope (GSAN-FACTS §3.2): closed orders of the month's
    /// schedule not yet in a bulletin; orders outside the schedule's commands closed in the month
    /// by the contractor's unit whose service is paid by the contract and by a collection action
    /// (seed 002 §2.4.1); and any order of the scope, of this month or before, with a non-acceptance
    /// not yet discounted (a penalty lands in the first bulletin after the fact).
    static func selecao(_ escopo: Escopo) -> String {
        let documentos: String
        switch escopo {
        case .grupo:
            documentos = """
                SELECT d.cbdo_id, c.cbcr_id, m.cbcm_amreferencia AS ref,
                       EXISTS (SELECT 1 FROM cobranca.bol_med_ac_pen_just j WHERE j.cbcr_id = c.cbcr_id) AS sem_penalidade
                FROM cobranca.cobranca_grupo_crg_mes m
                JOIN cobranca.cobranca_acao_cronograma c ON c.cbcm_id = m.cbcm_id
                JOIN cobranca.cobranca_acao_ativ_crg a ON a.cbcr_id = c.cbcr_id
                JOIN cobranca.cobranca_documento d ON d.caac_id = a.caac_id
                WHERE m.cbgr_id = $1 AND m.cbcm_amreferencia <= $2 AND ($6::int[] IS NULL OR c.cbac_id = ANY($6::int[]))
                """
        case .contrato:
            documentos = """
                SELECT d.cbdo_id, NULL::int AS cbcr_id, to_char(d.cbdo_tmemissao AT TIME ZONE '\(CivilDate.fusoHorarioDaEmpresa)', 'YYYYMM')::int AS ref,
                       false AS sem_penalidade
                FROM cobranca.cobranca_documento d
                WHERE d.cese_id = $1 AND d.cacm_id IS NOT NULL
                  AND to_char(d.cbdo_tmemissao AT TIME ZONE '\(CivilDate.fusoHorarioDaEmpresa)', 'YYYYMM')::int <= $2
                """
        }
        let foraDoCronograma: String
        switch escopo {
        case .grupo:
            foraDoCronograma = """
                UNION ALL
                SELECT o.orse_id, NULL::int, false
                FROM atendimentopublico.ordem_servico o
                JOIN cadastro.imovel i ON i.imov_id = o.imov_id
                JOIN cadastro.quadra q ON q.qdra_id = i.qdra_id
                JOIN micromedicao.rota r ON r.rota_id = COALESCE(i.rota_idalternativa, q.rota_id)
                JOIN cadastro.unidade_organizacional u ON u.unid_id = o.unid_idencerramento
                WHERE r.cbgr_id = $1 AND o.orse_cdsituacao = 2 AND o.orse_icboletim = 2
                  AND (o.cbdo_id IS NULL OR EXISTS (SELECT 1 FROM cobranca.cobranca_documento d2 WHERE d2.cbdo_id = o.cbdo_id AND d2.caac_id IS NULL))
                  AND o.orse_tmencerramento < $4::timestamptz
                  AND u.empr_id = $3
                  AND EXISTS (SELECT 1 FROM micromedicao.item_contrato_servico_tipo t WHERE t.cese_id = $5 AND t.svtp_id = o.svtp_id)
                  AND EXISTS (SELECT 1 FROM cobranca.cobranca_acao ac WHERE ac.svtp_id = o.svtp_id AND ($6::int[] IS NULL OR ac.cbac_id = ANY($6::int[])))
                """
        case .contrato:
            foraDoCronograma = ""
        }
        return """
            WITH docs AS (\(documentos)),
            candidatas AS (
                SELECT o.orse_id, x.cbcr_id, x.sem_penalidade
                FROM docs x JOIN atendimentopublico.ordem_servico o ON o.cbdo_id = x.cbdo_id
                WHERE o.orse_cdsituacao = 2
                  AND ((x.ref = $2 AND o.orse_icboletim = 2)
                       OR EXISTS (SELECT 1 FROM cobranca.cob_ac_os_nao_aceitas n WHERE n.orse_id = o.orse_id AND n.caon_icaceita = 2 AND n.caon_icdescontado = 2))
                \(foraDoCronograma)
            )
            SELECT o.orse_id, COALESCE(o.imov_id, d.imov_id), COALESCE(d.loca_id, i.loca_id), o.svtp_id,
                   CASE WHEN o.amen_id = 32 THEN 'decurso'
                        WHEN me.amen_icexecucao = 1 OR COALESCE(g.amea_icgerapagamento = 1, false) THEN 'executada'
                        ELSE 'justificada' END,
                   me.amen_icexecucao = 2 AND me.amen_icvisitarealizada = 1 AND COALESCE(g.amea_icgerapagamento = 1, false),
                   p.ospv_icpavimento = 1, (p.ospv_nnareaasfalto * 100)::int, (p.ospv_nnareaparalelepipedo * 100)::int, (p.ospv_nnareacalcada * 100)::int,
                   o.orse_icboletim = 1, c.sem_penalidade,
                   n.mnac_nnmultdesccortesupindev, n.mnac_nnmultdescservnaoexec, (n.mnac_pcmultaservnaoexec * 100)::int,
                   (o.orse_tmencerramento AT TIME ZONE '\(CivilDate.fusoHorarioDaEmpresa)')::date,
                   (SELECT (min(d2.cbdo_tmemissao) AT TIME ZONE '\(CivilDate.fusoHorarioDaEmpresa)')::date
                    FROM cobranca.cobranca_documento d2 JOIN cobranca.cobranca_acao a2 ON a2.cbac_id = d2.cbac_id
                    WHERE d2.imov_id = d.imov_id AND a2.cbac_idacaoprecedente = d.cbac_id AND d2.cbdo_tmemissao > d.cbdo_tmemissao),
                   (SELECT jsonb_agg(jsonb_build_object('recuperado', z.recuperado, 'regularizadoEm', z.data) ORDER BY z.cdit_id)
                    FROM (SELECT it.cdit_id,
                                 CASE WHEN ct.dcst_idatual = 5 THEN it.cdit_vlitemcobrado::text ELSE COALESCE(pg.valor, it.cdit_vlitemcobrado)::text END AS recuperado,
                                 CASE WHEN ct.dcst_idatual = 5 THEN (pa.parc_tmparcelamento AT TIME ZONE '\(CivilDate.fusoHorarioDaEmpresa)')::date::text
                                      ELSE pg.data::text END AS data
                          FROM cobranca.cobranca_documento_item it
                          JOIN faturamento.conta ct ON ct.cnta_id = it.cnta_id
                          LEFT JOIN cobranca.parcelamento pa ON pa.parc_id = ct.parc_id
                          LEFT JOIN LATERAL (SELECT sum(pgmt_vlpagamento) AS valor, max(pgmt_dtpagamento) AS data
                                             FROM arrecadacao.pagamento WHERE cnta_id = ct.cnta_id HAVING count(*) > 0) pg ON true
                          WHERE it.cbdo_id = d.cbdo_id) z)
            FROM candidatas c
            JOIN atendimentopublico.ordem_servico o ON o.orse_id = c.orse_id
            LEFT JOIN cobranca.cobranca_documento d ON d.cbdo_id = o.cbdo_id
            LEFT JOIN cadastro.imovel i ON i.imov_id = o.imov_id
            JOIN atendimentopublico.atendimento_motivo_encerramento me ON me.amen_id = o.amen_id
            LEFT JOIN cobranca.atend_mot_enc_acao_cobr g ON g.amen_id = o.amen_id
                 AND g.cbac_id = COALESCE(d.cbac_id, (SELECT min(ac.cbac_id) FROM cobranca.cobranca_acao ac WHERE ac.svtp_id = o.svtp_id))
            LEFT JOIN atendimentopublico.ordem_servico_pavimento p ON p.orse_id = o.orse_id
            LEFT JOIN LATERAL (
                SELECT m.mnac_nnmultdesccortesupindev, m.mnac_nnmultdescservnaoexec, m.mnac_pcmultaservnaoexec
                FROM cobranca.cob_ac_os_nao_aceitas na JOIN cobranca.motivo_nao_aceit_enc_os m ON m.mnac_id = na.mnac_id
                WHERE na.orse_id = o.orse_id AND na.caon_icaceita = 2 AND na.caon_icdescontado = 2
                ORDER BY na.caon_tminformacao, na.caac_id LIMIT 1) n ON true
            """
    }

    struct DebitoLido: Decodable {
        var recuperado: String
        var regularizadoEm: String?
    }

    /// `acoes`: for a group that pays by contract per action (seed 002 §2.2.3), the actions of this
    /// contract (nil: all of the group's).
    static func ordens(_ escopo: Escopo, referencia: Int, empresa: Int, contrato: Int, acoes: [Int]? = nil, db: PostgresConnection) throws -> [BoletimMedicao.Ordem] {
        let chave: Int
        switch escopo {
        case .grupo(let g): chave = g
        case .contrato(let c): chave = c
        }
        guard let ref = Referencia(amReferencia: referencia) else { throw ErroMedicao(Referencia.mensagemInvalida) }
        let proximo = ref.mes == 12 ? "\(ref.ano + 1)-01-01" : "\(ref.ano)-\(zeroPadded(ref.mes + 1, 2))-01"
        let fimDoMes = "\(proximo) 00:00:00 \(CivilDate.fusoHorarioDaEmpresa)"
        var binds: [(any PostgresEncodable)?] = [chave, referencia]
        if case .grupo = escopo { binds += [empresa, fimDoMes, contrato, acoes.map { PostgresArray($0) }] }
        var ordens: [BoletimMedicao.Ordem] = []
        try db.forEachRow(selecao(escopo), binds) { row in
            let (id, imovel, localidade, servico, tipo, visitaSemExecucao, com, asfalto, paralelepipedo, calcada, noBoletim, semPenalidade, multCorte,
                 multNaoExec, pcMulta, execucao, sucessora, debitos) = try row.decode(
                (Int64, Int?, Int?, Int, String, Bool, Bool?, Int?, Int?, Int?, Bool, Bool, Int?, Int?, Int?, CivilDate?, CivilDate?,
                 PostgresJSON<[DebitoLido]>?).self)
            guard let encerramento = BoletimMedicao.Encerramento(rawValue: tipo), let localidade else {
                throw ErroMedicao("OS \(id) sem localidade ou encerramento conhecido.")
            }
            var sucesso: BoletimMedicao.Sucesso?
            if let execucao, let debitos {
                sucesso = BoletimMedicao.Sucesso(
                    execucao: execucao, emissaoSucessora: sucessora,
                    debitos: try debitos.value.map { d in
                        guard let valor = Centavos(decimalText: d.recuperado) else { throw ErroMedicao("Valor recuperado inválido na OS \(id): \(d.recuperado).") }
                        return BoletimMedicao.Debito(recuperado: valor, regularizadoEm: d.regularizadoEm.flatMap { CivilDate(iso: $0) })
                    })
            }
            ordens.append(BoletimMedicao.Ordem(
                id: id, imovel: imovel ?? 0, localidade: localidade, servico: servico, encerramento: encerramento,
                pavimento: com.map { BoletimMedicao.Pavimento(com: $0, asfalto: asfalto ?? 0, paralelepipedo: paralelepipedo ?? 0, calcada: calcada ?? 0) },
                noBoletim: noBoletim, semPenalidade: semPenalidade,
                naoAceitacao: multCorte.map { BoletimMedicao.NaoAceitacao(multiplicadorCorte: $0, multiplicadorNaoExecutado: multNaoExec ?? 0, multaCentesimos: pcMulta ?? 0) },
                sucesso: sucesso, visitaSemExecucao: visitaSemExecucao))
        }
        return ordens
    }

    // MARK: - Geração

    /// The bulletin of a group or of a contract with no group, in the caller's transaction; for a
    /// group that pays by several contracts (one per action, seed 002 §2.2.3), the first of its
    /// bulletins (``gerarBoletins(_:referencia:data:db:)`` gives them all).
    public func gerar(_ escopo: Escopo, referencia: Int, data: CivilDate, db: PostgresConnection) throws -> Resultado {
        let todos = try gerarBoletins(escopo, referencia: referencia, data: data, db: db)
        guard let primeiro = todos.first else { throw ErroMedicao("Nenhum contrato para o boletim de medição.") }
        return primeiro
    }

    /// The bulletins of a group — one per contract it pays by (its own: one; per action: one per
    /// distinct contract, each with the orders of its actions) — or of a contract with no group, in
    /// the caller's transaction. Existing bulletins are returned as they are.
    public func gerarBoletins(_ escopo: Escopo, referencia: Int, data: CivilDate, db: PostgresConnection) throws -> [Resultado] {
        let contratos: [ContratoDoGrupo.ContratoDoBoletim]
        switch escopo {
        case .grupo(let g):
            guard try db.query("SELECT 1 FROM cobranca.cobranca_grupo WHERE cbgr_id = $1 FOR UPDATE", [g]).first != nil else {
                throw ErroMedicao("Grupo de cobrança \(g) inexistente.")
            }
            contratos = try ContratoDoGrupo.contratosDoBoletim(grupo: g, referencia: referencia, db: db)
        case .contrato(let c):
            guard let r = try db.query("SELECT empr_id FROM micromedicao.contrato_empresa_servico WHERE cese_id = $1 FOR UPDATE", [c]).first else {
                throw ErroMedicao("Contrato \(c) inexistente.")
            }
            contratos = [.init(empresa: try r.decode(Int.self, at: 0), contrato: c, acoes: nil)]
        }
        let existentes = try contratos.compactMap { try Self.existente(escopo, referencia: referencia, contrato: $0.contrato, db: db) }
        if !existentes.isEmpty {
            return try existentes.map { try Self.resumo($0, jaExistia: true, db: db) }
        }
        if case .grupo(let g) = escopo { try Self.conferirAcoesEncerradas(grupo: g, referencia: referencia, db: db) }
        return try contratos.map { try escrever(escopo, $0, referencia: referencia, data: data, db: db) }
    }

    /// Computes and writes one bulletin: the scope's orders paid by `alvo`'s contract.
    private func escrever(_ escopo: Escopo, _ alvo: ContratoDoGrupo.ContratoDoBoletim, referencia: Int, data: CivilDate, db: PostgresConnection) throws -> Resultado {
        let (empresa, contrato) = (alvo.empresa, alvo.contrato)
        // O contrato como vale na data do boletim (os aditivos já iniciados).
        let regra = try Self.contrato(contrato, db: db).vigente(em: data)
        let ordens = try Self.ordens(escopo, referencia: referencia, empresa: empresa, contrato: contrato, acoes: alvo.acoes, db: db)
        let r = BoletimMedicao.calcular(regra, ordens: ordens)
        let grupo: Int? = if case .grupo(let g) = escopo { g } else { nil }
        let boletim = try db.query(
            """
            INSERT INTO cobranca.cobr_boletim_medicao (cbgr_id, cese_id, cobm_amreferencia, cobm_dtgeracao, cobm_vlservexec, cobm_vldescontos,
                cobm_vlmultas, cobm_vltxsucesso, cobm_vltotal, cobm_tmultimaalteracao)
            VALUES ($1, $2, $3, $4::date, $5::numeric, $6::numeric, $7::numeric, $8::numeric, $9::numeric, now()) RETURNING cobm_id
            """,
            [grupo, contrato, referencia, data.iso, r.servicosExecutados.decimalText, r.valorDescontos.decimalText, r.valorMultas.decimalText,
             r.taxaSucesso.decimalText, r.total.decimalText])[0].decode(Int.self, at: 0)
        struct E: Encodable { var o: Int64, i: Int, l: Int, v: String }
        struct D: Encodable { var o: Int64, i: Int, l: Int, t: Int, v: String }
        struct M: Encodable { var t: Int, i: Int?, p: String, b: String, v: String }
        struct S: Encodable { var m: Int, l: Int, r: String, v: String }
        struct A: Encodable { var i: Int, v: String }
        if !r.executados.isEmpty {
            try db.execute(
                """
                INSERT INTO cobranca.cobr_boletim_exec (cobm_id, orse_id, itsc_id, loca_id, cbex_vlservico)
                SELECT $1, x.o, x.i, x.l, x.v::numeric FROM jsonb_to_recordset($2::jsonb) AS x(o bigint, i int, l int, v text)
                """, [boletim, PostgresJSON(r.executados.map { E(o: $0.ordem, i: $0.item, l: $0.localidade, v: $0.valor.decimalText) })])
        }
        if !r.descontos.isEmpty {
            try db.execute(
                """
                INSERT INTO cobranca.cobr_boletim_desc (cobm_id, orse_id, itsc_id, loca_id, cbde_cdtipo, cbde_vldesconto)
                SELECT $1, x.o, x.i, x.l, x.t, x.v::numeric FROM jsonb_to_recordset($2::jsonb) AS x(o bigint, i int, l int, t smallint, v text)
                """,
                [boletim, PostgresJSON(r.descontos.map { D(o: $0.ordem, i: $0.item, l: $0.localidade, t: $0.tipo.rawValue, v: $0.valor.decimalText) })])
        }
        if !r.multas.isEmpty {
            try db.execute(
                """
                INSERT INTO cobranca.cobr_boletim_multa (cobm_id, cbmu_cdtipo, itsc_id, cbmu_pcmulta, cbmu_vlbase, cbmu_vlmulta)
                SELECT $1, x.t, x.i, x.p::numeric, x.b::numeric, x.v::numeric
                FROM jsonb_to_recordset($2::jsonb) AS x(t smallint, i int, p text, b text, v text)
                """,
                [boletim, PostgresJSON(r.multas.map {
                    M(t: $0.tipo.rawValue, i: $0.item, p: Centavos(Int64($0.centesimos)).decimalText, b: $0.base.decimalText, v: $0.valor.decimalText)
                })])
        }
        if !r.sucessos.isEmpty {
            try db.execute(
                """
                INSERT INTO cobranca.cobr_boletim_sucesso (cobm_id, imov_id, loca_id, cbsu_vlrecuperado, cbsu_vltxsucesso)
                SELECT $1, x.m, x.l, x.r::numeric, x.v::numeric FROM jsonb_to_recordset($2::jsonb) AS x(m int, l int, r text, v text)
                """,
                [boletim, PostgresJSON(r.sucessos.map { S(m: $0.imovel, l: $0.localidade, r: $0.recuperado.decimalText, v: $0.taxa.decimalText) })])
        }
        if !r.administracao.isEmpty {
            try db.execute(
                """
                INSERT INTO cobranca.cobr_boletim_adm_local (cobm_id, itsc_id, cbal_vlservico)
                SELECT $1, x.i, x.v::numeric FROM jsonb_to_recordset($2::jsonb) AS x(i int, v text)
                """, [boletim, PostgresJSON(r.administracao.map { A(i: $0.item, v: $0.valor.decimalText) })])
        }
        if !r.ordensNoBoletim.isEmpty {
            try db.execute(
                "UPDATE atendimentopublico.ordem_servico SET orse_icboletim = 1 WHERE orse_id = ANY($1::bigint[])", [PostgresArray(r.ordensNoBoletim)])
        }
        if !r.naoAceitacoesTratadas.isEmpty {
            try db.execute(
                """
                UPDATE cobranca.cob_ac_os_nao_aceitas SET caon_icdescontado = 1
                WHERE orse_id = ANY($1::bigint[]) AND caon_icaceita = 2 AND caon_icdescontado = 2
                """, [PostgresArray(r.naoAceitacoesTratadas)])
        }
        if let grupo {
            // The pending justificativas of the group's actions go with this bulletin (GSAN-FACTS §3.2, passo 5).
            try db.execute(
                """
                UPDATE cobranca.bol_med_ac_pen_just j SET cobm_id = $1
                FROM cobranca.cobranca_acao_cronograma c JOIN cobranca.cobranca_grupo_crg_mes m ON m.cbcm_id = c.cbcm_id
                WHERE j.cbcr_id = c.cbcr_id AND j.cobm_id IS NULL AND m.cbgr_id = $2 AND m.cbcm_amreferencia <= $3
                  AND ($4::int[] IS NULL OR c.cbac_id = ANY($4::int[]))
                """, [boletim, grupo, referencia, alvo.acoes.map { PostgresArray($0) }])
        }
        logger.info(
            "boletim de medição gerado",
            metadata: ["boletim": "\(boletim)", "ordens": "\(ordens.count)", "total": "\(r.total.decimalText)"])
        return try Self.resumo(boletim, jaExistia: false, db: db)
    }

    /// The totals of a written bulletin.
    public static func resumo(_ boletim: Int, jaExistia: Bool, db: PostgresConnection) throws -> Resultado {
        guard let r = try db.query(
            """
            SELECT cobm_vlservexec, cobm_vldescontos, cobm_vlmultas, cobm_vltxsucesso, cobm_vltotal,
                   (SELECT count(*)::int FROM cobranca.cobr_boletim_exec e WHERE e.cobm_id = b.cobm_id)
            FROM cobranca.cobr_boletim_medicao b WHERE cobm_id = $1
            """, [boletim]).first
        else { throw ErroMedicao("Boletim de medição \(boletim) inexistente.") }
        let (s, d, m, t, total, n) = try r.decode((Centavos, Centavos, Centavos, Centavos, Centavos, Int).self)
        return Resultado(
            boletim: boletim, jaExistia: jaExistia, executados: n, servicos: s.description, descontos: d.description, multas: m.description,
            taxaSucesso: t.description, total: total.description)
    }
}
