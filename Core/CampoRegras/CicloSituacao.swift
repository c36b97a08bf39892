/// The transmission situação of a route file (`situacao_transmissao_leitura`, GSAN's
/// SituacaoTransmissaoLeitura) and how the phone's packets move it (FIELD-APP-PROTOCOL.md
/// §2.5, §3.5, §4).
public enum SituacaoTransmissao: Int, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case disponivel = 1
    case liberado = 2
    case emCampo = 3
    case transmitido = 4
    case finalizadoNaoTransmitido = 5
    case finalizadoIncompleto = 6
    case finalizadoUsuario = 7
    case finalizadoPorDigitacao = 8
    case informarMotivoFinalizacao = 9
    case finalizado = 10

    public var description: String {
        switch self {
        case .disponivel: "DISPONIVEL"
        case .liberado: "LIBERADO"
        case .emCampo: "EM CAMPO"
        case .transmitido: "TRANSMITIDO"
        case .finalizadoNaoTransmitido: "FINALIZADO NAO TRANSMITIDO"
        case .finalizadoIncompleto: "FINALIZADO INCOMPLETO"
        case .finalizadoUsuario: "FINALIZADO USUARIO"
        case .finalizadoPorDigitacao: "FINALIZADO POR DIGITACAO"
        case .informarMotivoFinalizacao: "INFORMAR MOTIVO FINALIZACAO"
        case .finalizado: "FINALIZADO"
        }
    }

    /// Uploads are taken while the file is DISPONÍVEL, LIBERADO, EM CAMPO or FINALIZADO NÃO
    /// TRANSMITIDO; any other situação answers "O arquivo a ser processado ja foi finalizado."
    public var aceitaMovimento: Bool { [.disponivel, .liberado, .emCampo, .finalizadoNaoTransmitido].contains(self) }
}

/// A file (a rota's whole file, `txre_id`, or a part of it) as the life cycle sees it.
public struct ArquivoCiclo: Sendable, Hashable {
    public var arquivo: Int64
    /// 0 = the rota's whole file; n = part n.
    public var parte: Int
    public var situacao: SituacaoTransmissao
    /// The phone's order among its files (the reader's sequence, then rota, then part).
    public var sequencia: Int
    /// A part's main file situação (nil for a whole file).
    public var situacaoPrincipal: SituacaoTransmissao?

    public init(arquivo: Int64, parte: Int, situacao: SituacaoTransmissao, sequencia: Int, situacaoPrincipal: SituacaoTransmissao? = nil) {
        self.arquivo = arquivo
        self.parte = parte
        self.situacao = situacao
        self.sequencia = sequencia
        self.situacaoPrincipal = situacaoPrincipal
    }
}

/// One change to apply: file (arquivo, parte) goes from `de` to `para`.
public struct MudancaSituacao: Sendable, Hashable, CustomStringConvertible {
    public var arquivo: Int64
    public var parte: Int
    public var de: SituacaoTransmissao
    public var para: SituacaoTransmissao

    public init(arquivo: Int64, parte: Int, de: SituacaoTransmissao, para: SituacaoTransmissao) {
        self.arquivo = arquivo
        self.parte = parte
        self.de = de
        self.para = para
    }

    public var description: String { "arquivo \(arquivo)\(parte == 0 ? "" : " parte \(parte)"): \(de) → \(para)" }
}

public enum CicloSituacao {
    /// Packet 10, the route loaded on the phone, over every file of its IMEI (§2.5): EM CAMPO →
    /// FINALIZADO NÃO TRANSMITIDO (the phone took a new route), LIBERADO → EM CAMPO, then, when
    /// GSAN releases the next file on line, the phone's next DISPONÍVEL file (lowest sequence) →
    /// LIBERADO; a part only when its main file is (now) EM CAMPO. The main file of a split
    /// rota follows its parts: EM CAMPO with the first part that goes to the field.
    public static func rotaCarregada(_ arquivos: [ArquivoCiclo], liberaProximo: Bool = true) -> [MudancaSituacao] {
        var mudancas: [MudancaSituacao] = []
        var emCampo: Set<Int64> = []
        for a in arquivos where a.situacao == .emCampo {
            mudancas.append(MudancaSituacao(arquivo: a.arquivo, parte: a.parte, de: .emCampo, para: .finalizadoNaoTransmitido))
        }
        for a in arquivos where a.situacao == .liberado {
            mudancas.append(MudancaSituacao(arquivo: a.arquivo, parte: a.parte, de: .liberado, para: .emCampo))
            if a.parte > 0 { emCampo.insert(a.arquivo) }
        }
        for arquivo in emCampo.sorted() {
            if let principal = arquivos.first(where: { $0.arquivo == arquivo && $0.parte > 0 })?.situacaoPrincipal,
                principal == .disponivel || principal == .liberado
            {
                mudancas.append(MudancaSituacao(arquivo: arquivo, parte: 0, de: principal, para: .emCampo))
            }
        }
        guard liberaProximo else { return mudancas }
        let proximo = arquivos.filter { a in
            guard a.situacao == .disponivel else { return false }
            guard a.parte > 0 else { return true }
            return emCampo.contains(a.arquivo) || a.situacaoPrincipal == .emCampo
        }.min { ($0.sequencia, $0.arquivo, $0.parte) < ($1.sequencia, $1.arquivo, $1.parte) }
        if let proximo {
            mudancas.append(MudancaSituacao(arquivo: proximo.arquivo, parte: proximo.parte, de: .disponivel, para: .liberado))
        }
        return mudancas
    }

    /// Packet 2 (§3.5). `codigo` 2 or 7 (complete) or 6 (incomplete); `parte` is the part this
    /// phone had (nil for a whole file); `partes` the situações of every part of a split rota.
    /// A whole file becomes TRANSMITIDO (2, 7) or FINALIZADO INCOMPLETO (6) whatever its
    /// situação; a part from EM CAMPO, and the main file follows: TRANSMITIDO when every part
    /// is, FINALIZADO INCOMPLETO when every part is TRANSMITIDO or FINALIZADO INCOMPLETO.
    public static func finalizacao(
        codigo: Int, arquivo: Int64, principal: SituacaoTransmissao, parte: Int?, partes: [Int: SituacaoTransmissao]
    ) -> [MudancaSituacao] {
        let destino: SituacaoTransmissao = codigo == 6 ? .finalizadoIncompleto : .transmitido
        guard let parte else {
            return principal == destino ? [] : [MudancaSituacao(arquivo: arquivo, parte: 0, de: principal, para: destino)]
        }
        var situacoes = partes
        var mudancas: [MudancaSituacao] = []
        if let atual = partes[parte], atual == .emCampo {
            mudancas.append(MudancaSituacao(arquivo: arquivo, parte: parte, de: atual, para: destino))
            situacoes[parte] = destino
        }
        guard principal == .emCampo, !situacoes.isEmpty else { return mudancas }
        if situacoes.values.allSatisfy({ $0 == .transmitido }) {
            mudancas.append(MudancaSituacao(arquivo: arquivo, parte: 0, de: .emCampo, para: .transmitido))
        } else if situacoes.values.allSatisfy({ $0 == .transmitido || $0 == .finalizadoIncompleto }) {
            mudancas.append(MudancaSituacao(arquivo: arquivo, parte: 0, de: .emCampo, para: .finalizadoIncompleto))
        }
        return mudancas
    }

    /// The operator's release (`gsan rotas liberar`): DISPONÍVEL → LIBERADO, one file per phone,
    /// the first of each IMEI that has none LIBERADO already (the next ones are released on
    /// line, when the phone confirms its route). `arquivos` are the candidates with their IMEI;
    /// `jaLiberados` the IMEIs that already have a LIBERADO file.
    public static func liberar(_ arquivos: [(imei: String, arquivo: ArquivoCiclo)], jaLiberados: Set<String>) -> [MudancaSituacao] {
        var porIMEI: [String: ArquivoCiclo] = [:]
        for (imei, a) in arquivos where a.situacao == .disponivel && !jaLiberados.contains(imei) {
            if a.parte > 0, let p = a.situacaoPrincipal, p != .disponivel && p != .liberado && p != .emCampo { continue }
            if let atual = porIMEI[imei], (atual.sequencia, atual.arquivo, atual.parte) <= (a.sequencia, a.arquivo, a.parte) { continue }
            porIMEI[imei] = a
        }
        return porIMEI.keys.sorted().compactMap { porIMEI[$0] }.map {
            MudancaSituacao(arquivo: $0.arquivo, parte: $0.parte, de: .disponivel, para: .liberado)
        }
    }
}
