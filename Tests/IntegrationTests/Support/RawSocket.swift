import Foundation
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A plain blocking TCP connection to a loopback port, for what an HTTP client is too polite to
/// send: dripped heads and bodies, bodies far over the limit, hostile XML. Keeps every byte the
/// peer sent and whether it closed. Use it from one thread (``OwnThread``).
final class RawSocket {
    private let fd: Int32
    /// Everything received so far (responses are taken off the front by ``readResponse(within:)``).
    private(set) var received: [UInt8] = []
    /// Whether the peer closed (or reset) the connection.
    private(set) var peerClosed = false

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw RawSocketError("socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            Glibc.close(fd)
            throw RawSocketError("connect to port \(port): errno \(errno)")
        }
    }

    deinit { Glibc.close(fd) }

    /// Writes all of `bytes`, reading whatever arrives meanwhile; `false` once the peer has
    /// closed or reset the connection (the rest is not sent).
    @discardableResult
    func write(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            pump(waitingUpTo: 0)
            if peerClosed { return false }
            guard wait(for: Int16(POLLOUT), milliseconds: 1_000) else { continue }
            let sent = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT)) }
            if sent < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                peerClosed = true
                return false
            }
            offset += sent
        }
        return true
    }

    /// Sends `bytes` one at a time, `interval` apart; stops when the peer closes. Returns
    /// how many bytes went out.
    func drip(_ bytes: [UInt8], every interval: TimeInterval) -> Int {
        for (index, byte) in bytes.enumerated() {
            guard write([byte]) else { return index }
            pump(waitingUpTo: interval)
            if peerClosed { return index + 1 }
        }
        return bytes.count
    }

    /// Reads what has arrived, waiting up to `seconds` for the first bytes.
    func pump(waitingUpTo seconds: TimeInterval) {
        guard !peerClosed else { return }
        var milliseconds = Int32(seconds * 1_000)
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while wait(for: Int16(POLLIN), milliseconds: milliseconds) {
            milliseconds = 0
            let count = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if count > 0 {
                received += buffer[..<count]
            } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
                peerClosed = true
                return
            }
        }
    }

    /// Waits up to `seconds` for the peer to close; whether it did.
    func waitForClose(within seconds: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !peerClosed, Date() < deadline { pump(waitingUpTo: min(0.05, max(0, deadline.timeIntervalSinceNow))) }
        return peerClosed
    }

    /// The next complete response, removed from ``received``; nil if none came within
    /// `seconds` (or the peer closed before one was complete).
    func readResponse(within seconds: TimeInterval = 30) -> RawResponse? {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if let (response, used) = RawResponse.parse(received) {
                received.removeFirst(used)
                return response
            }
            if peerClosed || Date() >= deadline { return nil }
            pump(waitingUpTo: min(0.05, max(0, deadline.timeIntervalSinceNow)))
        }
    }

    private func wait(for events: Int16, milliseconds: Int32) -> Bool {
        var entry = pollfd(fd: fd, events: events, revents: 0)
        return poll(&entry, 1, milliseconds) > 0
    }
}

struct RawSocketError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
