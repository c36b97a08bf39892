public import GSANModel

/// The caps on how many documents an activity issues (seed 002 §1.2.2; GSAN-FACTS §7).
public enum LimiteDocumentos {
    /// A selected imóvel as the caps see it.
    public struct Candidato: Sendable, Hashable, Codable {
        /// The rota's position in the activity (its order by localidade, setor, rota code).
        public var ordemRota: Int
        /// The imóvel's position in its rota.
        public var sequencia: Int
        public var imovel: Int
        public var valor: Centavos

        public init(ordemRota: Int, sequencia: Int, imovel: Int, valor: Centavos) {
            self.ordemRota = ordemRota
            self.sequencia = sequencia
            self.imovel = imovel
            self.valor = valor
        }

        var ordemNaRota: (Int, Int, Int) { (ordemRota, sequencia, imovel) }
    }

    /// Inside one rota: "as OS com maior valor de débito, limitada à quantidade fixada na rota"
    /// (§1.2.2). Ties go to the rota order. Returns the kept candidates in rota order.
    public static func naRota(_ candidatos: [Candidato], quantidade: Int?) -> [Candidato] {
        guard let quantidade, candidatos.count > quantidade else { return candidatos.sorted { $0.ordemNaRota < $1.ordemNaRota } }
        return Array(candidatos.sorted(by: maiorValorPrimeiro).prefix(quantidade)).sorted { $0.ordemNaRota < $1.ordemNaRota }
    }

    /// Across all rotas of the activity (its Qtd. Máxima Documentos): with the ordering by value
    /// the highest debts are kept and the lowest-valued excess cancelled; without it the first in
    /// rota and imóvel order are kept. Returns the imóveis to cancel, whatever the input's order.
    ///
    /// - Parameter valorLimite: an eventual command's "valor limite obrigatório" (`cacm_vllimite`):
    ///   it orders by value too, and documents of at least that value are never cancelled — if
    ///   they alone pass the maximum, all of them stay (GSAN-FACTS §7).
    public static func excedentes(
        _ candidatos: [Candidato], maximo: Int?, ordenarPorValor: Bool, valorLimite: Centavos? = nil
    ) -> Set<Int> {
        guard let maximo, candidatos.count > maximo else { return [] }
        let porValor = ordenarPorValor || valorLimite != nil
        let ordenados = porValor ? candidatos.sorted(by: maiorValorPrimeiro) : candidatos.sorted { $0.ordemNaRota < $1.ordemNaRota }
        return Set(ordenados.dropFirst(maximo).filter { valorLimite == nil || $0.valor < valorLimite! }.map(\.imovel))
    }

    static func maiorValorPrimeiro(_ a: Candidato, _ b: Candidato) -> Bool {
        a.valor != b.valor ? a.valor > b.valor : a.ordemNaRota < b.ordemNaRota
    }
}
