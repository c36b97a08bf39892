import GSANModel

/// Custas or honorários as the operator gives them: a value, or a percent of the acordo
/// (hundredths of a percent: 1050 = 10,50 %). "O sistema deverá calcular o percentual caso seja
/// informado o valor e o valor caso seja informado o percentual, sempre levando em consideração
/// o valor do acordo" (seed 001).
public enum CustoInformado: Hashable, Sendable, Codable {
    case valor(Centavos)
    case percentual(Int)
}

/// A cost with both forms: the one given and the one computed from the acordo, each rounded
/// half to even (valor to the centavo, percentual to the hundredth of a percent).
public struct Custo: Hashable, Sendable {
    public var valor: Centavos
    public var percentual: Int

    public static let zero = Custo(valor: .zero, percentual: 0)

    public init(valor: Centavos, percentual: Int) {
        self.valor = valor
        self.percentual = percentual
    }

    static func calcular(_ informado: CustoInformado?, acordo: Centavos, nome: String) throws(ErroParcelamento) -> Custo {
        switch informado {
        case nil:
            return .zero
        case .valor(let valor):
            guard valor >= .zero else { throw .invalido("Valor \(nome) não pode ser negativo.") }
            guard valor <= acordo else { throw .invalido("Valor \(nome) (\(valor)) maior que o valor do acordo (\(acordo)).") }
            let pct = acordo > .zero ? divisaoMeioPar(Int128(valor.value) * 10_000, Int128(acordo.value)) : 0
            return Custo(valor: valor, percentual: Int(pct))
        case .percentual(let pct):
            guard (0...10_000).contains(pct) else {
                throw .invalido("Percentual \(nome) (\(textoPercentual(pct))) deve estar entre 0 e 100 %.")
            }
            return Custo(valor: Centavos(Int64(divisaoMeioPar(Int128(acordo.value) * Int128(pct), 10_000))), percentual: pct)
        }
    }
}

/// How the installments bear interest, at the court's rate (hundredths of a percent a month).
public enum Juros: Hashable, Sendable, Codable {
    case sem
    /// Tabela Price (`sistema_parametros.parm_ictabelaprice = 1`).
    case price(taxa: Int)
    /// Simple interest on the acordo, once, spread over the installments (`parm_ictabelaprice = 2`).
    case simples(taxa: Int)

    public var taxa: Int {
        switch self {
        case .sem: 0
        case .price(let taxa), .simples(let taxa): taxa
        }
    }
}

/// Aba Negociação and the plan's choices (seed 001; GSAN-FACTS §8).
public struct Negociacao: Hashable, Sendable {
    public var valorAcordo: Centavos?
    public var processo: String?
    public var custas: CustoInformado?
    public var honorarios: CustoInformado?
    public var dataAcordo: CivilDate
    /// Optional: a client of the utility; its OAB number is then required.
    public var advogado: Int?
    public var oab: String?
    /// Required: the client qualified in the agreement as responsible for paying.
    public var clienteResponsavel: Int?
    public var observacao: String?
    /// The agreement's PDF (optional).
    public var anexo: [UInt8]?

    public var prestacoes: Int
    public var custasNoPlano: Bool
    public var honorariosNoPlano: Bool
    public var primeiroVencimento: CivilDate?
    public var diasEntreParcelas: Int
    public var juros: Juros
    /// Each installment's value as the court decided (only without custas and honorários in
    /// the plan and without interest); they must add up to the acordo.
    public var valoresParcelas: [Centavos]?
    /// A late installment makes the client lose the discount (the daily batch's guia).
    public var perdeDesconto: Bool
    /// An entrada paid apart, on the agreement's date (its guia: débito tipo 118); the
    /// installments split what remains of the acordo (GSAN-FACTS §8: "acordo −= entrada").
    public var entrada: Centavos?

    public init(
        valorAcordo: Centavos?, processo: String?, custas: CustoInformado? = nil, honorarios: CustoInformado? = nil,
        dataAcordo: CivilDate, advogado: Int? = nil, oab: String? = nil, clienteResponsavel: Int?, observacao: String? = nil,
        anexo: [UInt8]? = nil, prestacoes: Int, custasNoPlano: Bool = false, honorariosNoPlano: Bool = false,
        primeiroVencimento: CivilDate?, diasEntreParcelas: Int = 30, juros: Juros = .sem, valoresParcelas: [Centavos]? = nil,
        perdeDesconto: Bool = false, entrada: Centavos? = nil
    ) {
        self.valorAcordo = valorAcordo
        self.processo = processo
        self.custas = custas
        self.honorarios = honorarios
        self.dataAcordo = dataAcordo
        self.advogado = advogado
        self.oab = oab
        self.clienteResponsavel = clienteResponsavel
        self.observacao = observacao
        self.anexo = anexo
        self.prestacoes = prestacoes
        self.custasNoPlano = custasNoPlano
        self.honorariosNoPlano = honorariosNoPlano
        self.primeiroVencimento = primeiroVencimento
        self.diasEntreParcelas = diasEntreParcelas
        self.juros = juros
        self.valoresParcelas = valoresParcelas
        self.perdeDesconto = perdeDesconto
        self.entrada = entrada
    }

    /// Limits of the stored agreement (migration 0008 and its fix): text lengths, the PDF.
    public static let maximoPrestacoes = 999
    public static let maximoDiasEntreParcelas = 3_650
    /// 10,00 % a month: beyond any court's rate, and what keeps the Price arithmetic exact.
    public static let maximaTaxaJuros = 1_000
    public static let maximoAnexo = 5 * 1024 * 1024
    public static let maximoObservacao = 400
    public static let maximoOAB = 15
    /// numeric(13,2) holds less; an acordo of R$ 100 milhões is already beyond any bill.
    public static let maximoAcordo = Centavos(10_000_000_000)
}

/// The agreement as it will be written: the débito, the discount, the costs, the plan.
public struct Acordo: Hashable, Sendable {
    public var processo: ProcessoJudicial
    public var debito: Centavos
    public var valorAcordo: Centavos
    /// débito − acordo, exact; its percent of the débito to the hundredth, half to even.
    public var desconto: Custo
    public var custas: Custo
    public var honorarios: Custo
    public var plano: Plano
    public var negociacao: Negociacao
}

extension Negociacao {
    static func temControle(_ texto: String, permitindo: Set<Unicode.Scalar> = []) -> Bool {
        texto.unicodeScalars.contains { $0.properties.generalCategory == .control && !permitindo.contains($0) }
    }

    /// The checks that do not need the débito (every one but "acordo ≤ débito"), for the command
    /// line to refuse before it opens the database: the agreement computed as if the débito were
    /// the acordo, which runs every other check of ``acordo(debito:)`` in the same order.
    public func validarCampos() throws(ErroParcelamento) {
        _ = try acordo(debito: valorAcordo ?? .zero)
    }

    /// Every check of the Negociação and the plan, then the plan: throws the first refusal.
    public func acordo(debito: Centavos) throws(ErroParcelamento) -> Acordo {
        guard let valorAcordo else { throw .informe("o valor do acordo") }
        guard valorAcordo > .zero else { throw .invalido("Valor do acordo deve ser maior que zero.") }
        guard valorAcordo <= debito else {
            throw .invalido("Valor do acordo (\(valorAcordo)) maior que o valor do débito (\(debito)).")
        }
        guard valorAcordo <= Self.maximoAcordo else { throw .invalido("Valor do acordo acima do limite de \(Self.maximoAcordo).") }
        guard let numero = processo?.trimmingSpaces, !numero.isEmpty else { throw .informe("o número do processo judicial") }
        let processo: ProcessoJudicial
        do { processo = try ProcessoJudicial(validando: numero) } catch { throw .processo(error) }
        let custas = try Custo.calcular(custas, acordo: valorAcordo, nome: "das custas")
        let honorarios = try Custo.calcular(honorarios, acordo: valorAcordo, nome: "dos honorários")
        let oab = oab?.trimmingSpaces
        if advogado != nil {
            guard let oab, !oab.isEmpty else { throw .informe("o número da OAB do advogado") }
            guard oab.caracteresNaColuna <= Self.maximoOAB else {
                throw .invalido(
                    "Número da OAB com \(oab.caracteresNaColuna) caracteres (como o banco conta: cada acento combinado conta um); "
                        + "o máximo é \(Self.maximoOAB).")
            }
            if Self.temControle(oab) { throw .invalido("Número da OAB com caractere de controle.") }
        } else if let oab, !oab.isEmpty {
            throw .informe("o advogado (cliente da companhia) do número da OAB \(oab)")
        }
        guard clienteResponsavel != nil else { throw .informe("o cliente responsável pelo parcelamento") }
        if let observacao {
            guard observacao.caracteresNaColuna <= Self.maximoObservacao else {
                throw .invalido(
                    "Observação com \(observacao.caracteresNaColuna) caracteres (como o banco conta: cada acento combinado conta um); "
                        + "o máximo é \(Self.maximoObservacao).")
            }
            // Line breaks and tabs are text; any other control character (NUL above all) is not.
            guard !Self.temControle(observacao, permitindo: ["\n", "\r", "\t"]) else {
                throw .invalido("Observação com caractere de controle (só texto, quebras de linha e tabulações).")
            }
        }
        if let anexo {
            guard anexo.starts(with: Array("%PDF-".utf8)) else { throw .invalido("O anexo do acordo deve ser um arquivo PDF.") }
            guard anexo.count <= Self.maximoAnexo else {
                throw .invalido("O anexo do acordo tem \(anexo.count) bytes; o limite é \(Self.maximoAnexo) (5 MB).")
            }
        }
        let plano = try Plano.calcular(
            acordo: valorAcordo, desconto: debito - valorAcordo, custas: custas.valor, honorarios: honorarios.valor, negociacao: self)
        let pctDesconto = Int(divisaoMeioPar(Int128((debito - valorAcordo).value) * 10_000, Int128(debito.value)))
        return Acordo(
            processo: processo, debito: debito, valorAcordo: valorAcordo,
            desconto: Custo(valor: debito - valorAcordo, percentual: pctDesconto), custas: custas, honorarios: honorarios,
            plano: plano, negociacao: self)
    }
}
