import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// journald's end of its native socket, for tests: an `AF_UNIX` datagram socket bound to a file
/// in a fresh temporary folder that reads entries as journald does — a datagram's payload, or
/// the memfd passed with `SCM_RIGHTS` in an empty datagram — and parses them by systemd's
/// "Native Journal Protocol" (written here anew, not shared with the code under test).
public final class JournalListener: @unchecked Sendable {
    /// One entry as received.
    public struct Entry: Sendable, CustomStringConvertible {
        /// The fields in order: name and value bytes.
        public var fields: [(name: String, value: [UInt8])]
        /// Whether it came in a memfd rather than as the datagram's payload.
        public var inMemoryFile: Bool
        /// The memfd's seals (`F_GET_SEALS`), when it came in one.
        public var seals: Int32?
        /// Which fields used the binary form (name, `\n`, length, value).
        public var binaryFields: Set<String>

        /// The value of the first field `name`, as text.
        public func value(_ name: String) -> String? {
            fields.first { $0.name == name }.map { String(decoding: $0.value, as: UTF8.self) }
        }
        /// Every value of `name`.
        public func values(_ name: String) -> [String] {
            fields.filter { $0.name == name }.map { String(decoding: $0.value, as: UTF8.self) }
        }
        public var description: String {
            fields.map { "\($0.name)=\($0.value.count > 200 ? "<\($0.value.count) bytes>" : String(decoding: $0.value, as: UTF8.self))" }
                .joined(separator: " ")
        }
    }

    /// The socket's path.
    public let path: String
    private let descriptor: Int32
    private let folder: String?

    /// A listener on a new socket file.
    public init() throws {
        (descriptor, path, folder) = try BoundDatagramSocket.make(named: "journal", abstract: false)
    }

    deinit {
        close(descriptor)
        if let folder { try? FileManager.default.removeItem(atPath: folder) }
    }

    /// The entries that arrive within `seconds`.
    public func collect(for seconds: Double) async throws -> [Entry] {
        let end = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        var entries: [Entry] = []
        while let entry = try await next(before: end) { entries.append(entry) }
        return entries
    }

    /// Entries until `count` have arrived, for at most `seconds`: all of them.
    public func entries(_ count: Int, within seconds: Double) async throws -> [Entry] {
        let end = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        var entries: [Entry] = []
        while entries.count < count, let entry = try await next(before: end) { entries.append(entry) }
        return entries
    }

    /// Polls without blocking a thread.
    private func next(before deadline: ContinuousClock.Instant) async throws -> Entry? {
        while true {
            if let entry = try receive() { return entry }
            guard ContinuousClock.now < deadline else { return nil }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// One datagram if there is one: its payload, or the content of the one memfd it carries.
    private func receive() throws -> Entry? {
        let size = recv(descriptor, nil, 0, Int32(MSG_DONTWAIT) | Int32(MSG_PEEK) | Int32(MSG_TRUNC))
        guard size >= 0 else {
            guard errno == EAGAIN || errno == EWOULDBLOCK else { throw failure("recv") }
            return nil
        }
        var payload = [UInt8](repeating: 0, count: max(size, 1))
        var control = [UInt8](repeating: 0, count: 64)
        let (count, descriptors) = try payload.withUnsafeMutableBytes { payloadBytes in
            try control.withUnsafeMutableBytes { controlBytes in
                var vector = iovec(iov_base: payloadBytes.baseAddress, iov_len: payloadBytes.count)
                return try withUnsafeMutablePointer(to: &vector) { vectorPointer in
                    var message = msghdr()
                    message.msg_iov = vectorPointer
                    message.msg_iovlen = 1
                    message.msg_control = controlBytes.baseAddress
                    message.msg_controllen = controlBytes.count
                    let count = recvmsg(descriptor, &message, Int32(MSG_DONTWAIT) | Int32(MSG_CMSG_CLOEXEC))
                    guard count >= 0 else { throw failure("recvmsg") }
                    return (count, Self.passedDescriptors(controlBytes, length: message.msg_controllen))
                }
            }
        }
        if descriptors.isEmpty { return try Self.parse(Array(payload[..<count]), inMemoryFile: false, seals: nil) }
        defer { for passed in descriptors { close(passed) } }
        guard count == 0, descriptors.count == 1 else {
            throw Shell.Failure(description: "a datagram with \(count) bytes and \(descriptors.count) descriptors: journald ignores it")
        }
        let seals = fcntl(descriptors[0], 1024 + 10)  // F_GET_SEALS
        return try Self.parse(try Self.readAll(descriptors[0]), inMemoryFile: true, seals: seals)
    }

    /// The descriptors of the `SCM_RIGHTS` messages in a control buffer.
    private static func passedDescriptors(_ control: UnsafeMutableRawBufferPointer, length: Int) -> [Int32] {
        var descriptors: [Int32] = []
        var offset = 0
        let headerSize = MemoryLayout<cmsghdr>.size
        while offset + headerSize <= length {
            let header = control.load(fromByteOffset: offset, as: cmsghdr.self)
            guard header.cmsg_len >= headerSize else { break }
            if header.cmsg_level == SOL_SOCKET && header.cmsg_type == Int32(SCM_RIGHTS) {
                for index in 0..<(header.cmsg_len - headerSize) / 4 {
                    descriptors.append(control.load(fromByteOffset: offset + headerSize + 4 * index, as: Int32.self))
                }
            }
            offset += (header.cmsg_len + 7) / 8 * 8
        }
        return descriptors
    }

    private static func readAll(_ file: Int32) throws -> [UInt8] {
        var status = stat()
        guard fstat(file, &status) == 0 else { throw failure("fstat") }
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size))
        let read = bytes.withUnsafeMutableBytes { pread(file, $0.baseAddress, $0.count, 0) }
        guard read == bytes.count else { throw failure("pread") }
        return bytes
    }

    /// The protocol's two forms: `NAME=value\n`, or `NAME\n` + 64-bit little-endian length +
    /// value + `\n`.
    static func parse(_ bytes: [UInt8], inMemoryFile: Bool, seals: Int32?) throws -> Entry {
        var entry = Entry(fields: [], inMemoryFile: inMemoryFile, seals: seals, binaryFields: [])
        var index = 0
        func bad(_ why: String) -> Shell.Failure { Shell.Failure(description: "malformed entry at byte \(index): \(why)") }
        while index < bytes.count {
            guard let end = bytes[index...].firstIndex(where: { $0 == UInt8(ascii: "=") || $0 == UInt8(ascii: "\n") }) else {
                throw bad("a field without = or newline")
            }
            let name = String(decoding: bytes[index..<end], as: UTF8.self)
            if bytes[end] == UInt8(ascii: "=") {
                guard let newline = bytes[end...].firstIndex(of: UInt8(ascii: "\n")) else { throw bad("no newline after \(name)") }
                entry.fields.append((name, Array(bytes[(end + 1)..<newline])))
                index = newline + 1
            } else {
                guard end + 9 <= bytes.count else { throw bad("no length after \(name)") }
                let length = bytes[(end + 1)..<(end + 9)].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                let start = end + 9
                guard start + Int(length) < bytes.count, bytes[start + Int(length)] == UInt8(ascii: "\n") else {
                    throw bad("\(name): \(length) bytes and a newline do not follow")
                }
                entry.fields.append((name, Array(bytes[start..<(start + Int(length))])))
                entry.binaryFields.insert(name)
                index = start + Int(length) + 1
            }
        }
        return entry
    }

    private static func failure(_ call: String) -> Shell.Failure {
        Shell.Failure(description: "\(call): \(String(cString: strerror(errno)))")
    }
    private func failure(_ call: String) -> Shell.Failure { Self.failure(call) }
}
