import Directory
import MAPI
import SOAP

/// The node's ``NotificationSource``: the engine's store-wide change feed, with
/// ``NotificationHub`` to wait for the next change.
public struct StoreNotifications: NotificationSource {
    let engine: StoreEngine
    let hub: NotificationHub
    let executor: BlockingExecutor
    /// The most events one poll answers; the rest come with the next poll at once.
    let pageSize: Int

    public init(engine: StoreEngine, hub: NotificationHub, executor: BlockingExecutor, pageSize: Int = 500) {
        self.engine = engine
        self.hub = hub
        self.executor = executor
        self.pageSize = pageSize
    }

    public func notifications(
        of store: GUID, after cursor: Int64?, timeout: Duration
    ) async throws(MAPIError) -> (events: [StoreNotification], cursor: Int64) {
        let engine = self.engine
        guard let cursor else { return ([], try await executor.runBlocking { () throws(MAPIError) in try engine.changeCursor(of: store) }) }
        guard cursor >= 0 else { throw MAPIError(.invalidParameter, "<cursor> must be ≥ 0") }
        var page = try await read(store, after: cursor)
        if page.changes.isEmpty {
            guard case .changed = try await hub.wait(store: store, after: cursor, timeout: timeout) else { return ([], cursor) }
            page = try await read(store, after: cursor)
        }
        return (page.changes.map(Self.notification), page.cursor)
    }

    public func storeChanged(_ store: GUID) {
        hub.signal(store: store)
    }

    private func read(_ store: GUID, after cursor: Int64) async throws(MAPIError) -> StoreChangePage {
        let (engine, limit) = (self.engine, pageSize)
        return try await executor.runBlocking { () throws(MAPIError) in try engine.changes(of: store, since: cursor, limit: limit) }
    }

    private static func notification(_ change: StoreChange) -> StoreNotification {
        StoreNotification(
            kind: StoreNotification.Kind(rawValue: change.kind.rawValue), entryID: change.entryID.bytes,
            parentEntryID: change.parentEntryID?.bytes)
    }
}
