import GSANCobranca
import JobRuntime

/// The route files of a group's reference (seed 004), asked by the close (for the next
/// reading cycle, whose bills the close pre-billed) or on demand. Declared here so the close
/// can enqueue it; `gsan-rotas` (Core/Rotas) handles it.
public struct PedidoRotas: Codable, Sendable, Hashable, ValidatedPayload {
    public var grupoFaturamento: Int
    /// `AAAAMM` of the bills the files carry.
    public var referencia: Int
    /// Only this rota (`rota_id`), or every rota of the group.
    public var rota: Int?

    public init(grupoFaturamento: Int, referencia: Int, rota: Int? = nil) {
        self.grupoFaturamento = grupoFaturamento
        self.referencia = referencia
        self.rota = rota
    }

    /// The group and rota positive ids (integer columns), the referência a real `AAAAMM`.
    public func validationProblem() -> String? {
        if !(1...Int(Int32.max)).contains(grupoFaturamento) {
            return "grupoFaturamento \(grupoFaturamento) fora de 1…\(Int32.max)"
        }
        if Referencia(amReferencia: referencia) == nil {
            return "referencia \(referencia) inválida (AAAAMM, mês de 01 a 12)"
        }
        if let rota, !(1...Int(Int32.max)).contains(rota) { return "rota \(rota) fora de 1…\(Int32.max)" }
        return nil
    }

    /// The id of an on-demand request (`gsan rotas gerar`, `gsan-rotas enfileirar`): a new job
    /// at each call (`instante`, seconds since 1970), unlike the close's.
    public func idAvulso(instante: Int) -> String {
        "rotas:grupo=\(grupoFaturamento):ref=\(referencia)" + (rota.map { ":rota=\($0)" } ?? "") + ":\(instante)"
    }
}

extension CadeiaFechamento {
    /// Handled by `gsan-rotas`: one child job per rota of the group.
    public static let rotas = JobKind("rotas.grupo", family: "rotas", timeout: .seconds(10 * 60))

    /// The close's route files: the reference after the closed one.
    public static func idRotas(_ alvo: ReferenciaDoGrupo) -> String { id(alvo) + "/rotas" }
}
