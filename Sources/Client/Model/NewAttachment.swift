import SOAP

/// An attachment to add to a new item (``Folder/createItem(subject:body:to:cc:bcc:messageClass:properties:attachments:)``).
public struct NewAttachment: Sendable, Hashable {
    /// The file name (PR_ATTACH_LONG_FILENAME and PR_DISPLAY_NAME).
    public var name: String
    /// The content.
    public var data: [UInt8]
    /// The MIME type (PR_ATTACH_MIME_TAG), if known.
    public var mimeType: String?

    /// An attachment of `data` named `name`.
    public init(name: String, data: [UInt8], mimeType: String? = nil) {
        self.name = name
        self.data = data
        self.mimeType = mimeType
    }

    /// The properties an attachment of this name and type is created with.
    static func properties(name: String, mimeType: String?) -> [Property] {
        var properties = [
            Property(id: PropertyTag.attachMethod.id, value: .long(Int32(AttachMethod.byValue.rawValue))),
            Property(id: PropertyTag.attachLongFilename.id, value: .unicode(name)),
            Property(id: PropertyTag.displayName.id, value: .unicode(name)),
        ]
        if let mimeType { properties.append(Property(id: PropertyTag.attachMimeTag.id, value: .unicode(mimeType))) }
        return properties
    }

    /// The `t:NewAttachment` part of CreateItem.
    var part: AttachmentPart {
        AttachmentPart(properties: Self.properties(name: name, mimeType: mimeType), data: data)
    }

    /// Which attachments travel inside CreateItem (in order, while their sizes add up to at
    /// most `inlineBudget`, so the request stays small) and which are uploaded afterwards.
    static func split(_ attachments: [NewAttachment], inlineBudget: Int) -> (inline: [NewAttachment], later: [NewAttachment]) {
        var inline: [NewAttachment] = []
        var later: [NewAttachment] = []
        var used = 0
        for attachment in attachments {
            if later.isEmpty, used + attachment.data.count <= inlineBudget {
                inline.append(attachment)
                used += attachment.data.count
            } else {
                later.append(attachment)
            }
        }
        return (inline, later)
    }
}
