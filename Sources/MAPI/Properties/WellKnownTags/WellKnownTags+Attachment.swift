// Properties of rows in a message's attachment table and of attachments.
extension PropertyTag {
    /// PR_ATTACH_NUM: The attachment's number within its message.
    public static let attachNumber = PropertyTag(id: 0x0E21, type: .long)
    /// PR_ATTACH_METHOD: How the data is held, see ``AttachMethod``.
    public static let attachMethod = PropertyTag(id: 0x3705, type: .long)
    /// PR_ATTACH_FILENAME: The 8.3 file name.
    public static let attachFilename = PropertyTag(id: 0x3704, type: .unicode)
    /// PR_ATTACH_LONG_FILENAME: The full file name.
    public static let attachLongFilename = PropertyTag(id: 0x3707, type: .unicode)
    /// PR_ATTACH_EXTENSION: The file name extension, e.g. `.pdf`.
    public static let attachExtension = PropertyTag(id: 0x3703, type: .unicode)
    /// PR_ATTACH_SIZE: The attachment's size in bytes (computed).
    public static let attachSize = PropertyTag(id: 0x0E20, type: .long)
    /// PR_ATTACH_DATA_BIN: The data of an ATTACH_BY_VALUE attachment.
    public static let attachDataBinary = PropertyTag(id: 0x3701, type: .binary)
    /// PR_ATTACH_DATA_OBJ: The embedded message or OLE object. MAPI types it PT_OBJECT, which Tessera does not store as a value: it shares PR_ATTACH_DATA_BIN's id and is typed PT_BINARY (the store opens the object by id).
    public static let attachDataObject = PropertyTag(id: 0x3701, type: .binary)
    /// PR_ATTACH_CONTENT_ID: The MIME `Content-ID`.
    public static let attachContentID = PropertyTag(id: 0x3712, type: .unicode)
    /// PR_ATTACH_CONTENT_LOCATION: The MIME `Content-Location`.
    public static let attachContentLocation = PropertyTag(id: 0x3713, type: .unicode)
    /// PR_ATTACH_MIME_TAG: The MIME type, e.g. `application/pdf`.
    public static let attachMimeTag = PropertyTag(id: 0x370E, type: .unicode)
    /// PR_ATTACH_FLAGS: ATT_INVISIBLE_IN_HTML, ATT_INVISIBLE_IN_RTF… bits.
    public static let attachFlags = PropertyTag(id: 0x3714, type: .long)
    /// PR_ATTACHMENT_HIDDEN: Whether clients hide the attachment (inline images).
    public static let attachmentHidden = PropertyTag(id: 0x7FFE, type: .boolean)
    /// PR_RENDERING_POSITION: The character position of the attachment in an RTF body (-1: none).
    public static let renderingPosition = PropertyTag(id: 0x370B, type: .long)
}
