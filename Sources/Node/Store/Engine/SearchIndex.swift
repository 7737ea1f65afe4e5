import Database
import MAPI

/// Full-text search over subject, body and recipient names and addresses: SQLite FTS5 or a
/// MariaDB FULLTEXT index. Writes only queue a message (``enqueue(_:messageID:)``); the indexer
/// (``StoreEngine/indexPendingMessages(limit:)``) builds the entries in batches, and every search
/// drains the queue first. A removed message leaves the index in its own transaction.
enum SearchIndex {
    /// Marks a message for (re)indexing, in the writing transaction.
    static func enqueue(_ tx: WriteTransaction, messageID: Int64) throws {
        try tx.execute(tx.connection.dialect.insertOrIgnore + " INTO search_queue (message_id) VALUES (?)", [.integer(messageID)])
    }

    static func index(_ tx: WriteTransaction, messageID: Int64, props: PropertySet, recipients: [PropertySet]) throws {
        let subject = props[tag: .subject]?.string ?? ""
        let body = props[tag: .body]?.string ?? ""
        let people = recipients.flatMap { row in
            [row[tag: .displayName]?.string, row[tag: .emailAddress]?.string, row[tag: .smtpAddress]?.string].compactMap { $0 }
        }
        let sender = [props[tag: .senderName]?.string, props[tag: .senderEmailAddress]?.string].compactMap { $0 }
        // Indexed as the words a query is split into (``words(of:)``), so that both databases see
        // the same words: InnoDB FULLTEXT counts `_` (and `'` inside a word) as word characters,
        // and would index "hafenmeister_olsen@…" as one word no query can find.
        func indexed(_ text: String) -> SQLValue { .text(indexedText(text)) }
        let parameters: [SQLValue] = [.integer(messageID), indexed(subject), indexed(body), indexed((people + sender).joined(separator: " "))]
        switch tx.connection.dialect {
        case .sqlite:
            try tx.execute("INSERT INTO message_search (rowid, subject, body, recipients) VALUES (?, ?, ?, ?)", parameters)
        case .mariadb:
            try tx.execute("REPLACE INTO message_search (message_id, subject, body, recipients) VALUES (?, ?, ?, ?)", parameters)
        }
    }

    static func remove(_ tx: WriteTransaction, messageID: Int64) throws {
        try tx.execute("DELETE FROM search_queue WHERE message_id = ?", [.integer(messageID)])
        switch tx.connection.dialect {
        case .sqlite: try tx.execute("DELETE FROM message_search WHERE rowid = ?", [.integer(messageID)])
        case .mariadb: try tx.execute("DELETE FROM message_search WHERE message_id = ?", [.integer(messageID)])
        }
    }

    /// The words of a user's query, as the index tokenises them: letters and digits. Everything
    /// else (quotes, operators, wildcards) is a separator, so a query can never inject syntax.
    static func words(of query: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in query {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// `words(of: text).joined(separator: " ")`: the text the index is given. All-ASCII text
    /// (most mail) takes a path over its bytes, about fifty times faster than going character
    /// by character through a 4 KB body; other text goes through ``words(of:)``.
    static func indexedText(_ text: String) -> String {
        asciiIndexedText(text) ?? words(of: text).joined(separator: " ")
    }

    /// ``indexedText(_:)`` of all-ASCII text, nil for any other. An ASCII character is a letter
    /// or a number (`Character.isLetter`, `isNumber`) exactly when it is one of A–Z, a–z and
    /// 0–9, and "\r\n", the one ASCII character made of two scalars, separates words as each of
    /// its scalars does.
    static func asciiIndexedText(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var separated = false
            for byte in bytes {
                guard byte < 0x80 else { return nil }
                let folded = byte | 0x20
                if (0x30...0x39).contains(byte) || (0x61...0x7A).contains(folded) {
                    if separated { out.append(0x20) }
                    separated = false
                    out.append(byte)
                } else if !out.isEmpty {
                    separated = true
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// The match expression (all words must occur) and the SQL that finds message ids among the
    /// live messages of the given folders.
    static func matchQuery(_ dialect: SQLDialect, words: [String], folderCount: Int) -> (sql: String, match: String) {
        let folders = Array(repeating: "?", count: folderCount).joined(separator: ", ")
        switch dialect {
        case .sqlite:
            let match = words.map { "\"\($0)\"" }.joined(separator: " AND ")
            return (
                """
                SELECT m.source_key FROM message_search s JOIN messages m ON m.id = s.rowid
                WHERE message_search MATCH ? AND m.deleted = 0 AND m.folder_id IN (\(folders))
                ORDER BY m.delivery_time DESC, m.id DESC LIMIT ?
                """, match
            )
        case .mariadb:
            let match = words.map { "+\"\($0)\"" }.joined(separator: " ")
            return (
                """
                SELECT m.source_key FROM message_search s JOIN messages m ON m.id = s.message_id
                WHERE MATCH (s.subject, s.body, s.recipients) AGAINST (? IN BOOLEAN MODE) AND m.deleted = 0
                  AND m.folder_id IN (\(folders))
                ORDER BY m.delivery_time DESC, m.id DESC LIMIT ?
                """, match
            )
        }
    }
}

extension StoreEngine {
    /// Indexes up to `limit` queued messages for full-text search (one transaction); returns how
    /// many it took from the queue. A node runs it in the background; ``search(_:in:recursive:limit:)``
    /// runs it until the queue is empty before it searches.
    @discardableResult
    public func indexPendingMessages(limit: Int = 500) throws(MAPIError) -> Int {
        try write { tx in
            let ids = try tx.reader.query("SELECT message_id FROM search_queue ORDER BY message_id LIMIT ?", [.integer(Int64(limit))])
                .map { try $0.integer(0) }
            // Lock each message as it is read: a writer changing it meanwhile waits, then queues it again.
            let lock = tx.connection.dialect == .mariadb ? " FOR UPDATE" : ""
            for id in ids {
                try SearchIndex.remove(tx, messageID: id)
                guard let found = try tx.reader.first("SELECT \(MessageRow.columns) FROM messages WHERE id = ?\(lock)", [.integer(id)]) else {
                    continue  // deleted since it was queued
                }
                let row = try MessageRow(found)
                guard row.folderID != nil else { continue }
                let recipients = try tx.reader.query("SELECT props FROM recipients WHERE message_id = ? ORDER BY row_id", [.integer(id)])
                    .map { try PropertyCodec.decode(try $0.blob(0)) }
                try SearchIndex.index(tx, messageID: id, props: try fullProperties(tx.reader, row), recipients: recipients)
            }
            return ids.count
        }
    }

    /// Messages in `folder` (and below it when `recursive`) whose subject, body, sender or
    /// recipients contain every word of `query`; newest first, at most `limit`.
    public func search(_ query: String, in folder: EntryID, recursive: Bool = false, limit: Int = 500) throws(MAPIError) -> [EntryID] {
        let words = SearchIndex.words(of: query)
        guard !words.isEmpty else { throw MAPIError(.invalidParameter, "the search query has no words") }
        guard words.count <= 32, query.utf8.count <= 4096 else { throw MAPIError(.tooComplex, "the search query is too long") }
        guard limit > 0 else { throw MAPIError(.invalidParameter, "the search limit must be positive") }
        while try indexPendingMessages(limit: 1_000) == 1_000 {}
        return try read { tx in
            let (store, root) = try tx.reader.folder(folder)
            var folders = [root.id]
            if recursive {
                var queue = [root.id]
                while let next = queue.popLast() {
                    let children = try tx.query(
                        "SELECT id FROM folders WHERE store_id = ? AND parent_id = ?", [.integer(root.storeID), .integer(next)]
                    ).map { try $0.integer(0) }
                    folders += children
                    queue += children
                }
            }
            let (sql, match) = SearchIndex.matchQuery(tx.dialect, words: words, folderCount: folders.count)
            return try tx.query(sql, [.text(match)] + folders.map(SQLValue.integer) + [.integer(Int64(limit))]).map {
                EntryID(store: store.guid, kind: .message, sourceKey: SourceKey(bytes: try $0.blob(0))!)
            }
        }
    }
}
