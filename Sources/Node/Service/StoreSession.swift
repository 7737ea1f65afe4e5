import Foundation
import MAPI
import SOAP

/// The caller of a request, once its session token has been checked: whose store it may touch.
public struct StoreSession: Sendable, Hashable {
    /// The directory user id.
    public var userID: String
    /// The user's store; every entry id of a request must belong to it.
    public var storeGUID: GUID
    /// The server the store lives on.
    public var homeServer: String
    /// The token's id (what Logoff revokes).
    public var tokenID: SessionToken.ID
    /// When the token expires.
    public var expiresAt: Date

    public init(userID: String, storeGUID: GUID, homeServer: String, tokenID: SessionToken.ID, expiresAt: Date) {
        self.userID = userID
        self.storeGUID = storeGUID
        self.homeServer = homeServer
        self.tokenID = tokenID
        self.expiresAt = expiresAt
    }
}

/// Logon, the session check of every other request, and logoff: what the SOAP service needs
/// from the node's session machinery.
///
/// Failures are `MAPIError`s, or a `SOAPFault` when the answer must carry more than a code: a
/// `MAPI_E_UNABLE_TO_COMPLETE` with the URL of the node that serves the user's home server.
public protocol SessionProvider: Sendable {
    /// Authenticates against the directory and opens a session (rate-limited per user and per
    /// client address).
    func logon(_ request: LogonRequest, clientAddress: String) async throws -> LogonResponse
    /// Checks the token of a request: the SOAP header's and the `X-Tessera-Session` header's
    /// (which must agree when both are present). `MAPI_E_END_OF_SESSION` for a dead token,
    /// `MAPI_E_UNABLE_TO_COMPLETE` (+ URL) when this node does not serve the home server.
    func session(soapToken: String?, httpToken: String?) async throws -> StoreSession
    /// Revokes the session's token.
    func logoff(_ session: StoreSession) async throws
}

/// Long-poll notifications of a store (``GetNotifications``).
public protocol NotificationSource: Sendable {
    /// The events of `store` after `cursor`, waiting up to `timeout` for the first one; nil
    /// cursor answers the current cursor at once.
    func notifications(
        of store: GUID, after cursor: Int64?, timeout: Duration
    ) async throws(MAPIError) -> (events: [StoreNotification], cursor: Int64)
    /// Called after every successful write to `store`, to wake its waiters.
    func storeChanged(_ store: GUID)
}
