import Foundation
import GSANSupport

/// A port nobody listens on now (the kernel's pick for a socket bound to port 0, then closed).
public func freeLocalPort() throws -> UInt16 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw ConfigurationError("socket(): \(String(cString: strerror(errno)))") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
    }
    guard bound == 0 else { throw ConfigurationError("bind(): \(String(cString: strerror(errno)))") }
    let named = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    guard named == 0 else { throw ConfigurationError("getsockname(): \(String(cString: strerror(errno)))") }
    return UInt16(bigEndian: address.sin_port)
}

/// `GET path` on 127.0.0.1:port, HTTP/1.0 (the server closes after the answer): the status
/// and the body. Throws when nothing answers.
public func httpGet(port: UInt16, path: String) throws -> (status: Int, body: String) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw ConfigurationError("socket(): \(String(cString: strerror(errno)))") }
    defer { close(fd) }
    var timeout = timeval(tv_sec: 10, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = port.bigEndian
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { throw ConfigurationError("nada escuta em 127.0.0.1:\(port): \(String(cString: strerror(errno)))") }
    let request = Array("GET \(path) HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
    _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
    var response: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n <= 0 { break }
        response += buffer[0..<n]
    }
    let text = String(decoding: response, as: UTF8.self)
    guard let split = text.range(of: "\r\n\r\n") else { throw ConfigurationError("resposta HTTP incompleta: \(text.prefix(200))") }
    let statusLine = text[..<split.lowerBound].split(separator: "\r\n").first ?? ""
    let status = statusLine.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
    return (status, String(text[split.upperBound...]))
}

/// Prometheus's text format, as a test reads it: the value of the sample named `name` whose
/// labels include every pair of `labels` (summed when several match); nil when none does.
public func prometheusValue(_ text: String, _ name: String, _ labels: [String: String] = [:]) -> Double? {
    var total: Double?
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
        guard line.hasPrefix(name) else { continue }
        let rest = line.dropFirst(name.count)
        guard rest.first == "{" || rest.first == " " else { continue }
        var sampleLabels: [String: String] = [:]
        var valueText = rest
        if rest.first == "{", let close = rest.lastIndex(of: "}") {
            for pair in rest[rest.index(after: rest.startIndex)..<close].split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else { continue }
                sampleLabels[String(parts[0])] = String(parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")))
            }
            valueText = rest[rest.index(after: close)...]
        }
        guard labels.allSatisfy({ sampleLabels[$0.key] == $0.value }),
            let value = Double(valueText.trimmingCharacters(in: .whitespaces))
        else { continue }
        total = (total ?? 0) + value
    }
    return total
}
