import GSANCobranca
import GSANModel
import Postgres

/// How a maintenance ended: saved (with the seed's success sentence) or refused (the
/// violations that stop it, nothing written).
public enum ResultadoManutencao: Equatable, Sendable {
    case gravado(String)
    case recusado([Violacao])
}

/// `gsan cronograma inserir`, as typed: ids or descriptions, dates `DD/MM/AAAA`.
public struct PedidoInclusao: Sendable {
    public var grupo: String
    public var referencia: String
    /// Start of the cycle (groups with execução automática only).
    public var inicio: String?
    /// Actions of the schedule; for automatic groups empty means every action that composes one.
    public var acoes: [String]
    /// `AÇÃO/ATIVIDADE=DD/MM/AAAA` (groups without execução automática only).
    public var datas: [String]
    public var comandar: [String]
    /// `AÇÃO/ATIVIDADE=N`.
    public var qtdMaxima: [String]
    /// The user accepts the confirmations ("Confirma …?").
    public var confirmado: Bool

    public init(
        grupo: String, referencia: String, inicio: String? = nil, acoes: [String] = [], datas: [String] = [],
        comandar: [String] = [], qtdMaxima: [String] = [], confirmado: Bool = false
    ) {
        self.grupo = grupo
        self.referencia = referencia
        self.inicio = inicio
        self.acoes = acoes
        self.datas = datas
        self.comandar = comandar
        self.qtdMaxima = qtdMaxima
        self.confirmado = confirmado
    }
}

/// `gsan cronograma atualizar`, as typed.
public struct PedidoAlteracao: Sendable {
    public var grupo: String
    public var referencia: String
    /// The version the operator looked at (`mostrar`); nil = the one read now.
    public var versao: Int?
    public var datas: [String]
    public var comandar: [String]
    public var descomandar: [String]
    public var qtdMaxima: [String]
    public var adicionarAcoes: [String]
    public var removerAcoes: [String]
    public var confirmado: Bool

    public init(
        grupo: String, referencia: String, versao: Int? = nil, datas: [String] = [], comandar: [String] = [],
        descomandar: [String] = [], qtdMaxima: [String] = [], adicionarAcoes: [String] = [],
        removerAcoes: [String] = [], confirmado: Bool = false
    ) {
        self.grupo = grupo
        self.referencia = referencia
        self.versao = versao
        self.datas = datas
        self.comandar = comandar
        self.descomandar = descomandar
        self.qtdMaxima = qtdMaxima
        self.adicionarAcoes = adicionarAcoes
        self.removerAcoes = removerAcoes
        self.confirmado = confirmado
    }
}

/// An update checked and ready to save: the schedule as read and as it will be.
public struct AlteracaoPreparada: Sendable {
    public var original: CronogramaGravado
    public var novo: CronogramaCobranca
}

/// Inserir / Manter Cronograma de Cobrança (seed 002 §2.3.4, seed 003): reads, runs the rules of
/// GSANCobranca, writes in one transaction. Throws `PedidoInvalido` for requests it cannot read.
public struct ManterCronograma {
    public let db: PostgresConnection
    /// Today in the utility's calendar (the rules compare planned dates with it).
    public let hoje: CivilDate

    public init(db: PostgresConnection, hoje: CivilDate) {
        self.db = db
        self.hoje = hoje
    }

    private var repositorio: RepositorioCronograma { RepositorioCronograma(db) }

    // MARK: Inserir

    public func inserir(_ pedido: PedidoInclusao) throws -> ResultadoManutencao {
        let catalogo = try repositorio.catalogo()
        let grupo = try repositorio.grupo(pedido.grupo)
        let naReferencia = ManutencaoCronograma.validarReferencia(pedido.referencia, grupo: grupo)
        guard naReferencia.isEmpty, let referencia = Referencia(mesAno: pedido.referencia) else {
            return .recusado(naReferencia)
        }
        let existente = ManutencaoCronograma.validarInclusao(
            grupo: grupo, referencia: referencia, referenciasExistentes: try repositorio.referencias(grupo: grupo))
        guard existente.isEmpty else { return .recusado(existente) }

        let alteracoes = try AlteracoesCronograma.interpretar(
            datas: pedido.datas, comandar: pedido.comandar, qtdMaxima: pedido.qtdMaxima, catalogo: catalogo)
        var pedidas: [AcaoCobranca] = []
        for texto in pedido.acoes { pedidas.append(try catalogo.resolverAcao(texto)) }
        let montagem =
            grupo.execucaoAutomatica
            ? try montarAutomatico(
                grupo, referencia, pedido: pedido, acoes: pedidas, alteracoes: alteracoes, catalogo: catalogo)
            : .success(
                try montarInformado(
                    grupo, referencia, pedido: pedido, acoes: pedidas, alteracoes: alteracoes, catalogo: catalogo))
        let montado: CronogramaCobranca
        switch montagem {
        case .failure(let recusa): return .recusado(recusa.violacoes)
        case .success(let cronograma): montado = cronograma
        }

        let violacoes = Self.validar(
            montado, original: nil, contexto: try repositorio.contexto(grupo: grupo, hoje: hoje, catalogo: catalogo))
        let impeditivas = Self.semRepeticao(violacoes).impeditivas(confirmado: pedido.confirmado)
        guard impeditivas.isEmpty else { return .recusado(impeditivas) }

        // Automatic groups: the computed dates were checked as new dates; now every activity is commanded.
        let cronograma = grupo.execucaoAutomatica ? MontagemCronograma.comandarTodas(montado) : montado
        let gravado = try db.withTransaction { try RepositorioCronograma($0).inserir(cronograma) }
        guard gravado != nil else {
            return .recusado([.cronogramaJaExiste(grupo: grupo.descricao, referencia: referencia)])
        }
        return .gravado("Cronograma de Cobrança do \(grupo.descricao) referente a \(referencia) inserido com sucesso.")
    }

    /// Seed 002 §2.3.4, groups with execução automática: the cycle's start is required and checked,
    /// the dates are computed from it (not yet commanded, so the rules check them).
    private func montarAutomatico(
        _ grupo: GrupoCobranca, _ referencia: Referencia, pedido: PedidoInclusao, acoes pedidas: [AcaoCobranca],
        alteracoes: AlteracoesCronograma, catalogo: CatalogoCobranca
    ) throws -> Result<CronogramaCobranca, Recusa> {
        guard alteracoes.datas.isEmpty else {
            throw PedidoInvalido(
                "O grupo \(grupo.descricao) tem execução automática: as datas são calculadas a partir de --inicio, "
                    + "não informe --data")
        }
        guard let textoInicio = pedido.inicio else {
            throw PedidoInvalido(
                "O grupo \(grupo.descricao) tem execução automática: informe a data de início do ciclo com "
                    + "--inicio DD/MM/AAAA")
        }
        let noInicio = ManutencaoCronograma.validarInicioCiclo(
            textoInicio, hoje: hoje, grupo: grupo,
            mesesDasPrimeirasAtividades: try repositorio.mesesDasPrimeirasAtividades(grupo: grupo))
        guard noInicio.isEmpty, let inicio = CivilDate(brazilian: textoInicio) else {
            return .failure(Recusa(noInicio))
        }
        let acoes = try acoesDoCronograma(pedidas.isEmpty ? catalogo.acoesDoCronograma : pedidas, catalogo: catalogo)
        let calculado = DatasAutomaticas.calcular(
            MontagemCronograma.novo(grupo: grupo, referencia: referencia, acoes: acoes, catalogo: catalogo),
            inicioCiclo: inicio)
        // Every activity gets commanded; of the operator's items only the Qtd Máxima applies.
        var soQuantidades = AlteracoesCronograma()
        soQuantidades.qtdMaxima = alteracoes.qtdMaxima
        return .success(try MontagemCronograma.aplicar(soQuantidades, a: calculado, catalogo: catalogo))
    }

    /// Other groups: every date typed; the actions are the ones named.
    private func montarInformado(
        _ grupo: GrupoCobranca, _ referencia: Referencia, pedido: PedidoInclusao, acoes pedidas: [AcaoCobranca],
        alteracoes: AlteracoesCronograma, catalogo: CatalogoCobranca
    ) throws -> CronogramaCobranca {
        guard pedido.inicio == nil else {
            throw PedidoInvalido(
                "--inicio só se aplica a grupos com execução automática; o grupo \(grupo.descricao) tem as datas "
                    + "informadas com --data")
        }
        let ids = Set(pedidas.map(\.id)).union(alteracoes.acoesCitadas)
        let acoes = try acoesDoCronograma(catalogo.acoes.filter { ids.contains($0.id) }, catalogo: catalogo)
        return try MontagemCronograma.aplicar(
            alteracoes,
            a: MontagemCronograma.novo(
                grupo: grupo, referencia: referencia, acoes: acoes, catalogo: catalogo),
            catalogo: catalogo)
    }

    // MARK: Atualizar

    public func atualizar(_ pedido: PedidoAlteracao) throws -> ResultadoManutencao {
        switch try prepararAlteracao(pedido) {
        case .failure(let recusa): return .recusado(recusa.violacoes)
        case .success(let preparada): return try gravar(preparada)
        }
    }

    /// Reads the schedule, applies the changes and runs the rules; nothing is written.
    public func prepararAlteracao(_ pedido: PedidoAlteracao) throws -> Result<AlteracaoPreparada, Recusa> {
        let catalogo = try repositorio.catalogo()
        let grupo = try repositorio.grupo(pedido.grupo)
        guard let referencia = Referencia(mesAno: pedido.referencia) else {
            return .failure(Recusa([.referenciaInvalida]))
        }
        guard let original = try repositorio.cronograma(grupo: grupo, referencia: referencia, catalogo: catalogo) else {
            // The version pinned by the operator existed: someone removed it meanwhile.
            if pedido.versao != nil { return .failure(Recusa([.atualizadoPorOutroUsuario])) }
            throw PedidoInvalido("Cronograma de Cobrança do \(grupo.descricao) referente a \(referencia) inexistente")
        }
        let doGrupo = ManutencaoCronograma.validarAlteracaoDoGrupo(grupo)
        guard doGrupo.isEmpty else { return .failure(Recusa(doGrupo)) }
        if let versao = pedido.versao {
            let versoes = ManutencaoCronograma.verificarVersao(esperada: versao, atual: original.versao)
            guard versoes.isEmpty else { return .failure(Recusa(versoes)) }
        }
        let alteracoes = try AlteracoesCronograma.interpretar(
            datas: pedido.datas, comandar: pedido.comandar, descomandar: pedido.descomandar,
            qtdMaxima: pedido.qtdMaxima,
            adicionar: pedido.adicionarAcoes, remover: pedido.removerAcoes, catalogo: catalogo)
        guard !alteracoes.vazia else {
            throw PedidoInvalido(
                "Nenhuma alteração informada: use --data, --comandar, --descomandar, --qtd-maxima, --adicionar-acao "
                    + "ou --remover-acao")
        }
        if !alteracoes.adicionar.isEmpty {
            let adicao = ValidacaoCronograma.adicao(original.cronograma, catalogo: catalogo.acoesDoCronograma)
            guard adicao.isEmpty else { return .failure(Recusa(adicao)) }
        }
        let novo = try MontagemCronograma.aplicar(alteracoes, a: original.cronograma, catalogo: catalogo)
        // A request that leaves the schedule as it is (a --descomandar of an activity not
        // commanded, a date it already has) is refused: no "success", no new version.
        guard novo != original.cronograma else {
            throw PedidoInvalido(
                "Nenhuma alteração: o Cronograma de Cobrança do \(grupo.descricao) referente a \(referencia) já está como "
                    + "pedido (nada gravado)")
        }
        let despachadas = original.despachadas(
            jobsExistentes: Set(try repositorio.jobs(original.registros.values.map(\.jobID)).keys))
        let violacoes =
            ManutencaoCronograma.validarAlteracoes(
                original: original.cronograma, alterado: novo, despachadas: despachadas)
            + Self.validar(
                novo, original: original.cronograma,
                contexto: try repositorio.contexto(grupo: grupo, hoje: hoje, catalogo: catalogo))
        let impeditivas = Self.semRepeticao(violacoes).impeditivas(confirmado: pedido.confirmado)
        guard impeditivas.isEmpty else { return .failure(Recusa(impeditivas)) }
        return .success(AlteracaoPreparada(original: original, novo: novo))
    }

    /// Saves a prepared update at the versions it read, in one transaction.
    public func gravar(_ preparada: AlteracaoPreparada) throws -> ResultadoManutencao {
        do {
            try db.withTransaction { try RepositorioCronograma($0).atualizar(preparada.original, para: preparada.novo) }
        } catch let recusa as Recusa {
            return .recusado(recusa.violacoes)
        }
        let cronograma = preparada.novo
        return .gravado(
            "Cronograma de Cobrança do \(cronograma.grupo.descricao) referente a \(cronograma.referencia) atualizado com sucesso."
        )
    }

    // MARK: Remover

    /// Deletes the schedules `alvos` (grupo, MM/AAAA) all together or none (seed 003).
    public func remover(_ alvos: [(grupo: String, referencia: String)], confirmado: Bool) throws -> ResultadoManutencao
    {
        let catalogo = try repositorio.catalogo()
        var gravados: [CronogramaGravado] = []
        for alvo in alvos {
            let grupo = try repositorio.grupo(alvo.grupo)
            guard let referencia = Referencia(mesAno: alvo.referencia) else { return .recusado([.referenciaInvalida]) }
            guard let gravado = try repositorio.cronograma(grupo: grupo, referencia: referencia, catalogo: catalogo)
            else {
                throw PedidoInvalido(
                    "Cronograma de Cobrança do \(grupo.descricao) referente a \(referencia) inexistente")
            }
            let doGrupo = ManutencaoCronograma.validarAlteracaoDoGrupo(grupo)
            guard doGrupo.isEmpty else { return .recusado(doGrupo) }
            if !gravados.contains(where: { $0.id == gravado.id }) { gravados.append(gravado) }
        }
        let jobs = Set(try repositorio.jobs(gravados.flatMap { $0.registros.values.map(\.jobID) }).keys)
        var violacoes = ManutencaoCronograma.validarExclusao(gravados.map(\.cronograma))
        for gravado in gravados {
            violacoes += ManutencaoCronograma.validarExclusaoDespachadas(
                gravado.cronograma, despachadas: gravado.despachadas(jobsExistentes: jobs))
        }
        if violacoes.isEmpty { violacoes = [.confirmaExclusao] }
        let impeditivas = Self.semRepeticao(violacoes).impeditivas(confirmado: confirmado)
        guard impeditivas.isEmpty else { return .recusado(impeditivas) }
        do {
            try db.withTransaction { db in
                for gravado in gravados { try RepositorioCronograma(db).remover(gravado) }
            }
        } catch let recusa as Recusa {
            return .recusado(recusa.violacoes)
        }
        return .gravado("\(gravados.count) Cronograma(s) de Cobrança removido(s) com sucesso.")
    }

    // MARK: Apoio

    /// The actions a new schedule may have; others are refused by name.
    private func acoesDoCronograma(_ acoes: [AcaoCobranca], catalogo: CatalogoCobranca) throws -> [AcaoCobranca] {
        let validas = Set(catalogo.acoesDoCronograma.map(\.id))
        if let fora = acoes.first(where: { !validas.contains($0.id) }) {
            throw PedidoInvalido("A ação \(fora.descricao) não compõe o cronograma")
        }
        return acoes
    }

    /// GSANCobranca's checks, with the dates of activities commanded only now checked as new dates.
    static func validar(
        _ cronograma: CronogramaCobranca, original: CronogramaCobranca?, contexto: ContextoValidacao
    ) -> [Violacao] {
        ValidacaoCronograma.validar(cronograma, contexto: contexto)
            + ValidacaoCronograma.datasPrevistas(
                MontagemCronograma.semComandosNovos(cronograma, original: original), hoje: contexto.hoje)
    }

    /// One line per distinct message (several actions can break a rule whose text names none).
    static func semRepeticao(_ violacoes: [Violacao]) -> [Violacao] {
        var vistas: Set<String> = []
        return violacoes.filter { vistas.insert($0.mensagem).inserted }
    }
}

/// The violations that stopped a maintenance: nothing was written (a save that finds the rows
/// changed since they were read throws it from inside its transaction, which rolls back).
public struct Recusa: Error, Equatable, Sendable {
    public var violacoes: [Violacao]
    public init(_ violacoes: [Violacao]) { self.violacoes = violacoes }
}
