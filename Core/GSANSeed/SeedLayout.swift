import GSANModel

/// The utility's shape for N imóveis: rotas of 200 to 1,500 imóveis (N/800 rotas, sizes
/// jittered in pairs so the total stays N), four rotas per setor, five setores per
/// localidade, four localidades per unidade de negócio, three unidades per gerência, up to
/// twenty grupos (faturamento and cobrança, one to one). Imóvel ids are contiguous per rota;
/// everything here is O(rotas), never O(imóveis).
public struct SeedLayout: Sendable {
    public static let imoveisPorQuadra = 40
    public static let rotasPorSetor = 4
    public static let setoresPorLocalidade = 5
    public static let localidadesPorUnidade = 4
    public static let unidadesPorGerencia = 3
    public static let maximoGrupos = 20

    public let imoveis: Int
    /// First imóvel id of each rota (index 0 = rota 1), plus one past the last.
    public let inicioRota: [Int]
    /// First quadra id of each rota, plus one past the last.
    public let inicioQuadra: [Int]
    public let grupos: Int

    public init(imoveis: Int, seed: UInt64) {
        precondition(imoveis > 0)
        self.imoveis = imoveis
        let rotas = max(1, Int((Double(imoveis) / 800).rounded()))
        var sizes = [Int](repeating: imoveis / rotas, count: rotas)
        for index in 0..<(imoveis % rotas) { sizes[index] += 1 }
        var random = SeedRandom(seed: seed, stream: Stream.layout.rawValue)
        var index = 0
        while index + 1 < rotas {
            let room = min(sizes[index] - 200, 1500 - sizes[index + 1], sizes[index] * 3 / 10)
            if room > 0 {
                let delta = random.int(0...room)
                sizes[index] -= delta
                sizes[index + 1] += delta
            }
            index += 2
        }
        var starts = [1]
        var quadras = [1]
        for size in sizes {
            starts.append(starts.last! + size)
            quadras.append(quadras.last! + (size + Self.imoveisPorQuadra - 1) / Self.imoveisPorQuadra)
        }
        inicioRota = starts
        inicioQuadra = quadras
        grupos = min(rotas, Self.maximoGrupos)
    }

    public var rotas: Int { inicioRota.count - 1 }
    public var quadras: Int { inicioQuadra.last! - 1 }
    public var setores: Int { (rotas + Self.rotasPorSetor - 1) / Self.rotasPorSetor }
    public var localidades: Int { (setores + Self.setoresPorLocalidade - 1) / Self.setoresPorLocalidade }
    public var unidades: Int { (localidades + Self.localidadesPorUnidade - 1) / Self.localidadesPorUnidade }
    public var gerencias: Int { (unidades + Self.unidadesPorGerencia - 1) / Self.unidadesPorGerencia }

    public func tamanho(rota: Int) -> Int { inicioRota[rota] - inicioRota[rota - 1] }
    public func setor(rota: Int) -> Int { (rota - 1) / Self.rotasPorSetor + 1 }
    public func codigo(rota: Int) -> Int { (rota - 1) % Self.rotasPorSetor + 1 }
    public func localidade(setor: Int) -> Int { (setor - 1) / Self.setoresPorLocalidade + 1 }
    public func codigo(setor: Int) -> Int { (setor - 1) % Self.setoresPorLocalidade + 1 }
    public func unidade(localidade: Int) -> Int { (localidade - 1) / Self.localidadesPorUnidade + 1 }
    public func gerencia(unidade: Int) -> Int { (unidade - 1) / Self.unidadesPorGerencia + 1 }
    public func grupo(rota: Int) -> Int { (rota - 1) * grupos / rotas + 1 }

    /// The rota of quadra `quadra` (binary search over the rota starts).
    public func rota(quadra: Int) -> Int { upperIndex(inicioQuadra, quadra) }
    public func rota(imovel: Int) -> Int { upperIndex(inicioRota, imovel) }

    /// Número of a quadra inside its setor: rota código × 100 + position (≤ 38 per rota).
    public func numero(quadra: Int) -> Int {
        let rota = rota(quadra: quadra)
        return codigo(rota: rota) * 100 + (quadra - inicioQuadra[rota - 1]) + 1
    }

    private func upperIndex(_ starts: [Int], _ value: Int) -> Int {
        var low = 0
        var high = starts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if starts[middle] <= value { low = middle } else { high = middle - 1 }
        }
        return low + 1
    }
}
