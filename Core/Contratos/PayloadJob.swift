import GSANModel
public import JobRuntime

/// What every job payload of the catalogue is: JSON both ways (the job table and the queue
/// carry it as text), a schema version, and a check of its own values after decoding.
///
/// `versao` is the schema version a producer writes (`JobSpec.schemaVersion`) and the highest a
/// worker accepts; change the payload's shape only by adding a version. `validate()` is where a
/// payload refuses values its type cannot (a month 13, a negative rota), with a message in
/// Portuguese, before the handler writes anything; the default accepts every decoded value.
/// The runtime calls it on every decoded payload (``ValidatedPayload``): a payload it refuses is
/// dead at once with "payload inválido para <kind>: <the message>".
public protocol PayloadJob: Codable, Sendable, ValidatedPayload {
    static var versao: Int { get }
    func validate() throws
}

extension PayloadJob {
    public static var versao: Int { 1 }
    public func validate() throws {}
}

extension InvalidPayload {
    /// `field` must be a referência `AAAAMM` (month 01–12, four-digit year).
    public static func checkReferencia(_ value: Int, _ field: String = "referencia") throws(InvalidPayload) {
        guard Referencia(amReferencia: value) != nil else {
            throw InvalidPayload("\(field) \(value) inválida (AAAAMM, mês de 01 a 12)")
        }
    }
}
