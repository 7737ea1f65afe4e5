import SOAP

/// What the client learns about the store at logon: its entry id, properties and where the
/// standard folders are.
struct StoreSnapshot: Sendable {
    var entryID: EntryID
    var guid: GUID
    var properties: PropertySet
    var standardFolders: [StandardFolder: EntryID]

    /// Reads the store (GetStore) and locates the standard folders: from the store properties,
    /// then, for those they leave out, by name among the IPM subtree's children (one
    /// GetHierarchy) and the subtree's parent for the root (one GetProps).
    static func load(_ connection: SOAPConnection, logon: LogonResponse) async throws(TesseraClientError) -> StoreSnapshot {
        let store = try await connection.call(GetStoreRequest())
        let properties = PropertySet(store.properties)
        var folders = StandardFolderLocator.fromStore(properties)
        if let subtree = folders[.ipmSubtree] {
            let missing = StandardFolderLocator.missingBelowSubtree(folders)
            if !missing.isEmpty {
                let children = try await FolderListing.children(of: subtree, connection)
                folders.merge(StandardFolderLocator.byName(children, missing: missing)) { known, _ in known }
            }
            if folders[.root] == nil {
                let props = try await connection.call(GetPropsRequest(object: subtree.bytes, tags: [.parentEntryID]))
                if let parent = PropertySet(props.properties)[tag: .parentEntryID]?.bytes { folders[.root] = EntryID(parent) }
            }
        }
        return StoreSnapshot(
            entryID: EntryID(store.storeEntryID), guid: logon.storeGUID, properties: properties, standardFolders: folders)
    }
}
