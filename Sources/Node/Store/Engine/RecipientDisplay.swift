import MAPI

/// PR_DISPLAY_TO, PR_DISPLAY_CC and PR_DISPLAY_BCC: the store derives them from the recipient
/// table whenever it changes (as Kopano does), so tables can show them without reading recipients.
enum RecipientDisplay {
    static func properties(of recipients: [PropertySet]) -> [Property] {
        var names: [RecipientType: [String]] = [.to: [], .cc: [], .bcc: []]
        for recipient in recipients {
            let rawType = UInt32(truncatingIfNeeded: recipient[tag: .recipientType]?.integer ?? Int64(RecipientType.to.rawValue))
            // The high bits are flags (P1, submitted); the low ones the type.
            let type = RecipientType(rawValue: rawType & 0x0FFF_FFFF) ?? .to
            guard type != .originator else { continue }
            let name = recipient[tag: .displayName]?.string ?? recipient[tag: .emailAddress]?.string
                ?? recipient[tag: .smtpAddress]?.string ?? ""
            names[type, default: []].append(name)
        }
        return [
            Property(id: PropertyTag.displayTo.id, value: .unicode(names[.to, default: []].joined(separator: "; "))),
            Property(id: PropertyTag.displayCc.id, value: .unicode(names[.cc, default: []].joined(separator: "; "))),
            Property(id: PropertyTag.displayBcc.id, value: .unicode(names[.bcc, default: []].joined(separator: "; "))),
        ]
    }
}
