// Properties of message stores: special folders and ownership.
extension PropertyTag {
    /// PR_IPM_SUBTREE_ENTRYID: The entry id of the IPM subtree (`Top of Information Store`).
    public static let ipmSubtreeEntryID = PropertyTag(id: 0x35E0, type: .binary)
    /// PR_IPM_OUTBOX_ENTRYID: The entry id of the Outbox.
    public static let ipmOutboxEntryID = PropertyTag(id: 0x35E2, type: .binary)
    /// PR_IPM_WASTEBASKET_ENTRYID: The entry id of Deleted Items.
    public static let ipmWastebasketEntryID = PropertyTag(id: 0x35E3, type: .binary)
    /// PR_IPM_SENTMAIL_ENTRYID: The entry id of Sent Items.
    public static let ipmSentMailEntryID = PropertyTag(id: 0x35E4, type: .binary)
    /// PR_VIEWS_ENTRYID: The entry id of the personal views folder.
    public static let viewsEntryID = PropertyTag(id: 0x35E5, type: .binary)
    /// PR_COMMON_VIEWS_ENTRYID: The entry id of the common views folder.
    public static let commonViewsEntryID = PropertyTag(id: 0x35E6, type: .binary)
    /// PR_FINDER_ENTRYID: The entry id of the search folders root (`Finder`).
    public static let finderEntryID = PropertyTag(id: 0x35E7, type: .binary)
    /// PR_IPM_APPOINTMENT_ENTRYID: The entry id of the Calendar (read from the Inbox and the root folder).
    public static let ipmAppointmentEntryID = PropertyTag(id: 0x36D0, type: .binary)
    /// PR_IPM_CONTACT_ENTRYID: The entry id of Contacts.
    public static let ipmContactEntryID = PropertyTag(id: 0x36D1, type: .binary)
    /// PR_IPM_JOURNAL_ENTRYID: The entry id of the Journal.
    public static let ipmJournalEntryID = PropertyTag(id: 0x36D2, type: .binary)
    /// PR_IPM_NOTE_ENTRYID: The entry id of Notes.
    public static let ipmNoteEntryID = PropertyTag(id: 0x36D3, type: .binary)
    /// PR_IPM_TASK_ENTRYID: The entry id of Tasks.
    public static let ipmTaskEntryID = PropertyTag(id: 0x36D4, type: .binary)
    /// PR_REM_ONLINE_ENTRYID: The entry id of the Reminders search folder.
    public static let remindersOnlineEntryID = PropertyTag(id: 0x36D5, type: .binary)
    /// PR_IPM_DRAFTS_ENTRYID: The entry id of Drafts.
    public static let ipmDraftsEntryID = PropertyTag(id: 0x36D7, type: .binary)
    /// PR_ADDITIONAL_REN_ENTRYIDS: Entry ids of more special folders, indexed by ``AdditionalRenEntryID`` (index 4: Junk E-mail).
    public static let additionalRenEntryIDs = PropertyTag(id: 0x36D8, type: .multiBinary)
    /// PR_ADDITIONAL_REN_ENTRYIDS_EX: Entry ids of more special folders as tagged blocks (RSS feeds, conversation actions…).
    public static let additionalRenEntryIDsEx = PropertyTag(id: 0x36D9, type: .binary)
    /// PR_FREEBUSY_ENTRYIDS: Entry ids of the free/busy folders.
    public static let freeBusyEntryIDs = PropertyTag(id: 0x36E4, type: .multiBinary)
    /// PR_MAILBOX_OWNER_NAME: The display name of the store's owner.
    public static let mailboxOwnerName = PropertyTag(id: 0x661C, type: .unicode)
    /// PR_MAILBOX_OWNER_ENTRYID: The address-book entry id of the store's owner.
    public static let mailboxOwnerEntryID = PropertyTag(id: 0x661B, type: .binary)
    /// PR_USER_NAME: The name of the logged-on user.
    public static let userName = PropertyTag(id: 0x661A, type: .unicode)
    /// PR_USER_ENTRYID: The address-book entry id of the logged-on user.
    public static let userEntryID = PropertyTag(id: 0x6619, type: .binary)
    /// PR_STORE_SUPPORT_MASK: STORE_*_OK bits: what the store supports.
    public static let storeSupportMask = PropertyTag(id: 0x340D, type: .long)
    /// PR_STORE_STATE: STORE_HAS_SEARCHES…
    public static let storeState = PropertyTag(id: 0x340E, type: .long)
    /// PR_VALID_FOLDER_MASK: FOLDER_IPM_*_VALID bits: which special-folder entry ids are valid.
    public static let validFolderMask = PropertyTag(id: 0x35DF, type: .long)
    /// PR_MDB_PROVIDER: The GUID of the store provider (private, public, delegate).
    public static let mdbProvider = PropertyTag(id: 0x3414, type: .binary)
}
