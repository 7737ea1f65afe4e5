/// A server object: a unit of storage whose name users' `homeServer` refers to (Kopano's
/// `kopano-server` objects, ARCHITECTURE §3).
public struct DirectoryServer: Hashable, Sendable {
    /// The server's name, as users' home-server attribute spells it.
    public var name: String
    /// Host name or address for SOAP URLs.
    public var address: String?
    /// Plain HTTP port of its SOAP endpoint.
    public var httpPort: Int?
    /// HTTPS port of its SOAP endpoint.
    public var sslPort: Int?
    /// Local socket path (`file://` URL) when client and server share a host.
    public var filePath: String?
    /// A reverse-proxy URL, used verbatim when set.
    public var proxyURL: String?
    /// Whether this server holds the public store.
    public var containsPublicStore: Bool

    /// A server object.
    public init(
        name: String, address: String? = nil, httpPort: Int? = nil, sslPort: Int? = nil,
        filePath: String? = nil, proxyURL: String? = nil, containsPublicStore: Bool = false
    ) {
        self.name = name
        self.address = address
        self.httpPort = httpPort
        self.sslPort = sslPort
        self.filePath = filePath
        self.proxyURL = proxyURL
        self.containsPublicStore = containsPublicStore
    }

    /// `http://address:port/soap`, when address and HTTP port are known.
    public var httpURL: String? {
        guard let address, let httpPort else { return nil }
        return "http://\(Self.host(address)):\(httpPort)/soap"
    }

    /// `https://address:port/soap`, when address and SSL port are known.
    public var httpsURL: String? {
        guard let address, let sslPort else { return nil }
        return "https://\(Self.host(address)):\(sslPort)/soap"
    }

    /// `file://path`, when a socket path is known.
    public var fileURL: String? { filePath.map { "file://\($0)" } }

    /// The preferred SOAP URL: proxy, then HTTPS, then HTTP.
    public var soapURL: String? { proxyURL ?? httpsURL ?? httpURL }

    private static func host(_ address: String) -> String {
        address.contains(":") && !address.hasPrefix("[") ? "[\(address)]" : address
    }
}
