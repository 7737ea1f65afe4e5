import MAPI

/// PR_MESSAGE_SIZE bookkeeping: the encoded size of a message's properties, recipients and
/// attachments (data included), so that quotas and tables see what the message really costs.
enum MessageSizes {
    /// Bytes of a property set: 4 per tag plus the encoded value.
    static func of(_ props: PropertySet) -> Int64 {
        props.reduce(Int64(0)) { $0 + 4 + Int64(PropertyCodec.encodedSize(of: $1.value)) }
    }

    static func of(_ properties: [Property]) -> Int64 {
        properties.reduce(Int64(0)) { $0 + 4 + Int64(PropertyCodec.encodedSize(of: $1.value)) }
    }

    /// Bytes of a new message with everything in it.
    static func of(_ message: NewMessage) -> Int64 {
        of(message.properties) + message.recipients.reduce(0) { $0 + of($1) }
            + message.attachments.reduce(0) { $0 + of($1) }
    }

    static func of(_ attachment: NewAttachment) -> Int64 {
        of(attachment.properties) + contentSize(attachment.content)
    }

    static func contentSize(_ content: AttachmentContent) -> Int64 {
        switch content {
        case .none: 0
        case .bytes(let bytes): Int64(bytes.count)
        case .staged(let staged): staged.size
        case .message(let message): of(message)
        }
    }
}
