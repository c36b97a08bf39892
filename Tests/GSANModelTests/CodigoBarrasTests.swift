import GSANModel
import Testing

/// UC0229 (FEBRABAN arrecadação) against examples worked by hand, digit by digit.
@Suite struct CodigoBarrasTests {
    // Módulo 10, "82620000001" from the right with weights 2,1,2,1…:
    // 1·2=2, 0, 0, 0, 0, 0, 0·2=0, 2·1=2, 6·2=12→1+2=3, 2·1=2, 8·2=16→1+6=7; sum 16 → 10 − 6 = 4.
    @Test func modulo10PorExtenso() {
        #expect(CodigoBarras.modulo10("82620000001") == 4)
        // "123202506" (imóvel 123, 06/2025): 6·2=12→3, 0, 5·2=10→1, 2, 0, 2, 3·2=6, 2, 1·2=2; sum 18 → 2.
        #expect(CodigoBarras.modulo10("123202506") == 2)
        // A sum that is a multiple of 10 gives 0, not 10: "0000000000" and "19" (9·2=18→9, 1 → 10).
        #expect(CodigoBarras.modulo10("0000000000") == 0)
        #expect(CodigoBarras.modulo10("19") == 0)
        #expect(CodigoBarras.modulo10("") == 0)
    }

    // Módulo 11, "82830000001" from the right with weights 2…9 then 2, 3:
    // 1·2=2, 0·3, 0·4, 0·5, 0·6, 0·7, 0·8, 3·9=27, 8·2=16, 2·3=6, 8·4=32; sum 83;
    // 83 mod 11 = 6 → 11 − 6 = 5.
    @Test func modulo11PorExtenso() {
        #expect(CodigoBarras.modulo11("82830000001") == 5)
        // Remainder 0 → 0: "0" sums 0; "11000" = 1·6 + 1·5 = 11, remainder 0.
        #expect(CodigoBarras.modulo11("11000") == 0)
        #expect(CodigoBarras.modulo11("0") == 0)
        // Remainder 1 → 0 (11 − 1 = 10 is no digit): "6" = 6·2 = 12, 12 mod 11 = 1.
        #expect(CodigoBarras.modulo11("6") == 0)
        // Remainder 10 → 1: "5" = 10, 10 mod 11 = 10 → 11 − 10 = 1.
        #expect(CodigoBarras.modulo11("5") == 1)
        // The weights restart after 9: "100000000" (9 digits) puts the 1 under weight 2 again
        // (2,3,4,5,6,7,8,9 for the zeros, then 2): sum 2 → 11 − 2 = 9.
        #expect(CodigoBarras.modulo11("100000000") == 9)
    }

    /// A bill of R$ 123,45, empresa 1234, localidade 1, imóvel 123, 06/2025 (check digit 2).
    static let conta = CodigoBarras.Pagamento.conta(localidade: 1, imovel: 123, referencia: 202506, digitoVerificador: 2)

    // Without the general digit: 8 2 6 | 00000012345 | 1234 | 001 00000123 000 062025 2 000 | 3
    // = "8260000001234512340010000012300006202520003" (43). Módulo 10 from the right:
    // 3·2=6, 0, 0·2, 0, 2·2=4, 5, 2·2=4, 0, 2·2=4, 6, 0·2, 0, 0·2, 0, 0·2, 3, 2·2=4, 1, 0·2, 0, 0·2,
    // 0, 0·2, 1, 0·2, 0, 4·2=8, 3, 2·2=4, 1, 5·2=10→1, 4, 3·2=6, 2, 1·2=2, 0, 0·2, 0, 0·2, 0, 6·2=12→3,
    // 2, 8·2=16→7; sum 88 → 10 − 8 = 2.
    @Test func contaNoModulo10() throws {
        let codigo = try CodigoBarras.codigo(valor: Centavos(12345), empresaFebraban: 1234, pagamento: Self.conta, modulo: .dez)
        #expect(codigo == "82620000001234512340010000012300006202520003")
        // Blocks: 82620000001 → 4 (above); 23451234001: 1·2, 0, 0·2, 4, 3·2=6, 2, 1·2=2, 5, 4·2=8, 3, 2·2=4 = 36 → 4;
        // 00000123000: 0, 0, 0, 3, 2·2=4, 1 = 8 → 2; 06202520003: 3·2=6, 0, 0, 0, 2·2=4, 5, 2·2=4, 0, 2·2=4, 6, 0 = 29 → 1.
        let linha = try CodigoBarras.representacaoNumerica(valor: Centavos(12345), empresaFebraban: 1234, pagamento: Self.conta, modulo: .dez)
        #expect(linha == "826200000014" + "234512340014" + "000001230002" + "062025200031")
        #expect(CodigoBarras.valida(linha))
    }

    // The same bill with módulo 11: position 3 is 8. General digit over
    // "8280000001234512340010000012300006202520003": sum 338, 338 mod 11 = 8 → 3.
    // Blocks: 82830000001 → 5 (above); 23451234001: 1·2+0·3+0·4+4·5+3·6+2·7+1·8+5·9+4·2+3·3+2·4 = 132,
    // remainder 0 → 0; 00000123000: 3·5+2·6+1·7 = 34, remainder 1 → 0; 06202520003: 3·2+0+0+0+2·6+5·7+2·8+0+2·2+6·3+0 = 91,
    // remainder 3 → 8.
    @Test func contaNoModulo11() throws {
        let linha = try CodigoBarras.representacaoNumerica(valor: Centavos(12345), empresaFebraban: 1234, pagamento: Self.conta, modulo: .onze)
        #expect(linha == "828300000015" + "234512340010" + "000001230000" + "062025200038")
        #expect(CodigoBarras.valida(linha))
    }

    // An aviso de corte (documento tipo 12, sequencial 7) of imóvel 7, localidade 1, R$ 99,90, empresa 18:
    // identification 001 00000007 000000007 12 00, tipo 5.
    @Test func documentoDeCobranca() throws {
        let pagamento = CodigoBarras.Pagamento.documento(localidade: 1, imovel: 7, sequencial: 7, documentoTipo: 12)
        let codigo = try CodigoBarras.codigo(valor: Centavos(9990), empresaFebraban: 18, pagamento: pagamento, modulo: .dez)
        // General digit: the 43 digits 826 00000009990 0018 001000000070000000071200 5 sum 68 → 2.
        #expect(codigo == "82620000000999000180010000000700000000712005")
        let linha = try CodigoBarras.representacaoNumerica(valor: Centavos(9990), empresaFebraban: 18, pagamento: pagamento, modulo: .dez)
        #expect(linha == "826200000006" + "999000180011" + "000000070003" + "000007120058")
    }

    // A lost-discount guia (débito tipo 123) of R$ 1.000,00 issued in 2025, imóvel 4567, localidade 2:
    // identification 002 00004567 000 123 2025 000, tipo 4; general digit over the 43: sum 71 → 9.
    @Test func guiaDePagamento() throws {
        let pagamento = CodigoBarras.Pagamento.guia(localidade: 2, imovel: 4567, debitoTipo: 123, anoEmissao: 2025)
        let linha = try CodigoBarras.representacaoNumerica(valor: Centavos(100_000), empresaFebraban: 1234, pagamento: pagamento, modulo: .dez)
        #expect(linha == "826900000108" + "000012340022" + "000045670007" + "123202500047")
    }

    @Test func limites() throws {
        // All zeros but the tipo: the block digits of 00000000000 are 0 in both módulos.
        let zero = try CodigoBarras.representacaoNumerica(
            valor: .zero, empresaFebraban: 0, pagamento: .documento(localidade: 0, imovel: 0, sequencial: 0, documentoTipo: 0), modulo: .dez)
        #expect(zero == "826700000001" + "000000000000" + "000000000000" + "000000000059")
        // The widest values that fit.
        let maximo = try CodigoBarras.representacaoNumerica(
            valor: Centavos(99_999_999_999), empresaFebraban: 9999,
            pagamento: .conta(localidade: 999, imovel: 99_999_999, referencia: 209912, digitoVerificador: 9), modulo: .dez)
        #expect(maximo == "826399999992" + "999999999991" + "999999990008" + "122099900039")
        for modulo in CodigoBarras.Modulo.allCases {
            #expect(CodigoBarras.valida(try CodigoBarras.representacaoNumerica(
                valor: Centavos(4321), empresaFebraban: 77, pagamento: Self.conta, modulo: modulo)))
        }
    }

    @Test func recusasEmPortugues() {
        func erro(_ p: CodigoBarras.Pagamento, valor: Int64 = 100, empresa: Int = 1234) -> String? {
            do {
                _ = try CodigoBarras.codigo(valor: Centavos(valor), empresaFebraban: empresa, pagamento: p, modulo: .dez)
                return nil
            } catch { return error.description }
        }
        #expect(erro(Self.conta, valor: 100_000_000_000) == "Código de barras: valor em centavos 100000000000 não cabe em 11 dígitos.")
        #expect(erro(Self.conta, valor: -1) == "Código de barras: valor -0.01 negativo.")
        #expect(erro(Self.conta, empresa: 12345) == "Código de barras: código da empresa na FEBRABAN 12345 não cabe em 4 dígitos.")
        #expect(erro(.conta(localidade: 1000, imovel: 1, referencia: 202506, digitoVerificador: 0))
            == "Código de barras: localidade 1000 não cabe em 3 dígitos.")
        #expect(erro(.conta(localidade: 1, imovel: 100_000_000, referencia: 202506, digitoVerificador: 0))
            == "Código de barras: matrícula do imóvel 100000000 não cabe em 8 dígitos.")
        #expect(erro(.conta(localidade: 1, imovel: 1, referencia: 202513, digitoVerificador: 0)) == "Código de barras: referência 202513 inválida.")
        #expect(erro(.conta(localidade: 1, imovel: 1, referencia: 202506, digitoVerificador: 10))
            == "Código de barras: dígito verificador da conta 10 fora de 0 a 9.")
        #expect(erro(.documento(localidade: 1, imovel: 1, sequencial: 1_000_000_000, documentoTipo: 12))
            == "Código de barras: sequencial do documento 1000000000 não cabe em 9 dígitos.")
        #expect(erro(.guia(localidade: 1, imovel: 1, debitoTipo: 1000, anoEmissao: 2025)) == "Código de barras: tipo de débito 1000 não cabe em 3 dígitos.")
    }

    @Test func validaRecusaDigitoErrado() throws {
        let linha = try CodigoBarras.representacaoNumerica(valor: Centavos(12345), empresaFebraban: 1234, pagamento: Self.conta, modulo: .dez)
        // Every single-digit change of any position is caught (a block digit, or the general one).
        var bytes = Array(linha.utf8)
        for i in bytes.indices {
            let original = bytes[i]
            bytes[i] = original == UInt8(ascii: "9") ? UInt8(ascii: "0") : original + 1
            if i != 2 { #expect(!CodigoBarras.valida(String(decoding: bytes, as: UTF8.self)), "posição \(i + 1)") }
            bytes[i] = original
        }
        #expect(!CodigoBarras.valida(String(linha.dropLast())))
        #expect(!CodigoBarras.valida(String(linha.map { $0 == "8" ? "x" : $0 })))
    }
}
