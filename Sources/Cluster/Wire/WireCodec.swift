/// Why a datagram or stream frame could not be decoded.
public struct WireError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of malformation, for metrics.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// Input ended inside a field.
        case truncated
        /// A type or kind byte is not known.
        case unknownType
        /// A field has a value outside its domain (bad UTF-8, bad status, bad family).
        case invalidValue
        /// A count or length exceeds its limit.
        case tooLarge
        /// Bytes remain after the last field.
        case trailingBytes
        /// The protocol version byte is not supported.
        case unsupportedVersion
    }

    /// What went wrong.
    public var code: Code
    /// Which field, for logs.
    public var field: String

    /// An error.
    public init(_ code: Code, _ field: String) { self.code = code; self.field = field }

    public var description: String { "\(code.rawValue) at \(field)" }
}

/// Appends little-endian fields to a byte buffer.
public struct ByteWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8]

    /// An empty writer with room for `capacity` bytes.
    public init(capacity: Int = 256) { bytes = []; bytes.reserveCapacity(capacity) }

    /// Appends one byte.
    public mutating func u8(_ v: UInt8) { bytes.append(v) }
    /// Appends a little-endian 16-bit value.
    public mutating func u16(_ v: UInt16) { bytes.append(UInt8(truncatingIfNeeded: v)); bytes.append(UInt8(v >> 8)) }
    /// Appends a little-endian 32-bit value.
    public mutating func u32(_ v: UInt32) { for s in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: v >> UInt32(s))) } }
    /// Appends a little-endian 64-bit value.
    public mutating func u64(_ v: UInt64) { for s in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: v >> UInt64(s))) } }
    /// Appends raw bytes.
    public mutating func raw<C: Collection>(_ v: C) where C.Element == UInt8 { bytes.append(contentsOf: v) }
    /// Appends a string with a one-byte length (callers keep strings ≤ 255 bytes).
    public mutating func string8(_ s: String) {
        let utf8 = Array(s.utf8.prefix(255)); u8(UInt8(utf8.count)); raw(utf8)
    }
    /// Appends a string with a two-byte length.
    public mutating func string16(_ s: String) {
        let utf8 = Array(s.utf8.prefix(Int(UInt16.max))); u16(UInt16(utf8.count)); raw(utf8)
    }
}

/// Reads little-endian fields with bounds checks; every overrun throws, nothing traps.
public struct ByteReader: Sendable {
    private let bytes: [UInt8]
    /// Position of the next unread byte.
    public private(set) var offset: Int

    /// A reader over `bytes` from `offset`.
    public init(_ bytes: [UInt8], offset: Int = 0) { self.bytes = bytes; self.offset = offset }

    /// Bytes not yet read.
    public var remaining: Int { bytes.count - offset }

    private mutating func need(_ n: Int, _ field: String) throws(WireError) {
        guard n >= 0, n <= remaining else { throw WireError(.truncated, field) }
    }
    /// Reads one byte.
    public mutating func u8(_ field: String) throws(WireError) -> UInt8 {
        try need(1, field); defer { offset += 1 }; return bytes[offset]
    }
    /// Reads a little-endian 16-bit value.
    public mutating func u16(_ field: String) throws(WireError) -> UInt16 {
        try need(2, field); defer { offset += 2 }
        return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }
    /// Reads a little-endian 32-bit value.
    public mutating func u32(_ field: String) throws(WireError) -> UInt32 {
        try need(4, field); defer { offset += 4 }
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(bytes[offset + i]) << UInt32(8 * i) }
        return v
    }
    /// Reads a little-endian 64-bit value.
    public mutating func u64(_ field: String) throws(WireError) -> UInt64 {
        try need(8, field); defer { offset += 8 }
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[offset + i]) << UInt64(8 * i) }
        return v
    }
    /// Reads `n` raw bytes.
    public mutating func raw(_ n: Int, _ field: String) throws(WireError) -> [UInt8] {
        try need(n, field); defer { offset += n }
        return Array(bytes[offset..<offset + n])
    }
    /// Reads a string with a one-byte length; invalid UTF-8 throws.
    public mutating func string8(_ field: String) throws(WireError) -> String {
        let n = Int(try u8(field)); return try utf8(n, field)
    }
    /// Reads a string with a two-byte length; invalid UTF-8 throws.
    public mutating func string16(_ field: String) throws(WireError) -> String {
        let n = Int(try u16(field)); return try utf8(n, field)
    }
    private mutating func utf8(_ n: Int, _ field: String) throws(WireError) -> String {
        let b = try raw(n, field)
        guard let s = String(validating: b, as: UTF8.self) else { throw WireError(.invalidValue, field) }
        return s
    }
    /// Throws unless every byte was consumed.
    public func finish(_ field: String) throws(WireError) {
        guard remaining == 0 else { throw WireError(.trailingBytes, field) }
    }
}

/// The compact binary encoding of packets and stream messages.
///
/// Layout (all integers little-endian): a packet is `version u8 | sender u64 | message |
/// count u8 | broadcasts…`; every message and broadcast starts with a type byte. Addresses are
/// `family u8 (4|6) | 4 or 16 bytes | port u16`. Decoding is total: malformed, truncated or
/// oversized input throws ``WireError`` and never traps. ``WireCodec/encodedSize(of:)`` gives
/// exact sizes without encoding, which the dissemination budget uses on the hot path.
public enum WireCodec {
    /// The packet format version.
    public static let version: UInt8 = 1
    /// Largest member list accepted in a state transfer.
    public static let maximumMembers = 1_000_000
    /// Largest ownership table accepted in a state transfer.
    public static let maximumOwnership = 1_000_000
    /// Bytes of a packet before its message: version, sender, and the broadcast count.
    public static let packetHeaderSize = 1 + 8 + 1

    // MARK: addresses

    static func encode(_ a: MemberAddress, into w: inout ByteWriter) {
        if let v4 = a.ipv4 { w.u8(4); w.u8(UInt8(v4 >> 24)); w.u8(UInt8(v4 >> 16 & 0xFF)); w.u8(UInt8(v4 >> 8 & 0xFF)); w.u8(UInt8(v4 & 0xFF)) }
        else { w.u8(6); w.raw(a.ipv6Bytes) }
        w.u16(a.port)
    }

    static func size(of a: MemberAddress) -> Int { a.isIPv4 ? 7 : 19 }

    static func decodeAddress(_ r: inout ByteReader) throws(WireError) -> MemberAddress {
        switch try r.u8("address.family") {
        case 4:
            let b = try r.raw(4, "address.v4")
            let v4 = UInt32(b[0]) << 24 | UInt32(b[1]) << 16 | UInt32(b[2]) << 8 | UInt32(b[3])
            return MemberAddress(ipv4: v4, port: try r.u16("address.port"))
        case 6:
            let b = try r.raw(16, "address.v6")
            let port = try r.u16("address.port")
            guard let a = MemberAddress(ipv6: b, port: port) else { throw WireError(.invalidValue, "address.v6") }
            return a
        default:
            throw WireError(.invalidValue, "address.family")
        }
    }

    // MARK: metadata

    static func encode(_ m: MemberMetadata, into w: inout ByteWriter) {
        w.string8(m.name)
        w.u8(m.role.rawValue)
        w.string8(m.soapEndpoint)
        w.u8(UInt8(min(m.serversReachable.count, 255)))
        for s in m.serversReachable.prefix(255) { w.string8(s) }
        w.u8((m.health.ready ? 1 : 0) | (m.health.databaseOK ? 2 : 0))
        w.u16(m.health.load)
        w.string8(m.version)
    }

    /// Encoded size of metadata (without id and version).
    public static func size(of m: MemberMetadata) -> Int {
        func s8(_ s: String) -> Int { 1 + min(s.utf8.count, 255) }
        return s8(m.name) + 1 + s8(m.soapEndpoint) + 1 + m.serversReachable.prefix(255).reduce(0) { $0 + s8($1) } + 3 + s8(m.version)
    }

    static func decodeMetadata(_ r: inout ByteReader) throws(WireError) -> MemberMetadata {
        let start = r.offset
        let name = try r.string8("meta.name")
        guard let role = MemberRole(rawValue: try r.u8("meta.role")) else { throw WireError(.invalidValue, "meta.role") }
        let endpoint = try r.string8("meta.endpoint")
        let n = Int(try r.u8("meta.servers"))
        var servers: [String] = []
        servers.reserveCapacity(n)
        for _ in 0..<n { servers.append(try r.string8("meta.server")) }
        let flags = try r.u8("meta.health")
        guard flags & ~3 == 0 else { throw WireError(.invalidValue, "meta.health") }
        let load = try r.u16("meta.load")
        let version = try r.string8("meta.version")
        guard r.offset - start <= MemberMetadata.maximumEncodedSize else { throw WireError(.tooLarge, "meta") }
        return MemberMetadata(
            name: name, role: role, soapEndpoint: endpoint, serversReachable: servers,
            health: MemberHealth(ready: flags & 1 != 0, load: load, databaseOK: flags & 2 != 0), version: version)
    }

    // MARK: broadcasts

    /// Exact encoded size of a broadcast.
    public static func encodedSize(of b: Broadcast) -> Int {
        switch b {
        case .alive(_, _, let address, _): 1 + 8 + 4 + 1 + size(of: address)
        case .suspect, .dead: 1 + 8 + 4 + 8
        case .metadata(_, let v): 1 + 8 + 4 + size(of: v.metadata)
        case .ownership(let e): 1 + 1 + min(e.server.utf8.count, 255) + 8 + 8
        }
    }

    static func encode(_ b: Broadcast, into w: inout ByteWriter) {
        switch b {
        case .alive(let m, let inc, let address, let role):
            w.u8(1); w.u64(m.rawValue); w.u32(inc); w.u8(role.rawValue); encode(address, into: &w)
        case .suspect(let m, let inc, let from):
            w.u8(2); w.u64(m.rawValue); w.u32(inc); w.u64(from.rawValue)
        case .dead(let m, let inc, let from):
            w.u8(3); w.u64(m.rawValue); w.u32(inc); w.u64(from.rawValue)
        case .metadata(let m, let v):
            w.u8(4); w.u64(m.rawValue); w.u32(v.version); encode(v.metadata, into: &w)
        case .ownership(let e):
            w.u8(5); w.string8(e.server); w.u64(e.node.rawValue); w.u64(e.epoch)
        }
    }

    static func decodeBroadcast(_ r: inout ByteReader) throws(WireError) -> Broadcast {
        switch try r.u8("broadcast.type") {
        case 1:
            let m = MemberID(rawValue: try r.u64("alive.member")); let inc = try r.u32("alive.incarnation")
            guard let role = MemberRole(rawValue: try r.u8("alive.role")) else { throw WireError(.invalidValue, "alive.role") }
            return .alive(m, incarnation: inc, address: try decodeAddress(&r), role: role)
        case 2:
            let m = MemberID(rawValue: try r.u64("suspect.member")); let inc = try r.u32("suspect.incarnation")
            return .suspect(m, incarnation: inc, from: MemberID(rawValue: try r.u64("suspect.from")))
        case 3:
            let m = MemberID(rawValue: try r.u64("dead.member")); let inc = try r.u32("dead.incarnation")
            return .dead(m, incarnation: inc, from: MemberID(rawValue: try r.u64("dead.from")))
        case 4:
            let m = MemberID(rawValue: try r.u64("metadata.member")); let version = try r.u32("metadata.version")
            return .metadata(m, VersionedMetadata(version: version, metadata: try decodeMetadata(&r)))
        case 5:
            let server = try r.string8("ownership.server")
            let node = MemberID(rawValue: try r.u64("ownership.node"))
            return .ownership(OwnershipEntry(server: server, node: node, epoch: try r.u64("ownership.epoch")))
        default:
            throw WireError(.unknownType, "broadcast.type")
        }
    }

    // MARK: packets

    /// Exact encoded size of a probe message.
    public static func encodedSize(of m: ProbeMessage) -> Int {
        switch m {
        case .ping: 1 + 4 + 8 + 8
        case .pingRequest(_, _, let address): 1 + 4 + 8 + size(of: address)
        case .ack: 1 + 4 + 8
        case .nack: 1 + 4
        case .gossip: 1
        }
    }

    /// Exact encoded size of a packet.
    public static func encodedSize(of p: Packet) -> Int {
        packetHeaderSize + encodedSize(of: p.message) + p.broadcasts.reduce(0) { $0 + encodedSize(of: $1) }
    }

    /// Encodes a packet (at most 255 broadcasts).
    public static func encode(_ p: Packet) -> [UInt8] {
        precondition(p.broadcasts.count <= 255, "a packet carries at most 255 broadcasts")
        var w = ByteWriter(capacity: encodedSize(of: p))
        w.u8(version); w.u64(p.sender.rawValue)
        switch p.message {
        case .ping(let seq, let target, let digest): w.u8(1); w.u32(seq); w.u64(target.rawValue); w.u64(digest)
        case .pingRequest(let seq, let target, let address): w.u8(2); w.u32(seq); w.u64(target.rawValue); encode(address, into: &w)
        case .ack(let seq, let digest): w.u8(3); w.u32(seq); w.u64(digest)
        case .nack(let seq): w.u8(4); w.u32(seq)
        case .gossip: w.u8(5)
        }
        w.u8(UInt8(p.broadcasts.count))
        for b in p.broadcasts { encode(b, into: &w) }
        return w.bytes
    }

    /// Decodes a packet; throws on any malformation.
    public static func decodePacket(_ bytes: [UInt8]) throws(WireError) -> Packet {
        var r = ByteReader(bytes)
        guard try r.u8("packet.version") == version else { throw WireError(.unsupportedVersion, "packet.version") }
        let sender = MemberID(rawValue: try r.u64("packet.sender"))
        let message: ProbeMessage
        switch try r.u8("message.type") {
        case 1:
            let seq = try r.u32("ping.sequence"); let target = MemberID(rawValue: try r.u64("ping.target"))
            message = .ping(sequence: seq, target: target, digest: try r.u64("ping.digest"))
        case 2:
            let seq = try r.u32("pingRequest.sequence"); let target = MemberID(rawValue: try r.u64("pingRequest.target"))
            message = .pingRequest(sequence: seq, target: target, address: try decodeAddress(&r))
        case 3:
            let seq = try r.u32("ack.sequence")
            message = .ack(sequence: seq, digest: try r.u64("ack.digest"))
        case 4: message = .nack(sequence: try r.u32("nack.sequence"))
        case 5: message = .gossip
        default: throw WireError(.unknownType, "message.type")
        }
        let count = Int(try r.u8("packet.count"))
        var broadcasts: [Broadcast] = []
        broadcasts.reserveCapacity(count)
        for _ in 0..<count { broadcasts.append(try decodeBroadcast(&r)) }
        try r.finish("packet")
        return Packet(sender: sender, message: message, broadcasts: broadcasts)
    }

    // MARK: streams

    /// Encodes a stream message (the shell adds length framing and encryption).
    public static func encode(_ m: StreamMessage) -> [UInt8] {
        var w = ByteWriter(capacity: 1024)
        w.u8(version)
        switch m {
        case .syncRequest(let sender, let d):
            w.u8(1); w.u64(sender.rawValue); w.u64(d.membership); w.u64(d.metadata); w.u64(d.ownership)
        case .state(let t):
            w.u8(2); w.u64(t.sender.rawValue); w.u64(t.digest.membership); w.u64(t.digest.metadata); w.u64(t.digest.ownership)
            w.u8((t.wantsReply ? 1 : 0) | (t.members != nil ? 2 : 0) | (t.metadata != nil ? 4 : 0) | (t.ownership != nil ? 8 : 0))
            if let members = t.members {
                w.u32(UInt32(members.count))
                for m in members {
                    w.u64(m.id.rawValue); w.u32(m.incarnation); w.u8(m.status.rawValue); w.u8(m.role.rawValue)
                    encode(m.address, into: &w)
                }
            }
            if let metadata = t.metadata {
                w.u32(UInt32(metadata.count))
                for (id, v) in metadata.sorted(by: { $0.key < $1.key }) {
                    w.u64(id.rawValue); w.u32(v.version); encode(v.metadata, into: &w)
                }
            }
            if let ownership = t.ownership {
                w.u32(UInt32(ownership.count))
                for e in ownership { w.string8(e.server); w.u64(e.node.rawValue); w.u64(e.epoch) }
            }
        }
        return w.bytes
    }

    /// Decodes a stream message; throws on any malformation.
    public static func decodeStream(_ bytes: [UInt8]) throws(WireError) -> StreamMessage {
        var r = ByteReader(bytes)
        guard try r.u8("stream.version") == version else { throw WireError(.unsupportedVersion, "stream.version") }
        let type = try r.u8("stream.type")
        let sender = MemberID(rawValue: try r.u64("stream.sender"))
        let digest = StateDigest(
            membership: try r.u64("digest.membership"), metadata: try r.u64("digest.metadata"),
            ownership: try r.u64("digest.ownership"))
        switch type {
        case 1:
            try r.finish("syncRequest")
            return .syncRequest(sender: sender, digest: digest)
        case 2:
            let flags = try r.u8("state.flags")
            guard flags & ~15 == 0 else { throw WireError(.invalidValue, "state.flags") }
            var t = StateTransfer(sender: sender, digest: digest, wantsReply: flags & 1 != 0)
            if flags & 2 != 0 {
                let n = Int(try r.u32("state.members"))
                guard n <= maximumMembers, n * 14 <= r.remaining else { throw WireError(.tooLarge, "state.members") }
                var members: [MemberRecord] = []
                members.reserveCapacity(n)
                for _ in 0..<n {
                    let id = MemberID(rawValue: try r.u64("member.id")); let inc = try r.u32("member.incarnation")
                    guard let status = MemberStatus(rawValue: try r.u8("member.status")) else { throw WireError(.invalidValue, "member.status") }
                    guard let role = MemberRole(rawValue: try r.u8("member.role")) else { throw WireError(.invalidValue, "member.role") }
                    members.append(MemberRecord(id: id, address: try decodeAddress(&r), role: role, incarnation: inc, status: status))
                }
                t.members = members
            }
            if flags & 4 != 0 {
                let n = Int(try r.u32("state.metadata"))
                guard n <= maximumMembers, n * 20 <= r.remaining else { throw WireError(.tooLarge, "state.metadata") }
                var metadata: [MemberID: VersionedMetadata] = [:]
                metadata.reserveCapacity(n)
                for _ in 0..<n {
                    let id = MemberID(rawValue: try r.u64("metadata.id")); let version = try r.u32("metadata.version")
                    metadata[id] = VersionedMetadata(version: version, metadata: try decodeMetadata(&r))
                }
                t.metadata = metadata
            }
            if flags & 8 != 0 {
                let n = Int(try r.u32("state.ownership"))
                guard n <= maximumOwnership, n * 17 <= r.remaining else { throw WireError(.tooLarge, "state.ownership") }
                var ownership: [OwnershipEntry] = []
                ownership.reserveCapacity(n)
                for _ in 0..<n {
                    let server = try r.string8("ownership.server"); let node = MemberID(rawValue: try r.u64("ownership.node"))
                    ownership.append(OwnershipEntry(server: server, node: node, epoch: try r.u64("ownership.epoch")))
                }
                t.ownership = ownership
            }
            try r.finish("state")
            return .state(t)
        default:
            throw WireError(.unknownType, "stream.type")
        }
    }

    /// Encoded size of a stream message (encodes it; streams are rare).
    public static func encodedSize(of m: StreamMessage) -> Int { encode(m).count }
}
