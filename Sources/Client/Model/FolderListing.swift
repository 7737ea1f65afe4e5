import SOAP

/// Reads hierarchy tables, all pages of them.
enum FolderListing {
    /// The columns of folder rows: identity, name, class and counts.
    static let columns: [PropertyTag] = [
        .entryID, .parentEntryID, .displayName, .containerClass, .contentCount, .contentUnreadCount, .subfolders,
        .folderChildCount, .depth,
    ]

    /// Every row of `folder`'s hierarchy table (its children, or all descendants).
    static func rows(of folder: EntryID, recursive: Bool, _ connection: SOAPConnection) async throws(TesseraClientError)
        -> [PropertySet]
    {
        var rows: [PropertySet] = []
        var paging = TablePaging()
        while let page = paging.next() {
            let query = TableQuery(columns: columns, offset: page.offset, limit: page.limit)
            let answer = try await connection.call(GetHierarchyRequest(folder: folder.bytes, recursive: recursive, query: query))
            rows += answer.rows.map(PropertySet.init)
            paging.received(rows: answer.rows.count, totalCount: Int(answer.totalCount))
        }
        return rows
    }

    /// The names and entry ids of `folder`'s children.
    static func children(of folder: EntryID, _ connection: SOAPConnection) async throws(TesseraClientError)
        -> [(name: String, entryID: EntryID)]
    {
        try await rows(of: folder, recursive: false, connection).compactMap { row in
            guard let id = row[tag: .entryID]?.bytes else { return nil }
            return (row[tag: .displayName]?.string ?? "", EntryID(id))
        }
    }
}
