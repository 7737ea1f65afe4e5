import MAPI

/// Deterministic synthetic messages for load drills, crash tests and benchmarks: message `n`
/// always has the same content, so whoever wrote it can be checked by whoever reads it.
public enum SyntheticMail {
    /// Message number `n`: a subject, a body of `bodyBytes`, one recipient, and — when
    /// `attachmentEvery` divides `n` — one attachment of `attachmentBytes(n)`.
    public static func message(
        _ n: Int, bodyBytes: Int = 4_096, attachmentEvery: Int = 0, attachmentBytes: Int = 300_000
    ) -> NewMessage {
        var properties = [
            Property(id: PropertyTag.subject.id, value: .unicode("Synthetic message \(n)")),
            Property(id: PropertyTag.body.id, value: .unicode(body(n, bytes: bodyBytes))),
            Property(id: PropertyTag.messageClass.id, value: .unicode("IPM.Note")),
            Property(id: PropertyTag.senderName.id, value: .unicode("Sender \(n % 97)")),
            Property(id: PropertyTag.senderEmailAddress.id, value: .unicode("sender\(n % 97)@example.org")),
            Property(id: PropertyTag.importance.id, value: .long(Int32(n % 3))),
            Property(id: PropertyTag.messageDeliveryTime.id, value: .sysTime(FileTime(rawValue: 132_000_000_000_000_000 + Int64(n) * 10_000_000))),
            Property(id: PropertyTag.internetMessageID.id, value: .unicode("<\(n)@synthetic.tessera>")),
            Property(id: PropertyTag.displayTo.id, value: .unicode("Recipient \(n % 13)")),
        ]
        properties.append(Property(id: PropertyTag.messageFlags.id, value: .long(n % 2 == 0 ? 1 : 0)))
        let recipient = [
            Property(id: PropertyTag.displayName.id, value: .unicode("Recipient \(n % 13)")),
            Property(id: PropertyTag.emailAddress.id, value: .unicode("rcpt\(n % 13)@example.org")),
            Property(id: PropertyTag.addressType.id, value: .unicode("SMTP")),
            Property(id: PropertyTag.recipientType.id, value: .long(Int32(RecipientType.to.rawValue))),
        ]
        var attachments: [NewAttachment] = []
        if attachmentEvery > 0 && n % attachmentEvery == 0 {
            attachments.append(
                NewAttachment(
                    properties: [Property(id: PropertyTag.attachLongFilename.id, value: .unicode("file-\(n).bin"))],
                    content: .bytes(attachmentData(n, bytes: attachmentBytes))))
        }
        return NewMessage(properties: properties, recipients: [recipient], attachments: attachments)
    }

    /// The body text of message `n`: words, `bytes` long.
    public static func body(_ n: Int, bytes: Int) -> String {
        let words = ["meeting", "quarterly", "report", "budget", "invoice", "project", "deadline", "review", "lunch", "travel"]
        var text = "Message \(n). "
        var index = UInt(truncatingIfNeeded: n)
        while text.utf8.count < bytes {
            text += words[Int(index % UInt(words.count))] + " "
            index = index &* 31 &+ 7
        }
        return String(text.utf8.prefix(bytes))!
    }

    /// The attachment bytes of message `n` (a cheap deterministic generator).
    public static func attachmentData(_ n: Int, bytes: Int) -> [UInt8] {
        var state = UInt64(truncatingIfNeeded: n) &* 0x9E37_79B9_7F4A_7C15 &+ 1
        var out = [UInt8](repeating: 0, count: bytes)
        var index = 0
        while index < bytes {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            var word = state
            for _ in 0..<8 where index < bytes {
                out[index] = UInt8(truncatingIfNeeded: word >> 56)
                word <<= 8
                index += 1
            }
        }
        return out
    }
}
