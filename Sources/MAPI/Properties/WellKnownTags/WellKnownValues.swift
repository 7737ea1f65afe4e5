/// PR_MESSAGE_FLAGS bits (`MSGFLAG_*`).
public struct MessageFlags: OptionSet, Hashable, Sendable {
    /// The raw PT_LONG value, as unsigned bits.
    public let rawValue: UInt32

    /// Flags from raw bits.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Flags from a PR_MESSAGE_FLAGS PT_LONG value.
    public init(propertyValue: Int32) { self.rawValue = UInt32(bitPattern: propertyValue) }

    /// The PT_LONG value for PR_MESSAGE_FLAGS.
    public var propertyValue: Int32 { Int32(bitPattern: rawValue) }

    /// MSGFLAG_READ: the message has been read.
    public static let read = MessageFlags(rawValue: 0x0001)
    /// MSGFLAG_UNMODIFIED: the message has not been changed since delivery.
    public static let unmodified = MessageFlags(rawValue: 0x0002)
    /// MSGFLAG_SUBMIT: the message is queued for sending.
    public static let submit = MessageFlags(rawValue: 0x0004)
    /// MSGFLAG_UNSENT: the message is a draft, not yet sent.
    public static let unsent = MessageFlags(rawValue: 0x0008)
    /// MSGFLAG_HASATTACH: the message has attachments.
    public static let hasAttachments = MessageFlags(rawValue: 0x0010)
    /// MSGFLAG_FROMME: the sender is the store's owner.
    public static let fromMe = MessageFlags(rawValue: 0x0020)
    /// MSGFLAG_ASSOCIATED: a folder-associated information (FAI) message.
    public static let associated = MessageFlags(rawValue: 0x0040)
    /// MSGFLAG_RESEND: the message is to be resent after a non-delivery report.
    public static let resend = MessageFlags(rawValue: 0x0080)
    /// MSGFLAG_RN_PENDING: a read receipt is still to be sent.
    public static let readNotificationPending = MessageFlags(rawValue: 0x0100)
    /// MSGFLAG_NRN_PENDING: a non-read receipt is still to be sent.
    public static let nonReadNotificationPending = MessageFlags(rawValue: 0x0200)
    /// MSGFLAG_EVERREAD (mfEverRead): the message has been read at some point.
    public static let everRead = MessageFlags(rawValue: 0x0400)
    /// MSGFLAG_ORIGIN_X400.
    public static let originX400 = MessageFlags(rawValue: 0x1000)
    /// MSGFLAG_ORIGIN_INTERNET: the message came in over the Internet (SMTP).
    public static let originInternet = MessageFlags(rawValue: 0x2000)
    /// MSGFLAG_ORIGIN_MISC_EXT: the message came in through another external transport.
    public static let originMiscExternal = MessageFlags(rawValue: 0x8000)
}

/// PR_RECIPIENT_TYPE values (`MAPI_ORIG`, `MAPI_TO`, `MAPI_CC`, `MAPI_BCC`).
public enum RecipientType: UInt32, Hashable, Sendable, CaseIterable {
    /// MAPI_ORIG: the originator.
    case originator = 0
    /// MAPI_TO.
    case to = 1
    /// MAPI_CC.
    case cc = 2
    /// MAPI_BCC.
    case bcc = 3

    /// MAPI_P1: set on a recipient entry when the message is resent (not a type of its own).
    public static let p1Flag: UInt32 = 0x1000_0000
    /// MAPI_SUBMITTED: set once the recipient has been handed to a transport.
    public static let submittedFlag: UInt32 = 0x8000_0000

    /// The type of a PR_RECIPIENT_TYPE value, ignoring the MAPI_P1 and MAPI_SUBMITTED flags.
    public init?(propertyValue: Int32) {
        self.init(rawValue: UInt32(bitPattern: propertyValue) & ~(Self.p1Flag | Self.submittedFlag))
    }
}

/// PR_ATTACH_METHOD values.
public enum AttachMethod: UInt32, Hashable, Sendable, CaseIterable {
    /// NO_ATTACHMENT: the attachment has no data yet.
    case none = 0
    /// ATTACH_BY_VALUE: the data is in PR_ATTACH_DATA_BIN.
    case byValue = 1
    /// ATTACH_BY_REFERENCE: a path shared by sender and recipients.
    case byReference = 2
    /// ATTACH_BY_REF_RESOLVE: a path to be resolved to data on delivery.
    case byReferenceResolve = 3
    /// ATTACH_BY_REF_ONLY: a path only.
    case byReferenceOnly = 4
    /// ATTACH_EMBEDDED_MSG: an embedded message (PR_ATTACH_DATA_OBJ).
    case embeddedMessage = 5
    /// ATTACH_OLE: an OLE object.
    case ole = 6
}

/// PR_FOLDER_TYPE values.
public enum FolderType: UInt32, Hashable, Sendable, CaseIterable {
    /// FOLDER_ROOT: the root of a store's hierarchy.
    case root = 0
    /// FOLDER_GENERIC: an ordinary folder.
    case generic = 1
    /// FOLDER_SEARCH: a search folder.
    case search = 2
}

/// Positions in PR_ADDITIONAL_REN_ENTRYIDS (set on the Inbox and the root folder), as Outlook
/// uses them (MS-OXOSFLD §2.2.4). There is no tag of its own for Junk E-mail: its entry id is
/// element ``junk`` of that property.
public enum AdditionalRenEntryID: Int, Hashable, Sendable, CaseIterable {
    /// Conflicts folder.
    case conflicts = 0
    /// Sync Issues folder.
    case syncIssues = 1
    /// Local Failures folder.
    case localFailures = 2
    /// Server Failures folder.
    case serverFailures = 3
    /// Junk E-mail folder.
    case junk = 4
}
