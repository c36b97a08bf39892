import ArgumentParser
import Contratos
import Documentos
import DocumentosRegras
import Foundation
import GSANModel
import GSANSupport
import JobRuntime
import Logging
import Postgres

/// `gsan comando`: commands of collection actions (seed 002 §2.3.6) — an eventual command
/// through the documentos worker, the cancelling of a command's documents, the SMS/e-mail texts
/// of an action. The rules are Core/Documentos'; this file reads flags and prints outcomes.
struct ComandoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "comando",
        abstract: "Comandos de ação de cobrança: eventual, cancelar documentos, textos de SMS/e-mail.",
        subcommands: [ComandoListar.self, ComandoEventual.self, ComandoCancelarDocumentos.self, ComandoTextoMensagem.self])
}

struct ComandoListar: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "listar",
        abstract: "Os comandos já processados pelo gsan-documentos: rotas, documentos, itens, valor e a pasta dos arquivos.")

    @Option(help: "Só os do grupo de cobrança.") var grupo: Int?

    func validate() throws { try Argumento.id(grupo, "--grupo") }

    func run() throws {
        let linhas = try OperationsSupport.comBanco("gsan comando listar", recusas: ErroDocumentos.self) { db in
            try db.query(
                """
                SELECT CASE WHEN r.caac_id IS NOT NULL THEN 'caac ' || r.caac_id ELSE 'cacm ' || r.cacm_id END,
                       COALESCE(m.cbgr_id::text, k.cbgr_id::text, '-'), x.cbac_dscobrancaacao, t.cbat_dscobrancaatividade,
                       count(*)::int, COALESCE(sum(r.dcrt_qtselecionados), 0)::int, COALESCE(sum(r.dcrt_qtdocumentos), 0)::int,
                       COALESCE(sum(r.dcrt_qtitens), 0)::int, COALESCE(sum(r.dcrt_vldocumentos), 0)::text,
                       COALESCE(regexp_replace(min(r.dcrt_nmarquivopdf), '/[^/]*$', ''), '-')
                FROM cobranca.documento_rota r
                LEFT JOIN cobranca.cobranca_acao_ativ_crg a ON a.caac_id = r.caac_id
                LEFT JOIN cobranca.cobranca_acao_cronograma c ON c.cbcr_id = a.cbcr_id
                LEFT JOIN cobranca.cobranca_grupo_crg_mes m ON m.cbcm_id = c.cbcm_id
                LEFT JOIN cobranca.cobranca_acao_ativ_cmd k ON k.cacm_id = r.cacm_id
                JOIN cobranca.cobranca_acao x ON x.cbac_id = COALESCE(c.cbac_id, k.cbac_id)
                JOIN cobranca.cobranca_atividade t ON t.cbat_id = COALESCE(a.cbat_id, k.cbat_id)
                WHERE $1::int IS NULL OR COALESCE(m.cbgr_id, k.cbgr_id) = $1
                GROUP BY 1, 2, 3, 4, r.caac_id, r.cacm_id ORDER BY r.caac_id NULLS LAST, r.cacm_id
                """, [grupo]
            ).map { row in try (0..<10).map { try row.decode(String.self, at: $0) } }
        }
        guard !linhas.isEmpty else {
            print("nenhum comando processado")
            return
        }
        print("comando    grupo  ação                      atividade  rotas  selecionados  documentos   itens           valor  arquivos")
        for l in linhas {
            print(
                l[0].padding(toLength: 10, withPad: " ", startingAt: 0) + " " + l[1].padding(toLength: 6, withPad: " ", startingAt: 0)
                    + l[2].padding(toLength: 26, withPad: " ", startingAt: 0) + l[3].padding(toLength: 10, withPad: " ", startingAt: 0)
                    + OperationsSupport.aDireita(l[4], 6)
                    + OperationsSupport.aDireita(l[5], 14)
                    + OperationsSupport.aDireita(l[6], 12)
                    + OperationsSupport.aDireita(l[7], 8)
                    + OperationsSupport.aDireita(l[8], 16) + "  " + l[9])
        }
    }
}

struct ComandoCancelarDocumentos: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancelar-documentos",
        abstract: "Cancela os documentos de um comando (ordens de serviço e unidades, mensagens, itens, documentos, arquivos).",
        discussion: """
            ID é a atividade do cronograma (caac_id; --eventual para um comando eventual, cacm_id). Recusado, sem \
            gravar nada, quando a atividade não é EMITIR, a ação já foi encerrada, há ordem de serviço executada ou \
            pagamento de algum documento.
            """)

    @Argument(help: "Id da atividade do cronograma (ou do comando eventual, com --eventual).") var id: Int
    @Flag(help: "ID é de um comando eventual (cobranca_acao_ativ_cmd).") var eventual = false

    func validate() throws { try Argumento.id(id, "ID") }

    func run() throws {
        let comando: ComandoDocumentos = eventual ? .eventual(id) : .cronograma(id)
        // The summary below is the output; the log only for problems.
        var logger = Logger(label: "gsan.comando")
        logger.logLevel = .warning
        let resultado = try OperationsSupport.comBanco("gsan comando cancelar-documentos", recusas: ErroDocumentos.self) { db in
            try db.withTransaction { try CancelamentoDocumentos(
                logger: logger,
                diretorio: DiretorioArquivos(raiz: URL(fileURLWithPath: GSANEnvironment().pastaDocumentos, isDirectory: true))
            ).cancelar(comando, db: $0) }
        }
        let deixados = CancelamentoDocumentos.removerArquivos(resultado.arquivos)
        for caminho in deixados {
            OperationsSupport.printError("aviso: \(caminho) não é um arquivo comum (pasta ou link simbólico): deixado como está")
        }
        print(
            "\(comando): \(resultado.documentos) documento(s), \(resultado.itens) item(ns), \(resultado.ordens) ordem(ns) de "
                + "serviço e \(resultado.mensagens) mensagem(ns) cancelados; \(resultado.arquivos.count) arquivo(s) removido(s).")
    }
}

struct ComandoEventual: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eventual",
        abstract: "Insere um comando eventual de ação de cobrança e o enfileira para o gsan-documentos.",
        discussion: """
            Sem --grupo, todas as rotas com critério para a ação. O comando e o seu job (documentos.eventual:cacm=N) \
            são gravados na mesma transação; o gsan-documentos faz a seleção, a emissão e os arquivos.
            """)

    @Option(help: "Ação de cobrança (id).") var acao: Int
    @Option(help: "Atividade: 1 SIMULAR ou 2 EMITIR.") var atividade: Int = 2
    @Option(help: "Grupo de cobrança.") var grupo: Int?
    @Option(help: "Data de referência dos documentos, DD/MM/AAAA (padrão: hoje).") var data: String?
    @Option(name: .customLong("qtd-maxima"), help: "Quantidade máxima de documentos.") var maximo: Int?
    @Option(help: "Critério do comando (sem ele, o critério de cada rota para a ação).") var criterio: Int?
    @Option(help: "Título do comando.") var titulo: String = "COMANDO EVENTUAL"

    func validate() throws {
        try Argumento.id(acao, "--acao")
        guard atividade == 1 || atividade == 2 else { throw ValidationError("--atividade deve ser 1 (SIMULAR) ou 2 (EMITIR)") }
        try Argumento.id(grupo, "--grupo")
        try Argumento.id(criterio, "--criterio")
        if let data, CivilDate(brazilian: data) == nil { throw ValidationError("--data inválida: use DD/MM/AAAA") }
        try Argumento.faixa(maximo, "--qtd-maxima", Argumento.quantidade)
        // cacm_dstitulo varchar(100).
        try Argumento.textoImprimivel(titulo, "--titulo")
        try Argumento.tamanho(titulo, "--titulo", maximo: 100)
    }

    func run() throws {
        let dataBase = data.flatMap { CivilDate(brazilian: $0) } ?? CivilDate.hoje()
        let id = try OperationsSupport.comBanco("gsan comando eventual", recusas: ErroDocumentos.self) { db in
            try db.withTransaction { db -> Int in
                guard let exibir = try db.query("SELECT cbac_icexibireventual FROM cobranca.cobranca_acao WHERE cbac_id = $1", [acao])
                    .first?.decode(Int.self, at: 0)
                else { throw ErroDocumentos.acaoInexistente(acao) }
                guard exibir == 1 else { throw ErroDocumentos.comandoInexistente("ação de cobrança \(acao) para comando eventual") }
                if let grupo, try db.query("SELECT 1 FROM cobranca.cobranca_grupo WHERE cbgr_id = $1", [grupo]).isEmpty {
                    throw ErroDocumentos.grupoCobrancaInexistente(grupo)
                }
                if let criterio, try db.query("SELECT 1 FROM cobranca.cobranca_criterio WHERE cbct_id = $1", [criterio]).isEmpty {
                    throw ErroDocumentos.criterioInexistente(criterio)
                }
                let cacm = try db.query(
                    """
                    INSERT INTO cobranca.cobranca_acao_ativ_cmd (cbac_id, cbat_id, cacm_dstitulo, cacm_tmcomando, cacm_dtprevista,
                        cbgr_id, cacm_qtmaximadocumentos, cacm_iccriterio, cbct_id)
                    VALUES ($1, $2, $3, now(), $4, $5, $6, CASE WHEN $7::int IS NULL THEN 1 ELSE 2 END, $7) RETURNING cacm_id
                    """, [acao, atividade, titulo, dataBase, grupo, maximo, criterio])[0].decode(Int.self, at: 0)
                try Outbox.enqueue(
                    JobSpec(id: DocumentosJobs.idEventual(cacm), kind: DocumentosJobs.eventual, payload: ComandoDocumentos.eventual(cacm)),
                    on: db)
                return cacm
            }
        }
        print("comando eventual \(id) inserido; job \(DocumentosJobs.idEventual(id)) enfileirado")
    }
}

struct ComandoTextoMensagem: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "texto-mensagem",
        abstract: "Grava o texto de SMS e/ou de e-mail de uma ação, validando os campos {…} e o tamanho do SMS.",
        discussion: "Campos: " + TextoMensagem.campos.keys.sorted().map { "{\($0)}" }.joined(separator: " "))

    @Option(help: "Ação de cobrança (id).") var acao: Int
    @Option(help: "Texto do SMS (até 300 colunas com as 55 do código de barras).") var sms: String?
    @Option(help: "Texto do e-mail.") var email: String?
    @Option(help: "Número máximo de tentativas de envio (1 a 99).") var tentativas: Int = 3

    func validate() throws {
        try Argumento.id(acao, "--acao")
        try Argumento.faixa(tentativas, "--tentativas", 1...99)
        guard sms != nil || email != nil else { throw ValidationError("informe --sms e/ou --email") }
    }

    func run() throws {
        try OperationsSupport.comBanco("gsan comando texto-mensagem", recusas: ErroDocumentos.self) { db in
            try TextosAcao.gravar(acao: acao, sms: sms, email: email, tentativas: tentativas, db: db)
        }
        print("textos da ação \(acao) gravados")
    }
}

