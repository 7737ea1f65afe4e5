import MAPI

/// An object's ICS identity: the GUID of the server that created it plus a 6-byte little-endian
/// counter (Kopano's scheme). It never changes, also when the store moves to another server.
///
/// Tessera takes the counter from the store's own counter (`stores.next_counter`), so a source
/// key is unique within its store; entry ids add the store GUID for global uniqueness.
public struct SourceKey: Hashable, Sendable, CustomStringConvertible {
    /// The 22 bytes as stored and sent.
    public let bytes: [UInt8]

    /// Builds a key from the creating server's GUID and a counter value.
    public init(server: GUID, counter: Int64) {
        self.bytes = server.bytes + littleEndianBytes(counter, count: 6)
    }

    /// Wraps 22 bytes; nil for any other length.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 22 else { return nil }
        self.bytes = bytes
    }

    /// The GUID of the server that created the object.
    public var server: GUID { GUID(bytes: bytes[0..<16])! }

    /// The counter part.
    public var counter: Int64 { fromLittleEndian(bytes[16..<22]) }

    public var description: String { hexString(bytes) }
}

/// A change key (XID): the GUID of the server that made a change plus its change number.
public struct ChangeKey: Hashable, Sendable, CustomStringConvertible {
    /// Who made the change.
    public let server: GUID
    /// The change number within that server's numbering for the store.
    public let changeNumber: Int64

    public init(server: GUID, changeNumber: Int64) {
        self.server = server
        self.changeNumber = changeNumber
    }

    /// The wire form: 16 GUID bytes + 6 bytes little-endian change number.
    public var bytes: [UInt8] { server.bytes + littleEndianBytes(changeNumber, count: 6) }

    /// Parses a 17…24-byte XID (GUID + 1…8 bytes little-endian).
    public init?(bytes: some Collection<UInt8>) {
        let all = Array(bytes)
        guard all.count > 16, all.count <= 24, let guid = GUID(bytes: all[0..<16]) else { return nil }
        self.server = guid
        self.changeNumber = fromLittleEndian(all[16...])
    }

    public var description: String { "\(server):\(changeNumber)" }
}

/// PR_PREDECESSOR_CHANGE_LIST: for each server that changed an object, the newest change number
/// seen from it. A version *includes* another when it has seen all of the other's changes.
public struct PredecessorChangeList: Hashable, Sendable {
    /// Newest change number per server GUID.
    public private(set) var entries: [GUID: Int64]

    public init(_ entries: [GUID: Int64] = [:]) { self.entries = entries }

    /// Adds a change, keeping the newest number per server.
    public mutating func add(_ key: ChangeKey) {
        entries[key.server] = max(entries[key.server] ?? 0, key.changeNumber)
    }

    /// Whether every change in `other` is known here (so `other` is an ancestor or the same).
    public func includes(_ other: PredecessorChangeList) -> Bool {
        other.entries.allSatisfy { (entries[$0.key] ?? -1) >= $0.value }
    }

    /// Whether a change key is known here.
    public func includes(_ key: ChangeKey) -> Bool { (entries[key.server] ?? -1) >= key.changeNumber }

    /// Union of both histories (newest per server).
    public func merged(with other: PredecessorChangeList) -> PredecessorChangeList {
        PredecessorChangeList(entries.merging(other.entries, uniquingKeysWith: max))
    }

    /// Wire form: a sequence of (1-byte length, XID), sorted by GUID for a stable encoding.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        for (guid, number) in entries.sorted(by: { $0.key < $1.key }) {
            let xid = ChangeKey(server: guid, changeNumber: number).bytes
            out.append(UInt8(xid.count))
            out += xid
        }
        return out
    }

    /// Parses the wire form; nil when malformed.
    public init?(bytes: [UInt8]) {
        var entries: [GUID: Int64] = [:]
        var index = 0
        while index < bytes.count {
            let length = Int(bytes[index])
            index += 1
            guard index + length <= bytes.count, let key = ChangeKey(bytes: bytes[index..<(index + length)]) else {
                return nil
            }
            entries[key.server] = max(entries[key.server] ?? 0, key.changeNumber)
            index += length
        }
        self.entries = entries
    }
}

func littleEndianBytes(_ value: Int64, count: Int) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
}

func fromLittleEndian(_ bytes: some Collection<UInt8>) -> Int64 {
    var value: Int64 = 0
    for (shift, byte) in bytes.enumerated() { value |= Int64(byte) << (8 * shift) }
    return value
}

func hexString(_ bytes: some Sequence<UInt8>) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out = [UInt8]()
    for byte in bytes {
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 0xF)])
    }
    return String(decoding: out, as: UTF8.self)
}
