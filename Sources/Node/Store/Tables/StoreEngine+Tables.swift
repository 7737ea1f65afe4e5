import Database
import MAPI

extension StoreEngine {
    /// A page of a folder's contents table. Restrictions and sorts on the indexed columns
    /// (subject, sender, class, times, flags, size, importance) run in the database; anything
    /// else is evaluated in memory with the same semantics.
    public func contents(of folder: EntryID, _ query: TableQuery) throws(MAPIError) -> TableResult {
        let query = try query.validated()
        return try read { tx in
            let (store, folderRow) = try tx.reader.folder(folder)
            let scopeSQL: String
            switch query.scope {
            case .normal: scopeSQL = "deleted = 0 AND COALESCE(flags & 64, 0) = 0"
            case .associated: scopeSQL = "deleted = 0 AND COALESCE(flags & 64, 0) <> 0"
            case .softDeleted: scopeSQL = "deleted = 1"
            }
            let base = "FROM messages WHERE folder_id = ? AND \(scopeSQL)"
            let columns = query.columns.isEmpty ? TableQuery.defaultContentsColumns : query.columns
            let compiled = query.restriction.map(SQLRestriction.compile) ?? SQLRestriction(sql: "1", parameters: [])
            let sqlSort = query.sort.map { key in SQLRestriction.column(for: key.tag).map { (column: $0.0, ascending: key.ascending) } }
            let context = RowContext(tx: tx.reader, store: store, folder: folderRow)

            if let compiled, sqlSort.allSatisfy({ $0 != nil }) {
                let filter = " AND \(compiled.sql)"
                let parameters: [SQLValue] = [.integer(folderRow.id)] + compiled.parameters
                let total = try tx.first("SELECT COUNT(*) \(base)\(filter)", parameters)!.integer(0)
                // The page in two steps: its ids in order, from the sort index (which also holds
                // `flags`, so the scope and flag tests need no row), then its rows. Sorting and
                // skipping `offset` entries then touch small index records, never whole rows.
                let keys = sqlSort.compactMap { $0 } + [(column: "id", ascending: true)]
                let order = { (table: String) in
                    keys.map { "\(table)\($0.column) \($0.ascending ? "ASC" : "DESC")" }.joined(separator: ", ")
                }
                var pageColumns: [String] = []
                for key in keys where !pageColumns.contains(key.column) { pageColumns.append(key.column) }
                let rows = try tx.query(
                    """
                    SELECT \(MessageRow.columns(in: "m")) FROM (SELECT \(pageColumns.joined(separator: ", ")) \(base)\(filter)
                      ORDER BY \(order("")) LIMIT ? OFFSET ?) p JOIN messages m ON m.id = p.id ORDER BY \(order("p."))
                    """,
                    parameters + [.integer(Int64(query.limit)), .integer(Int64(query.offset))]
                ).map(MessageRow.init)
                return TableResult(rows: try context.project(rows, columns: columns), totalCount: Int(total))
            }

            // In memory: every row of the folder in scope, filtered and sorted like the SQL would.
            let rows = try tx.query("SELECT \(MessageRow.columns) \(base)", [.integer(folderRow.id)]).map(MessageRow.init)
            let referenced = Set((query.restriction.map { $0.referencedIDs } ?? []) + query.sort.map(\.tag.id))
            let large = try context.largeProperties(of: rows, ids: referenced)
            var candidates: [(PropertySet, Int64, MessageRow)] = []
            for row in rows {
                var props = context.computed(row)
                for property in large[row.id] ?? [] { props.set(property) }
                if let restriction = query.restriction {
                    let matched = restriction.matches(props) { kind in (try? context.subRows(kind, of: row.id)) ?? [] }
                    if !matched { continue }
                }
                candidates.append((props, row.id, row))
            }
            candidates.sort { TableSorting.areInOrder(($0.0, $0.1), ($1.0, $1.1), by: query.sort) }
            let page = candidates.dropFirst(query.offset).prefix(query.limit).map(\.2)
            return TableResult(rows: try context.project(Array(page), columns: columns), totalCount: candidates.count)
        }
    }

    /// A page of a folder's hierarchy table (its subfolders, or all descendants when `recursive`).
    public func hierarchy(of folder: EntryID, recursive: Bool, _ query: TableQuery) throws(MAPIError) -> TableResult {
        let query = try query.validated()
        let all = try hierarchy(of: folder, recursive: recursive)
        var rows = Array(all.enumerated())
        if let restriction = query.restriction { rows = rows.filter { restriction.matches($0.element) { _ in [] } } }
        if !query.sort.isEmpty {
            rows.sort { TableSorting.areInOrder(($0.element, Int64($0.offset)), ($1.element, Int64($1.offset)), by: query.sort) }
        }
        let page = rows.dropFirst(query.offset).prefix(query.limit).map { row -> PropertySet in
            guard !query.columns.isEmpty else { return row.element }
            var out = PropertySet()
            for tag in query.columns { if let value = row.element[tag: tag] { out[id: tag.id] = value } }
            return out
        }
        return TableResult(rows: Array(page), totalCount: rows.count)
    }
}

/// What building the rows of one contents table needs.
private struct RowContext {
    let tx: ReadTransaction
    let store: StoreRow
    let folder: FolderRow

    /// Stored small properties plus the computed ones of a row: all of them, or only those in
    /// `wanted` (a page's columns: a row of 8 columns need not compute and insert 9 values into
    /// its sorted set only to drop most of them).
    func computed(_ row: MessageRow, only wanted: Set<UInt16>? = nil) -> PropertySet {
        var props = row.props
        func wants(_ tag: PropertyTag) -> Bool { wanted?.contains(tag.id) ?? true }
        if wants(.entryID) || wants(.instanceKey) || wants(.recordKey) {
            let entryID = EntryID(store: store.guid, kind: .message, sourceKey: row.sourceKey).bytes
            if wants(.entryID) { props[id: PropertyTag.entryID.id] = .binary(entryID) }
            if wants(.instanceKey) { props[id: PropertyTag.instanceKey.id] = .binary(entryID) }
            if wants(.recordKey) { props[id: PropertyTag.recordKey.id] = .binary(entryID) }
        }
        if wants(.sourceKey) { props[id: PropertyTag.sourceKey.id] = .binary(row.sourceKey.bytes) }
        if wants(.parentSourceKey) { props[id: PropertyTag.parentSourceKey.id] = .binary(folder.sourceKey.bytes) }
        if wants(.parentEntryID) {
            props[id: PropertyTag.parentEntryID.id] = .binary(EntryID(store: store.guid, kind: .folder, sourceKey: folder.sourceKey).bytes)
        }
        if wants(.messageSize) { props[id: PropertyTag.messageSize.id] = .long(Int32(clamping: row.size)) }
        if wants(.hasAttachments) {
            let flags = props[tag: .messageFlags]?.integer ?? 0
            props[id: PropertyTag.hasAttachments.id] = .boolean(flags & Int64(MessageFlags.hasAttachments.rawValue) != 0)
        }
        return props
    }

    /// The asked columns of each row; large values are fetched only when a column needs them.
    func project(_ rows: [MessageRow], columns: [PropertyTag]) throws -> [PropertySet] {
        let wanted = Set(columns.map(\.id))
        let full = rows.map { computed($0, only: wanted) }
        let missing = Set(columns.map(\.id)).filter { id in full.contains { $0[id: id] == nil } }
        let large = missing.isEmpty ? [:] : try largeProperties(of: rows, ids: missing)
        return zip(rows, full).map { row, props in
            var all = props
            for property in large[row.id] ?? [] { all.set(property) }
            var out = PropertySet()
            for tag in columns { if let value = all[tag: tag] { out[id: tag.id] = value } }
            return out
        }
    }

    /// Large property values with the given ids, per message id.
    func largeProperties(of rows: [MessageRow], ids: Set<UInt16>) throws -> [Int64: [Property]] {
        guard !ids.isEmpty, !rows.isEmpty else { return [:] }
        var out: [Int64: [Property]] = [:]
        for chunk in stride(from: 0, to: rows.count, by: 500).map({ Array(rows[$0..<min($0 + 500, rows.count)]) }) {
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            for row in try tx.query(
                "SELECT message_id, tag, value FROM large_props WHERE message_id IN (\(marks))", chunk.map { .integer($0.id) })
            {
                let tag = PropertyTag(rawValue: UInt32(try row.integer(1)))
                guard ids.contains(tag.id) else { continue }
                if let value = try PropertyCodec.decode(try row.blob(2))[id: tag.id] {
                    out[try row.integer(0), default: []].append(Property(id: tag.id, value: value))
                }
            }
        }
        return out
    }

    /// Recipient or attachment rows for sub-restrictions.
    func subRows(_ kind: SubObject, of messageID: Int64) throws -> [PropertySet] {
        let table = kind == .recipients ? "recipients" : "attachments"
        return try tx.query("SELECT props FROM \(table) WHERE message_id = ?", [.integer(messageID)])
            .map { try PropertyCodec.decode(try $0.blob(0)) }
    }
}

extension Restriction {
    /// Property ids this restriction looks at (outside sub-restrictions).
    var referencedIDs: [UInt16] {
        switch self {
        case .and(let parts), .or(let parts): parts.flatMap(\.referencedIDs)
        case .not(let inner): inner.referencedIDs
        case .content(let tag, _, _), .property(let tag, _, _), .bitmask(let tag, _, _), .size(let tag, _, _), .exists(let tag):
            [tag.id]
        case .compareProperties(let a, _, let b): [a.id, b.id]
        case .sub: []
        }
    }
}
