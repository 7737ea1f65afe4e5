import Crypto

/// How a server returns to its preferred node (the one configured with `role = "serve"`) after a
/// failover: `manual` (an operator runs `tessera admin failover`) or `auto`, once the preferred
/// node has been a healthy member for a stable period.
public enum FailbackPolicy: Sendable, Hashable {
    case manual
    case auto(after: Duration)
}

/// What a node should do about its servers, decided from a ``FailoverView`` (ARCHITECTURE §3).
/// Pure: no clock (the caller passes how long the node has been stable), no I/O; the
/// ``FailoverService`` carries the actions out against the databases, which have the last word.
struct FailoverPlanner: Sendable {
    enum Action: Sendable, Hashable {
        /// The owner is gone and this node is the candidate: take the server if the database
        /// still names an owner that gossip calls gone (`expected`: the epoch gossip saw).
        case takeOver(server: String)
        /// Take the server from a live owner on purpose (failback); the database's conditional
        /// update fences the old owner.
        case failBack(server: String)
        /// Gossip says another node holds a newer epoch of a server this node serves: ask the
        /// database, and stop serving if so.
        case verify(server: String)
    }

    var failback: FailbackPolicy = .manual

    /// The actions for `view`. `stableFor`: how long this node has continuously seen a majority of
    /// the cluster (for failback). `settled`: whether the node has been a member long enough for
    /// gossip to have told it the ownership table (until then an unknown owner is no dead owner).
    func actions(_ view: FailoverView, stableFor: Duration, settled: Bool) -> [Action] {
        var actions: [Action] = []
        for server in view.local {
            let key = server.name.lowercased()
            let owner = view.owners[key]
            if let held = server.heldEpoch {
                if let owner, owner.node != view.me, owner.epoch > held { actions.append(.verify(server: server.name)) }
                continue
            }
            // A node cut off from most of the cluster takes nothing: the others decide.
            guard view.seesMajority else { continue }
            if let owner, owner.node != view.me, view.isActive(owner.node) {
                if server.isPreferred, case .auto(let after) = failback, stableFor >= after {
                    actions.append(.failBack(server: server.name))
                }
                continue
            }
            // No owner gossip knows of, or one that is dead or left.
            guard owner != nil || settled else { continue }
            if RendezvousChoice.choose(server: server.name, among: view.candidates(for: server.name)) == view.me {
                actions.append(.takeOver(server: server.name))
            }
        }
        return actions
    }
}

/// The rendezvous (highest random weight) choice of a node for a server: the highest score of
/// SHA-256(server ‖ 0 ‖ node) wins, so every process that sees the same candidates picks the
/// same one, and a server's choice moves only when its own winner leaves. Failover and
/// `tessera admin drain` both choose this way.
public enum RendezvousChoice {
    /// The candidate for `server` (names compared as given; the server case-insensitively).
    public static func choose(server: String, among candidates: [String]) -> String? {
        candidates.max { a, b in
            let (sa, sb) = (score(server, a), score(server, b))
            return sa < sb || (sa == sb && a > b)
        }
    }

    static func score(_ server: String, _ node: String) -> UInt64 {
        let digest = SHA256.hash(data: Array(server.lowercased().utf8) + [0] + Array(node.utf8))
        return digest.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }
}
