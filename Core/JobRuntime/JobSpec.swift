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

    /// Parses a message body; the error says, in Portuguese, what is wrong with it. Every field
    /// the job table stores is checked here against what the table accepts (no NUL, lengths
    /// counted in code points as PostgreSQL counts them, the names' patterns), so a message that
    /// decodes can always be recorded.
    public static func decode(_ body: [UInt8]) throws(JobEnvelopeError) -> JobEnvelope {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw JobEnvelopeError("mensagem malformada: o corpo não é um objeto JSON")
        }
        guard let id = object["id"] as? String, !id.isEmpty else {
            throw JobEnvelopeError("mensagem malformada: falta o campo id")
        }
        if let problem = identifierProblem(id) { throw JobEnvelopeError("mensagem malformada: id \(problem)") }
        guard let kind = object["kind"] as? String, !kind.isEmpty else {
            throw JobEnvelopeError("mensagem malformada: falta o campo kind")
        }
        guard isValidName(kind, allowingDots: true) else {
            throw JobEnvelopeError(
                "mensagem malformada: kind inválido (só letras minúsculas, dígitos, '.', '_' e '-', até 100 caracteres)")
        }
        let family = object["family"] as? String ?? ""
        guard family.isEmpty || isValidName(family, allowingDots: false) else {
            throw JobEnvelopeError(
                "mensagem malformada: family inválida (só letras minúsculas, dígitos, '_' e '-', até 100 caracteres)")
        }
        for field in ["parentId", "correlationId"] {
            guard let value = object[field] else { continue }
            guard let text = value as? String else { throw JobEnvelopeError("mensagem malformada: \(field) não é texto") }
            if let problem = identifierProblem(text) { throw JobEnvelopeError("mensagem malformada: \(field) \(problem)") }
        }
        let schemaVersion = object["schemaVersion"] as? Int ?? 1
        let generation = object["generation"] as? Int ?? 0
        guard (1...1_000).contains(schemaVersion) else {
            throw JobEnvelopeError("mensagem malformada: schemaVersion fora de 1…1000")
        }
        guard (0...1_000_000).contains(generation) else {
            throw JobEnvelopeError("mensagem malformada: generation fora de 0…1000000")
        }
        guard let payload = object["payload"], JSONSerialization.isValidJSONObject([payload]),
            let payloadData = try? JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys, .fragmentsAllowed])
        else {
            throw JobEnvelopeError("mensagem malformada: falta o campo payload")
        }
        guard !containsNUL(payload) else {
            throw JobEnvelopeError("mensagem malformada: o payload contém o caractere NUL (U+0000), que o banco não guarda")
        }
        let created = (object["createdAt"] as? String).flatMap { try? Date($0, strategy: .iso8601) }
        return JobEnvelope(
            id: id, kind: kind, family: family, schemaVersion: schemaVersion,
            payloadJSON: String(decoding: payloadData, as: UTF8.self), attempt: object["attempt"] as? Int ?? 0,
            parentID: object["parentId"] as? String, correlationID: object["correlationId"] as? String,
            createdAt: created ?? Date(), generation: generation)
    }

    /// Why `id` cannot be a job's id (the table's `btrim(id) <> '' AND length(id) <= 250`, and
    /// no control characters), or nil.
    public static func identifierProblem(_ id: String) -> String? {
        if id.trimmingCharacters(in: .whitespaces).isEmpty { return "vazio ou só de espaços" }
        let scalars = id.unicodeScalars.count
        if scalars > 250 { return "longo demais (\(scalars) pontos de código; máximo 250)" }
        if id.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "com caractere de controle (NUL, tabulação, quebra de linha…)"
        }
        return nil
    }

    /// A kind (`rotas.rota`) or family (`rotas`) name as the job table's checks accept it.
    public static func isValidName(_ name: String, allowingDots: Bool) -> Bool {
        guard (1...100).contains(name.utf8.count) else { return false }
        return name.utf8.allSatisfy { byte in
            (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5f || byte == 0x2d
                || (allowingDots && byte == 0x2e)
        }
    }

    private static func containsNUL(_ value: Any) -> Bool {
        switch value {
        case let text as String: return text.unicodeScalars.contains("\u{0}")
        case let array as [Any]: return array.contains(where: containsNUL)
        case let object as [String: Any]:
            return object.contains { $0.key.unicodeScalars.contains("\u{0}") || containsNUL($0.value) }
        default: return false
        }
    }
}

public struct JobEnvelopeError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
