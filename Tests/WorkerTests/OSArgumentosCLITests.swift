import Foundation
import GSANSeed
import Postgres
import TestSupport
import Testing

/// The ranges of every `gsan os …` option (and of the two motive catalogues that go with them),
/// run as the real program against a seeded database: ids positive and within their column, texts
/// within their column's length as the column counts it (code points), dates that exist, months
/// that exist. Each refusal in Portuguese, exit non-zero, and no table changes (a checksum of every
/// table before and after, as ``EntradasRuinsCLITests`` does).
@Suite(.serialized) struct OSArgumentosCLITests {
    typealias Caso = EntradasRuinsCLITests.Caso
    static func gsan(_ id: String, _ a: [String], _ motivo: String) -> Caso { EntradasRuinsCLITests.gsan(id, a, motivo) }

    static let id32 = "(um inteiro de 1 a 2147483647)."
    static let id64 = "(um inteiro de 1 a 9223372036854775807)."
    static let banco = "(como o banco conta: cada acento combinado conta um)"
    /// `n` "é" written as "e" + U+0301: n characters to a person, 2n to the column.
    static func e(_ n: Int) -> String { String(repeating: "e\u{301}", count: n) }
    static let encerrar = ["os", "encerrar", "1", "--motivo", "2", "--data", "13/06/2025"]
    static let fiscalizacao = ["os", "fiscalizacao", "retorno", "1", "--situacao", "1", "--documento-entregue", "nenhum", "--usuario", "FISCAL"]
    static let seletiva = ["os", "seletiva", "gerar", "--grupo", "1", "--usuario", "ADMIN"]
    static let motivo = ["--multiplicador-corte", "1", "--multiplicador-nao-executado", "1", "--percentual-multa", "10"]

    static let casos: [Caso] = [
        // gsan os encerrar
        gsan("o01", ["os", "encerrar", "0", "--motivo", "2", "--data", "13/06/2025"], "erro: Número da Ordem de Serviço inválido: 0 \(id64)"),
        gsan("o02", ["os", "encerrar", "99999999999999999999", "--motivo", "2", "--data", "13/06/2025"],
             "erro: Número da Ordem de Serviço inválido: 99999999999999999999 \(id64)"),
        gsan("o03", ["os", "encerrar", "1", "--motivo", "0", "--data", "13/06/2025"], "erro: Motivo de Encerramento inválido: 0 \(id32)"),
        gsan("o04", ["os", "encerrar", "1", "--motivo", "2147483648", "--data", "13/06/2025"],
             "erro: Motivo de Encerramento inválido: 2147483648 \(id32)"),
        gsan("o05", ["os", "encerrar", "1", "--motivo", "2", "--data", "31/02/2025"],
             "erro: Data de Encerramento inválida: 31/02/2025 (use DD/MM/AAAA)."),
        gsan("o06", encerrar + ["--hora", "24:00"], "erro: Hora de Encerramento inválida: 24:00 (use HH:MM)."),
        gsan("o07", encerrar + ["--parecer", e(201)], "erro: --parecer tem 402 caracteres \(banco); o máximo é 400"),
        gsan("o08", encerrar + ["--agente", String(repeating: "A", count: 61)], "erro: --agente tem 61 caracteres \(banco); o máximo é 60"),
        gsan("o09", encerrar + ["--asfalto", "-1"], "erro: Área de asfalto inválida: -1 (m², até duas casas decimais)."),
        gsan("o10", encerrar + ["--hoje", "30/02/2025"], "erro: --hoje inválida: 30/02/2025 (use DD/MM/AAAA)."),
        // mostrar, listar, recebimento
        gsan("o11", ["os", "mostrar", "abc"], "erro: Número da Ordem de Serviço inválido: abc \(id64)"),
        gsan("o12", ["os", "listar", "--comando", "0"], "erro: Comando inválido: 0 \(id32)"),
        gsan("o13", ["os", "listar", "--grupo", "1", "--referencia", "13/2025", "--acao", "1"], "erro: Mês/Ano inválido: 13/2025 (use MM/AAAA)."),
        gsan("o14", ["os", "listar", "--grupo", "0", "--referencia", "06/2025", "--acao", "1"], "erro: Grupo inválido: 0 \(id32)"),
        gsan("o15", ["os", "recebimento", "--comando", "2147483648", "--data", "01/06/2025"], "erro: Comando inválido: 2147483648 \(id32)"),
        gsan("o16", ["os", "recebimento", "--comando", "1", "--data", "2025-06-01"],
             "erro: Data de Recebimento inválida: 2025-06-01 (use DD/MM/AAAA)."),
        // retorno, encerrar-visitas
        gsan("o17", ["os", "retorno", "--arquivo", "/nao/existe.csv", "--contrato", "0"], "erro: Contrato inválido: 0 \(id32)"),
        gsan("o18", ["os", "retorno", "--arquivo", "/nao/existe.csv", "--contrato", "1", "--aguardar", "-1"], "erro: --aguardar -1 fora de 0…86400"),
        gsan("o19", ["os", "encerrar-visitas", "--grupo", "0", "--ciclo", "06/2025"], "erro: Grupo inválido: 0 \(id32)"),
        gsan("o20", ["os", "encerrar-visitas", "--grupo", "1", "--ciclo", "00/2025"], "erro: Mês/Ano inválido: 00/2025 (use MM/AAAA)."),
        // fiscalizacao retorno
        gsan("o21", ["os", "fiscalizacao", "retorno", "1", "--situacao", "0", "--documento-entregue", "nenhum", "--usuario", "FISCAL"],
             "erro: Situação da Fiscalização inválido: 0 \(id32)"),
        gsan("o22", ["os", "fiscalizacao", "retorno", "1", "--situacao", "1", "--documento-entregue", "nenhum", "--usuario",
                     String(repeating: "F", count: 21)], "erro: --usuario tem 21 caracteres \(banco); o máximo é 20"),
        gsan("o23", fiscalizacao + ["--observacao", e(101)], "erro: --observacao tem 202 caracteres \(banco); o máximo é 200"),
        gsan("o24", fiscalizacao + ["--auto-infracao", String(repeating: "9", count: 21)],
             "erro: --auto-infracao tem 21 caracteres \(banco); o máximo é 20"),
        gsan("o25", fiscalizacao + ["--data-auto", "29/02/2025"], "erro: Data do Auto de Infração inválida: 29/02/2025 (use DD/MM/AAAA)."),
        gsan("o26", fiscalizacao + ["--motivo", "0"], "erro: Motivo Encerramento inválido: 0 \(id32)"),
        // seletiva
        gsan("o27", seletiva + ["--percentual", "101"],
             "Percentual de OS Encerradas c/Conclusão do Serviço para Fiscalizar deve ser no mínimo 2% e no máximo 100%."),
        gsan("o28", seletiva + ["--semente", "-1"], "erro: Semente inválida: -1 (um inteiro de 0 a 9223372036854775807)."),
        gsan("o29", ["os", "seletiva", "gerar", "--grupo", "0", "--usuario", "ADMIN"], "erro: Grupo de Cobrança inválido: 0 \(id32)"),
        gsan("o30", ["os", "seletiva", "pesquisar", "--grupo", "1", "--localidade-inicial", "1000"],
             "erro: Localidade Inicial inválido: 1000 (até 3 dígitos)."),
        gsan("o31", ["os", "seletiva", "gerar", "--os", "0", "--usuario", "ADMIN"], "erro: Número da Ordem de Serviço inválido: 0 \(id64)"),
        gsan("o32", ["os", "seletiva", "listar", "--geracao", "0"], "erro: Geração inválido: 0 \(id32)"),
        gsan("o33", seletiva + ["--aguardar", "90000"], "erro: --aguardar 90000 fora de 0…86400"),
        gsan("o34", ["os", "seletiva", "pesquisar", "--grupo", "1", "--dias-encerramento", "0"],
             "erro: Quantidade de Dias de Encerramento da OS inválido: 0 \(id32)"),
        // nao-aceitacao and the motive catalogues
        gsan("o35", ["os", "nao-aceitacao", "informar", "--os", "1", "--motivo", "0", "--usuario", "ADMIN"],
             "erro: Motivo de Não Aceitação inválido: 0 \(id32)"),
        gsan("o36", ["os", "nao-aceitacao", "informar", "--os", "1", "--motivo", "1", "--usuario", "ADMIN", "--observacao", e(101)],
             "erro: --observacao tem 202 caracteres \(banco); o máximo é 200"),
        gsan("o37", ["os", "nao-aceitacao", "listar", "--referencia-inicial", "13/2025", "--grupo", "1", "--acao", "1"],
             "erro: Ano/mês de referencia informado está inválido."),
        gsan("o38", ["motivo-nao-aceitacao", "atualizar", "1", "--versao", "-1", "--descricao", "X"] + motivo,
             "erro: Versão inválido: -1 (um inteiro de 0 a 2147483647)."),
        gsan("o39", ["motivo-nao-aceitacao", "inserir", "--descricao", e(21)] + motivo, "Descrição com 42 caracteres: o máximo é 40."),
        gsan("o40", ["motivo-encerramento", "acoes", "2", "--abreviado", e(6)], "Descrição Abreviada com 12 caracteres: o máximo é 10."),
        gsan("o41", ["motivo-encerramento", "acoes", "0"], "erro: Motivo de Encerramento inválido: 0 \(id32)"),
    ]

    @Test func cadaOpcaoForaDaFaixaERecusadaEmPortuguesSemGravarNada() async throws {
        try await EntradasRuinsCLITests.conferir(Self.casos, imoveis: 120)
    }
}
