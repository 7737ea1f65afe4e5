import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// systemd's end of `NOTIFY_SOCKET`, for tests: an `AF_UNIX` datagram socket bound to a file in
/// a fresh temporary folder, or to an abstract name; it records what arrives.
public final class NotifyListener: @unchecked Sendable {
    /// One datagram: its `KEY=value` lines and when it arrived.
    public struct Datagram: Sendable, CustomStringConvertible {
        /// The assignments, in order.
        public var assignments: [String]
        /// When it was read.
        public var at: ContinuousClock.Instant

        /// Whether it carries `assignment` (`READY=1`) or an assignment of `key` (`STATUS`).
        public func has(_ assignment: String) -> Bool { assignments.contains(assignment) }
        /// The value of `key`, if assigned.
        public func value(of key: String) -> String? {
            assignments.first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
        }
        public var description: String { assignments.joined(separator: " ") }
    }

    /// The value to put in `NOTIFY_SOCKET`.
    public let socketValue: String
    private let descriptor: Int32
    private let folder: String?

    /// A listener on a socket file, or on an abstract name when `abstract`.
    public init(abstract: Bool = false) throws {
        (descriptor, socketValue, folder) = try BoundDatagramSocket.make(named: "notify", abstract: abstract)
    }

    deinit {
        close(descriptor)
        if let folder { try? FileManager.default.removeItem(atPath: folder) }
    }

    /// The next datagram, or nil if none arrives within `seconds`.
    public func next(within seconds: Double) async -> Datagram? {
        await next(before: ContinuousClock.now + .milliseconds(Int(seconds * 1000)))
    }

    /// Every datagram that arrives within `seconds`.
    public func collect(for seconds: Double) async -> [Datagram] {
        let end = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        var datagrams: [Datagram] = []
        while let datagram = await next(before: end) { datagrams.append(datagram) }
        return datagrams
    }

    /// Datagrams until one carries `assignment`, for at most `seconds`: all of them, the match
    /// last; nil when it did not come.
    public func until(_ assignment: String, within seconds: Double) async -> [Datagram]? {
        await until(within: seconds) { $0.has(assignment) }
    }

    /// Datagrams until one satisfies `matches`, for at most `seconds`: all of them, the match
    /// last; nil when none came.
    public func until(within seconds: Double, where matches: (Datagram) -> Bool) async -> [Datagram]? {
        let end = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        var datagrams: [Datagram] = []
        while let datagram = await next(before: end) {
            datagrams.append(datagram)
            if matches(datagram) { return datagrams }
        }
        return nil
    }

    /// Polls without blocking a thread.
    private func next(before deadline: ContinuousClock.Instant) async -> Datagram? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if count > 0 {
                let text = String(decoding: buffer[..<count], as: UTF8.self)
                return Datagram(assignments: text.split(separator: "\n").map(String.init), at: .now)
            }
            guard ContinuousClock.now < deadline else { return nil }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }
}
