#if canImport(Glibc)
import Glibc

/// Calls `body` with a `sockaddr_un` whose `sun_path` starts with `pathBytes` (a path and its
/// NUL, or a NUL and an abstract name) and the address length that covers exactly those bytes:
/// the one piece both datagram clients (the notify socket, the journal socket) share. The
/// caller checks that `pathBytes` fits (108 bytes).
func withUnixSocketAddress<Result>(_ pathBytes: [UInt8], _ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: pathBytes) }
    let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + pathBytes.count)
    return withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) } }
}

/// `strerror(errno)`.
func errnoText(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }
#endif
