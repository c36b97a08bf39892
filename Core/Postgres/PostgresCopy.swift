internal import CLibPQ

extension PostgresConnection {
    /// Runs `COPY … FROM STDIN` (text format) and feeds it the rows `produce` writes.
    ///
    /// The writer sends about 64 KiB at a time, so memory stays bounded whatever the row
    /// count. If `produce` throws, the COPY is aborted (the server discards every row of
    /// it) and the error rethrown.
    /// - Returns: the rows copied, as the server counted them.
    @discardableResult
    public func copyIn(_ sql: String, _ produce: (inout PostgresCopyWriter) throws -> Void) throws -> Int {
        let connection = try open()
        guard let raw = PQexec(connection, sql) else { throw PostgresError.from(result: nil, connection: connection) }
        let start = PostgresResult(raw)
        guard start.status == PGRES_COPY_IN else {
            _ = try checked(start)  // throws the server's error
            throw PostgresError.misuse("copyIn needs a COPY … FROM STDIN statement")
        }
        var writer = PostgresCopyWriter(connection: self, handle: connection)
        do {
            try produce(&writer)
            try writer.flush()
        } catch {
            // Abort: the server answers with an error (57014) and keeps none of the rows.
            _ = PQputCopyEnd(connection, "COPY aborted by the client")
            let (_, serverError) = drainResults()
            if error is CopyDataRefused, let serverError { throw serverError }
            throw error
        }
        guard PQputCopyEnd(connection, nil) == 1 else {
            throw drainResults().error ?? PostgresError.from(result: nil, connection: connection)
        }
        let (last, error) = drainResults()
        if let error { throw error }
        return last?.rowsAffected ?? writer.rowCount
    }

    /// Runs `COPY … TO STDOUT` and hands `consume` each row as libpq delivers it (one
    /// row per call in text format, newline included). The buffer is valid only during
    /// the call. If `consume` throws, the COPY is cancelled and the error rethrown.
    /// - Returns: the rows copied.
    @discardableResult
    public func copyOut(_ sql: String, _ consume: (UnsafeRawBufferPointer) throws -> Void) throws -> Int {
        let connection = try open()
        guard let raw = PQexec(connection, sql) else { throw PostgresError.from(result: nil, connection: connection) }
        let start = PostgresResult(raw)
        guard start.status == PGRES_COPY_OUT else {
            _ = try checked(start)
            throw PostgresError.misuse("copyOut needs a COPY … TO STDOUT statement")
        }
        var failure: (any Error)?
        while true {
            var buffer: UnsafeMutablePointer<CChar>?
            let count = PQgetCopyData(connection, &buffer, 0)
            guard count > 0, let buffer else { break }  // -1: done, -2: error (the result says which)
            defer { PQfreemem(buffer) }
            guard failure == nil else { continue }
            do {
                try consume(UnsafeRawBufferPointer(start: buffer, count: Int(count)))
            } catch {
                failure = error
                cancelRunningQuery()
            }
        }
        let (last, error) = drainResults()
        if let failure { throw failure }
        if let error { throw error }
        guard let last else { throw PostgresError.from(result: nil, connection: connection) }
        return last.rowsAffected
    }
}

/// Writes rows of a `COPY … FROM STDIN` in PostgreSQL's text format, escaping
/// backslash, tab, newline and carriage return, and NULL as `\N`.
public struct PostgresCopyWriter {
    /// Bytes buffered before they go to the server.
    public static let flushThreshold = 64 * 1024

    private let connection: PostgresConnection  // keeps the PGconn alive
    private let handle: OpaquePointer
    private var buffer: [UInt8] = []

    /// Rows written so far.
    public private(set) var rowCount = 0

    init(connection: PostgresConnection, handle: OpaquePointer) {
        self.connection = connection
        self.handle = handle
        buffer.reserveCapacity(Self.flushThreshold + 4096)
    }

    /// Appends one row; the values are in the order of the COPY's column list.
    public mutating func row(_ values: [(any PostgresEncodable)?]) throws {
        for (index, value) in values.enumerated() {
            if index > 0 { buffer.append(9) }  // tab
            guard let value, let encoded = try value.postgresEncoded() else {
                buffer.append(contentsOf: [92, 78])  // \N
                continue
            }
            switch encoded {
            case .text(let text):
                // Most values need no escaping: copy them whole.
                if !text.utf8.contains(where: { $0 == 92 || $0 == 10 || $0 == 13 || $0 == 9 || $0 == 0 }) {
                    buffer.append(contentsOf: text.utf8)
                    continue
                }
                for byte in text.utf8 {
                    switch byte {
                    case 92: buffer.append(contentsOf: [92, 92])
                    case 10: buffer.append(contentsOf: [92, 110])
                    case 13: buffer.append(contentsOf: [92, 114])
                    case 9: buffer.append(contentsOf: [92, 116])
                    case 0:
                        throw PostgresError(
                            kind: .encoding,
                            message: "COPY value \(index + 1) of row \(rowCount + 1) contains a NUL byte")
                    default: buffer.append(byte)
                    }
                }
            case .binary(let bytes):
                guard type(of: value).postgresType == .bytea else {
                    throw PostgresError(
                        kind: .encoding, message: "COPY text format cannot carry a binary \(type(of: value))")
                }
                PostgresHex.encodeBytea(bytes, into: &buffer, backslash: [92, 92])  // \\x… : an escaped \x
            }
        }
        buffer.append(10)
        rowCount += 1
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    /// Sends the buffered rows to the server.
    mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        let sent = buffer.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { PQputCopyData(handle, $0.baseAddress, Int32($0.count)) }
        }
        guard sent == 1 else { throw CopyDataRefused(message: PostgresError.connectionMessage(handle)) }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// libpq refused COPY data (the server already failed the COPY); `copyIn` replaces it by
/// the server's error when there is one.
struct CopyDataRefused: Error, CustomStringConvertible {
    let message: String
    var description: String { "COPY data refused: \(message)" }
}
