import MAPI

/// Settings of one server's store engine, with documented defaults.
public struct StoreEngineConfiguration: Sendable {
    /// The server this engine serves (its name in the directory, e.g. `s1`).
    public var serverName: String
    /// The node running it (recorded in the ownership row).
    public var nodeName: String
    /// Attachment data up to this size is kept in the database; larger data goes to the blob store.
    public var inlineAttachmentLimit: Int
    /// Property values larger than this (encoded) are stored in `large_props` rather than in the
    /// object row, so that table scans stay small.
    public var largePropertyThreshold: Int
    /// Limits on property values accepted from clients.
    public var limits: PropertyLimits
    /// How often a transaction that hit a lock conflict or deadlock is retried.
    public var transientRetries: Int

    public init(
        serverName: String, nodeName: String, inlineAttachmentLimit: Int = 64 * 1024,
        largePropertyThreshold: Int = 1024, limits: PropertyLimits = .default, transientRetries: Int = 5
    ) {
        precondition(!serverName.isEmpty && !nodeName.isEmpty, "server and node need names")
        self.serverName = serverName
        self.nodeName = nodeName
        self.inlineAttachmentLimit = inlineAttachmentLimit
        self.largePropertyThreshold = largePropertyThreshold
        self.limits = limits
        self.transientRetries = transientRetries
    }
}
