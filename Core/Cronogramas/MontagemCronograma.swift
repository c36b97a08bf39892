import GSANCobranca
import GSANModel

/// The operator's changes to a schedule, read from the command line's `AÇÃO/ATIVIDADE[=VALOR]`
/// items and resolved against the catalogue. Pure: no database.
public struct AlteracoesCronograma: Equatable, Sendable {
    public var datas: [ChaveAtividade: CivilDate] = [:]
    public var comandar: Set<ChaveAtividade> = []
    public var descomandar: Set<ChaveAtividade> = []
    public var qtdMaxima: [ChaveAtividade: Int] = [:]
    /// Action ids, in the order given.
    public var adicionar: [Int] = []
    public var remover: [Int] = []

    public init() {}

    public var vazia: Bool {
        datas.isEmpty && comandar.isEmpty && descomandar.isEmpty && qtdMaxima.isEmpty && adicionar.isEmpty
            && remover.isEmpty
    }

    /// The actions these changes name through an activity (`--data`, `--comandar`, `--qtd-maxima`).
    public var acoesCitadas: Set<Int> {
        Set(datas.keys.map(\.acao)).union(comandar.map(\.acao)).union(qtdMaxima.keys.map(\.acao))
    }

    public static func interpretar(
        datas: [String] = [], comandar: [String] = [], descomandar: [String] = [], qtdMaxima: [String] = [],
        adicionar: [String] = [], remover: [String] = [], catalogo: CatalogoCobranca
    ) throws(PedidoInvalido) -> AlteracoesCronograma {
        var alteracoes = AlteracoesCronograma()
        for item in datas {
            let (chave, texto) = try catalogo.resolverAtribuicao(item, opcao: "--data")
            guard let data = CivilDate(brazilian: texto) else {
                throw PedidoInvalido("\(Violacao.dataInformadaInvalida.mensagem) (--data \(item))")
            }
            alteracoes.datas[chave] = data
        }
        for item in qtdMaxima {
            let (chave, texto) = try catalogo.resolverAtribuicao(item, opcao: "--qtd-maxima")
            // The column is an integer: 1…2147483647.
            guard let quantidade = Int(texto), quantidade > 0, quantidade <= Int(Int32.max) else {
                throw PedidoInvalido(
                    "Qtd Máxima Documentos inválida em --qtd-maxima \(item): informe um inteiro maior que zero"
                        + " e até \(Int32.max)")
            }
            alteracoes.qtdMaxima[chave] = quantidade
        }
        for item in comandar { alteracoes.comandar.insert(try catalogo.resolverChave(item, opcao: "--comandar")) }
        for item in descomandar {
            alteracoes.descomandar.insert(try catalogo.resolverChave(item, opcao: "--descomandar"))
        }
        if let ambas = alteracoes.comandar.intersection(alteracoes.descomandar).sorted().first {
            throw PedidoInvalido("A atividade \(ambas) foi informada em --comandar e em --descomandar")
        }
        for item in adicionar { alteracoes.adicionar.append(try catalogo.resolverAcao(item).id) }
        for item in remover { alteracoes.remover.append(try catalogo.resolverAcao(item).id) }
        if let ambas = Set(alteracoes.adicionar).intersection(alteracoes.remover).sorted().first {
            throw PedidoInvalido("A ação \(ambas) foi informada em --adicionar-acao e em --remover-acao")
        }
        return alteracoes
    }
}

/// Building and changing a schedule in memory, before the rules look at it.
public enum MontagemCronograma {
    /// A new schedule with `acoes` and each one's activities, no dates, nothing commanded.
    public static func novo(
        grupo: GrupoCobranca, referencia: Referencia, acoes: [AcaoCobranca], catalogo: CatalogoCobranca
    ) -> CronogramaCobranca {
        CronogramaCobranca(
            grupo: grupo, referencia: referencia,
            acoes: acoes.map { acao in
                AcaoDoCronograma(
                    acao, atividades: catalogo.atividades(daAcao: acao.id).map { AtividadeDoCronograma($0) })
            })
    }

    /// The schedule of an automatic group: every date computed from the cycle's start (seed 002
    /// §2.3.4), every activity commanded (the "Comandar" check-list is marked obligatorily).
    public static func automatico(_ cronograma: CronogramaCobranca, inicio: CivilDate) -> CronogramaCobranca {
        comandarTodas(DatasAutomaticas.calcular(cronograma, inicioCiclo: inicio))
    }

    /// `cronograma` with the commands given in this maintenance taken back (those not in
    /// `original`). The rules skip the date checks of commanded activities because their dates are
    /// history; a command typed together with the date does not make it history, so the caller
    /// checks the dates of this version too.
    public static func semComandosNovos(_ cronograma: CronogramaCobranca, original: CronogramaCobranca?)
        -> CronogramaCobranca
    {
        var resultado = cronograma
        for i in resultado.acoes.indices {
            let antes = original?.acao(id: resultado.acoes[i].acao.id)
            for j in resultado.acoes[i].atividades.indices where resultado.acoes[i].atividades[j].comandada {
                let id = resultado.acoes[i].atividades[j].atividade.id
                if !(antes?.atividade(id: id)?.comandada ?? false) {
                    resultado.acoes[i].atividades[j].comandada = false
                }
            }
        }
        return resultado
    }

    public static func comandarTodas(_ cronograma: CronogramaCobranca) -> CronogramaCobranca {
        var resultado = cronograma
        for i in resultado.acoes.indices {
            for j in resultado.acoes[i].atividades.indices where resultado.acoes[i].atividades[j].dataPrevista != nil {
                resultado.acoes[i].atividades[j].comandada = true
            }
        }
        return resultado
    }

    /// `alteracoes` applied to `cronograma`: actions added (with the catalogue's activities,
    /// marked `adicionada`) or marked "Remover", then dates, "Comandar" and Qtd Máxima.
    /// Refuses changes to actions or activities the schedule does not have, and a command or a
    /// Qtd Máxima on an activity left without a date (it would not be stored).
    public static func aplicar(
        _ alteracoes: AlteracoesCronograma, a cronograma: CronogramaCobranca, catalogo: CatalogoCobranca
    ) throws(PedidoInvalido) -> CronogramaCobranca {
        var resultado = cronograma
        for id in alteracoes.adicionar {
            guard let acao = catalogo.acao(id: id), acao.compoeCronograma, !catalogo.foraDeUso.acoes.contains(id) else {
                throw PedidoInvalido("A ação \(catalogo.acao(id: id)?.descricao ?? String(id)) não compõe o cronograma")
            }
            guard resultado.acao(id: id) == nil else {
                throw PedidoInvalido("Ação de Cobrança \(acao.descricao) já está no cronograma")
            }
            resultado.acoes.append(
                AcaoDoCronograma(
                    acao, atividades: catalogo.atividades(daAcao: id).map { AtividadeDoCronograma($0) },
                    adicionada: true))
        }
        for id in alteracoes.remover {
            guard let indice = resultado.acoes.firstIndex(where: { $0.acao.id == id }) else {
                throw PedidoInvalido(
                    "Ação de Cobrança \(catalogo.acao(id: id)?.descricao ?? String(id)) não está no cronograma")
            }
            resultado.acoes[indice].remover = true
        }

        func alterar(_ chave: ChaveAtividade, _ mudanca: (inout AtividadeDoCronograma) -> Void) throws(PedidoInvalido) {
            let acao = catalogo.acao(id: chave.acao)?.descricao ?? String(chave.acao)
            guard let i = resultado.acoes.firstIndex(where: { $0.acao.id == chave.acao }) else {
                throw PedidoInvalido("Ação de Cobrança \(acao) não está no cronograma (use --adicionar-acao)")
            }
            guard !resultado.acoes[i].remover else {
                throw PedidoInvalido("Ação de Cobrança \(acao) está sendo removida do cronograma")
            }
            guard let j = resultado.acoes[i].atividades.firstIndex(where: { $0.atividade.id == chave.atividade }) else {
                let atividade = catalogo.atividade(id: chave.atividade)?.descricao ?? String(chave.atividade)
                throw PedidoInvalido("A atividade \(atividade) não faz parte da ação \(acao) neste cronograma")
            }
            mudanca(&resultado.acoes[i].atividades[j])
        }
        for (chave, data) in alteracoes.datas.sorted(by: { $0.key < $1.key }) {
            try alterar(chave) { $0.dataPrevista = data }
        }
        for (chave, qtd) in alteracoes.qtdMaxima.sorted(by: { $0.key < $1.key }) {
            try alterar(chave) { $0.qtdMaximaDocumentos = qtd }
        }
        for chave in alteracoes.comandar.sorted() { try alterar(chave) { $0.comandada = true } }
        for chave in alteracoes.descomandar.sorted() { try alterar(chave) { $0.comandada = false } }

        for acao in resultado.acoesMantidas {
            for atividade in acao.atividadesOrdenadas where atividade.dataPrevista == nil {
                let nomes = "\(atividade.atividade.descricao) da ação \(acao.acao.descricao)"
                if atividade.comandada {
                    throw PedidoInvalido(
                        "A atividade \(nomes) não tem data prevista: informe-a com --data para comandá-la")
                }
                if atividade.qtdMaximaDocumentos != nil {
                    throw PedidoInvalido(
                        "A atividade \(nomes) não tem data prevista: informe-a com --data antes da Qtd Máxima")
                }
            }
        }
        return resultado
    }
}
