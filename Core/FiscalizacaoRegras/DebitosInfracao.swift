public import FaturamentoRegras
public import GSANModel

/// The débitos a cobrar of an imóvel found clandestinely reconnected (seed 002 §1.2.4):
///
/// 1. **Multa pela infração** — "calculada tomando-se por base a tarifa mínima da categoria, em
///    função do número de economias limitadas em quatro": the minimum tariff of the imóvel's
///    principal categoria (the one with most economias; on a tie, the lowest id) × its economias,
///    at most 4.
/// 2. **Consumo fraudado** — "calculado pela média do consumo faturado, sendo cobrado, no mínimo, o
///    equivalente ao mês anterior, e, no máximo, de 6 (seis) meses, tomando-se por base a data do
///    corte": the whole months from the cut to the inspection, at least 1 and at most 6, each
///    charged as a month of the average billed water consumption priced with the tariff in force
///    (the same calculation as the bill's water value, ``CalculoConta``). No average (nothing
///    billed), no consumo fraudado.
///
/// Integer centavos throughout; the tariff calculation rounds as the bill does. A value not above
/// zero generates no débito (§2.4.2, "Verifica Valor do Débito").
public enum DebitosInfracao {
    public static let economiasMaximas = 4
    public static let mesesMinimo = 1
    public static let mesesMaximo = 6

    /// Which calculation a débito of a situação uses (`fzsd_cdcalculo`).
    public enum Calculo: Int, Sendable, Hashable, Codable {
        case multaInfracao = 1
        case consumoFraudado = 2
    }

    public static func categoriaPrincipal(_ economias: [LinhaEconomias]) -> Int? {
        var porCategoria: [Int: Int] = [:]
        for l in economias { porCategoria[l.categoria, default: 0] += l.quantidade }
        return porCategoria.filter { $0.value > 0 }.sorted { ($0.value, -$0.key) > ($1.value, -$1.key) }.first?.key
    }

    public static func multa(tarifaMinima: Centavos, economias: Int) -> Centavos {
        Centavos(tarifaMinima.value * Int64(min(max(economias, 0), economiasMaximas)))
    }

    /// Whole months from the cut to the inspection, within 1…6; without a cut date, the minimum.
    public static func meses(corte: CivilDate?, fiscalizacao: CivilDate) -> Int {
        guard let corte else { return mesesMinimo }
        var meses = (fiscalizacao.year * 12 + fiscalizacao.month) - (corte.year * 12 + corte.month)
        if fiscalizacao.day < corte.day { meses -= 1 }
        return min(max(meses, mesesMinimo), mesesMaximo)
    }

    /// The average billed consumption (m³ a month, rounded down); 0 without history.
    public static func media(_ consumos: [Int]) -> Int {
        guard !consumos.isEmpty else { return 0 }
        return consumos.reduce(0) { $0 + max($1, 0) } / consumos.count
    }

    public static func consumoFraudado(
        media: Int, meses: Int, economias: [LinhaEconomias], tarifa: Int, tarifas: [Int: TarifaCategoria]
    ) throws(CalculoConta.Erro) -> Centavos {
        guard media > 0, meses > 0 else { return .zero }
        let mes = try CalculoConta.calcular(
            consumo: media, economias: economias, tarifa: tarifa, tarifas: tarifas, percentualEsgotoCentesimos: 0, esgotoLigado: false)
        return Centavos(mes.agua.value * Int64(meses))
    }
}
