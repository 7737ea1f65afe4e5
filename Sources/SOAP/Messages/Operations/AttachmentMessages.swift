import MAPI

/// `CreateAttachment`: adds an attachment to an item. With `more` set the data is the first
/// chunk of an upload that AppendAttachment continues.
public struct CreateAttachmentRequest: SOAPRequestMessage, Hashable {
    public typealias Response = AttachmentUploadResponse<CreateAttachmentRequest>
    public static let operationName = "CreateAttachment"
    public var item: [UInt8]
    public var properties: [Property]
    public var data: [UInt8]?
    public var more: Bool?

    public init(item: [UInt8], properties: [Property], data: [UInt8]? = nil, more: Bool? = nil) {
        self.item = item
        self.properties = properties
        self.data = data
        self.more = more
    }

    public init(parts: MessageParts) throws(MAPIError) {
        self.init(
            item: try parts.base64("item"), properties: try parts.properties("props"), data: try parts.optionalBase64("data"),
            more: try parts.optionalBoolean("more"))
    }

    public func writeParts(to writer: inout XML.Writer) {
        writer.part("item", base64: item)
        writer.part("props", properties: properties)
        writer.part("data", base64: data)
        writer.part("more", boolean: more)
    }
}

/// `AppendAttachment`: the next chunk of an upload.
public struct AppendAttachmentRequest: SOAPRequestMessage, Hashable {
    public typealias Response = AttachmentUploadResponse<AppendAttachmentRequest>
    public static let operationName = "AppendAttachment"
    public var upload: String
    /// The number of bytes sent before this chunk (a repeated chunk is recognised by it).
    public var offset: Int64
    public var data: [UInt8]
    public var more: Bool?

    public init(upload: String, offset: Int64, data: [UInt8], more: Bool? = nil) {
        self.upload = upload
        self.offset = offset
        self.data = data
        self.more = more
    }

    public init(parts: MessageParts) throws(MAPIError) {
        self.init(
            upload: try parts.string("upload"), offset: try parts.long("offset"), data: try parts.base64("data"),
            more: try parts.optionalBoolean("more"))
    }

    public func writeParts(to writer: inout XML.Writer) {
        writer.part("upload", string: upload)
        writer.part("offset", integer: offset)
        writer.part("data", base64: data)
        writer.part("more", boolean: more)
    }
}

/// What CreateAttachment and AppendAttachment answer: the attachment's number once it is
/// attached; while an upload goes on, its id (CreateAttachment) or the bytes received so far
/// (AppendAttachment).
public struct AttachmentUploadResponse<Request: SOAPRequestMessage>: SOAPResponseMessage, Hashable {
    public static var operationName: String { Request.operationName }
    public var attachNum: Int32?
    public var upload: String?
    public var received: Int64?

    public init(attachNum: Int32? = nil, upload: String? = nil, received: Int64? = nil) {
        self.attachNum = attachNum
        self.upload = upload
        self.received = received
    }

    public init(parts: MessageParts) throws(MAPIError) {
        let declared = Set(Self.operation.response.map(\.name))
        self.init(
            attachNum: try parts.optionalInt("attachNum"),
            upload: declared.contains("upload") ? try parts.optionalString("upload") : nil,
            received: declared.contains("received") ? try parts.long("received") : nil)
    }

    public func writeParts(to writer: inout XML.Writer) {
        writer.part("attachNum", integer: attachNum)
        let declared = Set(Self.operation.response.map(\.name))
        if declared.contains("upload") { writer.part("upload", string: upload) }
        if declared.contains("received") { writer.part("received", integer: received ?? 0) }
    }
}

/// `GetAttachment`: properties and one chunk of the data.
public struct GetAttachmentRequest: SOAPRequestMessage, Hashable {
    public typealias Response = GetAttachmentResponse
    public static let operationName = "GetAttachment"
    public var item: [UInt8]
    public var attachNum: Int32
    public var offset: Int64?
    public var length: Int32?

    public init(item: [UInt8], attachNum: Int32, offset: Int64? = nil, length: Int32? = nil) {
        self.item = item
        self.attachNum = attachNum
        self.offset = offset
        self.length = length
    }

    public init(parts: MessageParts) throws(MAPIError) {
        self.init(
            item: try parts.base64("item"), attachNum: try parts.int("attachNum"), offset: try parts.optionalLong("offset"),
            length: try parts.optionalInt("length"))
    }

    public func writeParts(to writer: inout XML.Writer) {
        writer.part("item", base64: item)
        writer.part("attachNum", integer: attachNum)
        writer.part("offset", integer: offset)
        writer.part("length", integer: length)
    }
}

public struct GetAttachmentResponse: SOAPResponseMessage, Hashable {
    public static let operationName = "GetAttachment"
    public var properties: [Property]
    /// The chunk asked for (possibly shorter at the end).
    public var data: [UInt8]
    /// The size of the whole data.
    public var totalSize: Int64

    public init(properties: [Property], data: [UInt8], totalSize: Int64) {
        self.properties = properties
        self.data = data
        self.totalSize = totalSize
    }

    public init(parts: MessageParts) throws(MAPIError) {
        self.init(properties: try parts.properties("props"), data: try parts.base64("data"), totalSize: try parts.long("totalSize"))
    }

    public func writeParts(to writer: inout XML.Writer) {
        writer.part("props", properties: properties)
        writer.part("data", base64: data)
        writer.part("totalSize", integer: totalSize)
    }
}
