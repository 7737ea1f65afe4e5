import MAPI

/// `Logon`: authenticates a user and opens a session on the user's home server.
public struct LogonRequest: SOAPRequestMessage, Hashable {
    public typealias Response = LogonResponse
    public static let operationName = "Logon"
    public var user: String
    public var password: String

    public init(user: String, password: String) {
        self.user = user
        self.password = password
    }

    public init(parts: MessageParts) throws(MAPIError) {
        self.init(user: try parts.string("user"), password: try parts.string("password"))
    }

    public func writeParts(to writer: inout XML.Writer) {
        writer.part("user", string: user)
        writer.part("password", string: password)
    }
}

/// The session Logon opened.
public struct LogonResponse: SOAPResponseMessage, Hashable {
    public static let operationName = "Logon"
    /// The signed session token (SOAP header `t:Session` and HTTP header `X-Tessera-Session`).
    public var session: String
    /// When the token expires, in seconds since 1970.
    public var expiresAt: Int64
    public var storeGUID: GUID
    public var storeEntryID: [UInt8]
    /// The server the user's store lives on.
    public var homeServer: String

    public init(session: String, expiresAt: Int64, storeGUID: GUID, storeEntryID: [UInt8], homeServer: String) {
        self.session = session
        self.expiresAt = expiresAt
        self.storeGUID = storeGUID
        self.storeEntryID = storeEntryID
        self.homeServer = homeServer
    }

    public init(parts: MessageParts) throws(MAPIError) {
        self.init(
            session: try parts.string("session"), expiresAt: try parts.long("expiresAt"), storeGUID: try parts.guid("storeGUID"),
            storeEntryID: try parts.base64("storeEntryID"), homeServer: try parts.string("homeServer"))
    }

    public func writeParts(to writer: inout XML.Writer) {
        writer.part("session", string: session)
        writer.part("expiresAt", integer: expiresAt)
        writer.part("storeGUID", guid: storeGUID)
        writer.part("storeEntryID", base64: storeEntryID)
        writer.part("homeServer", string: homeServer)
    }
}

/// `Logoff`: ends the session; its token is revoked.
public struct LogoffRequest: SOAPRequestMessage, Hashable {
    public typealias Response = EmptyResponse<LogoffRequest>
    public static let operationName = "Logoff"
    public init() {}
    public init(parts: MessageParts) throws(MAPIError) {}
    public func writeParts(to writer: inout XML.Writer) {}
}
