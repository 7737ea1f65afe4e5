import Database
import MAPI

extension StoreEngine {
    /// Imports a folder version (ICS hierarchy import): creates the folder under the parent with
    /// `parentKey`, or moves/renames/updates it, deciding by the predecessor change lists like
    /// ``importMessage(into:sourceKey:changeKey:history:_:)``. `properties` must name the folder
    /// (PR_DISPLAY_NAME). Standard folders take property changes but never move.
    public func importFolder(
        in store: GUID, parentKey: SourceKey, sourceKey: SourceKey, changeKey: ChangeKey, history: PredecessorChangeList,
        properties: [Property]
    ) throws(MAPIError) -> ImportOutcome {
        try validateIncoming(properties)
        guard let name = properties.first(where: { $0.id == PropertyTag.displayName.id })?.value.string else {
            throw MAPIError(.invalidParameter, "an imported folder needs PR_DISPLAY_NAME")
        }
        try validateFolderName(name)
        var remote = history
        remote.add(changeKey)
        let imported = remote
        return try write { tx in
            let storeRow = try tx.reader.store(store)
            guard let parent = try folderRow(tx.reader, store: storeRow.id, key: parentKey) else {
                throw MAPIError(.notFound, "the parent folder \(parentKey) is not in this store")
            }
            guard let existing = try folderRow(tx.reader, store: storeRow.id, key: sourceKey) else {
                let created = try insertFolder(
                    tx, storeID: storeRow.id, parentID: parent.id, name: name, special: nil,
                    folderType: Int32(FolderType.generic.rawValue), properties: properties,
                    identity: (sourceKey, changeKey, imported))
                return .applied(created.changeKey)
            }
            let local = existing.props[tag: .predecessorChangeList]?.bytes.flatMap(PredecessorChangeList.init(bytes:))
                ?? PredecessorChangeList()
            if local.includes(imported) { return .ignored }
            let conflict = !imported.includes(local)
            if conflict {
                let localTime = existing.props[tag: .lastModificationTime]?.integer ?? 0
                let remoteTime = PropertySet(properties)[tag: .lastModificationTime]?.integer ?? 0
                if remoteTime < localTime {
                    // The local version stays; record that it has seen the imported one.
                    var props = existing.props
                    props[id: PropertyTag.predecessorChangeList.id] = .binary(local.merged(with: imported).bytes)
                    return .folderConflict(winner: try updateFolder(tx, store: storeRow, row: existing, props: props))
                }
            }
            var row = existing
            if existing.parentID != parent.id {
                guard existing.special == nil else { throw MAPIError(.noAccess, "standard folders cannot be moved") }
                var ancestor: Int64? = parent.id
                while let current = ancestor {
                    if current == existing.id { throw MAPIError(.folderCycle, "cannot move a folder below itself") }
                    ancestor = try tx.reader.first("SELECT parent_id FROM folders WHERE id = ?", [.integer(current)])?[0].integer
                }
                try tx.execute("UPDATE folders SET parent_id = ? WHERE id = ?", [.integer(parent.id), .integer(existing.id)])
                row.parentID = parent.id
            }
            var props = existing.props
            for property in properties { props.set(property) }
            let winner = try updateFolder(
                tx, store: storeRow, row: row, props: props, identity: (changeKey, conflict ? local.merged(with: imported) : imported))
            return conflict ? .folderConflict(winner: winner) : .applied(winner)
        }
    }

    /// Imports the deletion of a folder (with everything below it); unknown keys are skipped.
    /// Standard folders cannot be deleted.
    public func importFolderDeletion(in store: GUID, sourceKey: SourceKey) throws(MAPIError) {
        try write { tx in
            let storeRow = try tx.reader.store(store)
            guard let row = try folderRow(tx.reader, store: storeRow.id, key: sourceKey) else { return }
            if let special = row.special { throw MAPIError(.noAccess, "the standard folder \(special) cannot be deleted") }
            try purgeFolderTree(tx, store: storeRow, root: row)
        }
    }

    private func folderRow(_ tx: ReadTransaction, store: Int64, key: SourceKey) throws -> FolderRow? {
        try tx.first("SELECT \(FolderRow.columns) FROM folders WHERE store_id = ? AND source_key = ?", [.integer(store), .blob(key.bytes)])
            .map(FolderRow.init)
    }
}
