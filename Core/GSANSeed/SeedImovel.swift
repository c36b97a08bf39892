import GSANModel

/// The months the generator covers: `meses` closed months before the current reference
/// (the month of `hoje`), plus the current one, whose contas are pré-faturadas.
public struct SeedCalendar: Sendable {
    public let hoje: CivilDate
    public let meses: Int

    public init(hoje: CivilDate, meses: Int) {
        self.hoje = hoje
        self.meses = meses
    }

    public var referenciaCorrente: Int { hoje.year * 100 + hoje.month }

    /// Reference of month `index` (0 = the oldest, `meses` = the current one).
    public func referencia(_ index: Int) -> Int { Referencia.somar(referenciaCorrente, meses: index - meses) }

    public static func dia(_ referencia: Int, _ dia: Int) -> CivilDate {
        CivilDate(year: referencia / 100, month: referencia % 100, day: dia)!
    }

    /// Reading day of grupo `g` (3 to 22), the due day 15 days later, the close 3 days later.
    public static func diaLeitura(grupo: Int) -> Int { 3 + (grupo - 1) % 20 }
    public static func diaVencimento(grupo: Int) -> Int { (diaLeitura(grupo: grupo) + 14) % 28 + 1 }
    public static func venceNoMesDaLeitura(grupo: Int) -> Bool { diaLeitura(grupo: grupo) + 15 <= 28 }
    public static func diaEncerramento(grupo: Int) -> Int { diaLeitura(grupo: grupo) + 3 }

    public static func leitura(_ referencia: Int, grupo: Int) -> CivilDate {
        dia(referencia, diaLeitura(grupo: grupo))
    }

    public static func vencimento(_ referencia: Int, grupo: Int) -> CivilDate {
        let mes = venceNoMesDaLeitura(grupo: grupo) ? referencia : Referencia.somar(referencia, meses: 1)
        return dia(mes, diaVencimento(grupo: grupo))
    }
}

/// How an imóvel's owner pays.
enum Pagador: Sendable {
    case emDia, atrasado, devedor(desde: Int), cortado(desde: Int, corte: Int)
}

/// One imóvel, derived only from (seed, id): every pass over the imóveis rebuilds the same
/// plan, so nothing per imóvel is kept in memory.
struct ImovelPlan: Sendable {
    struct Economia: Sendable { let subcategoria: Int; let categoria: Int; let quantidade: Int }
    struct Mes: Sendable {
        let referencia: Int
        let leituraAnterior: Int
        let leituraAtual: Int
        let consumo: Int
        let leituraAnormalidade: Int?
        let consumoAnormalidade: Int?
        let agua: Centavos
        let esgoto: Centavos
        let faturado: Bool
    }

    let id: Int
    let rota: Int
    let quadra: Int
    let lote: Int
    let economias: [Economia]
    let perfil: Int
    let ligacaoAgua: Int
    let ligacaoEsgoto: Int
    let digitos: Int  // 0 = sem hidrômetro de água
    let digitosPoco: Int  // 0 = sem poço
    let leituraInicial: Int
    let consumoMedio: Int
    let pagador: Pagador
    let pessoaFisica: Bool
    let usuarioAnterior: Bool
    let judicial: Bool
    let informadoJusCompesa: Bool
    let debitoACobrar: Bool
    let credito: Bool

    var categoriaPrincipal: Int { economias.max { $0.quantidade < $1.quantidade }!.categoria }
    var quantidadeEconomias: Int { economias.reduce(0) { $0 + $1.quantidade } }
    var orgaoPublico: Bool { categoriaPrincipal == 4 }
    var esgotoLigado: Bool { ligacaoEsgoto == 3 }
    var ligado: Bool { ligacaoAgua == 3 || ligacaoAgua == 5 }

    init(id: Int, seed: UInt64, layout: SeedLayout, calendar: SeedCalendar) {
        var r = SeedRandom(seed: seed, stream: Stream.imovel.rawValue, index: UInt64(id))
        self.id = id
        rota = layout.rota(imovel: id)
        let posicao = id - layout.inicioRota[rota - 1]
        quadra = layout.inicioQuadra[rota - 1] + posicao / SeedLayout.imoveisPorQuadra
        lote = posicao % SeedLayout.imoveisPorQuadra + 1
        let sorteio = r.int(1...1000)
        let categoria = sorteio <= 850 ? 1 : sorteio <= 950 ? 2 : sorteio <= 980 ? 3 : 4
        let subcategoria = [1: r.chance(15) ? 2 : (r.chance(3) ? 6 : 1), 2: 3, 3: 4, 4: 5][categoria]!
        var economias = [Economia(subcategoria: subcategoria, categoria: categoria,
                                  quantidade: r.chance(90) ? 1 : r.int(2...12))]
        if categoria == 1, r.chance(5) { economias.append(Economia(subcategoria: 3, categoria: 2, quantidade: 1)) }
        self.economias = economias
        perfil = r.chance(95) ? 1 : r.chance(60) ? 2 : 3
        pessoaFisica = categoria == 1
        let factivel = r.chance(3)
        ligacaoAgua = factivel ? 2 : 3
        ligacaoEsgoto = factivel ? 1 : (r.chance(60) ? 3 : 1)
        if !factivel, r.chance(82) {
            let d = r.int(1...100)
            digitos = d <= 40 ? 4 : d <= 80 ? 5 : d <= 95 ? 6 : 7
        } else {
            digitos = 0
        }
        digitosPoco = !factivel && r.chance(2) ? 6 : 0
        leituraInicial = digitos > 0 ? r.int(0...(Self.potencia(digitos) - 1)) : 0
        consumoMedio = r.int(6...22) * economias[0].quantidade + (categoria == 1 ? 0 : r.int(10...60))
        let p = r.int(1...100)
        let meses = calendar.meses
        if factivel || p <= 78 {
            pagador = .emDia
        } else if p <= 90 {
            pagador = .atrasado
        } else if p <= 96 {
            pagador = .devedor(desde: r.int(0...max(0, meses - 1)))
        } else {
            let desde = r.int(0...max(0, meses - 1))
            let corte = desde + 3
            pagador = corte < meses ? .cortado(desde: desde, corte: corte) : .devedor(desde: desde)
        }
        usuarioAnterior = r.chance(10)
        let devedor: Bool
        switch pagador {
        case .devedor, .cortado: devedor = true
        default: devedor = false
        }
        judicial = devedor && r.chance(3)
        informadoJusCompesa = devedor && !judicial && r.chance(2)
        debitoACobrar = !factivel && r.chance(3)
        credito = !factivel && r.chance(1)
    }

    /// Situação da ligação de água now: cortado after its cut month.
    var situacaoAguaAtual: Int {
        if case .cortado = pagador { return 5 }
        return ligacaoAgua
    }

    static func potencia(_ digitos: Int) -> Int {
        var result = 1
        for _ in 0..<digitos { result *= 10 }
        return result
    }

    /// The months, oldest first; the last one is the current (pré-faturada, not yet read).
    func meses(seed: UInt64, calendar: SeedCalendar, tarifa: SeedTarifa) -> [Mes] {
        var r = SeedRandom(seed: seed, stream: Stream.conta.rawValue, index: UInt64(id))
        var leitura = leituraInicial
        var result: [Mes] = []
        result.reserveCapacity(calendar.meses + 1)
        for index in 0...calendar.meses {
            let referencia = calendar.referencia(index)
            var faturado = ligacaoAgua == 3
            if case .cortado(_, let corte) = pagador, index >= corte { faturado = false }
            let corrente = index == calendar.meses
            var consumo = 0
            var leituraAnormalidade: Int?
            var consumoAnormalidade: Int?
            let anterior = leitura
            if faturado && !corrente {
                consumo = max(0, consumoMedio * r.int(70...130) / 100)
                if r.chance(1) {
                    leituraAnormalidade = 2  // imóvel fechado: fatura a média
                    consumo = consumoMedio
                } else if r.chance(0.5) {
                    consumo *= 4
                    consumoAnormalidade = 3  // alto consumo
                }
                if digitos > 0 {
                    let limite = Self.potencia(digitos)
                    leitura = (leitura + consumo) % limite
                    if leitura < anterior { consumoAnormalidade = 5 }  // virada do hidrômetro
                }
            }
            let agua = faturado && !corrente ? tarifa.valorAgua(consumo: consumo, economias: economias) : .zero
            let esgoto = esgotoLigado ? Centavos(agua.value * 80 / 100) : .zero
            result.append(
                Mes(referencia: referencia, leituraAnterior: anterior, leituraAtual: leitura, consumo: consumo,
                    leituraAnormalidade: leituraAnormalidade, consumoAnormalidade: consumoAnormalidade,
                    agua: agua, esgoto: esgoto, faturado: faturado))
        }
        return result
    }

    /// When the conta of month `index` was paid, or nil if it is still open on `hoje`.
    func pagamento(mes index: Int, vencimento: CivilDate, calendar: SeedCalendar) -> CivilDate? {
        var r = SeedRandom(seed: UInt64(index), stream: Stream.conta.rawValue &+ 100, index: UInt64(id))
        let data: CivilDate
        switch pagador {
        case .emDia: data = vencimento.adding(days: -r.int(0...5))
        case .atrasado: data = vencimento.adding(days: r.int(1...45))
        case .devedor(let desde), .cortado(let desde, _):
            if index >= desde { return nil }
            data = vencimento.adding(days: -r.int(0...5))
        }
        return data < calendar.hoje ? data : nil
    }
}

/// The tariff: per categoria, a minimum charge for the first 10 m³ per economia, then
/// price ranges per m³ (centavos). Mirrors the rows written to consumo_tarifa_*.
public struct SeedTarifa: Sendable {
    public struct Faixa: Sendable { public let inicio: Int; public let fim: Int; public let valor: Int64 }
    public static let consumoMinimo = 10
    public static let minima: [Int: Int64] = [1: 4510, 2: 8950, 3: 12000, 4: 9800]
    public static let faixas: [Int: [Faixa]] = {
        let base: [(Int, Int, Int64)] = [(0, 10, 0), (11, 20, 520), (21, 30, 680), (31, 50, 890), (51, 999_999, 1120)]
        let fator: [Int: Int64] = [1: 100, 2: 180, 3: 210, 4: 170]
        return fator.mapValues { f in base.map { Faixa(inicio: $0.0, fim: $0.1, valor: $0.2 * f / 100) } }
    }()

    public init() {}

    func valorAgua(consumo: Int, economias: [ImovelPlan.Economia]) -> Centavos {
        let total = economias.reduce(0) { $0 + $1.quantidade }
        var valor: Int64 = 0
        for economia in economias {
            // Consumption shared by economia, whole m³ (the remainder goes to the first).
            let porEconomia = consumo / total
            var porEconomiaValor = Self.minima[economia.categoria]!
            for faixa in Self.faixas[economia.categoria]! where porEconomia > faixa.inicio - 1 && faixa.inicio > 0 {
                let m3 = min(porEconomia, faixa.fim) - faixa.inicio + 1
                porEconomiaValor += Int64(m3) * faixa.valor
            }
            valor += porEconomiaValor * Int64(economia.quantidade)
        }
        return Centavos(valor)
    }
}
