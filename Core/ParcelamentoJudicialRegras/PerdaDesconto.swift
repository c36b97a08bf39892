import GSANModel

/// The daily batch's rule (seed 001; GSAN-FACTS §8 "Gerar guia de atraso"): an agreement in
/// situação NORMAL whose terms say a late installment loses the discount, with a discount, and
/// with an installment guia unpaid past its due date, gets ONE guia (débito tipo 123) for the
/// discount lost — in the responsible client's name, on the responsible imóvel — due
/// ``diasVencimento`` days after the day the batch runs. Once per agreement, ever: an agreement
/// that already has it gets no other.
public enum PerdaDesconto {
    public static let debitoTipo = 123
    /// GSAN: vencimento = the batch's day + 30.
    public static let diasVencimento = 30

    public struct Situacao: Hashable, Sendable {
        public var normal: Bool
        public var perdeDesconto: Bool
        public var desconto: Centavos
        public var guiaJaGerada: Bool
        public var parcelas: [ParcelaEmCobranca]

        public init(normal: Bool, perdeDesconto: Bool, desconto: Centavos, guiaJaGerada: Bool, parcelas: [ParcelaEmCobranca]) {
            self.normal = normal
            self.perdeDesconto = perdeDesconto
            self.desconto = desconto
            self.guiaJaGerada = guiaJaGerada
            self.parcelas = parcelas
        }
    }

    public struct ParcelaEmCobranca: Hashable, Sendable {
        public var numero: Int
        public var vencimento: CivilDate
        public var paga: Bool

        public init(numero: Int, vencimento: CivilDate, paga: Bool) {
            self.numero = numero
            self.vencimento = vencimento
            self.paga = paga
        }
    }

    public struct Guia: Hashable, Sendable {
        public var valor: Centavos
        public var vencimento: CivilDate
        /// The first late installment: the one the guia's observação names.
        public var parcelaAtrasada: Int
    }

    /// The guia to issue on `hoje`, or nil. An installment due on `hoje` is not late yet.
    public static func avaliar(_ s: Situacao, hoje: CivilDate) -> Guia? {
        guard s.normal, s.perdeDesconto, s.desconto > .zero, !s.guiaJaGerada else { return nil }
        guard let atrasada = s.parcelas.filter({ !$0.paga && $0.vencimento < hoje }).min(by: { $0.numero < $1.numero }) else {
            return nil
        }
        return Guia(valor: s.desconto, vencimento: hoje.adding(days: diasVencimento), parcelaAtrasada: atrasada.numero)
    }

    /// Installment 0 is the entrada (débito tipo 118).
    public static func observacao(parcela: Int, processo: String) -> String {
        "PERDA DO DESCONTO: " + (parcela == 0 ? "ENTRADA" : "PARCELA \(parcela)") + " EM ATRASO, PROCESSO \(processo)"
    }
}

/// Cancelling an agreement (the rule stated in docs/parcelamento-judicial.md): only an agreement
/// in situação NORMAL with no guia paid — no installment, no custas or honorários guia, no
/// lost-discount guia. The bills go back to the situação they had.
public enum CancelamentoParcelamento {
    public struct GuiaPaga: Hashable, Sendable {
        public var descricao: String
        public var data: CivilDate
        public init(descricao: String, data: CivilDate) {
            self.descricao = descricao
            self.data = data
        }
    }

    public static func verificar(parcelamento: Int, situacao: Int, pagas: [GuiaPaga]) throws(ErroParcelamento) {
        switch situacao {
        case 1: break
        case 4: throw .invalido("Parcelamento judicial \(parcelamento) já está cancelado.")
        default: throw .invalido("Parcelamento judicial \(parcelamento) não está na situação NORMAL (situação \(situacao)).")
        }
        if let paga = pagas.first {
            throw .invalido(
                "Parcelamento judicial \(parcelamento) não pode ser cancelado: \(paga.descricao) foi paga em \(paga.data)"
                    + (pagas.count > 1 ? " (e mais \(pagas.count - 1) guia(s))." : "."))
        }
    }
}
