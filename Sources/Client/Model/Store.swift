/// The logged-on user's store: its standard folders and its folder tree.
///
/// ```swift
/// let store = server.store
/// let projects = try await store.folder(path: "Inbox/Projects", create: true)
/// let drafts = try store.drafts
/// ```
public struct Store: Sendable {
    /// The server (session) the store was read through.
    public let server: Server
    /// PR_STORE_ENTRYID.
    public let entryID: EntryID
    /// The store's GUID.
    public let guid: GUID
    /// The store properties as read at logon.
    public let properties: PropertyBag
    private let standardFolders: [StandardFolder: EntryID]

    init(server: Server, snapshot: StoreSnapshot) {
        self.server = server
        self.entryID = snapshot.entryID
        self.guid = snapshot.guid
        self.properties = PropertyBag(snapshot.properties)
        self.standardFolders = snapshot.standardFolders
    }

    /// A standard folder; `notFound` when the store does not say where it is. Its properties
    /// hold only the standard name until loaded (``Folder/loaded()``).
    public func folder(_ standard: StandardFolder) throws(TesseraClientError) -> Folder {
        guard let entryID = standardFolders[standard] else {
            throw TesseraClientError(.notFound, "the store does not name its \(standard) folder")
        }
        var properties = PropertyBag()
        properties.merge(loaded: [Property(id: PropertyTag.displayName.id, value: .unicode(standard.displayName))])
        return Folder(server: server, entryID: entryID, properties: properties)
    }

    /// The root of the store's hierarchy.
    public var root: Folder { get throws(TesseraClientError) { try folder(.root) } }
    /// The IPM subtree: the top of the folders users see.
    public var subtree: Folder { get throws(TesseraClientError) { try folder(.ipmSubtree) } }
    /// The Inbox.
    public var inbox: Folder { get throws(TesseraClientError) { try folder(.inbox) } }
    /// The Outbox.
    public var outbox: Folder { get throws(TesseraClientError) { try folder(.outbox) } }
    /// Sent Items.
    public var sentItems: Folder { get throws(TesseraClientError) { try folder(.sentItems) } }
    /// Drafts.
    public var drafts: Folder { get throws(TesseraClientError) { try folder(.drafts) } }
    /// Deleted Items (the wastebasket).
    public var deletedItems: Folder { get throws(TesseraClientError) { try folder(.deletedItems) } }
    /// The Calendar.
    public var calendar: Folder { get throws(TesseraClientError) { try folder(.calendar) } }
    /// Contacts.
    public var contacts: Folder { get throws(TesseraClientError) { try folder(.contacts) } }
    /// Tasks.
    public var tasks: Folder { get throws(TesseraClientError) { try folder(.tasks) } }
    /// Junk E-mail.
    public var junk: Folder { get throws(TesseraClientError) { try folder(.junk) } }

    /// The folder at `path` below the IPM subtree (`"Inbox/Projects"`; see ``FolderPath``);
    /// with `create`, missing folders on the way are created.
    public func folder(path: String, create: Bool = false) async throws(TesseraClientError) -> Folder {
        try await subtree.folder(path: path, create: create)
    }

    /// Every folder below the IPM subtree, depth-first (PR_DEPTH in each folder's properties).
    public func folders() async throws(TesseraClientError) -> [Folder] {
        try await subtree.subfolders(recursive: true)
    }
}
