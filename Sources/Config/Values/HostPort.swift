/// `host:port` as a listener or an upstream is written: a host name, an IPv4 address or a
/// bracketed IPv6 address, and a port 0–65535 (0: any free port, for tests).
public struct HostPort: Hashable, Sendable, CustomStringConvertible {
    /// Host name or address, without brackets.
    public var host: String
    /// The port.
    public var port: Int

    /// A host and port.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `host:port` or `[v6]:port`; the error says what is wrong.
    public init(parsing text: String) throws(HostPortError) {
        let hostPart: Substring, portPart: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                throw HostPortError("expected [IPv6]:PORT, e.g. [::1]:236")
            }
            hostPart = text[text.index(after: text.startIndex)..<close]
            portPart = text[text.index(close, offsetBy: 2)...]
            guard !hostPart.isEmpty, hostPart.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                throw HostPortError("\(hostPart) is not an IPv6 address")
            }
        } else {
            guard let colon = text.lastIndex(of: ":") else { throw HostPortError("expected HOST:PORT, e.g. 0.0.0.0:236") }
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
            guard !hostPart.contains(":") else { throw HostPortError("an IPv6 address needs brackets: [\(hostPart)]:\(portPart)") }
            guard !hostPart.isEmpty, hostPart.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }) else {
                throw HostPortError("\"\(hostPart)\" is not a host name or address")
            }
        }
        guard !portPart.isEmpty, portPart.allSatisfy(\.isASCII), portPart.allSatisfy(\.isNumber), let port = Int(portPart), port <= 65_535 else {
            throw HostPortError("the port must be a number from 0 to 65535")
        }
        self.init(host: String(hostPart), port: port)
    }

    /// Whether the host is a wildcard address (`0.0.0.0`, `::`), which cannot be advertised.
    public var isWildcard: Bool { host == "0.0.0.0" || host == "::" || host == "0:0:0:0:0:0:0:0" }

    /// `host:port`, with brackets around IPv6 addresses.
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// Why a `host:port` text was refused.
public struct HostPortError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var message: String

    init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
