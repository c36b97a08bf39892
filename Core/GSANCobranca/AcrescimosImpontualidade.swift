import GSANModel

/// The utility's acréscimos por impontualidade (`cadastro.sistema_parametros`, migration 0012),
/// in hundredths of a percent: 200 = 2,00 %.
public struct ParametrosAcrescimos: Sendable, Hashable, Codable {
    /// Multa: once, on the overdue amount.
    public var multa: Int
    /// Juros de mora per month, pro rata die (30-day months).
    public var jurosMensais: Int
    /// Atualização monetária per month, pro rata die, simple (0 when the utility applies none).
    public var atualizacaoMensal: Int

    public init(multa: Int, jurosMensais: Int, atualizacaoMensal: Int) {
        self.multa = multa
        self.jurosMensais = jurosMensais
        self.atualizacaoMensal = atualizacaoMensal
    }

    /// The migration's defaults: 2 % multa, 1 % a.m. juros, no atualização.
    public static let padrao = ParametrosAcrescimos(multa: 200, jurosMensais: 100, atualizacaoMensal: 0)
}

/// Acréscimos por impontualidade of one overdue item (a bill or a guia) on a base date:
/// multa + juros de mora + atualização monetária, each rounded half-even to the centavo.
public enum AcrescimosImpontualidade {
    public struct Valores: Sendable, Hashable {
        public var multa: Centavos
        public var juros: Centavos
        public var atualizacao: Centavos
        public var total: Centavos { multa + juros + atualizacao }

        public static let zero = Valores(multa: .zero, juros: .zero, atualizacao: .zero)
    }

    /// Nothing until the day after `vencimento`: an item due on the base date is not late.
    public static func calcular(
        valor: Centavos, vencimento: CivilDate, dataBase: CivilDate, parametros: ParametrosAcrescimos
    ) -> Valores {
        let dias = dataBase - vencimento
        guard dias > 0, valor > .zero else { return .zero }
        let base = Int128(valor.value)
        // valor × centésimos de % / 10.000; the monthly rates times days / 30.
        return Valores(
            multa: meioPar(base * Int128(parametros.multa), 10_000),
            juros: meioPar(base * Int128(parametros.jurosMensais) * Int128(dias), 300_000),
            atualizacao: meioPar(base * Int128(parametros.atualizacaoMensal) * Int128(dias), 300_000))
    }

    /// `numerador / denominador` in centavos, ties to the even centavo (non-negative operands).
    static func meioPar(_ numerador: Int128, _ denominador: Int128) -> Centavos {
        let (quociente, resto) = numerador.quotientAndRemainder(dividingBy: denominador)
        let dobro = resto * 2
        let arredonda = dobro > denominador || (dobro == denominador && quociente % 2 == 1)
        return Centavos(Int64(arredonda ? quociente + 1 : quociente))
    }
}
