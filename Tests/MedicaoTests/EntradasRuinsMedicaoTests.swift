import Foundation
import Postgres
import TestSupport
import Testing

/// The bad command lines of `gsan empresa|contrato|grupo-cobranca contrato|bm` (issue 15's
/// catalogue, for the medição's commands): each one, run as the real program against a seeded
/// database, exits non-zero with its Portuguese reason — the seed's words where it has them —
/// never ArgumentParser's or PostgreSQL's English, and no table changes, the job record included.
@Suite(.serialized) struct EntradasRuinsMedicaoTests {
    struct Caso: Sendable {
        var id: String
        var argumentos: [String]
        /// The start of a line of the output (the rest is data the seed generates, such as a date).
        var motivo: String
    }

    static func caso(_ id: String, _ argumentos: [String], _ motivo: String) -> Caso { Caso(id: id, argumentos: argumentos, motivo: motivo) }

    static let ref = ["--referencia", "06/2025"]
    static let empresa = ["empresa", "inserir", "--nome", "NOVA COBRANCA", "--principal", "nao", "--cobranca", "sim", "--leitura", "nao",
                          "--gestao-micromedicao", "nao", "--atualiza-cadastro", "nao"]
    static let contrato = ["contrato", "inserir", "--empresa", "2", "--numero", "900/2025", "--inicio", "01/01/2025"]
    static let item = ["contrato", "item", "adicionar", "--contrato", "1", "--item", "1", "--valor", "10,00"]
    static let itemServico = ["contrato", "item-servico", "inserir", "--descricao", "NOVO ITEM", "--abreviada", "NOVO"]
    /// 26 "é" written as "e" + U+0301: 26 characters to a person, 52 to the column.
    static let eDecomposto = String(repeating: "e\u{301}", count: 26)

    static let casos: [Caso] = [
        // gsan empresa: required, lengths as the column counts them, sim/não, CNPJ, e-mail, ids.
        caso("m01", ["empresa", "inserir", "--principal", "nao"], "Informe Nome."),
        caso("m02", ["empresa", "inserir", "--nome", String(repeating: "N", count: 51)],
             "Nome com mais de 50 caracteres (51, como o banco conta: cada acento combinado conta um)."),
        caso("m03", ["empresa", "inserir", "--nome", eDecomposto], "Nome com mais de 50 caracteres (52, como o banco conta: cada acento combinado conta um)."),
        caso("m04", ["empresa", "inserir", "--nome", "X", "--principal", "talvez"], "Empresa Principal inválido: talvez (sim ou não)."),
        caso("m05", empresa + ["--cnpj", "11222333000100"], "CNPJ inválido: 11222333000100."),
        caso("m06", empresa + ["--email", "a@b"], "E-mail inválido: a@b."),
        caso("m07", empresa + ["--abreviado", "ABREVIADO LONGO"], "Nome Abreviado com mais de 10 caracteres (15"),
        caso("m08", ["empresa", "atualizar", "0", "--nome", "X"], "Empresa inválido: 0."),
        caso("m09", ["empresa", "atualizar", "2147483648"], "Empresa inválido: 2147483648."),
        caso("m10", ["empresa", "atualizar", "99", "--nome", "X"], "Empresa 99 inexistente."),
        // gsan contrato: required, dates, amounts and percentages in range, lengths, existence.
        caso("m11", ["contrato", "inserir", "--empresa", "2"], "Informe Número do Contrato."),
        caso("m12", ["contrato", "inserir", "--empresa", "2", "--numero", String(repeating: "9", count: 21), "--inicio", "01/01/2025"],
             "Número do Contrato com mais de 20 caracteres (21"),
        caso("m13", ["contrato", "inserir", "--empresa", "2", "--numero", "X", "--inicio", "31/02/2025"],
             "Data de Inicio do Contrato inválida: 31/02/2025 (use DD/MM/AAAA)."),
        caso("m14", contrato + ["--valor-global", "12.345.678.901,00"],
             "Valor Global do Contrato maior que o permitido: 12.345.678.901,00 (no máximo 12 dígitos com as duas casas)."),
        caso("m15", contrato + ["--taxa-sucesso", "100,01"], "Percentual Taxa de Sucesso maior que 100,00: 100,01."),
        caso("m16", contrato + ["--taxa-sucesso=-1,00"], "Percentual Taxa de Sucesso inválido: -1,00"),
        caso("m17", contrato + ["--observacao", String(repeating: "o", count: 401)], "Observação com mais de 400 caracteres (401"),
        caso("m18", contrato + ["--fim", "31/12/2024"], "Data de Fim do Contrato (31/12/2024) anterior à Data de Início do Contrato (01/01/2025)."),
        caso("m19", ["contrato", "inserir", "--empresa", "0", "--numero", "X", "--inicio", "01/01/2025"], "Empresa inválido: 0."),
        caso("m20", ["contrato", "inserir", "--empresa", "99", "--numero", "X", "--inicio", "01/01/2025"], "Empresa 99 inexistente."),
        caso("m21", ["contrato", "mostrar", "424242"], "Contrato 424242 inexistente."),
        caso("m22", ["contrato", "listar", "--empresa", "0"], "Empresa inválido: 0."),
        // gsan contrato item: the item's percentages have 4 digits (99,99), service types 1…9999, no repeats.
        caso("m23", item + ["--servicos", "1011", "--pc-nao-executados", "100,00", "--pc-multa", "2,00"],
             "Percentual de Serviços Não Executados / Não Aceitos para Aplicação de Multa maior que 99,99: 100,00."),
        caso("m24", item + ["--servicos", "1011", "--pc-nao-executados", "5,00", "--pc-multa", "99,991"],
             "Percentual da Multa a Ser Aplicada Quando o Percentual Acima For Atingido inválido: 99,991"),
        caso("m25", item + ["--servicos", "1011,1011"], "Tipo de Serviço 1011 repetido."),
        caso("m26", item + ["--servicos", "10000"], "Tipo de Serviço inválido: 10000."),
        caso("m27", item + ["--servicos", "1011", "--pc-nao-executados", "5,00"],
             "Informe Percentual da Multa a Ser Aplicada Quando o Percentual Acima For Atingido."),
        caso("m28", item + ["--servicos", "1011", "--valor-orcado", "123.456.789,00"],
             "Valor Orçado para o Item de Contrato maior que o permitido: 123.456.789,00 (no máximo 10 dígitos com as duas casas)."),
        caso("m29", item + ["--servicos", "1011", "--qt-orcada", "1.234.567,00"],
             "Quantidade Orçada para o Item de Contrato maior que o permitido: 1.234.567,00 (no máximo 8 dígitos com as duas casas)."),
        caso("m30", ["contrato", "item", "adicionar", "--contrato", "424242", "--item", "1", "--valor", "1,00", "--servicos", "1011"],
             "Contrato 424242 inexistente."),
        caso("m31", ["contrato", "item", "adicionar", "--contrato", "1", "--item", "100000", "--valor", "1,00", "--servicos", "1011"],
             "Item de Contrato inválido: 100000."),
        caso("m32", ["contrato", "aditivo", "--contrato", "1", "--inicio", "01/01/2020", "--valor", "1,00"],
             "Data de início do aditivo (01/01/2020) anterior à Data de Início do Contrato"),
        caso("m33", ["contrato", "aditivo", "--contrato", "1", "--inicio", "01/01/2026", "--valor", "1,00", "--taxa-sucesso", "101,00"],
             "Percentual Taxa de Sucesso maior que 100,00: 101,00."),
        caso("m34", itemServico + ["--constante", "10000"], "Código Constante de Cálculo inválido: 10000."),
        caso("m35", itemServico + ["--constante", "0"], "Código Constante de Cálculo inválido: 0."),
        caso("m36", itemServico + ["--constante", "25", "--codigo", "123456789012"], "Código do Item inválido: 123456789012 (até 11 dígitos)."),
        caso("m37", ["contrato", "item-servico", "inserir", "--descricao", String(repeating: "D", count: 101), "--abreviada", "D", "--constante", "1"],
             "Descrição com mais de 100 caracteres (101"),
        // gsan grupo-cobranca contrato.
        caso("m38", ["grupo-cobranca", "contrato", "definir", "--grupo", "0", "--empresa", "2", "--contrato", "1"], "Grupo de Cobrança inválido: 0."),
        caso("m39", ["grupo-cobranca", "contrato", "definir", "--grupo", "99", "--empresa", "2", "--contrato", "1"], "Grupo de cobrança 99 inexistente."),
        caso("m40", ["grupo-cobranca", "contrato", "acao", "--grupo", "1", "--acao", "1000", "--empresa", "2", "--contrato", "1"],
             "Ação de Cobrança inválido: 1000."),
        caso("m41", ["grupo-cobranca", "contrato", "remover", "--grupo", "1", "--acao", "34"], "A ação 34 não tem empresa/contrato informado no grupo 1."),
        caso("m42", ["grupo-cobranca", "contrato", "mostrar", "--grupo", "2147483648"], "Grupo de Cobrança inválido: 2147483648."),
        // gsan bm (seed 002 §2.6.1, §2.6.2).
        caso("m43", ["bm", "gerar", "--grupo", "1"], "Informe Mês/Ano do Grupo de Cobrança."),
        caso("m44", ["bm", "gerar", "--grupo", "1", "--referencia", "13/2025"], "Mês/Ano de Referência inválido: 13/2025 (use MM/AAAA)."),
        caso("m45", ["bm", "gerar"] + ref, "Informe Grupo de Cobrança ou Empresa."),
        caso("m46", ["bm", "gerar", "--grupo", "1", "--empresa", "2"] + ref, "Informe Grupo de Cobrança ou Empresa, não os dois."),
        caso("m47", ["bm", "gerar", "--grupo", "0"] + ref, "Grupo de Cobrança inválido: 0."),
        caso("m48", ["bm", "gerar", "--grupo", "99"] + ref, "Grupo de cobrança 99 inexistente."),
        caso("m49", ["bm", "gerar", "--empresa", "2"] + ref, "Informe Contrato de Cobrança."),
        caso("m50", ["bm", "gerar", "--grupo", "1", "--aguardar", "--limite", "-1"] + ref, "erro: --limite -1.0 fora de 0…86400 segundos (maior que zero)"),
        caso("m51", ["bm", "gerar", "--grupo", "1", "--limite", "100000"] + ref, "erro: --limite 100000.0 fora de 0…86400 segundos (maior que zero)"),
        caso("m52", ["bm", "gerar", "--grupo", "1", "--hoje", "31/02/2025"] + ref, "erro: --hoje inválida: 31/02/2025 (use DD/MM/AAAA)."),
        caso("m53", ["bm", "gerar", "--grupo", "1"] + ref,
             "Todas as ações de cobrança do grupo selecionado, no mês/ano informado, devem ter sido encerradas através do processo Gerar Resumo das Ações de Cobrança"),
        caso("m54", ["bm", "contrato", "gerar", "--empresa", "2", "--contrato", "1", "--referencia", "2025-06"], "Mês/Ano informado inválido: 2025-06."),
        caso("m55", ["bm", "contrato", "gerar", "--empresa", "2", "--contrato", "1"], "Informe Mês/Ano de Referência."),
        caso("m56", ["bm", "contrato", "gerar", "--empresa", "2", "--contrato", "1"] + ref, "Não existem grupos concluídos"),
        caso("m57", ["bm", "relatorio", "--grupo", "1", "--localidade-inicial", "1000"] + ref, "Localidade Inicial inválido: 1000."),
        caso("m58", ["bm", "relatorio", "--grupo", "1", "--localidade-inicial", "998"] + ref, "Localidade inexistente: 998."),
        caso("m59", ["bm", "mostrar", "--grupo", "1"] + ref, "Nenhum boletim de medição gerado para 06/2025."),
    ]

    /// What a refusal must never show: ArgumentParser's and PostgreSQL's English.
    static let ingles = [
        "Error:", "Usage:", "Missing", "violates", "out of range", "too long", "Expected to decode", "cannot be decoded",
        "duplicate key", "is invalid for", "Unknown option", "ERROR", "not valid JSON",
    ]

    @Test func eachBadCommandLineIsRefusedInPortugueseWritingNothing() async throws {
        let amqpURL = try TestServers.amqpURL()
        let (resultados, antes, depois) = try await comCompanhia { db, url in
            let antes = try ChecksumTabelas.calcular(db)
            var resultados: [(Int32?, String)] = []
            for caso in Self.casos {
                let processo = try WorkerProcess("gsan", arguments: caso.argumentos, amqpURL: amqpURL, databaseURL: url)
                resultados.append((processo.wait(timeout: 90), processo.log))
            }
            return (resultados, antes, try ChecksumTabelas.calcular(db))
        }
        #expect(Self.casos.count >= 55 && Set(Self.casos.map(\.id)).count == Self.casos.count)
        for (caso, (status, saida)) in zip(Self.casos, resultados) {
            let linhas = saida.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(status != nil && status != 0, "\(caso.id): saiu com \(String(describing: status))\n\(saida)")
            #expect(linhas.contains { $0.hasPrefix(caso.motivo) }, "\(caso.id): \(saida)")
            let achado = Self.ingles.filter { saida.contains($0) }
            #expect(achado.isEmpty, "\(caso.id): inglês na saída \(achado): \(saida)")
        }
        #expect(antes.count > 100 && depois == antes, "nenhuma tabela mudou (jobs incluídos)")
    }
}
