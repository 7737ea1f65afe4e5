import MAPI

/// Where an ICS client stands in a folder's (or a store's hierarchy's) change stream: the last
/// change number it has received. Opaque to clients; 9 bytes on the wire (version + number), or
/// 17 while an export is followed batch by batch (see ``baseline``).
public struct SyncState: Hashable, Sendable {
    /// The newest change number already delivered.
    public var changeNumber: Int64
    /// Where the export this state is part of began: the client has every message whose change
    /// number is at or below it in that version. Between the batches of one export a message the
    /// client has not received yet can move past ``changeNumber`` (a read-state change gives it a
    /// new position), so only this number tells whether a read-state change alone is enough.
    /// Equal to ``changeNumber`` once an export has been followed to its end.
    public private(set) var baseline: Int64

    /// The state of a client that has nothing yet.
    public static let initial = SyncState(changeNumber: 0)

    /// The state of a client that has received everything up to `changeNumber`.
    public init(changeNumber: Int64) {
        self.changeNumber = changeNumber
        self.baseline = changeNumber
    }

    /// A state part way through an export (`baseline` at most `changeNumber`).
    init(changeNumber: Int64, baseline: Int64) {
        self.changeNumber = changeNumber
        self.baseline = baseline
    }

    static let version: UInt8 = 1
    static let versionWithBaseline: UInt8 = 2

    /// The opaque wire form.
    public var bytes: [UInt8] {
        guard baseline != changeNumber else { return [Self.version] + littleEndianBytes(changeNumber, count: 8) }
        return [Self.versionWithBaseline] + littleEndianBytes(changeNumber, count: 8) + littleEndianBytes(baseline, count: 8)
    }

    /// Parses the wire form; an empty state is the initial one.
    public init(bytes: [UInt8]) throws(MAPIError) {
        if bytes.isEmpty {
            self = .initial
            return
        }
        switch (bytes[0], bytes.count) {
        case (Self.version, 9):
            let number = fromLittleEndian(bytes[1..<9])
            guard number >= 0 else { throw MAPIError(.invalidParameter, "sync state has a negative change number") }
            self.init(changeNumber: number)
        case (Self.versionWithBaseline, 17):
            let number = fromLittleEndian(bytes[1..<9])
            let baseline = fromLittleEndian(bytes[9..<17])
            guard baseline >= 0, baseline <= number else {
                throw MAPIError(.invalidParameter, "sync state has a baseline outside 0…\(number)")
            }
            self.init(changeNumber: number, baseline: baseline)
        default:
            throw MAPIError(.invalidParameter, "not a Tessera sync state (\(bytes.count) bytes)")
        }
    }
}

/// One change in a folder's contents, as ICS export reports it.
public enum ContentChange: Sendable {
    /// A message that is new or changed since the state: its current version in full.
    case upsert(sourceKey: SourceKey, message: Message)
    /// Only the read flag changed.
    case readState(sourceKey: SourceKey, read: Bool)
    /// The message left the folder: deleted (soft or hard) or moved away.
    case deletion(sourceKey: SourceKey, soft: Bool)

    /// The source key the change is about.
    public var sourceKey: SourceKey {
        switch self {
        case .upsert(let key, _), .readState(let key, _), .deletion(let key, _): key
        }
    }
}

/// One change in a store's folder hierarchy.
public enum HierarchyChange: Sendable {
    /// A folder that is new or changed (moved, renamed…) since the state: its properties,
    /// including PR_SOURCE_KEY and PR_PARENT_SOURCE_KEY.
    case upsert(sourceKey: SourceKey, properties: PropertySet)
    /// The folder was deleted.
    case deletion(sourceKey: SourceKey)
}

/// A batch of changes and the state to ask from next.
public struct ChangeBatch<Change: Sendable>: Sendable {
    /// The changes, oldest first.
    public var changes: [Change]
    /// The state after these changes; store it and ask again from it.
    public var state: SyncState
    /// Whether more changes wait beyond this batch.
    public var hasMore: Bool
}

/// What happened to an imported change.
public enum ImportOutcome: Sendable, Equatable {
    /// The change was applied; the object now has this change key.
    case applied(ChangeKey)
    /// The server already had this version or a newer one that includes it; nothing changed.
    case ignored
    /// Both sides changed the object independently. The newer version (by modification time;
    /// on a tie the imported one) is now the object; the other is kept as a conflict copy in
    /// the same folder, listed in the winner's PR_CONFLICT_ITEMS.
    case conflict(winner: ChangeKey, copy: EntryID)
    /// A folder changed on both sides: the newer version (by modification time; on a tie the
    /// imported one) won. Folders have no conflict copies; their contents are never touched.
    case folderConflict(winner: ChangeKey)
}
