import Foundation
import GSANCobranca
import GSANModel

/// The report "Cronogramas de Cobrança Cadastrados" (seed 003, "Modelo de relatório"): per group
/// and month a block with the actions (predecessor action, obligatory SIM/NÃO) and their stored
/// activities (predecessor activity, planned date, command and realization instants in Brasília).
/// Plain text with fixed-width columns, pages of `linhasPorPagina` lines under a header with
/// "PAG n/m" and the print instant; pages after the first start with a form feed. Pure.
public enum RelatorioCronogramas {
    public static let titulo = "Cronogramas de Cobrança Cadastrados"
    static let cabecalho = [
        "Ação de Cobrança / Atividade", "Predecessora", "Obrigatória", "Data Prevista", "Comando", "Realização",
    ]

    public static func render(
        _ cronogramas: [CronogramaGravado], catalogo: CatalogoCobranca, emissao: Date, linhasPorPagina: Int = 60
    ) -> String {
        let blocos = cronogramas.map { bloco($0, catalogo: catalogo) }
        var larguras = cabecalho.map(\.count)
        for linha in blocos.flatMap(\.linhas) {
            for (i, celula) in linha.enumerated() { larguras[i] = max(larguras[i], celula.count) }
        }
        let largura = larguras.reduce(0, +) + 2 * (larguras.count - 1)
        func colunas(_ celulas: [String]) -> String {
            zip(celulas, larguras).map { $0.preenchido(ate: $1) }.joined(separator: "  ").semEspacosNoFim()
        }
        func ladoALado(_ esquerda: String, _ direita: String) -> String {
            esquerda + String(repeating: " ", count: max(2, largura - esquerda.count - direita.count)) + direita
        }

        // Pages: each block opens with its group line and column header, repeated when it continues.
        let espaco = max(linhasPorPagina - 2, 5)
        var paginas: [[String]] = []
        var atual: [String] = []
        for bloco in blocos {
            let topo = [
                ladoALado("Grupo: \(bloco.grupo)", "Mês/Ano: \(bloco.referencia)"), colunas(cabecalho),
                String(repeating: "-", count: largura),
            ]
            if !atual.isEmpty, atual.count + 1 + topo.count + 1 <= espaco {
                atual.append("")
            } else if !atual.isEmpty {
                paginas.append(atual)
                atual = []
            }
            atual += topo
            for linha in bloco.linhas {
                if atual.count >= espaco {
                    paginas.append(atual)
                    atual = topo
                }
                atual.append(colunas(linha))
            }
        }
        if atual.isEmpty { atual = ["Nenhum cronograma de cobrança para os parâmetros informados."] }
        paginas.append(atual)

        let quando = FusoCobranca.instante(emissao)
        return paginas.enumerated().map { numero, linhas in
            let topo = [
                ladoALado(titulo, "PAG \(numero + 1)/\(paginas.count) \(quando)"),
                String(repeating: "=", count: largura),
            ]
            return (numero == 0 ? "" : "\u{0C}") + (topo + linhas).joined(separator: "\n")
        }.joined(separator: "\n") + "\n"
    }

    /// One schedule's lines: an action line, then its stored activities indented.
    static func bloco(
        _ gravado: CronogramaGravado, catalogo: CatalogoCobranca
    ) -> (grupo: String, referencia: String, linhas: [[String]]) {
        var linhas: [[String]] = []
        for acao in gravado.cronograma.acoesMantidas {
            let predecessora = acao.acao.predecessoraID.flatMap { catalogo.acao(id: $0)?.descricao } ?? ""
            linhas.append([acao.acao.descricao, predecessora, acao.acao.obrigatoria ? "SIM" : "NÃO", "", "", ""])
            for atividade in acao.atividadesOrdenadas where atividade.dataPrevista != nil {
                let registro = gravado.registros[ChaveAtividade(acao: acao.acao.id, atividade: atividade.atividade.id)]
                linhas.append([
                    "  " + atividade.atividade.descricao,
                    atividade.atividade.predecessoraID.flatMap { catalogo.atividade(id: $0)?.descricao } ?? "",
                    "",
                    atividade.dataPrevista?.description ?? "",
                    registro?.comando.map(FusoCobranca.instante) ?? "",
                    registro?.realizacao.map(FusoCobranca.instante) ?? "",
                ])
            }
        }
        return (gravado.cronograma.grupo.descricao, gravado.cronograma.referencia.description, linhas)
    }
}

extension String {
    /// Padded with spaces to `largura` characters (not UTF-16 units, so accents count as one).
    func preenchido(ate largura: Int) -> String {
        count >= largura ? self : self + String(repeating: " ", count: largura - count)
    }

    func semEspacosNoFim() -> String {
        var texto = self
        while texto.last == " " { texto.removeLast() }
        return texto
    }
}
