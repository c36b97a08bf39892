/// Checks a file the way the phone's loader reads it (research/ROUTE-FILE-READER.md): a file
/// that would crash the app or abort its load is refused before it is marked available.
/// Stricter than the phone where the phone is silent (a 10 that does not match its 09, a
/// date of the wrong length that would quietly become null, a repeated matrícula).
public enum ValidadorArquivo {
    public struct Problema: Sendable, Equatable, CustomStringConvertible {
        public var linha: Int
        public var campo: Int?
        public var motivo: String

        public var description: String {
            "linha \(linha)" + (campo.map { ", campo \($0)" } ?? "") + ": \(motivo)"
        }
    }

    /// How the loader converts a field; `obrigatorio` = empty crashes or aborts the load.
    enum Tipo { case inteiro, curto, decimal, texto, data }
    struct Regra { var tipo: Tipo; var obrigatorio: Bool }

    /// Per record type: its field count and rules for fields 2… (index 0 = field 2).
    static let regras: [String: (campos: ClosedRange<Int>, regras: [Regra])] = {
        func r(_ spec: String) -> [Regra] {
            // I/S/D/T/A(data) lower case = optional, upper case = mandatory; one letter per field.
            spec.map { c in
                let tipo: Tipo = switch c.lowercased() {
                case "i": .inteiro
                case "s": .curto
                case "d": .decimal
                case "a": .data
                default: .texto
                }
                return Regra(tipo: tipo, obrigatorio: c.isUppercase)
            }
        }
        return [
            // 01: 2 i, 3–5 t, 6–7 a, 8–9 t, 10–12 i, 13–14 t, 15–16 I, 17–18 t, 19 i, 20–22 I, 23–27 i, 28–29 d, 30 i,
            // 31–34 I, 35–37 d, 38–40 I, 41 i, 42 I, 43–44 t, 45 i, 46–50 t, 51 I, 52 i, 53–54 t, 55–59 i, 60 A,
            // 61–65 i, 66 d, 67 i, 68 a, 69–71 i, 72 a, 73–74 i, 75–76 I, 77 i, 78–79 a, 80 i, 81 s
            "01": (81...81, r("itttaattiiittIIttiIIIiiiiiddiIIIIdddIIIiIttitttttIittiiiiiAiiiiidiaiiiaiiIIiaais")),
            "02": (10...10, r("IItItItti")),
            "03": (7...7, r("IIIIII")),
            "04": (5...5, r("ItDi")),
            "05": (5...5, r("ItDi")),
            "06": (5...5, r("IItD")),
            "07": (6...6, r("ITDAD")),
            "08": (20...22, r("IItAiIAiIIItiiiIiitdi")),
            "09": (7...7, r("IAIiID")),
            "10": (8...8, r("tAttIID")),
            "11": (29...29, r("tAtttDdiiIttaiItIIiIAAiiiIii")),
            "12": (18...18, r("IiiiiiDDDtttiSSSS")),
            "13": (5...6, r("ittII")),
            "14": (15...15, r("itIIIIIIDDIIII")),
            "15": (47...47, r("tiitttttttttti" + "dddddddddd" + "t" + String(repeating: "i", count: 21))),
            "16": (9...9, r("iIIIIiii")),
            "17": (3...3, r("it")),
            "18": (3...3, r("It")),
        ]
    }()

    /// Every problem of `bytes` (empty = the phone loads it).
    public static func validar(_ bytes: [UInt8]) -> [Problema] {
        var problemas: [Problema] = []
        func problema(_ linha: Int, _ campo: Int?, _ motivo: String) {
            if problemas.count < 50 { problemas.append(Problema(linha: linha, campo: campo, motivo: motivo)) }
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { problema(1, nil, "marca BOM no início: o celular ignora a primeira linha") }
        guard !bytes.isEmpty else { return [Problema(linha: 1, campo: nil, motivo: "arquivo vazio")] }
        guard bytes.last == UInt8(ascii: "\n") else { return [Problema(linha: 0, campo: nil, motivo: "a última linha não termina em quebra de linha")] }

        var matriculas = Set<String>()
        var categorias = Set<[String]>()
        var tarifas = Set<[String]>()
        var faixas = Set<[String]>()
        var ultima09: [String]?
        var contagem: [String: Int] = [:]
        var numero = 0
        for linhaBytes in bytes.dropLast().split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            numero += 1
            guard !linhaBytes.isEmpty else { problema(numero, nil, "linha em branco: o celular trava"); continue }
            guard !linhaBytes.contains(UInt8(ascii: "\r")) else { problema(numero, nil, "retorno de carro (CR) no meio da linha"); continue }
            guard linhaBytes.last == UInt8(ascii: "|") else { problema(numero, nil, "a linha não termina em |: o último campo se perde"); continue }
            // ISO-8859-1: every byte is a character, so the split is on bytes.
            let campos = linhaBytes.dropLast().split(separator: UInt8(ascii: "|"), omittingEmptySubsequences: false)
                .map(latin1)
            let tipo = campos[0]
            guard let (quantos, regrasTipo) = regras[tipo] else {
                problema(numero, 1, "tipo de registro '\(tipo)' desconhecido (o celular ignora a linha)")
                continue
            }
            contagem[tipo, default: 0] += 1
            guard quantos.contains(campos.count) else {
                problema(numero, nil, "registro \(tipo) com \(campos.count) campos, esperado \(quantos.lowerBound == quantos.upperBound ? "\(quantos.lowerBound)" : "\(quantos.lowerBound) a \(quantos.upperBound)")")
                continue
            }
            for (indice, valor) in campos.enumerated().dropFirst() where indice - 1 < regrasTipo.count {
                if let motivo = verificar(valor, regrasTipo[indice - 1]) { problema(numero, indice + 1, "registro \(tipo): \(motivo)") }
            }
            switch tipo {
            case "01": if !matriculas.insert(campos[1]).inserted { problema(numero, 2, "matrícula \(campos[1]) repetida: o celular aborta") }
            case "02": if !categorias.insert(Array(campos[1...4])).inserted { problema(numero, nil, "categoria/subcategoria repetida para a matrícula \(campos[1])") }
            case "09":
                let chave = [campos[1], campos[2], campos[3], campos[4]]
                if !campos[4].isEmpty, !tarifas.insert(chave).inserted { problema(numero, nil, "tarifa repetida (tarifa, vigência, categoria, subcategoria)") }
                ultima09 = chave
            case "10":
                guard let anterior = ultima09 else { problema(numero, nil, "faixa (10) sem tarifa (09) antes"); break }
                if [campos[1], campos[2], campos[3], campos[4]] != anterior {
                    problema(numero, nil, "faixa (10) não corresponde à tarifa (09) anterior: o celular a ligaria à tarifa errada")
                }
                if !faixas.insert(anterior + [campos[6]]).inserted { problema(numero, nil, "faixa repetida para a mesma tarifa") }
            default: break
            }
        }
        if contagem["01", default: 0] == 0 { problema(numero, nil, "nenhum imóvel (registro 01)") }
        if contagem["11", default: 0] != 1 { problema(numero, nil, "esperado um registro 11 (parâmetros), há \(contagem["11", default: 0])") }
        return problemas
    }

    static func latin1(_ bytes: some Collection<UInt8>) -> String {
        String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }

    static func verificar(_ valor: String, _ regra: Regra) -> String? {
        if valor.isEmpty { return regra.obrigatorio ? "campo obrigatório vazio" : nil }
        switch regra.tipo {
        case .texto: return nil
        case .inteiro, .curto:
            let limite = regra.tipo == .curto ? Int(Int16.max) : Int(Int32.max)
            guard let n = Int(valor), valor.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-") }), abs(n) <= limite else {
                return "'\(valor)' não é inteiro\(regra.tipo == .curto ? " curto" : "")"
            }
            return nil
        case .decimal:
            let partes = valor.split(separator: ".", omittingEmptySubsequences: false)
            let digitos = partes.allSatisfy { p in !p.isEmpty && p.drop { $0 == "-" }.allSatisfy { $0.isASCII && $0.isNumber } }
            return partes.count <= 2 && digitos ? nil : "'\(valor)' não é decimal com ponto"
        case .data:
            guard valor.count == 8, valor.allSatisfy({ $0.isASCII && $0.isNumber }) else { return "data '\(valor)' fora do formato AAAAMMDD" }
            return nil
        }
    }
}
