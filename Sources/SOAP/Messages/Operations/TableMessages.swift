import MAPI

/// `QueryRows`: a stateless page of a folder's contents table.
public struct QueryRowsRequest: SOAPRequestMessage, Hashable {
    public typealias Response = TableResponse<QueryRowsRequest>
    public static let operationName = "QueryRows"
    public var folder: [UInt8]
    public var query: TableQuery

    public init(folder: [UInt8], query: TableQuery) {
        self.folder = folder
        self.query = query
    }

    public init(parts: MessageParts) throws(MAPIError) {
        self.init(folder: try parts.base64("folder"), query: try parts.tableQuery("query"))
    }

    public func writeParts(to writer: inout XML.Writer) {
        writer.part("folder", base64: folder)
        writer.part("query", query: query)
    }
}

/// `Search`: full-text search in a folder (optionally with its subfolders).
public struct SearchRequest: SOAPRequestMessage, Hashable {
    public typealias Response = SearchResponse
    public static let operationName = "Search"
    public var folder: [UInt8]
    public var query: String
    public var recursive: Bool?
    public var limit: Int32?

    public init(folder: [UInt8], query: String, recursive: Bool? = nil, limit: Int32? = nil) {
        self.folder = folder
        self.query = query
        self.recursive = recursive
        self.limit = limit
    }

    public init(parts: MessageParts) throws(MAPIError) {
        self.init(
            folder: try parts.base64("folder"), query: try parts.string("query"), recursive: try parts.optionalBoolean("recursive"),
            limit: try parts.optionalInt("limit"))
    }

    public func writeParts(to writer: inout XML.Writer) {
        writer.part("folder", base64: folder)
        writer.part("query", string: query)
        writer.part("recursive", boolean: recursive)
        writer.part("limit", integer: limit)
    }
}

/// The matching items' entry ids, best first.
public struct SearchResponse: SOAPResponseMessage, Hashable {
    public static let operationName = "Search"
    public var items: [[UInt8]]

    public init(items: [[UInt8]]) { self.items = items }
    public init(parts: MessageParts) throws(MAPIError) { self.init(items: try parts.entryIDs("items")) }
    public func writeParts(to writer: inout XML.Writer) { writer.part("items", entryIDs: items) }
}
