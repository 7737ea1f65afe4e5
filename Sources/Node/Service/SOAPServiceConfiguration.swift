import SOAP

/// What the SOAP service of a node is told about itself and its limits.
public struct SOAPServiceConfiguration: Sendable {
    /// This node's name (ServerDetails).
    public var nodeName: String
    /// The software version (ServerDetails).
    public var version: String
    /// Limits of the request parser; every one answers with a fault.
    public var xmlLimits: XML.Limits
    /// The largest chunk GetAttachment answers (default 1 MiB; at most 2 MiB, which base64 turns
    /// into 2.7 MB of response).
    public var attachmentChunkBytes: Int
    /// The longest a GetNotifications poll waits (default 120 s; clients ask for less).
    public var maximumNotificationWait: Duration
    /// Attachment uploads (CreateAttachment with more=true) that may be open at once, and how
    /// long one may stay idle before it is dropped.
    public var maximumOpenUploads: Int
    public var uploadIdleTimeout: Duration

    public init(
        nodeName: String, version: String = TesseraVersion.current, xmlLimits: XML.Limits = .default,
        attachmentChunkBytes: Int = 1 << 20, maximumNotificationWait: Duration = .seconds(120),
        maximumOpenUploads: Int = 256, uploadIdleTimeout: Duration = .seconds(600)
    ) {
        precondition(attachmentChunkBytes > 0 && attachmentChunkBytes <= 2 << 20, "attachment chunks are 1 byte to 2 MiB")
        self.nodeName = nodeName
        self.version = version
        self.xmlLimits = xmlLimits
        self.attachmentChunkBytes = attachmentChunkBytes
        self.maximumNotificationWait = maximumNotificationWait
        self.maximumOpenUploads = maximumOpenUploads
        self.uploadIdleTimeout = uploadIdleTimeout
    }
}

/// The version every process reports.
public enum TesseraVersion {
    public static let current = "0.5.0"
}

/// What the admin operations read about the cluster (fed from gossip on a clustered node).
public protocol ClusterView: Sendable {
    /// The nodes and their state.
    func members() async -> [ClusterMemberPart]
    /// The node serving `server` and its SOAP URL, if any node does.
    func servingNode(of server: String) async -> (node: String, url: String)?
    /// The servers this node serves.
    func servedServers() async -> [String]
}
