import MAPI

/// One change of an ICS export or import (`t:Change`), identified by its source key.
public struct SyncChange: Sendable, Hashable {
    /// What happened.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Created or modified: `properties` hold the object's state.
        case upsert
        /// Deleted (`hard` says whether it can still be restored).
        case delete
        /// Only the read flag changed (items).
        case readState
    }

    public var kind: Kind
    /// The object's source key.
    public var sourceKey: [UInt8]
    /// The parent folder's source key (hierarchy changes).
    public var parentSourceKey: [UInt8]?
    /// The version this change produces (upserts from the server; the client's own on import).
    public var changeKey: [UInt8]?
    /// The versions this change has seen (conflict detection on import).
    public var predecessorChangeList: [UInt8]?
    /// The object's properties (upserts).
    public var properties: [Property]?
    /// The read state (read-state changes).
    public var read: Bool?
    /// Whether a deletion is hard (not restorable).
    public var hard: Bool?

    public init(
        kind: Kind, sourceKey: [UInt8], parentSourceKey: [UInt8]? = nil, changeKey: [UInt8]? = nil,
        predecessorChangeList: [UInt8]? = nil, properties: [Property]? = nil, read: Bool? = nil, hard: Bool? = nil
    ) {
        self.kind = kind
        self.sourceKey = sourceKey
        self.parentSourceKey = parentSourceKey
        self.changeKey = changeKey
        self.predecessorChangeList = predecessorChangeList
        self.properties = properties
        self.read = read
        self.hard = hard
    }

    private static let declared: [SOAPOperation.Part] = [
        .init("sourceKey", .base64), .init("parentSourceKey", .base64, .optional), .init("changeKey", .base64, .optional),
        .init("predecessorChangeList", .base64, .optional), .init("props", .properties, .optional),
        .init("read", .boolean, .optional), .init("hard", .boolean, .optional),
    ]

    init(element: XML.Element) throws(MAPIError) {
        guard let kindText = element.attribute("kind"), let kind = Kind(rawValue: kindText) else {
            throw MAPIError(.invalidParameter, "<\(element.name.local)> needs kind=\"upsert|delete|readState\"")
        }
        let parts = try MessageParts(element, declared: Self.declared)
        self.init(
            kind: kind, sourceKey: try parts.base64("sourceKey"), parentSourceKey: try parts.optionalBase64("parentSourceKey"),
            changeKey: try parts.optionalBase64("changeKey"),
            predecessorChangeList: try parts.optionalBase64("predecessorChangeList"),
            properties: try parts.optionalProperties("props"), read: try parts.optionalBoolean("read"),
            hard: try parts.optionalBoolean("hard"))
        switch kind {
        case .upsert where properties == nil:
            throw MAPIError(.invalidParameter, "an upsert change needs <props>")
        case .readState where read == nil:
            throw MAPIError(.invalidParameter, "a readState change needs <read>")
        default: break
        }
    }

    func write(as name: String, to writer: inout XML.Writer) {
        writer.start("t:" + name, ["kind": kind.rawValue])
        writer.part("sourceKey", base64: sourceKey)
        writer.part("parentSourceKey", base64: parentSourceKey)
        writer.part("changeKey", base64: changeKey)
        writer.part("predecessorChangeList", base64: predecessorChangeList)
        writer.part("props", properties: properties)
        writer.part("read", boolean: read)
        writer.part("hard", boolean: hard)
        writer.end()
    }
}
