import MAPI

/// A MAPI entry id as Tessera issues it: 4 flag bytes (zero), the store GUID, a version byte,
/// the object kind and the object's source key. It identifies an object in any server, and keeps
/// working when the store moves (ARCHITECTURE §6).
public struct EntryID: Hashable, Sendable, CustomStringConvertible {
    /// What an entry id points at.
    public enum Kind: UInt8, Sendable {
        case store = 1
        case folder = 3
        case message = 5
    }

    /// The store the object lives in.
    public let store: GUID
    /// What kind of object.
    public let kind: Kind
    /// The object's source key (nil for the store itself).
    public let sourceKey: SourceKey?

    static let version: UInt8 = 1

    public init(store: GUID, kind: Kind, sourceKey: SourceKey?) {
        precondition((kind == .store) == (sourceKey == nil), "only store entry ids lack a source key")
        self.store = store
        self.kind = kind
        self.sourceKey = sourceKey
    }

    /// The wire form: 22 bytes for a store, 44 for a folder or message.
    public var bytes: [UInt8] {
        [0, 0, 0, 0] + store.bytes + [Self.version, kind.rawValue] + (sourceKey?.bytes ?? [])
    }

    /// Parses the wire form; `MAPI_E_INVALID_PARAMETER` for anything that is not an entry id of ours.
    public init(bytes: [UInt8]) throws(MAPIError) {
        guard bytes.count == 22 || bytes.count == 44, bytes[0..<4].allSatisfy({ $0 == 0 }),
            bytes[20] == Self.version, let kind = Kind(rawValue: bytes[21]),
            (kind == .store) == (bytes.count == 22)
        else { throw MAPIError(.invalidParameter, "not a Tessera entry id (\(bytes.count) bytes)") }
        self.store = GUID(bytes: bytes[4..<20])!
        self.kind = kind
        self.sourceKey = bytes.count == 44 ? SourceKey(bytes: Array(bytes[22..<44])) : nil
    }

    public var description: String { hexString(bytes) }
}
