import MAPI

/// `CreateItem`: an item with recipients and small attachments.
public struct CreateItemRequest: SOAPRequestMessage, Hashable {
    public typealias Response = CreatedResponse<CreateItemRequest>
    public static let operationName = "CreateItem"
    public var folder: [UInt8]
    public var properties: [Property]
    public var recipients: [[Property]]?
    public var attachments: [AttachmentPart]

    public init(folder: [UInt8], properties: [Property], recipients: [[Property]]? = nil, attachments: [AttachmentPart] = []) {
        self.folder = folder
        self.properties = properties
        self.recipients = recipients
        self.attachments = attachments
    }

    public init(parts: MessageParts) throws(MAPIError) {
        self.init(
            folder: try parts.base64("folder"), properties: try parts.properties("props"),
            recipients: try parts.optionalRows("recipients"), attachments: try parts.many("attachment", AttachmentPart.init))
    }

    public func writeParts(to writer: inout XML.Writer) {
        writer.part("folder", base64: folder)
        writer.part("props", properties: properties)
        writer.part("recipients", rows: recipients)
        for attachment in attachments { attachment.write(as: "attachment", to: &writer) }
    }
}

/// `GetItem`: properties, recipient table and attachment table.
public struct GetItemRequest: SOAPRequestMessage, Hashable {
    public typealias Response = GetItemResponse
    public static let operationName = "GetItem"
    public var item: [UInt8]
    public var tags: [PropertyTag]?

    public init(item: [UInt8], tags: [PropertyTag]? = nil) {
        self.item = item
        self.tags = tags
    }

    public init(parts: MessageParts) throws(MAPIError) {
        self.init(item: try parts.base64("item"), tags: try parts.optionalTags("tags"))
    }

    public func writeParts(to writer: inout XML.Writer) {
        writer.part("item", base64: item)
        writer.part("tags", tags: tags)
    }
}

public struct GetItemResponse: SOAPResponseMessage, Hashable {
    public static let operationName = "GetItem"
    public var properties: [Property]
    public var recipients: [[Property]]
    /// One row per attachment: its properties (PR_ATTACH_NUM, size, filename…), no data.
    public var attachments: [[Property]]

    public init(properties: [Property], recipients: [[Property]], attachments: [[Property]]) {
        self.properties = properties
        self.recipients = recipients
        self.attachments = attachments
    }

    public init(parts: MessageParts) throws(MAPIError) {
        self.init(
            properties: try parts.properties("props"), recipients: try parts.rows("recipients"),
            attachments: try parts.rows("attachments"))
    }

    public func writeParts(to writer: inout XML.Writer) {
        writer.part("props", properties: properties)
        writer.part("recipients", rows: recipients)
        writer.part("attachments", rows: attachments)
    }
}

/// `MoveItems` and `CopyItems`: items to another folder.
public struct MoveItemsRequest: SOAPRequestMessage, Hashable {
    public typealias Response = EmptyResponse<MoveItemsRequest>
    public static let operationName = "MoveItems"
    public var items: [[UInt8]]
    public var destination: [UInt8]

    public init(items: [[UInt8]], destination: [UInt8]) {
        self.items = items
        self.destination = destination
    }

    public init(parts: MessageParts) throws(MAPIError) {
        self.init(items: try parts.entryIDs("items"), destination: try parts.base64("destination"))
    }

    public func writeParts(to writer: inout XML.Writer) {
        writer.part("items", entryIDs: items)
        writer.part("destination", base64: destination)
    }
}

public struct CopyItemsRequest: SOAPRequestMessage, Hashable {
    public typealias Response = CopyItemsResponse
    public static let operationName = "CopyItems"
    public var items: [[UInt8]]
    public var destination: [UInt8]

    public init(items: [[UInt8]], destination: [UInt8]) {
        self.items = items
        self.destination = destination
    }

    public init(parts: MessageParts) throws(MAPIError) {
        self.init(items: try parts.entryIDs("items"), destination: try parts.base64("destination"))
    }

    public func writeParts(to writer: inout XML.Writer) {
        writer.part("items", entryIDs: items)
        writer.part("destination", base64: destination)
    }
}

/// The copies' entry ids, in the order of the request.
public struct CopyItemsResponse: SOAPResponseMessage, Hashable {
    public static let operationName = "CopyItems"
    public var items: [[UInt8]]

    public init(items: [[UInt8]]) { self.items = items }
    public init(parts: MessageParts) throws(MAPIError) { self.init(items: try parts.entryIDs("items")) }
    public func writeParts(to writer: inout XML.Writer) { writer.part("items", entryIDs: items) }
}

/// `DeleteItems` (soft unless hard).
public struct DeleteItemsRequest: SOAPRequestMessage, Hashable {
    public typealias Response = EmptyResponse<DeleteItemsRequest>
    public static let operationName = "DeleteItems"
    public var items: [[UInt8]]
    public var hard: Bool?

    public init(items: [[UInt8]], hard: Bool? = nil) {
        self.items = items
        self.hard = hard
    }

    public init(parts: MessageParts) throws(MAPIError) {
        self.init(items: try parts.entryIDs("items"), hard: try parts.optionalBoolean("hard"))
    }

    public func writeParts(to writer: inout XML.Writer) {
        writer.part("items", entryIDs: items)
        writer.part("hard", boolean: hard)
    }
}

/// `SetReadFlags`.
public struct SetReadFlagsRequest: SOAPRequestMessage, Hashable {
    public typealias Response = EmptyResponse<SetReadFlagsRequest>
    public static let operationName = "SetReadFlags"
    public var items: [[UInt8]]
    public var read: Bool

    public init(items: [[UInt8]], read: Bool) {
        self.items = items
        self.read = read
    }

    public init(parts: MessageParts) throws(MAPIError) {
        self.init(items: try parts.entryIDs("items"), read: try parts.boolean("read"))
    }

    public func writeParts(to writer: inout XML.Writer) {
        writer.part("items", entryIDs: items)
        writer.part("read", boolean: read)
    }
}

/// `SubmitMessage`: hands an item to the spooler.
public struct SubmitMessageRequest: SOAPRequestMessage, Hashable {
    public typealias Response = EmptyResponse<SubmitMessageRequest>
    public static let operationName = "SubmitMessage"
    public var item: [UInt8]

    public init(item: [UInt8]) { self.item = item }
    public init(parts: MessageParts) throws(MAPIError) { self.init(item: try parts.base64("item")) }
    public func writeParts(to writer: inout XML.Writer) { writer.part("item", base64: item) }
}
