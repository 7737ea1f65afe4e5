#if canImport(Glibc)
import Glibc
#endif

/// An unbound `AF_UNIX` datagram socket that sends notifications to one address: the whole
/// client side of the protocol (sd_notify(3) does the same: `socket`, `sendto`). systemd
/// learns the sender's process id from the kernel (`SO_PASSCRED`), which `NotifyAccess=main`
/// checks; nothing else is needed. Owns its descriptor and closes it in `deinit`.
///
/// Sendable: the descriptor never changes after `init` and `sendto(2)` may be called from any
/// thread at once. Linux only (systemd is); elsewhere ``init(_:)`` throws.
final class NotifySocket: Sendable {
    private let descriptor: Int32
    private let address: NotifySocketAddress

    /// A socket for `address` (nothing is sent yet).
    init(_ address: NotifySocketAddress) throws(NotifyError) {
        #if canImport(Glibc)
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw NotifyError(.socketFailed, "socket(AF_UNIX, SOCK_DGRAM): \(errnoText())") }
        self.descriptor = descriptor
        self.address = address
        #else
        throw NotifyError(.socketFailed, "the notification socket is implemented for Linux only")
        #endif
    }

    #if canImport(Glibc)
    deinit { close(descriptor) }

    /// Sends one datagram without blocking: a full queue is an error, not a wait.
    func send(_ datagram: [UInt8]) throws(NotifyError) {
        let sent = datagram.withUnsafeBytes { bytes in
            withUnixSocketAddress(address.socketPathBytes) {
                sendto(descriptor, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT), $0, $1)
            }
        }
        guard sent == datagram.count else { throw NotifyError(.sendFailed, "sendto \(address): \(errnoText())") }
    }
    #endif
}
