import GSANModel

/// One installment: its due date and the items its guia carries (débito types of GSAN-FACTS §8:
/// 119 the acordo's share, 120 juros, 121 custas, 122 honorários; the discount's share as the
/// crédito DESCONTO PARCELAMENTO JUDICIAL, which the guia does not charge).
public struct Parcela: Hashable, Sendable {
    public var numero: Int
    public var vencimento: CivilDate
    public var principal: Centavos
    public var juros: Centavos
    public var custas: Centavos
    public var honorarios: Centavos
    public var desconto: Centavos
    /// What the guia charges.
    public var valor: Centavos { principal + juros + custas + honorarios }
}

/// The entrada (débito tipo 118): paid apart, due on the agreement's date, carrying its share of
/// the discount (desconto × entrada ÷ acordo, truncated to the centavo; the installments share
/// the rest).
public struct Entrada: Hashable, Sendable {
    public var valor: Centavos
    public var vencimento: CivilDate
    public var desconto: Centavos

    public init(valor: Centavos, vencimento: CivilDate, desconto: Centavos) {
        self.valor = valor
        self.vencimento = vencimento
        self.desconto = desconto
    }
}

/// A guia outside the plan: custas or honorários not in the installments.
public struct GuiaAvulsa: Hashable, Sendable {
    public enum Tipo: Int, Hashable, Sendable, Codable {
        case custas = 121
        case honorarios = 122
    }
    public var tipo: Tipo
    public var valor: Centavos
    public var vencimento: CivilDate
}

/// The plan (SB0025 of GSAN, GSAN-FACTS §8), in integer centavos. Rounding rule: every
/// component (acordo, juros, custas, honorários, desconto) is divided by the number of
/// installments and truncated to the centavo; the LAST installment takes what remains of each,
/// so each component adds up exactly. With the Tabela Price, the installment is the Price
/// payment truncated to the centavo (``TabelaPrice``), each month's juros is the balance times
/// the rate rounded half to even, and the last installment pays the remaining balance and its
/// juros. Due dates: the first as chosen, then every `diasEntreParcelas` days.
public struct Plano: Hashable, Sendable {
    public var parcelas: [Parcela]
    public var guiasAvulsas: [GuiaAvulsa]
    public var entrada: Entrada?

    public var valorParcelado: Centavos { parcelas.reduce(.zero) { $0 + $1.valor } }
    public var juros: Centavos { parcelas.reduce(.zero) { $0 + $1.juros } }

    static func calcular(
        acordo: Centavos, desconto: Centavos, custas: Centavos, honorarios: Centavos, negociacao n: Negociacao
    ) throws(ErroParcelamento) -> Plano {
        let quantidade = n.prestacoes
        guard (1...Negociacao.maximoPrestacoes).contains(quantidade) else {
            throw .invalido("Quantidade de parcelas deve estar entre 1 e \(Negociacao.maximoPrestacoes).")
        }
        guard let primeiro = n.primeiroVencimento else { throw .informe("a data de vencimento da primeira parcela") }
        guard primeiro >= n.dataAcordo else {
            throw .invalido("Data de vencimento da primeira parcela (\(primeiro)) anterior à data do acordo (\(n.dataAcordo)).")
        }
        guard (1...Negociacao.maximoDiasEntreParcelas).contains(n.diasEntreParcelas) else {
            throw .invalido("Quantidade de dias entre as parcelas deve estar entre 1 e \(Negociacao.maximoDiasEntreParcelas).")
        }
        guard (0...Negociacao.maximaTaxaJuros).contains(n.juros.taxa) else {
            throw .invalido("Taxa de juros (\(textoPercentual(n.juros.taxa)) a.m.) deve estar entre 0 e \(textoPercentual(Negociacao.maximaTaxaJuros)) a.m.")
        }
        // CivilDate (and this system) ends in 9999: the last installment must fall within it.
        guard primeiro.adding(days: (quantidade - 1) * n.diasEntreParcelas).year <= 9999 else {
            throw .invalido("Vencimento da última parcela depois de 31/12/9999: reduza as parcelas ou os dias entre elas.")
        }
        if case .price(0) = n.juros { throw .informe("a taxa de juros do parcelamento com juros") }
        if case .simples(0) = n.juros { throw .informe("a taxa de juros do parcelamento com juros") }

        // The entrada comes off the acordo before the installments, with its share of the discount.
        var entrada: Entrada?
        var acordo = acordo
        var desconto = desconto
        if let valor = n.entrada {
            guard valor > .zero else { throw .invalido("Valor da entrada deve ser maior que zero.") }
            guard valor < acordo else {
                throw .invalido("Valor da entrada (\(valor)) deve ser menor que o valor do acordo (\(acordo)).")
            }
            let parte = Centavos(Int64(Int128(desconto.value) * Int128(valor.value) / Int128(acordo.value)))
            entrada = Entrada(valor: valor, vencimento: n.dataAcordo, desconto: parte)
            acordo = acordo - valor
            desconto = desconto - parte
        }

        let principal: [Centavos]
        var juros = Array(repeating: Centavos.zero, count: quantidade)
        if let informados = n.valoresParcelas {
            guard !n.custasNoPlano, !n.honorariosNoPlano else {
                throw .invalido("Os valores das parcelas só podem ser alterados quando as custas e os honorários não estão no parcelamento.")
            }
            guard n.juros == .sem else {
                throw .invalido("Os valores das parcelas não podem ser alterados no parcelamento com juros.")
            }
            guard informados.count == quantidade else {
                throw .invalido("Informados \(informados.count) valores de parcela para \(quantidade) parcelas.")
            }
            if let k = informados.firstIndex(where: { $0 <= .zero }) { throw .invalido("Valor da parcela \(k + 1) deve ser maior que zero.") }
            let soma = informados.reduce(Centavos.zero, +)
            guard soma == acordo else {
                throw .invalido(
                    "A soma dos valores das parcelas (\(soma)) deve ser igual ao valor do acordo"
                        + (entrada.map { " menos a entrada (\($0.valor))" } ?? "") + " (\(acordo)).")
            }
            principal = informados
        } else {
            guard acordo.value >= Int64(quantidade) else {
                throw .invalido(
                    "Valor do acordo" + (entrada == nil ? "" : " menos a entrada") + " (\(acordo)) menor que R$ 0,01 por parcela em \(quantidade) parcelas.")
            }
            principal = repartir(acordo, quantidade)
            switch n.juros {
            case .sem:
                break
            case .simples(let taxa):
                juros = repartir(Centavos(Int64(divisaoMeioPar(Int128(acordo.value) * Int128(taxa), 10_000))), quantidade)
            case .price(let taxa):
                guard let (amortizacao, jurosPrice) = price(acordo, taxa: taxa, quantidade) else {
                    throw .invalido("Valores fora do limite do cálculo da Tabela Price.")
                }
                juros = jurosPrice
                return montar(amortizacao, juros, custas, honorarios, desconto, entrada, n)
            }
        }
        return montar(principal, juros, custas, honorarios, desconto, entrada, n)
    }

    /// `total` in `n` parts truncated to the centavo; the last takes the remainder.
    static func repartir(_ total: Centavos, _ n: Int) -> [Centavos] {
        let parte = total.value / Int64(n)
        return (0..<n).map { $0 < n - 1 ? Centavos(parte) : Centavos(total.value - parte * Int64(n - 1)) }
    }

    /// The Price schedule: amortization and juros of each month (they add up to the acordo and
    /// to the total juros); every payment but the last is the truncated PMT.
    static func price(_ acordo: Centavos, taxa: Int, _ n: Int) -> ([Centavos], [Centavos])? {
        guard let pmt = TabelaPrice.prestacao(saldo: acordo, taxa: taxa, prestacoes: n) else { return nil }
        var saldo = acordo
        var amortizacao: [Centavos] = []
        var juros: [Centavos] = []
        for k in 1...n {
            let jurosMes = Centavos(Int64(divisaoMeioPar(Int128(saldo.value) * Int128(taxa), 10_000)))
            let amortiza = k == n ? saldo : max(.zero, min(saldo, pmt - min(jurosMes, pmt)))
            amortizacao.append(amortiza)
            juros.append(k == n ? jurosMes : pmt - amortiza)
            saldo = saldo - amortiza
        }
        return (amortizacao, juros)
    }

    static func montar(
        _ principal: [Centavos], _ juros: [Centavos], _ custas: Centavos, _ honorarios: Centavos, _ desconto: Centavos,
        _ entrada: Entrada?, _ n: Negociacao
    ) -> Plano {
        let quantidade = principal.count
        let custasParcela = n.custasNoPlano ? repartir(custas, quantidade) : Array(repeating: .zero, count: quantidade)
        let honorariosParcela = n.honorariosNoPlano ? repartir(honorarios, quantidade) : Array(repeating: .zero, count: quantidade)
        let descontoParcela = repartir(desconto, quantidade)
        let primeiro = n.primeiroVencimento ?? n.dataAcordo
        let parcelas = (0..<quantidade).map { k in
            Parcela(
                numero: k + 1, vencimento: primeiro.adding(days: k * n.diasEntreParcelas), principal: principal[k], juros: juros[k],
                custas: custasParcela[k], honorarios: honorariosParcela[k], desconto: descontoParcela[k])
        }
        var avulsas: [GuiaAvulsa] = []
        if !n.custasNoPlano, custas > .zero { avulsas.append(GuiaAvulsa(tipo: .custas, valor: custas, vencimento: primeiro)) }
        if !n.honorariosNoPlano, honorarios > .zero {
            avulsas.append(GuiaAvulsa(tipo: .honorarios, valor: honorarios, vencimento: primeiro))
        }
        return Plano(parcelas: parcelas, guiasAvulsas: avulsas, entrada: entrada)
    }
}
