import GSANCobranca
import GSANModel
import Postgres

extension Recusa {
    /// Seed 003 "Atualização realizada por outro usuário".
    static let conflito = Recusa([.atualizadoPorOutroUsuario])
}

/// Writing schedules. Each method runs inside the caller's transaction and leaves nothing
/// written when it throws (the transaction rolls back); `Recusa` says why it refused.
///
/// Optimistic concurrency: the schedule's row is updated (or locked) only at the version read,
/// then every activity row is locked and compared with the versions read — the scheduler bumps
/// `caac_nnversao` when it realizes an activity, and the rules just ran on what was read.
extension RepositorioCronograma {
    /// Inserts `cronograma` (its kept actions, the activities that have a date); nil when the
    /// group already has a schedule for the month (another insertion won the unique key).
    public func inserir(_ cronograma: CronogramaCobranca) throws -> Int? {
        guard
            let row = try db.query(
                """
                INSERT INTO cobranca.cobranca_grupo_crg_mes (cbgr_id, cbcm_amreferencia) VALUES ($1, $2)
                ON CONFLICT (cbgr_id, cbcm_amreferencia) DO NOTHING RETURNING cbcm_id
                """, [cronograma.grupo.id, cronograma.referencia.amReferencia]
            ).first
        else { return nil }
        let id = try row.decode(Int.self, at: 0)
        for acao in cronograma.acoesMantidas { try inserirAcao(acao, cronograma: id, grupo: cronograma.grupo.id) }
        return id
    }

    /// Saves `novo` over `original` (as read), or throws `Recusa`.
    public func atualizar(_ original: CronogramaGravado, para novo: CronogramaCobranca) throws {
        let tocadas = try db.execute(
            """
            UPDATE cobranca.cobranca_grupo_crg_mes
            SET cbcm_nnversao = cbcm_nnversao + 1, cbcm_tmultimaalteracao = now()
            WHERE cbcm_id = $1 AND cbcm_nnversao = $2
            """, [original.id, original.versao])
        guard tocadas == 1 else { throw Recusa.conflito }
        try travarAtividades(original)
        let despachadas = original.despachadas(
            jobsExistentes: Set(try jobs(original.registros.values.map(\.jobID)).keys))
        let proibidas = ManutencaoCronograma.validarAlteracoes(
            original: original.cronograma, alterado: novo, despachadas: despachadas)
        guard proibidas.isEmpty else { throw Recusa(proibidas) }

        for (acaoID, cbcr) in original.acoesGravadas.sorted(by: { $0.key < $1.key })
        where novo.acao(id: acaoID).map(\.remover) ?? true {
            // Cascades to its activity rows, whose versions were just checked.
            try db.execute("DELETE FROM cobranca.cobranca_acao_cronograma WHERE cbcr_id = $1", [cbcr])
        }
        for acao in novo.acoesMantidas {
            guard let cbcr = original.acoesGravadas[acao.acao.id] else {
                try inserirAcao(acao, cronograma: original.id, grupo: novo.grupo.id)
                continue
            }
            let antes = original.cronograma.acao(id: acao.acao.id)
            for atividade in acao.atividades {
                let chave = ChaveAtividade(acao: acao.acao.id, atividade: atividade.atividade.id)
                guard let registro = original.registros[chave] else {
                    if atividade.dataPrevista != nil { try inserirAtividade(atividade, acao: cbcr) }
                    continue
                }
                guard antes?.atividade(id: atividade.atividade.id) != atividade else { continue }
                try atualizarAtividade(atividade, registro: registro)
            }
        }
    }

    /// Deletes the schedule read as `gravado`, or throws `Recusa`.
    public func remover(_ gravado: CronogramaGravado) throws {
        guard
            try !db.query(
                """
                SELECT 1 FROM cobranca.cobranca_grupo_crg_mes WHERE cbcm_id = $1 AND cbcm_nnversao = $2 FOR UPDATE
                """, [gravado.id, gravado.versao]
            ).isEmpty
        else { throw Recusa.conflito }
        try travarAtividades(gravado)
        let despachadas = gravado.despachadas(jobsExistentes: Set(try jobs(gravado.registros.values.map(\.jobID)).keys))
        let proibidas =
            ManutencaoCronograma.validarExclusao([gravado.cronograma])
            + ManutencaoCronograma.validarExclusaoDespachadas(gravado.cronograma, despachadas: despachadas)
        guard proibidas.isEmpty else { throw Recusa(proibidas) }
        try db.execute("DELETE FROM cobranca.cobranca_grupo_crg_mes WHERE cbcm_id = $1", [gravado.id])
    }

    // MARK: Rows

    /// Locks the schedule's activity rows and checks they are exactly the ones read, at the
    /// versions read.
    private func travarAtividades(_ gravado: CronogramaGravado) throws {
        var atuais: [Int: Int] = [:]
        for row in try db.query(
            """
            SELECT a.caac_id, a.caac_nnversao
            FROM cobranca.cobranca_acao_ativ_crg a
            JOIN cobranca.cobranca_acao_cronograma c ON c.cbcr_id = a.cbcr_id
            WHERE c.cbcm_id = $1
            ORDER BY a.caac_id
            FOR UPDATE OF a
            """, [gravado.id])
        {
            let (id, versao) = try row.decode((Int, Int).self)
            atuais[id] = versao
        }
        let esperadas = gravado.versoesDasAtividades
        guard atuais.count == esperadas.count,
            ManutencaoCronograma.verificarVersoes(esperadas: esperadas, atuais: atuais).isEmpty
        else { throw Recusa.conflito }
    }

    /// The action's contract is the group's (`cobranca_grupo.cese_id`), else the one set for the
    /// action in that group (`cobr_grupo_acao_contrato`) — seed 002 §2.3.4.2; the seed data fills
    /// the group's.
    private func inserirAcao(_ acao: AcaoDoCronograma, cronograma: Int, grupo: Int) throws {
        // No row: the group was deleted meanwhile.
        guard
            let inserida = try db.query(
                """
                INSERT INTO cobranca.cobranca_acao_cronograma (cbcm_id, cbac_id, cese_id)
                SELECT $1, $2, coalesce(g.cese_id,
                    (SELECT c.cese_id FROM cobranca.cobr_grupo_acao_contrato c WHERE c.cbgr_id = g.cbgr_id AND c.cbac_id = $2))
                FROM cobranca.cobranca_grupo g WHERE g.cbgr_id = $3
                RETURNING cbcr_id
                """, [cronograma, acao.acao.id, grupo]
            ).first
        else { throw Recusa.conflito }
        let cbcr = try inserida.decode(Int.self, at: 0)
        for atividade in acao.atividadesOrdenadas where atividade.dataPrevista != nil {
            try inserirAtividade(atividade, acao: cbcr)
        }
    }

    /// Activities without a planned date are not stored (`caac_dtprevista` is NOT NULL).
    private func inserirAtividade(_ atividade: AtividadeDoCronograma, acao cbcr: Int) throws {
        try db.execute(
            """
            INSERT INTO cobranca.cobranca_acao_ativ_crg
                (cbcr_id, cbat_id, caac_dtprevista, caac_tmcomando, caac_qtmaximadocumentos)
            VALUES ($1, $2, $3, CASE WHEN $4::boolean THEN now() END, $5)
            """,
            [cbcr, atividade.atividade.id, atividade.dataPrevista, atividade.comandada, atividade.qtdMaximaDocumentos])
    }

    /// Commanding keeps the first command's instant; un-commanding clears it. A date cleared
    /// removes the row.
    private func atualizarAtividade(_ atividade: AtividadeDoCronograma, registro: RegistroAtividade) throws {
        guard let data = atividade.dataPrevista else {
            try db.execute(
                "DELETE FROM cobranca.cobranca_acao_ativ_crg WHERE caac_id = $1 AND caac_nnversao = $2",
                [registro.id, registro.versao])
            return
        }
        let tocadas = try db.execute(
            """
            UPDATE cobranca.cobranca_acao_ativ_crg
            SET caac_dtprevista = $3,
                caac_tmcomando = CASE WHEN $4::boolean THEN coalesce(caac_tmcomando, now()) END,
                caac_qtmaximadocumentos = $5,
                caac_nnversao = caac_nnversao + 1
            WHERE caac_id = $1 AND caac_nnversao = $2 AND caac_tmrealizacao IS NULL
            """, [registro.id, registro.versao, data, atividade.comandada, atividade.qtdMaximaDocumentos])
        guard tocadas == 1 else { throw Recusa.conflito }
    }
}
