import SOAP

/// An ICS sync state: opaque bytes the server hands out with each batch of changes and takes
/// back to send only what changed since. Keep it with ``SyncStateStore``.
public struct SyncState: Sendable, Hashable, CustomStringConvertible {
    /// The bytes as the server sent them.
    public let bytes: [UInt8]

    /// Wraps bytes the server sent.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Parses the base64 form; nil when it is not base64.
    public init?(base64: String) {
        guard let bytes = Base64.decode(base64) else { return nil }
        self.bytes = bytes
    }

    /// Standard base64.
    public var base64: String { Base64.encode(bytes) }

    /// The base64 form.
    public var description: String { base64 }
}

/// One change reported by ``Folder/sync(state:)``.
public struct FolderChange: Sendable, Hashable {
    /// What happened: `upsert` (created or modified: ``properties`` hold the object's state),
    /// `delete` (``hardDelete`` says whether it is gone for good) or `readState` (``read``).
    public typealias Kind = SyncChange.Kind

    /// What happened.
    public var kind: Kind
    /// The object's source key (stable identity for sync).
    public var sourceKey: [UInt8]
    /// The object's entry id, when the properties carry it.
    public var entryID: EntryID? { properties[.entryID] }
    /// The object's properties (upserts).
    public var properties: PropertyBag
    /// The new read state (read-state changes).
    public var read: Bool?
    /// Whether a deletion is hard.
    public var hardDelete: Bool

    init(_ change: SyncChange) {
        kind = change.kind
        sourceKey = change.sourceKey
        properties = PropertyBag(change.properties ?? [])
        read = change.read
        hardDelete = change.hard ?? false
    }
}

/// What a sync returns: the changes since the state it was given, and the state to keep.
public struct SyncResult: Sendable, Hashable {
    /// The changes, oldest first.
    public var changes: [FolderChange]
    /// The state to store (after the changes were processed) and pass to the next sync.
    public var state: SyncState
}
