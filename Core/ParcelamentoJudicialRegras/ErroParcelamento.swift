import GSANModel

/// Why an agreement cannot be simulated, made or cancelled: the operator's message, in
/// Portuguese (the seed's wording where it has one: "Informe …"). Every refusal comes before
/// anything is written.
public enum ErroParcelamento: Error, Hashable, Sendable, CustomStringConvertible {
    case informe(String)
    case invalido(String)
    case processo(ProcessoJudicial.Erro)

    public var description: String {
        switch self {
        case .informe(let campo): "Informe \(campo)."
        case .invalido(let mensagem): mensagem
        case .processo(let erro): erro.description
        }
    }
}

/// Hundredths of a percent printed the Brazilian way: 1050 → `10,50 %`.
public func textoPercentual(_ centesimos: Int) -> String {
    String(centesimos / 100) + "," + zeroPadded(centesimos % 100, 2) + " %"
}

/// `10`, `10,5`, `10,50`, with or without `%`, as hundredths of a percent (1050); nil for
/// anything else (more than two decimals, a sign, letters).
public func centesimosDePercentual(_ texto: String) -> Int? {
    var t = texto.trimmingSpaces
    if t.hasSuffix("%") { t = String(t.dropLast()).trimmingSpaces }
    let partes = t.split(separator: ",", omittingEmptySubsequences: false)
    guard (1...2).contains(partes.count), let inteiro = partes.first, (1...5).contains(inteiro.count),
        inteiro.allSatisfy({ $0.isASCII && $0.isNumber }), let i = Int(inteiro)
    else { return nil }
    var f = 0
    if partes.count == 2 {
        let fracao = partes[1]
        guard (1...2).contains(fracao.count), fracao.allSatisfy({ $0.isASCII && $0.isNumber }), let v = Int(fracao) else { return nil }
        f = fracao.count == 1 ? v * 10 : v
    }
    return i * 100 + f
}

/// `numerador / denominador` rounded half to even (non-negative operands, denominador > 0).
func divisaoMeioPar(_ numerador: Int128, _ denominador: Int128) -> Int128 {
    let (quociente, resto) = numerador.quotientAndRemainder(dividingBy: denominador)
    let dobro = resto * 2
    return dobro > denominador || (dobro == denominador && quociente % 2 == 1) ? quociente + 1 : quociente
}
