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

    /// The rules by record number (index 1…18), so a line's type is found without a string.
    static let porNumero: [(campos: ClosedRange<Int>, regras: [Regra])?] = (0...18).map { n in
        regras[n < 10 ? "0\(n)" : "\(n)"]
    }

    /// Every problem of `bytes` (empty = the phone loads it). Works on the bytes (ISO-8859-1:
    /// one byte, one character); strings only for messages and the few uniqueness keys.
    public static func validar(_ bytes: [UInt8]) -> [Problema] {
        var problemas: [Problema] = []
        func problema(_ linha: Int, _ campo: Int?, _ motivo: String) {
            if problemas.count < 50 { problemas.append(Problema(linha: linha, campo: campo, motivo: motivo)) }
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { problema(1, nil, "marca BOM no início: o celular ignora a primeira linha") }
        guard !bytes.isEmpty else { return [Problema(linha: 1, campo: nil, motivo: "arquivo vazio")] }
        guard bytes.last == UInt8(ascii: "\n") else { return [Problema(linha: 0, campo: nil, motivo: "a última linha não termina em quebra de linha")] }

        var matriculas = Set<ArraySlice<UInt8>>()
        var categorias = Set<ArraySlice<UInt8>>()
        var tarifas = Set<ArraySlice<UInt8>>()
        var faixas = Set<[UInt8]>()
        var comunicados = Set<ArraySlice<UInt8>>()
        var ultima09: ArraySlice<UInt8>?
        var contagem = [Int](repeating: 0, count: 19)
        var numero = 0
        var campos: [Range<Int>] = []
        campos.reserveCapacity(96)
        var inicioLinha = 0
        let barra = UInt8(ascii: "|")
        bytes.withUnsafeBufferPointer { b in
            while inicioLinha < b.count {
                var fimLinha = inicioLinha
                while b[fimLinha] != UInt8(ascii: "\n") { fimLinha += 1 }
                defer { inicioLinha = fimLinha + 1 }
                numero += 1
                guard fimLinha > inicioLinha else { problema(numero, nil, "linha em branco: o celular trava"); continue }
                if b[inicioLinha..<fimLinha].contains(UInt8(ascii: "\r")) { problema(numero, nil, "retorno de carro (CR) no meio da linha"); continue }
                guard b[fimLinha - 1] == barra else { problema(numero, nil, "a linha não termina em |: o último campo se perde"); continue }
                campos.removeAll(keepingCapacity: true)
                var inicioCampo = inicioLinha
                for i in inicioLinha..<fimLinha where b[i] == barra {
                    campos.append(inicioCampo..<i)
                    inicioCampo = i + 1
                }
                func texto(_ r: Range<Int>) -> String { latin1(b[r]) }
                func fatia(_ r: Range<Int>) -> ArraySlice<UInt8> { bytes[r] }
                let tipoCampo = campos[0]
                var tipo = -1
                if tipoCampo.count == 2, let d1 = digito(b[tipoCampo.lowerBound]), let d2 = digito(b[tipoCampo.lowerBound + 1]) {
                    tipo = d1 * 10 + d2
                }
                guard (1...18).contains(tipo), let (quantos, regrasTipo) = porNumero[tipo] else {
                    problema(numero, 1, "tipo de registro '\(texto(tipoCampo))' desconhecido (o celular ignora a linha)")
                    continue
                }
                var nome: String { texto(tipoCampo) }  // only for messages: a string per line was 5 % of the worker (perf)
                contagem[tipo] += 1
                guard quantos.contains(campos.count) else {
                    let esperado = quantos.lowerBound == quantos.upperBound ? "\(quantos.lowerBound)" : "\(quantos.lowerBound) a \(quantos.upperBound)"
                    problema(numero, nil, "registro \(nome) com \(campos.count) campos, esperado \(esperado)")
                    continue
                }
                for indice in 1..<min(campos.count, regrasTipo.count + 1) {
                    if let motivo = verificar(b, campos[indice], regrasTipo[indice - 1]) {
                        problema(numero, indice + 1, "registro \(nome): \(motivo)")
                    }
                }
                for campo in Self.dinheiroCobrado[tipo] where campo - 1 < campos.count {
                    let r = campos[campo - 1]
                    if !r.isEmpty, b[r.lowerBound] == UInt8(ascii: "-") {
                        problema(numero, campo, "registro \(nome): valor '\(texto(r))' negativo num campo de cobrança (\(Self.nomeDinheiro[tipo])): o celular o somaria como está")
                    }
                }
                switch tipo {
                case 1:
                    if !matriculas.insert(fatia(campos[1])).inserted { problema(numero, 2, "matrícula \(texto(campos[1])) repetida: o celular aborta") }
                case 2:
                    if !categorias.insert(fatia(campos[1].lowerBound..<campos[4].upperBound)).inserted {
                        problema(numero, nil, "categoria/subcategoria repetida para a matrícula \(texto(campos[1]))")
                    }
                case 9:
                    let chave = fatia(campos[1].lowerBound..<campos[4].upperBound)
                    if !campos[4].isEmpty, !tarifas.insert(chave).inserted { problema(numero, nil, "tarifa repetida (tarifa, vigência, categoria, subcategoria)") }
                    ultima09 = chave
                case 10:
                    guard let anterior = ultima09 else { problema(numero, nil, "faixa (10) sem tarifa (09) antes"); break }
                    if fatia(campos[1].lowerBound..<campos[4].upperBound) != anterior {
                        problema(numero, nil, "faixa (10) não corresponde à tarifa (09) anterior: o celular a ligaria à tarifa errada")
                    }
                    if !faixas.insert(Array(anterior) + [barra] + Array(fatia(campos[5]))).inserted { problema(numero, nil, "faixa repetida para a mesma tarifa") }
                case 18:
                    if !comunicados.insert(fatia(campos[1])).inserted { problema(numero, 2, "comunicado \(texto(campos[1])) repetido: o celular aborta") }
                default: break
                }
            }
        }
        if contagem[1] == 0 { problema(numero, nil, "nenhum imóvel (registro 01)") }
        if contagem[11] != 1 { problema(numero, nil, "esperado um registro 11 (parâmetros), há \(contagem[11])") }
        return problemas
    }

    /// The money fields that are charges, by record number (field numbers as in the file, 1 =
    /// type): a negative value there makes no sense (a legacy negative debit would be added to
    /// the bill as it is), so the file is refused. 04 débito cobrado (valor), 05 crédito
    /// realizado (valor, subtracted by the phone), 06 imposto (alíquota), 07 item do documento
    /// de cobrança (valor, acréscimos), 09 tarifa (valor mínimo), 10 faixa (valor do m³).
    static let dinheiroCobrado: [[Int]] = (0...18).map { n in
        [4: [4], 5: [4], 6: [5], 7: [4, 6], 9: [7], 10: [8]][n] ?? []
    }
    static let nomeDinheiro: [String] = (0...18).map { n in
        [4: "débito", 5: "crédito", 6: "alíquota de imposto", 7: "documento de cobrança", 9: "tarifa", 10: "faixa de tarifa"][n] ?? ""
    }

    static func digito(_ b: UInt8) -> Int? { b >= 0x30 && b <= 0x39 ? Int(b - 0x30) : nil }

    /// One field against its rule; nil when the phone reads it.
    static func verificar(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, _ regra: Regra) -> String? {
        if r.isEmpty { return regra.obrigatorio ? "campo obrigatório vazio" : nil }
        func valor() -> String { latin1(b[r]) }
        switch regra.tipo {
        case .texto: return nil
        case .inteiro, .curto:
            let limite = regra.tipo == .curto ? Int(Int16.max) : Int(Int32.max)
            var i = r.lowerBound
            if b[i] == UInt8(ascii: "-") { i += 1 }
            var n = 0
            guard i < r.upperBound, r.upperBound - i <= 10 else { return "'\(valor())' não é inteiro\(regra.tipo == .curto ? " curto" : "")" }
            while i < r.upperBound {
                guard let d = digito(b[i]) else { return "'\(valor())' não é inteiro\(regra.tipo == .curto ? " curto" : "")" }
                n = n * 10 + d
                i += 1
            }
            return n <= limite ? nil : "'\(valor())' não é inteiro\(regra.tipo == .curto ? " curto" : "")"
        case .decimal:
            var i = r.lowerBound
            if b[i] == UInt8(ascii: "-") { i += 1 }
            var digitos = 0
            var pontos = 0
            var digitosDepois = 0
            while i < r.upperBound {
                if b[i] == UInt8(ascii: ".") {
                    pontos += 1
                    if digitos == 0 { break }
                } else if digito(b[i]) != nil {
                    digitos += 1
                    if pontos == 1 { digitosDepois += 1 }
                } else {
                    return "'\(valor())' não é decimal com ponto"
                }
                i += 1
            }
            return digitos > 0 && pontos <= 1 && (pontos == 0 || digitosDepois > 0) && i == r.upperBound
                ? nil : "'\(valor())' não é decimal com ponto"
        case .data:
            guard r.count == 8, b[r].allSatisfy({ digito($0) != nil }) else { return "data '\(valor())' fora do formato AAAAMMDD" }
            return nil
        }
    }

    static func latin1(_ bytes: some Collection<UInt8>) -> String {
        String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }
}
