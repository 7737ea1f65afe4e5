import MAPI

/// A store as callers see it.
public struct StoreInfo: Sendable, Hashable {
    /// The store's GUID (also in every entry id of its objects).
    public var guid: GUID
    /// The directory user id of the owner.
    public var owner: String
    /// PR_STORE_ENTRYID.
    public var entryID: EntryID
    /// Entry ids of the standard folders.
    public var standardFolders: [StandardFolder: EntryID]
    /// Whether the owner has disappeared from the directory (kept, never deleted automatically).
    public var orphaned: Bool
    /// Store properties, including the well-known folder entry ids.
    public var properties: PropertySet

    /// The entry id of a standard folder.
    public func folder(_ folder: StandardFolder) -> EntryID { standardFolders[folder]! }
}

/// The identity of a newly written object.
public struct ObjectIdentity: Sendable, Hashable {
    /// PR_ENTRYID.
    public var entryID: EntryID
    /// PR_SOURCE_KEY.
    public var sourceKey: SourceKey
    /// PR_CHANGE_KEY of the version just written.
    public var changeKey: ChangeKey

    init(store: GUID, kind: EntryID.Kind, sourceKey: SourceKey, changeKey: ChangeKey) {
        self.entryID = EntryID(store: store, kind: kind, sourceKey: sourceKey)
        self.sourceKey = sourceKey
        self.changeKey = changeKey
    }
}

/// A new attachment: its properties and, unless it has none, its data.
public struct NewAttachment: Sendable {
    /// Attachment properties (filename, MIME tag, content id…). PR_ATTACH_NUM and PR_ATTACH_SIZE
    /// are assigned by the store.
    public var properties: [Property]
    /// The content.
    public var content: AttachmentContent

    public init(properties: [Property], content: AttachmentContent) {
        self.properties = properties
        self.content = content
    }
}

/// What an attachment holds.
public enum AttachmentContent: Sendable {
    /// No data (e.g. a reference attachment).
    case none
    /// Bytes in memory; stored inline or moved to the blob store by size.
    case bytes([UInt8])
    /// Data already streamed into the blob store (``BlobStore/makeWriter()``), not yet published.
    case staged(StagedBlob)
    /// An embedded message (ATTACH_EMBEDDED_MSG).
    case message(NewMessage)
}

/// A message to create: its properties, recipient rows and attachments.
public struct NewMessage: Sendable {
    public var properties: [Property]
    public var recipients: [[Property]]
    public var attachments: [NewAttachment]

    public init(properties: [Property], recipients: [[Property]] = [], attachments: [NewAttachment] = []) {
        self.properties = properties
        self.recipients = recipients
        self.attachments = attachments
    }
}

/// A message as read back: its properties (stored and computed), recipient and attachment tables.
public struct Message: Sendable {
    /// Every property, including computed ones (entry id, size, flags, keys…).
    public var properties: PropertySet
    /// The recipient table, one property set per row (with PR_ROWID).
    public var recipients: [PropertySet]
    /// The attachment table, one property set per attachment (with PR_ATTACH_NUM, PR_ATTACH_SIZE;
    /// without the data).
    public var attachments: [PropertySet]
}
