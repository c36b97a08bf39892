public import GSANModel
public import JobRuntime

/// The daily lost-discount batch of the judicial agreements (seed 001;
/// docs/parcelamento-judicial.md): one job per day, `parcelamento.perda-desconto:dia=AAAA-MM-DD`,
/// enqueued by the scheduler each pass (the id makes it once per day), on the `documentos` family
/// (`gsan-documentos` issues the utility's payment documents). Handler:
/// Core/ParcelamentoJudicial/PerdaDescontoDiaria.swift.
public enum ParcelamentoJudicialJobs {
    public static let perdaDesconto = JobKind("parcelamento.perda-desconto", family: Familia.documentos)

    public static func idPerdaDesconto(_ dia: CivilDate) -> String { "parcelamento.perda-desconto:dia=\(dia.iso)" }
}

/// The day the batch runs for: an installment due before it and unpaid is late.
public struct DiaPerdaDesconto: PayloadJob, ValidatedPayload, Hashable {
    public var dia: CivilDate

    public init(dia: CivilDate) { self.dia = dia }

    /// The years a batch may run for. A mistyped day far ahead (9999) would make every agreement
    /// late and issue their lost-discount guias at once: such a message (or `--hoje`) is refused.
    public static let anos = 2000...2199

    public func validate() throws {
        guard Self.anos.contains(dia.year) else {
            throw InvalidPayload("dia \(dia.iso) fora de \(Self.anos.lowerBound)-01-01…\(Self.anos.upperBound)-12-31")
        }
    }
}
