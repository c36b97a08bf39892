internal import CLibPQ
import Foundation

/// A `NOTIFY` received on a channel this session listens to.
public struct PostgresNotification: Sendable, Hashable {
    public var channel: String
    public var payload: String
    /// The backend that sent it.
    public var senderPID: Int32
}

extension PostgresConnection {
    /// `LISTEN channel`. The name is quoted as an identifier, so any text is safe.
    public func listen(_ channel: String) throws {
        try executeScript("LISTEN " + Self.quotedIdentifier(channel))
    }

    /// Waits up to `timeout` seconds for notifications and returns those that arrived
    /// (empty on timeout). Notifications that came in during earlier statements are
    /// returned at once. A lost connection throws `connectionLost`.
    public func waitForNotifications(timeout: Double) throws -> [PostgresNotification] {
        let connection = try open()
        var received = drainNotifications(connection)
        guard received.isEmpty else { return received }
        let socket = PQsocket(connection)
        guard socket >= 0 else { throw PostgresError(kind: .connectionLost, message: "the connection has no socket") }
        var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, Int32(max(0, min(timeout, 3_600)) * 1000))
        if ready < 0 && errno != EINTR {
            throw PostgresError(kind: .client, message: "poll failed: \(String(cString: strerror(errno)))")
        }
        if ready > 0 {
            guard PQconsumeInput(connection) == 1 else {
                throw PostgresError(kind: .connectionLost, message: PostgresError.connectionMessage(connection))
            }
            received = drainNotifications(connection)
        }
        return received
    }

    private func drainNotifications(_ connection: OpaquePointer) -> [PostgresNotification] {
        var result: [PostgresNotification] = []
        while let raw = PQnotifies(connection) {
            let notify = raw.pointee
            result.append(
                PostgresNotification(
                    channel: String(cString: notify.relname), payload: String(cString: notify.extra),
                    senderPID: notify.be_pid))
            PQfreemem(raw)
        }
        return result
    }

    /// `"name"` with embedded quotes doubled: an identifier that can never end the quoting.
    static func quotedIdentifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
