import Cluster

/// What one node knows when it decides about failover: its own servers (from its engines) and
/// the cluster as gossip tells it (ARCHITECTURE §3). A value, built from a ``ClusterSnapshot`` by
/// ``init(snapshot:local:)`` or directly by tests.
struct FailoverView: Sendable, Hashable {
    /// A member as failover sees it.
    struct Member: Sendable, Hashable {
        var name: String
        var status: MemberStatus
        var isNode: Bool
        /// Servers whose databases it reaches (its failover candidacy), lower-cased.
        var serversReachable: Set<String>
        var databaseOK: Bool

        init(name: String, status: MemberStatus, isNode: Bool = true, serversReachable: Set<String> = [], databaseOK: Bool = true) {
            self.name = name
            self.status = status
            self.isNode = isNode
            self.serversReachable = Set(serversReachable.map { $0.lowercased() })
            self.databaseOK = databaseOK
        }
    }

    /// Who serves a server according to gossip (the entry with the highest epoch).
    struct Owner: Sendable, Hashable {
        var node: String
        var epoch: Int64
    }

    /// One server this node has configured.
    struct LocalServer: Sendable, Hashable {
        var name: String
        /// Configured with `role = "serve"`: the node failback returns the server to.
        var isPreferred: Bool
        /// The epoch this node's engine holds; nil when it does not serve the server.
        var heldEpoch: Int64?
    }

    /// This node's name.
    var me: String
    /// Every member known, this node included.
    var members: [String: Member]
    /// Gossip's owner of each server, by lower-cased server name.
    var owners: [String: Owner]
    /// This node's servers.
    var local: [LocalServer]

    init(me: String, members: [Member], owners: [String: Owner], local: [LocalServer]) {
        self.me = me
        self.members = Dictionary(members.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.owners = Dictionary(owners.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.local = local
    }

    /// The view of a running node: member names from their metadata (a member whose metadata
    /// has not arrived yet counts for the majority but is no candidate).
    init(snapshot: ClusterSnapshot, me: String, local: [LocalServer]) {
        var members: [Member] = []
        var names: [MemberID: String] = [:]
        for record in snapshot.members {
            let metadata = snapshot.metadata[record.id]?.metadata
            let name = metadata?.name ?? "#\(record.id)"
            names[record.id] = name
            members.append(
                Member(
                    name: name, status: record.status, isNode: record.role == .node && metadata != nil,
                    serversReachable: Set(metadata?.serversReachable ?? []), databaseOK: metadata?.health.databaseOK ?? false))
        }
        // This node counts as active for the majority, whether or not its table lists itself.
        if !members.contains(where: { $0.name == me }) { members.append(Member(name: me, status: .alive, isNode: true)) }
        var owners: [String: Owner] = [:]
        for entry in snapshot.ownership {
            let key = entry.server.lowercased()
            guard let node = names[entry.node] ?? (entry.node == snapshot.localID ? me : nil) else { continue }
            if let known = owners[key], known.epoch >= Int64(entry.epoch) { continue }
            owners[key] = Owner(node: node, epoch: Int64(entry.epoch))
        }
        self.init(me: me, members: members, owners: owners, local: local)
    }

    /// Whether `name` is a member that answers probes (alive or suspect).
    func isActive(_ name: String) -> Bool { members[name]?.status.isActive ?? false }

    /// Whether this node sees more than half of the members that have not left as active: a
    /// node cut off from the cluster sees itself nearly alone and must not take servers.
    var seesMajority: Bool {
        let counted = members.values.filter { $0.status != .left }
        let active = counted.filter { $0.status.isActive }.count
        return active * 2 > counted.count
    }

    /// The active nodes whose databases reach `server` and answered (this node included when it
    /// has the server configured): the failover candidates.
    func candidates(for server: String) -> [String] {
        let key = server.lowercased()
        var names = members.values
            .filter { $0.isNode && $0.status == .alive && $0.databaseOK && $0.serversReachable.contains(key) }
            .map(\.name)
        if local.contains(where: { $0.name.lowercased() == key }), !names.contains(me) { names.append(me) }
        return names
    }
}
