/// What every job payload of the catalogue is: JSON both ways (the job table and the queue
/// carry it as text), a schema version, and a check of its own values after decoding.
///
/// `versao` is the schema version a producer writes (`JobSpec.schemaVersion`) and the highest a
/// worker accepts; change the payload's shape only by adding a version. `validate()` is where a
/// payload refuses values its type cannot (a month 13, a negative rota), with a message in
/// Portuguese, before the handler writes anything; the default accepts every decoded value.
public protocol PayloadJob: Codable, Sendable {
    static var versao: Int { get }
    func validate() throws
}

extension PayloadJob {
    public static var versao: Int { 1 }
    public func validate() throws {}
}
