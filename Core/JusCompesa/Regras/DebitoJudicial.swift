import GSANCobranca
import GSANModel

/// An unpaid bill (NORMAL, RETIFICADA or INCLUÍDA, total above zero, no payment classified to it).
public struct ContaEmAberto: Sendable, Hashable {
    public var id: Int64
    public var imovel: Int
    public var referencia: Int
    /// água + esgoto + débitos − créditos − impostos.
    public var valor: Centavos
    public var vencimento: CivilDate
    /// `cmrv_id`: nil when the bill is not under review.
    public var motivoRevisao: Int?

    public init(id: Int64, imovel: Int, referencia: Int, valor: Centavos, vencimento: CivilDate, motivoRevisao: Int?) {
        self.id = id
        self.imovel = imovel
        self.referencia = referencia
        self.valor = valor
        self.vencimento = vencimento
        self.motivoRevisao = motivoRevisao
    }
}

/// An unpaid guia de pagamento of the imóvel (NORMAL, no payment).
public struct GuiaEmAberto: Sendable, Hashable {
    public var imovel: Int
    public var valor: Centavos
    public var vencimento: CivilDate

    public init(imovel: Int, valor: Centavos, vencimento: CivilDate) {
        self.imovel = imovel
        self.valor = valor
        self.vencimento = vencimento
    }
}

/// A débito a cobrar still being charged in installments on the coming bills.
public struct DebitoACobrar: Sendable, Hashable {
    public var imovel: Int
    public var valor: Centavos
    public var prestacoes: Int
    public var cobradas: Int

    public init(imovel: Int, valor: Centavos, prestacoes: Int, cobradas: Int) {
        self.imovel = imovel
        self.valor = valor
        self.prestacoes = prestacoes
        self.cobradas = cobradas
    }

    /// What is still to be charged: each installment is valor / prestações truncated to the
    /// centavo and the last one takes the remainder, so the balance is valor − cobradas × that.
    public var saldo: Centavos {
        guard prestacoes > 0, cobradas < prestacoes else { return .zero }
        let prestacao = valor.value / Int64(prestacoes)
        return Centavos(valor.value - prestacao * Int64(cobradas))
    }
}

/// The valor da causa of one imóvel in judicial collection: one row of the remessa
/// (`juscompesa.debito_imovel`).
public struct DebitoJudicial: Sendable, Hashable {
    public var imovel: Int
    public var processo: String?
    public var quantidadeContas: Int
    /// The open bills' references; nil without open bills.
    public var periodo: PeriodoReferencias?
    public var contas: Centavos
    public var guias: Centavos
    public var debitosACobrar: Centavos
    public var acrescimos: Centavos
    public var total: Centavos { contas + guias + debitosACobrar + acrescimos }

    /// Sums the imóvel's open items, with acréscimos on the overdue bills and guias up to
    /// `dataBase`. Débitos a cobrar are not due yet: no acréscimos.
    public static func compor(
        imovel: Int, processo: String?, contas: [ContaEmAberto], guias: [GuiaEmAberto], debitos: [DebitoACobrar],
        dataBase: CivilDate, parametros: ParametrosAcrescimos
    ) -> DebitoJudicial {
        var acrescimos = Centavos.zero
        for item in contas.map({ ($0.valor, $0.vencimento) }) + guias.map({ ($0.valor, $0.vencimento) }) {
            acrescimos = acrescimos
                + AcrescimosImpontualidade.calcular(
                    valor: item.0, vencimento: item.1, dataBase: dataBase, parametros: parametros
                ).total
        }
        return DebitoJudicial(
            imovel: imovel, processo: processo, quantidadeContas: contas.count,
            periodo: PeriodoReferencias.cobrindo(contas.map(\.referencia)),
            contas: contas.reduce(.zero) { $0 + $1.valor }, guias: guias.reduce(.zero) { $0 + $1.valor },
            debitosACobrar: debitos.reduce(.zero) { $0 + $1.saldo }, acrescimos: acrescimos)
    }
}
