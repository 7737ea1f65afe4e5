import Cluster
import NIOConcurrencyHelpers

/// The router's copy of the placement (``PlacementView``), read without waiting on every
/// request and refreshed from gossip: on every cluster event, every second, and whenever a
/// request finds no serving node (so a server that gains a node is routed to at once; there is
/// no negative cache).
public final class PlacementCache: Sendable {
    private let view = NIOLockedValueBox(PlacementView())
    private let snapshot: @Sendable () async -> ClusterSnapshot
    private let nodesGone = NIOLockedValueBox<(@Sendable (Set<UpstreamEndpoint>) -> Void)?>(nil)

    /// A cache over `snapshot` (``ClusterService/snapshot()`` in production).
    public init(snapshot: @escaping @Sendable () async -> ClusterSnapshot) {
        self.snapshot = snapshot
    }

    /// The view now.
    public var current: PlacementView { view.withLockedValue { $0 } }

    /// Calls `action` with the endpoints of nodes that a refresh finds gone (dead or left, or no
    /// longer a node with an endpoint).
    public func whenNodesGo(_ action: @escaping @Sendable (Set<UpstreamEndpoint>) -> Void) {
        nodesGone.withLockedValue { $0 = action }
    }

    /// Takes a fresh snapshot.
    @discardableResult
    public func refresh() async -> PlacementView {
        let fresh = PlacementView(await snapshot())
        let gone = view.withLockedValue { current -> Set<UpstreamEndpoint> in
            let before = Set(current.nodes.map(\.endpoint))
            current = fresh
            return before.subtracting(fresh.nodes.map(\.endpoint))
        }
        if !gone.isEmpty, let action = nodesGone.withLockedValue({ $0 }) { action(gone) }
        return fresh
    }

    /// Where `server` is served; a miss is checked against a fresh snapshot first.
    public func select(server: String) async -> PlacementView.Selection {
        let selection = current.select(server: server)
        if case .node = selection { return selection }
        return await refresh().select(server: server)
    }

    /// Refreshes on every event and every `interval` until cancelled.
    public func follow(_ events: AsyncStream<ClusterEvent>, interval: Duration = .seconds(1)) async {
        await refresh()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in events { await self.refresh() }
            }
            group.addTask {
                while (try? await Task.sleep(for: interval)) != nil { await self.refresh() }
            }
            await group.next()
            group.cancelAll()
        }
    }
}
