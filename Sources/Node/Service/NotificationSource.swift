import MAPI
import SOAP

/// Long-poll notifications of a store (``GetNotifications``).
public protocol NotificationSource: Sendable {
    /// The events of `store` after `cursor`, waiting up to `timeout` for the first one; nil
    /// cursor answers the current cursor at once.
    func notifications(
        of store: GUID, on engine: StoreEngine, after cursor: Int64?, timeout: Duration
    ) async throws(MAPIError) -> (events: [StoreNotification], cursor: Int64)
    /// Called after every successful write to `store`, to wake its waiters.
    func storeChanged(_ store: GUID)
}
