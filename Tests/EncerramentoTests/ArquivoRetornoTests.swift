import EncerramentoRegras
import GSANModel
import Testing

/// The contractor's return file as docs/encerramento.md lays it out: each unreadable line with its
/// number and reason; duplicates; quotes.
@Suite struct ArquivoRetornoTests {
    static let cabecalho = "os;data;hora;motivo;pavimento;asfalto;paralelepipedo;calcada;parecer;agente"

    @Test func aGoodFileReadsEveryField() {
        let (linhas, rejeitadas) = ArquivoRetorno.ler(
            Self.cabecalho + "\r\n1234;13/06/2025;09:30;2;;;;;DEBITO NEGOCIADO;JOSE DA SILVA\r\n"
                + "1240;24/06/2025;;2;COM;0;0;1,25;\"CORTE; RAMAL \"\"A\"\"\";MARIA\n")
        #expect(rejeitadas.isEmpty, "\(rejeitadas)")
        #expect(linhas.map(\.numero) == [2, 3])
        #expect(linhas[0].pedido == .init(ordem: 1234, motivo: 2, data: data("13/06/2025"), minutos: 570, parecer: "DEBITO NEGOCIADO",
                                          agente: "JOSE DA SILVA"))
        #expect(linhas[1].pedido.pavimento == .init(comPavimento: true, calcada: 125) && linhas[1].pedido.minutos == 0)
        #expect(linhas[1].pedido.parecer == "CORTE; RAMAL \"A\"")
    }

    @Test func everyBadLineIsReportedWithItsNumberAndReason() {
        let texto = [
            Self.cabecalho,
            "1;13/06/2025;;2;;;;;;",  // 2 good
            "2;13/06/2025;;2;;;;",  // 3
            "x9;13/06/2025;;2;;;;;;",  // 4
            ";13/06/2025;;2;;;;;;",  // 5
            "3;31/06/2025;;2;;;;;;",  // 6
            "4;;;2;;;;;;",  // 7
            "5;13/06/2025;25:00;2;;;;;;",  // 8
            "6;13/06/2025;;;;;;;;",  // 9
            "7;13/06/2025;;dois;;;;;;",  // 10
            "8;13/06/2025;;2;TALVEZ;;;;;",  // 11
            "9;13/06/2025;;2;COM;1,234;;;;",  // 12
            "1;14/06/2025;;2;;;;;;",  // 13 duplicate of 2
            "",  // 14
            "10;13/06/2025;;2;;;;;\"aberta;",  // 15
        ].joined(separator: "\n")
        let (linhas, rejeitadas) = ArquivoRetorno.ler(texto)
        #expect(linhas.map(\.numero) == [2])
        #expect(rejeitadas.map { "\($0.linha): \($0.motivo)" } == [
            "3: 8 campos, esperados 10 (separados por ;)", "4: número da OS inválido: x9", "5: informe o número da OS",
            "6: data inválida: 31/06/2025 (use DD/MM/AAAA)", "7: informe a data de execução", "8: hora inválida: 25:00 (use HH:MM)",
            "9: informe o motivo de encerramento", "10: motivo de encerramento inválido: dois", "11: pavimento inválido: TALVEZ (COM ou SEM)",
            "12: área de asfalto inválida: 1,234 (m², até duas casas decimais)", "13: OS 1 repetida no arquivo (também na linha 2)",
            "14: linha em branco", "15: aspas não fechadas",
        ])
    }

    @Test func theHeaderIsRequired() {
        #expect(ArquivoRetorno.ler("").rejeitadas.first?.motivo.hasPrefix("arquivo vazio") == true)
        let r = ArquivoRetorno.ler("numero;data\n1;13/06/2025;;2;;;;;;\n")
        #expect(r.linhas.isEmpty && r.rejeitadas.map(\.linha) == [1] && r.rejeitadas[0].motivo.hasPrefix("cabeçalho inválido"))
        // A byte-order mark before the header is accepted.
        #expect(ArquivoRetorno.ler("\u{FEFF}" + Self.cabecalho + "\n1;13/06/2025;;2;;;;;;\n").linhas.count == 1)
    }

    @Test func fieldsSplitOnSemicolonsOutsideQuotes() {
        #expect(ArquivoRetorno.campos("a;b;;c") == ["a", "b", "", "c"])
        #expect(ArquivoRetorno.campos("\"a;b\";\"c\"\"d\";") == ["a;b", "c\"d", ""])
        #expect(ArquivoRetorno.campos("\"a\"b;c") == nil)
        #expect(ArquivoRetorno.campo("a;b") == "\"a;b\"" && ArquivoRetorno.campo("ab") == "ab")
    }
}
