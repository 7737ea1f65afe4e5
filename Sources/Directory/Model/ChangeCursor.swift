/// Where a listing left off, to ask the next time for "what changed since". Opaque to callers:
/// store it and hand it back. Its meaning belongs to the backend that issued it (an LDAP
/// `modifyTimestamp`, AD's highest `uSNChanged`, the SQL change counter).
public struct ChangeCursor: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The backend's token.
    public let token: String

    /// A cursor from a stored token.
    public init(_ token: String) { self.token = token }

    public var description: String { token }
}
