import MAPI

/// `ResolveUser` (admin): a user as the directory knows it.
public struct ResolveUserRequest: SOAPRequestMessage, Hashable {
    public typealias Response = ResolveUserResponse
    public static let operationName = "ResolveUser"
    public var name: String

    public init(name: String) { self.name = name }
    public init(parts: MessageParts) throws(MAPIError) { self.init(name: try parts.string("name")) }
    public func writeParts(to writer: inout XML.Writer) { writer.part("name", string: name) }
}

public struct ResolveUserResponse: SOAPResponseMessage, Hashable {
    public static let operationName = "ResolveUser"
    public var userID: String
    public var displayName: String
    public var email: String?
    public var homeServer: String
    public var serverURL: String?

    public init(userID: String, displayName: String, email: String?, homeServer: String, serverURL: String?) {
        self.userID = userID
        self.displayName = displayName
        self.email = email
        self.homeServer = homeServer
        self.serverURL = serverURL
    }

    public init(parts: MessageParts) throws(MAPIError) {
        self.init(
            userID: try parts.string("userID"), displayName: try parts.string("displayName"), email: try parts.optionalString("email"),
            homeServer: try parts.string("homeServer"), serverURL: try parts.optionalString("serverURL"))
    }

    public func writeParts(to writer: inout XML.Writer) {
        writer.part("userID", string: userID)
        writer.part("displayName", string: displayName)
        writer.part("email", string: email)
        writer.part("homeServer", string: homeServer)
        writer.part("serverURL", string: serverURL)
    }
}

/// `ServerDetails` (admin): this node.
public struct ServerDetailsRequest: SOAPRequestMessage, Hashable {
    public typealias Response = ServerDetailsResponse
    public static let operationName = "ServerDetails"
    public init() {}
    public init(parts: MessageParts) throws(MAPIError) {}
    public func writeParts(to writer: inout XML.Writer) {}
}

public struct ServerDetailsResponse: SOAPResponseMessage, Hashable {
    public static let operationName = "ServerDetails"
    public var node: String
    public var version: String
    /// The servers it serves.
    public var servers: [String]

    public init(node: String, version: String, servers: [String]) {
        self.node = node
        self.version = version
        self.servers = servers
    }

    public init(parts: MessageParts) throws(MAPIError) {
        self.init(node: try parts.string("node"), version: try parts.string("version"), servers: try parts.many("server", MAPIXML.string))
    }

    public func writeParts(to writer: inout XML.Writer) {
        writer.part("node", string: node)
        writer.part("version", string: version)
        for server in servers { writer.part("server", string: server) }
    }
}

/// `ClusterMembers` (admin): the nodes and their state.
public struct ClusterMembersRequest: SOAPRequestMessage, Hashable {
    public typealias Response = ClusterMembersResponse
    public static let operationName = "ClusterMembers"
    public init() {}
    public init(parts: MessageParts) throws(MAPIError) {}
    public func writeParts(to writer: inout XML.Writer) {}
}

public struct ClusterMembersResponse: SOAPResponseMessage, Hashable {
    public static let operationName = "ClusterMembers"
    public var members: [ClusterMemberPart]

    public init(members: [ClusterMemberPart]) { self.members = members }
    public init(parts: MessageParts) throws(MAPIError) { self.init(members: try parts.many("member", ClusterMemberPart.init)) }

    public func writeParts(to writer: inout XML.Writer) {
        for member in members { member.write(as: "member", to: &writer) }
    }
}

/// `Placement` (admin): which server a user's store lives on and which node serves it.
public struct PlacementRequest: SOAPRequestMessage, Hashable {
    public typealias Response = PlacementResponse
    public static let operationName = "Placement"
    public var user: String

    public init(user: String) { self.user = user }
    public init(parts: MessageParts) throws(MAPIError) { self.init(user: try parts.string("user")) }
    public func writeParts(to writer: inout XML.Writer) { writer.part("user", string: user) }
}

public struct PlacementResponse: SOAPResponseMessage, Hashable {
    public static let operationName = "Placement"
    public var homeServer: String
    public var node: String
    public var url: String

    public init(homeServer: String, node: String, url: String) {
        self.homeServer = homeServer
        self.node = node
        self.url = url
    }

    public init(parts: MessageParts) throws(MAPIError) {
        self.init(homeServer: try parts.string("homeServer"), node: try parts.string("node"), url: try parts.string("url"))
    }

    public func writeParts(to writer: inout XML.Writer) {
        writer.part("homeServer", string: homeServer)
        writer.part("node", string: node)
        writer.part("url", string: url)
    }
}
