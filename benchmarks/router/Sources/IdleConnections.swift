import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Part 3: many idle keep-alive client connections. Each is a plain blocking socket that sends
/// one `GET` and reads the whole answer (so the server holds it as an idle keep-alive
/// connection, past its first-head timeout), then stays open until ``close()``.
final class IdleConnections {
    private var sockets: [Int32] = []

    /// Opens `count` connections to 127.0.0.1:`port`, one after the other; every answer must be 200.
    init(port: Int, count: Int, path: String) throws {
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n".utf8)
        sockets.reserveCapacity(count)
        for index in 0..<count {
            let socket = try Self.connect(port: port)
            sockets.append(socket)
            let status = try Self.exchange(request, on: socket)
            guard status == 200 else { throw BenchError("connection \(index) was answered \(status)") }
        }
    }

    var count: Int { sockets.count }

    func close() {
        for socket in sockets { _ = Glibc.close(socket) }
        sockets = []
    }

    deinit { close() }

    private static func connect(port: Int) throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw BenchError("socket: \(String(cString: strerror(errno))) (is ulimit -n high enough?)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            let message = String(cString: strerror(errno))
            _ = Glibc.close(socket)
            throw BenchError("connect: \(message)")
        }
        return socket
    }

    /// Sends `request` and reads one answer with a `Content-Length` body; returns its status.
    private static func exchange(_ request: [UInt8], on socket: Int32) throws -> Int {
        guard request.withUnsafeBytes({ send(socket, $0.baseAddress, $0.count, 0) }) == request.count else {
            throw BenchError("send: \(String(cString: strerror(errno)))")
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4_096)
        while true {
            if let head = headEnd(received) {
                let text = String(decoding: received[..<head], as: UTF8.self)
                if received.count - head >= contentLength(text) { return Int(text.split(separator: " ").dropFirst().first ?? "") ?? 0 }
            }
            let read = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            guard read > 0 else { throw BenchError("the server closed the connection before answering") }
            received += buffer[..<read]
        }
    }

    /// The index just past the head's blank line.
    private static func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 3..<bytes.count where bytes[index - 3] == 13 && bytes[index - 2] == 10 && bytes[index - 1] == 13 && bytes[index] == 10 {
            return index + 1
        }
        return nil
    }

    private static func contentLength(_ head: String) -> Int {
        for line in head.split(separator: "\r\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "content-length" { return Int(parts[1].trimmingCharacters(in: .whitespaces)) ?? 0 }
        }
        return 0
    }
}
