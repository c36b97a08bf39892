import GSANModel

/// Aba Imóvel (seed 001): one or more imóveis and/or a cliente usuário, and a period of bills.
/// "Estes filtros poderão ser combinados, sendo obrigatório pelo menos um Imóvel ou um Cliente";
/// with more than one imóvel, exactly one responsible imóvel, one of them.
public struct FiltroSelecao: Hashable, Sendable {
    public var imoveis: [Int]
    public var cliente: Int?
    public var imovelResponsavel: Int?
    /// AAAAMM; nil = no bound.
    public var referenciaInicial: Int?
    public var referenciaFinal: Int?

    public init(imoveis: [Int], cliente: Int?, imovelResponsavel: Int?, referenciaInicial: Int?, referenciaFinal: Int?) {
        self.imoveis = imoveis
        self.cliente = cliente
        self.imovelResponsavel = imovelResponsavel
        self.referenciaInicial = referenciaInicial
        self.referenciaFinal = referenciaFinal
    }

    /// The filter's own checks, before any bill is read.
    public func validar() throws(ErroParcelamento) {
        guard !imoveis.isEmpty || cliente != nil else { throw .informe("o imóvel ou o cliente") }
        if let repetido = imoveis.first(where: { imovel in imoveis.filter { $0 == imovel }.count > 1 }) {
            throw .invalido("Imóvel \(repetido) informado mais de uma vez.")
        }
        if let invalido = (imoveis + [cliente, imovelResponsavel].compactMap { $0 }).first(where: { $0 <= 0 }) {
            throw .invalido("Código \(invalido) inválido: imóveis e clientes têm código maior que zero.")
        }
        if let inicial = referenciaInicial, let final = referenciaFinal, final < inicial {
            throw .invalido("Referência final anterior à referência inicial.")
        }
        if let responsavel = imovelResponsavel, !imoveis.isEmpty, !imoveis.contains(responsavel) {
            throw .invalido("O imóvel responsável \(responsavel) deve ser um dos imóveis informados.")
        }
    }

    /// The imóvel that receives differences, custas and honorários when these are not in the
    /// plan: the only imóvel, or the one named among several (the selected bills' imóveis).
    public static func imovelPrincipal(imoveisComContas: [Int], responsavel: Int?) throws(ErroParcelamento) -> Int {
        let distintos = Array(Set(imoveisComContas)).sorted()
        if let responsavel {
            guard distintos.contains(responsavel) else {
                throw .invalido("O imóvel responsável \(responsavel) não tem conta selecionada no parcelamento.")
            }
            return responsavel
        }
        guard distintos.count == 1, let unico = distintos.first else {
            throw .informe("o imóvel responsável pelo parcelamento judicial (há \(distintos.count) imóveis com contas)")
        }
        return unico
    }
}

/// A bill the filter found, with what decides whether it may enter an agreement.
public struct ContaCandidata: Hashable, Sendable {
    public var id: Int64
    public var imovel: Int
    public var referencia: Int
    /// água + esgoto + débitos − créditos − impostos.
    public var valor: Centavos
    public var vencimento: CivilDate
    /// `dcst_idatual`: 0 normal, 1 retificada, 2 incluída, 3/4 cancelada, 5 parcelada, 8 prescrita, 9 pré-faturada.
    public var situacao: Int
    /// `cmrv_id`, nil when not under review.
    public var motivoRevisao: Int?
    public var paga: Bool
    /// The valid judicial agreement that already holds it, if any.
    public var parcelamentoJudicial: Int?

    public init(
        id: Int64, imovel: Int, referencia: Int, valor: Centavos, vencimento: CivilDate, situacao: Int, motivoRevisao: Int?,
        paga: Bool, parcelamentoJudicial: Int?
    ) {
        self.id = id
        self.imovel = imovel
        self.referencia = referencia
        self.valor = valor
        self.vencimento = vencimento
        self.situacao = situacao
        self.motivoRevisao = motivoRevisao
        self.paga = paga
        self.parcelamentoJudicial = parcelamentoJudicial
    }

    /// Motivo 6 of `conta_motivo_revisao`: under review because of judicial collection
    /// (JusCompesa); such bills may enter an agreement.
    public static let revisaoCobrancaJudicial = 6

    /// Why the bill cannot enter, or nil when it can.
    public var impedimento: String? {
        if paga { return "conta paga" }
        switch situacao {
        case 3, 4: return "conta cancelada"
        case 5: return parcelamentoJudicial.map { "conta já está no parcelamento judicial \($0)" } ?? "conta já parcelada"
        case 8: return "débito prescrito"
        case 9: return "conta ainda não faturada (pré-faturada)"
        case 0, 1, 2: break
        default: return "conta na situação \(situacao)"
        }
        if let judicial = parcelamentoJudicial { return "conta já está no parcelamento judicial \(judicial)" }
        if let motivo = motivoRevisao, motivo != Self.revisaoCobrancaJudicial { return "conta em revisão (motivo \(motivo))" }
        if valor <= .zero { return "conta sem valor a cobrar" }
        return nil
    }
}

/// Aba Débito: a bill that entered, with its acréscimos por impontualidade at the agreement date
/// (the shared late-payment rule, GSANCobranca's `AcrescimosImpontualidade`: multa once, juros de
/// mora and atualização monetária pro rata die, each rounded half to even to the centavo), kept
/// part by part so the summary shows how they were reached.
public struct ItemDebito: Hashable, Sendable {
    public var conta: ContaCandidata
    public var multa: Centavos
    public var juros: Centavos
    public var atualizacao: Centavos
    public var acrescimos: Centavos { multa + juros + atualizacao }
    public var total: Centavos { conta.valor + acrescimos }

    public init(conta: ContaCandidata, multa: Centavos, juros: Centavos, atualizacao: Centavos) {
        self.conta = conta
        self.multa = multa
        self.juros = juros
        self.atualizacao = atualizacao
    }
}

/// The débito of the selection, per imóvel and in total.
public struct Debito: Hashable, Sendable {
    public var itens: [ItemDebito]

    public init(itens: [ItemDebito]) { self.itens = itens.sorted { ($0.conta.imovel, $0.conta.referencia) < ($1.conta.imovel, $1.conta.referencia) } }

    public var contas: Centavos { itens.reduce(.zero) { $0 + $1.conta.valor } }
    public var acrescimos: Centavos { itens.reduce(.zero) { $0 + $1.acrescimos } }
    public var multa: Centavos { itens.reduce(.zero) { $0 + $1.multa } }
    public var juros: Centavos { itens.reduce(.zero) { $0 + $1.juros } }
    public var atualizacao: Centavos { itens.reduce(.zero) { $0 + $1.atualizacao } }
    public var total: Centavos { contas + acrescimos }
    public var imoveis: [Int] { Array(Set(itens.map(\.conta.imovel))).sorted() }

    public func porImovel(_ imovel: Int) -> (contas: Centavos, acrescimos: Centavos, quantidade: Int) {
        let proprios = itens.filter { $0.conta.imovel == imovel }
        return (proprios.reduce(.zero) { $0 + $1.conta.valor }, proprios.reduce(.zero) { $0 + $1.acrescimos }, proprios.count)
    }
}
