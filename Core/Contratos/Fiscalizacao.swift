public import GSANModel
public import JobRuntime

/// The jobs of the OS seletiva de fiscalização (seed 002 §2.5.2.3; docs/fiscalizacao.md), in the
/// `encerramento` family (handled by `gsan-encerramento`). `gsan os seletiva gerar` records the
/// generation (the OS drawn, per rota) and enqueues its root in the same transaction:
///
///     fiscalizacao.seletiva:osse=N                the generation: one child per rota
///     └─ …/rota=R        fiscalizacao.seletiva.rota       the rota's fiscalização OS, one transaction
///     …/pdf              fiscalizacao.seletiva.pdf        (the root's continuation) the forms: done when all are
///     └─ …/pdf/com-todas fiscalizacao.seletiva.pdf.todas  one PDF with every OS (published first)
///     └─ …/pdf/rota=R    fiscalizacao.seletiva.rota.pdf   a PDF per OS of the rota
///
/// The PDF with every OS (one job: one libharu document) runs beside the rotas' PDFs, not after them.
///
/// The automatic seletiva of §1.3.1 (after the close of each collection cycle): the scheduler enqueues
/// one per group and cycle when every action of the cycle is ENCERRADA; its handler draws and records
/// the generation and enqueues the generation's tree above as its child:
///
///     fiscalizacao.seletiva.automatica:grupo=G:ref=AAAAMM
///     └─ …/osse=N        fiscalizacao.seletiva            (as above)
///
/// Handlers: Core/EncerramentoOS/OSSeletiva.swift, SeletivaAutomatica.swift.
public enum FiscalizacaoJobs {
    public static let seletiva = JobKind("fiscalizacao.seletiva", family: Familia.encerramento)
    public static let seletivaRota = JobKind("fiscalizacao.seletiva.rota", family: Familia.encerramento, timeout: .seconds(10 * 60))
    public static let seletivaRotaPDF = JobKind("fiscalizacao.seletiva.rota.pdf", family: Familia.encerramento, timeout: .seconds(10 * 60))
    public static let seletivaPDF = JobKind("fiscalizacao.seletiva.pdf", family: Familia.encerramento)
    public static let seletivaTodasPDF = JobKind("fiscalizacao.seletiva.pdf.todas", family: Familia.encerramento, timeout: .seconds(20 * 60))

    public static let seletivaAutomatica = JobKind("fiscalizacao.seletiva.automatica", family: Familia.encerramento)
    /// Daily (the scheduler, one per day): the fiscalizações de serviço not informed within their 20 days (§1.3.1)
    /// closed by decurso de prazo. Handler: Core/EncerramentoOS/FiscalizacaoDecurso.swift.
    public static let decursoPrazo = JobKind("fiscalizacao.decurso-prazo", family: Familia.encerramento)

    public static func idSeletiva(_ geracao: Int) -> String { "fiscalizacao.seletiva:osse=\(geracao)" }
    public static func idSeletivaAutomatica(_ c: CicloSeletiva) -> String { idSeletivaAutomatica(grupo: c.grupo, referencia: c.referencia) }
    public static func idSeletivaAutomatica(grupo: Int, referencia: Int) -> String {
        "fiscalizacao.seletiva.automatica:grupo=\(grupo):ref=\(referencia)"
    }
    public static func idDecursoPrazo(_ dia: CivilDate) -> String { "fiscalizacao.decurso-prazo:dia=\(dia.iso)" }
    public static func idSeletivaDoCiclo(_ pai: String, geracao: Int) -> String { "\(pai)/osse=\(geracao)" }
    public static func idRota(_ pai: String, rota: Int) -> String { "\(pai)/rota=\(rota)" }
    public static func idPDF(_ pai: String) -> String { "\(pai)/pdf" }
    /// Sorts before `rota=…`: the relay publishes children of one transaction in the order of their ids, and the
    /// longest job (one document with every form) should start first.
    public static func idTodas(_ pai: String) -> String { "\(pai)/com-todas" }
}

/// A generation of OS seletiva (`fiscalizacao.seletiva`, `fiscalizacao.seletiva.pdf`, `fiscalizacao.seletiva.pdf.todas`).
public struct PedidoSeletiva: PayloadJob, Hashable {
    public var geracao: Int
    /// The PDF with all the forms (`fiscalizacao.seletiva.todas.pdf`): the id of its `arquivo_gerado` row, reserved
    /// by the job that fans the PDFs out (nil: the sequence's).
    public var arquivo: Int64?
    public init(geracao: Int, arquivo: Int64? = nil) {
        self.geracao = geracao
        self.arquivo = arquivo
    }
    public func validate() throws {
        guard geracao > 0 else { throw InvalidPayload("geração inválida: \(geracao)") }
    }
}

/// One rota of a generation (`fiscalizacao.seletiva.rota`, `fiscalizacao.seletiva.rota.pdf`).
public struct ParteSeletiva: PayloadJob, Hashable {
    public var geracao: Int
    public var rota: Int
    /// The ids the parent reserved for the rota's rows in rota order (nil: the sequences'): the fiscalização OS
    /// and their opening trâmites (`fiscalizacao.seletiva.rota`), or the forms' `arquivo_gerado` rows (`….rota.pdf`).
    public var ordens: IdsReservados?
    public var tramites: IdsReservados?
    public var arquivos: IdsReservados?
    public init(geracao: Int, rota: Int, ordens: IdsReservados? = nil, tramites: IdsReservados? = nil, arquivos: IdsReservados? = nil) {
        self.geracao = geracao
        self.rota = rota
        self.ordens = ordens
        self.tramites = tramites
        self.arquivos = arquivos
    }
    public func validate() throws {
        guard geracao > 0, rota > 0 else { throw InvalidPayload("geração \(geracao) ou rota \(rota) inválida") }
    }
}

/// The cycle a scheduled seletiva follows (`fiscalizacao.seletiva.automatica`): the collection group, the
/// cycle's reference (AAAAMM) and the day the cycle was found closed (the generation's date).
public struct CicloSeletiva: PayloadJob, Hashable {
    public var grupo: Int
    public var referencia: Int
    public var dia: CivilDate
    public init(grupo: Int, referencia: Int, dia: CivilDate) {
        self.grupo = grupo
        self.referencia = referencia
        self.dia = dia
    }
    public func validate() throws {
        guard (1...Int(Int32.max)).contains(grupo) else { throw InvalidPayload("grupo de cobrança inválido: \(grupo)") }
        guard Referencia(amReferencia: referencia) != nil else { throw InvalidPayload("referência inválida: \(referencia) (AAAAMM)") }
    }
}

/// The day of a `fiscalizacao.decurso-prazo` pass: the fiscalizações de serviço whose 20 days ended before it.
public struct DiaDecursoFiscalizacao: PayloadJob, Hashable {
    public var dia: CivilDate
    public init(dia: CivilDate) { self.dia = dia }
}
