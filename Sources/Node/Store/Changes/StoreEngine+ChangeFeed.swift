import Database
import MAPI

/// The store-wide change feed behind GetNotifications, read from what ICS already keeps: every
/// write takes change numbers from the store's counter (`stores.next_counter`), objects carry
/// the number of their last change (`folders.change_num`, `messages.sync_num`), deletions and
/// moves out leave tombstones, and schema version 4 adds when an object came into being
/// (`created_num`) and when an item arrived in its folder (`arrived_num`).
///
/// Each object is reported where it **appeared** (``StoreChange/Kind/itemCreated`` at its
/// arrival, ``StoreChange/Kind/folderCreated`` at its creation) and, when it changed after
/// that, once more at its **latest change** (modified); the changes in between collapse into
/// that one, as in ICS. Every entry thus sits at a number of its own and is classified by that
/// number alone, so a client that follows the feed page by page hears of everything exactly as
/// one that reads it at once. **A move is a deletion in the old folder and a creation in the new
/// one**, at the same number (as ICS reports it to each folder's synchroniser); a folder move is
/// a modification with the new parent. An object created and deleted since the cursor is only
/// deleted. Rows written before version 4 count as created long ago.
extension StoreEngine {
    /// Folders at most in one `IN (…)` list (both databases take far more; this keeps statements small).
    static let feedFolderChunk = 500

    /// The store's change counter: the newest change number it has given out (0 for none).
    public func changeCursor(of store: GUID) throws(MAPIError) -> Int64 {
        try read { tx in try Self.changeCounter(tx, store: try tx.store(store).id) }
    }

    /// The changes of `store` after `cursor`, in change order, at most about `limit` of them (a
    /// page never splits a change number). Continue from the returned cursor while
    /// ``StoreChangePage/hasMore``. A cursor past the store's counter (from before a restore, or
    /// another store) gets no changes and the counter as its new cursor.
    public func changes(of store: GUID, since cursor: Int64, limit: Int = 500) throws(MAPIError) -> StoreChangePage {
        guard cursor >= 0 else { throw MAPIError(.invalidParameter, "a change cursor is not negative") }
        guard limit > 0, limit <= 10_000 else { throw MAPIError(.invalidParameter, "limit must be 1…10000") }
        return try read { tx in
            let storeRow = try tx.store(store)
            let counter = try Self.changeCounter(tx, store: storeRow.id)
            guard cursor < counter else { return StoreChangePage(changes: [], cursor: counter, hasMore: false) }
            let feed = FeedReader(tx: tx, store: storeRow, cursor: cursor, fetch: limit + 1)
            let folders = try feed.folders()
            var sources = [feed.folderChanges(folders)]
            sources.append(try feed.tombstones(folders, ofFolders: true))
            sources.append(try feed.tombstones(folders, ofFolders: false))
            for start in stride(from: 0, to: folders.list.count, by: Self.feedFolderChunk) {
                let chunk = Array(folders.list[start..<min(start + Self.feedFolderChunk, folders.list.count)])
                sources.append(try feed.arrivals(folders, chunk: chunk))
                sources.append(try feed.modifications(folders, chunk: chunk))
            }
            return ChangeFeedPage.cut(sources, limit: limit, counter: counter)
        }
    }

    private static func changeCounter(_ tx: ReadTransaction, store id: Int64) throws -> Int64 {
        try tx.first("SELECT next_counter FROM stores WHERE id = ?", [.integer(id)])!.integer(0) - 1
    }
}

/// Reads the feed's sources for one page.
private struct FeedReader {
    struct Folder {
        var id: Int64
        var parentID: Int64?
        var key: SourceKey
        var special: StandardFolder?
        var changeNumber: Int64
        var created: Int64
    }

    struct Folders {
        var list: [Folder]
        var byID: [Int64: Folder]
    }

    let tx: ReadTransaction
    let store: StoreRow
    let cursor: Int64
    let fetch: Int

    func entryID(_ kind: EntryID.Kind, _ key: SourceKey) -> EntryID { EntryID(store: store.guid, kind: kind, sourceKey: key) }

    func parent(_ id: Int64?, in folders: Folders) -> EntryID? {
        id.flatMap { folders.byID[$0] }.map { entryID(.folder, $0.key) }
    }

    /// Every folder of the store (a hierarchy is small): for parents, Inbox, and their own changes.
    func folders() throws -> Folders {
        let list = try tx.query(
            "SELECT id, parent_id, source_key, special, change_num, created_num FROM folders WHERE store_id = ?", [.integer(store.id)]
        ).map { row in
            Folder(
                id: try row.integer(0), parentID: row[1].integer, key: try key(row, 2), special: StandardFolder(rawValue: Int(try row.integer(3))),
                changeNumber: try row.integer(4), created: row[5].integer ?? 0)
        }
        return Folders(list: list, byID: Dictionary(uniqueKeysWithValues: list.map { ($0.id, $0) }))
    }

    /// Folder creations and latest modifications (all folders are at hand: the list is complete).
    func folderChanges(_ folders: Folders) -> ChangeFeedPage.Source {
        var events: [ChangeFeedPage.Event] = []
        for folder in folders.list {
            let id = entryID(.folder, folder.key)
            let parentID = parent(folder.parentID, in: folders)
            if folder.created > cursor {
                events.append(.init(change: StoreChange(kind: .folderCreated, changeNumber: folder.created, entryID: id, parentEntryID: parentID), rank: 1))
            }
            if folder.changeNumber > max(cursor, folder.created) {
                events.append(.init(change: StoreChange(kind: .folderModified, changeNumber: folder.changeNumber, entryID: id, parentEntryID: parentID), rank: 1))
            }
        }
        events.sort { $0.change.changeNumber < $1.change.changeNumber }
        return ChangeFeedPage.Source(events: Array(events.prefix(fetch)), complete: events.count < fetch)
    }

    /// Deletions (and moves out) of folders or of items; `folder_id` is the folder they left.
    func tombstones(_ folders: Folders, ofFolders: Bool) throws -> ChangeFeedPage.Source {
        let rows = try tx.query(
            "SELECT folder_id, source_key, change_num FROM tombstones WHERE store_id = ? AND is_folder = ? AND change_num > ? ORDER BY change_num LIMIT ?",
            [.integer(store.id), .integer(ofFolders ? 1 : 0), .integer(cursor), .integer(Int64(fetch))])
        let events = try rows.map { row in
            ChangeFeedPage.Event(
                change: StoreChange(
                    kind: ofFolders ? .folderDeleted : .itemDeleted, changeNumber: try row.integer(2),
                    entryID: entryID(ofFolders ? .folder : .message, try key(row, 1)), parentEntryID: parent(row[0].integer, in: folders)),
                rank: 0)
        }
        return ChangeFeedPage.Source(events: events, complete: rows.count < fetch)
    }

    /// Live items of some folders that arrived in them after the cursor (created, moved in,
    /// restored), with new-mail notices. `arrived_num ≤ sync_num` always, so the index on
    /// `(folder_id, sync_num)` narrows the rows. Embedded messages have no folder.
    func arrivals(_ folders: Folders, chunk: [Folder]) throws -> ChangeFeedPage.Source {
        let rows = try tx.query(
            """
            SELECT folder_id, source_key, arrived_num, created_num, flags FROM messages
            WHERE folder_id IN (\(placeholders(chunk))) AND deleted = 0 AND sync_num > ? AND arrived_num > ?
            ORDER BY arrived_num LIMIT ?
            """, chunk.map { .integer($0.id) } + [.integer(cursor), .integer(cursor), .integer(Int64(fetch))])
        var events: [ChangeFeedPage.Event] = []
        for row in rows {
            let folder = folders.byID[try row.integer(0)]
            let arrived = try row.integer(2)
            let change = StoreChange(
                kind: .itemCreated, changeNumber: arrived, entryID: entryID(.message, try key(row, 1)),
                parentEntryID: folder.map { entryID(.folder, $0.key) })
            events.append(ChangeFeedPage.Event(change: change, rank: 1))
            let flags = MessageFlags(rawValue: UInt32(truncatingIfNeeded: row[4].integer ?? 0))
            if row[3].integer == arrived, folder?.special == .inbox, !flags.contains(.associated) {
                var notice = change
                notice.kind = .newMail
                events.append(ChangeFeedPage.Event(change: notice, rank: 2))
            }
        }
        return ChangeFeedPage.Source(events: events, complete: rows.count < fetch)
    }

    /// Live items of some folders changed after the cursor and after they arrived.
    func modifications(_ folders: Folders, chunk: [Folder]) throws -> ChangeFeedPage.Source {
        let rows = try tx.query(
            """
            SELECT folder_id, source_key, sync_num FROM messages
            WHERE folder_id IN (\(placeholders(chunk))) AND deleted = 0 AND sync_num > ? AND sync_num > COALESCE(arrived_num, 0)
            ORDER BY sync_num LIMIT ?
            """, chunk.map { .integer($0.id) } + [.integer(cursor), .integer(Int64(fetch))])
        let events = try rows.map { row in
            ChangeFeedPage.Event(
                change: StoreChange(
                    kind: .itemModified, changeNumber: try row.integer(2), entryID: entryID(.message, try key(row, 1)),
                    parentEntryID: parent(try row.integer(0), in: folders)),
                rank: 1)
        }
        return ChangeFeedPage.Source(events: events, complete: rows.count < fetch)
    }

    private func placeholders(_ chunk: [Folder]) -> String { chunk.map { _ in "?" }.joined(separator: ", ") }

    private func key(_ row: SQLRow, _ column: Int) throws -> SourceKey {
        guard let key = SourceKey(bytes: try row.blob(column)) else { throw MAPIError(.corruptData, "a bad source key in the change feed") }
        return key
    }
}
