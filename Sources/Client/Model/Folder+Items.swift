import SOAP

/// The items of a folder: listing, searching, creating.
extension Folder {
    /// The items matching `restriction` (all when nil) in the order of `sortedBy`, from
    /// `offset`, at most `limit` of them (nil: all, read in pages), each with `columns`
    /// (default ``Item/defaultColumns``; PR_ENTRYID is always added).
    ///
    /// ```swift
    /// let unread = try await inbox.items(
    ///     where: .bitmask(tag: .messageFlags, mask: MessageFlags.read.rawValue, test: .equalsZero),
    ///     sortedBy: [SortKey(.messageDeliveryTime, ascending: false)], limit: 20)
    /// ```
    public func items(
        where restriction: Restriction? = nil, sortedBy sort: [SortKey] = [], offset: Int = 0, limit: Int? = nil,
        columns: [PropertyTag] = Item.defaultColumns
    ) async throws(TesseraClientError) -> [Item] {
        let columns = columns.contains(.entryID) ? columns : [.entryID] + columns
        var items: [Item] = []
        var paging = TablePaging(offset: offset, limit: limit)
        while let page = paging.next() {
            let query = TableQuery(columns: columns, restriction: restriction, sort: sort, offset: page.offset, limit: page.limit)
            let answer = try await server.queryRows(entryID, query)
            items += answer.rows.compactMap { Item(server: server, row: $0) }
            paging.received(rows: answer.rows.count, totalCount: answer.totalCount)
        }
        return items
    }

    /// Full-text search in the folder (and its subfolders with `recursive`), best matches
    /// first; each item is read with ``Item/defaultColumns`` (one GetProps per item).
    public func search(_ text: String, recursive: Bool = false, limit: Int = 50) async throws(TesseraClientError) -> [Item] {
        let found = try await server.call(
            SearchRequest(folder: entryID.bytes, query: text, recursive: recursive, limit: Int32(clamping: limit)))
        var items: [Item] = []
        for id in found.items {
            let entryID = EntryID(id)
            items.append(Item(server: server, entryID: entryID, properties: try await server.getProps(entryID, tags: Item.defaultColumns)))
        }
        return items
    }

    /// Creates an item: subject, plain-text body, recipients (`"a@example.org"` or
    /// `"Alice <a@example.org>"`), further properties and attachments.
    ///
    /// Attachments go in the CreateItem request while their sizes add up to at most
    /// ``ClientOptions/singleUploadLimit``; the others are added afterwards with
    /// ``Item/addAttachment(name:data:mimeType:)`` (chunked when large).
    public func createItem(
        subject: String? = nil, body: String? = nil, to: [String] = [], cc: [String] = [], bcc: [String] = [],
        messageClass: String = "IPM.Note", properties: [Property] = [], attachments: [NewAttachment] = []
    ) async throws(TesseraClientError) -> Item {
        var bag = PropertyBag([Property(id: PropertyTag.messageClass.id, value: .unicode(messageClass))] + properties)
        if let subject { bag[.subject] = subject }
        if let body { bag[.body] = body }
        let recipients =
            try to.map { text throws(TesseraClientError) in try Recipient(parsing: text, type: .to) }
            + cc.map { text throws(TesseraClientError) in try Recipient(parsing: text, type: .cc) }
            + bcc.map { text throws(TesseraClientError) in try Recipient(parsing: text, type: .bcc) }
        let (inline, later) = NewAttachment.split(attachments, inlineBudget: server.options.singleUploadLimit)
        let created = try await server.call(
            CreateItemRequest(
                folder: entryID.bytes, properties: bag.values.properties,
                recipients: recipients.isEmpty ? nil : recipients.map(\.row), attachments: inline.map(\.part)))
        bag.markSaved()
        bag.merge(loaded: [
            Property(id: PropertyTag.entryID.id, value: .binary(created.entryID)),
            Property(id: PropertyTag.sourceKey.id, value: .binary(created.sourceKey)),
            Property(id: PropertyTag.changeKey.id, value: .binary(created.changeKey)),
        ])
        let item = Item(server: server, entryID: EntryID(created.entryID), properties: bag, recipients: recipients)
        for attachment in later {
            _ = try await item.addAttachment(name: attachment.name, data: attachment.data, mimeType: attachment.mimeType)
        }
        return item
    }

    /// Moves items here from wherever they are.
    public func move(_ items: [Item]) async throws(TesseraClientError) {
        guard !items.isEmpty else { return }
        _ = try await server.call(MoveItemsRequest(items: items.map(\.entryID.bytes), destination: entryID.bytes))
    }

    /// Deletes items of this folder (soft unless `hard`).
    public func delete(_ items: [Item], hard: Bool = false) async throws(TesseraClientError) {
        guard !items.isEmpty else { return }
        _ = try await server.call(DeleteItemsRequest(items: items.map(\.entryID.bytes), hard: hard ? true : nil))
    }
}
