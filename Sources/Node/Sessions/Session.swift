import Directory
import Foundation
import MAPI
import SOAP

/// An authenticated session: what every request after Logon runs as. Made by ``SessionGate``
/// from a verified token (or by ``LogonService`` when it issues one); nothing about it is stored.
public struct Session: Sendable, Hashable {
    /// The directory user.
    public var userID: DirectoryID
    /// The user's store.
    public var storeGUID: GUID
    /// The server the store lives on.
    public var homeServer: String
    /// The token's id (what Logoff revokes).
    public var tokenID: SessionToken.ID
    /// When the token was issued.
    public var issuedAt: Date
    /// When the token stops being accepted.
    public var expiresAt: Date

    /// The session a verified token stands for.
    public init(_ token: SessionToken) {
        // A token's user id has 1…255 bytes, so it is never empty.
        self.userID = DirectoryID(token.userID)!
        self.storeGUID = token.storeGUID
        self.homeServer = token.homeServer
        self.tokenID = token.id
        self.issuedAt = token.issuedAt
        self.expiresAt = token.expiresAt
    }
}
