// Properties of messages (envelope, content, flags).
extension PropertyTag {
    /// PR_MESSAGE_CLASS: The item kind, e.g. `IPM.Note`, `IPM.Appointment`.
    public static let messageClass = PropertyTag(id: 0x001A, type: .unicode)
    /// PR_SUBJECT: The full subject, prefix included.
    public static let subject = PropertyTag(id: 0x0037, type: .unicode)
    /// PR_SUBJECT_PREFIX: The prefix of the subject, e.g. `RE: `.
    public static let subjectPrefix = PropertyTag(id: 0x003D, type: .unicode)
    /// PR_NORMALIZED_SUBJECT: The subject without its prefix.
    public static let normalizedSubject = PropertyTag(id: 0x0E1D, type: .unicode)
    /// PR_CONVERSATION_TOPIC: The normalized subject of the thread's first message.
    public static let conversationTopic = PropertyTag(id: 0x0070, type: .unicode)
    /// PR_CONVERSATION_INDEX: The thread position (22-byte header plus 5 bytes per reply).
    public static let conversationIndex = PropertyTag(id: 0x0071, type: .binary)
    /// PR_BODY: The plain-text body.
    public static let body = PropertyTag(id: 0x1000, type: .unicode)
    /// PR_HTML: The HTML body as bytes in the message's code page (PR_INTERNET_CPID).
    public static let html = PropertyTag(id: 0x1013, type: .binary)
    /// PR_RTF_COMPRESSED: The RTF body, compressed (MS-OXRTFCP).
    public static let rtfCompressed = PropertyTag(id: 0x1009, type: .binary)
    /// PR_RTF_IN_SYNC: Whether the RTF body matches the plain-text body.
    public static let rtfInSync = PropertyTag(id: 0x0E1F, type: .boolean)
    /// PR_NATIVE_BODY_INFO: Which body is the original: 1 plain, 2 RTF, 3 HTML.
    public static let nativeBody = PropertyTag(id: 0x1016, type: .long)
    /// PR_INTERNET_CPID: The code page of PR_HTML and of the MIME form.
    public static let internetCodepage = PropertyTag(id: 0x3FDE, type: .long)
    /// PR_DISPLAY_TO: The display names of the To recipients, `; `-separated (computed).
    public static let displayTo = PropertyTag(id: 0x0E04, type: .unicode)
    /// PR_DISPLAY_CC: The display names of the Cc recipients (computed).
    public static let displayCc = PropertyTag(id: 0x0E03, type: .unicode)
    /// PR_DISPLAY_BCC: The display names of the Bcc recipients (computed).
    public static let displayBcc = PropertyTag(id: 0x0E02, type: .unicode)
    /// PR_MESSAGE_FLAGS: MSGFLAG_* bits, see ``MessageFlags``.
    public static let messageFlags = PropertyTag(id: 0x0E07, type: .long)
    /// PR_MSG_STATUS: MSGSTATUS_* bits kept per folder view.
    public static let messageStatus = PropertyTag(id: 0x0E17, type: .long)
    /// PR_HASATTACH: Whether the message has attachments (computed).
    public static let hasAttachments = PropertyTag(id: 0x0E1B, type: .boolean)
    /// PR_MESSAGE_DELIVERY_TIME: When the message was delivered to this store.
    public static let messageDeliveryTime = PropertyTag(id: 0x0E06, type: .sysTime)
    /// PR_CLIENT_SUBMIT_TIME: When the sender submitted the message.
    public static let clientSubmitTime = PropertyTag(id: 0x0039, type: .sysTime)
    /// PR_MESSAGE_SIZE: The message's stored size in bytes (computed).
    public static let messageSize = PropertyTag(id: 0x0E08, type: .long)
    /// PR_MESSAGE_SIZE_EXTENDED: PR_MESSAGE_SIZE as a 64-bit integer.
    public static let messageSizeExtended = PropertyTag(id: 0x0E08, type: .i8)
    /// PR_IMPORTANCE: 0 low, 1 normal, 2 high.
    public static let importance = PropertyTag(id: 0x0017, type: .long)
    /// PR_PRIORITY: -1 non-urgent, 0 normal, 1 urgent.
    public static let priority = PropertyTag(id: 0x0026, type: .long)
    /// PR_SENSITIVITY: 0 none, 1 personal, 2 private, 3 confidential.
    public static let sensitivity = PropertyTag(id: 0x0036, type: .long)
    /// PR_SENDER_NAME: The display name of the sender.
    public static let senderName = PropertyTag(id: 0x0C1A, type: .unicode)
    /// PR_SENDER_EMAIL_ADDRESS: The address of the sender, in PR_SENDER_ADDRTYPE.
    public static let senderEmailAddress = PropertyTag(id: 0x0C1F, type: .unicode)
    /// PR_SENDER_ADDRTYPE: The address type of the sender, e.g. `SMTP`.
    public static let senderAddressType = PropertyTag(id: 0x0C1E, type: .unicode)
    /// PR_SENDER_ENTRYID: The address-book entry id of the sender.
    public static let senderEntryID = PropertyTag(id: 0x0C19, type: .binary)
    /// PR_SENDER_SEARCH_KEY: The search key of the sender.
    public static let senderSearchKey = PropertyTag(id: 0x0C1D, type: .binary)
    /// PR_SENT_REPRESENTING_NAME: The display name of whom the message was sent for.
    public static let sentRepresentingName = PropertyTag(id: 0x0042, type: .unicode)
    /// PR_SENT_REPRESENTING_EMAIL_ADDRESS: The address of whom the message was sent for.
    public static let sentRepresentingEmailAddress = PropertyTag(id: 0x0065, type: .unicode)
    /// PR_SENT_REPRESENTING_ADDRTYPE: The address type of whom the message was sent for.
    public static let sentRepresentingAddressType = PropertyTag(id: 0x0064, type: .unicode)
    /// PR_SENT_REPRESENTING_ENTRYID: The entry id of whom the message was sent for.
    public static let sentRepresentingEntryID = PropertyTag(id: 0x0041, type: .binary)
    /// PR_SENT_REPRESENTING_SEARCH_KEY: The search key of whom the message was sent for.
    public static let sentRepresentingSearchKey = PropertyTag(id: 0x003B, type: .binary)
    /// PR_RECEIVED_BY_NAME: The display name of the receiving mailbox.
    public static let receivedByName = PropertyTag(id: 0x0040, type: .unicode)
    /// PR_RECEIVED_BY_EMAIL_ADDRESS: The address of the receiving mailbox.
    public static let receivedByEmailAddress = PropertyTag(id: 0x0076, type: .unicode)
    /// PR_RECEIVED_BY_ADDRTYPE: The address type of the receiving mailbox.
    public static let receivedByAddressType = PropertyTag(id: 0x0075, type: .unicode)
    /// PR_RECEIVED_BY_ENTRYID: The entry id of the receiving mailbox.
    public static let receivedByEntryID = PropertyTag(id: 0x003F, type: .binary)
    /// PR_REPLY_RECIPIENT_NAMES: The display names replies go to, `;`-separated.
    public static let replyRecipientNames = PropertyTag(id: 0x0050, type: .unicode)
    /// PR_REPLY_RECIPIENT_ENTRIES: The entry ids replies go to (FLATENTRYLIST).
    public static let replyRecipientEntries = PropertyTag(id: 0x004F, type: .binary)
    /// PR_INTERNET_MESSAGE_ID: The `Message-ID` header.
    public static let internetMessageID = PropertyTag(id: 0x1035, type: .unicode)
    /// PR_IN_REPLY_TO_ID: The `In-Reply-To` header.
    public static let inReplyTo = PropertyTag(id: 0x1042, type: .unicode)
    /// PR_INTERNET_REFERENCES: The `References` header.
    public static let internetReferences = PropertyTag(id: 0x1039, type: .unicode)
    /// PR_TRANSPORT_MESSAGE_HEADERS: The Internet headers as received.
    public static let transportMessageHeaders = PropertyTag(id: 0x007D, type: .unicode)
    /// PR_READ_RECEIPT_REQUESTED: Whether the sender asked for a read receipt.
    public static let readReceiptRequested = PropertyTag(id: 0x0029, type: .boolean)
    /// PR_ORIGINATOR_DELIVERY_REPORT_REQUESTED: Whether the sender asked for a delivery report.
    public static let originatorDeliveryReportRequested = PropertyTag(id: 0x0023, type: .boolean)
    /// PR_ICON_INDEX: The icon a client shows for the item.
    public static let iconIndex = PropertyTag(id: 0x1080, type: .long)
    /// PR_LAST_VERB_EXECUTED: The last action on the item: 102 reply, 103 reply all, 104 forward.
    public static let lastVerbExecuted = PropertyTag(id: 0x1081, type: .long)
    /// PR_FLAG_STATUS: Follow-up flag: 0 none, 1 complete, 2 flagged.
    public static let flagStatus = PropertyTag(id: 0x1090, type: .long)
}
