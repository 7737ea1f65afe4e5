import Database
import MAPI

extension StoreEngine {
    /// Creates a folder under `parent`. `MAPI_E_COLLISION` when a sibling has the same name
    /// (compared case-insensitively).
    public func createFolder(
        in parent: EntryID, name: String, properties: [Property] = []
    ) throws(MAPIError) -> ObjectIdentity {
        try validateFolderName(name)
        try validateIncoming(properties)
        return try write { tx in
            let (store, parentRow) = try tx.reader.folder(parent)
            var props = properties.filter { $0.id != PropertyTag.displayName.id }
            props.append(Property(id: PropertyTag.displayName.id, value: .unicode(name)))
            let created = try insertFolder(
                tx, storeID: store.id, parentID: parentRow.id, name: name, special: nil,
                folderType: Int32(FolderType.generic.rawValue), properties: props)
            return ObjectIdentity(store: store.guid, kind: .folder, sourceKey: created.sourceKey, changeKey: created.changeKey)
        }
    }

    /// A folder's properties, stored and computed (counts, keys, entry ids).
    public func folderProperties(_ folder: EntryID) throws(MAPIError) -> PropertySet {
        try read { tx in
            let (store, row) = try tx.reader.folder(folder)
            // With the store id, so that the index on (store_id, parent_id, …) answers it: by
            // parent_id alone it scans the folders of every store on the server.
            let children = try tx.first(
                "SELECT COUNT(*) FROM folders WHERE store_id = ? AND parent_id = ?", [.integer(row.storeID), .integer(row.id)])?.integer(0) ?? 0
            let parentKey = try row.parentID.map { try tx.folder(id: $0).sourceKey }
            return computedFolderProperties(row, store: store, parentKey: parentKey, childCount: children)
        }
    }

    /// Sets properties on a folder (a new PR_DISPLAY_NAME renames it). Returns the new change key.
    @discardableResult
    public func setFolderProperties(_ folder: EntryID, _ properties: [Property]) throws(MAPIError) -> ChangeKey {
        try validateIncoming(properties)
        if let name = properties.first(where: { $0.id == PropertyTag.displayName.id })?.value.string {
            try validateFolderName(name)
        }
        return try write { tx in
            let (store, row) = try tx.reader.folder(folder)
            var props = row.props
            for property in properties { props.set(property) }
            return try updateFolder(tx, store: store, row: row, props: props)
        }
    }

    /// Removes properties from a folder. PR_DISPLAY_NAME cannot be removed.
    @discardableResult
    public func deleteFolderProperties(_ folder: EntryID, _ tags: [PropertyTag]) throws(MAPIError) -> ChangeKey {
        for tag in tags {
            _ = try tag.validated()
            if tag.id == PropertyTag.displayName.id || ComputedProperties.isReadOnly(tag.id) {
                throw MAPIError(.noAccess, "property \(tag) of a folder cannot be removed")
            }
        }
        return try write { tx in
            let (store, row) = try tx.reader.folder(folder)
            var props = row.props
            for tag in tags { props.remove(id: tag.id) }
            return try updateFolder(tx, store: store, row: row, props: props)
        }
    }

    /// Moves a folder (with everything below it) under `newParent`, optionally renaming it.
    /// `MAPI_E_FOLDER_CYCLE` when `newParent` is the folder itself or below it; standard folders
    /// cannot be moved (`MAPI_E_NO_ACCESS`).
    public func moveFolder(_ folder: EntryID, to newParent: EntryID, newName: String? = nil) throws(MAPIError) {
        if let newName { try validateFolderName(newName) }
        guard folder.store == newParent.store else {
            throw MAPIError(.noSupport, "folders move within one store; copy across stores")
        }
        try write { tx in
            let (store, row) = try tx.reader.folder(folder)
            let (_, target) = try tx.reader.folder(newParent)
            if let special = row.special { throw MAPIError(.noAccess, "the standard folder \(special) cannot be moved") }
            var ancestor: Int64? = target.id
            while let current = ancestor {
                if current == row.id { throw MAPIError(.folderCycle, "cannot move a folder below itself") }
                ancestor = try tx.reader.first("SELECT parent_id FROM folders WHERE id = ?", [.integer(current)])?[0].integer
            }
            var props = row.props
            if let newName { props[id: PropertyTag.displayName.id] = .unicode(newName) }
            try tx.execute("UPDATE folders SET parent_id = ? WHERE id = ?", [.integer(target.id), .integer(row.id)])
            var moved = row
            moved.parentID = target.id
            _ = try updateFolder(tx, store: store, row: moved, props: props)
        }
    }

    /// Deletes a folder with all its subfolders and messages (hard). Standard folders cannot be
    /// deleted (`MAPI_E_NO_ACCESS`).
    public func deleteFolder(_ folder: EntryID) throws(MAPIError) {
        try write { tx in
            let (store, row) = try tx.reader.folder(folder)
            if let special = row.special { throw MAPIError(.noAccess, "the standard folder \(special) cannot be deleted") }
            try purgeFolderTree(tx, store: store, root: row)
        }
    }

    /// Empties a folder: deletes its messages (soft, recoverable, unless `hard`) and its subfolders.
    public func emptyFolder(_ folder: EntryID, hard: Bool = false) throws(MAPIError) {
        try write { tx in
            let (store, row) = try tx.reader.folder(folder)
            for child in try tx.reader.query(
                "SELECT \(FolderRow.columns) FROM folders WHERE store_id = ? AND parent_id = ?", [.integer(row.storeID), .integer(row.id)]) {
                let childRow = try FolderRow(child)
                if childRow.special != nil { continue }
                try purgeFolderTree(tx, store: store, root: childRow)
            }
            // Soft: the live messages become recoverable. Hard: every message goes, recoverable ones too.
            let scope = hard ? "" : " AND deleted = 0"
            let ids = try tx.reader.query("SELECT id FROM messages WHERE folder_id = ?\(scope)", [.integer(row.id)])
                .map { try $0.integer(0) }
            try removeMessages(tx, store: store, ids: ids, soft: !hard)
        }
    }

    /// The hierarchy table below a folder: its children (or all descendants when `recursive`,
    /// depth-first) with stored and computed properties, PR_DEPTH counting from 1.
    public func hierarchy(of folder: EntryID, recursive: Bool = false) throws(MAPIError) -> [PropertySet] {
        try read { tx in
            let (store, root) = try tx.reader.folder(folder)
            let all = try tx.query("SELECT \(FolderRow.columns) FROM folders WHERE store_id = ?", [.integer(store.id)])
                .map(FolderRow.init)
            let children = Dictionary(grouping: all.filter { $0.parentID != nil }, by: { $0.parentID! })
            var keys: [Int64: SourceKey] = [:]
            for row in all { keys[row.id] = row.sourceKey }
            var out: [PropertySet] = []
            func visit(_ parent: Int64, depth: Int32) {
                // By name as tables sort strings (case-folded sort keys), then by creation.
                let sorted = (children[parent] ?? []).sorted {
                    TableSorting.areInOrder(($0.props, $0.id), ($1.props, $1.id), by: [SortKey(.displayName)])
                }
                for row in sorted {
                    var props = computedFolderProperties(
                        row, store: store, parentKey: keys[parent], childCount: Int64(children[row.id]?.count ?? 0))
                    props[id: PropertyTag.depth.id] = .long(depth)
                    out.append(props)
                    if recursive { visit(row.id, depth: depth + 1) }
                }
            }
            visit(root.id, depth: 1)
            return out
        }
    }

    // MARK: - Internals

    func insertFolder(
        _ tx: WriteTransaction, storeID: Int64, parentID: Int64?, name: String, special: StandardFolder?,
        folderType: Int32, properties: [Property], identity: (SourceKey, ChangeKey, PredecessorChangeList)? = nil
    ) throws -> (id: Int64, sourceKey: SourceKey, changeKey: ChangeKey) {
        let counter = try tx.allocate(store: storeID)
        let (newKey, newChange) = tx.keys(counter: counter)
        let sourceKey = identity?.0 ?? newKey
        let changeKey = identity?.1 ?? newChange
        var props = PropertySet(properties)
        var history = identity?.2 ?? PredecessorChangeList()
        history.add(changeKey)
        props[id: PropertyTag.changeKey.id] = .binary(changeKey.bytes)
        props[id: PropertyTag.predecessorChangeList.id] = .binary(history.bytes)
        props[id: PropertyTag.folderType.id] = .long(folderType)
        props[id: PropertyTag.creationTime.id] = .sysTime(tx.now)
        props[id: PropertyTag.lastModificationTime.id] = .sysTime(tx.now)
        if parentID != nil, try siblingNamed(tx.reader, storeID: storeID, parentID: parentID, name: name, except: nil) {
            throw MAPIError(.collision, "a folder named \"\(name)\" already exists there")
        }
        try tx.execute(
            """
            INSERT INTO folders (store_id, parent_id, source_key, name_key, special, folder_type, change_num, created_num, props)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .integer(storeID), parentID.map(SQLValue.integer) ?? .null, .blob(sourceKey.bytes),
                .text(StringFolding.fold(name)), .integer(Int64(special?.rawValue ?? 0)), .integer(Int64(folderType)),
                .integer(counter), .integer(counter), .blob(PropertyCodec.encode(props)),
            ])
        return (tx.connection.lastInsertID, sourceKey, changeKey)
    }

    /// Writes new folder properties with a new change number, and a new change key and history
    /// (or, for an imported version, its own).
    func updateFolder(
        _ tx: WriteTransaction, store: StoreRow, row: FolderRow, props newProps: PropertySet,
        identity: (ChangeKey, PredecessorChangeList)? = nil
    ) throws -> ChangeKey {
        var props = newProps
        let name = props[tag: .displayName]?.string ?? ""
        if row.special == nil, row.parentID != nil,
            try siblingNamed(tx.reader, storeID: store.id, parentID: row.parentID, name: name, except: row.id)
        {
            throw MAPIError(.collision, "a folder named \"\(name)\" already exists there")
        }
        let counter = try tx.allocate(store: store.id)
        let changeKey = identity?.0 ?? ChangeKey(server: serverGUID, changeNumber: counter)
        var history = identity?.1
            ?? props[tag: .predecessorChangeList]?.bytes.flatMap(PredecessorChangeList.init(bytes:)) ?? PredecessorChangeList()
        history.add(changeKey)
        props[id: PropertyTag.changeKey.id] = .binary(changeKey.bytes)
        props[id: PropertyTag.predecessorChangeList.id] = .binary(history.bytes)
        if identity == nil || props[id: PropertyTag.lastModificationTime.id] == nil {
            props[id: PropertyTag.lastModificationTime.id] = .sysTime(tx.now)
        }
        try tx.execute(
            "UPDATE folders SET name_key = ?, change_num = ?, props = ? WHERE id = ?",
            [.text(StringFolding.fold(name)), .integer(counter), .blob(PropertyCodec.encode(props)), .integer(row.id)])
        return changeKey
    }

    func siblingNamed(_ tx: ReadTransaction, storeID: Int64, parentID: Int64?, name: String, except: Int64?) throws -> Bool {
        guard let parentID else { return false }
        let row = try tx.first(
            "SELECT id FROM folders WHERE store_id = ? AND parent_id = ? AND name_key = ?",
            [.integer(storeID), .integer(parentID), .text(StringFolding.fold(name))])
        guard let row else { return false }
        return try row.integer(0) != except
    }

    /// Deletes a folder subtree: messages hard, folders with hierarchy tombstones.
    func purgeFolderTree(_ tx: WriteTransaction, store: StoreRow, root: FolderRow) throws {
        var order: [FolderRow] = []
        var queue = [root]
        while let next = queue.popLast() {
            order.append(next)
            queue += try tx.reader.query(
                "SELECT \(FolderRow.columns) FROM folders WHERE store_id = ? AND parent_id = ?", [.integer(next.storeID), .integer(next.id)])
                .map(FolderRow.init)
        }
        let counter = try tx.allocate(store: store.id, count: order.count)
        for (offset, folder) in order.reversed().enumerated() {
            let ids = try tx.reader.query("SELECT id FROM messages WHERE folder_id = ?", [.integer(folder.id)]).map { try $0.integer(0) }
            try purgeMessageRows(tx, ids: ids)
            // The folder's message tombstones go with it; the hierarchy tombstones of its subfolders
            // (whose folder_id is this folder) stay, so ICS reports every deleted folder.
            try tx.execute("DELETE FROM tombstones WHERE folder_id = ? AND is_folder = 0", [.integer(folder.id)])
            try tx.execute(
                "INSERT INTO tombstones (store_id, folder_id, is_folder, source_key, change_num, soft) VALUES (?, ?, 1, ?, ?, 0)",
                [.integer(store.id), folder.parentID.map(SQLValue.integer) ?? .null, .blob(folder.sourceKey.bytes),
                 .integer(counter + Int64(offset))])
            try tx.execute("DELETE FROM folders WHERE id = ?", [.integer(folder.id)])
        }
    }

    func computedFolderProperties(_ row: FolderRow, store: StoreRow, parentKey: SourceKey?, childCount: Int64) -> PropertySet {
        var props = row.props
        props.setIdentity(.folder, sourceKey: row.sourceKey, in: store)
        if let parentKey {
            props[id: PropertyTag.parentSourceKey.id] = .binary(parentKey.bytes)
            props[id: PropertyTag.parentEntryID.id] = .binary(EntryID(store: store.guid, kind: .folder, sourceKey: parentKey).bytes)
        }
        props[id: PropertyTag.contentCount.id] = .long(Int32(clamping: row.contentCount))
        props[id: PropertyTag.contentUnreadCount.id] = .long(Int32(clamping: row.unreadCount))
        props[id: PropertyTag.deletedCountTotal.id] = .long(Int32(clamping: row.deletedCount))
        props[id: PropertyTag.folderChildCount.id] = .long(Int32(clamping: childCount))
        props[id: PropertyTag.subfolders.id] = .boolean(childCount > 0)
        return props
    }

    func validateFolderName(_ name: String) throws(MAPIError) {
        guard !name.isEmpty else { throw MAPIError(.invalidParameter, "a folder needs a name") }
        guard name.utf8.count <= 255 else { throw MAPIError(.tooBig, "folder names are at most 255 bytes") }
        guard !name.utf8.contains(0) else { throw MAPIError(.invalidParameter, "folder names cannot contain NUL") }
    }
}
