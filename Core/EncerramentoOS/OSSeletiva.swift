import Contratos
import FiscalizacaoRegras
import Foundation
import GSANDatabase
import GSANModel
import GSANSupport
import JobRuntime
import PDFTexto
import Postgres

/// Gerar O.S. Seletiva de Fiscalização (seed 002 §2.5.2.3, §1.3.1; GSAN-FACTS §5; docs/fiscalizacao.md).
/// `pesquisar` counts the population; `gerar` draws it (``Seletiva``), records the generation with
/// its seed and the OS drawn per rota, and enqueues the job tree of ``FiscalizacaoJobs`` in the same
/// transaction. The rota jobs create the fiscalização OS (each rota one transaction; an OS drawn
/// gets one fiscalização OS, whatever the retries); the PDF jobs write the forms from what was
/// committed (the same bytes on every run).
public enum OSSeletiva {
    /// One OS of the population: its rota and whether it was closed with conclusão do serviço.
    struct Candidata {
        var ordem: Int64
        var rota: Int
        var conclusao: Bool
    }

    public struct Parametros: Sendable {
        public var diasLimite: Int
        public var validade: Int
        public var empresa: String
    }

    public static func parametros(db: PostgresConnection) throws -> Parametros {
        guard let r = try db.query(
            "SELECT parm_qtdediasencerraosfiscalizacao, parm_qtdediasvalidadeosfiscalizacao, parm_nmempresa FROM cadastro.sistema_parametros"
        ).first else { throw ErroEncerramento.recusa("Parâmetros do sistema não cadastrados.") }
        let (d, v, e) = try r.decode((Int, Int, String).self)
        return Parametros(diasLimite: d, validade: v, empresa: e)
    }

    /// The filter's references exist (the seed's messages).
    static func conferir(_ f: Seletiva.Filtro, parametros p: Parametros, db: PostgresConnection) throws {
        if let recusa = Seletiva.recusa(f, diasMaximo: p.diasLimite) { throw ErroEncerramento.recusa(recusa) }
        guard try db.query("SELECT 1 FROM cobranca.cobranca_grupo WHERE cbgr_id = $1 AND cbgr_icuso = 1", [f.grupo]).first != nil else {
            throw ErroEncerramento.recusa("Grupo de cobrança \(f.grupo) inexistente.")
        }
        for loc in [f.localidadeInicial, f.localidadeFinal].compactMap({ $0 }) {
            guard try db.query("SELECT 1 FROM cadastro.localidade WHERE loca_id = $1 AND loca_icuso = 1", [loc]).first != nil else {
                throw ErroEncerramento.recusa("Localidade inexistente.")
            }
        }
        if let s = f.servico, try db.query("SELECT 1 FROM atendimentopublico.servico_tipo WHERE svtp_id = $1 AND svtp_icuso = 1", [s]).first == nil {
            throw ErroEncerramento.recusa("Tipo de Serviço inexistente.")
        }
        if let g = f.gerencia, try db.query("SELECT 1 FROM cadastro.gerencia_regional WHERE greg_id = $1", [g]).first == nil {
            throw ErroEncerramento.recusa("Gerência Regional inexistente.")
        }
        if let u = f.unidadeNegocio, try db.query("SELECT 1 FROM cadastro.unidade_negocio WHERE uneg_id = $1", [u]).first == nil {
            throw ErroEncerramento.recusa("Unidade de Negócio inexistente.")
        }
    }

    /// GSAN-FACTS §5's base population: OS of imóveis (not excluded) of the group's rotas, closed
    /// (not by decurso) since today − N days by a unit of the group's contractor, not a fiscalização
    /// OS, without a pending fiscalização OS, within the optional filters. An imóvel's rota is its
    /// alternative one when it has it (``AcaoCiclo/rotaDoDocumento``): the rota whose group's cycle
    /// issued its documents and whose contractor the bulletin pays for them (CT's boletim takes the
    /// alternative rota's imóveis in parallel queries; CT's UC1176 query joins the quadra's rota only,
    /// which would inspect those OS under the other group, docs/fiscalizacao.md).
    static func populacao(_ f: Seletiva.Filtro, hoje: CivilDate, db: PostgresConnection) throws -> [Candidata] {
        try db.query(
            """
            SELECT o.orse_id, r.rota_id, o.amen_id = \(Seletiva.conclusao)
            FROM cadastro.imovel m
            JOIN cadastro.quadra q ON q.qdra_id = m.qdra_id
            JOIN micromedicao.rota r ON r.rota_id = \(AcaoCiclo.rotaDoDocumento)
            JOIN cadastro.localidade l ON l.loca_id = m.loca_id
            JOIN atendimentopublico.ordem_servico o ON o.imov_id = m.imov_id
            JOIN cadastro.unidade_organizacional u ON u.unid_id = o.unid_idencerramento
            WHERE r.cbgr_id = $1 AND m.imov_icexclusao = 2 AND o.orse_cdsituacao = 2 AND o.amen_id <> \(Seletiva.decurso) AND o.svtp_id <> \(Seletiva.servicoFiscalizacao)
              AND o.orse_tmencerramento >= (($2::date - $3::int)::timestamp AT TIME ZONE '\(CivilDate.fusoHorarioDaEmpresa)')
              AND u.empr_id IN (SELECT g.empr_id FROM cobranca.cobranca_grupo g WHERE g.cbgr_id = $1 AND g.empr_id IS NOT NULL
                                UNION SELECT c.empr_id FROM cobranca.cobr_grupo_acao_contrato c WHERE c.cbgr_id = $1)
              AND NOT EXISTS (SELECT 1 FROM atendimentopublico.ordem_servico p WHERE p.orse_idreferencia = o.orse_id
                              AND p.svtp_id = \(Seletiva.servicoFiscalizacao) AND p.orse_cdsituacao = 1)
              AND ($4::int IS NULL OR l.greg_id = $4) AND ($5::int IS NULL OR l.uneg_id = $5)
              AND ($6::int IS NULL OR m.loca_id >= $6) AND ($7::int IS NULL OR m.loca_id <= $7)
              AND ($8::int IS NULL OR o.svtp_id = $8)
            ORDER BY o.orse_id
            """, [f.grupo, hoje, f.dias, f.gerencia, f.unidadeNegocio, f.localidadeInicial, f.localidadeFinal, f.servico]
        ).map { Candidata(ordem: try $0.decode(Int64.self, at: 0), rota: try $0.decode(Int.self, at: 1), conclusao: try $0.decode(Bool.self, at: 2)) }
    }

    /// The two quantities of the screen (closed with and without conclusão do serviço).
    public static func pesquisar(_ f: Seletiva.Filtro, hoje: CivilDate, db: PostgresConnection) throws -> (comConclusao: Int, semConclusao: Int) {
        try conferir(f, parametros: try parametros(db: db), db: db)
        let p = try populacao(f, hoje: hoje, db: db)
        guard !p.isEmpty else { throw ErroEncerramento.recusa(Seletiva.mensagemNenhuma) }
        let com = p.filter(\.conclusao).count
        return (com, p.count - com)
    }

    public struct Geracao: Sendable, Hashable {
        public var id: Int
        public var comConclusao: Int
        public var semConclusao: Int
        public var selecionadas: Int
        public var semente: Int64
        public var job: String
        /// Single-OS mode: the fiscalização OS generated.
        public var gerada: Int64?
    }

    static func usuario(_ login: String, db: PostgresConnection) throws -> Int {
        guard let u = try db.query("SELECT usur_id FROM cadastro.usuario WHERE usur_nmlogin = $1 AND usur_icuso = 1", [login]).first?
            .decode(Int.self, at: 0)
        else { throw ErroEncerramento.recusa("Usuário \(login) inexistente.") }
        return u
    }

    struct FiltroGravado: Codable {
        var filtro: Seletiva.Filtro?
        var os: Int64?
    }

    static func registrar(
        grupo: Int?, os: Int64?, filtro: FiltroGravado, dias: Int, percentual: Int, semente: Int64, com: Int, sem: Int,
        itens: [Candidata], hoje: CivilDate, usuario: Int, cicloAutomatico: Int? = nil, db: PostgresConnection,
        enfileirar: (Int) throws -> String
    ) throws -> (Int, String) {
        let id = try db.query(
            """
            INSERT INTO atendimentopublico.os_seletiva (cbgr_id, orse_idinformada, osse_dsfiltro, osse_nndias, osse_pcpercentual, osse_nnsemente,
                osse_qtcomconclusao, osse_qtsemconclusao, osse_qtselecionadas, osse_dtgeracao, usur_id, osse_amreferenciaciclo)
            VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING osse_id
            """, [grupo, os, PostgresJSON(filtro), dias, percentual, semente, com, sem, itens.count, hoje, usuario, cicloAutomatico]
        )[0].decode(Int.self, at: 0)
        struct Item: Encodable { var o: Int64; var r: Int; var g: Int }
        for lote in stride(from: 0, to: itens.count, by: 20_000) {
            try db.execute(
                """
                INSERT INTO atendimentopublico.os_seletiva_item (osse_id, orse_id, rota_id, ossi_cdgrupo)
                SELECT $1, x.o, x.r, x.g FROM jsonb_to_recordset($2::jsonb) AS x(o bigint, r int, g smallint)
                """, [id, PostgresJSON(itens[lote..<min(lote + 20_000, itens.count)].map { Item(o: $0.ordem, r: $0.rota, g: $0.conclusao ? 1 : 2) })])
        }
        return (id, try enfileirar(id))
    }

    /// The generation's root as a job of its own, through the outbox in the caller's transaction.
    static func raiz(familia: String?, db: PostgresConnection) -> (Int) throws -> String {
        { id in
            let job = FiscalizacaoJobs.idSeletiva(id)
            let kind = familia.map { FiscalizacaoJobs.seletiva.inFamily($0) } ?? FiscalizacaoJobs.seletiva
            try Outbox.enqueue(JobSpec(id: job, kind: kind, payload: PedidoSeletiva(geracao: id)), on: db)
            return job
        }
    }

    /// `gsan os seletiva gerar`: every OS closed without conclusão, and P % of those closed with it drawn
    /// with `semente` (a new one when nil), recorded and enqueued in one transaction.
    public static func gerar(
        _ f: Seletiva.Filtro, percentual: Int, semente informada: Int64?, hoje: CivilDate, usuario login: String, familia: String? = nil,
        db: PostgresConnection
    ) throws -> Geracao {
        if let recusa = Seletiva.recusa(percentual: percentual) { throw ErroEncerramento.recusa(recusa) }
        if let s = informada, s < 0 { throw ErroEncerramento.recusa("Semente inválida: \(s) (um inteiro de 0 a \(Int64.max)).") }
        return try db.withTransaction { db in
            let usuario = try usuario(login, db: db)
            try conferir(f, parametros: try parametros(db: db), db: db)
            // One generation at a time per group: the same OS are never drawn twice concurrently.
            _ = try db.query("SELECT 1 FROM cobranca.cobranca_grupo WHERE cbgr_id = $1 FOR UPDATE", [f.grupo])
            let p = try populacao(f, hoje: hoje, db: db)
            guard !p.isEmpty else { throw ErroEncerramento.recusa(Seletiva.mensagemNenhuma) }
            let com = p.filter(\.conclusao)
            let semente = informada ?? Int64.random(in: 0...Int64.max)
            let sorteadas = Set(Seletiva.sortear(com.map(\.ordem), quantidade: Seletiva.quantidade(percentual: percentual, total: com.count),
                                                 semente: UInt64(semente)))
            let itens = p.filter { !$0.conclusao || sorteadas.contains($0.ordem) }
            let (id, job) = try registrar(
                grupo: f.grupo, os: nil, filtro: .init(filtro: f), dias: f.dias, percentual: percentual, semente: semente, com: com.count,
                sem: p.count - com.count, itens: itens, hoje: hoje, usuario: usuario, db: db, enfileirar: raiz(familia: familia, db: db))
            return Geracao(id: id, comConclusao: com.count, semConclusao: p.count - com.count, selecionadas: itens.count, semente: semente, job: job)
        }
    }

    /// Single-OS mode (`--os N`): checked with the seed's messages; the fiscalização OS is created here,
    /// so its number is known at once; its form is written by the same jobs.
    public static func gerarUnica(_ os: Int64, hoje: CivilDate, usuario login: String, familia: String? = nil, db: PostgresConnection) throws
        -> Geracao
    {
        try db.withTransaction { db in
            let usuario = try usuario(login, db: db)
            let p = try parametros(db: db)
            let r = try db.query(
                """
                SELECT o.orse_cdsituacao, o.svtp_id, o.amen_id, (o.orse_tmencerramento AT TIME ZONE '\(CivilDate.fusoHorarioDaEmpresa)')::date,
                       EXISTS (SELECT 1 FROM atendimentopublico.ordem_servico f WHERE f.orse_idreferencia = o.orse_id
                               AND f.svtp_id = \(Seletiva.servicoFiscalizacao) AND f.orse_cdsituacao = 1),
                       o.amen_id = \(Seletiva.conclusao), \(AcaoCiclo.rotaDoDocumento)
                FROM atendimentopublico.ordem_servico o
                LEFT JOIN cadastro.imovel m ON m.imov_id = o.imov_id LEFT JOIN cadastro.quadra q ON q.qdra_id = m.qdra_id
                WHERE o.orse_id = $1 FOR UPDATE OF o
                """, [os]).first
            let ordem = try r.map {
                Seletiva.Ordem(situacao: try $0.decode(Int.self, at: 0), servico: try $0.decode(Int.self, at: 1), motivo: try $0.decode(Int?.self, at: 2),
                               encerramento: try $0.decode(CivilDate?.self, at: 3), fiscalizacaoPendente: try $0.decode(Bool.self, at: 4))
            }
            if let recusa = Seletiva.recusa(ordem, hoje: hoje, diasLimite: p.diasLimite) { throw ErroEncerramento.recusa(recusa) }
            guard let r, let rota = try r.decode(Int?.self, at: 6) else { throw ErroEncerramento.recusa("Ordem de Serviço \(os) sem imóvel.") }
            let conclusao = try r.decode(Bool?.self, at: 5) ?? false
            let (id, job) = try registrar(
                grupo: nil, os: os, filtro: .init(os: os), dias: p.diasLimite, percentual: 100, semente: 0, com: conclusao ? 1 : 0,
                sem: conclusao ? 0 : 1, itens: [Candidata(ordem: os, rota: rota, conclusao: conclusao)], hoje: hoje, usuario: usuario,
                db: db, enfileirar: raiz(familia: familia, db: db))
            let geradas = try criarOrdens(geracao: id, rota: rota, ordens: nil, tramites: nil, db: db)
            return Geracao(id: id, comConclusao: conclusao ? 1 : 0, semConclusao: conclusao ? 0 : 1, selecionadas: 1, semente: 0, job: job,
                           gerada: geradas.first)
        }
    }

    // MARK: The jobs

    /// The rota's fiscalização OS not yet created: service 705, the inspected OS as reference, pending,
    /// emitted at the generation, the service's value, the original's imóvel and unit, and an opening
    /// trâmite. An OS that meanwhile got a pending fiscalização OS (another generation) is skipped.
    /// `ordens` and `tramites`: ids reserved by the parent in rota order (``ReservaIds``), taken in the order of the inspected OS.
    static func criarOrdens(
        geracao: Int, rota: Int, ordens: IdsReservados?, tramites: IdsReservados?, db: PostgresConnection
    ) throws -> [Int64] {
        try db.query(
            """
            WITH g AS (
                -- Emitted on the generation's day (the command's today), at its start in the company's time zone.
                SELECT (s.osse_dtgeracao::timestamp AT TIME ZONE '\(CivilDate.fusoHorarioDaEmpresa)') AS osse_tmgeracao, s.usur_id,
                       COALESCE((SELECT u.unid_id FROM cadastro.usuario u WHERE u.usur_id = s.usur_id),
                                (SELECT min(o.unid_id) FROM cadastro.unidade_organizacional o JOIN cadastro.empresa e USING (empr_id)
                                 WHERE e.empr_icempresaprincipal = 1)) AS unid
                FROM atendimentopublico.os_seletiva s WHERE s.osse_id = $1
            ), alvo AS (
                SELECT i.orse_id, o.imov_id, o.unid_idatual FROM atendimentopublico.os_seletiva_item i
                JOIN atendimentopublico.ordem_servico o ON o.orse_id = i.orse_id
                WHERE i.osse_id = $1 AND i.rota_id = $2 AND i.orse_idgerada IS NULL
                ORDER BY i.orse_id FOR UPDATE OF i
            ), novas AS (
                INSERT INTO atendimentopublico.ordem_servico (orse_id, svtp_id, imov_id, orse_idreferencia, orse_tmgeracao, orse_tmemissao,
                    orse_vlservico, unid_idatual, orse_icboletim)
                SELECT \(ReservaIds.expressao(
                    tabela: "atendimentopublico.ordem_servico", coluna: "orse_id", parametro: "$3", posicao: "row_number() OVER (ORDER BY a.orse_id)")),
                       \(Seletiva.servicoFiscalizacao), a.imov_id, a.orse_id, g.osse_tmgeracao, g.osse_tmgeracao, s.svtp_vlservico,
                       COALESCE(a.unid_idatual, g.unid), 2
                FROM alvo a CROSS JOIN g JOIN atendimentopublico.servico_tipo s ON s.svtp_id = \(Seletiva.servicoFiscalizacao)
                ORDER BY a.orse_id
                ON CONFLICT (orse_idreferencia) WHERE svtp_id = 705 AND orse_cdsituacao = 1 AND orse_idreferencia IS NOT NULL DO NOTHING
                RETURNING orse_id, orse_idreferencia, orse_tmgeracao
            ), tramite AS (
                INSERT INTO atendimentopublico.ordem_servico_unidade (osun_id, orse_id, unid_id, usur_id, attp_id, osun_tmregistro)
                SELECT \(ReservaIds.expressao(
                    tabela: "atendimentopublico.ordem_servico_unidade", coluna: "osun_id", parametro: "$4",
                    posicao: "row_number() OVER (ORDER BY n.orse_id)")),
                       n.orse_id, g.unid, g.usur_id, 1, n.orse_tmgeracao FROM novas n CROSS JOIN g WHERE g.unid IS NOT NULL
                ORDER BY n.orse_id
            ), item AS (
                UPDATE atendimentopublico.os_seletiva_item i SET orse_idgerada = n.orse_id
                FROM novas n WHERE i.osse_id = $1 AND i.orse_id = n.orse_idreferencia
            )
            SELECT orse_id FROM novas ORDER BY 1
            """,
            [geracao, rota, PostgresArray(ordens.map { $0.primeiros($0.quantidade) } ?? []),
             PostgresArray(tramites.map { $0.primeiros($0.quantidade) } ?? [])]
        ).map { try $0.decode(Int64.self, at: 0) }
    }

    /// The generation's rotas in order, with how many of its OS each holds.
    static func itensPorRota(_ geracao: Int, db: PostgresConnection) throws -> [(rota: Int, itens: Int)] {
        try db.query(
            "SELECT rota_id, count(*)::int FROM atendimentopublico.os_seletiva_item WHERE osse_id = $1 GROUP BY 1 ORDER BY 1", [geracao]
        ).map { try $0.decode((Int, Int).self) }
    }

    static func distribuir(_ p: PedidoSeletiva, _ context: JobContext) throws {
        let rotas = try itensPorRota(p.geracao, db: context.db)
        // An OS and its trâmite per item, their ids reserved here in rota order (ReservaIds).
        let ordens = try ReservaIds.reservar(
            tabela: "atendimentopublico.ordem_servico", coluna: "orse_id", quantidades: rotas.map(\.itens), db: context.db)
        let tramites = try ReservaIds.reservar(
            tabela: "atendimentopublico.ordem_servico_unidade", coluna: "osun_id", quantidades: rotas.map(\.itens), db: context.db)
        for (i, r) in rotas.enumerated() {
            try context.enqueueChild(
                JobSpec(id: FiscalizacaoJobs.idRota(context.jobID, rota: r.rota), kind: context.inOwnFamily(FiscalizacaoJobs.seletivaRota),
                        payload: ParteSeletiva(geracao: p.geracao, rota: r.rota, ordens: ordens[i], tramites: tramites[i])))
        }
        context.continueWith(
            try JobContinuation(id: FiscalizacaoJobs.idPDF(context.jobID), kind: context.inOwnFamily(FiscalizacaoJobs.seletivaPDF), payload: p))
        struct R: Encodable { var rotas: Int }
        try context.setResult(R(rotas: rotas.count))
    }

    static func gerarRota(_ p: ParteSeletiva, _ context: JobContext) throws {
        let novas = try criarOrdens(geracao: p.geracao, rota: p.rota, ordens: p.ordens, tramites: p.tramites, db: context.db)
        struct R: Encodable { var geradas: Int }
        try context.setResult(R(geradas: novas.count))
    }

    // MARK: The forms

    /// `<pasta>/seletiva-NNNNNN/os-<n>.pdf` per OS and `<pasta>/seletiva-NNNNNN/fiscalizacao-seletiva-NNNNNN.pdf` with all.
    public struct Pasta: Sendable {
        public var raiz: URL
        public init(raiz: URL) { self.raiz = raiz }
        public func geracao(_ id: Int) -> URL { raiz.appendingPathComponent("seletiva-" + zeroPadded(id, 6), isDirectory: true) }
        public func ordem(_ geracao: Int, _ os: Int64) -> URL { self.geracao(geracao).appendingPathComponent("os-\(os).pdf") }
        public func todas(_ geracao: Int) -> URL {
            self.geracao(geracao).appendingPathComponent("fiscalizacao-seletiva-" + zeroPadded(geracao, 6) + ".pdf")
        }
    }

    static func formularios(geracao: Int, rota: Int?, db: PostgresConnection) throws -> [FormularioFiscalizacao.Dados] {
        let p = try parametros(db: db)
        let tz = CivilDate.fusoHorarioDaEmpresa
        return try db.query(
            """
            SELECT f.orse_id, (f.orse_tmemissao AT TIME ZONE '\(tz)')::date, o.orse_id, st.svtp_dsservicotipo,
                   (o.orse_tmencerramento AT TIME ZONE '\(tz)')::date, me.amen_dsmotivoencerramento, o.orse_dsparecerencerramento,
                   o.orse_nmagenteencerramento, m.imov_id, m.loca_id, sc.stcm_cdsetorcomercial, q.qdra_nnquadra, m.imov_nnlote, m.imov_nnsublote,
                   e.endereco, c.clie_nmcliente, la.last_dsligacaoaguasituacao, le.lest_dsligacaoesgotosituacao, m.imov_qteconomia, i.rota_id
            FROM atendimentopublico.os_seletiva_item i
            JOIN atendimentopublico.ordem_servico f ON f.orse_id = i.orse_idgerada
            JOIN atendimentopublico.ordem_servico o ON o.orse_id = i.orse_id
            JOIN atendimentopublico.servico_tipo st ON st.svtp_id = o.svtp_id
            LEFT JOIN atendimentopublico.atendimento_motivo_encerramento me ON me.amen_id = o.amen_id
            JOIN cadastro.imovel m ON m.imov_id = o.imov_id
            JOIN cadastro.setor_comercial sc ON sc.stcm_id = m.stcm_id
            JOIN cadastro.quadra q ON q.qdra_id = m.qdra_id
            JOIN cadastro.imovel_endereco e ON e.imov_id = m.imov_id
            LEFT JOIN cadastro.cliente_usuario_atual cu ON cu.imov_id = m.imov_id
            LEFT JOIN cadastro.cliente c ON c.clie_id = cu.clie_id
            JOIN atendimentopublico.ligacao_agua_situacao la ON la.last_id = m.last_id
            JOIN atendimentopublico.ligacao_esgoto_situacao le ON le.lest_id = m.lest_id
            WHERE i.osse_id = $1 AND ($2::int IS NULL OR i.rota_id = $2)
            ORDER BY i.rota_id, f.orse_id
            """, [geracao, rota]
        ).map { r in
            let emissao = try r.decode(CivilDate.self, at: 1)
            return FormularioFiscalizacao.Dados(
                ordem: try r.decode(Int64.self, at: 0), emissao: emissao, validade: emissao.adding(days: p.validade), geracao: geracao,
                fiscalizada: try r.decode(Int64.self, at: 2), servico: try r.decode(String.self, at: 3), encerramento: try r.decode(CivilDate?.self, at: 4),
                motivo: try r.decode(String?.self, at: 5) ?? "-", parecer: try r.decode(String?.self, at: 6), agente: try r.decode(String?.self, at: 7),
                imovel: try r.decode(Int.self, at: 8),
                inscricao: Inscricao(localidade: try r.decode(Int.self, at: 9), setorComercial: try r.decode(Int.self, at: 10),
                                     quadra: try r.decode(Int.self, at: 11), lote: try r.decode(Int.self, at: 12), sublote: try r.decode(Int.self, at: 13)),
                endereco: try r.decode(String.self, at: 14), cliente: try r.decode(String?.self, at: 15), ligacaoAgua: try r.decode(String.self, at: 16),
                ligacaoEsgoto: try r.decode(String.self, at: 17), economias: try r.decode(Int.self, at: 18), rota: try r.decode(Int.self, at: 19))
        }
    }

    static func situacoes(db: PostgresConnection) throws -> [(Int, String)] {
        try db.query(
            "SELECT fzst_id, fzst_dsfiscalizacaosituacao FROM atendimentopublico.fiscalizacao_situacao WHERE fzst_icuso = 1 ORDER BY 2"
        ).map { try $0.decode((Int, String).self) }
    }

    static func desenhar(_ d: FormularioFiscalizacao.Dados, empresa: String, situacoes: [(Int, String)], em pdf: PDFHaru) {
        pdf.novaPagina()
        for l in FormularioFiscalizacao.linhas(d, empresa: empresa, situacoes: situacoes) {
            if l.antes > 0 { pdf.espaco(l.antes) }
            pdf.linha(l.texto, tamanho: l.tamanho, negrito: l.negrito)
        }
    }

    static func escrever(_ destino: URL, data: CivilDate, titulo: String, _ formularios: [FormularioFiscalizacao.Dados], empresa: String,
                         situacoes: [(Int, String)], removerTemporarios: Bool = true) throws {
        try gravarAtomico(destino, removerTemporarios: removerTemporarios) { tmp in
            let pdf = try PDFHaru(data: data, titulo: titulo)
            for d in formularios { desenhar(d, empresa: empresa, situacoes: situacoes, em: pdf) }
            try pdf.salvar(em: tmp.path)
        }
    }

    static func pdfRota(_ p: ParteSeletiva, _ context: JobContext, pasta: Pasta) throws {
        let db = context.db
        let forms = try formularios(geracao: p.geracao, rota: p.rota, db: db)
        let (empresa, sit) = (try parametros(db: db).empresa, try situacoes(db: db))
        try ModoArquivos.criarPastas(pasta.geracao(p.geracao).path)
        // What a killed attempt of this rota left, found with one listing of the generation's folder (thousands of forms).
        removerTemporarios(de: forms.map { pasta.ordem(p.geracao, $0.ordem) })
        var arquivos: [ArquivosGerados.AGravar] = []
        for (n, d) in forms.enumerated() {
            try context.checkDeadline()
            let arquivo = pasta.ordem(p.geracao, d.ordem)
            // Rendered in memory: the same bytes go to the file and to the database.
            let pdf = try PDFHaru(data: d.emissao, titulo: "Ordem de Fiscalização \(d.ordem)")
            desenhar(d, empresa: empresa, situacoes: sit, em: pdf)
            let bytes = try pdf.bytes()
            try gravarAtomico(arquivo, bytes: bytes, removerTemporarios: false)
            arquivos.append(
                .init(arquivo, chave: chave(arquivo), referencia: d.emissao.year * 100 + d.emissao.month, conteudo: bytes, id: p.arquivos?.id(n)))
        }
        // Stored together (a few round trips for the rota, not four per form), in the job's transaction.
        try ArquivosGerados.gravar(arquivos, tipo: .fiscalizacaoSeletiva, origem: "seletiva-\(p.geracao)", db: db)
        struct R: Encodable { var pdfs: Int }
        try context.setResult(R(pdfs: forms.count))
    }

    /// The form goes to the database too, in the job's transaction: `gsan arquivos exportar --seletiva N` serves it
    /// from any machine (`fiscalizacao-seletiva/seletiva-NNNNNN/…`).
    static func guardar(_ arquivo: URL, geracao: Int, data: CivilDate, id: Int64? = nil, db: PostgresConnection) throws {
        try ArquivosGerados.gravar(
            arquivo, tipo: .fiscalizacaoSeletiva, chave: chave(arquivo), referencia: data.year * 100 + data.month, origem: "seletiva-\(geracao)",
            id: id, db: db)
    }

    /// `seletiva-NNNNNN/<arquivo>`: the path under the kind's folder.
    static func chave(_ arquivo: URL) -> String { arquivo.deletingLastPathComponent().lastPathComponent + "/" + arquivo.lastPathComponent }

    /// The forms of a generation, once every rota has created its OS: one child writes the PDF with all of them,
    /// one child per rota the PDF of each OS, all at once (the one with all does not wait for the others).
    static func pdfs(_ p: PedidoSeletiva, _ context: JobContext) throws {
        let rotas = try itensPorRota(p.geracao, db: context.db)
        // The stored files' ids, reserved here: the PDF with all, then a form per OS of each rota in rota order (ReservaIds).
        let ids = try ReservaIds.reservar(
            tabela: "arquivo.arquivo_gerado", coluna: "argr_id", quantidades: [1] + rotas.map(\.itens), db: context.db)
        // The longest first: its id sorts before the rotas' (FiscalizacaoJobs.idTodas), so it is published ahead of them.
        var todas = p
        todas.arquivo = ids.first?.id(0)
        try context.enqueueChild(
            JobSpec(id: FiscalizacaoJobs.idTodas(context.jobID), kind: context.inOwnFamily(FiscalizacaoJobs.seletivaTodasPDF), payload: todas))
        for (i, r) in rotas.enumerated() {
            try context.enqueueChild(
                JobSpec(id: FiscalizacaoJobs.idRota(context.jobID, rota: r.rota), kind: context.inOwnFamily(FiscalizacaoJobs.seletivaRotaPDF),
                        payload: ParteSeletiva(geracao: p.geracao, rota: r.rota, arquivos: ids[i + 1])))
        }
        struct R: Encodable { var rotas: Int }
        try context.setResult(R(rotas: rotas.count))
    }

    static func pdfTodas(_ p: PedidoSeletiva, _ context: JobContext, pasta: Pasta) throws {
        let db = context.db
        let forms = try formularios(geracao: p.geracao, rota: nil, db: db)
        let (empresa, sit) = (try parametros(db: db).empresa, try situacoes(db: db))
        guard let data = try db.query("SELECT osse_dtgeracao FROM atendimentopublico.os_seletiva WHERE osse_id = $1", [p.geracao]).first?
            .decode(CivilDate.self, at: 0)
        else { throw ErroEncerramento.recusa("Geração \(p.geracao) inexistente.") }
        try ModoArquivos.criarPastas(pasta.geracao(p.geracao).path)
        try escrever(pasta.todas(p.geracao), data: data, titulo: "OS seletiva de fiscalização \(p.geracao)", forms, empresa: empresa, situacoes: sit)
        try guardar(pasta.todas(p.geracao), geracao: p.geracao, data: data, id: p.arquivo, db: db)
        struct R: Encodable { var paginas: Int; var arquivo: String }
        try context.setResult(R(paginas: forms.count, arquivo: pasta.todas(p.geracao).path))
    }

    public static func register(into registry: inout JobRegistry, pasta: Pasta) {
        registry.register(FiscalizacaoJobs.seletiva, distribuir)
        registry.register(FiscalizacaoJobs.seletivaRota, gerarRota)
        registry.register(FiscalizacaoJobs.seletivaRotaPDF) { (p: ParteSeletiva, c) in try pdfRota(p, c, pasta: pasta) }
        registry.register(FiscalizacaoJobs.seletivaPDF, pdfs)
        registry.register(FiscalizacaoJobs.seletivaTodasPDF) { (p: PedidoSeletiva, c) in try pdfTodas(p, c, pasta: pasta) }
    }

    public struct Item: Sendable, Hashable {
        public var fiscalizacao: Int64?
        public var fiscalizada: Int64
        public var imovel: Int?
        public var rota: Int
        public var comConclusao: Bool
        public var servico: String
    }

    /// The OS of a generation: each inspected OS and its fiscalização OS (nil while its rota job has not run).
    public static func listar(_ geracao: Int, db: PostgresConnection) throws -> (semente: Int64, percentual: Int, itens: [Item]) {
        guard let g = try db.query("SELECT osse_nnsemente, osse_pcpercentual FROM atendimentopublico.os_seletiva WHERE osse_id = $1", [geracao])
            .first?.decode((Int64, Int).self)
        else { throw ErroEncerramento.recusa("Geração \(geracao) inexistente.") }
        let itens = try db.query(
            """
            SELECT i.orse_idgerada, i.orse_id, o.imov_id, i.rota_id, i.ossi_cdgrupo = 1, s.svtp_dsservicotipo
            FROM atendimentopublico.os_seletiva_item i JOIN atendimentopublico.ordem_servico o ON o.orse_id = i.orse_id
            JOIN atendimentopublico.servico_tipo s ON s.svtp_id = o.svtp_id
            WHERE i.osse_id = $1 ORDER BY i.rota_id, i.orse_id
            """, [geracao]
        ).map {
            Item(fiscalizacao: try $0.decode(Int64?.self, at: 0), fiscalizada: try $0.decode(Int64.self, at: 1), imovel: try $0.decode(Int?.self, at: 2),
                 rota: try $0.decode(Int.self, at: 3), comConclusao: try $0.decode(Bool.self, at: 4), servico: try $0.decode(String.self, at: 5))
        }
        return (g.0, g.1, itens)
    }

    /// A generation's progress: OS drawn, fiscalização OS created, whether its PDFs (each OS's and the one with all) are done.
    public static func progresso(_ geracao: Int, db: PostgresConnection) throws -> (selecionadas: Int, geradas: Int, pdf: Bool) {
        let (s, g) = try db.query(
            "SELECT count(*), count(orse_idgerada) FROM atendimentopublico.os_seletiva_item WHERE osse_id = $1", [geracao]
        )[0].decode((Int, Int).self)
        let pdf = try JobRecords.byID(FiscalizacaoJobs.idPDF(FiscalizacaoJobs.idSeletiva(geracao)), db: db)?.state == .done
        return (s, g, pdf)
    }
}
