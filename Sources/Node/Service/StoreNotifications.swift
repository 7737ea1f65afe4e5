import Directory
import MAPI
import SOAP
import ServiceLifecycle

/// The node's ``NotificationSource``: the engine's store-wide change feed, with
/// ``NotificationHub`` to wait for the next change (one hub for all servers of the node: store
/// GUIDs are unique).
public struct StoreNotifications: NotificationSource {
    let hub: NotificationHub
    let executor: BlockingExecutor
    /// The most events one poll answers; the rest come with the next poll at once.
    let pageSize: Int

    public init(hub: NotificationHub, executor: BlockingExecutor, pageSize: Int = 500) {
        self.hub = hub
        self.executor = executor
        self.pageSize = pageSize
    }

    public func notifications(
        of store: GUID, on engine: StoreEngine, after cursor: Int64?, timeout: Duration
    ) async throws(MAPIError) -> (events: [StoreNotification], cursor: Int64) {
        guard let cursor else { return ([], try await executor.runBlocking { () throws(MAPIError) in try engine.changeCursor(of: store) }) }
        guard cursor >= 0 else { throw MAPIError(.invalidParameter, "<cursor> must be ≥ 0") }
        var page = try await read(store, on: engine, after: cursor)
        if page.changes.isEmpty {
            guard case .changed = try await waitUnlessShuttingDown(store: store, after: cursor, timeout: timeout) else { return ([], cursor) }
            page = try await read(store, on: engine, after: cursor)
        }
        return (page.changes.map(Self.notification), page.cursor)
    }

    public func storeChanged(_ store: GUID) {
        hub.signal(store: store)
    }

    /// The hub's wait, ended (as cancelled) when the node shuts down gracefully: the poll is
    /// answered with what there is, at once, instead of holding the shutdown for its grace
    /// period and then losing its connection. The client polls again, at a node still running.
    private func waitUnlessShuttingDown(
        store: GUID, after cursor: Int64, timeout: Duration
    ) async throws(MAPIError) -> NotificationHub.WaitResult {
        let hub = self.hub
        let outcome = await cancelWhenGracefulShutdown { () async -> Result<NotificationHub.WaitResult, MAPIError> in
            do throws(MAPIError) {
                return .success(try await hub.wait(store: store, after: cursor, timeout: timeout))
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    private func read(_ store: GUID, on engine: StoreEngine, after cursor: Int64) async throws(MAPIError) -> StoreChangePage {
        let limit = pageSize
        return try await executor.runBlocking { () throws(MAPIError) in try engine.changes(of: store, since: cursor, limit: limit) }
    }

    private static func notification(_ change: StoreChange) -> StoreNotification {
        StoreNotification(
            kind: StoreNotification.Kind(rawValue: change.kind.rawValue), entryID: change.entryID.bytes,
            parentEntryID: change.parentEntryID?.bytes)
    }
}
