import Foundation

/// ArgumentParser's refusals (English, fixed phrases) said in Portuguese, in one place (the
/// `gsan` CLI and every worker's command line). The option names and values are kept; only
/// the phrases change.
public enum TraducaoArgumentos {
    /// (English phrase, Portuguese) — applied in order, each to every line.
    public static let frases: [(String, String)] = [
        ("Error: ", "erro: "),
        ("Missing value for '", "falta o valor de '"),
        ("Missing expected argument '", "falta o argumento obrigatório '"),
        ("Unknown option '", "opção desconhecida '"),
        ("Unexpected argument '", "argumento inesperado '"),
        ("Unexpected argument", "argumento inesperado"),
        ("The value '", "o valor '"),
        ("' is invalid for '", "' é inválido para '"),
        ("Please provide one of '", "informe um de '"),
        ("Missing one of: ", "falta um de: "),
        ("Value to be set with flag '", "valor com a flag '"),
        ("' had already been set with '", "' já informado com '"),
        ("' already set", "' já informado"),
        ("Too many arguments", "argumentos demais"),
        ("Usage: ", "Uso: "),
        ("  See '", "  Veja '"),
        ("' for more information.", "' para mais informações."),
        ("Help:  ", "Ajuda: "),
    ]

    public static func traduzir(_ texto: String) -> String {
        var resultado = texto
        for (ingles, portugues) in frases { resultado = resultado.replacingOccurrences(of: ingles, with: portugues) }
        return resultado
    }

    /// `["--grupo", "-1"]` → `["--grupo=-1"]`: a long option followed by a negative number.
    public static func juntandoNegativos(_ arguments: [String]) -> [String] {
        var resultado: [String] = []
        var i = 0
        while i < arguments.count {
            let atual = arguments[i]
            if atual.hasPrefix("--"), atual.count > 2, !atual.contains("="), i + 1 < arguments.count,
                numeroNegativo(arguments[i + 1])
            {
                resultado.append(atual + "=" + arguments[i + 1])
                i += 2
            } else {
                resultado.append(atual)
                i += 1
            }
        }
        return resultado
    }

    static func numeroNegativo(_ texto: String) -> Bool {
        guard texto.hasPrefix("-"), texto.count > 1 else { return false }
        return texto.dropFirst().allSatisfy { $0.isASCII && ($0.isNumber || $0 == "." || $0 == ",") }
    }
}
