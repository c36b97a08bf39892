import GSANModel

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
        /// The stored text longer than its column (code points).
        case textoLongo(canal: String, caracteres: Int, maximo: Int)

        public var description: String {
            switch self {
            case .dadoInvalido(let canal, let dado): "O texto do \(canal) está com dados inválidos: «\(dado)»."
            case .colunasExcedidas(let maximo):
                "Número de colunas digitadas/selecionadas somada as 55 (cinquenta e cinco) posições do código de "
                    + "barras é maior que o máximo permitido «\(maximo)»!"
            case .textoLongo(let canal, let caracteres, let maximo):
                "O texto do \(canal) gravado teria \(caracteres) caracteres (como o banco conta: cada acento combinado "
                    + "conta um, e os campos contam pelo nome entre chaves); o máximo é \(maximo)."
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

    /// What the braces and the characters must be, before the fields: a `{` that is not
    /// closed is an invalid datum (the text from it, up to 20 characters); a control
    /// character (other than the line breaks an e-mail may have, and the SMS's line feed)
    /// too, named by its code.
    static func verificarEscrita(_ texto: String, canal: String) throws(Erro) {
        var resto = Substring(texto)
        while let abre = resto.firstIndex(of: "{") {
            guard let fecha = resto[abre...].firstIndex(of: "}") else {
                throw .dadoInvalido(canal: canal, dado: String(resto[abre...].prefix(20)))
            }
            resto = resto[resto.index(after: fecha)...]
        }
        let permitidos: Set<Unicode.Scalar> = canal == "SMS" ? ["\n"] : ["\n", "\r", "\t"]
        for c in texto.unicodeScalars where c.properties.generalCategory == .control && !permitidos.contains(c) {
            let codigo = String(c.value, radix: 16, uppercase: true)
            throw .dadoInvalido(canal: canal, dado: "caractere de controle U+" + String(repeating: "0", count: max(0, 4 - codigo.count)) + codigo)
        }
    }

    /// Unknown fields first, then (SMS) the columns: text + each field's width + 55 ≤ 300.
    /// The stored text (with the field names in braces) must also fit the column, counted as
    /// the database counts it: code points, so a decomposed "é" is two.
    public static func validar(sms texto: String) throws(Erro) {
        try verificarEscrita(texto, canal: "SMS")
        var colunas = posicoesCodigoBarras
        for parte in partes(texto) {
            colunas += parte.literal.count
            if let campo = parte.campo {
                guard let largura = campos[campo] else { throw .dadoInvalido(canal: "SMS", dado: campo) }
                colunas += largura
            }
        }
        if colunas > maximoSMS { throw .colunasExcedidas(maximo: maximoSMS) }
        let gravados = texto.unicodeScalars.count
        if gravados > maximoSMS { throw .textoLongo(canal: "SMS", caracteres: gravados, maximo: maximoSMS) }
    }

    /// An e-mail text: fields as for SMS, no length limit (the column is `text`).
    public static func validar(email texto: String) throws(Erro) {
        try verificarEscrita(texto, canal: "E-MAIL")
        for parte in partes(texto) {
            if let campo = parte.campo, campos[campo] == nil { throw .dadoInvalido(canal: "E-MAIL", dado: campo) }
        }
    }

    /// The text with each field replaced by its value (absent values render empty).
    public static func renderizar(_ texto: String, valores: [String: String]) -> String {
        partes(texto).map { $0.literal + ($0.campo.map { valores[$0] ?? "" } ?? "") }.joined()
    }
}
