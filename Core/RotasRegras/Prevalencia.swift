public import GSANModel

/// Billing by ligação (seed 004): the file says the imóvel has one economia, of the
/// categoria/subcategoria with the most economias; on a tie, the one with the higher tariff
/// (its tarifa mínima), then the lower ids, so the choice is always the same.
public enum Prevalencia {
    public static func prevalecente(
        _ economias: [EconomiaArquivo], porCategoria: Bool, tarifaMinima: (EconomiaArquivo) -> Centavos?
    ) -> EconomiaArquivo? {
        var grupos: [EconomiaArquivo] = []
        for economia in economias {
            if let indice = grupos.firstIndex(where: { mesma($0, economia, porCategoria) }) {
                grupos[indice].quantidade += economia.quantidade
            } else {
                grupos.append(economia)
            }
        }
        func vem(antes a: EconomiaArquivo, de b: EconomiaArquivo) -> Bool {
            if a.quantidade != b.quantidade { return a.quantidade > b.quantidade }
            let (ta, tb) = (tarifaMinima(a) ?? .zero, tarifaMinima(b) ?? .zero)
            if ta != tb { return ta > tb }
            return (a.categoria, a.subcategoria) < (b.categoria, b.subcategoria)
        }
        guard var escolhida = grupos.min(by: vem) else { return nil }
        escolhida.quantidade = 1
        return escolhida
    }

    static func mesma(_ a: EconomiaArquivo, _ b: EconomiaArquivo, _ porCategoria: Bool) -> Bool {
        a.categoria == b.categoria && (porCategoria || a.subcategoria == b.subcategoria)
    }
}
