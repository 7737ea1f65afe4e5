import MAPI

/// `GetStore`: the session's store entry id and properties.
public struct GetStoreRequest: SOAPRequestMessage, Hashable {
    public typealias Response = GetStoreResponse
    public static let operationName = "GetStore"
    /// The properties wanted; nil for all.
    public var tags: [PropertyTag]?

    public init(tags: [PropertyTag]? = nil) { self.tags = tags }
    public init(parts: MessageParts) throws(MAPIError) { self.init(tags: try parts.optionalTags("tags")) }
    public func writeParts(to writer: inout XML.Writer) { writer.part("tags", tags: tags) }
}

public struct GetStoreResponse: SOAPResponseMessage, Hashable {
    public static let operationName = "GetStore"
    public var storeEntryID: [UInt8]
    public var properties: [Property]

    public init(storeEntryID: [UInt8], properties: [Property]) {
        self.storeEntryID = storeEntryID
        self.properties = properties
    }

    public init(parts: MessageParts) throws(MAPIError) {
        self.init(storeEntryID: try parts.base64("storeEntryID"), properties: try parts.properties("props"))
    }

    public func writeParts(to writer: inout XML.Writer) {
        writer.part("storeEntryID", base64: storeEntryID)
        writer.part("props", properties: properties)
    }
}

/// `GetHierarchy`: the folders under a folder as a table.
public struct GetHierarchyRequest: SOAPRequestMessage, Hashable {
    public typealias Response = TableResponse<GetHierarchyRequest>
    public static let operationName = "GetHierarchy"
    public var folder: [UInt8]
    public var recursive: Bool?
    public var query: TableQuery?

    public init(folder: [UInt8], recursive: Bool? = nil, query: TableQuery? = nil) {
        self.folder = folder
        self.recursive = recursive
        self.query = query
    }

    public init(parts: MessageParts) throws(MAPIError) {
        self.init(
            folder: try parts.base64("folder"), recursive: try parts.optionalBoolean("recursive"),
            query: try parts.optionalTableQuery("query"))
    }

    public func writeParts(to writer: inout XML.Writer) {
        writer.part("folder", base64: folder)
        writer.part("recursive", boolean: recursive)
        writer.part("query", query: query)
    }
}

/// A page of a table: rows and the number of rows the whole table has (GetHierarchy,
/// QueryRows).
public struct TableResponse<Request: SOAPRequestMessage>: SOAPResponseMessage, Hashable {
    public static var operationName: String { Request.operationName }
    public var rows: [[Property]]
    public var totalCount: Int32

    public init(rows: [[Property]], totalCount: Int32) {
        self.rows = rows
        self.totalCount = totalCount
    }

    public init(parts: MessageParts) throws(MAPIError) {
        self.init(rows: try parts.rows("rows"), totalCount: try parts.int("totalCount"))
    }

    public func writeParts(to writer: inout XML.Writer) {
        writer.part("rows", rows: rows)
        writer.part("totalCount", integer: totalCount)
    }
}

/// `CreateFolder`.
public struct CreateFolderRequest: SOAPRequestMessage, Hashable {
    public typealias Response = CreatedResponse<CreateFolderRequest>
    public static let operationName = "CreateFolder"
    public var parent: [UInt8]
    public var name: String
    public var properties: [Property]?

    public init(parent: [UInt8], name: String, properties: [Property]? = nil) {
        self.parent = parent
        self.name = name
        self.properties = properties
    }

    public init(parts: MessageParts) throws(MAPIError) {
        self.init(parent: try parts.base64("parent"), name: try parts.string("name"), properties: try parts.optionalProperties("props"))
    }

    public func writeParts(to writer: inout XML.Writer) {
        writer.part("parent", base64: parent)
        writer.part("name", string: name)
        writer.part("props", properties: properties)
    }
}

/// The identity of a created folder or item.
public struct CreatedResponse<Request: SOAPRequestMessage>: SOAPResponseMessage, Hashable {
    public static var operationName: String { Request.operationName }
    public var entryID: [UInt8]
    public var sourceKey: [UInt8]
    public var changeKey: [UInt8]

    public init(entryID: [UInt8], sourceKey: [UInt8], changeKey: [UInt8]) {
        self.entryID = entryID
        self.sourceKey = sourceKey
        self.changeKey = changeKey
    }

    public init(parts: MessageParts) throws(MAPIError) {
        self.init(entryID: try parts.base64("entryID"), sourceKey: try parts.base64("sourceKey"), changeKey: try parts.base64("changeKey"))
    }

    public func writeParts(to writer: inout XML.Writer) {
        writer.part("entryID", base64: entryID)
        writer.part("sourceKey", base64: sourceKey)
        writer.part("changeKey", base64: changeKey)
    }
}

/// `DeleteFolder`: the folder and everything in it.
public struct DeleteFolderRequest: SOAPRequestMessage, Hashable {
    public typealias Response = EmptyResponse<DeleteFolderRequest>
    public static let operationName = "DeleteFolder"
    public var folder: [UInt8]

    public init(folder: [UInt8]) { self.folder = folder }
    public init(parts: MessageParts) throws(MAPIError) { self.init(folder: try parts.base64("folder")) }
    public func writeParts(to writer: inout XML.Writer) { writer.part("folder", base64: folder) }
}

/// `EmptyFolder`: every item in it (soft unless hard).
public struct EmptyFolderRequest: SOAPRequestMessage, Hashable {
    public typealias Response = EmptyResponse<EmptyFolderRequest>
    public static let operationName = "EmptyFolder"
    public var folder: [UInt8]
    public var hard: Bool?

    public init(folder: [UInt8], hard: Bool? = nil) {
        self.folder = folder
        self.hard = hard
    }

    public init(parts: MessageParts) throws(MAPIError) {
        self.init(folder: try parts.base64("folder"), hard: try parts.optionalBoolean("hard"))
    }

    public func writeParts(to writer: inout XML.Writer) {
        writer.part("folder", base64: folder)
        writer.part("hard", boolean: hard)
    }
}
