import Contratos
import Foundation
import GSANSeed
import Postgres
import TestSupport
import Testing

/// The catalogue of bad command lines (docs/seguranca.md), the second half of the bad-input
/// catalogue after ``EntradasRuinsFilaTests``: each one, run as the real program against a
/// seeded database, exits non-zero with its Portuguese reason (the seed's words where the
/// seed has them), never ArgumentParser's or PostgreSQL's English, and no table changes — the
/// job record included (a checksum of every table, before and after).
@Suite(.serialized) struct EntradasRuinsCLITests {
    struct Caso: Sendable {
        var id: String
        var programa: String
        var argumentos: [String]
        /// A line of the output (exactly, without its line break).
        var motivo: String
    }

    static func gsan(_ id: String, _ argumentos: [String], _ motivo: String) -> Caso {
        Caso(id: id, programa: "gsan", argumentos: argumentos, motivo: motivo)
    }

    static let ref = ["--referencia", "06/2025"]
    /// The catalogue's families, as the refusal lists them.
    static let familias = Catalogo.familias.joined(separator: ", ")
    /// 200 "é" written as "e" + U+0301: 200 characters to a person, 400 to the column.
    static let eDecomposto = String(repeating: "e\u{301}", count: 200)

    static let casos: [Caso] = [
        // Integers out of their column's range.
        gsan("c01", ["cronograma", "inserir", "--grupo", "1", "--referencia", "07/2025", "--qtd-maxima", "1/2=2147483648"],
             "Qtd Máxima Documentos inválida em --qtd-maxima 1/2=2147483648: informe um inteiro maior que zero e até 2147483647"),
        gsan("c02", ["comando", "eventual", "--acao", "1", "--qtd-maxima", "3000000000"], "erro: --qtd-maxima 3000000000 fora de 1…2147483647"),
        gsan("c03", ["comando", "eventual", "--acao", "1", "--qtd-maxima", "0"], "erro: --qtd-maxima 0 fora de 1…2147483647"),
        gsan("c04", ["comando", "eventual", "--acao", "2147483648"], "erro: --acao 2147483648 fora de 1…2147483647"),
        gsan("c05", ["rotas", "gerar", "--grupo-faturamento", "2147483648"] + ref, "erro: --grupo-faturamento 2147483648 fora de 1…2147483647"),
        // A negative number after an option is its value (not "Missing value").
        gsan("c06", ["rotas", "gerar", "--grupo-faturamento", "-1"] + ref, "erro: --grupo-faturamento -1 fora de 1…2147483647"),
        gsan("c07", ["fechamento", "--grupo-faturamento", "-1"] + ref, "erro: --grupo-faturamento -1 fora de 1…2147483647"),
        gsan("c08", ["fechamento", "--grupo-faturamento", "0"] + ref, "erro: --grupo-faturamento 0 fora de 1…2147483647"),
        gsan("c09", ["rotas", "gerar", "--grupo-faturamento", "1", "--aguardar", "--limite", "-1"] + ref,
             "erro: --limite -1.0 fora de 0…86400 segundos (maior que zero)"),
        gsan("c10", ["rotas", "inconsistencias", "--limite", "0"], "erro: --limite 0 fora de 1…10000"),
        gsan("c11", ["rotas", "releitura", "--imovel", "0"], "erro: --imovel 0 fora de 1…2147483647"),
        gsan("c12", ["comando", "cancelar-documentos", "0"], "erro: ID 0 fora de 1…2147483647"),
        gsan("c13", ["comando", "listar", "--grupo", "-3"], "erro: --grupo -3 fora de 1…2147483647"),
        gsan("c14", ["cobranca", "resumo", "--grupo", "0", "--referencia", "06/2025"], "erro: --grupo 0 fora de 1…2147483647"),
        gsan("c15", ["comando", "texto-mensagem", "--acao", "1", "--sms", "oi", "--tentativas", "0"], "erro: --tentativas 0 fora de 1…99"),
        gsan("c16", ["comando", "texto-mensagem", "--acao", "1", "--sms", "oi", "--tentativas", "100"], "erro: --tentativas 100 fora de 1…99"),
        gsan("c17", ["comando", "texto-mensagem", "--acao", "1", "--sms", "oi", "--tentativas", "-1"], "erro: --tentativas -1 fora de 1…99"),
        gsan("c18", ["cronograma", "atualizar", "--grupo", "1", "--referencia", "06/2025", "--versao", "-1"], "erro: --versao -1 fora de 0…2147483647"),
        // Texts longer than their column, counted as the column counts them; blank; control characters.
        gsan("c19", ["comando", "eventual", "--acao", "1", "--titulo", String(repeating: "A", count: 5000)],
             "erro: --titulo tem 5000 caracteres (como o banco conta: cada acento combinado conta um); o máximo é 100"),
        gsan("c20", ["comando", "eventual", "--acao", "1", "--titulo", String(repeating: "e\u{301}", count: 60)],
             "erro: --titulo tem 120 caracteres (como o banco conta: cada acento combinado conta um); o máximo é 100"),
        gsan("c21", ["comando", "eventual", "--acao", "1", "--titulo", "   "], "erro: --titulo vazio"),
        gsan("c22", ["comando", "eventual", "--acao", "1", "--titulo", "a\u{7}b"], "erro: --titulo tem o caractere de controle U+0007"),
        gsan("c23", ["rotas", "leiturista", "--leiturista", "1", "--imei", "123456789012345", "--nome", String(repeating: "N", count: 60)],
             "erro: --nome tem 60 caracteres (como o banco conta: cada acento combinado conta um); o máximo é 50"),
        // What is named must exist (the seed's words where it has them).
        gsan("c24", ["comando", "eventual", "--acao", "1", "--grupo", "77"], "Grupo de Cobrança 77 inexistente."),
        gsan("c25", ["comando", "eventual", "--acao", "1", "--criterio", "999"], "Critério de Cobrança inexistente."),
        gsan("c26", ["comando", "eventual", "--acao", "999"], "Ação de Cobrança 999 inexistente."),
        gsan("c27", ["rotas", "gerar", "--grupo-faturamento", "99"] + ref, "erro: Grupo de Faturamento 99 inexistente."),
        gsan("c28", ["rotas", "gerar", "--grupo-faturamento", "1", "--rota", "4242"] + ref, "erro: Rota 4242 inexistente."),
        gsan("c29", ["fechamento", "--grupo-faturamento", "99"] + ref, "erro: Grupo de faturamento 99 inexistente."),
        gsan("c30", ["comando", "cancelar-documentos", "424242"], "Comando inexistente: atividade do cronograma 424242."),
        gsan("c31", ["cronograma", "atualizar", "--grupo", "99", "--referencia", "06/2025", "--versao", "1"], "Grupo de cobrança 99 inexistente"),
        gsan("c32", ["job", "show", "nao-existe"], "erro: job inexistente: nao-existe"),
        Caso(id: "c33", programa: "gsan-juscompesa", argumentos: ["enfileirar", "pre", "--grupo", "99"] + ref,
             motivo: "erro: Grupo de Faturamento 99 inexistente."),
        Caso(id: "c34", programa: "gsan-juscompesa", argumentos: ["enfileirar", "pos", "--grupo", "-1"] + ref,
             motivo: "erro: --grupo -1 fora de 1…2147483647"),
        Caso(id: "c35", programa: "gsan-documentos", argumentos: ["enfileirar", "424242"],
             motivo: "erro: Comando eventual 424242 inexistente (cobranca_acao_ativ_cmd)."),
        Caso(id: "c36", programa: "gsan-rotas", argumentos: ["enfileirar", "--grupo-faturamento", "1", "--rota", "4242"] + ref,
             motivo: "erro: Rota 4242 inexistente."),
        Caso(id: "c37", programa: "gsan-rotas", argumentos: ["enfileirar", "--grupo-faturamento", "7"] + ref,
             motivo: "erro: Grupo de Faturamento 7 inexistente."),
        // Job ids and family names.
        Caso(id: "c38", programa: "gsan-rotas", argumentos: ["enfileirar", "--grupo-faturamento", "1", "--id", "   "] + ref,
             motivo: "erro: --id inválido: vazio ou só de espaços"),
        Caso(id: "c39", programa: "gsan-exemplo", argumentos: ["enfileirar", "--id", "   "], motivo: "erro: --id inválido: vazio ou só de espaços"),
        Caso(id: "c40", programa: "gsan-exemplo", argumentos: ["enfileirar", "--id", String(repeating: "i", count: 300)],
             motivo: "erro: --id inválido: longo demais (300 pontos de código; máximo 250)"),
        Caso(id: "c41", programa: "gsan-exemplo", argumentos: ["--familia", "EXEMPLO; DROP"],
             motivo: "erro: --familia EXEMPLO; DROP não é uma família: use \(familias) "
                + "(uma família própria só com letras minúsculas, dígitos, - e _, até 64, e --atrasos)"),
        Caso(id: "c42", programa: "gsan-exemplo", argumentos: ["--familia", "exemplos"],
             motivo: "erro: --familia exemplos não é uma família: use \(familias) (uma família própria, de teste, só com --atrasos)"),
        // SMS/e-mail texts (seed 002 §2.3.1).
        gsan("c43", ["comando", "texto-mensagem", "--acao", "1", "--sms", "Prezado {NOME_CLIENTE, pague"],
             "O texto do SMS está com dados inválidos: «{NOME_CLIENTE, pague»."),
        gsan("c44", ["comando", "texto-mensagem", "--acao", "1", "--email", "Conta {MATRICULA} e {VALOR"],
             "O texto do E-MAIL está com dados inválidos: «{VALOR»."),
        gsan("c45", ["comando", "texto-mensagem", "--acao", "1", "--sms", "a\u{7}b"],
             "O texto do SMS está com dados inválidos: «caractere de controle U+0007»."),
        gsan("c46", ["comando", "texto-mensagem", "--acao", "1", "--email", "linha\u{1B}[31m"],
             "O texto do E-MAIL está com dados inválidos: «caractere de controle U+001B»."),
        gsan("c47", ["comando", "texto-mensagem", "--acao", "1", "--sms", eDecomposto],
             "O texto do SMS gravado teria 400 caracteres (como o banco conta: cada acento combinado conta um, e os campos "
                + "contam pelo nome entre chaves); o máximo é 300."),
        gsan("c48", ["comando", "texto-mensagem", "--acao", "1", "--email", "{SALDO}"], "O texto do E-MAIL está com dados inválidos: «SALDO»."),
        gsan("c49", ["comando", "texto-mensagem", "--acao", "1", "--sms", "Pague já"],
             "Ação de Cobrança com mensagem (SMS/E-MAIL) não pode compor cronograma!."),
        gsan("c50", ["comando", "texto-mensagem", "--acao", "1", "--sms", "Pague já"],
             "Ação predecessora não pode ter mensagem de SMS/E-MAIL associada!. (esta ação é a predecessora da ação 34)"),
        gsan("c51", ["comando", "texto-mensagem", "--acao", "3", "--email", "Corte"],
             "Ação de cobrança com mensagem (SMS/E-MAIL) não pode ter serviço associado!."),
        gsan("c52", ["comando", "texto-mensagem", "--acao", "3", "--email", "Corte"],
             "Ação de cobrança com mensagem (SMS/E-MAIL) não pode ter Ação Predecessora!."),
        gsan("c53", ["comando", "texto-mensagem", "--acao", "999", "--sms", "oi"], "Ação de Cobrança 999 inexistente."),
        // ArgumentParser's own refusals, in Portuguese.
        gsan("c54", ["rotas", "gerar", "--grupo-faturamento", "abc"] + ref,
             "erro: o valor 'abc' é inválido para '--grupo-faturamento <grupo-faturamento>'"),
        gsan("c55", ["rotas", "gerar", "--grupo-faturamento", "1", "--desconhecida"] + ref, "erro: opção desconhecida '--desconhecida'"),
        gsan("c56", ["rotas", "gerar", "--referencia", "06/2025"],
             "erro: falta o argumento obrigatório '--grupo-faturamento <grupo-faturamento>'"),
        gsan("c57", ["comando", "eventual", "--acao", "1", "--atividade", "3"], "erro: --atividade deve ser 1 (SIMULAR) ou 2 (EMITIR)"),
        gsan("c58", ["rotas", "gerar", "--grupo-faturamento", "1", "--referencia", "13/2025"], "erro: --referencia inválida: use MM/AAAA"),
        gsan("c59", ["--prazo", "abc", "jobs"], "erro: --prazo inválido: abc (segundos, de 1 a 604800)"),
        gsan("c60", ["arquivos", "exportar", "--destino", "/tmp/gsan-nunca"],
             "erro: Informe quais arquivos: --comando, --eventual, --parcelamento, --seletiva ou --referencia (com ou sem --tipo)."),
        gsan("c61", ["arquivos", "exportar", "--comando", "0", "--destino", "/tmp/gsan-nunca"], "erro: --comando 0 fora de 1…2147483647"),
        gsan("c62", ["arquivos", "listar", "--tipo", "pdf"],
             "erro: --tipo pdf inexistente; os tipos são documentos-pdf, documentos-grafica, parcelamento-guias, fiscalizacao-seletiva, medicao-boletim, medicao-os-situacao"),
        gsan("c63", ["arquivos", "exportar", "--comando", "1", "--eventual", "1", "--destino", "/tmp/gsan-nunca"],
             "erro: informe só um de --comando, --eventual, --parcelamento e --seletiva"),
        gsan("c64", ["arquivos", "exportar", "--referencia", "13/2025", "--destino", "/tmp/gsan-nunca"], "erro: Mês/Ano inválido: 13/2025 (use MM/AAAA)."),
        gsan("c65", ["arquivos", "exportar", "--comando", "4242", "--destino", "/tmp/gsan-nunca"], "Nenhum arquivo gerado atende ao filtro informado."),
        gsan("c66", ["arquivos", "exportar", "--comando", "1"], "erro: Informe a pasta de destino (--destino)."),
        gsan("c67", ["doctor", "--dias-certificado", "0"], "erro: --dias-certificado: de 1 a 3650 dias"),
    ]

    /// What a refusal must never show: ArgumentParser's and PostgreSQL's English.
    static let ingles = [
        "Error:", "Usage:", "Missing", "violates", "out of range", "too long", "Expected to decode", "cannot be decoded",
        "duplicate key", "is invalid for", "Unknown option", "ERROR", "not valid JSON",
    ]

    @Test func cadaLinhaDeComandoRuimERecusadaEmPortuguesSemGravarNada() async throws {
        #expect(Self.casos.count >= 55)
        try await Self.conferir(Self.casos, imoveis: 300)
    }

    /// Runs each case as the real program against a seeded scratch database: each exits non-zero with
    /// its line, never English, and no table changes (every table's checksum, before and after).
    static func conferir(_ casos: [Caso], imoveis: Int) async throws {
        let amqpURL = try TestServers.amqpURL()
        let (resultados, antes, depois) = try await withScratchDatabase(migrations: nil) { url in
            try await onDedicatedThread { () throws -> ([(Int32?, String)], [String: String], [String: String]) in
                let db = try PostgresConnection(url: url, logger: quietLogger)
                defer { db.close() }
                try Seeder(options: SeedOptions(imoveis: imoveis, seed: 11, meses: 2), logger: quietLogger).run(connection: db)
                let antes = try ChecksumTabelas.calcular(db)
                var resultados: [(Int32?, String)] = []
                for caso in casos {
                    let processo = try WorkerProcess(caso.programa, arguments: caso.argumentos, amqpURL: amqpURL, databaseURL: url)
                    let status = processo.wait(timeout: 90)
                    resultados.append((status, processo.log))
                }
                return (resultados, antes, try ChecksumTabelas.calcular(db))
            }
        }
        #expect(Set(casos.map(\.id)).count == casos.count)
        for (caso, (status, saida)) in zip(casos, resultados) {
            let linhas = saida.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(status != nil && status != 0, "\(caso.id): saiu com \(String(describing: status))\n\(saida)")
            #expect(linhas.contains(caso.motivo), "\(caso.id): \(saida)")
            let achado = Self.ingles.filter { saida.contains($0) }
            #expect(achado.isEmpty, "\(caso.id): inglês na saída \(achado): \(saida)")
        }
        #expect(antes.count > 100 && depois == antes, "nenhuma tabela mudou (jobs incluídos)")
    }
}
