import SOAP

/// A folder of the store: its subfolders, its items, its changes.
///
/// A folder value holds its entry id and the properties it was read with (a hierarchy row:
/// name, class, counts); ``loaded()`` reads them again. Two folders are equal when their entry
/// ids are.
public struct Folder: Sendable, Hashable, CustomStringConvertible {
    /// The server (session) the folder was read through.
    public let server: Server
    /// PR_ENTRYID.
    public let entryID: EntryID
    /// The properties as read.
    public let properties: PropertyBag

    init(server: Server, entryID: EntryID, properties: PropertyBag) {
        self.server = server
        self.entryID = entryID
        self.properties = properties
    }

    /// A folder from a hierarchy row; nil when the row lacks PR_ENTRYID.
    init?(server: Server, row: PropertySet) {
        guard let id = row[tag: .entryID]?.bytes else { return nil }
        self.init(server: server, entryID: EntryID(id), properties: PropertyBag(row))
    }

    /// PR_DISPLAY_NAME (empty when not read).
    public var name: String { properties[.displayName] ?? "" }
    /// PR_CONTAINER_CLASS, e.g. `IPF.Note`.
    public var containerClass: String? { properties[.containerClass] }
    /// PR_DEPTH in a recursive listing (1 for children of the listed folder).
    public var depth: Int? { properties[.depth].map(Int.init) }

    /// The number of items, asked from the server now (PR_CONTENT_COUNT).
    public var count: Int {
        get async throws(TesseraClientError) { try await counter(.contentCount) }
    }

    /// The number of unread items, asked from the server now (PR_CONTENT_UNREAD).
    public var unreadCount: Int {
        get async throws(TesseraClientError) { try await counter(.contentUnreadCount) }
    }

    private func counter(_ key: PropertyKey<Int32>) async throws(TesseraClientError) -> Int {
        Int(try await server.getProps(entryID, tags: [key.tag])[key] ?? 0)
    }

    /// The folder with its properties read again.
    public func loaded() async throws(TesseraClientError) -> Folder { try await server.folder(entryID) }

    /// Deletes the folder with everything in it.
    public func delete() async throws(TesseraClientError) {
        _ = try await server.call(DeleteFolderRequest(folder: entryID.bytes))
    }

    /// Deletes every item in the folder (soft unless `hard`).
    public func empty(hard: Bool = false) async throws(TesseraClientError) {
        _ = try await server.call(EmptyFolderRequest(folder: entryID.bytes, hard: hard ? true : nil))
    }

    public static func == (a: Folder, b: Folder) -> Bool { a.entryID == b.entryID }
    public func hash(into hasher: inout Hasher) { hasher.combine(entryID) }

    /// `Inbox (0000…)`.
    public var description: String { "\(name) (\(entryID.hex))" }
}
