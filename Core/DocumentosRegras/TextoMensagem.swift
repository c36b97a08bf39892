public import GSANModel

/// SMS and e-mail texts of an action (seed 002 §2.3.1): fields in braces, validated when the
/// text is stored; rendered once per imóvel at EMITIR.
public enum TextoMensagem {
    /// The fields a text may use and how many columns each takes in an SMS.
    public static let campos: [String: Int] = [
        "NOME_CLIENTE": 50, "MATRICULA": 9, "ENDERECO": 60, "VALOR_DEBITO": 14, "QTD_CONTAS": 3,
        "DATA_EMISSAO": 10, "DATA_VALIDADE": 10, "NUMERO_DOCUMENTO": 12, "NOME_EMPRESA": 50,
    ]
    /// "Texto SMS ... com no máximo 300 caracteres", of which 55 are the barcode's.
    public static let maximoSMS = 300
    public static let posicoesCodigoBarras = 55

    public enum Erro: Error, Sendable, Hashable, CustomStringConvertible {
        case dadoInvalido(canal: String, dado: String)
        case colunasExcedidas(maximo: Int)

        public var description: String {
            switch self {
            case .dadoInvalido(let canal, let dado): "O texto do \(canal) está com dados inválidos: «\(dado)»."
            case .colunasExcedidas(let maximo):
                "Número de colunas digitadas/selecionadas somada as 55 (cinquenta e cinco) posições do código de "
                    + "barras é maior que o máximo permitido «\(maximo)»!"
            }
        }
    }

    /// The fields named in `texto`, in order (an unclosed brace is text).
    static func partes(_ texto: String) -> [(literal: String, campo: String?)] {
        var resultado: [(String, String?)] = []
        var resto = Substring(texto)
        while let abre = resto.firstIndex(of: "{"), let fecha = resto[abre...].firstIndex(of: "}") {
            resultado.append((String(resto[..<abre]), String(resto[resto.index(after: abre)..<fecha])))
            resto = resto[resto.index(after: fecha)...]
        }
        resultado.append((String(resto), nil))
        return resultado
    }

    /// Unknown fields first, then (SMS) the columns: text + each field's width + 55 ≤ 300.
    public static func validar(sms texto: String) throws(Erro) {
        var colunas = posicoesCodigoBarras
        for parte in partes(texto) {
            colunas += parte.literal.count
            if let campo = parte.campo {
                guard let largura = campos[campo] else { throw .dadoInvalido(canal: "SMS", dado: campo) }
                colunas += largura
            }
        }
        if colunas > maximoSMS { throw .colunasExcedidas(maximo: maximoSMS) }
    }

    public static func validar(email texto: String) throws(Erro) {
        for parte in partes(texto) {
            if let campo = parte.campo, campos[campo] == nil { throw .dadoInvalido(canal: "E-MAIL", dado: campo) }
        }
    }

    /// The text with each field replaced by its value (absent values render empty).
    public static func renderizar(_ texto: String, valores: [String: String]) -> String {
        partes(texto).map { $0.literal + ($0.campo.map { valores[$0] ?? "" } ?? "") }.joined()
    }
}
