/// Where a server is served now, as far as this node knows.
public enum ServerLocation: Sendable, Hashable {
    /// This node serves it.
    case thisNode
    /// Another node serves it; `url` is that node's SOAP URL when known.
    case otherNode(url: String?)
}

/// Which node serves a server (ARCHITECTURE §3): the cluster's placement table will answer it;
/// until then an injected ``StaticServerPlacement``.
public protocol ServerPlacement: Sendable {
    /// Where `server` (a name as the directory spells it, compared case-insensitively) is served.
    func location(of server: String) async -> ServerLocation
}

/// A fixed placement: the servers this node serves, and the URLs of the nodes serving others.
public struct StaticServerPlacement: ServerPlacement {
    private let local: Set<String>
    private let urls: [String: String]

    /// This node serves `local`; `elsewhere` maps other servers to their serving node's SOAP URL.
    public init(local: [String], elsewhere: [String: String] = [:]) {
        self.local = Set(local.map { $0.lowercased() })
        self.urls = Dictionary(elsewhere.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    public func location(of server: String) async -> ServerLocation {
        local.contains(server.lowercased()) ? .thisNode : .otherNode(url: urls[server.lowercased()])
    }
}
