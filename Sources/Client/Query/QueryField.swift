/// The property names the CLI's `--where` and `--sort` understand: short aliases
/// (`subject`, `from`, `date`…), MAPI names of well-known tags (`PR_SUBJECT`) and hex tags
/// (`0x0037001F`).
public enum QueryField {
    /// The aliases and the tags they stand for.
    public static let aliases: [(name: String, tag: PropertyTag)] = [
        ("subject", .subject),
        ("body", .body),
        ("from", .senderName),
        ("sender", .senderEmailAddress),
        ("to", .displayTo),
        ("cc", .displayCc),
        ("class", .messageClass),
        ("size", .messageSize),
        ("date", .messageDeliveryTime),
        ("sent", .clientSubmitTime),
        ("created", .creationTime),
        ("modified", .lastModificationTime),
        ("importance", .importance),
        ("attachments", .hasAttachments),
        ("flags", .messageFlags),
        ("name", .displayName),
    ]

    /// The alias of the read flag (MSGFLAG_READ in PR_MESSAGE_FLAGS).
    public static let read = "read"

    /// The tag `name` stands for (aliases ignore case); `invalidArgument` otherwise.
    public static func tag(named name: some StringProtocol) throws(TesseraClientError) -> PropertyTag {
        let text = String(name)
        if let alias = aliases.first(where: { $0.name == text.lowercased() }) { return alias.tag }
        if let tag = PropertyTag(name: text.uppercased()) { return tag }
        if text.lowercased().hasPrefix("0x"), let raw = UInt32(text.dropFirst(2), radix: 16) {
            do throws(MAPIError) {
                return try PropertyTag(rawValue: raw).validated()
            } catch {
                throw TesseraClientError(.invalidArgument, error.diagnostic)
            }
        }
        let known = aliases.map(\.name).joined(separator: ", ")
        throw TesseraClientError(.invalidArgument, "unknown field \"\(text)\" (use \(known), \(read), a PR_ name or a 0x tag)")
    }
}
