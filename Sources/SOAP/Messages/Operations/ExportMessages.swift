import MAPI

/// `ExportItem`: an item as eml, ics or vcf.
public struct ExportItemRequest: SOAPRequestMessage, Hashable {
    public typealias Response = ExportItemResponse
    public static let operationName = "ExportItem"
    public var item: [UInt8]
    public var format: String

    public init(item: [UInt8], format: String) {
        self.item = item
        self.format = format
    }

    public init(parts: MessageParts) throws(MAPIError) {
        self.init(item: try parts.base64("item"), format: try parts.string("format"))
    }

    public func writeParts(to writer: inout XML.Writer) {
        writer.part("item", base64: item)
        writer.part("format", string: format)
    }
}

public struct ExportItemResponse: SOAPResponseMessage, Hashable {
    public static let operationName = "ExportItem"
    public var data: [UInt8]

    public init(data: [UInt8]) { self.data = data }
    public init(parts: MessageParts) throws(MAPIError) { self.init(data: try parts.base64("data")) }
    public func writeParts(to writer: inout XML.Writer) { writer.part("data", base64: data) }
}

/// `ImportItem`: an item created from eml, ics or vcf.
public struct ImportItemRequest: SOAPRequestMessage, Hashable {
    public typealias Response = ImportItemResponse
    public static let operationName = "ImportItem"
    public var folder: [UInt8]
    public var format: String
    public var data: [UInt8]

    public init(folder: [UInt8], format: String, data: [UInt8]) {
        self.folder = folder
        self.format = format
        self.data = data
    }

    public init(parts: MessageParts) throws(MAPIError) {
        self.init(folder: try parts.base64("folder"), format: try parts.string("format"), data: try parts.base64("data"))
    }

    public func writeParts(to writer: inout XML.Writer) {
        writer.part("folder", base64: folder)
        writer.part("format", string: format)
        writer.part("data", base64: data)
    }
}

public struct ImportItemResponse: SOAPResponseMessage, Hashable {
    public static let operationName = "ImportItem"
    public var entryID: [UInt8]

    public init(entryID: [UInt8]) { self.entryID = entryID }
    public init(parts: MessageParts) throws(MAPIError) { self.init(entryID: try parts.base64("entryID")) }
    public func writeParts(to writer: inout XML.Writer) { writer.part("entryID", base64: entryID) }
}
