import Foundation

// The keys of the properties clients use most, named as their tags are in the MAPI module.

extension PropertyKey where Value == String {
    /// PR_SUBJECT.
    public static var subject: Self { Self(.subject) }
    /// PR_BODY: the plain-text body.
    public static var body: Self { Self(.body) }
    /// PR_DISPLAY_NAME: the name of a folder, recipient or attachment.
    public static var displayName: Self { Self(.displayName) }
    /// PR_MESSAGE_CLASS, e.g. `IPM.Note`.
    public static var messageClass: Self { Self(.messageClass) }
    /// PR_CONTAINER_CLASS of a folder, e.g. `IPF.Note`.
    public static var containerClass: Self { Self(.containerClass) }
    /// PR_SENDER_NAME.
    public static var senderName: Self { Self(.senderName) }
    /// PR_SENDER_EMAIL_ADDRESS.
    public static var senderEmailAddress: Self { Self(.senderEmailAddress) }
    /// PR_DISPLAY_TO.
    public static var displayTo: Self { Self(.displayTo) }
    /// PR_DISPLAY_CC.
    public static var displayCc: Self { Self(.displayCc) }
    /// PR_INTERNET_MESSAGE_ID.
    public static var internetMessageID: Self { Self(.internetMessageID) }
    /// PR_EMAIL_ADDRESS of a recipient.
    public static var emailAddress: Self { Self(.emailAddress) }
    /// PR_ADDRTYPE of a recipient.
    public static var addressType: Self { Self(.addressType) }
    /// PR_ATTACH_LONG_FILENAME.
    public static var attachLongFilename: Self { Self(.attachLongFilename) }
    /// PR_ATTACH_FILENAME.
    public static var attachFilename: Self { Self(.attachFilename) }
    /// PR_ATTACH_MIME_TAG.
    public static var attachMimeTag: Self { Self(.attachMimeTag) }
}

extension PropertyKey where Value == Int32 {
    /// PR_MESSAGE_FLAGS (see ``MessageFlags``).
    public static var messageFlags: Self { Self(.messageFlags) }
    /// PR_MESSAGE_SIZE.
    public static var messageSize: Self { Self(.messageSize) }
    /// PR_IMPORTANCE: 0 low, 1 normal, 2 high.
    public static var importance: Self { Self(.importance) }
    /// PR_CONTENT_COUNT of a folder.
    public static var contentCount: Self { Self(.contentCount) }
    /// PR_CONTENT_UNREAD of a folder.
    public static var contentUnreadCount: Self { Self(.contentUnreadCount) }
    /// PR_FOLDER_CHILD_COUNT.
    public static var folderChildCount: Self { Self(.folderChildCount) }
    /// PR_DEPTH in a hierarchy table.
    public static var depth: Self { Self(.depth) }
    /// PR_RECIPIENT_TYPE (see ``RecipientType``).
    public static var recipientType: Self { Self(.recipientType) }
    /// PR_ATTACH_NUM.
    public static var attachNumber: Self { Self(.attachNumber) }
    /// PR_ATTACH_SIZE.
    public static var attachSize: Self { Self(.attachSize) }
    /// PR_ATTACH_METHOD (see ``AttachMethod``).
    public static var attachMethod: Self { Self(.attachMethod) }
}

extension PropertyKey where Value == Bool {
    /// PR_HASATTACH.
    public static var hasAttachments: Self { Self(.hasAttachments) }
    /// PR_SUBFOLDERS.
    public static var subfolders: Self { Self(.subfolders) }
}

extension PropertyKey where Value == Date {
    /// PR_MESSAGE_DELIVERY_TIME.
    public static var deliveryTime: Self { Self(.messageDeliveryTime) }
    /// PR_CLIENT_SUBMIT_TIME.
    public static var submitTime: Self { Self(.clientSubmitTime) }
    /// PR_CREATION_TIME.
    public static var creationTime: Self { Self(.creationTime) }
    /// PR_LAST_MODIFICATION_TIME.
    public static var lastModificationTime: Self { Self(.lastModificationTime) }
}

extension PropertyKey where Value == EntryID {
    /// PR_ENTRYID.
    public static var entryID: Self { Self(.entryID) }
    /// PR_PARENT_ENTRYID.
    public static var parentEntryID: Self { Self(.parentEntryID) }
}

extension PropertyKey where Value == [UInt8] {
    /// PR_SOURCE_KEY.
    public static var sourceKey: Self { Self(.sourceKey) }
    /// PR_CHANGE_KEY.
    public static var changeKey: Self { Self(.changeKey) }
    /// PR_HTML: the HTML body's bytes.
    public static var html: Self { Self(.html) }
}
