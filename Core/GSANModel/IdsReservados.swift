/// Ids a parent job reserved for one child (a rota), so that the child's rows get the same ids
/// whichever of its parallel siblings commits first, and a retried child the same ids again:
/// runs of consecutive values of the table's sequence, in the order the child uses them
/// (docs/operacao.md, "Numeração determinística"). A child that needs more than were reserved
/// takes the rest from the sequence (right, but no longer independent of the commit order).
public struct IdsReservados: Codable, Sendable, Hashable {
    /// A run of consecutive ids: `inicio`, `inicio + 1`, … (`quantidade` of them).
    public struct Faixa: Codable, Sendable, Hashable {
        public var inicio: Int64
        public var quantidade: Int

        public init(inicio: Int64, quantidade: Int) {
            self.inicio = inicio
            self.quantidade = quantidade
        }
    }

    public var faixas: [Faixa]

    public init(faixas: [Faixa] = []) { self.faixas = faixas }

    public static let nenhum = IdsReservados()

    public var quantidade: Int { faixas.reduce(0) { $0 + $1.quantidade } }

    /// The first `n` reserved ids in order (fewer when fewer were reserved).
    public func primeiros(_ n: Int) -> [Int64] {
        (0..<min(max(n, 0), quantidade)).compactMap(id)
    }

    /// The `n`-th reserved id (from 0), nil past the reservation.
    public func id(_ n: Int) -> Int64? {
        guard n >= 0 else { return nil }
        var resto = n
        for faixa in faixas {
            if resto < faixa.quantidade { return faixa.inicio + Int64(resto) }
            resto -= faixa.quantidade
        }
        return nil
    }

    /// Cuts runs (in order) into consecutive reservations of the given sizes, in the order given;
    /// a reservation past the runs' total gets what is left (possibly nothing).
    public static func repartir(_ faixas: [Faixa], em quantidades: [Int]) -> [IdsReservados] {
        var fila = faixas[...]
        var atual = fila.popFirst()
        return quantidades.map { pedido in
            var partes: [Faixa] = []
            var falta = max(pedido, 0)
            while falta > 0, let faixa = atual {
                let tomar = min(falta, faixa.quantidade)
                if tomar > 0 { partes.append(Faixa(inicio: faixa.inicio, quantidade: tomar)) }
                falta -= tomar
                if tomar == faixa.quantidade {
                    atual = fila.popFirst()
                } else {
                    atual = Faixa(inicio: faixa.inicio + Int64(tomar), quantidade: faixa.quantidade - tomar)
                }
            }
            return IdsReservados(faixas: partes)
        }
    }
}
