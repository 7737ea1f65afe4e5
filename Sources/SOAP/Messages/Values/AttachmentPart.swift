import MAPI

/// An attachment of a new item (`t:NewAttachment`): its properties and, for small data, the
/// bytes. Large data goes through CreateAttachment / AppendAttachment in chunks.
public struct AttachmentPart: Sendable, Hashable {
    /// Filename, MIME tag, content id…
    public var properties: [Property]
    /// The data, if any.
    public var data: [UInt8]?

    public init(properties: [Property], data: [UInt8]? = nil) {
        self.properties = properties
        self.data = data
    }

    init(element: XML.Element) throws(MAPIError) {
        let parts = try MessageParts(
            element, declared: [.init("props", .properties), .init("data", .base64, .optional)])
        self.init(properties: try parts.properties("props"), data: try parts.optionalBase64("data"))
    }

    func write(as name: String, to writer: inout XML.Writer) {
        writer.start("t:" + name)
        writer.part("props", properties: properties)
        writer.part("data", base64: data)
        writer.end()
    }
}
