public import GSANModel

/// The tariff of one category in force for a reference (`consumo_tarifa_categoria` and its
/// `consumo_tarifa_faixa` rows): the minimum charge covers consumption up to the minimum, and
/// every m³ beyond it is charged at the price of the band it falls in.
public struct TarifaCategoria: Sendable, Hashable {
    public struct Faixa: Sendable, Hashable {
        /// First and last m³ of the band (inclusive; 999999 = no limit).
        public var inicio: Int
        public var fim: Int
        /// Price of one m³ in this band.
        public var valorM3: Centavos

        public init(inicio: Int, fim: Int, valorM3: Centavos) {
            self.inicio = inicio
            self.fim = fim
            self.valorM3 = valorM3
        }
    }

    public var consumoMinimo: Int
    public var tarifaMinima: Centavos
    public var faixas: [Faixa]

    public init(consumoMinimo: Int, tarifaMinima: Centavos, faixas: [Faixa]) {
        self.consumoMinimo = consumoMinimo
        self.tarifaMinima = tarifaMinima
        self.faixas = faixas
    }

    /// The charge for one economia consuming `consumo` m³: the minimum, plus each m³ above the
    /// minimum at its band's price. Bands (or parts of bands) at or below the minimum are
    /// already paid by it.
    public func valorPorEconomia(consumo: Int) -> Centavos {
        var total = tarifaMinima.value
        for faixa in faixas {
            let primeiro = max(faixa.inicio, consumoMinimo + 1)
            let ultimo = min(faixa.fim, consumo)
            if ultimo >= primeiro { total += Int64(ultimo - primeiro + 1) * faixa.valorM3.value }
        }
        return Centavos(total)
    }
}

/// The economias of one category/subcategory line of a bill (`conta_categoria`).
public struct LinhaEconomias: Sendable, Hashable {
    public var categoria: Int
    public var subcategoria: Int
    public var quantidade: Int

    public init(categoria: Int, subcategoria: Int, quantidade: Int) {
        self.categoria = categoria
        self.subcategoria = subcategoria
        self.quantidade = quantidade
    }
}

/// One line's values after the calculation.
public struct LinhaCalculada: Sendable, Hashable {
    public var linha: LinhaEconomias
    public var consumo: Int
    public var agua: Centavos
    public var esgoto: Centavos
}

/// What billing a pre-billed conta gives.
public struct ContaCalculada: Sendable, Hashable {
    public var consumoAgua: Int
    public var consumoEsgoto: Int
    public var linhas: [LinhaCalculada]
    public var agua: Centavos { linhas.reduce(.zero) { $0 + $1.agua } }
    public var esgoto: Centavos { linhas.reduce(.zero) { $0 + $1.esgoto } }
}

public enum CalculoConta {
    public enum Erro: Error, Hashable, CustomStringConvertible {
        case tarifaInexistente(tarifa: Int, categoria: Int)
        case semEconomias

        public var description: String {
            switch self {
            case .tarifaInexistente(let tarifa, let categoria):
                "Não há tarifa vigente para a categoria \(categoria) na tarifa de consumo \(tarifa)."
            case .semEconomias:
                "Conta sem economias: não há como ratear o consumo."
            }
        }
    }

    /// Bills `consumo` m³ over the economias: the consumption is shared equally by every
    /// economia of the bill (whole m³, the remainder unbilled as GSAN's per-economia rule does),
    /// each economia pays its category's tariff for its share; sewage is `percentualEsgoto` of
    /// the water value (hundredths of a percent: 8000 = 80,00 %), rounded down to the centavo.
    public static func calcular(
        consumo: Int, economias: [LinhaEconomias], tarifa: Int, tarifas: [Int: TarifaCategoria],
        percentualEsgotoCentesimos: Int, esgotoLigado: Bool
    ) throws(Erro) -> ContaCalculada {
        let total = economias.reduce(0) { $0 + $1.quantidade }
        guard total > 0 else { throw .semEconomias }
        let porEconomia = max(0, consumo) / total
        var linhas: [LinhaCalculada] = []
        for linha in economias {
            guard let categoria = tarifas[linha.categoria] else {
                throw .tarifaInexistente(tarifa: tarifa, categoria: linha.categoria)
            }
            let agua = Centavos(categoria.valorPorEconomia(consumo: porEconomia).value * Int64(linha.quantidade))
            linhas.append(LinhaCalculada(linha: linha, consumo: porEconomia * linha.quantidade, agua: agua, esgoto: .zero))
        }
        if esgotoLigado {
            // The bill's sewage is a percentage of its whole water value; the lines share it in
            // proportion, the first taking the centavos the rounding leaves.
            let aguaTotal = linhas.reduce(Int64(0)) { $0 + $1.agua.value }
            let esgotoTotal = aguaTotal * Int64(percentualEsgotoCentesimos) / 10_000
            var distribuido: Int64 = 0
            for i in linhas.indices where aguaTotal > 0 {
                let parte = esgotoTotal * linhas[i].agua.value / aguaTotal
                linhas[i].esgoto = Centavos(parte)
                distribuido += parte
            }
            if !linhas.isEmpty { linhas[0].esgoto = Centavos(linhas[0].esgoto.value + esgotoTotal - distribuido) }
        }
        return ContaCalculada(consumoAgua: consumo, consumoEsgoto: esgotoLigado ? consumo : 0, linhas: linhas)
    }
}
