import MAPI

/// One node as ClusterMembers describes it (`t:ClusterMember`).
public struct ClusterMemberPart: Sendable, Hashable {
    public var node: String
    /// Its SOAP endpoint.
    public var url: String
    /// `alive`, `suspect`, `dead`, `left`.
    public var state: String
    /// The servers it serves.
    public var servers: [String]

    public init(node: String, url: String, state: String, servers: [String]) {
        self.node = node
        self.url = url
        self.state = state
        self.servers = servers
    }

    init(element: XML.Element) throws(MAPIError) {
        let parts = try MessageParts(
            element,
            declared: [.init("node", .string), .init("url", .string), .init("state", .string), .init("server", .string, .many)])
        self.init(
            node: try parts.string("node"), url: try parts.string("url"), state: try parts.string("state"),
            servers: try parts.many("server", MAPIXML.string))
    }

    func write(as name: String, to writer: inout XML.Writer) {
        writer.start("t:" + name)
        writer.part("node", string: node)
        writer.part("url", string: url)
        writer.part("state", string: state)
        for server in servers { writer.part("server", string: server) }
        writer.end()
    }
}
