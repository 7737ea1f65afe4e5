import SOAP

/// What can be done with an item as a whole.
extension Item {
    /// Moves the item to `folder`.
    public func move(to folder: Folder) async throws(TesseraClientError) {
        _ = try await server.call(MoveItemsRequest(items: [entryID.bytes], destination: folder.entryID.bytes))
    }

    /// Copies the item to `folder`; returns the copy (with this item's properties as read, and its
    /// own entry id).
    public func copy(to folder: Folder) async throws(TesseraClientError) -> Item {
        let answer = try await server.call(CopyItemsRequest(items: [entryID.bytes], destination: folder.entryID.bytes))
        guard let id = answer.items.first else {
            throw TesseraClientError(.network, "CopyItems answered without the copy's entry id")
        }
        var copied = PropertyBag(properties.values)
        copied.merge(loaded: [Property(id: PropertyTag.entryID.id, value: .binary(id))])
        return Item(server: server, entryID: EntryID(id), properties: copied)
    }

    /// Deletes the item: soft (recoverable) unless `hard`.
    public func delete(hard: Bool = false) async throws(TesseraClientError) {
        _ = try await server.call(DeleteItemsRequest(items: [entryID.bytes], hard: hard ? true : nil))
    }

    /// Marks the item read (or unread).
    public func markRead(_ read: Bool = true) async throws(TesseraClientError) {
        _ = try await server.call(SetReadFlagsRequest(items: [entryID.bytes], read: read))
    }

    /// Submits the item for delivery to its recipients (the spooler sends it).
    public func send() async throws(TesseraClientError) {
        _ = try await server.call(SubmitMessageRequest(item: entryID.bytes))
    }

    /// The item as `eml`, `ics` or `vcf` bytes.
    public func export(format: String = "eml") async throws(TesseraClientError) -> [UInt8] {
        try await server.call(ExportItemRequest(item: entryID.bytes, format: format)).data
    }
}
