/// A recipient of an item: a row of its recipient table.
public struct Recipient: Sendable, Hashable, CustomStringConvertible {
    /// PR_DISPLAY_NAME.
    public var name: String
    /// PR_EMAIL_ADDRESS (an SMTP address).
    public var email: String
    /// PR_RECIPIENT_TYPE: To, Cc or Bcc.
    public var type: RecipientType

    /// A recipient; the name defaults to the address.
    public init(email: String, name: String? = nil, type: RecipientType = .to) {
        self.email = email
        self.name = name ?? email
        self.type = type
    }

    /// Parses `a@example.org`, `<a@example.org>`, `Alice <a@example.org>` or
    /// `"Smith, Alice" <a@example.org>`; `invalidArgument` for anything without one address.
    public init(parsing text: String, type: RecipientType = .to) throws(TesseraClientError) {
        let trimmed = text.trimmingWhitespace()
        var name: Substring?
        var address = trimmed
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            address = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
            let before = trimmed[..<open].trimmingWhitespace()
            let unquoted = before.count >= 2 && before.hasPrefix("\"") && before.hasSuffix("\"") ? before.dropFirst().dropLast() : before
            name = unquoted.isEmpty ? nil : unquoted
        }
        address = address.trimmingWhitespace()
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, !address.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" })
        else {
            throw TesseraClientError(.invalidArgument, "\"\(text)\" is not an e-mail address (a@example.org or Name <a@example.org>)")
        }
        self.init(email: String(address), name: name.map(String.init), type: type)
    }

    /// A recipient from a recipient-table row.
    public init(row: PropertySet) {
        let email = row[tag: .emailAddress]?.string ?? row[tag: .smtpAddress]?.string ?? ""
        let name = row[tag: .displayName]?.string ?? row[tag: .recipientDisplayName]?.string
        let type = row[tag: .recipientType].flatMap { value -> RecipientType? in
            if case .long(let raw) = value { return RecipientType(propertyValue: raw) }
            return nil
        }
        self.init(email: email, name: name, type: type ?? .to)
    }

    /// The row CreateItem sends: PR_RECIPIENT_TYPE, PR_DISPLAY_NAME, PR_EMAIL_ADDRESS and
    /// PR_ADDRTYPE `SMTP`.
    public var row: [Property] {
        [
            Property(id: PropertyTag.recipientType.id, value: .long(Int32(bitPattern: type.rawValue))),
            Property(id: PropertyTag.displayName.id, value: .unicode(name)),
            Property(id: PropertyTag.addressType.id, value: .unicode("SMTP")),
            Property(id: PropertyTag.emailAddress.id, value: .unicode(email)),
        ]
    }

    /// `Alice <a@example.org>`, or the bare address when the name is the address.
    public var description: String { name == email ? email : "\(name) <\(email)>" }
}
