import MAPI

/// One event of GetNotifications (`t:Notification`).
public struct StoreNotification: Sendable, Hashable {
    /// What happened; an open set (clients ignore kinds they do not know).
    public struct Kind: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// An item arrived in the Inbox.
        public static let newMail = Kind(rawValue: "newMail")
        public static let itemCreated = Kind(rawValue: "itemCreated")
        public static let itemModified = Kind(rawValue: "itemModified")
        public static let itemDeleted = Kind(rawValue: "itemDeleted")
        public static let folderCreated = Kind(rawValue: "folderCreated")
        public static let folderModified = Kind(rawValue: "folderModified")
        public static let folderDeleted = Kind(rawValue: "folderDeleted")
    }

    public var kind: Kind
    /// The object's entry id (absent for objects deleted before they could be named).
    public var entryID: [UInt8]?
    /// Its folder's entry id.
    public var parentEntryID: [UInt8]?

    public init(kind: Kind, entryID: [UInt8]?, parentEntryID: [UInt8]?) {
        self.kind = kind
        self.entryID = entryID
        self.parentEntryID = parentEntryID
    }

    init(element: XML.Element) throws(MAPIError) {
        guard let kind = element.attribute("kind"), !kind.isEmpty else {
            throw MAPIError(.invalidParameter, "<\(element.name.local)> needs kind=\"…\"")
        }
        let parts = try MessageParts(
            element, declared: [.init("entryID", .base64, .optional), .init("parentEntryID", .base64, .optional)])
        self.init(
            kind: Kind(rawValue: kind), entryID: try parts.optionalBase64("entryID"),
            parentEntryID: try parts.optionalBase64("parentEntryID"))
    }

    func write(as name: String, to writer: inout XML.Writer) {
        writer.start("t:" + name, ["kind": kind.rawValue])
        writer.part("entryID", base64: entryID)
        writer.part("parentEntryID", base64: parentEntryID)
        writer.end()
    }
}
