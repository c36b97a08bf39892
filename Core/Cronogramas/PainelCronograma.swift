import GSANCobranca
import GSANModel
import JobRuntime

/// `gsan cronograma mostrar`: one schedule with, for each stored activity, where its job is.
public struct PainelCronograma: Sendable {
    public var gravado: CronogramaGravado
    /// By activity: not commanded, waiting for its date, queued, failed (with the job id)...
    public var situacoes: [ChaveAtividade: SituacaoDespacho]

    public init(_ gravado: CronogramaGravado, jobs: [String: EstadoJob]) {
        self.gravado = gravado
        var situacoes: [ChaveAtividade: SituacaoDespacho] = [:]
        for acao in gravado.cronograma.acoes {
            for atividade in acao.atividades {
                let chave = ChaveAtividade(acao: acao.acao.id, atividade: atividade.atividade.id)
                guard let registro = gravado.registros[chave] else { continue }
                situacoes[chave] = .de(
                    comandada: registro.comando != nil, realizada: registro.realizacao != nil, job: jobs[registro.jobID]
                )
            }
        }
        self.situacoes = situacoes
    }

    /// The activities whose job failed for good (dead-letter queue), in schedule order.
    public var falhas: [(acao: String, atividade: String, job: String, tentativas: Int, erro: String?)] {
        gravado.cronograma.acoesMantidas.flatMap { acao in
            acao.atividadesOrdenadas.compactMap { atividade in
                guard
                    case .falhou(let job, let tentativas, let erro) =
                        situacoes[ChaveAtividade(acao: acao.acao.id, atividade: atividade.atividade.id)]
                else { return nil }
                return (acao.acao.descricao, atividade.atividade.descricao, job, tentativas, erro)
            }
        }
    }

    public func render(catalogo: CatalogoCobranca) -> String {
        let cronograma = gravado.cronograma
        var linhas = [
            "Cronograma de Cobrança do \(cronograma.grupo.descricao) (grupo \(cronograma.grupo.id)) referente a "
                + "\(cronograma.referencia): versão \(gravado.versao), "
                + (cronograma.grupo.execucaoAutomatica ? "execução automática (somente consulta)" : "datas informadas")
        ]
        for acao in cronograma.acoesMantidas {
            let predecessora = acao.acao.predecessoraID.flatMap { catalogo.acao(id: $0)?.descricao } ?? "—"
            linhas.append("")
            linhas.append(
                "Ação \(acao.acao.id) \(acao.acao.descricao) — predecessora: \(predecessora); obrigatória: "
                    + (acao.acao.obrigatoria ? "SIM" : "NÃO"))
            let tabela = acao.atividadesOrdenadas.map { atividade -> [String] in
                let chave = ChaveAtividade(acao: acao.acao.id, atividade: atividade.atividade.id)
                let registro = gravado.registros[chave]
                return [
                    String(atividade.atividade.id), atividade.atividade.descricao,
                    atividade.atividade.predecessoraID.flatMap { catalogo.atividade(id: $0)?.descricao } ?? "",
                    atividade.qtdMaximaDocumentos.map(String.init) ?? "",
                    atividade.dataPrevista?.description ?? "(sem data)",
                    registro?.comando.map(FusoCobranca.instante) ?? "",
                    registro?.realizacao.map(FusoCobranca.instante) ?? "",
                    situacoes[chave]?.rotulo ?? "não gravada", situacoes[chave]?.job ?? "",
                ]
            }
            linhas.append(
                JobAdmin.table(
                    [
                        "Ativ.", "Atividade", "Predecessora", "Qtd Máx.", "Data Prevista", "Comando", "Realização",
                        "Situação", "Job",
                    ],
                    tabela, rightAligned: [0, 3]
                ).split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n"))
        }
        let falhas = falhas
        if !falhas.isEmpty {
            linhas.append("")
            linhas.append("Atividades com job FALHOU (na fila de mortos):")
            for falha in falhas {
                linhas.append(
                    "  \(falha.atividade) da ação \(falha.acao): job \(falha.job), \(falha.tentativas) tentativa(s); erro: "
                        + JobAdmin.oneLine(falha.erro ?? "—", limit: 200))
                linhas.append("    ver: gsan job show \(falha.job)    reprocessar: gsan dlq replay \(falha.job)")
            }
        }
        return linhas.joined(separator: "\n")
    }
}

/// `gsan cronograma listar`: one line per schedule (the filter screen of seed 003).
public enum ListagemCronogramas {
    public static func render(_ cronogramas: [CronogramaGravado]) -> String {
        guard !cronogramas.isEmpty else { return "Nenhum cronograma de cobrança para os parâmetros informados." }
        let linhas = cronogramas.map { gravado -> [String] in
            let registros = gravado.registros.values
            return [
                String(gravado.cronograma.grupo.id), gravado.cronograma.grupo.descricao,
                gravado.cronograma.referencia.description,
                gravado.cronograma.grupo.execucaoAutomatica ? "automática" : "informada",
                String(gravado.cronograma.acoes.count), String(registros.count),
                String(registros.filter { $0.comando != nil }.count),
                String(registros.filter { $0.realizacao != nil }.count),
                String(gravado.versao),
            ]
        }
        return JobAdmin.table(
            ["Id", "Grupo", "Mês/Ano", "Datas", "Ações", "Atividades", "Comandadas", "Realizadas", "Versão"], linhas,
            rightAligned: [0, 4, 5, 6, 7, 8])
    }
}
