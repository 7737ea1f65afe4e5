import Database
import MAPI

extension StoreEngine {
    /// Creates the private store of `owner` (a directory user id) with the standard folder tree.
    /// `MAPI_E_COLLISION` if the owner already has a store here.
    public func createStore(owner: String, displayName: String) throws(MAPIError) -> StoreInfo {
        guard !owner.isEmpty else { throw MAPIError(.invalidParameter, "a store needs an owner") }
        let guid = makeGUID()
        try write { tx in
            if try tx.reader.first("SELECT 1 FROM stores WHERE owner = ?", [.text(owner)]) != nil {
                throw MAPIError(.collision, "user \(owner) already has a store on this server")
            }
            var props = PropertySet()
            props[id: PropertyTag.displayName.id] = .unicode("Inbox - \(displayName)")
            props[id: PropertyTag.mailboxOwnerName.id] = .unicode(displayName)
            try tx.execute(
                "INSERT INTO stores (guid, owner, kind, root_folder, next_counter, props) VALUES (?, ?, 0, NULL, 1, ?)",
                [.blob(guid.bytes), .text(owner), .blob(PropertyCodec.encode(props))])
            let storeID = tx.connection.lastInsertID
            var ids: [StandardFolder: Int64] = [:]
            for folder in StandardFolder.allCases {
                var folderProps: [Property] = [Property(id: PropertyTag.displayName.id, value: .unicode(folder.displayName))]
                if let containerClass = folder.containerClass {
                    folderProps.append(Property(id: PropertyTag.containerClass.id, value: .unicode(containerClass)))
                }
                let created = try insertFolder(
                    tx, storeID: storeID, parentID: folder.parent.map { ids[$0]! }, name: folder.displayName,
                    special: folder, folderType: Int32(folder == .root ? FolderType.root.rawValue : FolderType.generic.rawValue),
                    properties: folderProps)
                ids[folder] = created.id
            }
            try tx.execute("UPDATE stores SET root_folder = ? WHERE id = ?", [.integer(ids[.root]!), .integer(storeID)])
        }
        guard let info = try store(owner: owner) else { throw MAPIError(.callFailed, "store vanished after creation") }
        logger.info("created store", metadata: ["store.guid": "\(guid)", "store.owner": "\(owner)"])
        return info
    }

    /// The store of `owner`, or nil.
    public func store(owner: String) throws(MAPIError) -> StoreInfo? {
        try read { tx in
            guard let row = try tx.first("SELECT \(StoreRow.columns) FROM stores WHERE owner = ?", [.text(owner)]) else {
                return nil
            }
            return try storeInfo(tx, try StoreRow(row))
        }
    }

    /// The store with this GUID; `MAPI_E_NOT_FOUND` otherwise.
    public func store(guid: GUID) throws(MAPIError) -> StoreInfo {
        try read { tx in try storeInfo(tx, try tx.store(guid)) }
    }

    /// Every store on this server (owner and GUID), for provisioning and admin.
    public func allStores() throws(MAPIError) -> [(owner: String, guid: GUID, orphaned: Bool)] {
        try read { tx in
            try tx.query("SELECT owner, guid, orphaned FROM stores ORDER BY owner").map { row in
                (try row.text(0), GUID(bytes: try row.blob(1))!, try row.integer(2) != 0)
            }
        }
    }

    /// Marks a store orphaned (its owner left the directory) or adopted again. Never deletes.
    public func setOrphaned(owner: String, _ orphaned: Bool) throws(MAPIError) {
        try write { tx in
            let changed = try tx.execute(
                "UPDATE stores SET orphaned = ? WHERE owner = ?", [.integer(orphaned ? 1 : 0), .text(owner)])
            if changed == 0 { throw MAPIError(.notFound, "no store for user \(owner)") }
        }
    }

    func storeInfo(_ tx: ReadTransaction, _ store: StoreRow) throws -> StoreInfo {
        var folders: [StandardFolder: EntryID] = [:]
        for row in try tx.query("SELECT special, source_key FROM folders WHERE store_id = ? AND special > 0", [.integer(store.id)]) {
            guard let folder = StandardFolder(rawValue: Int(try row.integer(0))), let key = SourceKey(bytes: try row.blob(1))
            else { continue }
            folders[folder] = EntryID(store: store.guid, kind: .folder, sourceKey: key)
        }
        let entryID = EntryID(store: store.guid, kind: .store, sourceKey: nil)
        var props = store.props
        props[id: PropertyTag.entryID.id] = .binary(entryID.bytes)
        props[id: PropertyTag.storeEntryID.id] = .binary(entryID.bytes)
        props[id: PropertyTag.recordKey.id] = .binary(store.guid.bytes)
        props[id: PropertyTag.storeRecordKey.id] = .binary(store.guid.bytes)
        for (folder, id) in folders {
            if let tag = folder.storeProperty { props[id: tag.id] = .binary(id.bytes) }
        }
        return StoreInfo(
            guid: store.guid, owner: store.owner, entryID: entryID, standardFolders: folders, orphaned: store.orphaned,
            properties: props)
    }
}
