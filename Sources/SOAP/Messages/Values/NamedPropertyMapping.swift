import MAPI

/// A property id and the named property it stands for (`t:NamedPropertyMapping`); `name` is nil
/// when the id maps to nothing.
public struct NamedPropertyMapping: Sendable, Hashable {
    public var id: UInt16
    public var name: NamedProperty?

    public init(id: UInt16, name: NamedProperty?) {
        self.id = id
        self.name = name
    }

    init(element: XML.Element) throws(MAPIError) {
        guard let text = element.attribute("id"), let id = UInt16(text) else {
            throw MAPIError(.invalidParameter, "<\(element.name.local)> needs id=\"…\" (0–65535)")
        }
        let parts = try MessageParts(element, declared: [.init("name", .namedProperty, .optional)])
        self.init(id: id, name: try parts.optional("name").map(MAPIXML.namedProperty))
    }

    func write(as name: String, to writer: inout XML.Writer) {
        writer.start("t:" + name, ["id": String(id)])
        if let named = self.name { MAPIXML.write(named, as: "name", to: &writer) }
        writer.end()
    }
}
