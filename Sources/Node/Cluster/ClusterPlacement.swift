import Cluster
import SOAP

/// Placement and the admin operations' view of the cluster from gossip (ARCHITECTURE §3):
/// which node serves a server is the ownership table's entry with the highest epoch, and its
/// URL is the serving member's published `soapEndpoint`. Gossip is a cache of the databases'
/// truth: this node trusts it for other servers only; for its own it asks its engines, which
/// know whether they hold the epoch (a standby engine, or one fenced after a takeover, does not).
public struct ClusterPlacement: ServerPlacement, ClusterView {
    let cluster: ClusterService
    let local: [String: LocalServer]

    /// The placement of a node with `servers` open (served or standing by) in `cluster`.
    public init(cluster: ClusterService, servers: [LocalServer]) {
        self.cluster = cluster
        self.local = Dictionary(servers.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func location(of server: String) async -> ServerLocation {
        if local[server.lowercased()]?.engine.ownershipEpoch != nil { return .thisNode }
        return .otherNode(url: await servingNode(of: server)?.url)
    }

    public func servingNode(of server: String) async -> (node: String, url: String)? {
        let snapshot = await cluster.snapshot()
        guard let entry = snapshot.ownership.filter({ $0.server.lowercased() == server.lowercased() }).max(by: { $0.epoch < $1.epoch }),
            let member = snapshot.members.first(where: { $0.id == entry.node }), member.status == .alive || member.status == .suspect,
            let metadata = snapshot.metadata[entry.node]?.metadata, !metadata.soapEndpoint.isEmpty
        else { return nil }
        return (metadata.name, metadata.soapEndpoint)
    }

    public func members() async -> [ClusterMemberPart] {
        let snapshot = await cluster.snapshot()
        return snapshot.members.map { member in
            let metadata = snapshot.metadata[member.id]?.metadata
            return ClusterMemberPart(
                node: metadata?.name ?? "\(member.id)", url: metadata?.soapEndpoint ?? "", state: "\(member.status)",
                servers: snapshot.ownership.filter { $0.node == member.id }.map(\.server))
        }
    }

    public func servedServers() async -> [String] {
        local.values.filter { $0.engine.ownershipEpoch != nil }.map(\.name).sorted()
    }
}
