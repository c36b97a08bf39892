import Contratos
import DocumentosRegras
import GSANCobranca
import GSANDatabase
import GSANModel
import Postgres

/// Everything a command's jobs read once about it: the action, the reference date, the caps,
/// the empresa and contrato, the system parameters.
public struct ContextoComando: Sendable {
    public var comando: ComandoDocumentos
    public var acao: AcaoDocumentos
    public var simular: Bool
    /// Documents are dated on it (the activity's planned date): reruns give the same documents.
    public var dataBase: CivilDate
    /// Qtd. Máxima Documentos of the command (across its rotas).
    public var maximo: Int?
    /// "Seleção ordenando por valor decrescente" (`cbac_icordmaiorvlr`, or the schedule's or
    /// the eventual command's ordering flag).
    public var ordenarPorValor: Bool
    /// An eventual command's valor limite (`cacm_vllimite`): documents of at least it are kept.
    public var valorLimite: Centavos?
    public var grupo: Int?
    /// Eventual commands with their own critério (`cacm_iccriterio = 2`).
    public var criterioDoComando: Int?
    public var empresa: Int?
    public var contrato: Int?
    public var parametros: SelecaoCriterio.Parametros

    /// - Throws: ``ErroDocumentos`` when the command does not exist or is not SIMULAR/EMITIR.
    public static func carregar(_ comando: ComandoDocumentos, db: PostgresConnection) throws -> ContextoComando {
        let row: PostgresRow
        if let caac = comando.atividadeCronograma {
            guard let r = try db.query(
                """
                SELECT a.cbat_id, c.cbac_id, a.caac_dtprevista, a.caac_qtmaximadocumentos,
                       (x.cbac_icordmaiorvlr = 1 OR x.cbac_icusaordenamentocron = 1), m.cbgr_id, NULL::int,
                       COALESCE(g.empr_id, gac.empr_id, ce.empr_id),
                       COALESCE(g.cese_id, gac.cese_id, c.cese_id), NULL::numeric
                FROM cobranca.cobranca_acao_ativ_crg a
                JOIN cobranca.cobranca_acao_cronograma c USING (cbcr_id)
                JOIN cobranca.cobranca_acao x ON x.cbac_id = c.cbac_id
                JOIN cobranca.cobranca_grupo_crg_mes m USING (cbcm_id)
                JOIN cobranca.cobranca_grupo g ON g.cbgr_id = m.cbgr_id
                LEFT JOIN cobranca.cobr_grupo_acao_contrato gac ON gac.cbgr_id = m.cbgr_id AND gac.cbac_id = c.cbac_id
                LEFT JOIN micromedicao.contrato_empresa_servico ce ON ce.cese_id = c.cese_id
                WHERE a.caac_id = $1
                """, [caac]).first
            else { throw ErroDocumentos.comandoInexistente(comando.description) }
            row = r
        } else {
            guard let cacm = comando.comandoEventual else { throw ErroDocumentos.comandoInexistente(comando.description) }
            guard let r = try db.query(
                """
                SELECT k.cbat_id, k.cbac_id, COALESCE(k.cacm_dtprevista, (k.cacm_tmcomando AT TIME ZONE '\(CivilDate.fusoHorarioDaEmpresa)')::date),
                       k.cacm_qtmaximadocumentos, (x.cbac_icordmaiorvlr = 1 OR x.cbac_icusaordenamentoeven = 1), k.cbgr_id,
                       CASE WHEN k.cacm_iccriterio = 2 THEN k.cbct_id END,
                       COALESCE(g.empr_id, gac.empr_id), COALESCE(g.cese_id, gac.cese_id), k.cacm_vllimite
                FROM cobranca.cobranca_acao_ativ_cmd k
                JOIN cobranca.cobranca_acao x ON x.cbac_id = k.cbac_id
                LEFT JOIN cobranca.cobranca_grupo g ON g.cbgr_id = k.cbgr_id
                LEFT JOIN cobranca.cobr_grupo_acao_contrato gac ON gac.cbgr_id = k.cbgr_id AND gac.cbac_id = k.cbac_id
                WHERE k.cacm_id = $1
                """, [cacm]).first
            else { throw ErroDocumentos.comandoInexistente(comando.description) }
            row = r
        }
        let (atividade, acaoID, dataBase, maximo, ordenar) = (
            try row.decode(Int.self, at: 0), try row.decode(Int.self, at: 1), try row.decode(CivilDate.self, at: 2),
            try row.decode(Int?.self, at: 3), try row.decode(Bool.self, at: 4)
        )
        let (grupo, criterio, empresa, contrato) = (
            try row.decode(Int?.self, at: 5), try row.decode(Int?.self, at: 6), try row.decode(Int?.self, at: 7),
            try row.decode(Int?.self, at: 8)
        )
        guard atividade == 1 || atividade == 2 else { throw ErroDocumentos.atividadeNaoEmiteDocumentos(atividade) }
        let acao = try carregarAcao(acaoID, db: db)
        // A text stored around `gsan comando texto-mensagem` is refused here, with the same message.
        do {
            if acao.enviaSMS, let texto = acao.textoSMS { try TextoMensagem.validar(sms: texto) }
            if acao.enviaEmail, let texto = acao.textoEmail { try TextoMensagem.validar(email: texto) }
        } catch {
            throw ErroDocumentos.textoMensagem("Ação \(acaoID): \(error.description)")
        }
        return ContextoComando(
            comando: comando, acao: acao, simular: atividade == 1, dataBase: dataBase, maximo: maximo,
            ordenarPorValor: ordenar, valorLimite: try row.decode(Centavos?.self, at: 9), grupo: grupo,
            criterioDoComando: criterio, empresa: empresa, contrato: contrato,
            parametros: try carregarParametros(dataBase, db: db))
    }

    static func carregarAcao(_ id: Int, db: PostgresConnection) throws -> AcaoDocumentos {
        guard let row = try db.query(
            """
            SELECT a.cbac_dscobrancaacao, a.dotp_id, a.svtp_id, a.cbac_dstextopersonalizado, a.cbac_nndiasvalidade,
                   a.cbac_idacaoprecedente, p.dotp_id, p.cbac_nndiasvalidade, COALESCE(a.cbac_nndiasminacaoprecedente, 0),
                   a.cbac_icvalitemcobrado = 1, a.cbac_nndiasminimocobranca, a.cbac_nndiasmaximocobranca,
                   a.cbac_icdebitoacobrar = 1, a.cbac_iccreditoarealizar = 1, a.cbac_icnotapromissoria = 1,
                   a.cbac_icacrescimoimpontualidade = 1, a.cbac_iccpfcnpjvalido = 1, a.cbac_icimovelsemdebito = 1,
                   a.cbac_icenviasms = 1, a.cbac_icenviaemail = 1, a.cbac_dstextosms, a.cbac_dstextoemail,
                   p.svtp_id IS NOT NULL
            FROM cobranca.cobranca_acao a LEFT JOIN cobranca.cobranca_acao p ON p.cbac_id = a.cbac_idacaoprecedente
            WHERE a.cbac_id = $1
            """, [id]).first
        else { throw ErroDocumentos.comandoInexistente("ação de cobrança \(id)") }
        var acao = AcaoDocumentos(
            id: id, descricao: try row.decode(String.self, at: 0), documentoTipo: try row.decode(Int.self, at: 1),
            diasValidade: try row.decode(Int.self, at: 4))
        acao.servicoTipo = try row.decode(Int?.self, at: 2)
        acao.textoPersonalizado = try row.decode(String?.self, at: 3)
        if let predecessora = try row.decode(Int?.self, at: 5) {
            let porItem = try row.decode(Bool.self, at: 9)
            let minimo = try row.decode(Int?.self, at: 10), maximo = try row.decode(Int?.self, at: 11)
            acao.predecessora = .init(
                acao: predecessora, documentoTipo: try row.decode(Int.self, at: 6),
                diasValidade: try row.decode(Int.self, at: 7), diasMinimos: try row.decode(Int.self, at: 8),
                porItem: porItem ? (minimo ?? 0)...(maximo ?? Int.max) : nil, exigeExecucao: try row.decode(Bool.self, at: 22))
        }
        acao.debitosACobrar = try row.decode(Bool.self, at: 12)
        acao.creditosARealizar = try row.decode(Bool.self, at: 13)
        acao.notasPromissorias = try row.decode(Bool.self, at: 14)
        acao.acrescimosImpontualidade = try row.decode(Bool.self, at: 15)
        acao.somenteCPFCNPJValido = try row.decode(Bool.self, at: 16)
        acao.imovelSemDebito = try row.decode(Bool.self, at: 17)
        acao.enviaSMS = try row.decode(Bool.self, at: 18)
        acao.enviaEmail = try row.decode(Bool.self, at: 19)
        acao.textoSMS = try row.decode(String?.self, at: 20)
        acao.textoEmail = try row.decode(String?.self, at: 21)
        return acao
    }

    static func carregarParametros(_ dataBase: CivilDate, db: PostgresConnection) throws -> SelecaoCriterio.Parametros {
        guard let row = try db.query(
            """
            SELECT parm_nndiasvencimentocobranca, round(parm_pcmultaimpontualidade * 100)::int,
                   round(parm_pcjurosmoramensal * 100)::int FROM cadastro.sistema_parametros
            """).first
        else { throw ErroDocumentos.parametrosAusentes }
        let (dias, multa, juros) = try row.decode((Int, Int, Int).self)
        return .init(
            hoje: dataBase, diasVencimento: dias,
            acrescimos: ParametrosAcrescimos(multa: multa, jurosMensais: juros, atualizacaoMensal: 0))
    }

    /// The command's rotas in rota order (localidade, setor, código), with the critério and the
    /// quantity each fixes for the action. Rotas without a critério for the action are left out.
    public func rotas(db: PostgresConnection) throws -> [RotaDoComando] {
        var filtros = "TRUE"
        var binds: [(any PostgresEncodable)?] = [acao.id, criterioDoComando]
        if let grupo {
            binds.append(grupo)
            filtros = "r.cbgr_id = $\(binds.count)"
        }
        if let eventual = comando.comandoEventual {
            binds.append(eventual)
            let k = "$\(binds.count)"
            filtros += """
                 AND EXISTS (SELECT 1 FROM cobranca.cobranca_acao_ativ_cmd k WHERE k.cacm_id = \(k)
                    AND (k.rota_idinicial IS NULL OR r.rota_id BETWEEN k.rota_idinicial AND COALESCE(k.rota_idfinal, k.rota_idinicial))
                    AND (k.loca_idinicial IS NULL OR s.loca_id BETWEEN k.loca_idinicial AND COALESCE(k.loca_idfinal, k.loca_idinicial)))
                """
        }
        return try db.query(
            """
            SELECT r.rota_id, row_number() OVER (ORDER BY s.loca_id, s.stcm_cdsetorcomercial, r.rota_cdrota, r.rota_id)::int,
                   COALESCE($2::int, c.cbct_id), c.racc_qtmaximadocumentos
            FROM micromedicao.rota r
            JOIN cadastro.setor_comercial s ON s.stcm_id = r.stcm_id
            LEFT JOIN cobranca.rota_acao_criterio c ON c.rota_id = r.rota_id AND c.cbac_id = $1
            WHERE r.rota_icuso = 1 AND (c.cbct_id IS NOT NULL OR $2::int IS NOT NULL) AND \(filtros)
            ORDER BY 2
            """, binds
        ).map { row in
            let (rota, ordem, criterio, quantidade) = try row.decode((Int, Int, Int, Int?).self)
            return RotaDoComando(comando: comando, rota: rota, ordemRota: ordem, criterio: criterio, quantidade: quantidade)
        }
    }
}

