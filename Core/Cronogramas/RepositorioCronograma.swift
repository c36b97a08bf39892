import Foundation
import GSANCobranca
import GSANDatabase
import GSANModel
import JobRuntime
import Postgres

/// Reads the catalogue, the groups and the schedules from PostgreSQL into the rules' values.
/// Writing is in `RepositorioCronograma+Gravacao.swift`. Every statement uses bound parameters.
public struct RepositorioCronograma {
    public let db: PostgresConnection

    public init(_ db: PostgresConnection) { self.db = db }

    // MARK: Catálogo e grupos

    public func catalogo() throws -> CatalogoCobranca {
        var comOS: Set<Int> = []
        var acoesForaDeUso: Set<Int> = []
        let acoes = try db.query(
            """
            SELECT cbac_id, cbac_dscobrancaacao, cbac_idacaoprecedente, cbac_nndiasvalidade,
                   cbac_nndiasminacaoprecedente, cbac_icobrigatoria = 1, cbac_iccompoecronograma = 1,
                   cbac_nnordemrealizacao, svtp_id IS NOT NULL, cbac_icuso = 1
            FROM cobranca.cobranca_acao
            """
        ).map { row in
            let (id, descricao, predecessora, validade, diasMinimos, obrigatoria, compoe, ordem, geraOS, emUso) =
                try row.decode((Int, String, Int?, Int, Int?, Bool, Bool, Int?, Bool, Bool).self)
            if geraOS { comOS.insert(id) }
            if !emUso { acoesForaDeUso.insert(id) }
            return AcaoCobranca(
                id: id, descricao: descricao, predecessoraID: predecessora, diasValidade: validade,
                diasMinimosAposPredecessora: diasMinimos, obrigatoria: obrigatoria, compoeCronograma: compoe,
                ordem: ordem)
        }
        var atividadesForaDeUso: Set<Int> = []
        var foraDoCronograma: Set<Int> = []
        var acaoDaAtividade: [Int: Int] = [:]
        let atividades = try db.query(
            """
            SELECT cbat_id, cbat_dscobrancaatividade, cbat_nnordemrealizacao, cbat_idatividadeprecedente,
                   cbat_nndiasexecucao, cbat_icobrigatoria = 1, cbat_iccompoecronograma = 1, cbat_icuso = 1, cbac_id
            FROM cobranca.cobranca_atividade
            """
        ).map { row in
            let (id, descricao, ordem, predecessora, dias, obrigatoria, compoe, emUso, acao) =
                try row.decode((Int, String, Int, Int?, Int?, Bool, Bool, Bool, Int?).self)
            if !emUso { atividadesForaDeUso.insert(id) }
            if !compoe { foraDoCronograma.insert(id) }
            if let acao { acaoDaAtividade[id] = acao }
            return AtividadeCobranca(
                id: id, descricao: descricao, ordem: ordem, predecessoraID: predecessora, diasExecucao: dias,
                obrigatoria: obrigatoria)
        }
        return CatalogoCobranca(
            acoes: acoes, atividades: atividades, acoesComOrdemServico: comOS,
            foraDeUso: (acoesForaDeUso, atividadesForaDeUso), atividadesForaDoCronograma: foraDoCronograma,
            acaoDaAtividade: acaoDaAtividade)
    }

    public func grupos() throws -> [GrupoCobranca] {
        try db.query(
            """
            SELECT cbgr_id, cbgr_dscobrancagrupo, cbgr_amreferencia, cbgr_icexecucaoautomatica = 1
            FROM cobranca.cobranca_grupo ORDER BY cbgr_id
            """
        ).map { row in
            let (id, descricao, referencia, automatico) = try row.decode((Int, String, Int, Bool).self)
            guard let mes = Referencia(amReferencia: referencia) else {
                throw PostgresError(kind: .decoding, message: "cbgr_amreferencia inválida no grupo \(id)")
            }
            return GrupoCobranca(id: id, descricao: descricao, referencia: mes, execucaoAutomatica: automatico)
        }
    }

    /// A group by id or description (case-insensitive), as the operator types it.
    public func grupo(_ texto: String) throws -> GrupoCobranca {
        let limpo = texto.trimmingCharacters(in: .whitespaces)
        let todos = try grupos()
        if let id = Int(limpo), let grupo = todos.first(where: { $0.id == id }) { return grupo }
        if let grupo = todos.first(where: { $0.descricao.caseInsensitiveCompare(limpo) == .orderedSame }) {
            return grupo
        }
        throw PedidoInvalido("Grupo de cobrança \(limpo) inexistente")
    }

    // MARK: Cronogramas

    /// The schedule of `grupo` for `referencia`, or nil.
    public func cronograma(
        grupo: GrupoCobranca, referencia: Referencia, catalogo: CatalogoCobranca
    ) throws -> CronogramaGravado? {
        try cronogramas(grupos: [grupo], referencia: referencia, catalogo: catalogo).first
    }

    /// The schedules of `grupos` (of every group when nil), of one month or all, by group and month.
    public func cronogramas(
        grupos filtro: [GrupoCobranca]? = nil, referencia: Referencia? = nil, catalogo: CatalogoCobranca
    ) throws -> [CronogramaGravado] {
        let grupos = try filtro ?? self.grupos()
        let porID = Dictionary(uniqueKeysWithValues: grupos.map { ($0.id, $0) })
        let idsGrupos = PostgresJSON(grupos.map(\.id))
        var gravados: [Int: CronogramaGravado] = [:]
        var ordem: [Int] = []
        for row in try db.query(
            """
            SELECT cbcm_id, cbgr_id, cbcm_amreferencia, cbcm_nnversao FROM cobranca.cobranca_grupo_crg_mes
            WHERE cbgr_id IN (SELECT jsonb_array_elements_text($1::jsonb)::int)
              AND ($2::int IS NULL OR cbcm_amreferencia = $2::int)
            ORDER BY cbgr_id, cbcm_amreferencia
            """, [idsGrupos, referencia?.amReferencia])
        {
            let (id, grupo, am, versao) = try row.decode((Int, Int, Int, Int).self)
            guard let grupo = porID[grupo], let mes = Referencia(amReferencia: am) else { continue }
            gravados[id] = CronogramaGravado(
                id: id, cronograma: CronogramaCobranca(grupo: grupo, referencia: mes, acoes: [], versao: versao))
            ordem.append(id)
        }
        guard !ordem.isEmpty else { return [] }

        // Rows of every selected schedule in one query; an action without activity rows still counts.
        for row in try db.query(
            """
            SELECT c.cbcm_id, c.cbcr_id, c.cbac_id, a.caac_id, a.cbat_id, a.caac_dtprevista, a.caac_tmcomando,
                   a.caac_tmrealizacao, a.caac_qtmaximadocumentos, a.caac_nnversao
            FROM cobranca.cobranca_acao_cronograma c
            LEFT JOIN cobranca.cobranca_acao_ativ_crg a ON a.cbcr_id = c.cbcr_id
            WHERE c.cbcm_id IN (SELECT jsonb_array_elements_text($1::jsonb)::int)
            ORDER BY c.cbcm_id, c.cbac_id, a.cbat_id
            """, [PostgresJSON(ordem)])
        {
            let (cbcm, cbcr, acaoID, caac, atividadeID, prevista, comando, realizacao, qtd, versao) =
                try row.decode((Int, Int, Int, Int?, Int?, CivilDate?, Date?, Date?, Int?, Int?).self)
            guard var gravado = gravados[cbcm], let acao = catalogo.acao(id: acaoID) else { continue }
            if gravado.acoesGravadas[acaoID] == nil {
                gravado.acoesGravadas[acaoID] = cbcr
                // Every activity the action has, so the ones without a row show up (with no date).
                gravado.cronograma.acoes.append(
                    AcaoDoCronograma(
                        acao, atividades: catalogo.atividades(daAcao: acaoID).map { AtividadeDoCronograma($0) }))
            }
            if let caac, let atividadeID, let prevista, let versao, let atividade = catalogo.atividade(id: atividadeID)
            {
                let chave = ChaveAtividade(acao: acaoID, atividade: atividadeID)
                gravado.registros[chave] = RegistroAtividade(
                    id: caac, versao: versao, comando: comando, realizacao: realizacao)
                let linha = AtividadeDoCronograma(
                    atividade, dataPrevista: prevista, comandada: comando != nil,
                    realizacao: realizacao.map(FusoCobranca.dia), qtdMaximaDocumentos: qtd)
                let i = gravado.cronograma.acoes.firstIndex { $0.acao.id == acaoID }!
                if let j = gravado.cronograma.acoes[i].atividades.firstIndex(where: { $0.atividade.id == atividadeID })
                {
                    gravado.cronograma.acoes[i].atividades[j] = linha
                } else {
                    // A stored activity the catalogue no longer gives this action: still shown.
                    gravado.cronograma.acoes[i].atividades.append(linha)
                }
            }
            gravados[cbcm] = gravado
        }
        return ordem.compactMap { id in
            gravados[id].map { gravado in
                var ordenado = gravado
                ordenado.cronograma.acoes.sort {
                    ($0.acao.ordem ?? Int.max, $0.acao.id) < ($1.acao.ordem ?? Int.max, $1.acao.id)
                }
                return ordenado
            }
        }
    }

    /// The months the group already has a schedule for.
    public func referencias(grupo: GrupoCobranca) throws -> Set<Referencia> {
        Set(
            try db.query(
                "SELECT cbcm_amreferencia FROM cobranca.cobranca_grupo_crg_mes WHERE cbgr_id = $1", [grupo.id]
            ).compactMap { Referencia(amReferencia: try $0.decode(Int.self, at: 0)) })
    }

    /// The month of the first activity of each schedule of the group (seed 002 §2.3.4 "Valida
    /// data informada", item 3).
    public func mesesDasPrimeirasAtividades(grupo: GrupoCobranca) throws -> Set<Referencia> {
        Set(
            try db.query(
                """
                SELECT min(a.caac_dtprevista)
                FROM cobranca.cobranca_grupo_crg_mes m
                JOIN cobranca.cobranca_acao_cronograma c ON c.cbcm_id = m.cbcm_id
                JOIN cobranca.cobranca_acao_ativ_crg a ON a.cbcr_id = c.cbcr_id
                WHERE m.cbgr_id = $1
                GROUP BY m.cbcm_id
                """, [grupo.id]
            ).map { Referencia(try $0.decode(CivilDate.self, at: 0)) })
    }

    // MARK: Jobs

    /// The jobs among `ids` that exist, with their state (the runtime's ``JobRecords``).
    public func jobs(_ ids: [String]) throws -> [String: EstadoJob] {
        try JobRecords.byID(ids, db: db).mapValues {
            EstadoJob(id: $0.id, estado: $0.state, tentativas: $0.attempts, maximoTentativas: $0.maxAttempts, ultimoErro: $0.lastError)
        }
    }
}
