import Foundation

/// The user a ``Server`` is logged on as.
public struct User: Sendable, Hashable {
    /// The name the user logged on with.
    public let name: String
    /// The server (unit of storage) the user's store lives on.
    public let homeServer: String
    /// The GUID of the user's store.
    public let storeGUID: GUID
    /// When the session token expires; log on again after it.
    public let sessionExpiresAt: Date
}
