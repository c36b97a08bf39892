import JobRuntime

/// The jobs of `gsan-rotas` (family `rotas`): ``CadeiaFechamento/rotas`` (payload
/// ``PedidoRotas``) fans out one ``rota`` job per rota of the group, `<parent id>/rota=N`;
/// the parent is done when its last rota is. Handlers: Core/Rotas/RotasJobs.swift.
public enum RotasJobs {
    public static let rota = JobKind("rotas.rota", family: Familia.rotas, timeout: .seconds(10 * 60))

    public static func idRota(_ pai: String, rota: Int) -> String { "\(pai)/rota=\(rota)" }
}

/// The payload of one rota's job.
public struct ParteRota: PayloadJob, Hashable {
    public var grupoFaturamento: Int
    public var referencia: Int
    public var rota: Int

    public init(grupoFaturamento: Int, referencia: Int, rota: Int) {
        self.grupoFaturamento = grupoFaturamento
        self.referencia = referencia
        self.rota = rota
    }

    public func validate() throws {
        try PedidoRotas(grupoFaturamento: grupoFaturamento, referencia: referencia, rota: rota).validate()
    }
}
