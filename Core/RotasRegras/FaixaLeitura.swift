/// The expected-reading band the phone checks a reading against (UC0086, GSAN-FACTS §2.3),
/// from the last billed reading L and the meter's average consumption m, on a meter of d
/// digits. A bound past the meter's last value rolls over (10^d is subtracted), so
/// `inicial > final` means the band crosses zero.
public struct FaixaLeitura: Sendable, Equatable, CustomStringConvertible {
    public var inicial: Int
    public var final: Int

    public init(inicial: Int, final: Int) {
        self.inicial = inicial
        self.final = final
    }

    public var description: String { "\(inicial)–\(final)" }

    public enum Erro: Error, Sendable, Equatable {
        /// The previous reading does not fit on the meter.
        case leituraForaDoHidrometro(leitura: Int, maximo: Int)
        /// The band is wider than the meter's dial, or ends past a second turn of it.
        case faixaMaiorQueOHidrometro(FaixaLeitura, maximo: Int)
    }

    /// The band for leitura anterior `l`, média `m`, `digitos` digits. Percentages of the
    /// table are exact tenths, rounded half up to whole m³.
    public static func esperada(leituraAnterior l: Int, media m: Int, digitos: Int) throws(Erro) -> FaixaLeitura {
        let limite = potencia10(digitos)
        guard l >= 0, l < limite else { throw .leituraForaDoHidrometro(leitura: l, maximo: limite - 1) }
        let m = max(0, m)
        let (inferior, superior): (Int, Int)  // tenths of m
        switch m {
        case ...10: return try virar(FaixaLeitura(inicial: l, final: l + m + 10), limite: limite)
        case 11...20: (inferior, superior) = (4, 16)
        case 21...45: (inferior, superior) = (5, 15)
        case 46...100: (inferior, superior) = (6, 14)
        default: (inferior, superior) = (7, 13)
        }
        let faixa = FaixaLeitura(inicial: l + (inferior * m + 5) / 10, final: l + (superior * m + 5) / 10)
        return try virar(faixa, limite: limite)
    }

    static func virar(_ faixa: FaixaLeitura, limite: Int) throws(Erro) -> FaixaLeitura {
        guard faixa.final - faixa.inicial < limite, faixa.final < 2 * limite else { throw .faixaMaiorQueOHidrometro(faixa, maximo: limite - 1) }
        return FaixaLeitura(
            inicial: faixa.inicial >= limite ? faixa.inicial - limite : faixa.inicial,
            final: faixa.final >= limite ? faixa.final - limite : faixa.final)
    }

    public static func potencia10(_ digitos: Int) -> Int {
        var resultado = 1
        for _ in 0..<max(0, digitos) { resultado *= 10 }
        return resultado
    }
}
