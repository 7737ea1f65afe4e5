/// Name lookup for diagnostics: `PR_SUBJECT` for 0x0037001F.
extension PropertyTag {
    /// The MAPI name of a well-known tag, e.g. `PR_SUBJECT`; nil for other tags.
    ///
    /// An exact tag match wins; otherwise the name of a well-known tag with the same id is given
    /// (so a PT_STRING8 PR_SUBJECT is still `PR_SUBJECT`).
    public var name: String? {
        PropertyTagNames.byTag[rawValue] ?? PropertyTagNames.byID[id]
    }

    /// The well-known tag with this MAPI name (e.g. `PR_SUBJECT`), or nil.
    public init?(name: String) {
        guard let tag = PropertyTagNames.byName[name] else { return nil }
        self = tag
    }

    /// `PR_SUBJECT (0x0037001F)` for well-known tags, `0x8001001F` for others: for error messages.
    public var diagnosticName: String {
        if let name { return "\(name) (\(description))" }
        return description
    }

    /// The type's MAPI name, or `unknown type 0x….` (for diagnostics).
    var rawTypeDescription: String {
        type.map(String.init(describing:)) ?? "unknown type 0x\(hex4(rawType))"
    }
}

/// Lookup tables built once from ``PropertyTag/wellKnown``; the first name of a tag or id wins.
enum PropertyTagNames {
    static let byTag: [UInt32: String] = Dictionary(
        PropertyTag.wellKnown.map { ($0.tag.rawValue, $0.name) }, uniquingKeysWith: { first, _ in first })
    static let byID: [UInt16: String] = Dictionary(
        PropertyTag.wellKnown.map { ($0.tag.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    static let byName: [String: PropertyTag] = Dictionary(
        PropertyTag.wellKnown.map { ($0.name, $0.tag) }, uniquingKeysWith: { first, _ in first })
}
