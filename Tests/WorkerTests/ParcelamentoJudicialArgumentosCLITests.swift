import Foundation
import TestSupport
import Testing

/// The arguments of `gsan parcelamento-judicial simular | efetuar | consultar | cancelar | guias |
/// perda-desconto | candidatos` (seed 001; issue 15), run as the real program against a seeded
/// database: ids within their integer columns, texts within their column as the column counts
/// them (code points), months and dates that exist, the CNJ number's format and check digits
/// (ISO 7064 mod 97-10), every rule of the negociação and the plan — each refusal in Portuguese,
/// the rule's own sentence ("Informe …"), exit non-zero, and no table changes (a checksum of
/// every table before and after, as ``EntradasRuinsCLITests`` does).
@Suite(.serialized) struct ParcelamentoJudicialArgumentosCLITests {
    typealias Caso = EntradasRuinsCLITests.Caso
    static func gsan(_ id: String, _ a: [String], _ motivo: String) -> Caso { EntradasRuinsCLITests.gsan(id, a, motivo) }

    static let id32 = "fora de 1…2147483647"
    static let banco = "(como o banco conta: cada acento combinado conta um)"
    /// `n` "é" written as "e" + U+0301: n characters to a person, 2n to the column.
    static func e(_ n: Int) -> String { String(repeating: "e\u{301}", count: n) }
    static let processo = "0000001-60.2025.8.17.0001"
    /// Everything a simulation needs, valid: each case changes or adds one thing.
    static let negociacao = [
        "--valor-acordo", "100,00", "--processo", processo, "--cliente-responsavel", "1", "--data-acordo", "05/01/2027",
        "--primeiro-vencimento", "10/01/2027",
    ]
    static let simular = ["parcelamento-judicial", "simular", "--imovel", "1"] + negociacao
    static let efetuar = ["parcelamento-judicial", "efetuar", "--imovel", "1"] + negociacao
    /// `simular` with `opcao` given `valor` in place of the base's (or added).
    static func simular(_ opcao: String, _ valor: String) -> [String] {
        var a = simular
        if let i = a.firstIndex(of: opcao), i + 1 < a.count { a[i + 1] = valor } else { a += [opcao, valor] }
        return a
    }
    static func sem(_ opcao: String) -> [String] {
        var a = simular
        if let i = a.firstIndex(of: opcao) { a.removeSubrange(i...(i + 1)) }
        return a
    }

    static let casos: [Caso] = [
        // Ids of the selection and of the negociação: 1…2147483647, before the database.
        gsan("pj01", simular("--imovel", "0"), "erro: --imovel 0 \(id32)"),
        gsan("pj02", simular("--imovel", "2147483648"), "erro: --imovel 2147483648 \(id32)"),
        gsan("pj03", simular("--imovel", "-1"), "erro: --imovel -1 \(id32)"),
        gsan("pj04", simular + ["--cliente", "2147483648"], "erro: --cliente 2147483648 \(id32)"),
        gsan("pj05", simular + ["--imovel-responsavel", "0"], "erro: --imovel-responsavel 0 \(id32)"),
        gsan("pj06", simular + ["--advogado", "3000000000", "--oab", "PE 1234"], "erro: --advogado 3000000000 \(id32)"),
        gsan("pj07", simular("--cliente-responsavel", "-7"), "erro: --cliente-responsavel -7 \(id32)"),
        gsan("pj08", simular("--imovel", "abc"), "erro: o valor 'abc' é inválido para '--imovel <imovel>'"),
        gsan("pj09", simular + ["--imovel", "1"], "erro: Imóvel 1 informado mais de uma vez."),
        gsan("pj10", sem("--imovel"), "erro: Informe o imóvel ou o cliente."),
        // Months and dates that exist.
        gsan("pj11", simular + ["--referencia-inicial", "13/2025"], "erro: --referencia-inicial: Mês/Ano inválido: 13/2025 (use MM/AAAA)."),
        gsan("pj12", simular + ["--referencia-final", "00/2025"], "erro: --referencia-final: Mês/Ano inválido: 00/2025 (use MM/AAAA)."),
        gsan("pj13", simular + ["--referencia-inicial", "06/2025", "--referencia-final", "05/2025"],
             "erro: Referência final anterior à referência inicial."),
        gsan("pj14", simular("--data-acordo", "31/02/2025"), "erro: --data-acordo inválida: 31/02/2025 (use DD/MM/AAAA)."),
        gsan("pj15", simular("--primeiro-vencimento", "2027-01-10"), "erro: --primeiro-vencimento inválida: 2027-01-10 (use DD/MM/AAAA)."),
        gsan("pj16", simular("--primeiro-vencimento", "04/01/2027"),
             "erro: Data de vencimento da primeira parcela (04/01/2027) anterior à data do acordo (05/01/2027)."),
        gsan("pj17", sem("--primeiro-vencimento"), "erro: Informe a data de vencimento da primeira parcela."),
        gsan("pj18", simular + ["--hoje", "30/02/2025"], "erro: --hoje inválida: 30/02/2025 (use DD/MM/AAAA)."),
        gsan("pj19", simular("--primeiro-vencimento", "01/01/9999") + ["--parcelas", "999", "--dias-entre-parcelas", "3650"],
             "erro: Vencimento da última parcela depois de 31/12/9999: reduza as parcelas ou os dias entre elas."),
        // The CNJ number: format, check digits, length, required.
        gsan("pj20", simular("--processo", "0000001-61.2025.8.17.0001"),
             "erro: Número do processo judicial inválido: 0000001-61.2025.8.17.0001 (dígito verificador não confere; o correto é 60)."),
        gsan("pj21", simular("--processo", "1-60.2025.8.17.1"),
             "erro: Número do processo judicial inválido: 1-60.2025.8.17.1 (use o formato NNNNNNN-DD.AAAA.J.TR.OOOO)."),
        gsan("pj22", simular("--processo", String(repeating: "9", count: 5000)),
             "erro: Número do processo judicial inválido: 9999999999999999999999999… (5000 caracteres; use o formato NNNNNNN-DD.AAAA.J.TR.OOOO)."),
        gsan("pj23", simular("--processo", "0000001-60.2025.8.17.0001\u{7}"),
             "erro: Número do processo judicial inválido: 0000001-60.2025.8.17.0001? (use o formato NNNNNNN-DD.AAAA.J.TR.OOOO)."),
        gsan("pj24", sem("--processo"), "erro: Informe o número do processo judicial."),
        gsan("pj25", efetuar.map { $0 == processo ? "0000001-00.2025.8.17.0001" : $0 },
             "erro: Número do processo judicial inválido: 0000001-00.2025.8.17.0001 (dígito verificador não confere; o correto é 60)."),
        // Money: the acordo, custas and honorários, the entrada, the installments' own values.
        gsan("pj26", simular("--valor-acordo", "0,00"), "erro: Valor do acordo deve ser maior que zero."),
        gsan("pj27", simular("--valor-acordo", "abc"), "erro: --valor-acordo inválido: abc (use 1.234,56)."),
        gsan("pj28", simular("--valor-acordo", "99999999999999999,00"), "erro: --valor-acordo inválido: 99999999999999999,00 (use 1.234,56)."),
        gsan("pj29", simular("--valor-acordo", "100.000.000,01"), "erro: Valor do acordo acima do limite de 100.000.000,00."),
        gsan("pj30", sem("--valor-acordo"), "erro: Informe o valor do acordo."),
        gsan("pj31", simular + ["--custas", "101%"], "erro: Percentual das custas (101,00 %) deve estar entre 0 e 100 %."),
        gsan("pj32", simular + ["--honorarios", "200,00"], "erro: Valor dos honorários (200,00) maior que o valor do acordo (100,00)."),
        gsan("pj33", simular + ["--custas", "10,555%"], "erro: --custas inválido: 10,555% (use 10% ou 10,5%)."),
        gsan("pj34", simular + ["--entrada", "0,00"], "erro: Valor da entrada deve ser maior que zero."),
        gsan("pj35", simular + ["--entrada", "100,00"], "erro: Valor da entrada (100,00) deve ser menor que o valor do acordo (100,00)."),
        gsan("pj36", simular + ["--parcelas", "2", "--valor-parcela", "50,00", "--valor-parcela", "40,00"],
             "erro: A soma dos valores das parcelas (90,00) deve ser igual ao valor do acordo (100,00)."),
        gsan("pj37", simular + ["--parcelas", "2", "--custas-no-plano", "--valor-parcela", "50,00", "--valor-parcela", "50,00"],
             "erro: Os valores das parcelas só podem ser alterados quando as custas e os honorários não estão no parcelamento."),
        gsan("pj38", simular + ["--parcelas", "3", "--valor-parcela", "50,00", "--valor-parcela", "50,00"],
             "erro: Informados 2 valores de parcela para 3 parcelas."),
        // The plan's ranges.
        gsan("pj39", simular + ["--parcelas", "0"], "erro: Quantidade de parcelas deve estar entre 1 e 999."),
        gsan("pj40", simular + ["--parcelas", "1000"], "erro: Quantidade de parcelas deve estar entre 1 e 999."),
        gsan("pj41", simular + ["--parcelas", "99999999999999999999"],
             "erro: o valor '99999999999999999999' é inválido para '--parcelas <parcelas>'"),
        gsan("pj42", simular + ["--dias-entre-parcelas", "0"], "erro: Quantidade de dias entre as parcelas deve estar entre 1 e 3650."),
        gsan("pj43", simular + ["--dias-entre-parcelas", "3651"], "erro: Quantidade de dias entre as parcelas deve estar entre 1 e 3650."),
        gsan("pj44", simular + ["--juros", "10,01"], "erro: Taxa de juros (10,01 % a.m.) deve estar entre 0 e 10,00 % a.m."),
        gsan("pj45", simular + ["--juros", "1e30"], "erro: --juros inválido: 1e30 (use 1,5 para 1,5 % a.m.)."),
        // Texts within their columns; the advogado with its OAB; the PDF.
        gsan("pj46", simular + ["--observacao", e(201)], "erro: Observação com 402 caracteres \(banco); o máximo é 400."),
        gsan("pj47", simular + ["--observacao", "pague\u{7}"], "erro: Observação com caractere de controle (só texto, quebras de linha e tabulações)."),
        gsan("pj48", simular + ["--advogado", "5"], "erro: Informe o número da OAB do advogado."),
        gsan("pj49", simular + ["--advogado", "5", "--oab", e(8)], "erro: Número da OAB com 16 caracteres \(banco); o máximo é 15."),
        gsan("pj50", simular + ["--oab", "PE 1234"], "erro: Informe o advogado (cliente da companhia) do número da OAB PE 1234."),
        gsan("pj51", simular + ["--anexo", "/nao/existe/acordo.pdf"], "erro: --anexo: arquivo /nao/existe/acordo.pdf não encontrado ou ilegível."),
        gsan("pj52", simular + ["--anexo", #filePath], "erro: O anexo do acordo deve ser um arquivo PDF."),
        // What is named must exist (read, never written).
        gsan("pj53", simular("--imovel", "999999"), "Imóvel 999999 inexistente."),
        gsan("pj54", efetuar.map { $0 == "1" ? "999999" : $0 }, "Imóvel 999999 inexistente."),
        gsan("pj55", simular("--cliente-responsavel", "999999"), "Cliente responsável 999999 inexistente."),
        gsan("pj56", simular + ["--advogado", "999999", "--oab", "PE 1234"], "Advogado 999999 não está no cadastro de clientes da companhia."),
        // consultar, cancelar, guias.
        gsan("pj57", ["parcelamento-judicial", "consultar", "--parcelamento", "0"], "erro: --parcelamento 0 \(id32)"),
        gsan("pj58", ["parcelamento-judicial", "consultar", "--parcelamento", "2147483648"], "erro: --parcelamento 2147483648 \(id32)"),
        gsan("pj59", ["parcelamento-judicial", "consultar", "--parcelamento", "424242"], "Parcelamento judicial 424242 inexistente."),
        gsan("pj60", ["parcelamento-judicial", "cancelar", "--parcelamento", "-1"], "erro: --parcelamento -1 \(id32)"),
        gsan("pj61", ["parcelamento-judicial", "cancelar", "--parcelamento", "424242"], "Parcelamento judicial 424242 inexistente."),
        gsan("pj62", ["parcelamento-judicial", "guias", "--parcelamento", "1", "--guia", "0"], "erro: --guia 0 fora de 1…9223372036854775807"),
        gsan("pj63", ["parcelamento-judicial", "guias", "--parcelamento", "1", "--guia", "99999999999999999999"],
             "erro: o valor '99999999999999999999' é inválido para '--guia <guia>'"),
        gsan("pj64", ["parcelamento-judicial", "guias", "--parcelamento", "2147483648"], "erro: --parcelamento 2147483648 \(id32)"),
        gsan("pj65", ["parcelamento-judicial", "guias", "--parcelamento", "1", "--saida", "a\u{7}b"], "erro: --saida tem o caractere de controle U+0007"),
        gsan("pj66", ["parcelamento-judicial", "guias", "--parcelamento", "424242"], "Parcelamento judicial 424242 inexistente."),
        // The daily batch and the candidates.
        gsan("pj67", ["parcelamento-judicial", "perda-desconto", "--hoje", "31/12/9999"], "erro: --hoje 31/12/9999 fora de 01/01/2000…31/12/2199"),
        gsan("pj68", ["parcelamento-judicial", "perda-desconto", "--hoje", "30/02/2025"], "erro: --hoje inválida: 30/02/2025 (use DD/MM/AAAA)."),
        gsan("pj69", ["parcelamento-judicial", "candidatos", "--limite", "0"], "erro: --limite deve estar entre 1 e 10000."),
    ]

    @Test func cadaArgumentoRuimERecusadoEmPortuguesSemGravarNada() async throws {
        try await EntradasRuinsCLITests.conferir(Self.casos, imoveis: 120)
    }
}
