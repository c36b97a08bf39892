/// The packets the field-billing app (ISC, "Impressão Simultânea") sends to GSAN's single
/// endpoint (research/FIELD-APP-PROTOCOL.md §1.2, §1.4): a raw body whose first byte is the
/// packet code, numbers as Java's DataOutputStream writes them (big-endian), the IMEI as an
/// 8-byte signed long.
public enum CodigoPacote: UInt8, Sendable, CaseIterable {
    /// Packet 1 (`ATUALIZAR_MOVIMENTO`): the return-file records 1–4 of one or more imóveis; no IMEI.
    case atualizarMovimento = 1
    /// Packet 2 (`FINALIZAR_LEITURA`): IMEI, then the return file with record 0 first.
    case finalizarLeitura = 2
    /// Packet 8 (`RECEBER_FOTO`): an anomaly photo.
    case receberFoto = 8
    /// Packet 10 (`CONFIRMAR_ARQUIVO_RECEBIDO`): the route loaded on the phone.
    case rotaCarregada = 10
    /// Packet 11 (`BAIXAR_NOVA_VERSAO_APK`): only sent when the server reports a newer version.
    case baixarApk = 11
    /// Packet 12 (`VERIFICAR_VERSAO_ANDROID`).
    case verificarVersao = 12
    /// Packet 13 (`BAIXAR_ROTA`).
    case baixarRota = 13
    /// Packet 15 (`PING`).
    case ping = 15
}

/// One anomaly photo (packet 8, §5.2): five ints, the JPEG's size as a long, the bytes, and
/// the photo kind (1 = leitura anomaly, 2 = consumo anomaly) when bytes remain.
public struct Foto: Sendable, Equatable {
    public var imovel: Int32
    public var anormalidade: Int32
    /// AAAAMM.
    public var anoMesReferencia: Int32
    /// 9 = imóvel, 10 = anomaly.
    public var tipoFoto: Int32
    public var tipoMedicao: Int32
    public var jpeg: [UInt8]
    /// 1 = anormalidade de leitura, 2 = de consumo; GSAN reads 1 when the trailer is missing.
    public var tipoAnormalidade: Int32?

    public init(
        imovel: Int32, anormalidade: Int32, anoMesReferencia: Int32, tipoFoto: Int32, tipoMedicao: Int32, jpeg: [UInt8],
        tipoAnormalidade: Int32?
    ) {
        self.imovel = imovel
        self.anormalidade = anormalidade
        self.anoMesReferencia = anoMesReferencia
        self.tipoFoto = tipoFoto
        self.tipoMedicao = tipoMedicao
        self.jpeg = jpeg
        self.tipoAnormalidade = tipoAnormalidade
    }
}

/// A decoded request body.
public enum Pedido: Sendable, Equatable {
    case ping(imei: Int64)
    case verificarVersao(imei: Int64)
    case baixarApk(imei: Int64)
    case baixarRota(imei: Int64)
    case rotaCarregada(imei: Int64)
    /// The return-file text as sent (UTF-8 bytes).
    case atualizarMovimento(texto: [UInt8])
    case finalizarLeitura(imei: Int64, texto: [UInt8])
    case foto(Foto)

    public var codigo: CodigoPacote {
        switch self {
        case .ping: .ping
        case .verificarVersao: .verificarVersao
        case .baixarApk: .baixarApk
        case .baixarRota: .baixarRota
        case .rotaCarregada: .rotaCarregada
        case .atualizarMovimento: .atualizarMovimento
        case .finalizarLeitura: .finalizarLeitura
        case .foto: .receberFoto
        }
    }

    /// The IMEI the packet carries, if any (packet 1 and 8 carry none).
    public var imei: Int64? {
        switch self {
        case .ping(let i), .verificarVersao(let i), .baixarApk(let i), .baixarRota(let i), .rotaCarregada(let i),
            .finalizarLeitura(let i, _):
            i
        case .atualizarMovimento, .foto: nil
        }
    }
}

/// Why a body is not a packet; the server answers `#` and logs the reason.
public enum ErroPedido: Error, Sendable, Equatable, CustomStringConvertible {
    case vazio
    case codigoDesconhecido(UInt8)
    /// The body ends before the packet's fixed fields: code, bytes needed, bytes received.
    case truncado(codigo: UInt8, esperado: Int, recebido: Int)
    /// Packet 8: the declared JPEG size is negative or past the end of the body.
    case tamanhoFotoInvalido(Int64)
    /// Bytes after a packet that has nothing after its IMEI.
    case bytesSobrando(codigo: UInt8, quantidade: Int)

    public var description: String {
        switch self {
        case .vazio: "corpo vazio: falta o código do pacote"
        case .codigoDesconhecido(let c): "código de pacote desconhecido: \(c)"
        case .truncado(let c, let e, let r): "pacote \(c) truncado: esperados \(e) bytes, recebidos \(r)"
        case .tamanhoFotoInvalido(let t): "pacote 8: tamanho da foto inválido (\(t))"
        case .bytesSobrando(let c, let q): "pacote \(c): \(q) bytes depois do IMEI"
        }
    }
}

/// Big-endian reading and writing as Java's DataInputStream/DataOutputStream do.
struct LeitorBigEndian {
    let bytes: [UInt8]
    var posicao: Int

    var restantes: Int { bytes.count - posicao }

    mutating func int64() -> Int64? {
        guard restantes >= 8 else { return nil }
        var v: UInt64 = 0
        for i in 0..<8 { v = v << 8 | UInt64(bytes[posicao + i]) }
        posicao += 8
        return Int64(bitPattern: v)
    }

    mutating func int32() -> Int32? {
        guard restantes >= 4 else { return nil }
        var v: UInt32 = 0
        for i in 0..<4 { v = v << 8 | UInt32(bytes[posicao + i]) }
        posicao += 4
        return Int32(bitPattern: v)
    }

    mutating func resto() -> [UInt8] {
        defer { posicao = bytes.count }
        return Array(bytes[posicao...])
    }
}

extension Array where Element == UInt8 {
    mutating func anexarBigEndian(_ v: Int64) {
        let u = UInt64(bitPattern: v)
        for s in stride(from: 56, through: 0, by: -8) { append(UInt8(truncatingIfNeeded: u >> UInt64(s))) }
    }

    mutating func anexarBigEndian(_ v: Int32) {
        let u = UInt32(bitPattern: v)
        for s in stride(from: 24, through: 0, by: -8) { append(UInt8(truncatingIfNeeded: u >> UInt32(s))) }
    }
}

public enum CodecPedido {
    /// Decodes a request body (§1.2, §1.4, §5.2). Never traps on any input.
    public static func decodificar(_ corpo: [UInt8]) throws(ErroPedido) -> Pedido {
        guard let primeiro = corpo.first else { throw .vazio }
        guard let codigo = CodigoPacote(rawValue: primeiro) else { throw .codigoDesconhecido(primeiro) }
        var leitor = LeitorBigEndian(bytes: corpo, posicao: 1)
        func imei() throws(ErroPedido) -> Int64 {
            guard let v = leitor.int64() else { throw .truncado(codigo: primeiro, esperado: 9, recebido: corpo.count) }
            return v
        }
        func soIMEI() throws(ErroPedido) -> Int64 {
            let v = try imei()
            guard leitor.restantes == 0 else { throw .bytesSobrando(codigo: primeiro, quantidade: leitor.restantes) }
            return v
        }
        switch codigo {
        case .ping: return .ping(imei: try soIMEI())
        case .verificarVersao: return .verificarVersao(imei: try soIMEI())
        case .baixarApk: return .baixarApk(imei: try soIMEI())
        case .baixarRota: return .baixarRota(imei: try soIMEI())
        case .rotaCarregada: return .rotaCarregada(imei: try soIMEI())
        case .atualizarMovimento: return .atualizarMovimento(texto: leitor.resto())
        case .finalizarLeitura:
            let i = try imei()
            return .finalizarLeitura(imei: i, texto: leitor.resto())
        case .receberFoto:
            let fixos = 1 + 5 * 4 + 8
            guard let imovel = leitor.int32(), let anormalidade = leitor.int32(), let referencia = leitor.int32(),
                let tipoFoto = leitor.int32(), let tipoMedicao = leitor.int32(), let tamanho = leitor.int64()
            else { throw .truncado(codigo: primeiro, esperado: fixos, recebido: corpo.count) }
            guard tamanho >= 0, tamanho <= Int64(leitor.restantes) else { throw .tamanhoFotoInvalido(tamanho) }
            let inicio = leitor.posicao
            let jpeg = Array(corpo[inicio..<(inicio + Int(tamanho))])
            leitor.posicao += Int(tamanho)
            let tipo = leitor.int32()
            return .foto(Foto(
                imovel: imovel, anormalidade: anormalidade, anoMesReferencia: referencia, tipoFoto: tipoFoto,
                tipoMedicao: tipoMedicao, jpeg: jpeg, tipoAnormalidade: tipo))
        }
    }

    /// The body the app builds for a request (what the simulated phone sends).
    public static func codificar(_ pedido: Pedido) -> [UInt8] {
        var b: [UInt8] = [pedido.codigo.rawValue]
        switch pedido {
        case .ping(let i), .verificarVersao(let i), .baixarApk(let i), .baixarRota(let i), .rotaCarregada(let i):
            b.anexarBigEndian(i)
        case .atualizarMovimento(let texto):
            b += texto
        case .finalizarLeitura(let i, let texto):
            b.anexarBigEndian(i)
            b += texto
        case .foto(let f):
            for v in [f.imovel, f.anormalidade, f.anoMesReferencia, f.tipoFoto, f.tipoMedicao] { b.anexarBigEndian(v) }
            b.anexarBigEndian(Int64(f.jpeg.count))
            b += f.jpeg
            if let t = f.tipoAnormalidade { b.anexarBigEndian(t) }
        }
        return b
    }
}

/// The IMEI as GSAN stores it (`leit_nnimei`, 15 digits): the app parses the device id with
/// `Long.parseLong` and sends the long, so leading zeros are gone; they come back here.
public enum IMEI {
    public static func texto(_ imei: Int64) -> String? {
        guard imei >= 0, imei < 1_000_000_000_000_000 else { return nil }
        let s = String(imei)
        return String(repeating: "0", count: 15 - s.count) + s
    }

    public static func numero(_ texto: String) -> Int64? {
        guard texto.count == 15, texto.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int64(texto)
    }
}

extension Foto {
    /// Why this photo cannot be stored, before the database is asked (nil: nothing here). The
    /// app sends only anomaly photos of an imóvel it read (§5.2): a positive imóvel and anomaly,
    /// an AAAAMM referência, kind 9 or 10, medição 1 or 2, the trailer 1 or 2 when present, and
    /// JPEG bytes (they start FF D8 FF).
    public var problema: String? {
        guard imovel > 0 else { return "imóvel \(imovel) inválido" }
        guard anormalidade > 0 else { return "anormalidade \(anormalidade) inválida" }
        guard (190_001...999_912).contains(anoMesReferencia), (1...12).contains(anoMesReferencia % 100) else {
            return "referência \(anoMesReferencia) inválida (AAAAMM)"
        }
        guard tipoFoto == 9 || tipoFoto == 10 else { return "tipo de foto \(tipoFoto) inválido (9 imóvel, 10 anormalidade)" }
        guard tipoMedicao == 1 || tipoMedicao == 2 else { return "tipo de medição \(tipoMedicao) inválido (1 ou 2)" }
        if let t = tipoAnormalidade, t != 1 && t != 2 { return "tipo de anormalidade \(t) inválido (1 leitura, 2 consumo)" }
        guard jpeg.count >= 3, jpeg[0] == 0xFF, jpeg[1] == 0xD8, jpeg[2] == 0xFF else { return "não é uma imagem JPEG" }
        return nil
    }
}
