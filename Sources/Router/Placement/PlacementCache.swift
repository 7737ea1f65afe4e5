import Cluster
import NIOConcurrencyHelpers

/// The router's copy of the placement (``PlacementView``), read without waiting on every
/// request and refreshed from gossip: on every cluster event, every second, and whenever a
/// request finds no serving node (so a server that gains a node is routed to at once; there is
/// no negative cache).
public final class PlacementCache: Sendable {
    private let view = NIOLockedValueBox(PlacementView())
    private let snapshot: @Sendable () async -> ClusterSnapshot

    /// A cache over `snapshot` (``ClusterService/snapshot()`` in production).
    public init(snapshot: @escaping @Sendable () async -> ClusterSnapshot) {
        self.snapshot = snapshot
    }

    /// The view now.
    public var current: PlacementView { view.withLockedValue { $0 } }

    /// Takes a fresh snapshot.
    @discardableResult
    public func refresh() async -> PlacementView {
        let fresh = PlacementView(await snapshot())
        view.withLockedValue { $0 = fresh }
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
