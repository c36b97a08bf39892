import FaturamentoRegras
import GSANModel

/// The route file as the simulated phone needs it (GSAN-FACTS §2.5 field numbers, 1 = type):
/// each imóvel with its categories and meters, the tariffs, the reading anomalies.
public struct RotaLida: Sendable {
    public struct Imovel: Sendable {
        public var matricula: Int
        public var inscricao: String
        /// AAAAMM.
        public var referencia: Int
        public var grupo: Int
        public var codigoRota: Int
        public var conta: Int?
        public var consumoMedio: Int
        public var consumoMinimo: Int
        public var emitirConta: Bool
        public var percentualEsgotoCentesimos: Int
        public var tarifa: Int
        public var economias: [LinhaEconomias]
        public var medidores: [Medidor]
    }

    public struct Medidor: Sendable {
        public var tipo: Int
        public var digitos: Int
        public var leituraAnterior: Int
        public var faixaInicial: Int
        public var faixaFinal: Int
        public var consumoMedio: Int
    }

    public struct Anormalidade: Sendable {
        public var id: Int
        /// 1 aceita leitura, 2 não aceita, 3 obriga.
        public var aceitaLeitura: Int
    }

    public var imoveis: [Imovel]
    /// By tarifa and categoria, every vigência (AAAAMMDD) in the file.
    public var vigencias: [Int: [Int: [(vigencia: String, tarifa: TarifaCategoria)]]]
    public var anormalidades: [Anormalidade]

    /// The tariffs of `tarifa` in force on the referência's first day (as the server bills).
    public func tarifas(_ tarifa: Int, referencia: Int) -> [Int: TarifaCategoria] {
        let dia = String(referencia) + "01"
        var r: [Int: TarifaCategoria] = [:]
        for (cat, lista) in vigencias[tarifa] ?? [:] {
            let validas = lista.filter { $0.vigencia <= dia }
            if let t = (validas.isEmpty ? lista : validas).max(by: { $0.vigencia < $1.vigencia }) { r[cat] = t.tarifa }
        }
        return r
    }

    public struct Erro: Error, CustomStringConvertible {
        public var description: String
    }

    /// Reads the ISO-8859-1 text of a route file.
    public init(texto: String) throws {
        var imoveis: [Imovel] = []
        var porMatricula: [Int: Int] = [:]
        var vigencias: [Int: [Int: [(vigencia: String, tarifa: TarifaCategoria)]]] = [:]
        var ultima09: (tarifa: Int, categoria: Int, vigencia: String)?
        var anormalidades: [Anormalidade] = []
        for (n, linha) in texto.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            guard let ultimo = linha.lastIndex(of: "|") else { throw Erro(description: "linha \(n + 1) sem |") }
            let f = linha[..<ultimo].split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            func i(_ p: Int) -> Int? { p <= f.count ? Int(f[p - 1]) : nil }
            func d(_ p: Int) -> Centavos? { p <= f.count ? Centavos(decimalText: f[p - 1]) : nil }
            switch f[0] {
            case "01":
                guard let mat = i(2), let ref = i(10), let grupo = i(39), let rota = i(40), let tarifa = i(31) else {
                    throw Erro(description: "registro 01 da linha \(n + 1) incompleto")
                }
                porMatricula[mat] = imoveis.count
                imoveis.append(Imovel(
                    matricula: mat, inscricao: f[7], referencia: ref, grupo: grupo, codigoRota: rota, conta: i(41),
                    consumoMedio: i(22) ?? 0, consumoMinimo: i(26) ?? 0, emitirConta: f[24] == "1",
                    percentualEsgotoCentesimos: Int(d(29)?.value ?? 0), tarifa: tarifa, economias: [], medidores: []))
            case "02":
                guard let mat = i(2), let k = porMatricula[mat], let cat = i(3), let qtd = i(7) else { continue }
                imoveis[k].economias.append(LinhaEconomias(categoria: cat, subcategoria: i(5) ?? 0, quantidade: qtd))
            case "08":
                guard let mat = i(2), let k = porMatricula[mat], let tipo = i(3), let dig = i(6), let ant = i(7) else { continue }
                imoveis[k].medidores.append(Medidor(
                    tipo: tipo, digitos: dig, leituraAnterior: ant, faixaInicial: i(10) ?? 0, faixaFinal: i(11) ?? 0, consumoMedio: i(12) ?? 0))
            case "09":
                guard let t = i(2), let cat = i(4), let minimo = i(6), let valor = d(7) else { continue }
                let vig = f[2]
                ultima09 = (t, cat, vig)
                vigencias[t, default: [:]][cat, default: []].append((vig, TarifaCategoria(consumoMinimo: minimo, tarifaMinima: valor, faixas: [])))
            case "10":
                guard let u = ultima09, let ini = i(6), let fim = i(7), let valor = d(8),
                    let k = vigencias[u.tarifa]?[u.categoria]?.lastIndex(where: { $0.vigencia == u.vigencia })
                else { continue }
                vigencias[u.tarifa]?[u.categoria]?[k].tarifa.faixas.append(TarifaCategoria.Faixa(inicio: ini, fim: fim, valorM3: valor))
            case "14":
                if let id = i(2), let aceita = i(4) { anormalidades.append(Anormalidade(id: id, aceitaLeitura: aceita)) }
            default:
                continue
            }
        }
        self.imoveis = imoveis
        self.vigencias = vigencias
        self.anormalidades = anormalidades
    }
}
