internal import CLibPQ
import Logging

/// Receives the server's NOTICE/WARNING/INFO messages for one connection and logs them,
/// instead of libpq's default of printing them to stderr.
///
/// The connection owns the sink and hands libpq an unretained pointer to it; libpq calls
/// back on the thread that is inside a libpq call for that connection, so the sink needs
/// no lock. The connection outlives the `PGconn` (`PQfinish` runs in its `deinit`).
final class PostgresNoticeSink {
    let logger: Logger

    init(logger: Logger) { self.logger = logger }

    func install(on connection: OpaquePointer) {
        PQsetNoticeReceiver(connection, postgresNoticeReceiver, Unmanaged.passUnretained(self).toOpaque())
    }

    func log(_ result: OpaquePointer) {
        func field(_ code: Character) -> String? {
            PQresultErrorField(result, Int32(code.asciiValue!)).map { String(cString: $0) }
        }
        let severity = field("V") ?? field("S") ?? "NOTICE"
        var metadata: Logger.Metadata = ["postgres.severity": .string(severity)]
        if let sqlState = field("C") { metadata["postgres.sqlstate"] = .string(sqlState) }
        if let detail = field("D") { metadata["postgres.detail"] = .string(detail) }
        if let hint = field("H") { metadata["postgres.hint"] = .string(hint) }
        let message = field("M") ?? PostgresError.trimmed(String(cString: PQresultErrorMessage(result)))
        logger.log(level: Self.level(severity), "\(message)", metadata: metadata)
    }

    /// Server severities → log levels: DEBUG → debug, LOG/INFO → info, NOTICE → notice,
    /// WARNING → warning.
    static func level(_ severity: String) -> Logger.Level {
        switch severity {
        case let s where s.hasPrefix("DEBUG"): return .debug
        case "LOG", "INFO": return .info
        case "WARNING": return .warning
        default: return .notice
        }
    }
}

private func postgresNoticeReceiver(_ context: UnsafeMutableRawPointer?, _ result: OpaquePointer?) {
    guard let context, let result else { return }
    Unmanaged<PostgresNoticeSink>.fromOpaque(context).takeUnretainedValue().log(result)
}
