import Foundation
public import GSANModel

/// Um campo recusado, com a mensagem da seed ("Informe «campo»") ou uma clara em português.
public struct CampoRecusado: Error, Sendable, Hashable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// As regras de preenchimento das telas de cadastro da seed 002 §2.1 (empresa, item de contrato,
/// contrato e seus itens) e §2.2.3 (empresa por ação de cobrança): cada valor digitado é lido e
/// conferido aqui, antes de qualquer gravação.
public enum CadastroContrato {
    /// "Informe «campo»." (seed 002 §2.1.1, §2.2.3, §2.6.2).
    public static func informe(_ campo: String) -> CampoRecusado { CampoRecusado("Informe \(campo).") }

    /// Texto obrigatório (sem brancos nas pontas), até `maximo` caracteres.
    public static func texto(_ valor: String?, campo: String, maximo: Int) throws(CampoRecusado) -> String {
        guard let t = try opcional(valor, campo: campo, maximo: maximo) else { throw informe(campo) }
        return t
    }

    /// Texto opcional: vazio = não informado.
    public static func opcional(_ valor: String?, campo: String, maximo: Int) throws(CampoRecusado) -> String? {
        guard let valor else { return nil }
        let t = valor.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !t.isEmpty else { return nil }
        // Counted as the column counts them (PostgreSQL: code points; a decomposed "é" is two).
        let n = t.unicodeScalars.count
        guard n <= maximo else {
            throw CampoRecusado("\(campo) com mais de \(maximo) caracteres (\(n), como o banco conta: cada acento combinado conta um).")
        }
        guard !t.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw CampoRecusado("\(campo) com caractere de controle.")
        }
        return t
    }

    /// Sim/Não da tela: `sim`, `nao`/`não`, `1`, `2`.
    public static func indicador(_ valor: String?, campo: String, padrao: Bool? = nil) throws(CampoRecusado) -> Bool {
        guard let valor else {
            if let padrao { return padrao }
            throw informe(campo)
        }
        switch valor.lowercased() {
        case "sim", "s", "1": return true
        case "nao", "não", "n", "2": return false
        default: throw CampoRecusado("\(campo) inválido: \(valor) (sim ou não).")
        }
    }

    /// Um valor em reais digitado (`1.234,56`), não negativo, com no máximo `digitos` dígitos
    /// contando as duas casas decimais (seed 002 §2.1.6: valor global e do item 12, orçado 10).
    public static func valor(_ texto: String?, campo: String, digitos: Int = 12) throws(CampoRecusado) -> Centavos? {
        guard let texto, !texto.isEmpty else { return nil }
        guard let v = Centavos(brasileiro: texto), v.value >= 0 else {
            throw CampoRecusado("\(campo) inválido: \(texto) (reais com vírgula, até duas casas: 1.234,56).")
        }
        guard String(v.value).count <= digitos else {
            throw CampoRecusado("\(campo) maior que o permitido: \(texto) (no máximo \(digitos) dígitos com as duas casas).")
        }
        return v
    }

    /// Um percentual digitado (`5,00`), de 0 a 100, em centésimos (500 = 5,00 %). Com `digitos: 4`
    /// (os percentuais do item de contrato, seed 002 §2.1.6: "4 (quatro) dígitos, com duas casas
    /// decimais"), até 99,99.
    public static func percentual(_ texto: String?, campo: String, digitos: Int = 5) throws(CampoRecusado) -> Int? {
        guard let texto, !texto.isEmpty else { return nil }
        guard let v = Centavos(brasileiro: texto), v.value >= 0 else {
            throw CampoRecusado("\(campo) inválido: \(texto) (percentual com vírgula, até duas casas: 5,00).")
        }
        let maximo: Int64 = digitos >= 5 ? 10_000 : 9_999
        guard v.value <= maximo else { throw CampoRecusado("\(campo) maior que \(Centavos(maximo).description): \(texto).") }
        return Int(v.value)
    }

    /// Quantidade orçada (até 8 dígitos com duas casas), em centésimos.
    public static func quantidade(_ texto: String?, campo: String) throws(CampoRecusado) -> Int? {
        guard let v = try valor(texto, campo: campo, digitos: 8) else { return nil }
        return Int(v.value)
    }

    /// Data DD/MM/AAAA.
    public static func data(_ texto: String?, campo: String, obrigatoria: Bool) throws(CampoRecusado) -> CivilDate? {
        guard let texto, !texto.isEmpty else {
            if obrigatoria { throw informe(campo) }
            return nil
        }
        guard let d = CivilDate(brazilian: texto) else { throw CampoRecusado("\(campo) inválida: \(texto) (use DD/MM/AAAA).") }
        return d
    }

    /// Um número de id (grupo, empresa, contrato, ação, tipo de serviço), positivo.
    public static func numero(_ texto: String?, campo: String, maximo: Int = 999_999_999) throws(CampoRecusado) -> Int {
        guard let texto, !texto.isEmpty else { throw informe(campo) }
        guard texto.count <= 9, texto.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(texto), n > 0, n <= maximo else {
            throw CampoRecusado("\(campo) inválido: \(texto).")
        }
        return n
    }

    /// A lista de tipos de serviço de um item (`1012,1013`): cada um de 1 a 9999, sem repetição.
    public static func servicos(_ texto: String?) throws(CampoRecusado) -> [Int] {
        guard let texto, !texto.isEmpty else { throw informe("Tipo de Serviço") }
        var vistos: [Int] = []
        for parte in texto.split(separator: ",", omittingEmptySubsequences: false) {
            let p = String(parte).trimmingCharacters(in: .whitespaces)
            let n = try numero(p, campo: "Tipo de Serviço", maximo: 9999)
            guard !vistos.contains(n) else { throw CampoRecusado("Tipo de Serviço \(n) repetido.") }
            vistos.append(n)
        }
        return vistos
    }

    /// Período do contrato: o fim, quando informado, não antes do início.
    public static func periodo(inicio: CivilDate, fim: CivilDate?) throws(CampoRecusado) {
        if let fim, fim < inicio {
            throw CampoRecusado("Data de Fim do Contrato (\(fim)) anterior à Data de Início do Contrato (\(inicio)).")
        }
    }

    /// Limiar e multa do item andam juntos (seed 002 §2.1.6: o % da multa se aplica quando o % de
    /// não executados é atingido).
    public static func multaDoItem(naoExecutados: Int?, multa: Int?) throws(CampoRecusado) {
        switch (naoExecutados, multa) {
        case (nil, nil), (.some, .some): return
        case (.some, nil): throw informe("Percentual da Multa a Ser Aplicada Quando o Percentual Acima For Atingido")
        case (nil, .some): throw informe("Percentual de Serviços Não Executados / Não Aceitos para Aplicação de Multa")
        }
    }

    /// Constante de cálculo do item: maior que zero, até 4 dígitos (seed 002 §2.1.5).
    public static func constante(_ texto: String?) throws(CampoRecusado) -> Int {
        try numero(texto, campo: "Código Constante de Cálculo", maximo: 9999)
    }

    /// Código do item: até 11 dígitos.
    public static func codigoItem(_ texto: String?) throws(CampoRecusado) -> Int64? {
        guard let texto, !texto.isEmpty else { return nil }
        guard texto.count <= 11, texto.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int64(texto) else {
            throw CampoRecusado("Código do Item inválido: \(texto) (até 11 dígitos).")
        }
        return n
    }

    /// CNPJ com dígitos verificadores válidos.
    public static func cnpj(_ texto: String?) throws(CampoRecusado) -> String? {
        guard let texto, !texto.isEmpty else { return nil }
        guard let d = Documento(texto), !d.isCPF else { throw CampoRecusado("CNPJ inválido: \(texto).") }
        return d.digitos
    }

    /// E-mail: algo@algo.algo, sem espaços, até 80 caracteres.
    public static func email(_ texto: String?) throws(CampoRecusado) -> String? {
        guard let t = try opcional(texto, campo: "E-mail", maximo: 80) else { return nil }
        let partes = t.split(separator: "@", omittingEmptySubsequences: false)
        guard partes.count == 2, !partes[0].isEmpty, partes[1].contains("."), !partes[1].hasPrefix("."), !partes[1].hasSuffix("."),
            !t.contains(" ")
        else { throw CampoRecusado("E-mail inválido: \(t).") }
        return t
    }
}
