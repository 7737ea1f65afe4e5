import Database
import MAPI

/// What a consistency check found: counts, and every invariant that does not hold.
public struct ConsistencyReport: Sendable {
    public var stores = 0
    public var folders = 0
    public var messages = 0
    public var blobs = 0
    /// Human-readable descriptions of broken invariants; empty when the server is consistent.
    public var problems: [String] = []

    public var isConsistent: Bool { problems.isEmpty }
}

extension StoreEngine {
    /// Checks the invariants a crash must never break (like `fsck`): every blob an attachment
    /// references exists with the right size and reference count, no blob file is unreferenced,
    /// no row hangs off a missing parent, and folder counts match their contents. Reads only.
    public func checkConsistency() throws(MAPIError) -> ConsistencyReport {
        let files = try Self.mapErrors { try blobs.allBlobSizes() }
        return try read { tx in
            var report = ConsistencyReport()
            func count(_ sql: String) throws -> Int64 { try tx.first(sql)!.integer(0) }
            report.stores = Int(try count("SELECT COUNT(*) FROM stores"))
            report.folders = Int(try count("SELECT COUNT(*) FROM folders"))
            report.messages = Int(try count("SELECT COUNT(*) FROM messages"))
            report.blobs = files.count

            let orphanChecks: [(String, String)] = [
                ("recipient rows without a message", "SELECT COUNT(*) FROM recipients r LEFT JOIN messages m ON m.id = r.message_id WHERE m.id IS NULL"),
                ("large properties without a message", "SELECT COUNT(*) FROM large_props l LEFT JOIN messages m ON m.id = l.message_id WHERE m.id IS NULL"),
                ("attachments without a message", "SELECT COUNT(*) FROM attachments a LEFT JOIN messages m ON m.id = a.message_id WHERE m.id IS NULL"),
                ("messages in no folder and no attachment", "SELECT COUNT(*) FROM messages WHERE folder_id IS NULL AND parent_attachment IS NULL"),
                ("messages in a missing folder", "SELECT COUNT(*) FROM messages m LEFT JOIN folders f ON f.id = m.folder_id WHERE m.folder_id IS NOT NULL AND f.id IS NULL"),
                ("embedded messages of a missing attachment", "SELECT COUNT(*) FROM messages m LEFT JOIN attachments a ON a.id = m.parent_attachment WHERE m.parent_attachment IS NOT NULL AND a.id IS NULL"),
                ("folders under a missing parent", "SELECT COUNT(*) FROM folders f LEFT JOIN folders p ON p.id = f.parent_id WHERE f.parent_id IS NOT NULL AND p.id IS NULL"),
                ("search entries of missing messages", tx.dialect == .sqlite
                    ? "SELECT COUNT(*) FROM message_search s LEFT JOIN messages m ON m.id = s.rowid WHERE m.id IS NULL"
                    : "SELECT COUNT(*) FROM message_search s LEFT JOIN messages m ON m.id = s.message_id WHERE m.id IS NULL"),
            ]
            for (what, sql) in orphanChecks {
                let n = try count(sql)
                if n > 0 { report.problems.append("\(n) \(what)") }
            }

            let folderCounts = try tx.query(
                """
                SELECT f.id, f.content_count, f.unread_count, f.deleted_count,
                  (SELECT COUNT(*) FROM messages m WHERE m.folder_id = f.id AND m.deleted = 0),
                  (SELECT COUNT(*) FROM messages m WHERE m.folder_id = f.id AND m.deleted = 0 AND COALESCE(m.flags & 1, 0) = 0),
                  (SELECT COUNT(*) FROM messages m WHERE m.folder_id = f.id AND m.deleted = 1)
                FROM folders f
                """)
            for row in folderCounts {
                let stored = [try row.integer(1), try row.integer(2), try row.integer(3)]
                let actual = [try row.integer(4), try row.integer(5), try row.integer(6)]
                if stored != actual {
                    report.problems.append("folder \(try row.integer(0)) counts \(stored) but holds \(actual) (content, unread, deleted)")
                }
            }

            var references: [BlobHash: Int64] = [:]
            for row in try tx.query("SELECT blob_hash, COUNT(*) FROM attachments WHERE blob_hash IS NOT NULL GROUP BY blob_hash") {
                if let hash = BlobHash(bytes: try row.blob(0)) { references[hash] = try row.integer(1) }
            }
            var rows: [BlobHash: (size: Int64, refcount: Int64)] = [:]
            for row in try tx.query("SELECT hash, size, refcount FROM blobs") {
                if let hash = BlobHash(bytes: try row.blob(0)) { rows[hash] = (try row.integer(1), try row.integer(2)) }
            }
            let onDisk = files
            for (hash, used) in references {
                guard let row = rows[hash] else {
                    report.problems.append("blob \(hash) is referenced \(used)× but has no row")
                    continue
                }
                if row.refcount != used { report.problems.append("blob \(hash) counts \(row.refcount) references, has \(used)") }
                if let size = onDisk[hash] {
                    if size != row.size { report.problems.append("blob \(hash) file has \(size) bytes, expected \(row.size)") }
                } else {
                    report.problems.append("blob \(hash) is referenced but its file is missing")
                }
            }
            for (hash, row) in rows where references[hash] == nil && row.refcount > 0 {
                report.problems.append("blob \(hash) counts \(row.refcount) references but none exist")
            }
            for hash in onDisk.keys.sorted(by: { $0.hex < $1.hex }) where references[hash] == nil {
                report.problems.append("blob file \(hash) is not referenced (orphan)")
            }
            return report
        }
    }
}
