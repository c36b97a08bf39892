public import GSANModel
public import JobRuntime

/// The jobs of `gsan-documentos` (family `documentos`). The tree of one command (id A: the
/// scheduler's `cobranca.atividade:caac=N`, or `documentos.eventual:cacm=N`):
///
///     A  documentos.atividade | documentos.eventual
///     └─ A/selecao        documentos.selecao   one child per rota, continuation A/limite as a sibling
///        ├─ A/selecao/rota=R  documentos.rota  selection, the rota's cap, (EMITIR) the documents
///     └─ A/limite         documentos.limite    the command's cap across rotas, totals; (EMITIR) one child per rota
///        └─ A/limite/rota=R   documentos.arquivo   the rota's PDF and print-house file
///
/// A is done (and the scheduler marks the activity realized) only when the whole tree is.
/// Handlers: Core/Documentos/DocumentosJobs.swift.
public enum DocumentosJobs {
    public static let eventual = JobKind("documentos.eventual", family: Familia.documentos)
    public static let selecao = JobKind("documentos.selecao", family: Familia.documentos)
    public static let rota = JobKind("documentos.rota", family: Familia.documentos, timeout: .seconds(10 * 60))
    public static let limite = JobKind("documentos.limite", family: Familia.documentos, timeout: .seconds(10 * 60))
    public static let arquivo = JobKind("documentos.arquivo", family: Familia.documentos, timeout: .seconds(10 * 60))

    public static func idEventual(_ cacm: Int) -> String { "documentos.eventual:cacm=\(cacm)" }
    public static func idSelecao(_ comando: String) -> String { "\(comando)/selecao" }
    public static func idLimite(_ comando: String) -> String { "\(comando)/limite" }
    /// A rota's child of the selection or of the limit step.
    public static func idRota(_ pai: String, rota: Int) -> String { "\(pai)/rota=\(rota)" }
}

/// A command whose documents the worker selects and issues: a scheduled activity (caac, from
/// the cronograma) or an eventual command (cacm), both SIMULAR or EMITIR.
public struct ComandoDocumentos: PayloadJob, Hashable, CustomStringConvertible {
    public var atividadeCronograma: Int?
    public var comandoEventual: Int?

    public static func cronograma(_ caac: Int) -> ComandoDocumentos { .init(atividadeCronograma: caac, comandoEventual: nil) }
    public static func eventual(_ cacm: Int) -> ComandoDocumentos { .init(atividadeCronograma: nil, comandoEventual: cacm) }

    /// The column of the document tables that names the command, and its value.
    public var coluna: String { atividadeCronograma != nil ? "caac_id" : "cacm_id" }
    public var id: Int { atividadeCronograma ?? comandoEventual ?? 0 }

    public var description: String {
        atividadeCronograma.map { "atividade do cronograma \($0)" } ?? "comando eventual \(comandoEventual ?? 0)"
    }

    /// For file and job names: `caac-000012`, `cacm-000003`.
    public var chave: String {
        (atividadeCronograma != nil ? "caac-" : "cacm-") + zeroPadded(id, 6)
    }

    /// Exactly one of the two ids, each an id of an integer column.
    public func validate() throws {
        switch (atividadeCronograma, comandoEventual) {
        case (nil, nil): throw InvalidPayload("falta o campo atividadeCronograma ou comandoEventual (um dos dois)")
        case (.some, .some): throw InvalidPayload("atividadeCronograma e comandoEventual juntos (só um dos dois)")
        case (let caac?, nil): try InvalidPayload.checkID(caac, "atividadeCronograma")
        case (nil, let cacm?): try InvalidPayload.checkID(cacm, "comandoEventual")
        }
    }
}

/// The job of one rota of a command (`documentos.rota`).
public struct RotaDoComando: PayloadJob, Hashable {
    public var comando: ComandoDocumentos
    public var rota: Int
    public var ordemRota: Int
    public var criterio: Int
    /// The quantity the rota fixes for the action (`racc_qtmaximadocumentos`).
    public var quantidade: Int?
    /// The ids the selection job reserved for this rota's rows, in rota order (nil: the sequences').
    public var ids: IdsRotaDocumentos?

    public init(comando: ComandoDocumentos, rota: Int, ordemRota: Int, criterio: Int, quantidade: Int?, ids: IdsRotaDocumentos? = nil) {
        self.comando = comando
        self.rota = rota
        self.ordemRota = ordemRota
        self.criterio = criterio
        self.quantidade = quantidade
        self.ids = ids
    }

    public func validate() throws {
        try comando.validate()
        try InvalidPayload.checkID(rota, "rota")
        guard (0...Int(Int32.max)).contains(ordemRota) else { throw InvalidPayload("ordemRota \(ordemRota) fora de 0…\(Int32.max)") }
        try InvalidPayload.checkID(criterio, "criterio")
        if let quantidade, !(0...Int(Int32.max)).contains(quantidade) {
            throw InvalidPayload("quantidade \(quantidade) fora de 0…\(Int32.max)")
        }
    }
}

/// The job that renders one rota's documents of an EMITIR command (`documentos.arquivo`).
/// The ids a rota of a command writes its rows with (``IdsReservados``): its `documento_rota` row and, for
/// EMITIR, documents, their items, service orders, their first trâmite, messages — each in the order the rota
/// inserts them.
public struct IdsRotaDocumentos: Codable, Sendable, Hashable {
    public var documentoRota: IdsReservados
    public var documentos: IdsReservados
    public var itens: IdsReservados
    public var ordens: IdsReservados
    public var tramites: IdsReservados
    public var mensagens: IdsReservados

    public init(
        documentoRota: IdsReservados, documentos: IdsReservados, itens: IdsReservados, ordens: IdsReservados, tramites: IdsReservados,
        mensagens: IdsReservados
    ) {
        self.documentoRota = documentoRota
        self.documentos = documentos
        self.itens = itens
        self.ordens = ordens
        self.tramites = tramites
        self.mensagens = mensagens
    }
}

public struct ParteArquivo: PayloadJob, Hashable {
    public var comando: ComandoDocumentos
    public var rota: Int
    /// The ids of the rota's two `arquivo.arquivo_gerado` rows (PDF, then the print house's file),
    /// reserved by the limit job in rota order (nil: the sequence's).
    public var arquivos: IdsReservados?

    public init(comando: ComandoDocumentos, rota: Int, arquivos: IdsReservados? = nil) {
        self.comando = comando
        self.rota = rota
        self.arquivos = arquivos
    }

    public func validate() throws {
        try comando.validate()
        try InvalidPayload.checkID(rota, "rota")
    }
}
