import SOAP

/// The ``ClusterView`` and placement of a node that runs without a cluster: itself, serving its
/// servers; other servers are nowhere it knows of.
public struct StandaloneClusterView: ClusterView, ServerPlacement {
    let node: String
    let url: String
    let servers: [String]

    public init(node: String, url: String, servers: [String]) {
        self.node = node
        self.url = url
        self.servers = servers
    }

    public func members() async -> [ClusterMemberPart] {
        [ClusterMemberPart(node: node, url: url, state: "alive", servers: servers)]
    }

    public func servingNode(of server: String) async -> (node: String, url: String)? {
        servers.contains { $0.lowercased() == server.lowercased() } ? (node, url) : nil
    }

    public func servedServers() async -> [String] { servers }

    public func location(of server: String) async -> ServerLocation {
        await servingNode(of: server) == nil ? .otherNode(url: nil) : .thisNode
    }
}
