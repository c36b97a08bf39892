import Foundation

/// A kind of job: its name (`rotas.arquivo`), the worker family whose queue carries it,
/// how many attempts it gets and how long one may run.
public struct JobKind: Sendable, Hashable {
    public var name: String
    public var family: String
    public var maxAttempts: Int
    /// An attempt running longer is abandoned and retried. Kept well under the broker's
    /// `consumer_timeout` (30 min): long work is split into child jobs instead.
    public var timeout: Duration

    public init(_ name: String, family: String, maxAttempts: Int = 5, timeout: Duration = .seconds(300)) {
        precondition(timeout <= .seconds(25 * 60), "job timeout must stay under the broker's consumer_timeout")
        self.name = name
        self.family = family
        self.maxAttempts = maxAttempts
        self.timeout = timeout
    }

    /// The same kind on another family's queues (a test's or a benchmark's own, say).
    public func inFamily(_ family: String) -> JobKind {
        JobKind(name, family: family, maxAttempts: maxAttempts, timeout: timeout)
    }
}

/// A job to enqueue: a deterministic id chosen by the producer (enqueueing the same id
/// twice is one job), its kind, and a JSON payload.
public struct JobSpec: Sendable {
    public var id: String
    public var kind: JobKind
    /// The payload as JSON text (see ``init(id:kind:payload:parentID:correlationID:schemaVersion:)``).
    public var payloadJSON: String
    public var schemaVersion: Int
    public var parentID: String?
    public var correlationID: String?
    /// A job to enqueue once every child of this one is done.
    public var continuation: JobContinuation?

    public init<P: Encodable>(
        id: String, kind: JobKind, payload: P, parentID: String? = nil, correlationID: String? = nil,
        schemaVersion: Int = 1, continuation: JobContinuation? = nil
    ) throws {
        self.id = id
        self.kind = kind
        self.payloadJSON = String(decoding: try JobSpec.encoder.encode(payload), as: UTF8.self)
        self.schemaVersion = schemaVersion
        self.parentID = parentID
        self.correlationID = correlationID
        self.continuation = continuation
    }

    /// A spec whose payload is already JSON text (a stored continuation).
    init(id: String, kind: JobKind, payloadJSON: String, parentID: String? = nil, correlationID: String? = nil) {
        self.id = id
        self.kind = kind
        self.payloadJSON = payloadJSON
        self.schemaVersion = 1
        self.parentID = parentID
        self.correlationID = correlationID
        self.continuation = nil
    }

    /// Sorted keys: the same payload is the same bytes, run after run.
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}

/// The job a parent names to run after its last child: stored with the parent, enqueued
/// in the transaction that completes the last child.
public struct JobContinuation: Sendable, Codable, Hashable {
    public var id: String
    public var kind: String
    public var family: String
    public var maxAttempts: Int
    public var payloadJSON: String
    /// The continuation becomes a child of this job's parent (a sibling of this job), so the
    /// parent is done only after it too: a fan-in step that belongs to the parent's tree.
    public var sibling: Bool

    public init<P: Encodable>(id: String, kind: JobKind, payload: P, sibling: Bool = false) throws {
        self.id = id
        self.kind = kind.name
        self.family = kind.family
        self.maxAttempts = kind.maxAttempts
        self.payloadJSON = String(decoding: try JobSpec.encoder.encode(payload), as: UTF8.self)
        self.sibling = sibling
    }

    enum CodingKeys: String, CodingKey { case id, kind, family, maxAttempts, payloadJSON, sibling }

    // Rows written before `sibling` existed have none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        kind = try container.decode(String.self, forKey: .kind)
        family = try container.decode(String.self, forKey: .family)
        maxAttempts = try container.decode(Int.self, forKey: .maxAttempts)
        payloadJSON = try container.decode(String.self, forKey: .payloadJSON)
        sibling = try container.decodeIfPresent(Bool.self, forKey: .sibling) ?? false
    }

    /// As stored in the parent's `continuation` column.
    func jsonText() throws -> String {
        String(decoding: try JobSpec.encoder.encode(self), as: UTF8.self)
    }
}

/// What travels on the queue: the job's identity and payload. The job table stays the
/// record; the envelope lets a worker rebuild a row that was published straight to the
/// queue, and lets a person read a dead letter.
public struct JobEnvelope: Sendable, Hashable {
    public var id: String
    public var kind: String
    public var family: String
    public var schemaVersion: Int
    public var payloadJSON: String
    public var attempt: Int
    public var parentID: String?
    public var correlationID: String?
    public var createdAt: Date
    public var generation: Int

    public init(
        id: String, kind: String, family: String, schemaVersion: Int, payloadJSON: String, attempt: Int,
        parentID: String?, correlationID: String?, createdAt: Date, generation: Int
    ) {
        self.id = id
        self.kind = kind
        self.family = family
        self.schemaVersion = schemaVersion
        self.payloadJSON = payloadJSON
        self.attempt = attempt
        self.parentID = parentID
        self.correlationID = correlationID
        self.createdAt = createdAt
        self.generation = generation
    }

    /// The message body: a JSON object whose `payload` is the payload's own JSON.
    public func body() -> [UInt8] {
        // The relay builds one per job: reuse the encoder, no formatter per message.
        func quoted(_ text: String) -> String {
            String(decoding: try! JobSpec.encoder.encode(text), as: UTF8.self)
        }
        var json = "{\"id\":\(quoted(id)),\"kind\":\(quoted(kind)),\"family\":\(quoted(family))"
        json += ",\"schemaVersion\":\(schemaVersion),\"attempt\":\(attempt),\"generation\":\(generation)"
        json += ",\"createdAt\":\(quoted(createdAt.formatted(.iso8601)))"
        if let parentID { json += ",\"parentId\":\(quoted(parentID))" }
        if let correlationID { json += ",\"correlationId\":\(quoted(correlationID))" }
        json += ",\"payload\":\(payloadJSON)}"
        return Array(json.utf8)
    }

    /// Parses a message body; the error says, in Portuguese, what is wrong with it.
    public static func decode(_ body: [UInt8]) throws(JobEnvelopeError) -> JobEnvelope {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw JobEnvelopeError("mensagem malformada: o corpo não é um objeto JSON")
        }
        guard let id = object["id"] as? String, !id.isEmpty else {
            throw JobEnvelopeError("mensagem malformada: falta o campo id")
        }
        guard id.count <= 250, !id.contains("\u{0}") else {
            throw JobEnvelopeError("mensagem malformada: id inválido (vazio, longo demais ou com NUL)")
        }
        guard let kind = object["kind"] as? String, !kind.isEmpty else {
            throw JobEnvelopeError("mensagem malformada: falta o campo kind")
        }
        guard let payload = object["payload"], JSONSerialization.isValidJSONObject([payload]),
            let payloadData = try? JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys, .fragmentsAllowed])
        else {
            throw JobEnvelopeError("mensagem malformada: falta o campo payload")
        }
        let created = (object["createdAt"] as? String).flatMap { try? Date($0, strategy: .iso8601) }
        return JobEnvelope(
            id: id, kind: kind, family: object["family"] as? String ?? "", schemaVersion: object["schemaVersion"] as? Int ?? 1,
            payloadJSON: String(decoding: payloadData, as: UTF8.self), attempt: object["attempt"] as? Int ?? 0,
            parentID: object["parentId"] as? String, correlationID: object["correlationId"] as? String,
            createdAt: created ?? Date(), generation: object["generation"] as? Int ?? 0)
    }
}

public struct JobEnvelopeError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
