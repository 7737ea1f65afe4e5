import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The receiving end of an `AF_UNIX` datagram protocol (systemd's notify socket, journald's
/// native socket), for tests: a socket bound to a file in a fresh temporary folder, or to an
/// abstract name.
enum BoundDatagramSocket {
    /// A bound socket: its descriptor, its address as systemd writes it (a path, or `@name`),
    /// and the folder to remove afterwards (none for an abstract name).
    static func make(named name: String, abstract: Bool) throws -> (descriptor: Int32, address: String, folder: String?) {
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw Shell.Failure(description: "socket: \(String(cString: strerror(errno)))") }
        let address: String, folder: String?
        var pathBytes: [UInt8]
        if abstract {
            let unique = "tessera-\(name)-\(UUID().uuidString)"
            address = "@" + unique
            pathBytes = [0] + Array(unique.utf8)
            folder = nil
        } else {
            var template = Array("/tmp/tessera-\(name).XXXXXX".utf8CString)
            guard let made = mkdtemp(&template) else { throw Shell.Failure(description: "mkdtemp failed") }
            folder = String(cString: made)
            address = folder! + "/" + name
            pathBytes = Array(address.utf8) + [0]
        }
        var socketAddress = sockaddr_un()
        socketAddress.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &socketAddress.sun_path) { $0.copyBytes(from: pathBytes) }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + pathBytes.count)
        let rc = withUnsafePointer(to: &socketAddress) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) } }
        guard rc == 0 else {
            close(descriptor)
            throw Shell.Failure(description: "bind \(address): \(String(cString: strerror(errno)))")
        }
        return (descriptor, address, folder)
    }
}
