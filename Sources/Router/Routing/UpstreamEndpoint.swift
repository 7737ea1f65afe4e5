import Foundation

/// Where a node's SOAP service is: host, port, TLS, and the request target (`/soap`), parsed
/// from the URL a node publishes in gossip or a redirect fault names.
public struct UpstreamEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// Host name or address (IPv6 without brackets).
    public var host: String
    /// TCP port.
    public var port: Int
    /// Whether the node speaks TLS (`https`).
    public var useTLS: Bool
    /// The request target for SOAP requests (path and query).
    public var target: String

    /// An endpoint.
    public init(host: String, port: Int, useTLS: Bool, target: String = "/soap") {
        self.host = host
        self.port = port
        self.useTLS = useTLS
        self.target = target
    }

    /// The endpoint of an `http` or `https` URL with a host; nil for anything else.
    public init?(url text: String) {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty
        else { return nil }
        let useTLS = scheme == "https"
        let port = url.port ?? (useTLS ? 443 : 80)
        guard (1...65_535).contains(port) else { return nil }
        let path = url.path.isEmpty ? "/soap" : url.path
        // Written into request heads as they are: nothing that could end a line or a field.
        let unsafe: (UInt8) -> Bool = { $0 <= 0x20 || $0 == 0x7F }
        guard !path.utf8.contains(where: unsafe), !(url.query ?? "").utf8.contains(where: unsafe), !host.utf8.contains(where: unsafe) else {
            return nil
        }
        self.init(
            host: host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host, port: port,
            useTLS: useTLS, target: url.query.map { path + "?" + $0 } ?? path)
    }

    /// The `Host` field for requests to it: `host:port`, an IPv6 address in brackets.
    public var hostField: String {
        // Bytes, not `contains(":")`: with Foundation imported, that is an NSString search, and
        // this runs for every forwarded request.
        host.utf8.contains(UInt8(ascii: ":")) ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// `https://host:port/soap`.
    public var description: String {
        "\(useTLS ? "https" : "http")://\(host.contains(":") ? "[\(host)]" : host):\(port)\(target)"
    }
}
