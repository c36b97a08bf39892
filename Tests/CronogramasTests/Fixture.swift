import Cronogramas
import Foundation
import GSANCobranca
import GSANModel
import JobRuntime
import Logging
import Postgres
import TestSupport

/// A small hand-made utility for the schedule commands: seed 003's catalogue (AVISO DE CORTE →
/// CORTE FISICO, neither opening service orders, and VISITA DE COBRANCA, optional, with ENCERRAR
/// OS), GRUPO 01 (dates typed, contract 1) and GRUPO 02 (execução automática), both at 10/2013.
/// GRUPO 01's rotas: two in FATURAMENTO 01 (09/2013, bills due on the 20th of the same month) and
/// one in FATURAMENTO 02; every rota has a criterion for every action. Debt after 5 days.
enum Fixture {
    static let hoje = CivilDate(year: 2013, month: 10, day: 1)!

    static let sql = """
        INSERT INTO cadastro.unidade_federacao VALUES (26, 'PE', 'PERNAMBUCO');
        INSERT INTO cadastro.municipio (muni_id, muni_nmmunicipio, unfe_id) VALUES (1, 'RECIFE', 26);
        INSERT INTO cadastro.gerencia_regional (greg_id, greg_nmregional, greg_nmabreviado) VALUES (1, 'GERENCIA 1', 'G1');
        INSERT INTO cadastro.unidade_negocio (uneg_id, uneg_nmunidadenegocio, uneg_nmabreviado, greg_id)
            VALUES (1, 'UNIDADE 1', 'U1', 1);
        INSERT INTO cadastro.localidade (loca_id, loca_nmlocalidade, greg_id, uneg_id, muni_idprincipal)
            VALUES (1, 'LOCALIDADE 1', 1, 1, 1);
        INSERT INTO cadastro.setor_comercial (stcm_id, stcm_cdsetorcomercial, stcm_nmsetorcomercial, loca_id, muni_id)
            VALUES (1, 1, 'SETOR 1', 1, 1);
        INSERT INTO cadastro.empresa (empr_id, empr_nmempresa, empr_nmabreviado) VALUES (1, 'COMPANHIA', 'CIA');
        INSERT INTO micromedicao.contrato_empresa_servico (cese_id, empr_id, cese_nncontrato, cese_dtiniciocontrato)
            VALUES (1, 1, '001/2013', '2013-01-01');
        INSERT INTO faturamento.faturamento_grupo (ftgr_id, ftgr_dsfaturamentogrupo, ftgr_dsabreviado, ftgr_amreferencia,
            ftgr_nndialeitura, ftgr_nndiavencimento, ftgr_nndiaencerramento, ftgr_icvencimentomesfaturamento) VALUES
            (1, 'FATURAMENTO 01', 'F01', 201309, 5, 20, 25, 1),
            (2, 'FATURAMENTO 02', 'F02', 201310, 5, 28, 25, 1);
        INSERT INTO cobranca.cobranca_grupo (cbgr_id, cbgr_dscobrancagrupo, cbgr_dsabreviado, cbgr_amreferencia,
            cbgr_icexecucaoautomatica, empr_id, cese_id) VALUES
            (1, 'GRUPO 01', 'G01', 201310, 2, 1, 1),
            (2, 'GRUPO 02', 'G02', 201310, 1, NULL, NULL);
        INSERT INTO micromedicao.rota (rota_id, rota_cdrota, stcm_id, ftgr_id, cbgr_id, lttp_id, empr_id) VALUES
            (1, 1, 1, 1, 1, 1, 1), (2, 2, 1, 1, 1, 1, 1), (3, 3, 1, 2, 1, 1, 1), (4, 4, 1, 1, 2, 1, 1);
        INSERT INTO cobranca.cobranca_criterio (cbct_id, cbct_dscobrancacriterio, cbct_dtiniciovigencia)
            VALUES (1, 'CRITERIO PADRAO', '2013-01-01');
        INSERT INTO cobranca.cobranca_acao (cbac_id, cbac_dscobrancaacao, cbac_nndiasvalidade, cbac_idacaoprecedente,
            cbac_nndiasminacaoprecedente, dotp_id, cbac_dstextopersonalizado, cbct_id, svtp_id, cbac_iccompoecronograma,
            cbac_nnordemrealizacao, cbac_icobrigatoria) VALUES
            (1, 'AVISO DE CORTE', 30, NULL, NULL, 12, 'PAGUE SEUS DEBITOS', 1, NULL, 1, 1, 1),
            (2, 'CORTE FISICO', 30, 1, 28, 13, NULL, 1, NULL, 1, 2, 1),
            (3, 'VISITA DE COBRANCA', 15, NULL, NULL, 17, NULL, 1, 1011, 1, 3, 2);
        INSERT INTO cobranca.rota_acao_criterio (rota_id, cbac_id, cbct_id)
            SELECT r, a, 1 FROM generate_series(1, 4) r, generate_series(1, 3) a;
        INSERT INTO cadastro.sistema_parametros (parm_nmempresa, parm_nmabreviadoempresa, parm_nncnpjempresa,
            parm_cdempresafebraban, unfe_id, parm_amreferenciafaturamento, parm_amreferenciaarrecadacao,
            parm_nndiasvencimentocobranca, parm_qtdediasencerraosfiscalizacao, parm_qtdediasvalidadeosfiscalizacao)
            VALUES ('COMPANHIA', 'CIA', '11222333000181', 1234, 26, 201309, 201309, 5, 60, 20);
        """

    /// Seed 003's screen: AVISO DE CORTE 19/10, 19/10, 14/11; CORTE FISICO 16/11, 16/11, 14/12.
    static let datasDaSeed = [
        "AVISO DE CORTE/SIMULAR=19/10/2013", "1/2=19/10/2013", "1/ENCERRAR=14/11/2013",
        "CORTE FISICO/SIMULAR=16/11/2013", "2/EMITIR=16/11/2013", "2/3=14/12/2013",
    ]

    /// November's schedule: the seed's dates a month later (CORTE FISICO 28 days after AVISO DE CORTE).
    static let novembro = PedidoInclusao(
        grupo: "1", referencia: "11/2013",
        datas: [
            "1/1=19/11/2013", "1/2=19/11/2013", "1/3=14/12/2013", "2/1=17/12/2013", "2/2=17/12/2013", "2/3=14/01/2014",
        ])

    static func inclusaoDaSeed(
        referencia: String = "10/2013", comandar: [String] = [], qtdMaxima: [String] = [], confirmado: Bool = false
    ) -> PedidoInclusao {
        PedidoInclusao(
            grupo: "GRUPO 01", referencia: referencia, datas: datasDaSeed, comandar: comandar, qtdMaxima: qtdMaxima,
            confirmado: confirmado)
    }
}

let silencioso = Logger(label: "gsan.tests.cronogramas") { _ in SwiftLogNoOpLogHandler() }

/// A scratch database with every migration and the fixture. Statements run on a dedicated thread
/// (libpq blocks) with a fresh connection; assertions stay in the test's task.
struct Banco: Sendable {
    let url: String

    func rodar<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        let url = url
        return try await onDedicatedThread {
            let db: PostgresConnection
            do {
                db = try PostgresConnection(url: url, logger: silencioso, applicationName: "gsan-cronogramas-tests")
            } catch {
                throw ServerUnavailable(server: "PostgreSQL", url: url, underlying: error)
            }
            defer { db.close() }
            return try body(db)
        }
    }

    func manter(
        hoje: CivilDate = Fixture.hoje, _ body: @escaping @Sendable (ManterCronograma) throws -> ResultadoManutencao
    )
        async throws -> ResultadoManutencao
    {
        try await rodar { try body(ManterCronograma(db: $0, hoje: hoje)) }
    }

    // The maintenance calls without closures at the call site: closures inside `#expect` trip
    // the compiler (Swift 6.3: "function type mismatch" between macro-expanded closures).
    func inserir(_ pedido: PedidoInclusao, hoje: CivilDate = Fixture.hoje) async throws -> ResultadoManutencao {
        try await manter(hoje: hoje) { try $0.inserir(pedido) }
    }

    func atualizar(_ pedido: PedidoAlteracao) async throws -> ResultadoManutencao {
        try await manter { try $0.atualizar(pedido) }
    }

    func remover(_ alvos: [(grupo: String, referencia: String)], confirmado: Bool) async throws -> ResultadoManutencao {
        try await manter { try $0.remover(alvos, confirmado: confirmado) }
    }

    func preparar(_ pedido: PedidoAlteracao) async throws -> Result<AlteracaoPreparada, Recusa> {
        try await rodar { try ManterCronograma(db: $0, hoje: Fixture.hoje).prepararAlteracao(pedido) }
    }

    func gravar(_ preparada: AlteracaoPreparada) async throws -> ResultadoManutencao {
        try await manter { try $0.gravar(preparada) }
    }

    func inteiro(_ sql: String) async throws -> Int {
        try await rodar { try $0.query(sql)[0].decode(Int.self, at: 0) }
    }

    func executar(_ sql: String) async throws {
        try await rodar { try $0.executeScript(sql) }
    }

    /// One statement with text parameters (`$1`, `$2` …).
    func executar(_ sql: String, _ textos: [String]) async throws {
        try await rodar { _ = try $0.execute(sql, textos.map { $0 as (any PostgresEncodable)? }) }
    }

    /// A job row for an activity, as the scheduler and the workers leave it.
    func job(_ id: String, estado: JobState, tentativas: Int = 0, erro: String? = nil) async throws {
        try await rodar { db in
            try JobRecordsDrill.plant(
                id: id, kind: "documentos.atividade", family: "documentos", state: estado, attempts: tentativas, maxAttempts: 5,
                lastError: erro, db: db)
        }
    }

    /// Empties the job table (every activity undispatched again).
    func removerJobs() async throws {
        try await rodar { try JobRecords.removeAll(db: $0) }
    }

    /// The schedule as stored, read back through the repository.
    func cronograma(grupo: String, referencia: String) async throws -> CronogramaGravado? {
        try await rodar { db in
            let repositorio = RepositorioCronograma(db)
            let catalogo = try repositorio.catalogo()
            return try repositorio.cronograma(
                grupo: try repositorio.grupo(grupo), referencia: Referencia(mesAno: referencia)!, catalogo: catalogo)
        }
    }
}

func comFixture(_ body: @escaping @Sendable (Banco) async throws -> Void) async throws {
    try await withScratchDatabase(migrations: nil) { url in
        let banco = Banco(url: url)
        try await banco.executar(Fixture.sql)
        try await body(banco)
    }
}

extension CronogramaGravado {
    func atividade(_ acao: Int, _ atividade: Int) -> AtividadeDoCronograma? {
        cronograma.acao(id: acao)?.atividade(id: atividade)
    }

    func registro(_ acao: Int, _ atividade: Int) -> RegistroAtividade? {
        registros[ChaveAtividade(acao: acao, atividade: atividade)]
    }
}

extension ResultadoManutencao {
    var mensagens: [String] {
        switch self {
        case .gravado(let mensagem): [mensagem]
        case .recusado(let violacoes): violacoes.map(\.mensagem)
        }
    }
}

func d(_ texto: String) -> CivilDate { CivilDate(brazilian: texto)! }
