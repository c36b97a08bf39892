import FiscalizacaoRegras
import GSANModel
import Testing

/// The inspection teams' return file: its layout and each line's errors.
@Suite struct ArquivoRetornoFiscalizacaoTests {
    static let cabecalho = ArquivoRetornoFiscalizacao.cabecalho.joined(separator: ";")

    @Test func aGoodFileReadsIntoTheCommandsRequests() throws {
        let texto = """
            \(Self.cabecalho)
            101;2;auto;sim;;"RELIGADO; LACRE ROMPIDO";;;;AI-1;10/07/2025;vizinho informou;1:fachada.jpg,4:ramal.pdf
            102;7, 9;nenhum;nao;;;;;nao;;;;
            """
        let (linhas, rejeitadas) = ArquivoRetornoFiscalizacao.ler(texto)
        #expect(rejeitadas.isEmpty)
        try #require(linhas.count == 2)
        let a = linhas[0].pedido
        #expect(a.ordem == 101 && a.situacoes == [2] && a.documento == .autoInfracao && a.encerrar)
        #expect(a.parecer == "RELIGADO; LACRE ROMPIDO" && a.autoNumero == "AI-1" && a.autoData == CivilDate(year: 2025, month: 7, day: 10))
        #expect(a.fotos == [.init(tipo: 1, arquivo: "fachada.jpg"), .init(tipo: 4, arquivo: "ramal.pdf")])
        #expect(a.atualizarLigacao == nil && a.gerarDebito == nil)
        let b = linhas[1].pedido
        #expect(b.situacoes == [7, 9] && !b.encerrar && b.atualizarLigacao == false && b.fotos.isEmpty)
        #expect(linhas.map(\.numero) == [2, 3])
    }

    @Test func eachBadLineWithItsNumberAndReason() {
        let texto = """
            \(Self.cabecalho)
            abc;2;auto;;;;;;;;;;
            103;2;entregue;;;;;;;;;;
            104;2;;;;;;;;;;;
            105;2;nenhum;talvez;;;;;;;;;
            106;2;nenhum;;;;;;;;32/01/2025;;
            107;2;nenhum
            108;x;nenhum;;;;;;;;;;

            109;2;nenhum;;;;;;;;;;
            109;2;nenhum;;;;;;;;;;
            """
        let (linhas, r) = ArquivoRetornoFiscalizacao.ler(texto)
        #expect(linhas.map(\.pedido.ordem) == [109])
        #expect(r == [
            .init(linha: 2, motivo: "Número da Ordem de Serviço inválido: abc."),
            .init(linha: 3, motivo: "Documento Entregue inválido: entregue (comparecimento, auto, nenhum ou notificacao-esgoto)."),
            .init(linha: 4, motivo: "Informe Documento Entregue."),
            .init(linha: 5, motivo: "Encerrar OS inválido: talvez (sim ou nao)."),
            .init(linha: 6, motivo: "Data do Auto de Infração inválida: 32/01/2025 (use DD/MM/AAAA)."),
            .init(linha: 7, motivo: "3 campos: o leiaute tem 13"),
            .init(linha: 8, motivo: "Situação da Fiscalização inválida: x."),
            .init(linha: 9, motivo: "linha em branco"),
            .init(linha: 11, motivo: "OS 109 repetida no arquivo (também na linha 10)"),
        ])
    }

    @Test func theHeaderIsTheLayouts() {
        #expect(ArquivoRetornoFiscalizacao.ler("os;situacao\n1;2").rejeitadas
                == [.init(linha: 1, motivo: "cabeçalho inválido: esperado \(Self.cabecalho)")])
        #expect(ArquivoRetornoFiscalizacao.ler("").rejeitadas.first?.linha == 1)
    }
}
