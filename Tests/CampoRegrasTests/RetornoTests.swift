import Foundation
import CampoRegras
import GSANModel
import Testing

/// The return file as FIELD-APP-PROTOCOL.md §3 reads: the records, the app's formats, GSAN's checks.
@Suite struct RetornoTests {
    /// A water record 1 of 34 fields, written field by field as in the §3.2 table.
    static let agua =
        "1|1001|1|072025|555|1|12|1234|0|2025-07-03 09:03:05.000123|0|1234|12|12|0|0|1||1|0010020030004000|1||||1222|1|"
        + "45,60|36,48|1.234,50|0,00|0,00|-5.79448123|-35.2110|0|\n"
    static let categoria = "2|1001|1|0|45,60|12|30,00|10|36,48|12|24,00|10|\n"
    static let faixa = "3|1001|1|0|2|15,60|11|20|7,80|6,24|2|12,48|\n"
    static let imposto = "4|1001|1|IMPOSTO DE RENDA|1,50|0,68|\n"

    static let catalogo = CatalogoRetorno(
        grupos: [1: Referencia(ano: 2025, mes: 7)!], anormalidadesLeitura: [5, 7], anormalidadesConsumo: [3], categorias: [1, 2],
        impostos: [1], tiposConsumo: [1, 2, 3, 4, 5, 6, 7, 8])
    static let hoje = CivilDate(year: 2025, month: 7, day: 3)!

    func arquivo(_ texto: String, finalizacao: Bool = false) throws -> ArquivoRetorno {
        switch LeituraRetorno.ler(texto, finalizacao: finalizacao) {
        case .arquivo(let a): return a
        case .inconsistencias(let i): Issue.record("inconsistências: \(i)"); throw Falha()
        }
    }

    func problemas(_ texto: String, finalizacao: Bool = false) -> [Inconsistencia] {
        guard case .inconsistencias(let i) = LeituraRetorno.ler(texto, finalizacao: finalizacao) else { return [] }
        return i
    }

    struct Falha: Error {}

    @Test func registro1CampoACampo() throws {
        let a = try arquivo(Self.agua + Self.categoria + Self.faixa + Self.imposto)
        #expect(a.imoveis.count == 1)
        let r = a.imoveis[0].principal
        #expect(r.matricula == 1001 && r.tipoMedicao == 1 && r.referencia == Referencia(ano: 2025, mes: 7))
        #expect(r.numeroConta == 555 && r.grupoFaturamento == 1 && r.codigoRota == 12 && r.leitura == 1234)
        #expect(r.anormalidadeLeitura == nil)  // 0 = none
        #expect(r.dataHoraLeitura == DataHoraLeitura(data: CivilDate(year: 2025, month: 7, day: 3)!, segundos: 9 * 3600 + 3 * 60 + 5))
        #expect(r.situacaoLeitura == 0 && r.leituraFaturamento == 1234 && r.consumoMedido == 12 && r.consumoCobrado == 12)
        #expect(r.tipoConsumo == 1 && r.anormalidadeConsumo == nil && r.impressa && r.localidade == 1 && r.setorComercial == 2)
        #expect(r.leituraAnterior == 1222 && r.vezesImpressa == 1)
        #expect(r.valorAgua == Centavos(4560) && r.valorEsgoto == Centavos(3648) && r.valorDebitos == Centavos(123_450))
        #expect(r.latitude == "-5.79448123" && r.longitude == "-35.2110" && r.mesMotivoRevisao == 0 && r.campos == 34)
        let c = a.imoveis[0].categorias[0]
        #expect(c.categoria.categoria == 1 && c.categoria.consumoAgua == 12 && c.categoria.tarifaMinimaAgua == Centavos(3000))
        #expect(c.faixas.count == 1 && c.faixas[0].valorAgua == Centavos(1560) && c.faixas[0].limiteFinal == 20)
        #expect(a.imoveis[0].impostos[0].aliquotaCentesimos == 150 && a.imoveis[0].impostos[0].valor == Centavos(68))
    }

    @Test func registroDe33CamposSemMedicao() throws {
        let linha = "1|2002|1|072025|0|1|12||7|2025-07-03 10:00:00.000000|||||0|0|||2|0010020030004000|1|||||0|0,00|0,00|0,00|0,00|0,00|||\n"
        let r = try arquivo(linha).imoveis[0].principal
        #expect(r.campos == 33 && r.situacaoLeitura == nil && r.anormalidadeLeitura == 7 && r.mesMotivoRevisao == nil && !r.impressa)
        #expect(ValidacaoRetorno.validar(try arquivo(linha), catalogo: Self.catalogo, hoje: Self.hoje).isEmpty)
    }

    @Test func dinheiroComoOAppEscreveEComoOGSANLe() {
        #expect(FormatoRetorno.moeda("0,00") == .zero)
        #expect(FormatoRetorno.moeda("1,50") == Centavos(150))
        #expect(FormatoRetorno.moeda("1.234,50") == Centavos(123_450))
        #expect(FormatoRetorno.moeda("1.234.567,89") == Centavos(123_456_789))
        // The app's malformed negatives, read as GSAN reads them (§3.1).
        #expect(FormatoRetorno.moeda("-5,.5") == Centavos(-55))
        #expect(FormatoRetorno.moeda("0,.3") == Centavos(3))
        #expect(FormatoRetorno.moeda("") == .zero)
        #expect(FormatoRetorno.moeda("12") == nil)
        #expect(FormatoRetorno.moeda("1,5x") == nil)
        #expect(FormatoRetorno.moeda("9999999999999999,99") == nil)
        for (v, t) in [(0, "0,00"), (150, "1,50"), (123_450, "1.234,50"), (123_456_789, "1.234.567,89"), (-550, "-5,.5"), (-30, "0,.3")] {
            #expect(FormatoRetorno.textoMoeda(Centavos(Int64(v))) == t)
        }
    }

    @Test func escritaELeituraSaoInversas() throws {
        let a = try arquivo(Self.agua + Self.categoria + Self.faixa + Self.imposto)
        #expect(EscritaRetorno.imovel(a.imoveis[0]) == Self.agua.replacingOccurrences(of: ".000123", with: ".000000") + Self.categoria + Self.faixa + Self.imposto)
        let zero = Registro0(tipoFinalizacao: 2, localidade: 1, setorComercial: 2, rota: 12, matriculaPrimeiroImovel: 1001)
        #expect(EscritaRetorno.registro0(zero) == "0|2|001|002|12|1001|\n")
        let f = try arquivo(EscritaRetorno.registro0(zero) + Self.agua + "5|1001|3|202507|\n", finalizacao: true)
        #expect(f.cabecalho == zero && f.marcacao == [Registro5(matricula: 1001, sequencial: 3, referencia: 202_507)])
    }

    @Test func textoDuplamenteCodificadoDoPacote2() {
        let original = "4|1|1|CONTRIBUIÇÃO|1,00|0,10|\n"
        let uma = Array(original.utf8)
        let dupla = Array(String(uma.map { Character(Unicode.Scalar($0)) }).utf8)
        #expect(TextoRetorno.decodificar(dupla, duplaCodificacao: true) == original)
        #expect(TextoRetorno.decodificar(uma, duplaCodificacao: true) == original)
        #expect(TextoRetorno.decodificar(uma, duplaCodificacao: false) == original)
    }

    @Test func ordemETiposDosRegistros() {
        // FS0008: a 2 without its 1, a 3 without its 2, a 4 of another imóvel.
        #expect(problemas(Self.categoria).map(\.codigo) == ["FS0008"])
        #expect(problemas(Self.agua + Self.faixa).map(\.codigo) == ["FS0008"])
        #expect(problemas(Self.agua + "4|9999|1|IR|1,50|0,68|\n").map(\.codigo) == ["FS0008"])
        // FS0009: an unknown type; record 0 and 5 only when finalizing.
        #expect(problemas("7|1|\n").map(\.codigo) == ["FS0009"])
        #expect(problemas("0|2|001|002|12|1001|\n" + Self.agua).map(\.codigo) == ["FS0009"])
        #expect(problemas(Self.agua, finalizacao: true).map(\.codigo) == ["FS0008"])
        #expect(problemas(Self.agua + "0|2|001|002|12|1001|\n", finalizacao: true).map(\.codigo).contains("FS0008"))
        // Formats: a letter in a number, a bad date, a short inscrição, a line without pipes, an empty line inside.
        #expect(problemas(Self.agua.replacingOccurrences(of: "|1234|0|", with: "|12X4|0|")).map(\.codigo) == ["FORMATO"])
        #expect(problemas(Self.agua.replacingOccurrences(of: "2025-07-03 09", with: "03/07/2025 09")).map(\.codigo) == ["FORMATO"])
        #expect(problemas(Self.agua.replacingOccurrences(of: "0010020030004000", with: "00100200")).map(\.codigo) == ["FORMATO"])
        #expect(problemas("000123\n").map(\.codigo) == ["FORMATO"])
        #expect(problemas(Self.agua + "\n" + Self.categoria).map(\.codigo) == ["FORMATO"])
        #expect(problemas("1|1|\n").map(\.codigo) == ["FORMATO"])
        // Trailing line breaks and CRLF are fine.
        #expect(problemas(Self.agua.replacingOccurrences(of: "\n", with: "\r\n") + "\n\n").isEmpty)
    }

    @Test func checagensDoGSAN() throws {
        func codigos(_ texto: String) throws -> [String] {
            ValidacaoRetorno.validar(try arquivo(texto), catalogo: Self.catalogo, hoje: Self.hoje).map(\.codigo)
        }
        #expect(try codigos(Self.agua + Self.categoria + Self.faixa + Self.imposto) == [])
        #expect(try codigos(Self.agua.replacingOccurrences(of: "|555|1|12|", with: "|555|9|12|")) == ["FS0001"])
        #expect(try codigos(Self.agua.replacingOccurrences(of: "1001|1|072025", with: "1001|3|072025")) == ["FS0003"])
        #expect(try codigos(Self.agua.replacingOccurrences(of: "|1234|0|2025", with: "|1234|8|2025")) == ["FS0005"])
        #expect(try codigos(Self.agua.replacingOccurrences(of: "|1234|0|2025", with: "|1234|5|2025")) == [])
        #expect(try codigos(Self.agua.replacingOccurrences(of: "2025-07-03", with: "2025-07-05")) == ["FS0004"])  // future
        #expect(try codigos(Self.agua.replacingOccurrences(of: "2025-07-03", with: "2025-07-04")) == [])  // minus one day: today
        #expect(try codigos(Self.agua.replacingOccurrences(of: "2025-07-03", with: "2025-05-31")) == ["FS0004"])
        #expect(try codigos(Self.agua.replacingOccurrences(of: "2025-07-03", with: "2025-06-01")) == [])
        #expect(try codigos(Self.agua.replacingOccurrences(of: "000123|0|1234", with: "000123|2|1234")) == ["FS0006"])
        #expect(try codigos(Self.agua.replacingOccurrences(of: "|1||1|0010", with: "|1|4|1|0010")) == ["FS0012"])
        #expect(try codigos(Self.agua.replacingOccurrences(of: "|1||1|0010", with: "|1|3|1|0010")) == [])
        // The consumption type: no foreign key stops it any more (0032), the check does.
        #expect(try codigos(Self.agua.replacingOccurrences(of: "|0|0|1||1|0010", with: "|0|0|9||1|0010")) == ["CADASTRO"])
        #expect(try codigos(Self.agua + Self.categoria.replacingOccurrences(of: "2|1001|1|0", with: "2|1001|9|0")) == ["FS0011"])
        #expect(try codigos(Self.agua + Self.imposto.replacingOccurrences(of: "4|1001|1|", with: "4|1001|6|")) == ["FS0010"])
    }
}
