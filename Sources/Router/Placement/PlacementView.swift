import Cluster

/// Which node serves which server, and where to reach it: the part of a gossip snapshot
/// (``ClusterSnapshot``) the router routes by, as a plain value.
///
/// A server is served when the ownership table names a node for it (the highest epoch, as
/// gossip merges it), that member is alive or suspect (a suspect node is still the only one
/// that may serve the server; only a dead one is failed over, ARCHITECTURE §3), and its metadata
/// carries a SOAP endpoint URL.
public struct PlacementView: Sendable {
    /// A node that can take requests.
    public struct Node: Sendable, Hashable {
        /// Its member name.
        public var name: String
        /// Its SOAP endpoint.
        public var endpoint: UpstreamEndpoint
        /// Whether its metadata says ready.
        public var ready: Bool
    }

    /// Where a server is served, or why it is not.
    public enum Selection: Sendable, Hashable {
        /// This node serves it.
        case node(Node)
        /// No node does now.
        case unavailable(String)
    }

    private var owners: [String: Selection] = [:]
    /// Nodes alive or suspect with a SOAP endpoint, by name.
    public private(set) var nodes: [Node] = []

    /// An empty view: nothing is served.
    public init() {}

    /// The view of a gossip snapshot.
    public init(_ snapshot: ClusterSnapshot) {
        self.init(members: snapshot.members, metadata: snapshot.metadata, ownership: snapshot.ownership)
    }

    /// The view of a snapshot's parts.
    public init(members: [MemberRecord], metadata: [MemberID: VersionedMetadata], ownership: [OwnershipEntry]) {
        var byID: [MemberID: Node] = [:]
        var status: [MemberID: MemberStatus] = [:]
        for member in members {
            status[member.id] = member.status
            guard member.role == .node, member.status.isActive, let metadata = metadata[member.id]?.metadata,
                  let endpoint = UpstreamEndpoint(url: metadata.soapEndpoint)
            else { continue }
            byID[member.id] = Node(name: metadata.name, endpoint: endpoint, ready: metadata.health.ready)
        }
        nodes = byID.values.sorted { $0.name < $1.name }
        for entry in ownership {
            let key = entry.server.lowercased()
            if let node = byID[entry.node] {
                owners[key] = .node(node)
            } else if owners[key] == nil {
                let name = metadata[entry.node]?.metadata.name ?? "\(entry.node)"
                let why: String = switch status[entry.node] {
                case .dead?: "its node \(name) is dead"
                case .left?: "its node \(name) has left"
                case nil: "its node \(name) is not a known member"
                default: "its node \(name) publishes no SOAP endpoint"
                }
                owners[key] = .unavailable(why)
            }
        }
    }

    /// Where `server` is served (names compare case-insensitively, as the directory's do).
    public func select(server: String) -> Selection {
        // Lowercased only when needed: this runs for every routed request.
        let key = server.utf8.contains { $0 >= 0x41 && $0 <= 0x5A } ? server.lowercased() : server
        return owners[key] ?? .unavailable("gossip names no node for it")
    }

    /// A ready node for requests any node can answer (a Logon of a login the directory does
    /// not know: the node answers it as it answers a wrong password). `key` spreads them
    /// evenly and stably; nil when no node is known.
    public func anyNode(key: String) -> Node? {
        let ready = nodes.filter(\.ready)
        let pool = ready.isEmpty ? nodes : ready
        guard !pool.isEmpty else { return nil }
        let hash = key.utf8.reduce(UInt64(14_695_981_039_346_656_037)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
        return pool[Int(hash % UInt64(pool.count))]
    }
}
