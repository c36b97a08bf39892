import Foundation
import Logging
import Postgres

/// What a worker knows how to run: one handler per job kind, each decoding its own
/// payload type.
public struct JobRegistry: Sendable {
    struct Entry: Sendable {
        var kind: JobKind
        var schemaVersions: ClosedRange<Int>
        var run: @Sendable (_ payloadJSON: String, _ context: JobContext) throws -> Void
    }

    private(set) var entries: [String: Entry] = [:]

    public init() {}

    /// Registers `handler` for `kind`. It runs inside the job's transaction (`context.db`):
    /// whatever it writes commits together with the job's completion, or not at all.
    /// A payload that does not decode, or whose schema version is outside
    /// `schemaVersions`, is a permanent failure (dead-lettered at once).
    public mutating func register<Payload: Decodable & Sendable>(
        _ kind: JobKind, payload: Payload.Type = Payload.self, schemaVersions: ClosedRange<Int> = 1...1,
        _ handler: @escaping @Sendable (Payload, JobContext) throws -> Void
    ) {
        precondition(entries[kind.name] == nil, "handler registered twice for \(kind.name)")
        entries[kind.name] = Entry(kind: kind, schemaVersions: schemaVersions) { json, context in
            let payload: Payload
            do {
                payload = try JSONDecoder().decode(Payload.self, from: Data(json.utf8))
            } catch {
                throw JobFailure.permanent("payload inválido para \(kind.name): \(JobRegistry.describe(error))")
            }
            if let validated = payload as? any ValidatedPayload {
                do {
                    try validated.validate()
                } catch {
                    throw JobFailure.permanent("payload inválido para \(kind.name): \(error)")
                }
            }
            try handler(payload, context)
        }
    }

    public var kinds: [String] { entries.keys.sorted() }

    func entry(for kind: String) -> Entry? { entries[kind] }

    /// `DecodingError` in a sentence a person can act on, in Portuguese: which field, what was
    /// wrong (Foundation's own English descriptions are not passed on; a type's own Portuguese
    /// reason, such as CivilDate's "data inválida: …", is).
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "(raiz)" : keys.joined(separator: ".")
        }
        func typeName(_ type: Any.Type) -> String {
            switch "\(type)" {
            case "Int", "Int64", "Int32", "Int16", "UInt", "UInt64": "um número inteiro"
            case "Double", "Float", "Decimal": "um número"
            case "String": "um texto"
            case "Bool": "verdadeiro ou falso"
            case let name where name.hasPrefix("Array"): "uma lista"
            case let name where name.hasPrefix("Dictionary"): "um objeto"
            default: "um objeto \(type)"
            }
        }
        let english = ["The given data", "Number ", "Parsed JSON", "Cannot ", "Unable ", "Invalid ", "Expected ", "Could not"]
        switch error {
        case .keyNotFound(let key, let context):
            return "falta o campo \(path(context) == "(raiz)" ? key.stringValue : path(context) + "." + key.stringValue)"
        case .typeMismatch(let type, let context):
            return "campo \(path(context)) com tipo errado (esperado \(typeName(type)))"
        case .valueNotFound(let type, let context):
            return "campo \(path(context)) nulo (esperado \(typeName(type)))"
        case .dataCorrupted(let context):
            let own = context.debugDescription
            if own.isEmpty || english.contains(where: own.hasPrefix) {
                // (Foundation's decoder reports a number too large for its field at the root.)
                let which = path(context) == "(raiz)" ? "um campo" : "campo \(path(context))"
                return "\(which) com valor inválido (número fora do intervalo do campo ou texto malformado)"
            }
            return "campo \(path(context)) com valor inválido: \(own)"
        @unknown default:
            return "payload inválido"
        }
    }
}

/// A payload that checks its own fields once decoded (referência valid, ids positive and in
/// range, the fields that go together present): a problem makes the job dead at once, with
/// the sentence naming the field, before the handler runs.
public protocol ValidatedPayload {
    /// Throws what is wrong, in Portuguese, naming the field (``InvalidPayload``).
    func validate() throws
}

/// A payload field a payload's ``ValidatedPayload/validate()`` refuses: the sentence names it.
public struct InvalidPayload: Error, CustomStringConvertible, Sendable, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }

    /// `field` must be an id of an integer column: 1…2147483647.
    public static func checkID(_ value: Int, _ field: String) throws(InvalidPayload) {
        guard (1...Int(Int32.max)).contains(value) else { throw InvalidPayload("\(field) \(value) fora de 1…\(Int32.max)") }
    }
}

/// A domain error that knows whether another attempt could succeed: handlers throw it as it
/// is, and the runtime retries or dead-letters by ``jobFailure``.
public protocol JobFailureConvertible: Error {
    var jobFailure: JobFailure { get }
}

/// How an attempt failed, when the handler knows. Other errors are classified by
/// ``JobFailure/classify(_:)``.
public enum JobFailure: Error, CustomStringConvertible, Sendable {
    /// Worth another attempt later (a resource busy, a file share unreachable…).
    case retryable(String)
    /// Will fail the same way every time (validation, bad payload): dead-letter now,
    /// with the message a person needs to fix it.
    case permanent(String)

    public var description: String {
        switch self {
        case .retryable(let message), .permanent(let message): message
        }
    }

    /// Retryable: lost connections, serialization failures, deadlocks, lock and statement
    /// timeouts, I/O errors, a handler's own `.retryable` (or a ``JobFailureConvertible`` that says so). Permanent: a handler's
    /// `.permanent`, payloads that do not decode, constraint violations and other SQL
    /// errors that the same statement would hit again.
    public static func classify(_ error: any Error) -> (permanent: Bool, message: String) {
        switch error {
        case let failure as JobFailure:
            if case .permanent(let message) = failure { return (true, message) }
            return (false, failure.description)
        case let convertible as any JobFailureConvertible:
            return classify(convertible.jobFailure)
        case let postgres as PostgresError:
            let retryable = postgres.isRetryable || postgres.kind == .queryCanceled || postgres.kind == .connectionFailed
            return (!retryable, postgres.explicacao)
        case is DecodingError, is JobEnvelopeError:
            return (true, JobRegistry.describe(error))
        default:
            return (false, "\(error)")
        }
    }
}

/// What a handler gets for one attempt. It belongs to the handler's thread and lives
/// only during the call: do not keep it.
public final class JobContext {
    /// The connection whose open transaction is the job's: write through it.
    public let db: PostgresConnection
    public let jobID: String
    public let kind: String
    /// The family whose queue carried it (children usually go to the same).
    public let family: String
    /// 1 for the first attempt.
    public let attempt: Int
    public let parentID: String?
    public let correlationID: String?
    /// The attempt is abandoned after this instant; long loops should call
    /// ``checkDeadline()`` so they stop early instead of wasting the work.
    public let deadline: ContinuousClock.Instant
    public let logger: Logger

    var result: String?
    var continuation: JobContinuation?
    /// Whether it enqueued a child (the job then waits for them: no completion on its own).
    var enqueuedChild = false

    init(
        db: PostgresConnection, jobID: String, kind: String, family: String, attempt: Int, parentID: String?, correlationID: String?,
        deadline: ContinuousClock.Instant, logger: Logger
    ) {
        self.db = db
        self.jobID = jobID
        self.kind = kind
        self.family = family
        self.attempt = attempt
        self.parentID = parentID
        self.correlationID = correlationID
        self.deadline = deadline
        self.logger = logger
    }

    /// Enqueues a child of this job in the job's transaction. This job becomes done only
    /// when its last child is done (and then runs the continuation, if one was set).
    @discardableResult
    public func enqueueChild(_ spec: JobSpec) throws -> Bool {
        var spec = spec
        spec.parentID = jobID
        if spec.correlationID == nil { spec.correlationID = correlationID ?? jobID }
        enqueuedChild = true
        return try Outbox.enqueue(spec, on: db)
    }

    /// `kind` on the family whose queue carried this job: a worker's own children follow
    /// their parent (to a test's or a benchmark's family too).
    public func inOwnFamily(_ kind: JobKind) -> JobKind { kind.inFamily(family) }

    /// Enqueues an independent job in the job's transaction (no fan-in).
    @discardableResult
    public func enqueue(_ spec: JobSpec) throws -> Bool {
        var spec = spec
        if spec.correlationID == nil { spec.correlationID = correlationID ?? jobID }
        return try Outbox.enqueue(spec, on: db)
    }

    /// The job to enqueue once every child of this job is done (or at once, if it
    /// enqueued none).
    public func continueWith(_ continuation: JobContinuation) {
        self.continuation = continuation
    }

    /// Stored in the job's record (`gsan job show`).
    public func setResult<R: Encodable>(_ value: R) throws {
        result = String(decoding: try JobSpec.encoder.encode(value), as: UTF8.self)
    }

    public func checkDeadline() throws {
        if ContinuousClock.now >= deadline { throw JobTimeout() }
    }
}

/// The attempt ran past its kind's timeout: abandoned (rolled back) and retried.
public struct JobTimeout: Error, CustomStringConvertible, Sendable {
    public var description: String { "tempo limite do job esgotado" }
}
