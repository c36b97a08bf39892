public import GSANModel
public import JobRuntime

/// The jobs of `gsan-encerramento` (family `encerramento`; docs/encerramento.md). The scheduler
/// enqueues ENCERRAR OS and ENCERRAR (``AtividadeDespacho/encerrarOS``, ``AtividadeDespacho/encerrarAcao``);
/// `gsan os retorno` and `gsan os encerrar-visitas` the others. Trees (A, B: the scheduler's
/// `cobranca.atividade:caac=N`):
///
///     A  encerramento.os          ENCERRAR OS: one child per rota with open orders
///     └─ A/rota=R   encerramento.rota      the rota's decurso de prazo, one transaction
///     B  encerramento.acao        ENCERRAR
///     └─ B/decurso  encerramento.decurso   a decurso pass on B's date, one child per rota (as A)
///     └─ B/resumo   encerramento.resumo    refuses while orders are pending, else the resumo das ações
///     encerramento.retorno:rtct=N          a large return file, one child per part (encerramento.retorno.parte)
///     encerramento.visitas:grupo=G:ref=R:data=D   the visitas de cobrança, one child per rota (encerramento.visitas.rota)
///
/// Handlers: Core/EncerramentoOS.
public enum EncerramentoJobs {
    public static let decurso = JobKind("encerramento.decurso", family: Familia.encerramento)
    public static let rota = JobKind("encerramento.rota", family: Familia.encerramento, timeout: .seconds(10 * 60))
    public static let resumo = JobKind("encerramento.resumo", family: Familia.encerramento, timeout: .seconds(10 * 60))
    public static let retorno = JobKind("encerramento.retorno", family: Familia.encerramento)
    public static let retornoParte = JobKind("encerramento.retorno.parte", family: Familia.encerramento, timeout: .seconds(10 * 60))
    public static let visitas = JobKind("encerramento.visitas", family: Familia.encerramento)
    public static let visitasRota = JobKind("encerramento.visitas.rota", family: Familia.encerramento, timeout: .seconds(10 * 60))

    public static func idDecurso(_ pai: String) -> String { "\(pai)/decurso" }
    public static func idResumo(_ pai: String) -> String { "\(pai)/resumo" }
    public static func idRota(_ pai: String, rota: Int) -> String { "\(pai)/rota=\(rota)" }
    public static func idRetorno(_ retorno: Int64) -> String { "encerramento.retorno:rtct=\(retorno)" }
    public static func idParte(_ pai: String, parte: Int) -> String { "\(pai)/parte=\(parte)" }
    /// One batch per group, cycle and day.
    public static func idVisitas(_ p: PedidoVisitas) -> String {
        "encerramento.visitas:grupo=\(p.grupo):ref=\(p.referencia):data=\(p.data.iso)"
    }
}

public struct ErroPayloadEncerramento: Error, CustomStringConvertible, Sendable {
    public let description: String
}

/// A pass over a scheduled activity (`encerramento.decurso`, `encerramento.resumo`): its planned date is the pass's date.
public struct PedidoEncerramento: PayloadJob, Hashable {
    public var atividadeCronograma: Int
    public init(atividadeCronograma: Int) { self.atividadeCronograma = atividadeCronograma }
    public func validate() throws {
        guard atividadeCronograma > 0 else { throw ErroPayloadEncerramento(description: "atividade do cronograma inválida: \(atividadeCronograma)") }
    }
}

/// One rota of a decurso pass (`encerramento.rota`).
public struct ParteDecurso: PayloadJob, Hashable {
    public var atividadeCronograma: Int
    public var rota: Int
    /// The ids of the closing trâmites (`ordem_servico_unidade`), reserved by the pass in rota order, one per
    /// open order of the rota (nil: the sequence's).
    public var tramites: IdsReservados?
    public init(atividadeCronograma: Int, rota: Int, tramites: IdsReservados? = nil) {
        self.atividadeCronograma = atividadeCronograma
        self.rota = rota
        self.tramites = tramites
    }
    public func validate() throws {
        guard atividadeCronograma > 0, rota > 0 else {
            throw ErroPayloadEncerramento(description: "atividade \(atividadeCronograma) ou rota \(rota) inválida")
        }
    }
}

/// A large return file staged for closing (`encerramento.retorno`).
public struct PedidoRetorno: PayloadJob, Hashable {
    public var retorno: Int64
    public init(retorno: Int64) { self.retorno = retorno }
    public func validate() throws {
        guard retorno > 0 else { throw ErroPayloadEncerramento(description: "retorno inválido: \(retorno)") }
    }
}

/// One part of a staged return file (`encerramento.retorno.parte`).
public struct ParteRetorno: PayloadJob, Hashable {
    public var retorno: Int64
    public var parte: Int
    public init(retorno: Int64, parte: Int) {
        self.retorno = retorno
        self.parte = parte
    }
    public func validate() throws {
        guard retorno > 0, parte >= 0 else { throw ErroPayloadEncerramento(description: "retorno \(retorno) ou parte \(parte) inválida") }
    }
}

/// Encerrar Ordens de Visita de Cobrança of a group's cycle (`encerramento.visitas`).
public struct PedidoVisitas: PayloadJob, Hashable {
    public var grupo: Int
    public var referencia: Int
    /// The day they close on (the command's today).
    public var data: CivilDate
    public init(grupo: Int, referencia: Int, data: CivilDate) {
        self.grupo = grupo
        self.referencia = referencia
        self.data = data
    }
    public func validate() throws {
        guard grupo > 0, Referencia(amReferencia: referencia) != nil else {
            throw ErroPayloadEncerramento(description: "grupo \(grupo) ou referência \(referencia) inválida")
        }
    }
}

/// One rota of the visitas' batch (`encerramento.visitas.rota`).
public struct ParteVisitas: PayloadJob, Hashable {
    public var pedido: PedidoVisitas
    public var rota: Int
    public init(pedido: PedidoVisitas, rota: Int) {
        self.pedido = pedido
        self.rota = rota
    }
    public func validate() throws {
        try pedido.validate()
        guard rota > 0 else { throw ErroPayloadEncerramento(description: "rota inválida: \(rota)") }
    }
}
