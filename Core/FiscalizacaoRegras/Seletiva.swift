public import GSANModel

/// Gerar O.S. Seletiva de Fiscalização (seed 002 §2.5.2.3; GSAN-FACTS §5; §1.3.1): every OS closed
/// without conclusão do serviço gets a fiscalização OS; of those closed with it (motivo 2), a random
/// P % — P from 2 to 100, 2 by default. The draw is reproducible: a seeded generator of our own
/// (SplitMix64, not the standard library's, whose algorithm may change between Swift versions)
/// shuffles the population in id order, and the seed is recorded with the generation.
public enum Seletiva {
    public static let percentualPadrao = 2
    public static let percentualMinimo = 2
    public static let percentualMaximo = 100
    /// Motivo 2 CONCLUSÃO DO SERVIÇO (fixed GSAN id).
    public static let conclusao = 2
    /// Motivo 32 CANCELADO POR DECURSO DE PRAZO.
    public static let decurso = 32
    /// Service 705 FISCALIZACAO.
    public static let servicoFiscalizacao = 705

    public static let mensagemNenhuma = "Pesquisa não encontrou ordens de serviço para fiscalização que atendam ao filtro informado."
    public static let mensagemSucesso = "Geração das Ordens de Serviço de fiscalização concluída com sucesso"

    /// How many of `total` OS closed with conclusão to inspect: P × total / 100, a half rounded down
    /// (GSAN: BigDecimal HALF_DOWN then intValue).
    public static func quantidade(percentual: Int, total: Int) -> Int {
        let produto = percentual * total
        let (q, r) = (produto / 100, produto % 100)
        return r > 50 ? q + 1 : q
    }

    /// SplitMix64 (Steele, Lea, Flood 2014): a fixed sequence per seed.
    public struct Gerador: Sendable {
        var estado: UInt64
        public init(semente: UInt64) { estado = semente }
        public mutating func proximo() -> UInt64 {
            estado &+= 0x9E37_79B9_7F4A_7C15
            var z = estado
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        /// Uniform in 0..<limite, without modulo bias (rejection).
        public mutating func abaixo(_ limite: UInt64) -> UInt64 {
            precondition(limite > 0)
            let descarte = (UInt64.max - limite + 1) % limite
            while true {
                let x = proximo()
                if x >= descarte { return x % limite }
            }
        }
    }

    /// `quantidade` of `ids` drawn with `semente`: the population sorted, a partial Fisher–Yates
    /// shuffle; returned in id order.
    public static func sortear(_ ids: [Int64], quantidade: Int, semente: UInt64) -> [Int64] {
        var lista = ids.sorted()
        let q = min(max(quantidade, 0), lista.count)
        var gerador = Gerador(semente: semente)
        for i in 0..<q {
            let j = i + Int(gerador.abaixo(UInt64(lista.count - i)))
            lista.swapAt(i, j)
        }
        return lista[0..<q].sorted()
    }

    /// The filter as typed, checked before any query.
    public struct Filtro: Sendable, Hashable, Codable {
        public var grupo: Int
        public var gerencia: Int?
        public var unidadeNegocio: Int?
        public var localidadeInicial: Int?
        public var localidadeFinal: Int?
        public var servico: Int?
        public var dias: Int
        public init(grupo: Int, gerencia: Int? = nil, unidadeNegocio: Int? = nil, localidadeInicial: Int? = nil, localidadeFinal: Int? = nil,
                    servico: Int? = nil, dias: Int) {
            self.grupo = grupo
            self.gerencia = gerencia
            self.unidadeNegocio = unidadeNegocio
            self.localidadeInicial = localidadeInicial
            self.localidadeFinal = localidadeFinal
            self.servico = servico
            self.dias = dias
        }
    }

    /// The filter's own rules: days 1…the parameter, the localidade range.
    public static func recusa(_ f: Filtro, diasMaximo: Int) -> String? {
        guard (1...max(diasMaximo, 1)).contains(f.dias) else {
            return "Quantidade de Dias de Encerramento da OS deve ser maior que zero e no máximo \(diasMaximo)."
        }
        if let i = f.localidadeInicial, let fim = f.localidadeFinal, fim < i { return "Localidade Final deve ser maior ou igual à Localidade Inicial." }
        return nil
    }

    public static func recusa(percentual: Int) -> String? {
        (percentualMinimo...percentualMaximo).contains(percentual)
            ? nil : "Percentual de OS Encerradas c/Conclusão do Serviço para Fiscalizar deve ser no mínimo 2% e no máximo 100%."
    }

    /// The OS informed in the single-OS mode.
    public struct Ordem: Sendable, Hashable {
        public var situacao: Int
        public var servico: Int
        public var motivo: Int?
        public var encerramento: CivilDate?
        public var fiscalizacaoPendente: Bool
        public init(situacao: Int, servico: Int, motivo: Int?, encerramento: CivilDate?, fiscalizacaoPendente: Bool) {
            self.situacao = situacao
            self.servico = servico
            self.motivo = motivo
            self.encerramento = encerramento
            self.fiscalizacaoPendente = fiscalizacaoPendente
        }
    }

    /// Why a fiscalização OS cannot be generated for the OS informed (the seed's messages); nil when it can.
    public static func recusa(_ o: Ordem?, hoje: CivilDate, diasLimite: Int) -> String? {
        guard let o else { return "Ordem de Serviço não cadastrada." }
        guard o.situacao == 2, let encerramento = o.encerramento else { return "Ordem de Serviço não está encerrada." }
        if o.motivo == decurso { return "Ordem de Serviço cancelada por decurso de prazo." }
        if o.servico == servicoFiscalizacao { return "Ordem de Serviço informada é uma Ordem de Fiscalização." }
        if hoje - encerramento > diasLimite {
            return "Quantidade de dias em que a ordem de serviço foi encerrada, supera a quantidade de dias para geração de uma Ordem de Fiscalização."
        }
        if o.fiscalizacaoPendente { return "Existe ordem de fiscalização pendente para Ordem de Serviço informada." }
        return nil
    }
}
