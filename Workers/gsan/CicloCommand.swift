import ArgumentParser
import Contratos
import Cronogramas
import Faturamento
import GSANCobranca
import Foundation
import GSANModel
import GSANSupport
import JobRuntime
import Postgres

/// `gsan ciclo mostrar --grupo G --referencia MM/AAAA [--acompanhar]`: the month's lineage — every
/// job tree of a group's month in one screen.
struct CicloCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ciclo",
        abstract: "O mês de um grupo: todas as árvores de jobs (cobrança, leitura, fechamento, medição, parcelamento).",
        subcommands: [CicloMostrarCommand.self, CicloResumoCommand.self])
}

struct CicloMostrarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mostrar",
        abstract: "Mostra a linhagem do mês de um grupo: cada árvore de jobs com estado, tentativas e duração.",
        discussion: """
            O mês MM/AAAA do grupo G (o grupo de cobrança e o de faturamento de mesmo número) é: cada atividade do \
            cronograma de cobrança (com os seus filhos: documentos, encerramentos por rota, resumo); o encerramento \
            das visitas; os arquivos de rota da referência (gerados pelo fechamento anterior ou à mão) e o \
            processamento das leituras dos celulares; a cadeia do fechamento (JusCompesa antes e depois, as rotas \
            do ciclo seguinte); o boletim de medição; os lotes diários da perda de desconto dos parcelamentos \
            judiciais dos dias do mês. Depois, os passos mais lentos e os que falharam.

            Com --acompanhar, redesenha a cada --intervalo segundos até tudo o que existe terminar (saída 0) ou \
            algum job morrer (saída 1); --limite SEGUNDOS desiste com saída 124. Com --estrito, sai com 2 se ao fim \
            algum job está em aberto ou alguma atividade do cronograma ainda espera a data.
            """)

    @Option(name: .long, help: "O grupo (número do grupo de cobrança e de faturamento).") var grupo: Int
    @Option(name: .long, help: "Mês/ano, MM/AAAA.") var referencia: String
    @Flag(name: .long, help: "Redesenha até tudo terminar ou algum job morrer.") var acompanhar = false
    @Option(name: .long, help: "Segundos entre redesenhos com --acompanhar (0,2 a 60).") var intervalo = 2.0
    @Option(name: .long, help: "Com --acompanhar, desiste depois de tantos segundos (saída 124).") var limite: Double?
    @Flag(name: .long, help: "Sai com 2 se algum job está em aberto ou alguma atividade espera a data (1 se algum morreu).")
    var estrito = false

    func validate() throws {
        guard grupo > 0, grupo <= Int(Int32.max) else { throw ValidationError("--grupo inválido: \(grupo)") }
        guard Referencia(mesAno: referencia) != nil else {
            throw ValidationError("\(Referencia.mensagemInvalida): \(referencia) (use MM/AAAA)")
        }
        guard (0.2...60).contains(intervalo) else { throw ValidationError("--intervalo deve estar entre 0,2 e 60 segundos") }
        if let limite, !(limite > 0) { throw ValidationError("--limite deve ser positivo") }
    }

    func run() throws {
        guard let mes = Referencia(mesAno: referencia) else { throw ValidationError(Referencia.mensagemInvalida) }
        let fonte = try SaidaCronograma.consultar("gsan ciclo mostrar") { db in try FonteLinhagem(grupo: grupo, mes: mes, db: db) }
        let db = try OperationsSupport.openDatabase(GSANEnvironment(), command: "gsan ciclo mostrar")
        defer { db.close() }
        func ler() throws -> LinhagemMes {
            try OperationsSupport.reporting { try fonte.ler(db: db) }
        }
        var linhagem = try ler()
        guard acompanhar else {
            print(linhagem.render())
            if linhagem.mortos > 0 { throw ExitCode.failure }
            if estrito && linhagem.emAberto { throw ExitCode(2) }
            return
        }
        let terminal = isatty(STDOUT_FILENO) == 1
        let inicio = Date()
        while true {
            // Written unbuffered: each refresh is seen as it happens, on a terminal or in a log.
            let tela = terminal ? "\u{1B}[H\u{1B}[2J" + linhagem.render() + "\n\n" + linhagem.progresso() : linhagem.progresso()
            FileHandle.standardOutput.write(Data((tela + "\n").utf8))
            if linhagem.mortos > 0 || linhagem.terminada { break }
            if let limite, Date().timeIntervalSince(inicio) >= limite {
                if !terminal { FileHandle.standardOutput.write(Data((linhagem.render() + "\n").utf8)) }
                OperationsSupport.printError("erro: o mês não terminou em \(Int(limite)) s (--limite)")
                throw ExitCode(124)
            }
            Thread.sleep(forTimeInterval: intervalo)
            linhagem = try ler()
        }
        if !terminal { FileHandle.standardOutput.write(Data((linhagem.render() + "\n").utf8)) }
        if linhagem.mortos > 0 { throw ExitCode.failure }
        if estrito && linhagem.emAberto { throw ExitCode(2) }
    }
}

/// What a month is made of, resolved once: the schedule's activities and their labels, the group's
/// rotas (for the readings' batches), and the ids and id patterns of every tree's root.
struct FonteLinhagem {
    struct Raiz {
        var etapa: String
        var rotulo: String
        /// The root's id, or nil for a pattern of several roots summed in one line.
        var id: String?
        var padrao: String?
        /// For an activity without a job yet: its planned date.
        var previsto: String?
    }

    let grupo: Int
    let mes: Referencia
    var raizes: [Raiz] = []
    var cronograma: String?

    init(grupo: Int, mes: Referencia, db: PostgresConnection) throws {
        self.grupo = grupo
        self.mes = mes
        let ref = mes.amReferencia
        let faturamento = try db.query("SELECT 1 FROM faturamento.faturamento_grupo WHERE ftgr_id = $1", [grupo]).first != nil
        // An unknown collection group is refused here with the schedule's own message.
        let (_, cronogramas) = try ConsultaCronograma(db: db).cronogramas(grupo: String(grupo), referencia: mes.description)
        guard faturamento else { throw PedidoInvalido("Grupo de faturamento \(grupo) inexistente.") }
        if let gravado = cronogramas.first {
            cronograma = "cronograma versão \(gravado.versao)"
            for acao in gravado.cronograma.acoesMantidas {
                for atividade in acao.atividadesOrdenadas {
                    let chave = ChaveAtividade(acao: acao.acao.id, atividade: atividade.atividade.id)
                    guard let registro = gravado.registros[chave] else { continue }
                    raizes.append(
                        Raiz(
                            etapa: "cobrança", rotulo: "\(acao.acao.descricao) — \(atividade.atividade.descricao)",
                            id: registro.jobID, previsto: atividade.dataPrevista?.description))
                }
            }
        }
        raizes.append(
            Raiz(etapa: "cobrança", rotulo: "encerramento de visitas", padrao: "encerramento.visitas:grupo=\(grupo):ref=\(ref):data=%"))
        // The month's calendar days, for what is dated rather than referenced.
        guard let inicio = mes.dia(1)?.iso, let fim = mes.seguinte.dia(1)?.iso else { throw Referencia.Invalida(texto: mes.description) }
        // What is dated in the month: each id a query returns is the root of one line's trees.
        func idsDoMes<Id: PostgresDecodable>(_ sql: String, _ binds: [(any PostgresEncodable)?]) throws -> [Id] {
            try db.query(sql, binds).map { try $0.decode(Id.self, at: 0) }
        }
        // Eventual commands of this group, or of every group, dated in the month.
        raizes += try idsDoMes(
            """
            SELECT cacm_id FROM cobranca.cobranca_acao_ativ_cmd
            WHERE (cbgr_id = $1 OR cbgr_id IS NULL)
              AND coalesce(cacm_dtprevista, cacm_tmcomando::date) >= $2::date AND coalesce(cacm_dtprevista, cacm_tmcomando::date) < $3::date
            ORDER BY cacm_id
            """, [grupo, inicio, fim]
        ).map { (cacm: Int) in Raiz(etapa: "cobrança", rotulo: "comandos eventuais", id: DocumentosJobs.idEventual(cacm)) }
        // The contractor's return files imported in the month (a contract serves several groups).
        raizes += try idsDoMes(
            """
            SELECT rtct_id FROM atendimentopublico.retorno_contratada
            WHERE rtct_dtimportacao >= $1::date AND rtct_dtimportacao < $2::date ORDER BY rtct_id
            """, [inicio, fim]
        ).map { (retorno: Int64) in
            Raiz(etapa: "encerramento", rotulo: "retornos da contratada (todos os grupos)", id: EncerramentoJobs.idRetorno(retorno))
        }
        // The fiscalização: the cycle's automatic seletiva, those generated by hand for the group in
        // the month, and the daily close by decurso de prazo.
        raizes.append(
            Raiz(
                etapa: "fiscalização", rotulo: "seletiva automática do ciclo",
                id: FiscalizacaoJobs.idSeletivaAutomatica(grupo: grupo, referencia: ref)))
        raizes += try idsDoMes(
            """
            SELECT osse_id FROM atendimentopublico.os_seletiva
            WHERE cbgr_id = $1 AND osse_dtgeracao >= $2::date AND osse_dtgeracao < $3::date ORDER BY osse_id
            """, [grupo, inicio, fim]
        ).map { (geracao: Int) in Raiz(etapa: "fiscalização", rotulo: "seletivas geradas", id: FiscalizacaoJobs.idSeletiva(geracao)) }
        raizes.append(
            Raiz(
                etapa: "fiscalização", rotulo: "decurso de prazo (diário, todos os grupos)",
                padrao: "fiscalizacao.decurso-prazo:dia=\(inicio.dropLast(2))%"))
        // The route files of this reference: those the previous close asked, and any asked by hand.
        let anterior = ReferenciaDoGrupo(grupoFaturamento: grupo, referencia: mes.anterior.amReferencia)
        raizes.append(Raiz(etapa: "leitura", rotulo: "arquivos de rota, do fechamento \(mes.anterior)", id: CadeiaFechamento.idRotas(anterior)))
        raizes.append(Raiz(etapa: "leitura", rotulo: "arquivos de rota avulsos", padrao: "rotas:grupo=\(grupo):ref=\(ref):%"))
        let rotas = try db.query("SELECT rota_id FROM micromedicao.rota WHERE ftgr_id = $1 ORDER BY rota_id", [grupo])
            .map { try $0.decode(Int.self, at: 0) }
        for rota in rotas {
            raizes.append(Raiz(etapa: "leitura", rotulo: "leituras dos celulares", padrao: "campo.rota:rota=\(rota):ref=\(ref):lote=%"))
        }
        let alvo = ReferenciaDoGrupo(grupoFaturamento: grupo, referencia: ref)
        raizes.append(Raiz(etapa: "fechamento", rotulo: "fechamento \(mes)", id: CadeiaFechamento.id(alvo)))
        raizes.append(Raiz(etapa: "medição", rotulo: "boletim de medição \(mes)", padrao: "medicao.grupo:grupo=\(grupo):ref=\(ref)"))
        raizes.append(
            Raiz(
                etapa: "parcelamento", rotulo: "perda de desconto (lote diário)",
                padrao: "parcelamento.perda-desconto:dia=\(inicio.dropLast(2))%"))
    }

    /// The month's jobs now.
    func ler(db: PostgresConnection) throws -> LinhagemMes {
        let jobs = try JobRecords.forest(
            roots: raizes.compactMap(\.id), rootPatterns: raizes.compactMap(\.padrao), db: db)
        let agora = try db.query("SELECT extract(epoch FROM now())::float8").first?.decode(Double.self, at: 0)
            ?? Date().timeIntervalSince1970
        return LinhagemMes(fonte: self, jobs: jobs, agora: agora)
    }
}

/// The month's lineage at one instant, and its one screen.
struct LinhagemMes {
    struct Linha {
        var etapa: String
        var rotulo: String
        var jobs: [JobRecord]
        var previsto: String?
        /// The line's trees, each from its root (a pattern's line has several).
        var arvores: [[JobRecord]] = []
    }

    let grupo: Int
    let mes: Referencia
    let cronograma: String?
    let linhas: [Linha]
    let todos: [JobRecord]
    let agora: Double

    init(fonte: FonteLinhagem, jobs: [JobRecord], agora: Double) {
        grupo = fonte.grupo
        mes = fonte.mes
        cronograma = fonte.cronograma
        self.agora = agora
        todos = jobs
        // The tops: the named roots, and the jobs without a parent a pattern matched.
        let padroes = fonte.raizes.compactMap(\.padrao)
        func casa(_ id: String, _ padrao: String) -> Bool {
            padrao.hasSuffix("%") ? id.hasPrefix(String(padrao.dropLast())) : id == padrao
        }
        var topos = Set(fonte.raizes.compactMap(\.id))
        for job in jobs where job.parentID == nil && padroes.contains(where: { casa(job.id, $0) }) { topos.insert(job.id) }
        // Each job under its top: up by parent, else by id (`raiz/…`: a continuation is a root named under its chain).
        let pais = Dictionary(jobs.map { ($0.id, $0.parentID) }, uniquingKeysWith: { a, _ in a })
        func topo(_ id: String) -> String? {
            var atual = id
            for _ in 0..<1_000 {
                if topos.contains(atual) { return atual }
                if let pai = pais[atual] ?? nil {
                    atual = pai
                } else if let barra = atual.lastIndex(of: "/") {
                    atual = String(atual[..<barra])
                } else {
                    return nil
                }
            }
            return nil
        }
        var porTopo: [String: [JobRecord]] = [:]
        for job in jobs { if let t = topo(job.id) { porTopo[t, default: []].append(job) } }
        var linhas: [Linha] = []
        for r in fonte.raizes {
            if let id = r.id {
                let arvore = porTopo[id] ?? []
                if arvore.isEmpty && r.etapa != "cobrança" { continue }
                // Several roots of one kind (eventual commands, return files, seletivas): one line.
                if r.previsto == nil, let i = linhas.indices.last, linhas[i].etapa == r.etapa, linhas[i].rotulo == r.rotulo,
                    linhas[i].previsto == nil
                {
                    linhas[i].jobs += arvore
                    linhas[i].arvores.append(arvore)
                } else {
                    linhas.append(Linha(etapa: r.etapa, rotulo: r.rotulo, jobs: arvore, previsto: r.previsto, arvores: [arvore]))
                }
            } else if let padrao = r.padrao {
                let casadas = porTopo.keys.filter { casa($0, padrao) }
                guard !casadas.isEmpty else { continue }
                let arvores = casadas.sorted().map { porTopo[$0] ?? [] }
                if let i = linhas.indices.last, linhas[i].etapa == r.etapa, linhas[i].rotulo == r.rotulo {
                    linhas[i].jobs += arvores.flatMap { $0 }
                    linhas[i].arvores += arvores
                } else {
                    linhas.append(Linha(etapa: r.etapa, rotulo: r.rotulo, jobs: arvores.flatMap { $0 }, previsto: nil, arvores: arvores))
                }
            }
        }
        self.linhas = linhas
    }

    var mortos: Int { todos.filter { $0.state == .dead }.count }
    /// A job not final yet, or an activity of the schedule without its job.
    var emAberto: Bool { todos.contains { !$0.state.isFinal } || linhas.contains { $0.jobs.isEmpty && $0.previsto != nil } }
    var concluidos: Int { todos.filter { $0.state == .done }.count }
    /// Every job on record is final (done, dead or discarded), and there is at least one.
    var terminada: Bool { !todos.isEmpty && todos.allSatisfy { $0.state.isFinal } }

    /// The time the workers spent on a line: per tree, from its first start to its last finish (now
    /// while it runs), summed — the days the scheduler waits between a pattern's trees left out.
    func tempo(_ linha: Linha) -> Double? {
        var total: Double?
        for arvore in linha.arvores {
            guard let inicio = arvore.compactMap(\.startedAt).min() else { continue }
            let fim = arvore.allSatisfy(\.state.isFinal) ? (arvore.compactMap(\.finishedAt).max() ?? inicio) : agora
            total = (total ?? 0) + max(0, fim - inicio)
        }
        return total
    }

    static func duracao(_ job: JobRecord) -> Double? {
        guard let inicio = job.startedAt, let fim = job.finishedAt, fim >= inicio else { return nil }
        return fim - inicio
    }

    /// A job's own work: its attempt's span, for a job without children (a parent's span covers its children's).
    static func passo(_ job: JobRecord) -> Double? { job.childrenTotal == 0 ? duracao(job) : nil }

    /// The state of a line: its root's, or a summary of several roots.
    func estado(_ linha: Linha) -> String {
        guard !linha.jobs.isEmpty else { return linha.previsto.map { "aguardando \($0)" } ?? "sem job" }
        let estados = Set(linha.jobs.map(\.state))
        if estados.contains(.dead) { return "MORTO" }
        if estados == [.done] { return "concluído" }
        if estados.contains(.retrying) { return "retentativa" }
        if estados.contains(.running) { return "executando" }
        if estados.isSubset(of: [.done, .discarded]) { return "descartado" }
        if estados.contains(.waiting) { return "aguardando filhos" }
        return "na fila"
    }

    func render() -> String {
        var out = ["Ciclo do grupo \(grupo), \(mes)" + (cronograma.map { " (\($0))" } ?? " (sem cronograma de cobrança)")]
        let tabela = linhas.map { linha -> [String] in
            let jobs = linha.jobs
            let feitos = jobs.filter { $0.state == .done }.count
            let extras = jobs.reduce(0) { $0 + max(0, $1.attempts - 1) }
            let janela = tempo(linha).map(Progresso.duracao) ?? ""
            let lento = jobs.compactMap { j in Self.passo(j).map { (j, $0) } }.max { $0.1 < $1.1 }
            return [
                linha.etapa, JobAdmin.oneLine(linha.rotulo, limit: 44), estado(linha),
                jobs.isEmpty ? "" : "\(feitos)/\(jobs.count)", extras == 0 ? "·" : String(extras), janela,
                lento.map { "\($0.0.kind) \(Progresso.duracao($0.1))" } ?? "",
            ]
        }
        out.append(
            JobAdmin.table(
                ["etapa", "trabalho", "estado", "jobs", "novas tent.", "tempo", "passo mais lento"], tabela,
                rightAligned: [3, 4, 5]))
        let passos = todos.compactMap { j in Self.passo(j).map { (j, $0) } }.sorted { $0.1 > $1.1 }.prefix(5)
        if !passos.isEmpty {
            out.append("")
            out.append("Passos mais lentos:")
            out.append(contentsOf: passos.map { "  \(Progresso.duracao($0.1))  \($0.0.id)" })
        }
        let falhas = todos.filter { $0.state == .dead || $0.state == .retrying || $0.attempts > 1 }
        out.append("")
        if falhas.isEmpty {
            out.append("Falhas: nenhuma (nenhum job morto, nenhuma nova tentativa).")
        } else {
            out.append("Falhas e novas tentativas (\(falhas.count)):")
            for job in falhas.prefix(10) {
                out.append(
                    "  \(job.state == .dead ? "MORTO" : job.state == .retrying ? "retentativa" : "ok na \(job.attempts)ª") "
                        + "\(job.id) (\(job.attempts)/\(job.maxAttempts))"
                        + (job.lastError.map { ": " + JobAdmin.oneLine($0, limit: 120) } ?? ""))
            }
            if falhas.count > 10 { out.append("  … e mais \(falhas.count - 10)") }
            if mortos > 0 { out.append("  ver: gsan job show ID    reprocessar: gsan dlq replay ID") }
        }
        out.append("")
        out.append(progresso())
        return out.joined(separator: "\n")
    }

    /// One line: done/total, dead, and the time left at the pace so far.
    func progresso() -> String {
        let total = todos.count
        var texto = "\(concluidos)/\(total) jobs concluídos"
        let abertos = todos.filter { !$0.state.isFinal }.count
        if abertos > 0 { texto += ", \(abertos) em aberto" }
        if mortos > 0 { texto += ", \(mortos) MORTO(S)" }
        let aguardando = linhas.filter { $0.jobs.isEmpty && $0.previsto != nil }.count
        if aguardando > 0 { texto += "; \(aguardando) atividade(s) aguardando a data" }
        if abertos > 0, concluidos > 0, let inicio = todos.compactMap(\.startedAt).min(), agora > inicio {
            let restante = Double(abertos) * (agora - inicio) / Double(concluidos)
            texto += "; estimativa: \(Progresso.duracao(restante))"
        }
        return texto
    }
}

/// The tree below a job, for `gsan job show`: children grouped by kind with their states and
/// spans; children that have children of their own, or that are not done, one by one (a few).
/// A continuation (a new root whose id extends its chain's, `…/encerrar`) is shown below the job its id extends.
enum ArvoreJob {
    static func render(raiz: String, jobs: [JobRecord], maximo: Int = 12) -> String {
        // Below its parent; a continuation (a root named `chain/…`) below the job its id extends.
        let ids = Set(jobs.map(\.id))
        var filhos: [String: [JobRecord]] = [:]
        for job in jobs where job.id != raiz || job.parentID != nil {
            if let pai = job.parentID {
                filhos[pai, default: []].append(job)
            } else if let barra = job.id.lastIndex(of: "/"), ids.contains(String(job.id[..<barra])) {
                filhos[String(job.id[..<barra]), default: []].append(job)
            }
        }
        guard filhos[raiz] != nil else { return "árvore: sem filhos" }
        var out = ["árvore abaixo do job:"]
        func nivel(_ id: String, _ recuo: String, _ profundidade: Int) {
            guard let lista = filhos[id], profundidade < 8 else { return }
            var tipos: [String] = []
            var porTipo: [String: [JobRecord]] = [:]
            for job in lista {
                if porTipo[job.kind] == nil { tipos.append(job.kind) }
                porTipo[job.kind, default: []].append(job)
            }
            for tipo in tipos {
                let grupo = porTipo[tipo] ?? []
                var estados: [String: Int] = [:]
                for job in grupo { estados[job.state.rawValue, default: 0] += 1 }
                let contagem = JobAdmin.states.compactMap { estado in estados[estado].map { "\(JobAdmin.stateLabel(estado)) \($0)" } }
                    .joined(separator: ", ")
                let duracoes = grupo.compactMap(LinhagemMes.duracao)
                let faixa = duracoes.isEmpty ? "" : "; duração \(Progresso.duracao(duracoes.min() ?? 0))–\(Progresso.duracao(duracoes.max() ?? 0))"
                let extras = grupo.reduce(0) { $0 + max(0, $1.attempts - 1) }
                out.append("\(recuo)\(tipo) ×\(grupo.count): \(contagem)\(faixa)" + (extras > 0 ? "; novas tentativas \(extras)" : ""))
                let destacados = grupo.filter { filhos[$0.id] != nil || $0.state != .done }
                for job in destacados.prefix(maximo) {
                    let d = LinhagemMes.duracao(job).map { ", \(Progresso.duracao($0))" } ?? ""
                    out.append("\(recuo)  \(job.id) — \(JobAdmin.stateLabel(job.state.rawValue)), tentativas \(job.attempts)/\(job.maxAttempts)\(d)")
                    nivel(job.id, recuo + "    ", profundidade + 1)
                }
                if destacados.count > maximo { out.append("\(recuo)  … e mais \(destacados.count - maximo)") }
            }
        }
        nivel(raiz, "  ", 0)
        return out.joined(separator: "\n")
    }
}

/// `gsan ciclo resumo --grupo G --referencia MM/AAAA`: one line per stage of the month — its jobs,
/// the time the workers spent on them, and what the stage produced.
struct CicloResumoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resumo",
        abstract: "Resumo do mês de um grupo por etapa: jobs, tempo e o que foi produzido (documentos, OS, contas, arquivos, boletim).",
        discussion: """
            Tempo: a soma, por árvore de jobs da etapa, do início do primeiro job ao fim do último (o tempo de relógio \
            dos workers, sem os dias simulados entre as atividades).
            """)

    @Option(name: .long, help: "O grupo (número do grupo de cobrança e de faturamento).") var grupo: Int
    @Option(name: .long, help: "Mês/ano, MM/AAAA.") var referencia: String

    func validate() throws {
        guard grupo > 0, grupo <= Int(Int32.max) else { throw ValidationError("--grupo inválido: \(grupo)") }
        guard Referencia(mesAno: referencia) != nil else {
            throw ValidationError("\(Referencia.mensagemInvalida): \(referencia) (use MM/AAAA)")
        }
    }

    func run() throws {
        guard let mes = Referencia(mesAno: referencia) else { throw ValidationError(Referencia.mensagemInvalida) }
        let texto = try SaidaCronograma.consultar("gsan ciclo resumo") { db in
            let linhagem = try FonteLinhagem(grupo: grupo, mes: mes, db: db).ler(db: db)
            return ResumoMes.render(linhagem, produzido: try ResumoMes.produzido(grupo: grupo, mes: mes, linhagem: linhagem, db: db))
        }
        print(texto)
    }
}

/// What each stage of a month produced, from the business tables.
enum ResumoMes {
    static func produzido(grupo: Int, mes: Referencia, linhagem: LinhagemMes, db: PostgresConnection) throws -> [String: String] {
        var produzido: [String: String] = [:]
        let ref = mes.amReferencia
        if let c = try db.query(
            """
            WITH atividade AS (
                SELECT a.caac_id FROM cobranca.cobranca_acao_ativ_crg a
                JOIN cobranca.cobranca_acao_cronograma c USING (cbcr_id)
                JOIN cobranca.cobranca_grupo_crg_mes m USING (cbcm_id)
                WHERE m.cbgr_id = $1 AND m.cbcm_amreferencia = $2
            )
            SELECT (SELECT count(*) FROM cobranca.cobranca_documento WHERE caac_id IN (SELECT caac_id FROM atividade))::int,
                   (SELECT coalesce(sum(cbdo_vldocumento * 100), 0) FROM cobranca.cobranca_documento
                     WHERE caac_id IN (SELECT caac_id FROM atividade))::int8,
                   (SELECT count(*) FROM cobranca.documento_rota WHERE caac_id IN (SELECT caac_id FROM atividade)
                     AND dcrt_nmarquivopdf IS NOT NULL)::int,
                   count(os.orse_id)::int, count(*) FILTER (WHERE os.orse_cdsituacao = 2)::int,
                   count(*) FILTER (WHERE os.orse_cdsituacao = 2 AND os.orse_icencerramentoautomatico = 1)::int,
                   count(*) FILTER (WHERE os.orse_cdsituacao = 1)::int
            FROM cobranca.cobranca_documento d JOIN atendimentopublico.ordem_servico os ON os.cbdo_id = d.cbdo_id
            WHERE d.caac_id IN (SELECT caac_id FROM atividade)
            """, [grupo, ref]).first
        {
            let (documentos, valor, arquivos, os, encerradas, decurso, pendentes) = try c.decode((Int, Int64, Int, Int, Int, Int, Int).self)
            produzido["cobrança"] =
                "\(documentos) documentos (R$ \(Centavos(valor))), \(arquivos) rotas com PDF e arquivo da gráfica; "
                + "\(os) OS: \(encerradas) encerradas (\(decurso) por decurso de prazo), \(pendentes) pendentes"
        }
        var fechamento: [String] = []
        if let encerrar = linhagem.todos.first(where: {
            $0.id == CadeiaFechamento.idEncerrar(ReferenciaDoGrupo(grupoFaturamento: grupo, referencia: ref))
        }), let json = encerrar.result, let resultado = try? JSONDecoder().decode(ResultadoEncerramento.self, from: Data(json.utf8)) {
            fechamento.append(
                "\(resultado.contasFaturadas) contas faturadas (água R$ \(resultado.valorAgua), esgoto R$ \(resultado.valorEsgoto))")
        }
        func arquivos(_ r: Referencia) throws -> (Int, Int64) {
            try db.query(
                "SELECT count(*)::int, coalesce(sum(txre_nntamanho), 0)::int8 FROM micromedicao.arquivo_texto_rota WHERE ftgr_id = $1 AND txre_amreferencia = $2",
                [grupo, r.amReferencia]
            ).first?.decode((Int, Int64).self) ?? (0, 0)
        }
        let seguinte = try arquivos(mes.seguinte)
        if seguinte.0 > 0 {
            fechamento.append("\(seguinte.0) arquivos de rota \(mes.seguinte) (\(String(format: "%.1f", Double(seguinte.1) / 1e6)) MB de texto)")
        }
        if !fechamento.isEmpty { produzido["fechamento"] = fechamento.joined(separator: "; ") }
        let deste = try arquivos(mes)
        let leituras = try db.query(
            """
            SELECT count(*)::int FROM micromedicao.arquivo_texto_rota a JOIN micromedicao.rota r USING (rota_id)
            WHERE r.ftgr_id = $1 AND a.txre_amreferencia = $2 AND a.sitl_id IN (4, 10)
            """, [grupo, ref]).first?.decode(Int.self, at: 0) ?? 0
        if deste.0 > 0 { produzido["leitura"] = "\(deste.0) arquivos de rota \(mes), \(leituras) lidos e transmitidos pelos celulares" }
        if let b = try db.query(
            """
            SELECT (cobm_vlservexec * 100)::int8, (cobm_vltxsucesso * 100)::int8, (cobm_vldescontos * 100)::int8,
                   (cobm_vlmultas * 100)::int8, (cobm_vltotal * 100)::int8,
                   (SELECT count(*) FROM cobranca.cobr_boletim_exec e WHERE e.cobm_id = b.cobm_id)::int
            FROM cobranca.cobr_boletim_medicao b WHERE cbgr_id = $1 AND cobm_amreferencia = $2
            """, [grupo, ref]).first
        {
            let (servicos, sucesso, descontos, multas, total, executadas) = try b.decode((Int64, Int64, Int64, Int64, Int64, Int).self)
            produzido["medição"] =
                "boletim: \(executadas) OS pagas, serviços R$ \(Centavos(servicos)) + sucesso R$ \(Centavos(sucesso)) − descontos "
                + "R$ \(Centavos(descontos)) − multas R$ \(Centavos(multas)) = R$ \(Centavos(total))"
        }
        let dias = linhagem.linhas.filter { $0.etapa == "parcelamento" }.flatMap(\.jobs).filter { $0.parentID == nil }
        if !dias.isEmpty {
            produzido["parcelamento"] = dias.map { "\($0.id.split(separator: "=").last.map(String.init) ?? $0.id): " + JobAdmin.oneLine($0.result ?? "—", limit: 80) }
                .joined(separator: "; ")
        }
        return produzido
    }

    static func render(_ linhagem: LinhagemMes, produzido: [String: String]) -> String {
        var etapas: [String] = []
        for linha in linhagem.linhas where !etapas.contains(linha.etapa) { etapas.append(linha.etapa) }
        let linhas = etapas.map { etapa -> [String] in
            let arvores = linhagem.linhas.filter { $0.etapa == etapa }
            let jobs = arvores.flatMap(\.jobs)
            let tempo = arvores.reduce(0.0) { $0 + (linhagem.tempo($1) ?? 0) }
            let feitos = jobs.filter { $0.state == .done }.count
            let mortos = jobs.filter { $0.state == .dead }.count
            return [
                etapa, "\(arvores.filter { !$0.jobs.isEmpty }.count)/\(arvores.count)", "\(feitos)/\(jobs.count)" + (mortos > 0 ? " (\(mortos) MORTOS)" : ""),
                jobs.isEmpty ? "" : Progresso.duracao(tempo), produzido[etapa] ?? "—",
            ]
        }
        return "Resumo do ciclo do grupo \(linhagem.grupo), \(linhagem.mes)\n"
            + JobAdmin.table(["etapa", "árvores", "jobs concluídos", "tempo", "produzido"], linhas, rightAligned: [1, 2, 3])
    }
}
