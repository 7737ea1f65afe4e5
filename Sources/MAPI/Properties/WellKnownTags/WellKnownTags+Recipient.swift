// Properties of rows in a message's recipient table.
extension PropertyTag {
    /// PR_ROWID: The row's number in the recipient table.
    public static let rowid = PropertyTag(id: 0x3000, type: .long)
    /// PR_RECIPIENT_TYPE: To, Cc, Bcc or originator, see ``RecipientType``.
    public static let recipientType = PropertyTag(id: 0x0C15, type: .long)
    /// PR_ADDRTYPE: The address type, e.g. `SMTP` or `EX`.
    public static let addressType = PropertyTag(id: 0x3002, type: .unicode)
    /// PR_EMAIL_ADDRESS: The address in PR_ADDRTYPE.
    public static let emailAddress = PropertyTag(id: 0x3003, type: .unicode)
    /// PR_SMTP_ADDRESS: The SMTP address.
    public static let smtpAddress = PropertyTag(id: 0x39FE, type: .unicode)
    /// PR_DISPLAY_TYPE: DT_MAILUSER, DT_DISTLIST…
    public static let displayType = PropertyTag(id: 0x3900, type: .long)
    /// PR_RECIPIENT_FLAGS: recipSendable, recipOrganizer… bits.
    public static let recipientFlags = PropertyTag(id: 0x5FFD, type: .long)
    /// PR_RECIPIENT_TRACKSTATUS: The meeting response of the recipient.
    public static let recipientTrackStatus = PropertyTag(id: 0x5FFF, type: .long)
    /// PR_RECIPIENT_DISPLAY_NAME: The recipient's display name as typed.
    public static let recipientDisplayName = PropertyTag(id: 0x5FF6, type: .unicode)
    /// PR_RECIPIENT_ENTRYID: The recipient's address-book entry id.
    public static let recipientEntryID = PropertyTag(id: 0x5FF7, type: .binary)
    /// PR_RESPONSIBILITY: Whether a transport has taken responsibility for the recipient.
    public static let responsibility = PropertyTag(id: 0x0E0F, type: .boolean)
    /// PR_SEND_RICH_INFO: Whether the recipient can receive rich (TNEF) content.
    public static let sendRichInfo = PropertyTag(id: 0x3A40, type: .boolean)
    /// PR_TRANSMITABLE_DISPLAY_NAME: The display name sent over the wire.
    public static let transmittableDisplayName = PropertyTag(id: 0x3A20, type: .unicode)
}
