import GSANModel
import Testing

/// Seed 001: "Calcula-se então 98 menos o resto de (NNNNNNNAAAAJTROOOO x 100 ÷ 97). Este resultado
/// confirma o número do DV, com dois dígitos." The test's own reading of that sentence, in
/// 128-bit arithmetic on the whole number (the product computes digit by digit), against the
/// product over 10,000 random numbers and the format's edges.
@Suite struct ProcessoJudicialTests {
    /// The seed's formula, literally: the 18 digits as one number, × 100, remainder by 97, 98 minus it.
    static func dvDaSemente(_ n: Int, _ aaaa: Int, _ j: Int, _ tr: Int, _ oooo: Int) -> Int {
        let numero = Int128(n) * 100_000_000_000 + Int128(aaaa) * 10_000_000 + Int128(j) * 1_000_000 + Int128(tr) * 10_000
            + Int128(oooo)
        return 98 - Int((numero * 100) % 97)
    }

    static func formatar(_ n: Int, _ dv: Int, _ aaaa: Int, _ j: Int, _ tr: Int, _ oooo: Int) -> String {
        "\(zeroPadded(n, 7))-\(zeroPadded(dv, 2)).\(zeroPadded(aaaa, 4)).\(j).\(zeroPadded(tr, 2)).\(zeroPadded(oooo, 4))"
    }

    /// SplitMix64: the same 10,000 numbers on every run.
    struct Sorteio: RandomNumberGenerator {
        var estado: UInt64
        mutating func next() -> UInt64 {
            estado &+= 0x9E37_79B9_7F4A_7C15
            var z = estado
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func tenThousandRandomNumbersAgreeWithTheSeedsFormula() throws {
        var sorteio = Sorteio(estado: 2026)
        var recusadosComDVErrado = 0
        for _ in 0..<10_000 {
            let n = Int.random(in: 0...9_999_999, using: &sorteio)
            let aaaa = Int.random(in: 0...9999, using: &sorteio)
            let j = Int.random(in: 0...9, using: &sorteio)
            let tr = Int.random(in: 0...99, using: &sorteio)
            let oooo = Int.random(in: 0...9999, using: &sorteio)
            let dv = Self.dvDaSemente(n, aaaa, j, tr, oooo)
            #expect((2...98).contains(dv))
            let gerado = try #require(ProcessoJudicial(sequencial: n, ano: aaaa, segmento: j, tribunal: tr, origem: oooo))
            #expect(gerado.numero == Self.formatar(n, dv, aaaa, j, tr, oooo))
            #expect(ProcessoJudicial.valido(Self.formatar(n, dv, aaaa, j, tr, oooo)))
            // Any other two digits are refused, and the message gives the right ones.
            var errado = Int.random(in: 0...99, using: &sorteio)
            if errado == dv { errado = (dv + 1) % 100 }
            #expect(throws: ProcessoJudicial.Erro.digitoVerificador(Self.formatar(n, errado, aaaa, j, tr, oooo), esperado: dv)) {
                try ProcessoJudicial(validando: Self.formatar(n, errado, aaaa, j, tr, oooo))
            }
            recusadosComDVErrado += 1
        }
        #expect(recusadosComDVErrado == 10_000)
    }

    @Test func theCheckDigitsRunFrom02To98AndTheirMod97AliasesAreRefused() throws {
        // 98 − r for r = 0 … 96: 02 … 98. Numbers whose remainder is 0, 1 or 96 also reach
        // remainder 1 by 97 with 01, 00 or 99 (the database's "mod 97 = 1" check accepted them):
        // the seed's DV is one number, so they are refused.
        var vistos: [Int: String] = [:]
        var n = 0
        while vistos.count < 3, n < 1_000_000 {
            let dv = Self.dvDaSemente(n, 2025, 8, 17, 1)
            if [98, 97, 2].contains(dv), vistos[dv] == nil { vistos[dv] = Self.formatar(n, dv, 2025, 8, 17, 1) }
            n += 1
        }
        #expect(vistos.count == 3)
        for (dv, alias) in [(98, 1), (97, 0), (2, 99)] {
            let valido = try #require(vistos[dv])
            #expect(ProcessoJudicial.valido(valido), "\(valido)")
            let comAlias = String(valido.prefix(8)) + zeroPadded(alias, 2) + String(valido.dropFirst(10))
            #expect(!ProcessoJudicial.valido(comAlias), "\(comAlias)")
        }
    }

    @Test func theFormatsEdges() throws {
        let zeros = Self.formatar(0, Self.dvDaSemente(0, 0, 0, 0, 0), 0, 0, 0, 0)
        let noves = Self.formatar(9_999_999, Self.dvDaSemente(9_999_999, 9999, 9, 99, 9999), 9999, 9, 99, 9999)
        #expect(zeros == "0000000-98.0000.0.00.0000")
        #expect(ProcessoJudicial.valido(zeros) && ProcessoJudicial.valido(noves))
        #expect(try ProcessoJudicial(validando: "  \(noves) ").numero == noves, "espaços em volta são ignorados")
        let ruins = [
            "", "0000000-98.0000.0.00.000", "0000000-98.0000.0.00.00000", "0000000.98.0000.0.00.0000",
            "0000000-98-0000.0.00.0000", "000000a-98.0000.0.00.0000", "00000000980000000000000", "0000000-98.0000.00.0.0000",
            "0000000-98.0000.0.00.0000\u{0}", "٠٠٠٠٠٠٠-98.0000.0.00.0000", "0000000-98.0000.0.00.0000.0",
        ]
        for ruim in ruins {
            #expect(throws: ProcessoJudicial.Erro.formato(ruim.trimmingSpaces), "\(ruim)") { try ProcessoJudicial(validando: ruim) }
        }
        #expect(ProcessoJudicial(sequencial: 10_000_000, ano: 2025, segmento: 8, tribunal: 17, origem: 1) == nil)
        #expect(ProcessoJudicial(sequencial: 1, ano: 2025, segmento: 10, tribunal: 17, origem: 1) == nil)
        #expect(
            ProcessoJudicial.Erro.digitoVerificador("0000001-00.2025.8.17.0001", esperado: 60).description
                == "Número do processo judicial inválido: 0000001-00.2025.8.17.0001 (dígito verificador não confere; o correto é 60).")
    }
}
