/// The folders every store is created with; they cannot be deleted or moved. The node creates
/// them (the raw values are stored); clients find them by ``storeProperty`` or, for those
/// without one, by ``displayName`` below the IPM subtree.
public enum StandardFolder: Int, Sendable, CaseIterable {
    case root = 1
    case ipmSubtree
    case inbox
    case outbox
    case sentItems
    case deletedItems
    case drafts
    case calendar
    case contacts
    case tasks
    case notes
    case journal
    case junk

    /// The display name the folder is created with.
    public var displayName: String {
        switch self {
        case .root: ""
        case .ipmSubtree: "IPM_SUBTREE"
        case .inbox: "Inbox"
        case .outbox: "Outbox"
        case .sentItems: "Sent Items"
        case .deletedItems: "Deleted Items"
        case .drafts: "Drafts"
        case .calendar: "Calendar"
        case .contacts: "Contacts"
        case .tasks: "Tasks"
        case .notes: "Notes"
        case .journal: "Journal"
        case .junk: "Junk E-mail"
        }
    }

    /// PR_CONTAINER_CLASS.
    public var containerClass: String? {
        switch self {
        case .root, .ipmSubtree: nil
        case .calendar: "IPF.Appointment"
        case .contacts: "IPF.Contact"
        case .tasks: "IPF.Task"
        case .notes: "IPF.StickyNote"
        case .journal: "IPF.Journal"
        default: "IPF.Note"
        }
    }

    /// The parent in the standard tree (nil for the root).
    public var parent: StandardFolder? {
        switch self {
        case .root: nil
        case .ipmSubtree: .root
        default: .ipmSubtree
        }
    }

    /// The store property that carries this folder's entry id, as Outlook expects it.
    public var storeProperty: PropertyTag? {
        switch self {
        case .root, .inbox, .junk: nil
        case .ipmSubtree: .ipmSubtreeEntryID
        case .outbox: .ipmOutboxEntryID
        case .sentItems: .ipmSentMailEntryID
        case .deletedItems: .ipmWastebasketEntryID
        case .drafts: .ipmDraftsEntryID
        case .calendar: .ipmAppointmentEntryID
        case .contacts: .ipmContactEntryID
        case .tasks: .ipmTaskEntryID
        case .notes: .ipmNoteEntryID
        case .journal: .ipmJournalEntryID
        }
    }
}
