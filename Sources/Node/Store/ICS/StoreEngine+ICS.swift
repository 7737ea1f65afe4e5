import Database
import MAPI

extension StoreEngine {
    // MARK: - Export

    /// Content changes of a folder since `state`, oldest first, at most `batchSize` of them.
    /// Call again with the returned state while `hasMore` is set; the export is resumable at any
    /// batch boundary because every change has its own change number.
    public func contentChanges(
        of folder: EntryID, since state: SyncState, batchSize: Int = 512
    ) throws(MAPIError) -> ChangeBatch<ContentChange> {
        guard batchSize > 0, batchSize <= 10_000 else { throw MAPIError(.invalidParameter, "batch size must be 1…10000") }
        return try read { tx in
            let (store, folderRow) = try tx.reader.folder(folder)
            let limit = Int64(batchSize + 1)
            let messages = try tx.query(
                "SELECT \(MessageRow.columns) FROM messages WHERE folder_id = ? AND deleted = 0 AND sync_num > ? ORDER BY sync_num LIMIT ?",
                [.integer(folderRow.id), .integer(state.changeNumber), .integer(limit)]
            ).map(MessageRow.init)
            let tombstones = try tx.query(
                "SELECT source_key, change_num, soft FROM tombstones WHERE folder_id = ? AND is_folder = 0 AND change_num > ? ORDER BY change_num LIMIT ?",
                [.integer(folderRow.id), .integer(state.changeNumber), .integer(limit)])

            enum Pending {
                case upsert(MessageRow)
                case change(ContentChange)
            }
            var merged: [(Int64, Pending)] = []
            for row in messages {
                // Compared with the baseline, not the position: a message whose read state changed
                // between two batches may not have reached the client yet.
                if row.changeNumber > state.baseline {
                    merged.append((row.syncNumber, .upsert(row)))
                } else {
                    merged.append((row.syncNumber, .change(.readState(sourceKey: row.sourceKey, read: row.isRead))))
                }
            }
            for row in tombstones {
                let key = SourceKey(bytes: try row.blob(0))!
                let soft = try row.integer(2) != 0
                merged.append((try row.integer(1), .change(.deletion(sourceKey: key, soft: soft))))
            }
            merged.sort { $0.0 < $1.0 }
            let batch = merged.prefix(batchSize)
            // The batch's new and changed messages, read together.
            let upserts = batch.compactMap { if case .upsert(let row) = $0.1 { row } else { nil } }
            var loaded = try loadMessages(tx.reader, store: store, rows: upserts).makeIterator()
            let changes = batch.map { _, pending -> ContentChange in
                switch pending {
                case .upsert(let row): .upsert(sourceKey: row.sourceKey, message: loaded.next()!)
                case .change(let change): change
                }
            }
            let next = batch.last?.0 ?? state.changeNumber
            let hasMore = merged.count > batchSize
            // At the end of an export every message up to `next` has reached the client in its
            // current version; until then the baseline stays where the export began.
            return ChangeBatch(
                changes: changes, state: SyncState(changeNumber: next, baseline: hasMore ? min(state.baseline, next) : next), hasMore: hasMore)
        }
    }

    /// Hierarchy changes of a store since `state`, parents before children, in one batch
    /// (a hierarchy is small).
    public func hierarchyChanges(of store: GUID, since state: SyncState) throws(MAPIError) -> ChangeBatch<HierarchyChange> {
        try read { tx in
            let storeRow = try tx.reader.store(store)
            let all = try tx.query("SELECT \(FolderRow.columns) FROM folders WHERE store_id = ?", [.integer(storeRow.id)])
                .map(FolderRow.init)
            var byID: [Int64: FolderRow] = [:]
            for row in all { byID[row.id] = row }
            func depth(_ row: FolderRow) -> Int {
                var depth = 0
                var current = row.parentID
                while let id = current, depth < 1_000 {
                    depth += 1
                    current = byID[id]?.parentID
                }
                return depth
            }
            let changed = all.filter { $0.changeNumber > state.changeNumber && $0.parentID != nil }
                .sorted { (depth($0), $0.changeNumber) < (depth($1), $1.changeNumber) }
            var changes: [HierarchyChange] = []
            var newest = state.changeNumber
            for row in changed {
                let childCount = Int64(all.filter { $0.parentID == row.id }.count)
                let props = computedFolderProperties(
                    row, store: storeRow, parentKey: row.parentID.flatMap { byID[$0]?.sourceKey }, childCount: childCount)
                changes.append(.upsert(sourceKey: row.sourceKey, properties: props))
                newest = max(newest, row.changeNumber)
            }
            for row in try tx.query(
                "SELECT source_key, change_num FROM tombstones WHERE store_id = ? AND is_folder = 1 AND change_num > ? ORDER BY change_num",
                [.integer(storeRow.id), .integer(state.changeNumber)])
            {
                changes.append(.deletion(sourceKey: SourceKey(bytes: try row.blob(0))!))
                newest = max(newest, try row.integer(1))
            }
            return ChangeBatch(changes: changes, state: SyncState(changeNumber: newest), hasMore: false)
        }
    }

    // MARK: - Import

    /// Imports a message version from a synchronising client or server (ICS import).
    ///
    /// `changeKey` and `history` (PR_PREDECESSOR_CHANGE_LIST) describe the imported version. If
    /// the server's version is already included in that history, the import replaces it; if the
    /// imported version is included in the server's, it is ignored; otherwise both changed
    /// independently: see ``ImportOutcome/conflict(winner:copy:)``. Nothing is ever lost.
    public func importMessage(
        into folder: EntryID, sourceKey: SourceKey, changeKey: ChangeKey, history: PredecessorChangeList,
        _ message: NewMessage
    ) throws(MAPIError) -> ImportOutcome {
        try validate(message)
        var prepared = message
        prepared.attachments = try stageLargeData(message.attachments)
        var remoteHistory = history
        remoteHistory.add(changeKey)
        let remote = remoteHistory
        return try discardingStaged(prepared.attachments) { () throws(MAPIError) -> ImportOutcome in
            try write { tx in
                let (store, target) = try tx.reader.folder(folder)
                let existing = try tx.reader.first(
                    "SELECT \(MessageRow.columns) FROM messages WHERE store_id = ? AND source_key = ?",
                    [.integer(store.id), .blob(sourceKey.bytes)]
                ).map(MessageRow.init)
                guard let existing, !existing.deleted else {
                    if let existing {
                        // A soft-deleted local version gives way to the imported one: it leaves its
                        // folder's deleted count as it leaves the folder.
                        if let from = existing.folderID {
                            try tx.execute("UPDATE folders SET deleted_count = deleted_count - 1 WHERE id = ?", [.integer(from)])
                        }
                        try purgeMessageRows(tx, ids: [existing.id])
                    }
                    _ = try insertMessage(
                        tx, store: store, folderID: target.id, parentAttachment: nil, message: prepared,
                        identity: (sourceKey, changeKey, remote))
                    return .applied(changeKey)
                }
                let local = try fullProperties(tx.reader, existing)
                let localHistory = local[tag: .predecessorChangeList]?.bytes.flatMap(PredecessorChangeList.init(bytes:))
                    ?? PredecessorChangeList()
                if localHistory.includes(remote) { return .ignored }
                if remote.includes(localHistory) {
                    try replaceMessage(tx, store: store, existing: existing, folderID: target.id, with: prepared,
                                       identity: (sourceKey, changeKey, remote))
                    return .applied(changeKey)
                }
                // Independent changes: keep both.
                let localTime = local[tag: .lastModificationTime]?.integer ?? 0
                let remoteTime = PropertySet(prepared.properties)[tag: .lastModificationTime]?.integer ?? 0
                let merged = localHistory.merged(with: remote)
                if remoteTime >= localTime {
                    let copy = try duplicateMessage(tx, store: store, row: existing, folderID: target.id, parentAttachment: nil)
                    let copyID = EntryID(store: store.guid, kind: .message, sourceKey: copy.sourceKey)
                    var winner = prepared
                    winner.properties.append(Property(id: PropertyTag.conflictItems.id, value: .multiBinary([copyID.bytes])))
                    try replaceMessage(tx, store: store, existing: existing, folderID: target.id, with: winner,
                                       identity: (sourceKey, changeKey, merged))
                    return .conflict(winner: changeKey, copy: copyID)
                } else {
                    let copy = try insertMessage(tx, store: store, folderID: target.id, parentAttachment: nil, message: prepared)
                    let copyID = EntryID(store: store.guid, kind: .message, sourceKey: copy.sourceKey)
                    var props = local
                    props[id: PropertyTag.predecessorChangeList.id] = .binary(merged.bytes)
                    props[id: PropertyTag.conflictItems.id] = .multiBinary([copyID.bytes])
                    let winner = try rewriteMessage(tx, store: store, row: existing, props: props)
                    return .conflict(winner: winner, copy: copyID)
                }
            }
        }
    }

    /// Imports deletions of messages by source key (unknown keys are skipped).
    public func importDeletions(in folder: EntryID, _ keys: [SourceKey], hard: Bool = false) throws(MAPIError) {
        try write { tx in
            let (store, target) = try tx.reader.folder(folder)
            var ids: [Int64] = []
            for key in keys {
                if let row = try tx.reader.first(
                    "SELECT id FROM messages WHERE store_id = ? AND folder_id = ? AND source_key = ?",
                    [.integer(store.id), .integer(target.id), .blob(key.bytes)])
                {
                    ids.append(try row.integer(0))
                }
            }
            try removeMessages(tx, store: store, ids: ids, soft: !hard)
        }
    }

    /// Imports read-state changes by source key (unknown keys are skipped).
    public func importReadStates(in folder: EntryID, _ states: [(SourceKey, Bool)]) throws(MAPIError) {
        let inFolder = try read { tx in
            let (store, target) = try tx.reader.folder(folder)
            return try states.filter { key, _ in
                try tx.first(
                    "SELECT 1 FROM messages WHERE store_id = ? AND folder_id = ? AND source_key = ? AND deleted = 0",
                    [.integer(store.id), .integer(target.id), .blob(key.bytes)]) != nil
            }
        }
        for (key, isRead) in inFolder {
            do {
                try setReadFlags([EntryID(store: folder.store, kind: .message, sourceKey: key)], read: isRead)
            } catch let error where error.code == .notFound {
                continue  // deleted meanwhile
            }
        }
    }

    /// Replaces a message's content with an imported version, keeping its row and source key.
    private func replaceMessage(
        _ tx: WriteTransaction, store: StoreRow, existing: MessageRow, folderID: Int64, with message: NewMessage,
        identity: (SourceKey, ChangeKey, PredecessorChangeList)
    ) throws {
        let wasLive = !existing.deleted
        if let from = existing.folderID, wasLive { try adjustCounts(tx, folderID: from, row: existing, sign: -1) }
        let origin = try tx.reader.first("SELECT created_num, arrived_num FROM messages WHERE id = ?", [.integer(existing.id)])
        try purgeMessageRows(tx, ids: [existing.id])
        let inserted = try insertMessage(tx, store: store, folderID: folderID, parentAttachment: nil, message: message, identity: identity)
        // The same object in a new row: it keeps when it was created, and when it arrived in its
        // folder unless it now changes folders (then it arrives now, as a move does).
        let stays = wasLive && existing.folderID == folderID
        try tx.execute(
            "UPDATE messages SET created_num = ?\(stays ? ", arrived_num = ?" : "") WHERE id = ?",
            [origin?[0] ?? .null] + (stays ? [origin?[1] ?? .null] : []) + [.integer(inserted.id)])
        if let from = existing.folderID, from != folderID {
            let counter = try tx.allocate(store: store.id)
            try addTombstone(tx, store: store.id, folderID: from, key: existing.sourceKey, changeNumber: counter, soft: false)
        }
    }
}
