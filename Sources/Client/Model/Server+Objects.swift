import SOAP

/// Low-level access by entry id: the escape hatches for what the high-level API does not cover.
extension Server {
    /// Properties of a store, folder or item: all of them, or the given tags.
    public func getProps(_ entryID: EntryID, tags: [PropertyTag]? = nil) async throws(TesseraClientError) -> PropertyBag {
        PropertyBag(try await call(GetPropsRequest(object: entryID.bytes, tags: tags)).properties)
    }

    /// Sets properties of a folder or item; returns the object's new change key.
    @discardableResult
    public func setProps(_ entryID: EntryID, _ properties: [Property]) async throws(TesseraClientError) -> [UInt8] {
        try await call(SetPropsRequest(object: entryID.bytes, properties: properties)).changeKey
    }

    /// Deletes properties of a folder or item; returns the object's new change key.
    @discardableResult
    public func deleteProps(_ entryID: EntryID, _ tags: [PropertyTag]) async throws(TesseraClientError) -> [UInt8] {
        try await call(DeletePropsRequest(object: entryID.bytes, tags: tags)).changeKey
    }

    /// One page of a folder's contents table, exactly as `query` asks (at most
    /// `TableQuery.maximumLimit` rows).
    public func queryRows(_ folder: EntryID, _ query: TableQuery) async throws(TesseraClientError) -> TablePage {
        let answer = try await call(QueryRowsRequest(folder: folder.bytes, query: query))
        return TablePage(rows: answer.rows.map(PropertyBag.init), totalCount: Int(answer.totalCount))
    }

    /// The folder with this entry id, its properties loaded.
    public func folder(_ entryID: EntryID) async throws(TesseraClientError) -> Folder {
        Folder(server: self, entryID: entryID, properties: try await getProps(entryID, tags: FolderListing.columns))
    }

    /// The item with this entry id: all its properties, recipients and attachment rows.
    public func item(_ entryID: EntryID) async throws(TesseraClientError) -> Item {
        let answer = try await call(GetItemRequest(item: entryID.bytes))
        return Item(server: self, entryID: entryID, answer: answer)
    }
}

/// A page of a table: the rows and how many rows the whole table has.
public struct TablePage: Sendable, Hashable {
    /// The rows, each with the columns asked for (those the row has).
    public var rows: [PropertyBag]
    /// The number of rows of the whole table (all pages).
    public var totalCount: Int
}
