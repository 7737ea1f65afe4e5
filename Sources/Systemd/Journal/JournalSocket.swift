#if canImport(Glibc)
import Glibc
#endif

/// An unbound `AF_UNIX` datagram socket that sends journal entries to journald's native socket,
/// as sd_journal_sendv(3) does: the entry as one datagram, or — when the kernel says it is too
/// large (`EMSGSIZE`, `ENOBUFS`) — written to a memfd that is then sealed and passed with
/// `SCM_RIGHTS` in an otherwise empty datagram. Every send is non-blocking (`MSG_DONTWAIT`):
/// a full queue or a missing journald is an error at once, never a wait. Owns its descriptor.
///
/// Sendable: the descriptor never changes after `init` and `sendto(2)`/`sendmsg(2)` may be
/// called from any thread at once. Linux only (journald is); elsewhere ``init(path:sendBufferSize:)``
/// throws.
final class JournalSocket: Sendable {
    /// How an entry went.
    enum Delivery: Sendable, Equatable {
        /// As the datagram's payload.
        case datagram
        /// In a sealed memfd.
        case memoryFile
    }

    private let descriptor: Int32
    private let pathBytes: [UInt8]
    /// The socket's path.
    let path: String

    /// A socket for journald at `path`, with `SO_SNDBUF` raised (or lowered) to
    /// `sendBufferSize` bytes where given: a large buffer absorbs bursts, and on Linux it is
    /// also what bounds one datagram (a larger one fails with `EMSGSIZE`). The kernel caps it
    /// at `net.core.wmem_max`.
    init(path: String, sendBufferSize: Int?) throws(JournalError) {
        #if canImport(Glibc)
        let bytes = Array(path.utf8)
        guard path.hasPrefix("/"), bytes.count < 108, !bytes.contains(0) else {
            throw JournalError(.invalidSocketPath, "an absolute path under 108 bytes, got \(path)")
        }
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw JournalError(.socketFailed, "socket(AF_UNIX, SOCK_DGRAM): \(errnoText())") }
        if var size = sendBufferSize.map(Int32.init(clamping:)) {
            _ = setsockopt(descriptor, SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        self.descriptor = descriptor
        self.path = path
        pathBytes = bytes + [0]
        #else
        throw JournalError(.socketFailed, "the journal socket is implemented for Linux only")
        #endif
    }

    #if canImport(Glibc)
    deinit { close(descriptor) }

    /// Sends one serialized entry without blocking.
    func send(_ entry: [UInt8]) throws(JournalError) -> Delivery {
        let sent = entry.withUnsafeBytes { bytes in
            withUnixSocketAddress(pathBytes) { sendto(descriptor, bytes.baseAddress, bytes.count, Self.flags, $0, $1) }
        }
        if sent == entry.count { return .datagram }
        let code = errno
        guard code == EMSGSIZE || code == ENOBUFS else { throw JournalError(.sendFailed, "sendto \(path): \(errnoText(code))") }
        try sendInMemoryFile(entry)
        return .memoryFile
    }

    /// The protocol's second form: an empty datagram carrying one sealed memfd.
    private func sendInMemoryFile(_ entry: [UInt8]) throws(JournalError) {
        let file = try SealedMemoryFile(entry)
        // The control message: one cmsghdr and one descriptor, each aligned to size_t (CMSG_SPACE).
        let headerSpace = Self.aligned(MemoryLayout<cmsghdr>.size)
        let space = headerSpace + Self.aligned(MemoryLayout<Int32>.size)
        let control = UnsafeMutableRawBufferPointer.allocate(byteCount: space, alignment: MemoryLayout<cmsghdr>.alignment)
        defer { control.deallocate() }
        control.initializeMemory(as: UInt8.self, repeating: 0)
        var header = cmsghdr()
        header.cmsg_len = headerSpace + MemoryLayout<Int32>.size  // CMSG_LEN
        header.cmsg_level = SOL_SOCKET
        header.cmsg_type = Int32(SCM_RIGHTS)
        control.storeBytes(of: header, toByteOffset: 0, as: cmsghdr.self)
        control.storeBytes(of: file.descriptor, toByteOffset: headerSpace, as: Int32.self)
        let sent = withUnixSocketAddress(pathBytes) { address, length in
            var message = msghdr()
            message.msg_name = UnsafeMutableRawPointer(mutating: address)
            message.msg_namelen = length
            message.msg_iov = nil
            message.msg_iovlen = 0
            message.msg_control = control.baseAddress
            message.msg_controllen = space
            return withExtendedLifetime(file) { sendmsg(descriptor, &message, Self.flags) }
        }
        guard sent >= 0 else { throw JournalError(.sendFailed, "sendmsg \(path) with a memfd of \(entry.count) bytes: \(errnoText())") }
    }

    private static let flags = Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT)

    private static func aligned(_ size: Int) -> Int {
        let unit = MemoryLayout<Int>.size
        return (size + unit - 1) / unit * unit
    }
    #endif
}
