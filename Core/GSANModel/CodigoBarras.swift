/// GSAN's barcode of a payment (UC0229 "Obter Representação Numérica do Código de Barras"),
/// in the FEBRABAN layout for collection of utilities ("arrecadação", 44 digits):
///
/// | posições | conteúdo |
/// | --- | --- |
/// | 1 | `8` produto arrecadação |
/// | 2 | `2` segmento saneamento |
/// | 3 | `6` valor efetivo com dígitos no módulo 10, `8` no módulo 11 (`parm_cdmodulodigitoverificador`) |
/// | 4 | dígito verificador geral, sobre as outras 43 posições |
/// | 5–15 | valor em centavos, 11 dígitos |
/// | 16–19 | código da empresa na FEBRABAN (`parm_cdempresafebraban`), 4 dígitos |
/// | 20–43 | identificação do pagamento (24 dígitos, conforme o tipo, abaixo) |
/// | 44 | tipo de pagamento: 3 conta, 4 guia de pagamento do imóvel, 5 documento de cobrança |
///
/// Identificação: conta = localidade(3) imóvel(8) `000` MMAAAA da referência, o dígito
/// verificador da conta, `000`; guia = localidade(3) imóvel(8) `000` tipo de débito(3) ano
/// de emissão(4) `000`; documento de cobrança = localidade(3) imóvel(8) sequencial do
/// documento(9) tipo de documento(2) `00`.
///
/// The "representação numérica" (linha digitável, 48 digits) is the 44 digits in four blocks
/// of 11, each followed by its own check digit in the same módulo. GSAN pads with zeros but
/// never truncates: a value that does not fit its width would shift the layout, so here it is
/// refused with the field named.
public enum CodigoBarras {
    public enum Modulo: Int, Sendable, CaseIterable {
        case dez = 10
        case onze = 11

        /// Position 3: "valor efetivo" in this módulo.
        var identificacaoValor: Character { self == .dez ? "6" : "8" }

        func digito(_ digitos: some StringProtocol) -> Int {
            self == .dez ? CodigoBarras.modulo10(digitos) : CodigoBarras.modulo11(digitos)
        }
    }

    public enum Pagamento: Sendable, Equatable {
        /// A bill: its referência AAAAMM and its check digit (`cnta_dgverificadorconta`).
        case conta(localidade: Int, imovel: Int, referencia: Int, digitoVerificador: Int)
        /// A guia de pagamento of an imóvel: its débito tipo and the year it was issued.
        case guia(localidade: Int, imovel: Int, debitoTipo: Int, anoEmissao: Int)
        /// A documento de cobrança: its sequencial (`cbdo_nnsequenciadocumento`) and tipo (`dotp_id`).
        case documento(localidade: Int, imovel: Int, sequencial: Int, documentoTipo: Int)

        public var tipo: Int {
            switch self {
            case .conta: 3
            case .guia: 4
            case .documento: 5
            }
        }
    }

    /// Why a barcode cannot be built (Portuguese, for the operator).
    public struct Erro: Error, Equatable, Sendable, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    /// Módulo 10: from the rightmost digit, weights 2, 1, 2, 1…; the digits of each product
    /// are added; the digit is 10 − (sum mod 10), or 0 when the sum is a multiple of 10.
    /// Characters other than digits are skipped.
    public static func modulo10(_ digitos: some StringProtocol) -> Int {
        var soma = 0
        var peso = 2
        for byte in digitos.utf8.reversed() where (48...57).contains(byte) {
            let produto = Int(byte - 48) * peso
            soma += produto / 10 + produto % 10
            peso = peso == 2 ? 1 : 2
        }
        return (10 - soma % 10) % 10
    }

    /// Módulo 11 (FEBRABAN): from the rightmost digit, weights 2, 3, … 9, then 2 again; the
    /// digit is 11 − (sum mod 11), or 0 when the remainder is 0 or 1.
    public static func modulo11(_ digitos: some StringProtocol) -> Int {
        var soma = 0
        var peso = 2
        for byte in digitos.utf8.reversed() where (48...57).contains(byte) {
            soma += Int(byte - 48) * peso
            peso = peso == 9 ? 2 : peso + 1
        }
        let resto = soma % 11
        return resto <= 1 ? 0 : 11 - resto
    }

    /// The 44 digits of the barcode.
    public static func codigo(valor: Centavos, empresaFebraban: Int, pagamento: Pagamento, modulo: Modulo) throws(Erro) -> String {
        guard valor.value >= 0 else { throw Erro("Código de barras: valor \(valor.decimalText) negativo.") }
        let corpo = try campo(Int(valor.value), 11, "valor em centavos") + campo(empresaFebraban, 4, "código da empresa na FEBRABAN")
            + identificacao(pagamento) + String(pagamento.tipo)
        let semDigito = "82" + String(modulo.identificacaoValor) + corpo
        return "82" + String(modulo.identificacaoValor) + String(modulo.digito(semDigito)) + corpo
    }

    /// The 48 digits printed under the bars: four blocks of 11, each with its check digit.
    public static func representacaoNumerica(
        valor: Centavos, empresaFebraban: Int, pagamento: Pagamento, modulo: Modulo
    ) throws(Erro) -> String {
        let codigo = try codigo(valor: valor, empresaFebraban: empresaFebraban, pagamento: pagamento, modulo: modulo)
        var saida = ""
        var inicio = codigo.startIndex
        while inicio < codigo.endIndex {
            let fim = codigo.index(inicio, offsetBy: 11)
            let bloco = codigo[inicio..<fim]
            saida += bloco + String(modulo.digito(bloco))
            inicio = fim
        }
        return saida
    }

    /// True when the 48 digits are four blocks whose check digits hold and whose general
    /// digit (position 4 of the barcode) holds too, in the módulo position 3 names.
    public static func valida(_ representacao: String) -> Bool {
        let digitos = Array(representacao.utf8)
        guard digitos.count == 48, digitos.allSatisfy({ (48...57).contains($0) }) else { return false }
        let modulo: Modulo
        switch digitos[2] {
        case UInt8(ascii: "6"), UInt8(ascii: "7"): modulo = .dez
        case UInt8(ascii: "8"), UInt8(ascii: "9"): modulo = .onze
        default: return false
        }
        var codigo: [UInt8] = []
        for bloco in 0..<4 {
            let parte = digitos[(bloco * 12)..<(bloco * 12 + 11)]
            let texto = String(decoding: parte, as: UTF8.self)
            guard Int(digitos[bloco * 12 + 11] - 48) == modulo.digito(texto) else { return false }
            codigo += parte
        }
        var semDigito = codigo
        let geral = semDigito.remove(at: 3)
        return Int(geral - 48) == modulo.digito(String(decoding: semDigito, as: UTF8.self))
    }

    static func identificacao(_ p: Pagamento) throws(Erro) -> String {
        switch p {
        case let .conta(localidade, imovel, referencia, dv):
            guard let r = Referencia(amReferencia: referencia) else { throw Erro("Código de barras: referência \(referencia) inválida.") }
            guard (0...9).contains(dv) else { throw Erro("Código de barras: dígito verificador da conta \(dv) fora de 0 a 9.") }
            return try campo(localidade, 3, "localidade") + campo(imovel, 8, "matrícula do imóvel") + "000"
                + zeroPadded(r.mes, 2) + zeroPadded(r.ano, 4) + String(dv) + "000"
        case let .guia(localidade, imovel, debitoTipo, ano):
            return try campo(localidade, 3, "localidade") + campo(imovel, 8, "matrícula do imóvel") + "000"
                + campo(debitoTipo, 3, "tipo de débito") + campo(ano, 4, "ano de emissão") + "000"
        case let .documento(localidade, imovel, sequencial, tipo):
            return try campo(localidade, 3, "localidade") + campo(imovel, 8, "matrícula do imóvel")
                + campo(sequencial, 9, "sequencial do documento") + campo(tipo, 2, "tipo de documento") + "00"
        }
    }

    static func campo(_ valor: Int, _ largura: Int, _ nome: String) throws(Erro) -> String {
        var limite = 1
        for _ in 0..<largura { limite *= 10 }
        guard valor >= 0, valor < limite else {
            throw Erro("Código de barras: \(nome) \(valor) não cabe em \(largura) dígitos.")
        }
        return zeroPadded(valor, largura)
    }
}
