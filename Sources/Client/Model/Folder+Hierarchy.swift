import SOAP

/// Subfolders, paths and new folders.
extension Folder {
    /// The folders below this one: its children, or with `recursive` all descendants
    /// depth-first (``depth`` says how deep).
    public func subfolders(recursive: Bool = false) async throws(TesseraClientError) -> [Folder] {
        try await FolderListing.rows(of: entryID, recursive: recursive, server.connection).compactMap {
            Folder(server: server, row: $0)
        }
    }

    /// The folder at `path` below this one (see ``FolderPath``); with `create`, missing
    /// folders on the way are created.
    public func folder(path: String, create: Bool = false) async throws(TesseraClientError) -> Folder {
        var resolver = FolderPathResolver(start: entryID, path: try FolderPath(parsing: path), create: create)
        var step = resolver.start()
        while true {
            switch step {
            case .list(let folder):
                step = resolver.children(try await FolderListing.children(of: folder, server.connection))
            case .create(let name, let parent):
                let created = try await server.call(CreateFolderRequest(parent: parent.bytes, name: name))
                step = resolver.created(EntryID(created.entryID))
            case .found(let folder):
                return folder == entryID ? self : try await server.folder(folder)
            case .fail(let error):
                throw error
            }
        }
    }

    /// Creates a subfolder called `name` (of class `containerClass`, e.g. `IPF.Note`).
    /// `MAPI_E_COLLISION` (a ``TesseraClientError/Code/server`` error) when the name is taken.
    public func createFolder(name: String, containerClass: String? = nil) async throws(TesseraClientError) -> Folder {
        var properties: [Property] = []
        if let containerClass { properties.append(Property(id: PropertyTag.containerClass.id, value: .unicode(containerClass))) }
        let created = try await server.call(
            CreateFolderRequest(parent: entryID.bytes, name: name, properties: properties.isEmpty ? nil : properties))
        var bag = PropertyBag(properties)
        bag.merge(loaded: [
            Property(id: PropertyTag.displayName.id, value: .unicode(name)),
            Property(id: PropertyTag.entryID.id, value: .binary(created.entryID)),
            Property(id: PropertyTag.sourceKey.id, value: .binary(created.sourceKey)),
        ])
        return Folder(server: server, entryID: EntryID(created.entryID), properties: bag)
    }
}
