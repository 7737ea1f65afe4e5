import MAPI

/// One entry of a store's change feed (``StoreEngine/changes(of:since:limit:)``), what
/// GetNotifications reports.
public struct StoreChange: Sendable, Hashable {
    /// What happened.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// An item appeared in a folder: created, copied, imported, moved in or restored.
        case itemCreated
        /// An item changed (properties, recipients, read state).
        case itemModified
        /// An item left a folder: deleted (soft or hard) or moved out.
        case itemDeleted
        /// A folder was created.
        case folderCreated
        /// A folder changed: properties, name, or place (a moved folder is modified; its parent
        /// entry id is the new one).
        case folderModified
        /// A folder was deleted (with everything in it).
        case folderDeleted
        /// New mail: an item created in the Inbox (not moved or restored into it; not
        /// folder-associated). Follows the item's ``itemCreated`` with the same change number.
        case newMail
    }

    /// What happened.
    public var kind: Kind
    /// The change number: the feed's order. An object appears at most twice in a read of the
    /// feed: where it appeared (created) and at its latest change after that (modified).
    public var changeNumber: Int64
    /// The item or folder.
    public var entryID: EntryID
    /// The folder it is in (for deletions: was in); nil for the root folder, and for a deleted
    /// folder whose parent was deleted too.
    public var parentEntryID: EntryID?

    /// A change.
    public init(kind: Kind, changeNumber: Int64, entryID: EntryID, parentEntryID: EntryID?) {
        self.kind = kind
        self.changeNumber = changeNumber
        self.entryID = entryID
        self.parentEntryID = parentEntryID
    }
}

/// A page of the change feed and where to continue.
public struct StoreChangePage: Sendable, Hashable {
    /// The changes, in change order.
    public var changes: [StoreChange]
    /// Ask from here next time: the last change number of the page, or, when nothing more waits,
    /// the store's change counter (so that an idle store's cursor is current).
    public var cursor: Int64
    /// Whether more changes wait beyond this page.
    public var hasMore: Bool
}
