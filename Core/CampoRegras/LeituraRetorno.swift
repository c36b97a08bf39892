import GSANModel

/// One problem of an upload, for the operator's report (`gsan rotas inconsistencias`). The
/// codes are GSAN's (FS0001–FS0012, §3.4); `FORMATO` is a field the app never writes so
/// (not a number, a date that is not one, a record of the wrong length); `CADASTRO` a code
/// GSAN's own tables refused (the tipo de consumo, which GSAN's foreign key checked).
public struct Inconsistencia: Sendable, Hashable, Codable, CustomStringConvertible {
    public var codigo: String
    /// 1-based line of the upload.
    public var linha: Int
    public var matricula: Int?
    public var mensagem: String

    public init(codigo: String, linha: Int, matricula: Int?, mensagem: String) {
        self.codigo = codigo
        self.linha = linha
        self.matricula = matricula
        self.mensagem = mensagem
    }

    public var description: String {
        "\(codigo) linha \(linha)" + (matricula.map { " imóvel \($0)" } ?? "") + ": \(mensagem)"
    }
}

/// The text of an upload: packet 1 is UTF-8; packet 2 was written to a file in UTF-8, read back
/// byte by byte and encoded as UTF-8 again (§3.1), so its non-ASCII characters arrive
/// double-encoded and are repaired here. Only record 4's tax description can hold them.
public enum TextoRetorno {
    public static func decodificar(_ bytes: [UInt8], duplaCodificacao: Bool) -> String {
        let uma = String(decoding: bytes, as: UTF8.self)
        guard duplaCodificacao, uma.unicodeScalars.contains(where: { $0.value > 0x7F }) else { return uma }
        var interna: [UInt8] = []
        interna.reserveCapacity(bytes.count)
        for s in uma.unicodeScalars {
            guard s.value <= 0xFF else { return uma }  // not double-encoded after all
            interna.append(UInt8(s.value))
        }
        guard let duas = String(validating: interna, as: UTF8.self) else { return uma }
        return duas
    }
}

/// The app's number formats (§3.1), as GSAN reads them.
public enum FormatoRetorno {
    /// Money: GSAN keeps the digits and puts the decimal point two digits from the end when the
    /// character three from the end is `,` or `.` (`1.234,50` → 1234,50; the app's malformed
    /// negatives `-5,.5` → −0,55 and `0,.3` → 0,03, as GSAN reads them). Empty is zero.
    public static func moeda(_ texto: Substring) -> Centavos? {
        if texto.isEmpty { return .zero }
        let u = Array(texto.utf8)
        guard u.count >= 3, u[u.count - 3] == 0x2C || u[u.count - 3] == 0x2E else { return nil }
        var v: Int64 = 0
        var digitos = 0
        for c in u {
            if c >= 0x30 && c <= 0x39 {
                digitos += 1
                guard digitos <= 15 else { return nil }
                v = v * 10 + Int64(c - 0x30)
            } else if c != 0x2C && c != 0x2E && !(c == 0x2D && digitos == 0) {
                return nil
            }
        }
        guard digitos > 0 else { return nil }
        return Centavos(u.first == 0x2D ? -v : v)
    }

    /// The app's money text for a value (`formatarDoubleParaMoedaReal`): thousands with `.`,
    /// `,` before two decimals; negatives the way the app mangles them (`-5,.5`).
    public static func textoMoeda(_ valor: Centavos) -> String {
        let v = valor.value
        if v < 0 {
            // The app formats the integer part and the decimals apart; the sign and a single
            // decimal digit leak through as `-5,.5` (−5,50) and `0,.3` (−0,30).
            let a = -v
            let inteiro = a / 100
            var dec = String(a % 100)
            while dec.count > 1 && dec.hasSuffix("0") { dec.removeLast() }
            return (inteiro == 0 ? "0" : "-" + milhares(inteiro)) + ",." + dec
        }
        return milhares(v / 100) + "," + zeroPadded(Int(v % 100), 2)
    }

    static func milhares(_ n: Int64) -> String {
        let s = String(n)
        var r = ""
        for (i, c) in s.enumerated() {
            if i > 0 && (s.count - i) % 3 == 0 { r.append(".") }
            r.append(c)
        }
        return r
    }

    /// `Integer.parseInt`: an optional minus, digits, within 32 bits.
    public static func inteiro(_ texto: Substring) -> Int? {
        guard let v = Int32(texto) else { return nil }
        return Int(v)
    }
}

/// Reads an upload into records (§3.2), checking what GSAN checks while parsing: record types
/// (FS0009), record order (FS0008) and every field's format. Nothing is returned when anything
/// is wrong: every problem is reported at once.
public enum LeituraRetorno {
    public enum Resultado: Sendable, Equatable {
        case arquivo(ArquivoRetorno)
        case inconsistencias([Inconsistencia])
    }

    /// Field counts per record type (the type included).
    static let campos: [Character: ClosedRange<Int>] = ["0": 6...6, "1": 33...34, "2": 12...12, "3": 12...12, "4": 6...6, "5": 4...4]

    /// `finalizacao`: packet 2, whose first line must be record 0.
    public static func ler(_ texto: String, finalizacao: Bool) -> Resultado {
        var problemas: [Inconsistencia] = []
        var cabecalho: Registro0?
        var imoveis: [ImovelRetorno] = []
        var vistos: Set<Int> = []
        var marcacao: [Registro5] = []
        // Imóveis whose record 1 was refused: their 2, 3 and 4 are not reported again.
        var recusados: Set<Int> = []
        var linhas = texto.split(separator: "\n", omittingEmptySubsequences: false).map { l in
            l.last == "\r" ? l.dropLast() : l
        }
        while linhas.last?.isEmpty == true { linhas.removeLast() }

        for (i, linha) in linhas.enumerated() {
            let n = i + 1
            func erro(_ codigo: String, _ matricula: Int?, _ mensagem: String) {
                problemas.append(Inconsistencia(codigo: codigo, linha: n, matricula: matricula, mensagem: mensagem))
            }
            guard !linha.isEmpty else {
                erro("FORMATO", nil, "linha vazia no meio do arquivo")
                continue
            }
            guard let ultimo = linha.lastIndex(of: "|") else {
                erro("FORMATO", nil, "linha sem separador |")
                continue
            }
            let f = linha[..<ultimo].split(separator: "|", omittingEmptySubsequences: false)
            let tipo = f[0]
            guard tipo.count == 1, let t = tipo.first, let faixa = campos[t] else {
                erro("FS0009", nil, "tipo de registro inválido: \"\(tipo.prefix(10))\"")
                continue
            }
            let matricula = f.count > 1 ? FormatoRetorno.inteiro(f[1]) : nil
            if t != "1", let matricula, recusados.contains(matricula) { continue }
            guard faixa.contains(f.count) else {
                erro("FORMATO", matricula, "registro \(t) com \(f.count) campos (esperados \(faixa.lowerBound == faixa.upperBound ? "\(faixa.lowerBound)" : "\(faixa.lowerBound) ou \(faixa.upperBound)"))")
                continue
            }
            // Field readers (1-based positions, as in the protocol's tables).
            var formato: [String] = []
            func int(_ p: Int) -> Int {
                guard let v = FormatoRetorno.inteiro(f[p - 1]) else {
                    formato.append("campo \(p) não é um número inteiro: \"\(f[p - 1].prefix(20))\"")
                    return 0
                }
                return v
            }
            func opt(_ p: Int) -> Int? {
                guard p <= f.count, !f[p - 1].isEmpty else { return nil }
                return int(p)
            }
            func moeda(_ p: Int) -> Centavos {
                guard let v = FormatoRetorno.moeda(f[p - 1]) else {
                    formato.append("campo \(p) não é um valor: \"\(f[p - 1].prefix(20))\"")
                    return .zero
                }
                return v
            }
            func moedaOpt(_ p: Int) -> Centavos? { f[p - 1].isEmpty ? nil : moeda(p) }
            func texto(_ p: Int) -> String? { f[p - 1].isEmpty ? nil : String(f[p - 1]) }

            switch t {
            case "0":
                let r = Registro0(
                    tipoFinalizacao: int(2), localidade: int(3), setorComercial: int(4), rota: int(5),
                    matriculaPrimeiroImovel: int(6))
                if !finalizacao {
                    erro("FS0009", nil, "registro 0 só no arquivo de finalização")
                } else if n != 1 {
                    erro("FS0008", nil, "registro 0 fora da primeira linha")
                } else if ![2, 6, 7].contains(r.tipoFinalizacao) && formato.isEmpty {
                    erro("FORMATO", nil, "tipo de finalização inválido: \(r.tipoFinalizacao) (2, 6 ou 7)")
                } else {
                    cabecalho = r
                }
            case "1":
                let mat = int(2)
                let refTexto = f[3]
                var referencia: Referencia?
                if refTexto.count == 6, let mes = Int(refTexto.prefix(2)), let ano = Int(refTexto.suffix(4)) {
                    referencia = Referencia(ano: ano, mes: mes)
                }
                if referencia == nil { formato.append("campo 4 não é uma referência MMAAAA: \"\(refTexto.prefix(10))\"") }
                let data = DataHoraLeitura(f[9])
                if data == nil { formato.append("campo 10 não é uma data yyyy-MM-dd HH:mm:ss: \"\(f[9].prefix(30))\"") }
                guard let referencia, let data else {
                    recusados.insert(int(2))
                    break
                }
                let inscricao = String(f[19])
                // GSAN's own files write 16 digits; the route files of this rebuild write them
                // dotted (001.001.101.0001.000): either way, 16 digits at least.
                let digitos = inscricao.filter { $0 != "." }
                if digitos.count < 16 || !digitos.allSatisfy({ $0.isASCII && $0.isNumber }) {
                    formato.append("campo 20 (inscrição) com menos de 16 dígitos: \"\(inscricao.prefix(24))\"")
                }
                let conta = opt(5)
                let r = Registro1(
                    matricula: mat, tipoMedicao: int(3), referencia: referencia, numeroConta: conta == 0 ? nil : conta,
                    grupoFaturamento: int(6), codigoRota: int(7), leitura: opt(8),
                    anormalidadeLeitura: opt(9).flatMap { $0 == 0 ? nil : $0 },
                    dataHoraLeitura: data,
                    situacaoLeitura: opt(11), leituraFaturamento: opt(12), consumoMedido: opt(13), consumoCobrado: opt(14),
                    consumoRateioAgua: opt(15) ?? 0, consumoRateioEsgoto: opt(16) ?? 0, tipoConsumo: opt(17),
                    anormalidadeConsumo: opt(18).flatMap { $0 == 0 ? nil : $0 }, emissaoConta: int(19), inscricao: inscricao,
                    geracaoConta: opt(21) ?? 1, consumoMicroSemRateio: opt(22),
                    anormalidadeFaturamento: opt(23).flatMap { $0 == 0 ? nil : $0 }, documentoCobranca: opt(24),
                    leituraAnterior: opt(25), vezesImpressa: opt(26), valorAgua: moeda(27), valorEsgoto: moeda(28),
                    valorDebitos: moeda(29), valorCreditos: moeda(30), valorImpostos: moeda(31), latitude: texto(32),
                    longitude: texto(33), mesMotivoRevisao: f.count == 34 ? opt(34) : nil, campos: f.count)
                if r.emissaoConta != 1 && r.emissaoConta != 2 && formato.isEmpty {
                    formato.append("campo 19 (indicador de emissão) deve ser 1 ou 2: \(r.emissaoConta)")
                }
                guard formato.isEmpty else {
                    recusados.insert(mat)
                    break
                }
                if let ultimo = imoveis.last, ultimo.matricula == mat {
                    imoveis[imoveis.count - 1].medicoes.append(r)
                } else if vistos.contains(mat) {
                    erro("FS0008", mat, "imóvel repetido fora de sequência no arquivo")
                } else {
                    vistos.insert(mat)
                    imoveis.append(ImovelRetorno(matricula: mat, medicoes: [r], categorias: [], impostos: []))
                }
            case "2":
                let r = Registro2(
                    matricula: int(2), categoria: int(3), subcategoria: int(4), valorAgua: moeda(5), consumoAgua: int(6),
                    tarifaMinimaAgua: moeda(7), consumoMinimoAgua: int(8), valorEsgoto: moeda(9), consumoEsgoto: int(10),
                    tarifaMinimaEsgoto: moeda(11), consumoMinimoEsgoto: int(12))
                guard formato.isEmpty else { break }
                guard let ultimo = imoveis.last, ultimo.matricula == r.matricula else {
                    erro("FS0008", r.matricula, "registro 2 sem o registro 1 do imóvel antes")
                    break
                }
                imoveis[imoveis.count - 1].categorias.append(CategoriaRetorno(categoria: r, faixas: []))
            case "3":
                let r = Registro3(
                    matricula: int(2), categoria: int(3), subcategoria: int(4), consumoAgua: int(5), valorAgua: moeda(6),
                    limiteInicial: int(7), limiteFinal: int(8), tarifaAgua: moedaOpt(9), tarifaEsgoto: moedaOpt(10),
                    consumoEsgoto: int(11), valorEsgoto: moeda(12))
                guard formato.isEmpty else { break }
                guard let ultimo = imoveis.last, ultimo.matricula == r.matricula, !ultimo.categorias.isEmpty else {
                    erro("FS0008", r.matricula, "registro 3 sem o registro 2 antes")
                    break
                }
                imoveis[imoveis.count - 1].categorias[ultimo.categorias.count - 1].faixas.append(r)
            case "4":
                let aliquota = moeda(5)
                let r = Registro4(
                    matricula: int(2), tipoImposto: int(3), descricao: String(f[3]), aliquotaCentesimos: Int(aliquota.value),
                    valor: moeda(6))
                guard formato.isEmpty else { break }
                guard let ultimo = imoveis.last, ultimo.matricula == r.matricula else {
                    erro("FS0008", r.matricula, "registro 4 sem o registro 1 do imóvel antes")
                    break
                }
                imoveis[imoveis.count - 1].impostos.append(r)
            default:  // "5"
                let r = Registro5(matricula: int(2), sequencial: int(3), referencia: int(4))
                guard formato.isEmpty else { break }
                if !finalizacao {
                    erro("FS0009", r.matricula, "registro 5 só no arquivo de finalização")
                } else {
                    marcacao.append(r)
                }
            }
            for m in formato { erro("FORMATO", matricula, "registro \(t): \(m)") }
        }
        if finalizacao && cabecalho == nil && !problemas.contains(where: { $0.linha == 1 }) {
            problemas.append(Inconsistencia(codigo: "FS0008", linha: 1, matricula: nil, mensagem: "arquivo de finalização sem o registro 0 na primeira linha"))
        }
        guard problemas.isEmpty else { return .inconsistencias(problemas) }
        return .arquivo(ArquivoRetorno(cabecalho: cabecalho, imoveis: imoveis, marcacao: marcacao))
    }
}
