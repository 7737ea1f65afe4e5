/// Where notifications go: the `AF_UNIX` datagram socket named by `NOTIFY_SOCKET`, a file
/// system path (`/run/systemd/notify`) or, with a leading `@`, a name in Linux's abstract
/// namespace. systemd's `vsock:` addresses are not supported (they are for virtual machines).
public enum NotifySocketAddress: Sendable, Hashable, CustomStringConvertible {
    /// A socket file.
    case path(String)
    /// An abstract socket name (without the `@`).
    case abstract(String)

    /// Bytes in `sockaddr_un.sun_path`.
    static let capacity = 108

    /// Parses the value of `NOTIFY_SOCKET`.
    public init(_ value: String) throws(NotifyError) {
        if value.hasPrefix("@") {
            let name = String(value.dropFirst())
            guard !name.isEmpty, 1 + name.utf8.count <= Self.capacity else {
                throw NotifyError(.invalidEnvironment, "NOTIFY_SOCKET: an abstract name of 1 to \(Self.capacity - 1) bytes, got \(value)")
            }
            self = .abstract(name)
        } else if value.hasPrefix("/") {
            guard value.utf8.count < Self.capacity, !value.utf8.contains(0) else {
                throw NotifyError(.invalidEnvironment, "NOTIFY_SOCKET: a path under \(Self.capacity) bytes, got \(value)")
            }
            self = .path(value)
        } else {
            throw NotifyError(.invalidEnvironment, "NOTIFY_SOCKET: an absolute path or an @abstract name, got \(value)")
        }
    }

    /// The bytes of `sun_path` that matter: the path and its terminating NUL, or a NUL and the
    /// abstract name (whose length is the address length; no terminator).
    var socketPathBytes: [UInt8] {
        switch self {
        case .path(let path): Array(path.utf8) + [0]
        case .abstract(let name): [0] + Array(name.utf8)
        }
    }

    /// As written in `NOTIFY_SOCKET`.
    public var description: String {
        switch self {
        case .path(let path): path
        case .abstract(let name): "@" + name
        }
    }
}
